"""Steps the preparation tests take through the real window: open the booking dialog from the
child pane, book a meeting through the core for a test's set-up, open the child's meetings."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, Qt

from iro_desktop.caseload import due
from iro_desktop.preparation import consultation
from iro_desktop.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.window_support import opened, select, settle, unlock
from ui.preparation.dialogs import BookMeetingDialog
from ui.preparation.meetings_dialog import MeetingsDialog


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_day(edit, d: date) -> None:
    edit.setDate(QDate(d.year, d.month, d.day))


def limit_of(vault, child_id: str) -> date | None:
    with vault.read() as db:
        return due.next_review_on(db.conn, child_id).due


def unlocked(window, qtbot, child_id: str = "C100") -> None:
    window.resize(1280, 720)
    unlock(window, qtbot)
    settle(window, qtbot)
    window.home.setCurrentWidget(window.caseload)
    assert select(window, qtbot, child_id)


def booking_dialog(window, qtbot) -> BookMeetingDialog:
    """The child pane's "Book meeting…" for the child selected."""
    click(qtbot, window.caseload.book_meeting_button)
    return opened(BookMeetingDialog, qtbot)


def book_before_unlock(home, keychain, child_id: str, on: date, start: time | None = time(10, 0),
                       how: str = "virtual") -> int:
    """A meeting booked through the core (with its consultation list) before the window opens
    the vault: a test's set-up. Returns the meeting's id."""
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        return consultation.book_with_list(vault, child_id, on, start, None, how, "at home",
                                           "Foster carers' home").meeting.id


def meetings_dialog(window, qtbot, child_id: str = "C100") -> MeetingsDialog:
    window.preparation_controller.show_meetings(child_id)
    dialog = opened(MeetingsDialog, qtbot)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    settle(window, qtbot)
    return dialog
