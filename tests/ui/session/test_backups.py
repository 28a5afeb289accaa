"""File menu backups: back up now, then restore one from the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from iro_desktop.caseload import repository
from tests.ui.conftest import sample_child
from tests.ui.window_support import unlock
from tests.ui.window_support import settle
from ui.session.backups_dialog import BackupsDialog


def test_back_up_now_then_restore_from_the_list(closed_vault, window, qtbot):
    unlock(window, qtbot)
    window.show_backups()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, BackupsDialog) and w.isVisible())
    before = dialog.list.count()
    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.list.count() == before + 1, timeout=10_000)
    assert "Backup made" in window.statusBar().currentMessage()
    newest = dialog.list.item(0).text()
    assert "manual" in newest

    repository.add_child(window.vault, sample_child("C999", "Later", "Addition"))
    window.refresh()
    settle(window, qtbot)
    assert window.caseload.model.rowCount() == 4

    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "Restore" in box.windowTitle()
    restore = next(b for b in box.buttons() if b.text() == "Restore")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 3, timeout=10_000)
    assert window.caseload.model.row_for("C999") is None
    assert any("replaced-" in dialog.list.item(i).text() for i in range(dialog.list.count()))
