"""Waiting for the main window: its vault work runs on the vault thread, so a screen shows a
read or a save once that work has come back."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from tests.conftest import PASSPHRASE


def unlock(window, qtbot) -> None:
    """Unlock through the unlock screen, as the IRO does, and wait for the home screens."""
    screen = window.unlock_screen
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)


def settle(window, qtbot, timeout: int = 10_000) -> None:
    """Wait until the vault thread has done what the window gave it, and the answers are shown."""
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=timeout)


def opened(kind: type[QDialog], qtbot, timeout: int = 10_000) -> QDialog:
    """The visible dialog of ``kind``, once the window has read what it shows and opened it."""
    def find() -> QDialog | None:
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)

    qtbot.waitUntil(lambda: find() is not None, timeout=timeout)
    return find()


def child_dialog(window, qtbot, child_id: str | None = None):
    """Open the child dialog (a new child where ``child_id`` is None) and return it."""
    from ui.caseload.child_dialog import ChildDialog

    window.add_child() if child_id is None else window.edit_child(child_id)
    return opened(ChildDialog, qtbot)


def select(window, qtbot, child_id: str) -> bool:
    """Select ``child_id`` in the caseload and wait for their record beside it."""
    found = window.caseload.select(child_id)
    settle(window, qtbot)
    return found


def closed(dialog: QDialog) -> bool:
    """The dialog has gone (a dialog deleted on close may already be gone when asked)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()
