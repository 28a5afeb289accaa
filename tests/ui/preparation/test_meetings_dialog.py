"""The child's review meetings: move one (a reason required, the move kept), cancel one (its
reason kept, the meeting listed as cancelled), start the review record from it (the editor
opens on the record the core made), and save the booked meetings to a calendar file."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from iro_desktop.preparation import meetings
from iro_desktop.reviews import records
from tests.ui.preparation.support import book_before_unlock, click, meetings_dialog, set_day, unlocked
from tests.ui.review_support import TODAY, editors, review_vault  # noqa: F401 - fixture
from tests.ui.window_support import closed, opened, settle
from ui.preparation.dialogs import CancelMeetingDialog, MoveMeetingDialog
from ui.records.review_editor import ReviewEditor

DAY = TODAY + timedelta(days=4)


@pytest.fixture
def booked(review_vault, keychain):
    home, _code = review_vault
    return book_before_unlock(home, keychain, "C100", DAY)


def test_the_meetings_are_listed_with_their_people(booked, window, qtbot):
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    assert dialog.height() <= 690 and dialog.width() <= 1280
    assert dialog.meeting_model.rowCount() == 1 and dialog.meeting_id() == booked
    row = [dialog.meeting_model.index(0, c).data() for c in range(dialog.meeting_model.columnCount())]
    assert row[:3] == [meetings.day_words(DAY), "10:00", "Online (video call)"] and row[4] == "Booked"
    assert dialog.people_model.rowCount() >= 1
    assert dialog.people_model.index(0, 0).data() == "The child"
    assert dialog.move_button.isEnabled() and dialog.cancel_button.isEnabled() and dialog.start_button.isEnabled()


def test_move_needs_a_reason_and_keeps_it(booked, window, qtbot):
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    click(qtbot, dialog.move_button)
    move = opened(MoveMeetingDialog, qtbot)
    new_day = DAY + timedelta(days=2)
    set_day(move.meeting_date, new_day)
    move.start_time.setText("13:30")
    click(qtbot, move.ok_button)  # no reason: the core refuses, under the reason
    qtbot.waitUntil(move.field_problems["reason"].isVisible, timeout=10_000)
    assert "why the meeting is moved" in move.field_problems["reason"].text().lower()
    assert meetings.get_meeting(window.vault, booked).moves == ()
    qtbot.keyClicks(move.reason, "The social worker is in court that day")
    click(qtbot, move.ok_button)
    qtbot.waitUntil(lambda: closed(move), timeout=10_000)
    settle(window, qtbot)
    m = meetings.get_meeting(window.vault, booked)
    assert (m.meeting_date, m.start_time) == (new_day, time(13, 30))
    assert [(mv.from_date, mv.to_date, mv.reason) for mv in m.moves] == [
        (DAY, new_day, "The social worker is in court that day")]
    qtbot.waitUntil(lambda: dialog.meeting_model.index(0, 5).data() == "Moved 1 time", timeout=10_000)
    assert "in court" in dialog.meeting_model.index(0, 5).data(0x03)  # the tooltip says why


def test_cancel_keeps_the_meeting_with_its_reason(booked, window, qtbot):
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    click(qtbot, dialog.cancel_button)
    cancel = opened(CancelMeetingDialog, qtbot)
    click(qtbot, cancel.ok_button)
    qtbot.waitUntil(cancel.field_problems["reason"].isVisible, timeout=10_000)
    assert meetings.get_meeting(window.vault, booked).state == "booked"
    qtbot.keyClicks(cancel.reason, "The child moved to another council")
    click(qtbot, cancel.ok_button)
    qtbot.waitUntil(lambda: closed(cancel), timeout=10_000)
    settle(window, qtbot)
    m = meetings.get_meeting(window.vault, booked)
    assert (m.state, m.cancelled_reason) == ("cancelled", "The child moved to another council")
    qtbot.waitUntil(lambda: dialog.meeting_model.index(0, 4).data().startswith("Cancelled"), timeout=10_000)
    assert not dialog.move_button.isEnabled() and not dialog.start_button.isEnabled()


def test_a_meeting_not_yet_held_has_no_record_yet(booked, window, qtbot):
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: window.preparation_controller.message is not None, timeout=10_000)
    box = window.preparation_controller.message
    assert "in the future" in box.text() and "review.review_date" not in box.text()
    assert meetings.get_meeting(window.vault, booked).record_id is None and editors(window) == []
    box.accept()


@pytest.fixture
def held_today(review_vault, keychain):
    home, _code = review_vault
    return book_before_unlock(home, keychain, "C100", TODAY)


def test_start_the_review_record_opens_its_editor(held_today, window, qtbot):
    booked = held_today
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: any(isinstance(e, ReviewEditor) for e in editors(window)), timeout=15_000)
    settle(window, qtbot)
    m = meetings.get_meeting(window.vault, booked)
    assert m.state == "held" and m.record_id is not None
    [editor] = [e for e in editors(window) if isinstance(e, ReviewEditor)]
    assert editor.record.id == m.record_id
    rec = records.get_review(window.vault, m.record_id)
    assert rec.content.details.venue == "Foster carers' home" and rec.content.details.venue_mode == "virtual"
    # The same button now opens that record rather than starting another.
    qtbot.waitUntil(lambda: dialog.start_button.text() == "Open the review record", timeout=10_000)
    editor.close()


def test_export_the_booked_meetings_to_a_calendar_file(booked, window, qtbot, tmp_path):
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    assert dialog.export_button.isEnabled()
    chooser = window.preparation_controller.export_calendar()
    assert chooser.defaultSuffix() == "ics" and "C100" not in chooser.selectedFiles()[0]
    chooser.reject()
    out = tmp_path / "meetings"  # no suffix given: .ics is added
    window.preparation_controller.save_calendar(out)
    saved = tmp_path / "meetings.ics"
    qtbot.waitUntil(saved.exists, timeout=10_000)
    settle(window, qtbot)
    text = saved.read_text(encoding="utf-8")
    assert "MQ (C100): review meeting (online)" in text
    for private in ("Mira", "Miranda", "Quillfeather", "Foster carers", "at home"):
        assert private not in text
    with window.vault.read() as db:
        [(action,)] = db.conn.execute("SELECT action FROM audit_log WHERE action = "
                                      "'output.export.meeting_calendar'").fetchall()
    assert action == "output.export.meeting_calendar"


def test_the_child_pane_opens_the_childs_meetings(booked, window, qtbot):
    from tests.ui.window_support import select
    from ui.preparation.meetings_dialog import MeetingsDialog

    unlocked(window, qtbot)
    window.home.setCurrentWidget(window.caseload)
    assert select(window, qtbot, "C100")
    view = window.caseload
    assert view.meetings_button.isEnabled() and view.book_meeting_button.isEnabled()
    click(qtbot, view.meetings_button)
    dialog = opened(MeetingsDialog, qtbot)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    assert dialog.meeting_model.rowCount() == 1 and dialog.meeting_id() == booked
