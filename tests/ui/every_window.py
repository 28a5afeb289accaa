"""Every window and dialog of the app, opened as the IRO opens it (from its menu command or its
button), for tests that look at all of them: accessible names, form labels, tab order.

The review editor and the print preview are opened as ``tests/ui/app/small_screen_windows.py``
opens them (its helpers); the dialogs from the main window's menu commands and the home screens'
buttons, the import previews from a file as if chosen. Each opener takes the unlocked window
(on ``every_window_vault``, Mira, C100, selected in the caseload) and returns the new top-level
widget, shown and with its data read; ``close`` closes it. A new window or dialog belongs in
``WINDOWS`` so that the accessibility and Tab order tests look at it."""

from __future__ import annotations

import tempfile
from datetime import time, timedelta
from pathlib import Path
from typing import Callable

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from iro_desktop.escalations import tracker
from iro_desktop.preparation import consultation
from iro_desktop.trips import store as trips
from iro_desktop.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.app.small_screen_windows import preview_from, start_review
from tests.ui.caseload import test_import as caseload_files
from tests.ui.reports import test_history_import_dialog as history_files
from tests.ui.records.test_review_midway import start_midway
from tests.ui.review_support import TODAY, review_vault  # noqa: F401 - fixture
from tests.ui.window_support import select, settle

Opener = Callable[[object, object], QWidget]


@pytest.fixture
def every_window_vault(review_vault, keychain):
    """review_vault, with an escalation open for Amira and a trip planned to Mira's area, so
    that the escalation's dialogs and the trip sheet can open too."""
    home, code = review_vault
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        tracker.raise_escalation(vault, "C200", theme="education_pep",
                                 description="The PEP has not been reviewed for two terms.",
                                 raised_with_name="Ash Fenwick", partner_agency="education")
        start = TODAY + timedelta(days=7)
        trips.plan_trip(vault, "Northshire", start, start + timedelta(days=1), ["C100"])
        # A review meeting booked for Mira, so that its dialogs and consultation's can open too.
        consultation.book_with_list(vault, "C100", start, time(10, 0), None, "virtual", "at home",
                                    "Foster carers' home")
    return home, code


def shown_windows() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if shiboken6.isValid(w) and w.isVisible()}


def new_window(window, qtbot, do: Callable[[], object], timeout: int = 10_000) -> QWidget:
    """Do ``do`` and return the top-level window it opened, once the vault thread has answered."""
    before = shown_windows()
    do()

    def opened() -> QWidget | None:
        new = [w for w in shown_windows() - before if w is not window and not w.inherits("QMenu")]
        return new[0] if new else None

    qtbot.waitUntil(lambda: opened() is not None, timeout=timeout)
    settle(window, qtbot)
    qtbot.wait(20)
    return opened()


def by_action(name: str) -> Opener:
    return lambda window, qtbot: new_window(window, qtbot, getattr(window, name).trigger)


def by_button(view: Callable[[object], object], button: str) -> Opener:
    return lambda window, qtbot: new_window(window, qtbot, getattr(view(window), button).click)


def _review_editor(window, qtbot) -> QWidget:
    return start_review(window, qtbot)


def _midway_editor(window, qtbot) -> QWidget:
    return start_midway(window, qtbot)


def _editor_preview(window, qtbot) -> QWidget:
    return preview_from(start_review(window, qtbot), window, qtbot)


def _escalations(window):
    window.home.setCurrentWidget(window.escalations_controller.view)
    return window.escalations_controller.view.escalations


def _good_practice(window):
    view = window.escalations_controller.view
    window.home.setCurrentWidget(view)
    view.setCurrentIndex(view.count() - 1)
    return view.currentWidget()


def _escalation(window):
    page = _escalations(window)
    page.table.selectRow(0)
    return page


def _trip(window):
    window.home.setCurrentWidget(window.trips)
    window.trips.trips_table.selectRow(0)
    return window.trips


def by_meetings_button(button: str) -> Opener:
    """A dialog from the child's review meetings (opened first from the Child menu)."""
    def open_(window, qtbot) -> QWidget:
        meetings = new_window(window, qtbot, window.meetings_action.trigger)
        qtbot.waitUntil(lambda: meetings.data is not None, timeout=10_000)
        return new_window(window, qtbot, getattr(meetings, button).click)
    return open_


_FILES = tempfile.TemporaryDirectory(prefix="every-window-")  # removed when the tests end


def _file(text: str) -> Path:
    path = Path(tempfile.mkdtemp(dir=_FILES.name)) / "extract.csv"
    path.write_text(text, encoding="utf-8")
    return path


def by_file(read: Callable[[object], Callable[[Path], object]], text: str) -> Opener:
    """A file the IRO chose (the file dialog is the platform's: it is not looked at here)."""
    return lambda window, qtbot: new_window(window, qtbot, lambda: read(window)(_file(text)))


