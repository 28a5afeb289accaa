"""Booking a review meeting from the child pane, as the IRO does: the review's limit said in the
dialog, a day after it flagged before anything is booked (and again once booked), the core's
refusals shown under their fields with the form kept, the consultation list started."""

from __future__ import annotations

from datetime import time, timedelta

from PySide6.QtWidgets import QMessageBox

from iro_desktop.preparation import consultation, meetings
from tests.ui.preparation.support import booking_dialog, click, limit_of, set_day, unlocked
from tests.ui.review_support import TODAY, review_vault  # noqa: F401 - fixture
from tests.ui.window_support import closed, opened, settle
from ui.preparation.dialogs import BookMeetingDialog


def test_book_a_meeting_within_the_limit(review_vault, window, qtbot):
    unlocked(window, qtbot)
    limit = limit_of(window.vault, "C100")
    assert limit is not None and limit > TODAY + timedelta(days=3), "the set-up leaves room before the limit"
    dialog = booking_dialog(window, qtbot)
    assert dialog.height() <= 690 and dialog.width() <= 1280
    assert f"The review's limit is {meetings.day_words(limit)}." in dialog.limit_hint.text()
    day = TODAY + timedelta(days=3)
    set_day(dialog.meeting_date, day)
    assert dialog.late.isHidden(), "within the limit: no flag"
    qtbot.keyClicks(dialog.start_time, "10:00")
    qtbot.keyClicks(dialog.end_time, "1130")
    dialog.how.set_value("hybrid")
    qtbot.keyClicks(dialog.venue_child, "at home, in the kitchen")
    qtbot.keyClicks(dialog.venue_professional, "Foster carers' home")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    settle(window, qtbot)
    [m] = meetings.meetings_for_child(window.vault, "C100")
    assert (m.meeting_date, m.start_time, m.end_time, m.how, m.venue_child, m.venue_professional) == (
        day, time(10, 0), time(11, 30), "hybrid", "at home, in the kitchen", "Foster carers' home")
    assert m.limit_on == limit and not m.beyond_limit
    people = consultation.consultees(window.vault, m.id)
    assert people and people[0].role == "child", "the consultation list is started, the child first"
    assert window.preparation_controller.message is None, "nothing to warn about"


def test_a_day_after_the_limit_is_flagged_before_booking_and_again_after(review_vault, window, qtbot):
    unlocked(window, qtbot)
    limit = limit_of(window.vault, "C100")
    late_day = limit + timedelta(days=14)
    expected = meetings.limit_warning(late_day, limit)
    assert expected, "the core calls this day late"
    dialog = booking_dialog(window, qtbot)
    set_day(dialog.meeting_date, late_day)
    # Flagged at once, in the core's words, while nothing is booked yet.
    assert dialog.late.isVisible() and expected in dialog.late.label.text()
    assert meetings.meetings_for_child(window.vault, "C100") == []
    set_day(dialog.meeting_date, limit)
    assert dialog.late.isHidden(), "the limit day itself is on time"
    set_day(dialog.meeting_date, late_day)
    qtbot.keyClicks(dialog.start_time, "14:00")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    settle(window, qtbot)
    box = window.preparation_controller.message
    assert isinstance(box, QMessageBox) and box.isVisible() and expected in box.text()
    [m] = meetings.meetings_for_child(window.vault, "C100")
    assert m.beyond_limit
    box.accept()


def test_the_cores_refusals_are_shown_by_field_and_nothing_typed_is_lost(review_vault, window, qtbot):
    unlocked(window, qtbot)
    dialog = booking_dialog(window, qtbot)
    set_day(dialog.meeting_date, TODAY + timedelta(days=5))
    qtbot.keyClicks(dialog.start_time, "14:00")
    qtbot.keyClicks(dialog.end_time, "13:00")  # ends before it starts: the core refuses
    qtbot.keyClicks(dialog.venue_child, "at school")
    click(qtbot, dialog.ok_button)
    problem = dialog.field_problems["end_time"]
    qtbot.waitUntil(problem.isVisible, timeout=10_000)
    assert "before it starts" in problem.text()
    assert not dialog.field_problems["date"].isVisible() and not dialog.problems.isVisible()
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert (dialog.start_time.text(), dialog.end_time.text(), dialog.venue_child.text()) == ("14:00", "13:00",
                                                                                              "at school")
    assert meetings.meetings_for_child(window.vault, "C100") == []
    # A time the dialog cannot read is said under its field without asking the core.
    dialog.end_time.setText("half two")
    click(qtbot, dialog.ok_button)
    assert "hours and minutes" in dialog.field_problems["end_time"].text()
    dialog.end_time.setText("15:30")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    [m] = meetings.meetings_for_child(window.vault, "C100")
    assert (m.start_time, m.end_time, m.venue_child) == (time(14, 0), time(15, 30), "at school")


def test_the_child_menu_books_too_and_a_later_meeting_of_a_series_is_not_held_to_the_limit(
        review_vault, window, qtbot):
    unlocked(window, qtbot)
    limit = limit_of(window.vault, "C100")
    window.book_meeting_action.trigger()
    dialog = opened(BookMeetingDialog, qtbot)
    set_day(dialog.meeting_date, TODAY + timedelta(days=2))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    settle(window, qtbot)
    [first] = meetings.meetings_for_child(window.vault, "C100")
    window.book_meeting_action.trigger()
    dialog = opened(BookMeetingDialog, qtbot)
    dialog.series.setCurrentIndex(dialog.series.findData(first.id))
    set_day(dialog.meeting_date, limit + timedelta(days=10))
    assert dialog.late.isHidden(), "the review counts from its first meeting"
    dialog.series.setCurrentIndex(0)
    assert dialog.late.isVisible(), "as a new review, the same day is late"
    dialog.series.setCurrentIndex(dialog.series.findData(first.id))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    settle(window, qtbot)
    later = [m for m in meetings.meetings_for_child(window.vault, "C100") if m.id != first.id]
    assert [m.series_first_id for m in later] == [first.id]
    assert consultation.consultees(window.vault, later[0].id) == [], "a later meeting shares the first's list"
