"""Locking, by command and when idle: nothing of the caseload stays on screen or in the models."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from tests.conftest import PASSPHRASE
from ui.child_dialog import ChildDialog


def unlock(window, qtbot) -> None:
    screen = window.unlock_screen
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)


def visible_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def assert_nothing_left(window) -> None:
    assert window.vault is None
    assert window.stack.currentWidget() is window.unlock_screen
    assert window.lock_state.text() == "Locked"
    assert window.count_label.text() == ""
    assert window.caseload.model.rowCount() == 0
    assert window.caseload.proxy.rowCount() == 0
    assert window.caseload.search.text() == ""
    assert window.caseload.current_child_id() is None
    text = window.caseload.detail.toPlainText()
    for name in ("Zebediah", "Quillfeather", "Amira", "Okafor", "C100", "C200"):
        assert name not in text
    assert visible_dialogs() == []
    assert not window.lock_action.isEnabled()


def test_idle_lock_fires_and_leaves_the_models_empty(closed_vault, window, qtbot):
    unlock(window, qtbot)
    view = window.caseload
    assert view.model.rowCount() == 3
    qtbot.keyClicks(view.search, "Zeb")
    assert view.proxy.rowCount() == 1
    view.select("C100")
    assert "Zebediah" in view.detail.toPlainText()
    dialog = window.edit_child("C100")
    assert dialog is not None and dialog.isVisible()
    window.clipboard.copy("C100")

    window.idle_lock.set_interval_ms(300)
    qtbot.waitUntil(lambda: window.vault is None, timeout=5_000)
    assert_nothing_left(window)
    assert QApplication.clipboard().text() == ""
    qtbot.waitUntil(lambda: window.findChild(ChildDialog) is None, timeout=2_000)

    unlock(window, qtbot)
    assert window.caseload.model.rowCount() == 3, "locking loses nothing that was saved"
    assert window.idle_lock.armed


def test_input_postpones_the_idle_lock(closed_vault, window, qtbot):
    unlock(window, qtbot)
    window.idle_lock.set_interval_ms(400)
    for _ in range(8):  # 1.2 s of typing, never 400 ms apart
        qtbot.keyClick(window.caseload.search, Qt.Key.Key_A)
        qtbot.wait(150)
    assert window.vault is not None
    qtbot.waitUntil(lambda: window.vault is None, timeout=5_000)


def test_lock_command_closes_dialogs_and_clears_the_clipboard(closed_vault, window, qtbot):
    unlock(window, qtbot)
    window.caseload.select("C200")
    window.clipboard.copy("something the app copied")
    window.add_child()
    window.show_backups()
    assert len(visible_dialogs()) == 2
    window.lock_action.trigger()
    assert_nothing_left(window)
    assert QApplication.clipboard().text() == ""


def test_clipboard_the_iro_replaced_is_left_alone(closed_vault, window, qtbot):
    unlock(window, qtbot)
    window.clipboard.copy("C100")
    QApplication.clipboard().setText("the IRO's own text")
    window.lock()
    assert QApplication.clipboard().text() == "the IRO's own text"


def test_closing_the_window_locks_the_vault(closed_vault, window, qtbot):
    unlock(window, qtbot)
    vault = window.vault
    window.close()
    assert window.vault is None
    assert not vault.is_open