def _reports(window):
    window.home.setCurrentWidget(window.reports_controller.view)
    return window.reports_controller.view


# (name, opener): every window and dialog reached from the menus and the home screens.
WINDOWS: list[tuple[str, Opener]] = [
    ("review editor", _review_editor),
    ("midway editor", _midway_editor),
    ("print preview from the editor", _editor_preview),
    ("preview and print", by_action("preview_action")),
    ("letter colours and picture", by_action("child_style_action")),
    ("add child", by_action("add_action")),
    ("edit child", by_action("edit_action")),
    ("record a review held", by_action("record_review_action")),
    ("record paperwork sent", by_action("record_paperwork_action")),
    ("record a visit", by_action("record_visit_action")),
    ("write review record", by_action("write_review_action")),
    ("write midway review", by_action("write_midway_action")),
    ("reviews and letters", by_action("records_action")),
    ("raise an escalation", by_action("raise_escalation_action")),
    ("print or save all finalised letters", by_action("batch_action")),
    ("my details for children", by_action("print_settings_action")),
    ("words and phrases", by_action("words_action")),
    ("preferences", by_action("preferences_action")),
    ("restore from backup", by_action("backups_action")),
    ("change passphrase", by_action("change_passphrase_action")),
    ("new recovery code", by_action("new_recovery_code_action")),
    ("sync settings", by_action("sync_settings_action")),
    ("audit log", by_action("audit_log_action")),
    ("stage settings", by_button(_escalations, "settings_button")),
    ("letter for this stage", by_button(_escalation, "letter_button")),
    ("move up a stage", by_button(_escalation, "move_up_button")),
    ("skip a stage", by_button(_escalation, "skip_button")),
    ("refer to Cafcass", by_button(_escalation, "refer_button")),
    ("record the outcome", by_button(_escalation, "resolve_button")),
    ("trip sheet", by_button(_trip, "print_button")),
    ("import preview", by_file(lambda w: w.preview_import, caseload_files.GOOD)),
    ("import problems", by_file(lambda w: w.preview_import, caseload_files.BAD)),
    ("review history import preview", by_file(lambda w: w.history_import().preview, history_files.GOOD)),
    ("record good practice", by_button(_good_practice, "record_button")),
    ("team report", by_button(_reports, "team_button")),
    ("book review meeting", by_action("book_meeting_action")),
    ("review meetings and consultation", by_action("meetings_action")),
    ("move the review meeting", by_meetings_button("move_button")),
    ("cancel the review meeting", by_meetings_button("cancel_button")),
    ("add someone to consult", by_meetings_button("add_button")),
    ("mark the form sent", by_meetings_button("sent_button")),
    ("what came back", by_meetings_button("returned_button")),
    ("print forms", by_meetings_button("print_button")),
]


def help_openers(window) -> list[tuple[str, Opener]]:
    """The Help menu's windows (their actions are made with the menu, not kept by the window)."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return [(a.text().replace("&", ""), lambda w, q, a=a: new_window(w, q, a.trigger))
            for a in menu.actions() if not a.isSeparator() and a is not window.audit_log_action]


def prepare(window, qtbot) -> None:
    """The unlocked window with Mira chosen, as the openers expect."""
    settle(window, qtbot)
    window.home.setCurrentWidget(window.caseload)
    assert select(window, qtbot, "C100")


def close(window, qtbot, opened: QWidget) -> None:
    """Close what an opener opened (a review editor with nothing typed closes without asking),
    and anything it left open, then go back to the caseload with Mira chosen."""
    for w in [opened, *(shown_windows() - {window})]:
        if not shiboken6.isValid(w):
            continue
        if isinstance(w, (QDialog, QMessageBox)):
            w.reject()
        w.close()
    qtbot.waitUntil(lambda: not (shown_windows() - {window}), timeout=10_000)
    settle(window, qtbot)
    window.home.setCurrentWidget(window.caseload)


def look_at_every_window(window, qtbot, check: Callable[[QWidget, str], list[str]]) -> list[str]:
    """``check(top_level, title)`` on every page of every window: the main window with each home
    tab shown, then each window and dialog of ``WINDOWS`` and the Help menu, each of their tabs
    shown in turn. The window must be unlocked; returns every problem ``check`` found."""
    from tests.ui.accessibility_support import each_page

    def pages(top: QWidget, name: str) -> list[str]:
        found = []
        for page in each_page(top):
            settle(window, qtbot)
            found += check(top, f"{name} / {page}" if page else name)
        return found

    prepare(window, qtbot)
    problems = pages(window, "main window")
    for name, opener in WINDOWS + help_openers(window):
        prepare(window, qtbot)
        opened = opener(window, qtbot)
        problems += pages(opened, name)
        close(window, qtbot, opened)
    return problems
