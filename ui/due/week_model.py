"""Due items (``week.WeekItem``) as a Qt table: status in words and icon, child, item, date, days.

The rows arrive already chosen and ordered by the core (``iro_desktop.caseload.week``); this
model only shows them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from iro_desktop.caseload.week import WeekItem

from ui.common import status_style
from ui.common.formatting import uk_date

CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the same role number as the caseload model's
ITEM_ROLE = Qt.ItemDataRole.UserRole + 3

STATUS, CHILD, WHAT, DATE, WHEN = range(5)
HEADINGS = ["Status", "Child", "What", "Date", "Working days"]

_Index = QModelIndex | QPersistentModelIndex


def day_and_date(value) -> str:
    return f"{value:%a} {uk_date(value)}"


class WeekTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[WeekItem] = []

    def set_items(self, items: list[WeekItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def clear(self) -> None:
        self.set_items([])

    def item(self, row: int) -> WeekItem:
        return self._items[row]

    def items(self) -> list[WeekItem]:
        return list(self._items)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADINGS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                STATUS: status_style.words(item.status),
                CHILD: item.name,
                WHAT: item.words,
                DATE: day_and_date(item.due),
                WHEN: item.when_words,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHILD:
                return f"Council id {item.child_id}"
            if column == WHAT:  # the whole text, which a narrow window cuts short
                held = f" (for the review held on {uk_date(item.review_date)})" if item.review_date else ""
                return item.words + held
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (f"{status_style.words(item.status)}: {item.name}, {item.words}, "
                    f"{day_and_date(item.due)}, {item.when_words}")
        if column == STATUS:
            if role == Qt.ItemDataRole.DecorationRole:
                return status_style.icon(item.status)
            if role == Qt.ItemDataRole.BackgroundRole:
                return status_style.tint(item.status)
            if role == Qt.ItemDataRole.ForegroundRole:
                return status_style.text_colour(item.status)
        if role == CHILD_ID_ROLE:
            return item.child_id
        if role == ITEM_ROLE:
            return item
        return None
