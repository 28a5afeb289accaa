"""A booked meeting on My week and the calendar: its row says "Booked" (a meeting is not a
deadline), and its right-click menu offers the child's meetings and starting the review record
instead of recording paperwork; a review's row offers booking its meeting."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMenu

from iro_desktop.caseload import week
from iro_desktop.preparation import meetings
from tests.ui.preparation.support import book_before_unlock, unlocked
from tests.ui.review_support import TODAY, editors, review_vault  # noqa: F401 - fixture
from tests.ui.window_support import opened, settle, unlock
from ui.due.week_model import STATUS, WHAT
from ui.due.week_view import RECORD_WORDS
from ui.preparation.dialogs import BookMeetingDialog
from ui.preparation.meetings_dialog import MeetingsDialog
from ui.records.review_editor import ReviewEditor


@pytest.fixture
def booked_today(review_vault, keychain):
    home, _code = review_vault
    return book_before_unlock(home, keychain, "C100", TODAY)


def _row(window, kind: str) -> int:
    model = window.week.proxy
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data(0x0100 + 3).kind == kind)


def _menu(window, qtbot, row: int) -> QMenu:
    table = window.week.table
    rect = table.visualRect(window.week.proxy.index(row, WHAT))
    table.customContextMenuRequested.emit(rect.center())
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5_000)
    return QApplication.activePopupWidget()


def test_the_meeting_row_says_booked_and_offers_the_meetings_and_the_record(booked_today, window, qtbot):
    unlocked(window, qtbot)
    window.home.setCurrentWidget(window.week)
    settle(window, qtbot)
    row = _row(window, week.MEETING)
    proxy = window.week.proxy
    assert proxy.index(row, STATUS).data() == "Booked"
    assert proxy.index(row, WHAT).data().startswith("Review meeting booked, 10:00")
    assert proxy.index(row, 0).data(0x0100 + 3).meeting_id == booked_today
    other = next(r for r in range(proxy.rowCount()) if r != row)
    assert proxy.index(other, STATUS).data() != "Booked", "only a meeting's row says Booked"
    # The calendar's list of the day says the same (today is the day it shows first).
    day = window.calendar_view.day_model
    assert [day.index(r, STATUS).data() for r in range(day.rowCount()) if day.item(r).kind == week.MEETING] == [
        "Booked"]

    menu = _menu(window, qtbot, row)
    words = [a.text() for a in menu.actions()]
    assert words == ["Open the child's record", "The child's review meetings…", "Start the review record"]
    assert not set(RECORD_WORDS.values()) & set(words), "no paperwork to record for a meeting"
    next(a for a in menu.actions() if a.text().startswith("The child's review")).trigger()
    menu.close()
    dialog = opened(MeetingsDialog, qtbot)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    assert dialog.meeting_id() == booked_today
    dialog.close()

    menu = _menu(window, qtbot, _row(window, week.MEETING))
    next(a for a in menu.actions() if a.text() == "Start the review record").trigger()
    menu.close()
    qtbot.waitUntil(lambda: any(isinstance(e, ReviewEditor) for e in editors(window)), timeout=15_000)
    settle(window, qtbot)
    m = meetings.get_meeting(window.vault, booked_today)
    assert m.record_id is not None and [e.record.id for e in editors(window)] == [m.record_id]
    # Held now: the row leaves My week (it showed a meeting still booked).
    assert all(proxy.index(r, 0).data(0x0100 + 3).kind != week.MEETING for r in range(proxy.rowCount()))
    for e in editors(window):
        e.close()


def test_a_review_row_offers_booking_its_meeting(due_vault, window, qtbot):
    window.resize(1280, 720)
    unlock(window, qtbot)
    window.home.setCurrentWidget(window.week)
    settle(window, qtbot)
    proxy = window.week.proxy
    [row] = [r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(0x0100 + 3).kind == week.REVIEW
             and proxy.index(r, 0).data(0x0100 + 3).child_id == "C200"]
    menu = _menu(window, qtbot, row)
    book = next(a for a in menu.actions() if a.text() == "Book the review meeting…")
    book.trigger()
    menu.close()
    dialog = opened(BookMeetingDialog, qtbot)
    assert dialog.limit_hint.text().startswith("For Amira Okafor.")
    dialog.reject()
