"""What the transactions committed on this thread audited, for whoever is watching.

Every change to the vault writes audit rows in its own transaction (``Vault.transaction``), so
the audit rows a job committed are exactly what it changed. A caller that wants to know (the
app's vault thread, to refresh only the screens that show it) wraps the job in ``watch``; the
transaction hands over its rows only once they are committed, never those rolled back.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator


@dataclass(frozen=True)
class Audited:
    """One audit row written by a committed transaction: what was done, to which record."""

    action: str
    record_type: str
    record_id: str
    # The vault (or lane) it was committed on, to read more about the record from.
    source: Any = field(default=None, compare=False, repr=False)


_local = threading.local()


@contextmanager
def watch() -> Iterator[list[Audited]]:
    """The audit rows committed on this thread while inside the block (nested watches each see
    them all)."""
    watchers: list[list[Audited]] = _local.__dict__.setdefault("watchers", [])
    seen: list[Audited] = []
    watchers.append(seen)
    try:
        yield seen
    finally:
        watchers.remove(seen)


def report(rows: list[Audited]) -> None:
    """Called by the vault once a transaction holding ``rows`` has committed."""
    for seen in _local.__dict__.get("watchers", ()):
        seen.extend(rows)
