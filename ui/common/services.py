"""What the windows need from the outside world, gathered so tests can hand in their own.

Production uses the OS keychain and calibrates Argon2 to this machine; tests pass an in-memory
keychain and a fast KDF through the same object, so every code path the IRO runs is the one the
tests run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings

from iro_desktop.vault import KdfParams, Keychain
from iro_desktop.vault.keychain import system_keychain_or_reason
from iro_desktop.vault.policy import Policy

KeychainSource = Callable[[], "tuple[Keychain | None, str | None]"]


@dataclass
class Services:
    home: Path
    # Returns the keychain to use, or None and the reason there is none (shown to the IRO).
    keychain_source: KeychainSource = system_keychain_or_reason
    kdf: KdfParams | None = None  # None: the core calibrates Argon2 for this computer
    allow_no_keychain: bool = False  # --no-keychain: the IRO already chose passphrase-only
    demo: bool = False
    settings: QSettings = field(default_factory=QSettings)

    def policy(self) -> Policy:
        """The council policy; raises IroError (a readable sentence) if the file is broken."""
        return Policy.load(self.home)

    def idle_lock_policy(self) -> Policy:
        """The council policy as the idle lock reads it (``Policy.load_for_idle_lock``)."""
        return Policy.load_for_idle_lock(self.home)
