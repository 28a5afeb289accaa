"""The calendar's today counts and lists what is overdue; a limit on a weekend or bank holiday
says the working day before it, in the same words on the calendar and on My week."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from iro_desktop.caseload import week
from iro_desktop.timescales import ON_TRACK, OVERDUE
from tests.ui.window_support import unlock
from ui.due.due_calendar import DueCalendarView
from ui.due.week_model import DATE, WHAT, WeekTableModel


def _loaded(window, qtbot) -> None:
    unlock(window, qtbot)
    qtbot.waitUntil(lambda: window.due_data is not None and not window.worker.is_busy, timeout=10_000)


def test_today_counts_what_is_overdue_and_lists_it_when_chosen(due_vault, window, qtbot):
    _loaded(window, qtbot)
    view = window.calendar_view
    overdue = [i for i in window.due_data.open_items if i.status == OVERDUE]
    assert overdue and any(i.child_id == "C100" for i in overdue)
    assert all(i.due < date.today() for i in overdue), "they sit on the days they fell due"
    today = date.today()
    tip = view.calendar.dateTextFormat(QDate(today.year, today.month, today.day)).toolTip()
    assert tip.startswith(f"Today: {len(overdue)} items overdue" if len(overdue) > 1 else "Today: 1 item overdue")
    view.go_to_today()
    shown = view.day_model.items()
    assert shown[:len(overdue)] == overdue, "the overdue items first"
    assert len(shown) == len(overdue) + len(view.calendar.by_date.get(today, []))
    assert "(today)" in view.day_heading.text() and f"{len(overdue)} item" in view.day_heading.text()
    assert view.day_body.currentWidget() is view.day_table
    # Another day lists only its own items.
    other = next(d for d in view.calendar.by_date if d > today)
    view.show_date(other)
    assert view.day_model.items() == view.calendar.by_date[other]
    assert "overdue" not in view.day_heading.text()


def _item(due: date, status: str = ON_TRACK) -> week.WeekItem:
    return week.WeekItem("C1", "Zebediah Quillfeather", week.REVIEW, "Review due (later)", due, status, 3, "subsequent")


def test_a_weekend_limit_says_by_the_friday_on_the_calendar_and_on_my_week(qtbot):
    saturday = date(2026, 9, 5)
    item = _item(saturday)
    view = DueCalendarView()
    qtbot.addWidget(view)
    view.set_items([item], date(2026, 9, 1))
    view.show_date(saturday)
    assert view.day_heading.text() == "Saturday 5 September 2026: not a working day, so by Fri 4 Sep"
    assert "by Fri 4 Sep (not a working day)" in view.calendar.dateTextFormat(QDate(2026, 9, 5)).toolTip()
    model = WeekTableModel()
    model.set_items([item, _item(date(2026, 9, 4))])
    assert model.index(0, DATE).data() == "Sat 05/09/2026, by Fri 4 Sep"
    assert model.index(1, DATE).data() == "Fri 04/09/2026", "a limit on a working day needs no 'by'"
    assert model.index(0, WHAT).data(3) == "Review due (later): due Sat 05/09/2026, by Fri 4 Sep"  # tooltip
    # Both say the core's one answer.
    assert item.by_words == week.by_words(saturday) == "by Fri 4 Sep"


def test_a_bank_holiday_limit_too(qtbot):
    boxing_substitute = date(2026, 12, 28)
    view = DueCalendarView()
    qtbot.addWidget(view)
    view.set_items([_item(boxing_substitute)], date(2026, 12, 1))
    view.show_date(boxing_substitute)
    assert view.day_heading.text().endswith("by Thu 24 Dec")
    view.show_date(date(2026, 12, 29))  # nothing due: no "by"
    assert "by" not in view.day_heading.text()
