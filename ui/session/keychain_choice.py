"""Explains this computer's keychain situation and, where needed, asks before going on without it.

The three cases come straight from the core: a keychain (good), none but the council allows
passphrase-only (ask), none and the council's policy forbids that (explain and stop).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from iro_desktop.errors import IroError, KeychainRequiredByPolicy
from iro_desktop.vault import Keychain

from ui.common.services import Services

WITH_KEYCHAIN = (
    "This computer has a secure keychain. IRO Desktop keeps a secret there and combines it with "
    "your passphrase, so a copy of your vault is useless on another computer without your "
    "recovery code."
)
UNDERSTAND = ("I understand: protect my vault with my passphrase alone on this computer.")


class KeychainChoice(QWidget):
    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None, *, look_now: bool = True) -> None:
        """``look_now=False`` leaves asking the system for its keychain to the first ``refresh``
        (the unlock screen's recovery page asks when it is shown: asking takes a while)."""
        super().__init__(parent)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.understand = QCheckBox(UNDERSTAND)
        self.understand.toggled.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.understand)
        self._services = services
        self._keychain: Keychain | None = None
        self._forbidden = False
        if look_now:
            self.refresh()

    def refresh(self) -> None:
        """Look again: the IRO may have started their keychain service meanwhile."""
        self._keychain, reason = self._services.keychain_source()
        self._forbidden = False
        if self._keychain is not None:
            self.message.setText(WITH_KEYCHAIN)
            self.understand.hide()
        else:
            try:
                required = self._services.policy().require_keychain
            except IroError as exc:
                self.message.setText(str(exc))
                self._forbidden = True
                required = False
            if self._forbidden:
                self.understand.hide()
            elif required:
                self._forbidden = True
                self.message.setText(f"{reason}\n\n{KeychainRequiredByPolicy()}")
                self.understand.hide()
            else:
                self.message.setText(reason or "")
                self.understand.setChecked(self._services.allow_no_keychain)
                self.understand.show()
        self.changed.emit()

    @property
    def forbidden(self) -> bool:
        return self._forbidden

    def ready(self) -> bool:
        if self._keychain is not None:
            return True
        return not self._forbidden and self.understand.isChecked()

    def keychain(self) -> Keychain | None:
        return self._keychain

    def allow_no_keychain(self) -> bool:
        return self._keychain is None and self.understand.isChecked()
