"""Due items (``week.WeekItem``) as a Qt table: status in words and icon, child, item, date, days.

The rows arrive already chosen and ordered by the core (``iro_desktop.caseload.week``); this
model only shows them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from iro_desktop.caseload import week
from iro_desktop.caseload.due import BOOKED
from iro_desktop.caseload.week import MEETING, WeekItem
from iro_desktop.timescales import ON_TRACK

from ui.common import status_style
from ui.common.formatting import uk_date
from ui.common.list_table_model import ID_ROLE, Column, ListTableModel

CHILD_ID_ROLE = ID_ROLE  # the same role number as the caseload model's
ITEM_ROLE = Qt.ItemDataRole.UserRole + 3

STATUS, CHILD, WHAT, DATE, WHEN = range(5)


def day_and_date(value) -> str:
    return f"{value:%a} {uk_date(value)}"


def date_words(item: WeekItem) -> str:
    """The limit, and on a weekend or bank holiday the working day before it: "Sat 05/09/2026, by Fri 4 Sep"."""
    return f"{day_and_date(item.due)}, {item.by_words}" if item.by_words else day_and_date(item.due)


def _what_in_full(item: WeekItem) -> str:
    """The whole text, which a narrow window cuts short."""
    held = f" (for the review held on {uk_date(item.review_date)})" if item.review_date else ""
    return f"{item.words}{held}: due {date_words(item)}"


def look(item: WeekItem) -> str:
    """The sign a row wears: a booked meeting is not a deadline, never "on track" or "overdue"."""
    return BOOKED if item.kind == MEETING else item.status


def day_look(items: list[WeekItem]) -> str:
    """A day's sign on the calendar: its most urgent deadline, or "booked" for meetings alone."""
    return week.worst_status(i for i in items if i.kind != MEETING) or (BOOKED if items else ON_TRACK)


def status_words(item: WeekItem) -> str:
    return status_style.words(look(item))


COLUMNS: list[Column[WeekItem]] = [
    Column("Status", status_words),
    Column("Child", lambda item: item.name, tooltip=lambda item: f"Council id {item.child_id}"),
    Column("What", lambda item: item.words, tooltip=_what_in_full),
    Column("Date", date_words),
    Column("Working days", lambda item: item.when_words),
]


class WeekTableModel(ListTableModel[WeekItem]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, lambda item: item.child_id, parent)

    def set_items(self, items: list[WeekItem]) -> None:
        self.set_rows(items)

    def item(self, row: int) -> WeekItem:
        return self.row(row)

    def items(self) -> list[WeekItem]:
        return self.rows()

    def more_data(self, item: WeekItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (f"{status_words(item)}: {item.name}, {item.words}, "
                    f"{date_words(item)}, {item.when_words}")
        if column == STATUS:
            if role == Qt.ItemDataRole.DecorationRole:
                return status_style.icon(look(item))
            if role == Qt.ItemDataRole.BackgroundRole:
                return status_style.tint(look(item))
            if role == Qt.ItemDataRole.ForegroundRole:
                return status_style.text_colour(look(item))
        if role == ITEM_ROLE:
            return item
        return None
