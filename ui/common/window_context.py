"""What a feature's controller needs from the main window, handed in so that no feature folder
imports ``ui/app``: the window its dialogs belong to, the vault thread, the open vault and the
lock counter, and where to tell the IRO things."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from iro_desktop.errors import VaultLocked
from ui.common.workers import Worker

if TYPE_CHECKING:
    from iro_desktop.vault import Vault


@dataclass
class WindowContext:
    window: QWidget  # the parent of the controllers' dialogs
    worker: Worker
    vault: Callable[[], "Vault | None"]  # the open vault, or None while locked
    # The lock counter: work started before a lock must not show its result after it.
    session: Callable[[], int]
    status: Callable[..., None]  # (text, session=None): a message in the status bar
    show_error: Callable[..., None]  # (what, exc, session=None): a message box

    def require_vault(self) -> "Vault":
        vault = self.vault()
        if vault is None:
            raise VaultLocked()
        return vault

    def current(self, session: int) -> bool:
        """True while no lock has happened since ``session`` was taken."""
        return session == self.session()
