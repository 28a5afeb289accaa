"""One copy of the app per vault folder, for the app's whole run.

The vault's own lock is held only while it is unlocked; this one is held by the app from start
to exit, so a second copy started while the first sits at its unlock screen is turned away too.
"""

from __future__ import annotations

from pathlib import Path

import filelock

from iro_desktop.errors import VaultInUse

APP_LOCK_NAME = "app.lock"


class AppInstance:
    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self._lock = filelock.FileLock(str(self.home / APP_LOCK_NAME), timeout=0, thread_local=False)

    def acquire(self) -> "AppInstance":
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise VaultInUse(self.home) from exc
        return self

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()
