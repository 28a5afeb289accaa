"""Booking a review meeting and typing in what came back, with the keyboard alone: the Child
menu's access keys, Tab through the form, Enter to book; then the child's meetings, Tab to
"Returned…", type the answer, Enter."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from iro_desktop.preparation import consultation, meetings
from tests.ui.app.test_keyboard_flows import (
    choose_in_caseload, focused, menu_command, new_top_level, press, shown, tab_to, type_text, unlock_by_keyboard,
)
from tests.ui.review_support import TODAY, review_vault  # noqa: F401 - fixture
from tests.ui.window_support import closed, settle
from ui.preparation.dialogs import BookMeetingDialog, ReturnedDialog
from ui.preparation.meetings_dialog import MeetingsDialog


def test_book_and_type_in_what_came_back_by_keyboard(review_vault, window, qtbot):
    unlock_by_keyboard(window, qtbot)
    choose_in_caseload(window, qtbot, "Mira Quillfeather")
    before = shown()
    menu_command(qtbot, window, Qt.Key.Key_C, Qt.Key.Key_B)  # Child > Book review meeting…
    dialog = new_top_level(qtbot, BookMeetingDialog, before)
    tab_to(qtbot, lambda w: w is dialog.start_time)
    type_text(qtbot, "09:30")
    tab_to(qtbot, lambda w: w is dialog.venue_child)
    type_text(qtbot, "at home")
    press(qtbot, Qt.Key.Key_Return)  # "Book the meeting" is the default button
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    settle(window, qtbot)
    [m] = meetings.meetings_for_child(window.vault, "C100")
    assert (m.meeting_date, m.start_time, m.venue_child) == (TODAY, time(9, 30), "at home")

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    before = shown()
    menu_command(qtbot, window, Qt.Key.Key_C, Qt.Key.Key_G)  # Child > Review meetings and consultation…
    listing = new_top_level(qtbot, MeetingsDialog, before)
    qtbot.waitUntil(lambda: listing.data is not None, timeout=10_000)
    tab_to(qtbot, lambda w: w is listing.people_table)
    assert listing.consultee().role == "child", "the child first"
    tab_to(qtbot, lambda w: isinstance(w, QPushButton) and w is listing.returned_button)
    before = shown()
    press(qtbot, Qt.Key.Key_Space)
    back = new_top_level(qtbot, ReturnedDialog, before)
    tab_to(qtbot, lambda w: w is back.how)
    press(qtbot, Qt.Key.Key_I)  # a letter chooses the item it begins ("In person")
    assert back.how.value() == "in_person"
    tab_to(qtbot, lambda w: w is back.answers["going_well"])
    assert isinstance(focused(), QPlainTextEdit)
    type_text(qtbot, "Football on Saturdays")
    tab_to(qtbot, lambda w: w is back.ok_button)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: closed(back), timeout=10_000)
    settle(window, qtbot)
    [child] = [c for c in consultation.consultees(window.vault, m.id) if c.role == "child"]
    assert child.answers == {"going_well": "Football on Saturdays"} and child.returned_how == "in_person"
