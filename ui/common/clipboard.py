"""Text the app puts on the clipboard, and taking it off again when the vault locks.

Only what this app copied is cleared: if the IRO has since copied something else, it is theirs
and is left alone.
"""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QClipboard, QGuiApplication


def _digest(text: str) -> bytes:
    # A digest, so the guard itself never keeps the copied secret.
    return hashlib.sha256(text.encode("utf-8")).digest()


class ClipboardGuard:
    def __init__(self) -> None:
        self._ours: bytes | None = None

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()

    def copy(self, text: str) -> None:
        self._clipboard().setText(text)
        self._ours = _digest(text)

    def adopt(self, text: str) -> None:
        """Text one of the app's own editors put on the clipboard (Copy in a letter): cleared at
        the lock like anything else the app copied."""
        self._ours = _digest(text)

    @property
    def holds_ours(self) -> bool:
        return self._ours is not None and _digest(self._clipboard().text()) == self._ours

    def clear_if_ours(self) -> None:
        if self.holds_ours:
            clipboard = self._clipboard()
            clipboard.clear(QClipboard.Mode.Clipboard)
            if clipboard.supportsSelection():
                clipboard.clear(QClipboard.Mode.Selection)
        self._ours = None
