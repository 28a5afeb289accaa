"""What every place records are sent to (the WebDAV store, a folder) offers the outbox.

Paths are relative and '/'-separated (``<bundle folder>/<file name>``); each target puts them
under its own root. ``put`` is safe to repeat: it never overwrites, and it returns only once
the target holds exactly ``data`` at ``path``, checked by size and SHA-256."""

from __future__ import annotations

from typing import Protocol


class Target(Protocol):
    #: Where records go, for receipts and messages: a URL without credentials, or a folder.
    where: str

    def check(self) -> None:
        """Reach the target and confirm it can be written to, or raise a ``SyncError``
        (``Offline`` when it is simply not reachable now)."""

    def ensure_folder(self, folder: str) -> None:
        """Make ``folder`` (and its parents) if it is not there."""

    def put(self, path: str, data: bytes, sha256: str) -> None:
        """Leave ``data`` at ``path``, verified. If the same bytes are already there, that counts
        as done; different bytes raise ``Conflict`` and are left untouched."""

    def list(self, folder: str) -> list[str]:
        """The names of the files directly in ``folder`` (empty if it is not there)."""

    def get(self, path: str) -> bytes:
        """The bytes at ``path``."""
