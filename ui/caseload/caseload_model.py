"""The caseload list as Qt models: one table row per ChildSummary, and a searchable, sortable view.

The rows come whole from ``repository.list_children``; nothing here decides who is on the
caseload or what a code means.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt,
)
from PySide6.QtGui import QFont

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import ChildSummary

from ui.common.formatting import uk_date

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 2

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


# (heading, display text, sort key, tooltip)
COLUMNS: list[tuple[str, Callable[[ChildSummary], str], Callable[[ChildSummary], Any],
                    Callable[[ChildSummary], str | None]]] = [
    ("Name", _name, lambda r: r.display_name.casefold(), lambda r: None),
    ("ID", lambda r: r.child_id, lambda r: r.child_id.casefold(), lambda r: None),
    ("Age", lambda r: str(r.age), lambda r: r.age, lambda r: f"Born {uk_date(r.date_of_birth)}"),
    ("Legal status", lambda r: r.legal_status or "", lambda r: r.legal_status or "",
     lambda r: codes.LEGAL_STATUSES.get(r.legal_status or "")),
    ("Placement", lambda r: r.placement_type or "", lambda r: r.placement_type or "",
     lambda r: codes.PLACEMENT_TYPES.get(r.placement_type or "")),
    ("Area", _area, lambda r: (r.placement_area or "").casefold(),
     lambda r: "Placed outside your council's area" if r.out_of_area else None),
    ("Social worker", lambda r: r.social_worker_name or "",
     lambda r: (r.social_worker_name or "").casefold(), lambda r: None),
    ("Last review", lambda r: uk_date(r.last_review_date), lambda r: _sortable_date(r.last_review_date),
     lambda r: None),
]
NAME, CHILD_ID, AGE, LEGAL, PLACEMENT, AREA, SOCIAL_WORKER, LAST_REVIEW = range(len(COLUMNS))
SEARCHED_COLUMNS = (NAME, CHILD_ID, AREA, SOCIAL_WORKER)


class CaseloadTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ChildSummary] = []

    def set_rows(self, rows: list[ChildSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: list[ChildSummary], child_ids: frozenset[str]) -> None:
        """Bring the rows of ``child_ids`` up to date from ``rows`` (those of them still on the
        list): changed in place, added or removed, leaving every other row, and the selection, be."""
        fresh = {r.child_id: r for r in rows}
        for child_id in sorted(child_ids):
            i, row = self.row_for(child_id), fresh.get(child_id)
            if i is None and row is not None:
                n = len(self._rows)
                self.beginInsertRows(QModelIndex(), n, n)
                self._rows.append(row)
                self.endInsertRows()
            elif i is not None and row is None:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
            elif i is not None and row is not None:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def clear(self) -> None:
        self.set_rows([])

    def row_for(self, child_id: str) -> int | None:
        for i, r in enumerate(self._rows):
            if r.child_id == child_id:
                return i
        return None

    def summary(self, row: int) -> ChildSummary:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        _heading, text, key, tip = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(row)
        if role == SORT_ROLE:
            return key(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(row)
        if role == CHILD_ID_ROLE:
            return row.child_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == AGE:
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
