"""A booked meeting on My week and the calendar: its row says "Booked" and wears its own sign (a
meeting is not a deadline), and its right-click menu offers the child's meetings and starting the review record
instead of recording paperwork; a review's row offers booking its meeting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu

from iro_desktop.caseload import week
from iro_desktop.caseload.due import BOOKED
from iro_desktop.timescales import DONE, DUE_SOON, ON_TRACK, OVERDUE
from iro_desktop.preparation import meetings
from tests.ui.preparation.support import book_before_unlock, unlocked
from tests.ui.review_support import TODAY, editors, review_vault  # noqa: F401 - fixture
from tests.ui.due.test_my_week import _contrast
from tests.ui.window_support import opened, settle, unlock
from ui.common import status_style
from ui.due.week_model import STATUS, WHAT, day_look
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
    # Its sign is the booked one, not "on track": the calendar page, on a blue tint.
    status = proxy.index(row, STATUS)
    assert _image(status.data(Qt.ItemDataRole.DecorationRole)) == _image(status_style.icon(BOOKED))
    assert status.data(Qt.ItemDataRole.BackgroundRole) == status_style.tint(BOOKED)
    assert _contrast(status.data(Qt.ItemDataRole.ForegroundRole), status.data(Qt.ItemDataRole.BackgroundRole)) >= 4.5
    assert status.data(Qt.ItemDataRole.AccessibleTextRole).startswith("Booked: ")
    # The calendar's list of the day says the same (today is the day it shows first).
    day = window.calendar_view.day_model
    assert [day.index(r, STATUS).data() for r in range(day.rowCount()) if day.item(r).kind == week.MEETING] == [
        "Booked"]
    meeting = proxy.index(row, 0).data(0x0100 + 3)
    on_its_day = window.calendar_view.calendar.by_date[meeting.due]
    assert day_look(on_its_day) == (BOOKED if all(i.kind == week.MEETING for i in on_its_day) else
                                    week.worst_status(i for i in on_its_day if i.kind != week.MEETING))

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


def _image(icon) -> QImage:
    return icon.pixmap(24, 24).toImage().convertToFormat(QImage.Format.Format_Grayscale8)


def test_every_sign_has_its_own_shape(qapp):
    # Read in black and white: no two signs the same, the booked one included.
    looks = (OVERDUE, DUE_SOON, ON_TRACK, DONE, BOOKED)
    images = [_image(status_style.icon(s)) for s in looks]
    assert all(images[i] != images[j] for i in range(len(looks)) for j in range(i + 1, len(looks)))
    assert status_style.words(BOOKED) == "Booked"
    assert _contrast(status_style.text_colour(BOOKED), status_style.tint(BOOKED)) >= 4.5


def test_a_day_with_only_meetings_is_booked_and_a_deadline_beside_one_wins():
    meeting = week.WeekItem("C1", "A", week.MEETING, "Review meeting booked", TODAY, ON_TRACK, 0, "")
    due_soon = week.WeekItem("C2", "B", week.MIDWAY, "Midway review", TODAY, DUE_SOON, 2, "")
    assert day_look([meeting]) == BOOKED
    assert day_look([meeting, due_soon]) == DUE_SOON
    assert day_look([]) == ON_TRACK


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
