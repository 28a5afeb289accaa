"""Changing the passphrase, and making a new recovery code, while the vault is unlocked.

Both ask for the current passphrase again: the core checks it (wrong attempts count towards the
same growing delay as at unlock) and its errors are shown in the dialog as they are. The vault
work runs on the vault thread through ``Worker``, like every other vault call.

The lock routine closes these dialogs like any other. A result that arrives after a lock (or
after the dialog has gone) is dropped: ``session`` is the window's lock counter.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QStackedWidget,
    QVBoxLayout, QWidget,
)

from iro_desktop.vault import Vault

from ui.common.clipboard import ClipboardGuard
from ui.common.messages import error_text
from ui.session.passphrase_fields import NewPassphraseFields
from ui.common.services import Services
from ui.session.setup_wizard import RecoveryCodePage
from ui.common.workers import Worker


def _para(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class _VaultDialog(QDialog):
    """What both dialogs share: the vault, its thread, and knowing whether a lock came between."""

    def __init__(self, parent: QWidget, vault: Vault, worker: Worker, services: Services,
                 session: Callable[[], int]) -> None:
        super().__init__(parent)
        self._vault = vault
        self._worker = worker
        self._services = services
        self._session_now = session
        self._session = session()
        self.working = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def locked(self) -> bool:
        return self._session_now() != self._session

    def _run(self, fn: Callable[[Any, bool], Any], text: str, done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        services = self._services
        allow = services.allow_no_keychain
        self.working = True

        def still_here(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def deliver(value: Any) -> None:
                if not shiboken6.isValid(self) or self.locked():
                    return  # closed by the lock (or otherwise) meanwhile
                self.working = False
                callback(value)
            return deliver

        # The keychain is looked up on the vault thread too: asking the system keychain can be slow.
        self._worker.run(lambda: fn(services.keychain_source()[0], allow), text=text,
                         done=still_here(done), failed=still_here(failed))


class ChangePassphraseDialog(_VaultDialog):
    def __init__(self, parent: QWidget, vault: Vault, worker: Worker, services: Services,
                 session: Callable[[], int]) -> None:
        super().__init__(parent, vault, worker, services, session)
        self.setWindowTitle("Change passphrase")
        self.current = _passphrase_field("Current passphrase")
        self.fields = NewPassphraseFields(first_label="New passphrase", second_label="Type the new one again")
        self.message = _para()
        self.message.setAccessibleName("Message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.change_button = self.buttons.addButton("Change passphrase", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.change_button.clicked.connect(self.change)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)

        current_row = QFormLayout()
        current_row.setContentsMargins(0, 0, 0, 0)
        current_row.addRow("Current passphrase:", self.current)
        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(_para("Your new passphrase replaces the current one at once. Your recovery "
                                    "code and your caseload stay as they are."))
        form_layout.addLayout(current_row)
        form_layout.addSpacing(8)
        form_layout.addWidget(self.fields)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.current.textChanged.connect(self._update)
        self.fields.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.change_button.setEnabled(not self.working and bool(self.current.text())
                                      and self.fields.is_acceptable())

    def change(self) -> None:
        if not self.change_button.isEnabled():
            return
        old, new = self.current.text(), self.fields.passphrase()
        vault = self._vault
        self.message.setText("Changing your passphrase…")
        self.form.setEnabled(False)
        self._run(lambda keychain, allow: vault.change_passphrase(old, new, keychain, allow_no_keychain=allow),
                  "Changing the passphrase…", self._changed, self._failed)
        self._update()

    def _changed(self, _result: object) -> None:
        self.current.clear()
        self.fields.clear()
        self.form.hide()
        self.message.setText("Your passphrase has been changed. Use the new one next time you unlock "
                             "your vault; the old one no longer works.")
        self.change_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)

    def _failed(self, exc: BaseException) -> None:
        self.form.setEnabled(True)
        self.message.setText(error_text(exc))
        self.current.selectAll()
        self.current.setFocus()
        self._update()

    def reject(self) -> None:
        if self.working and not self.locked():
            return  # wait for the answer: the change may already be made
        super().reject()


class NewRecoveryCodeDialog(_VaultDialog):
    CONFIRM = "I have written down or printed my new recovery code"

    def __init__(self, parent: QWidget, vault: Vault, worker: Worker, services: Services,
                 session: Callable[[], int], clipboard: ClipboardGuard) -> None:
        super().__init__(parent, vault, worker, services, session)
        self.setWindowTitle("Make a new recovery code")
        self.current = _passphrase_field("Current passphrase")
        self.current.returnPressed.connect(self.make)
        self.message = _para()
        self.message.setAccessibleName("Message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ask = QWidget()
        ask_form = QFormLayout()
        ask_form.setContentsMargins(0, 0, 0, 0)
        ask_form.addRow("Current passphrase:", self.current)
        ask_layout = QVBoxLayout(ask)
        ask_layout.setContentsMargins(0, 0, 0, 0)
        self.explanation = _para(
            "<b>Your current recovery code stops working as soon as the new one is made.</b> "
            "Any copy of it you have written down or printed will no longer open your vault.")
        ask_layout.addWidget(self.explanation)
        ask_layout.addWidget(_para("The new code is shown once only, so be ready to write it down or print it. "
                                   "To make it, type your passphrase."))
        ask_layout.addLayout(ask_form)
        ask_layout.addWidget(self.message)
        ask_layout.addStretch(1)

        # The set-up wizard's presentation of the code: large monospace, Copy and Print, the tick.
        self.code_page = RecoveryCodePage(clipboard)
        self.code_page.confirm.setText(self.CONFIRM)
        self.code_page.completeChanged.connect(self._update)

        self.pages = QStackedWidget()
        self.pages.addWidget(ask)
        self.pages.addWidget(self.code_page)

        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton("Make a new recovery code", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.make_button.clicked.connect(self.make)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)

        self.current.textChanged.connect(self._update)
        self.finished.connect(lambda _r: self.code_page.wipe())
        self._update()

    def code_shown(self) -> bool:
        return self.pages.currentWidget() is self.code_page

    def _update(self) -> None:
        self.make_button.setEnabled(not self.working and not self.code_shown() and bool(self.current.text()))
        self.close_button.setEnabled(self.code_page.isComplete())

    def make(self) -> None:
        if not self.make_button.isEnabled():
            return
        passphrase, vault = self.current.text(), self._vault
        self.message.setText("Making your new recovery code…")
        self.current.setEnabled(False)
        self._run(lambda keychain, allow: vault.replace_recovery_code(passphrase, keychain,
                                                                      allow_no_keychain=allow),
                  "Making a new recovery code…", self._made, self._failed)
        self._update()

    def _made(self, code: str) -> None:
        self.current.clear()
        self.message.clear()
        self.code_page.set_code(code)
        self.pages.setCurrentWidget(self.code_page)
        self.make_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self.current.setEnabled(True)
        self.message.setText(error_text(exc))
        self.current.selectAll()
        self.current.setFocus()
        self._update()

    def accept(self) -> None:
        if self.code_shown() and not self.code_page.isComplete():
            return
        super().accept()

    def reject(self) -> None:
        if not self.locked() and (self.working or (self.code_shown() and not self.code_page.isComplete())):
            return  # the old code no longer works: the new one must be kept before this closes
        super().reject()
