"""Backups of the vault: make one now, or put one back in place of the current caseload.

Backups are encrypted copies made by the core; restoring keeps the current database aside in the
backups folder. The main window does the work on the vault thread; this dialog only lists and asks.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox,
    QPushButton, QVBoxLayout, QWidget,
)

from iro_desktop.vault.backups import RETENTION, list_backups


class BackupsDialog(QDialog):
    def __init__(self, parent: QWidget, home: Path, back_up_now: Callable[[], None],
                 restore: Callable[[Path], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 420)
        self._home = home
        self._restore = restore
        intro = QLabel("IRO Desktop makes an encrypted backup of your vault every day you use it, "
                       "and before imports and restores. Newest first:")
        intro.setWordWrap(True)
        self.retention = QLabel(RETENTION)  # the policy lives in the core, with its tests
        self.retention.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        self.list.currentItemChanged.connect(self._update_buttons)
        self.back_up_button = QPushButton("Back up now")
        self.back_up_button.clicked.connect(back_up_now)
        self.restore_button = QPushButton("Restore selected backup…")
        self.restore_button.clicked.connect(self._confirm_restore)
        row = QHBoxLayout()
        row.addWidget(self.back_up_button)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.retention)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for path in list_backups(self._home):
            stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y %H:%M")
            item = QListWidgetItem(f"{stamp}   {path.stem}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def set_busy(self, busy: bool) -> None:
        self.back_up_button.setEnabled(not busy)
        self._update_buttons(busy=busy)

    def _update_buttons(self, *_args, busy: bool = False) -> None:
        self.restore_button.setEnabled(not busy and self.list.currentItem() is not None)

    def _confirm_restore(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        box = QMessageBox(QMessageBox.Icon.Warning, "Restore backup?",
                          f"Restore the backup from {item.text().split('   ')[0]}?\n\nYour caseload "
                          "will go back to how it was then. The current database is kept in the "
                          "backups folder, not deleted.",
                          QMessageBox.StandardButton.Cancel, self)
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._restore(path) if button is restore else None)
        box.open()
