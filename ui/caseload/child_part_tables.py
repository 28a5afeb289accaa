"""Read-only tables of a child's periods of care, placements and key people, in the child form.

Rows are shown in the order of the child's lists, so a problem the core reports for
``placements[1]`` lands on the second row here.
"""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import KeyPerson, PeriodOfCare, Placement

from ui.common.formatting import code_with_words, uk_date
from ui.common.list_table_model import Column, ListTableModel

T = TypeVar("T")


class RecordTableModel(ListTableModel[T]):
    """One of the child's lists, with the core's problems marked on their rows."""

    def __init__(self, columns: list[Column], parent=None) -> None:
        super().__init__(columns, parent=parent)
        self._problems: dict[int, list[str]] = {}

    def set_items(self, items: list[T]) -> None:
        # The dialog edits this very list and then calls refresh(): keep it, not a copy.
        self.beginResetModel()
        self._rows = items
        self.endResetModel()

    def refresh(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def set_problems(self, problems: dict[int, list[str]]) -> None:
        self.beginResetModel()
        self._problems = problems
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        problems = self._problems.get(index.row()) if index.isValid() else None
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.row() < len(self._rows):
            text = self.columns[index.column()].text(self._rows[index.row()])
            return "\n".join(([text] if text else []) + (problems or [])) or None
        if role == Qt.ItemDataRole.DecorationRole and problems and index.column() == 0:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return super().data(index, role)


def _ended(end) -> str:
    return uk_date(end) if end else "Current"


PERIOD_COLUMNS: list[Column] = [
    Column("Became looked after", lambda p: uk_date(p.start_date)),
    Column("Legal status", lambda p: code_with_words(codes.LEGAL_STATUSES, p.legal_status)),
    Column("Ended", lambda p: _ended(p.end_date)),
]

PLACEMENT_COLUMNS: list[Column] = [
    Column("Started", lambda p: uk_date(p.start_date)),
    Column("Type", lambda p: code_with_words(codes.PLACEMENT_TYPES, p.placement_type)),
    Column("Carer or home", lambda p: p.carer_name or ""),
    Column("Area", lambda p: (p.area or "") + (" (out of area)" if p.out_of_area else "")),
    Column("Postcode district", lambda p: p.postcode_district or ""),
    Column("Ended", lambda p: _ended(p.end_date)),
]

KEY_PERSON_COLUMNS: list[Column] = [
    Column("Role", lambda k: codes.KEY_PERSON_ROLES.get(k.role, k.role or "")),
    Column("Name", lambda k: k.name or ""),
    Column("Contact", lambda k: k.contact or ""),
]


def period_model(parent=None) -> RecordTableModel[PeriodOfCare]:
    return RecordTableModel(PERIOD_COLUMNS, parent)


def placement_model(parent=None) -> RecordTableModel[Placement]:
    return RecordTableModel(PLACEMENT_COLUMNS, parent)


def key_person_model(parent=None) -> RecordTableModel[KeyPerson]:
    return RecordTableModel(KEY_PERSON_COLUMNS, parent)
