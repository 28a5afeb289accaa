"""A read-only Qt table over a Python list of rows, its columns given as a list of ``Column``.

Each column says its heading, the text a row shows in it, and optionally its tooltip and the
value it sorts by (given for ``SORT_ROLE``, so a ``QSortFilterProxyModel`` sorts ages as numbers
and dates in order). ``ID_ROLE`` gives a row's id (``row_id``), the same role number in every
table, so a view can ask any of them which child a row is. A table with more to show (a font,
an icon, a colour) overrides ``more_data``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Sequence, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    heading: str
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str | None] = lambda row: None
    spoken: Callable[[Row], str | None] | None = None  # what a screen reader says, if not the text


class ListTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, columns: Sequence[Column[Row]], row_id: Callable[[Row], str] | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._row_id = row_id
        self._rows: list[Row] = []

    # ---- the rows --------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, number: int) -> Row:
        return self._rows[number]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_for(self, row_id: str) -> int | None:
        """The number of the row whose id is ``row_id``, or None. This and ``update_rows`` are
        for tables whose ids are one a row (the caseload's children; not what is due, where a
        child has many rows)."""
        assert self._row_id is not None, "this table's rows have no id"
        return next((i for i, r in enumerate(self._rows) if self._row_id(r) == row_id), None)

    def update_rows(self, rows: Sequence[Row], row_ids: frozenset[str]) -> None:
        """Bring the rows of ``row_ids`` up to date from ``rows`` (those of them still in the
        table): changed in place, added at the end or removed, leaving every other row, and the
        selection, be."""
        assert self._row_id is not None, "this table's rows have no id"
        fresh = {self._row_id(r): r for r in rows}
        for row_id in sorted(row_ids):
            i, row = self.row_for(row_id), fresh.get(row_id)
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
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))

    # ---- Qt's side -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].heading
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and column.spoken is not None:
            return column.spoken(row) or column.text(row)
        if role == SORT_ROLE and column.sort_key is not None:
            return column.sort_key(row)
        if role == ID_ROLE and self._row_id is not None:
            return self._row_id(row)
        return self.more_data(row, index.column(), role)

    def more_data(self, row: Row, column: int, role: int) -> Any:
        """What else a cell shows for ``role``; None for nothing."""
        return None
