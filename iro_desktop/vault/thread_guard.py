"""A thread that must never touch the vault: the app's GUI thread, checked by its tests.

The app runs every vault call on its vault thread (``ui/common/workers.py``), so the window never
freezes behind a backup, an import or a restore. The UI tests switch this guard on for the GUI
thread, so a vault call that slips onto it fails the test that makes it; the core, the command
line and the app in use never switch it on, and then the check costs one comparison.

``exempt`` lets the guard tell the app's calls from a test's own: a test may read the vault on
its thread to check what the app saved (the UI tests exempt calls with no app code on the
stack), and ``allowed()`` lets any code do so for a block, on purpose.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Callable, Iterator


class VaultOnForbiddenThread(RuntimeError):
    """The vault was touched from a thread that must never touch it (a programming error)."""


_forbidden: threading.Thread | None = None
_exempt: Callable[[], bool] | None = None
_allowance = threading.local()


def forbid(thread: threading.Thread | None, exempt: Callable[[], bool] | None = None) -> None:
    """From now on the vault raises if used on ``thread`` (None: on no thread), unless ``exempt()``."""
    global _forbidden, _exempt
    _forbidden, _exempt = thread, exempt


@contextmanager
def allowed() -> Iterator[None]:
    """Let this thread use the vault for the block, even where it is forbidden."""
    _allowance.depth = getattr(_allowance, "depth", 0) + 1
    try:
        yield
    finally:
        _allowance.depth -= 1


def check() -> None:
    if _forbidden is None or threading.current_thread() is not _forbidden:
        return
    if getattr(_allowance, "depth", 0) or (_exempt is not None and _exempt()):
        return
    raise VaultOnForbiddenThread(f"the vault was used on the {_forbidden.name} thread, which must never use it")
