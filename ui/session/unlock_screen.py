"""The unlock screen: passphrase, the recovery-code path, and restoring a backup of a damaged vault.

Every outcome is the core's: this screen passes what the IRO typed to ``Vault.unlock`` (or
``unlock_with_recovery`` / ``restore_backup``) on the worker thread and shows what comes back.
A damaged vault is only ever replaced by a backup the IRO picks; nothing here creates a vault.
"""

from __future__ import annotations

import math
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from iro_desktop.demo_vault import DEMO_PASSPHRASE
from iro_desktop.errors import (
    KeychainEntryMissing, KeychainUnavailable, UnlockThrottled, VaultCorrupt, WrongPassphrase,
)
from iro_desktop.vault import Vault
from iro_desktop.vault.backups import list_backups

from ui.session.keychain_choice import KeychainChoice
from ui.common.messages import error_text
from ui.session.passphrase_fields import NewPassphraseFields
from ui.common.services import Services
from ui.common.workers import Worker


class MessageLabel(QLabel):
    """A paragraph that takes no room while it has nothing to say."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setObjectName(role)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


def _para(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def _card(*widgets: QWidget | QHBoxLayout) -> QWidget:
    """A fixed-width column in the middle of the window: the screens are mostly empty space."""
    card = QFrame()
    card.setMaximumWidth(560)
    inner = QVBoxLayout(card)
    inner.setSpacing(10)
    for w in widgets:
        if isinstance(w, QHBoxLayout):
            inner.addLayout(w)
        else:
            inner.addWidget(w)
    outer = QWidget()
    layout = QHBoxLayout(outer)
    layout.addStretch(1)
    column = QVBoxLayout()
    column.addStretch(1)
    column.addWidget(card)
    column.addStretch(2)
    layout.addLayout(column, 3)
    layout.addStretch(1)
    return outer


class UnlockScreen(QWidget):
    """Emits ``unlocked`` with an open vault."""

    unlocked = Signal(object)

    def __init__(self, services: Services, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._retry_at = 0.0  # monotonic time before which Unlock stays disabled
        self._in_flight = False
        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._tick)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_passphrase_page())
        self.pages.addWidget(self._build_recovery_page())
        self.pages.addWidget(self._build_restore_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    # ---- building -------------------------------------------------------------------------

    def _build_passphrase_page(self) -> QWidget:
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Your passphrase")
        self.passphrase.returnPressed.connect(self.unlock)
        self.passphrase.textChanged.connect(self._update_buttons)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.message = MessageLabel("message")
        self.countdown_label = MessageLabel("countdown")
        self.use_recovery = QPushButton("Forgotten your passphrase? Use your recovery code")
        self.use_recovery.setFlat(True)
        self.use_recovery.clicked.connect(lambda: self.show_recovery())
        self.demo_note = _para(f"This is the demo vault of invented children. Its passphrase is<br>"
                               f"<b><tt>{DEMO_PASSPHRASE}</tt></b>")
        self.demo_note.setVisible(self._services.demo)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        recovery_row = QHBoxLayout()
        recovery_row.addWidget(self.use_recovery)
        recovery_row.addStretch(1)
        return _card(_heading("Your vault is locked"),
                     _para(f"Vault: {self._services.home.name}"),
                     self.demo_note, row, self.countdown_label, self.message, recovery_row)

    def _build_recovery_page(self) -> QWidget:
        self.recovery_message = MessageLabel("message")
        self.recovery_code = QLineEdit()
        self.recovery_code.setAccessibleName("Recovery code")
        self.recovery_code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.recovery_code.textChanged.connect(self._update_buttons)
        self.new_passphrase = NewPassphraseFields(first_label="New passphrase")
        self.new_passphrase.changed.connect(self._update_buttons)
        self.recovery_keychain = KeychainChoice(self._services, look_now=False)  # show_recovery looks
        self.recovery_keychain.changed.connect(self._update_buttons)
        self.recover_button = QPushButton("Unlock and set my new passphrase")
        self.recover_button.clicked.connect(self.recover)
        holder, buttons = self._field_and_buttons("Recovery code:", self.recovery_code, self.recover_button)
        return _card(_heading("Unlock with your recovery code"),
                     _para("Type the recovery code you wrote down or printed when you set up the "
                           "vault (dashes and spaces do not matter), then choose a new passphrase."),
                     self.recovery_message, holder, self.new_passphrase, self.recovery_keychain,
                     buttons)

    def _field_and_buttons(self, label: str, field: QWidget, action: QPushButton) -> tuple[QWidget, QHBoxLayout]:
        """One labelled field, and a row with Back (to the passphrase page) and the page's action."""
        form = QFormLayout()
        form.addRow(label, field)
        holder = QWidget()
        holder.setLayout(form)
        back = QPushButton("Back")
        back.clicked.connect(lambda: self.show_passphrase())
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(action)
        return holder, buttons

    def _build_restore_page(self) -> QWidget:
        self.restore_message = MessageLabel("message")
        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName("Backups")
        self.backup_list.currentItemChanged.connect(self._update_buttons)
        self.restore_passphrase = QLineEdit()
        self.restore_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.restore_passphrase.setAccessibleName("Passphrase")
        self.restore_passphrase.textChanged.connect(self._update_buttons)
        self.restore_button = QPushButton("Restore this backup")
        self.restore_button.clicked.connect(self.restore)
        holder, buttons = self._field_and_buttons("Passphrase:", self.restore_passphrase, self.restore_button)
        return _card(_heading("Your vault needs restoring"), self.restore_message,
                     _para("Choose a backup to restore. The damaged file is kept in the backups "
                           "folder, never deleted."),
                     self.backup_list, holder, buttons)

    # ---- pages ----------------------------------------------------------------------------

    def show_passphrase(self, message: str = "") -> None:
        self.message.setText(message)
        self.restore_passphrase.clear()
        self.pages.setCurrentIndex(0)
        self._update_buttons()
        self.passphrase.setFocus()

    def show_recovery(self, message: str = "") -> None:
        self.recovery_message.setText(message)
        self.recovery_keychain.refresh()
        self.pages.setCurrentIndex(1)
        self._update_buttons()
        self.recovery_code.setFocus()

    def show_restore(self, error: VaultCorrupt, passphrase: str) -> None:
        self.restore_message.setText(str(error))
        self.backup_list.clear()
        for path in list_backups(self._services.home):
            stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y %H:%M")
            item = QListWidgetItem(f"{path.name}   (saved {stamp})")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.backup_list.addItem(item)
            if error.latest_backup is not None and path == Path(error.latest_backup):
                self.backup_list.setCurrentItem(item)
        if self.backup_list.currentItem() is None and self.backup_list.count():
            self.backup_list.setCurrentRow(0)
        self.restore_passphrase.setText(passphrase)
        self.pages.setCurrentIndex(2)
        self._update_buttons()

    def reset(self) -> None:
        """Back to a blank passphrase page (after a lock, or once unlocked)."""
        for field in (self.passphrase, self.recovery_code, self.restore_passphrase):
            field.clear()
        self.new_passphrase.clear()
        self.backup_list.clear()
        self.recovery_message.clear()
        self.restore_message.clear()
        self.show_passphrase()

    # ---- actions --------------------------------------------------------------------------

    def _keychain(self):
        return self._services.keychain_source()[0]

    def unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        home, passphrase = self._services.home, self.passphrase.text()
        allow = self._services.allow_no_keychain
        keychain_source = self._services.keychain_source
        self._start("Unlocking…",
                    lambda: Vault.unlock(home, passphrase, keychain_source()[0], allow_no_keychain=allow),
                    passphrase)

    def recover(self) -> None:
        if not self.recover_button.isEnabled():
            return
        home, code = self._services.home, self.recovery_code.text()
        new = self.new_passphrase.passphrase()
        keychain = self.recovery_keychain.keychain()
        allow = self.recovery_keychain.allow_no_keychain()
        kdf = self._services.kdf
        self._start("Unlocking with your recovery code…",
                    lambda: Vault.unlock_with_recovery(home, code, new, keychain,
                                                       allow_no_keychain=allow, kdf=kdf),
                    "")

    def restore(self) -> None:
        item = self.backup_list.currentItem()
        if item is None or not self.restore_button.isEnabled():
            return
        backup = Path(item.data(Qt.ItemDataRole.UserRole))
        home, passphrase = self._services.home, self.restore_passphrase.text()
        allow = self._services.allow_no_keychain
        keychain_source = self._services.keychain_source
        self._start("Restoring the backup…",
                    lambda: Vault.restore_backup(home, passphrase, keychain_source()[0], backup,
                                                 allow_no_keychain=allow),
                    passphrase)

    def _start(self, text: str, fn, passphrase: str) -> None:
        self._in_flight = True
        self._update_buttons()
        self._worker.run(fn, text=text, done=self._succeeded,
                         failed=lambda exc: self._failed(exc, passphrase))

    def _succeeded(self, vault: Vault) -> None:
        self._in_flight = False
        self.reset()
        self.unlocked.emit(vault)

    def _failed(self, exc: BaseException, passphrase: str) -> None:
        self._in_flight = False
        text = error_text(exc)
        if isinstance(exc, (WrongPassphrase, UnlockThrottled)) and exc.retry_after > 0:
            self._start_countdown(exc.retry_after)
        if isinstance(exc, VaultCorrupt):
            self.show_restore(exc, passphrase)
        elif isinstance(exc, (KeychainEntryMissing, KeychainUnavailable)) and self.pages.currentIndex() == 0:
            self.passphrase.clear()
            self.show_recovery(text)
        else:
            page = self.pages.currentIndex()
            if page == 0:
                self.message.setText(text)
                self.passphrase.selectAll()
                self.passphrase.setFocus()
            elif page == 1:
                self.recovery_message.setText(text)
            else:
                self.restore_message.setText(text)
        self._update_buttons()

    # ---- the growing delay ----------------------------------------------------------------

    def _start_countdown(self, seconds: float) -> None:
        self._retry_at = time.monotonic() + seconds
        self._countdown.start()
        self._tick()

    def seconds_to_wait(self) -> int:
        return max(0, math.ceil(self._retry_at - time.monotonic()))

    def _tick(self) -> None:
        left = self.seconds_to_wait()
        if left <= 0:
            self._countdown.stop()
            self.countdown_label.clear()
        else:
            unit = "second" if left == 1 else "seconds"
            self.countdown_label.setText(f"You can try again in {left} {unit}.")
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        waiting = self.seconds_to_wait() > 0 or self._in_flight
        self.unlock_button.setEnabled(not waiting and bool(self.passphrase.text()))
        self.recover_button.setEnabled(
            not waiting and bool(self.recovery_code.text().strip())
            and self.new_passphrase.is_acceptable() and self.recovery_keychain.ready())
        self.restore_button.setEnabled(
            not waiting and self.backup_list.currentItem() is not None
            and bool(self.restore_passphrase.text()))
