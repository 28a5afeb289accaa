"""The Escalations tab's tables: escalations, good-practice notifications, quality ratings.

The rows and their words come from the core (``iro_desktop.escalations.screen``); these models
only show them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from iro_desktop.escalations import codes, screen
from iro_desktop.escalations.good_practice import REVIEW_MARK, GoodPractice, QualityRating
from iro_desktop.escalations.model import Escalation
from iro_desktop.reviews.codes import RAG

from ui.common.formatting import uk_date
from ui.common.list_table_model import Column, ListTableModel

ROW_ROLE = Qt.ItemDataRole.UserRole + 5


class EscalationTableModel(ListTableModel[Escalation]):
    def __init__(self, parent=None) -> None:
        self.names: dict[str, str] = {}
        self.today = date.today()
        super().__init__([
            Column("Raised", lambda e: uk_date(e.raised_on)),
            Column("Child", lambda e: self.names.get(e.child_id, e.child_id),
                   tooltip=lambda e: f"Council id {e.child_id}"),
            Column("Theme", lambda e: codes.THEMES.get(e.theme, e.theme)),
            Column("Stage", lambda e: e.current_step.stage_label),
            Column("Where it stands", lambda e: screen.where_words(e, self.today)),
            Column("Outcome", lambda e: codes.OUTCOMES.get(e.outcome, "") if e.outcome else ""),
        ], lambda e: str(e.id), parent)

    def more_data(self, row: Escalation, column: int, role: int) -> Any:
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (f"Raised {uk_date(row.raised_on)}, {self.names.get(row.child_id, row.child_id)}, "
                    f"{codes.THEMES.get(row.theme, row.theme)}, {row.current_step.stage_label}, "
                    f"{screen.where_words(row, self.today)}")
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.is_overdue(self.today):
            return QColor("#b3261e")
        return None


def _about(g: GoodPractice) -> str:
    words = codes.ABOUT.get(g.about, g.about)
    return words + (" (marked at a review)" if g.source == REVIEW_MARK else "")


class GoodPracticeModel(ListTableModel[GoodPractice]):
    def __init__(self, parent=None) -> None:
        self.names: dict[str, str] = {}
        super().__init__([
            Column("Noted", lambda g: uk_date(g.noted_on)),
            Column("About", _about),
            Column("Who", lambda g: g.who),
            Column("What", lambda g: g.what.replace("\n", " "), tooltip=lambda g: g.what),
            Column("Child", lambda g: self.names.get(g.child_id, g.child_id) if g.child_id else ""),
        ], lambda g: str(g.id), parent)

    def more_data(self, row: GoodPractice, column: int, role: int) -> Any:
        return row if role == ROW_ROLE else None


def _rag(value: str | None) -> str:
    return RAG.get(value, value) if value else "Not rated"


class RatingsModel(ListTableModel[QualityRating]):
    def __init__(self, parent=None) -> None:
        self.names: dict[str, str] = {}
        super().__init__([
            Column("Review", lambda q: uk_date(q.review_date)),
            Column("Child", lambda q: self.names.get(q.child_id, q.child_id)),
            Column("Care planning", lambda q: _rag(q.care_planning)),
            Column("Preparation", lambda q: _rag(q.preparation)),
            Column("From", lambda q: "Review record" if q.record_id else "Imported history"),
        ], None, parent)
