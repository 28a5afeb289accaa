"""The day's main work with the keyboard alone, as key presses reach the app: unlock, open a
child, write a review record, finalise it, preview it and save the PDF. The test only presses
keys (and reads what is on screen and in the vault); where the app asks for a file, Qt's own
file dialog is used, typed into like any other."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QApplication, QDialog, QFileDialog, QInputDialog, QLineEdit, QListWidget, QMessageBox, QTableView, QTextEdit,
    QVBoxLayout, QWidget,
)
from pypdf import PdfReader

from iro_desktop.reviews import records
from iro_desktop.vault import Vault
from tests.conftest import PASSPHRASE
from tests.support.review_helpers import complete
from tests.ui.print_support import wait_rendered
from tests.ui.review_support import TODAY, review_vault  # noqa: F401 - fixture
from tests.ui.window_support import settle
from ui.due.week_model import CHILD
from ui.printing.preview_window import PreviewWindow
from ui.records.review_editor import ReviewEditor

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
ALT, NONE = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.NoModifier
HELD = TODAY - timedelta(days=3)
TYPED = "You told me you want to keep going to the stables on Saturdays."


# ---- pressing keys ---------------------------------------------------------------------------

def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    """A key pressed where the focus is, as the keyboard sends it (shortcuts included)."""
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot, wanted, limit: int = 80, back: bool = False) -> QWidget:
    """Press Tab (Shift+Tab with ``back``) until the focus is on a widget ``wanted`` accepts."""
    for _ in range(limit):
        if wanted(QApplication.focusWidget()):
            return QApplication.focusWidget()
        press(qtbot, Qt.Key.Key_Tab, SHIFT if back else NONE)
    raise AssertionError(f"Tab never reached it; the focus is on {QApplication.focusWidget()!r}")


def menu_command(qtbot, window, menu_key: Qt.Key, item_key: Qt.Key) -> None:
    """Alt and the menu's access key, then the command's access key."""
    qtbot.keyClick(window, menu_key, ALT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5_000)
    qtbot.keyClick(QApplication.activePopupWidget(), item_key)


def new_top_level(qtbot, kind: type, before: set, timeout: int = 10_000):
    def find():
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, kind) and w.isVisible() and w not in before and not w.inherits("QMenu")), None)
    qtbot.waitUntil(lambda: find() is not None, timeout=timeout)
    found = find()
    qtbot.waitUntil(found.isActiveWindow, timeout=5_000)
    return found


def dialog_closed(qtbot, under: QWidget) -> None:
    """A dialog has closed: on a desktop the window manager hands the focus back to the window
    beneath it; the offscreen platform has no window manager, so the test does that part."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10_000)
    if not under.isActiveWindow():
        under.activateWindow()
        qtbot.waitUntil(under.isActiveWindow, timeout=5_000)


def shown() -> set:
    return {w for w in QApplication.topLevelWidgets() if w.isVisible()}


# ---- the flows -------------------------------------------------------------------------------

def unlock_by_keyboard(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.waitUntil(lambda: focused() is window.unlock_screen.passphrase, timeout=5_000)
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=10_000)
    settle(window, qtbot)


def choose_in_caseload(window, qtbot, name: str) -> None:
    """Ctrl+3 for the Caseload, Tab to its table, the arrow keys down to ``name``."""
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.home.currentWidget() is window.caseload
    table = tab_to(qtbot, lambda w: w is window.caseload.table)
    press(qtbot, Qt.Key.Key_Home, CTRL)
    for _ in range(table.model().rowCount()):
        if window.caseload.current_summary() is not None and window.caseload.current_summary().display_name == name:
            break
        press(qtbot, Qt.Key.Key_Down)
    settle(window, qtbot)
    assert window.caseload.current_summary().display_name == name


def to_the_letter(qtbot, editor) -> None:
    """Ctrl+Tab through the editor's pages to "The letter"."""
    for _ in range(editor.tabs.count()):
        if editor.tabs.currentWidget() is editor.letter_page:
            break
        press(qtbot, Qt.Key.Key_Tab, CTRL)
    assert editor.tabs.currentWidget() is editor.letter_page


@pytest.fixture
def keyboard_vault(review_vault, keychain):
    """review_vault, with Amira's review of three days ago written but for her letter's first
    section ("How you are"), which the IRO is to write."""
    home, code = review_vault
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        record = records.start_review(vault, "C200", HELD, "first")
        content = complete(record.content)
        content.letter.set_body("how_you_are", "")
        records.save_review(vault, record.id, content)
    return home, code


def test_unlock_and_open_a_child_from_my_week_by_keyboard(review_vault, window, qtbot):
    unlock_by_keyboard(window, qtbot)
    assert window.home.currentWidget() is window.week and focused() is window.week.table
    table: QTableView = window.week.table
    press(qtbot, Qt.Key.Key_Home, CTRL)
    model = table.model()
    row = next(r for r in range(model.rowCount()) if "Mira" in str(model.index(r, CHILD).data()))
    for _ in range(row):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    settle(window, qtbot)
    assert window.home.currentWidget() is window.caseload
    assert window.caseload.current_child_id() == "C100"

    press(qtbot, Qt.Key.Key_Tab, CTRL)
    assert window.home.currentWidget() is window.trips, "Ctrl+Tab goes on to the next tab"
    press(qtbot, Qt.Key.Key_Tab, CTRL | SHIFT)
    assert window.home.currentWidget() is window.caseload


