"""The caseload list as Qt models: one table row per ChildSummary, and a searchable, sortable view.

The rows come whole from ``repository.list_children``; nothing here decides who is on the
caseload or what a code means.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import ChildSummary

from ui.common.formatting import uk_date
from ui.common.list_table_model import ID_ROLE, SORT_ROLE, Column, ListTableModel

CHILD_ID_ROLE = ID_ROLE

OUT_OF_AREA = "out of area"
NOT_ALLOCATED = "not allocated"

_Index = QModelIndex | QPersistentModelIndex


def _area(row: ChildSummary) -> str:
    area = row.placement_area or ""
    if row.out_of_area:
        # In words, not colour alone: the marker must survive a black-and-white print or a screen reader.
        return f"{area} ({OUT_OF_AREA})" if area else OUT_OF_AREA.capitalize()
    return area


def _name(row: ChildSummary) -> str:
    return row.display_name if row.allocated else f"{row.display_name} ({NOT_ALLOCATED})"


def _sortable_date(d: date | None) -> str:
    return d.isoformat() if d else ""


COLUMNS: list[Column[ChildSummary]] = [
    Column("Name", _name, lambda r: r.display_name.casefold()),
    Column("ID", lambda r: r.child_id, lambda r: r.child_id.casefold()),
    Column("Age", lambda r: str(r.age), lambda r: r.age, lambda r: f"Born {uk_date(r.date_of_birth)}"),
    Column("Legal status", lambda r: r.legal_status or "", lambda r: r.legal_status or "",
           lambda r: codes.LEGAL_STATUSES.get(r.legal_status or "")),
    Column("Placement", lambda r: r.placement_type or "", lambda r: r.placement_type or "",
           lambda r: codes.PLACEMENT_TYPES.get(r.placement_type or "")),
    Column("Area", _area, lambda r: (r.placement_area or "").casefold(),
           lambda r: "Placed outside your council's area" if r.out_of_area else None),
    Column("Social worker", lambda r: r.social_worker_name or "", lambda r: (r.social_worker_name or "").casefold()),
    Column("Last review", lambda r: uk_date(r.last_review_date), lambda r: _sortable_date(r.last_review_date)),
]
NAME, CHILD_ID, AGE, LEGAL, PLACEMENT, AREA, SOCIAL_WORKER, LAST_REVIEW = range(len(COLUMNS))
SEARCHED_COLUMNS = (NAME, CHILD_ID, AREA, SOCIAL_WORKER)


class CaseloadTableModel(ListTableModel[ChildSummary]):
    """One row per child; ``update_rows`` and ``row_for`` go by child id."""

    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, lambda r: r.child_id, parent)

    def summary(self, row: int) -> ChildSummary:
        return self.row(row)

    def more_data(self, row: ChildSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and not row.allocated:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class CaseloadFilter(QSortFilterProxyModel):
    """Sorts by the real values (age as a number, dates in order) and filters by the search box.

    Every word typed must appear somewhere in the name, id, area or social worker.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._terms: list[str] = []

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._terms = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self._terms:
            return True
        model = self.sourceModel()
        hay = " ".join(str(model.data(model.index(source_row, c, source_parent)) or "")
                       for c in SEARCHED_COLUMNS).casefold()
        return all(term in hay for term in self._terms)