def test_write_a_new_review_record_by_keyboard(review_vault, window, qtbot):
    unlock_by_keyboard(window, qtbot)
    choose_in_caseload(window, qtbot, "Mira Quillfeather")
    before = shown()
    menu_command(qtbot, window, Qt.Key.Key_C, Qt.Key.Key_W)  # Child > Write review record…
    dialog = new_top_level(qtbot, QDialog, before)
    assert dialog.windowTitle() == "Write a review record"
    before = shown()
    press(qtbot, Qt.Key.Key_Return)  # "Start writing": a review held today
    editor = new_top_level(qtbot, ReviewEditor, before)
    settle(window, qtbot)

    to_the_letter(qtbot, editor)
    text = tab_to(qtbot, lambda w: isinstance(w, QTextEdit) and not w.isReadOnly())
    type_text(qtbot, TYPED)
    assert TYPED in text.toPlainText()
    press(qtbot, Qt.Key.Key_S, CTRL)  # saved at once (it is saved as typed in any case)
    qtbot.waitUntil(lambda: TYPED in _saved_letter(window, editor), timeout=10_000)


def _saved_letter(window, editor) -> str:
    content = records.get_review(window.vault, editor.record.id).content
    return " ".join(s.body for s in content.letter.sections)


@pytest.fixture
def qt_file_dialogs():
    """Qt's own file dialog, whatever the platform offers, so that keys typed reach it."""
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    yield
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, False)


def test_finalise_preview_and_save_the_pdf_by_keyboard(keyboard_vault, qt_file_dialogs, window, qtbot, tmp_path):
    unlock_by_keyboard(window, qtbot)
    choose_in_caseload(window, qtbot, "Amira Okafor")
    before = shown()
    menu_command(qtbot, window, Qt.Key.Key_C, Qt.Key.Key_T)  # Child > Reviews and letters…
    dialog = new_top_level(qtbot, QDialog, before)
    assert dialog.windowTitle() == "Reviews and letters"
    before = shown()
    press(qtbot, Qt.Key.Key_Return)  # Open: the newest record is chosen
    editor = new_top_level(qtbot, ReviewEditor, before)
    settle(window, qtbot)

    to_the_letter(qtbot, editor)
    sections = tab_to(qtbot, lambda w: isinstance(w, QListWidget) and editor.letter_page.isAncestorOf(w))
    press(qtbot, Qt.Key.Key_Home)
    for _ in range(sections.count()):
        if "How you are" in sections.currentItem().text():
            break
        press(qtbot, Qt.Key.Key_Down)
    assert "How you are" in sections.currentItem().text()
    tab_to(qtbot, lambda w: isinstance(w, QTextEdit) and not w.isReadOnly())
    type_text(qtbot, TYPED)

    press(qtbot, Qt.Key.Key_F, CTRL | SHIFT)  # Finalise
    # Asked once (the vault has no IRO name yet): the name, then Enter.
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QInputDialog), timeout=10_000)
    type_text(qtbot, "Sam Ravensmoss")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=10_000)
    assert QApplication.activeModalWidget().windowTitle() == "Finalise this record?"
    press(qtbot, Qt.Key.Key_Return)  # its main button: Finalise
    qtbot.waitUntil(lambda: editor.read_only, timeout=10_000)
    dialog_closed(qtbot, editor)
    settle(window, qtbot)
    saved = records.get_review(window.vault, editor.record.id)
    assert saved.record.state == "finalised" and saved.version.finalised_by == "Sam Ravensmoss"
    assert saved.content.letter.section("how_you_are").body.strip() == TYPED

    before = shown()
    tab_to(qtbot, lambda w: w is editor.preview_button)
    press(qtbot, Qt.Key.Key_Space)
    preview = new_top_level(qtbot, PreviewWindow, before)
    wait_rendered(preview, qtbot)
    before = shown()
    tab_to(qtbot, lambda w: w is preview.save_button)
    press(qtbot, Qt.Key.Key_Space)
    files = new_top_level(qtbot, QFileDialog, before)
    assert files.windowTitle() == "Save as PDF"
    assert isinstance(focused(), QLineEdit), "the file name has the focus"
    target = tmp_path / "amira-letter.pdf"
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, str(target))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(target.exists, timeout=10_000)
    settle(window, qtbot)
    words = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "stables on Saturdays" in " ".join(words.split())


def test_the_key_presses_notice_a_control_tab_cannot_leave(qtbot):
    """Where Tab stays in a table walking its cells, the flows' Tab stops short and says so."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    table, after = QTableView(), QLineEdit()
    table.setModel(QStandardItemModel(4, 3))
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(after)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    table.setFocus()
    with pytest.raises(AssertionError, match="Tab never reached it"):
        tab_to(qtbot, lambda w: w is after, limit=20)
    table.setTabKeyNavigation(False)
    assert tab_to(qtbot, lambda w: w is after) is after
