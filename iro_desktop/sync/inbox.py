"""The other direction: the council puts its latest caseload extract in ``inbox/`` on the target.

When connected, the app lists that folder, fetches each extract it has not seen before (by name
and SHA-256), checks it against the checksum file beside it (``<name>.sha256``) where there is
one, and hands back its bytes for the usual import preview (``caseload.importer``). It never
applies an import itself: the IRO reads the preview and decides. The bytes stay in memory;
nothing is written to disk. What was offered is remembered in the vault (``sync_inbox_seen``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from iro_desktop.caseload import importer
from iro_desktop.errors import IroError
from iro_desktop.sync import outbox
from iro_desktop.sync.target import Target

FOLDER = "inbox"
CHECKSUM_SUFFIX = ".sha256"
EXTRACT_SUFFIXES = (".csv",)
_HEX = re.compile(r"\b([0-9a-fA-F]{64})\b")


class ChecksumMismatch(IroError):
    def __init__(self, name: str) -> None:
        super().__init__(f"The caseload extract {name} in the council's inbox does not match its checksum file, "
                         "so it was not offered for import. Ask the council to put it there again.")


@dataclass(frozen=True)
class Extract:
    name: str
    data: bytes
    sha256: str
    checked: bool  # a checksum file was beside it and it matched

    def __repr__(self) -> str:  # the bytes are child data: never in a log
        return f"Extract(name={self.name!r}, size={len(self.data)}, sha256={self.sha256!r}, checked={self.checked})"


def _expected(target: Target, name: str, names: set[str]) -> str | None:
    """The SHA-256 the checksum file gives (``sha256sum`` output or the bare hash), if any."""
    if name + CHECKSUM_SUFFIX not in names:
        return None
    text = target.get(f"{FOLDER}/{name}{CHECKSUM_SUFFIX}").decode("utf-8", "replace")
    found = _HEX.search(text)
    if found is None:
        raise ChecksumMismatch(name)
    return found.group(1).lower()


def _seen(vault, name: str, sha256: str) -> bool:
    with vault.read() as db:
        return db.conn.execute("SELECT 1 FROM sync_inbox_seen WHERE name = ? AND sha256 = ?",
                               (name, sha256)).fetchone() is not None


def new_extracts(vault, target: Target) -> list[Extract]:
    """Extracts in the inbox not seen before, fetched and checked, oldest name first. A file
    whose checksum does not match raises ``ChecksumMismatch`` and is not offered."""
    names = set(target.list(FOLDER))
    found = []
    for name in sorted(n for n in names if n.lower().endswith(EXTRACT_SUFFIXES)):
        expected = _expected(target, name, names)
        if expected is not None and _seen(vault, name, expected):
            continue  # seen already: no need to fetch it again
        data = target.get(f"{FOLDER}/{name}")
        digest = hashlib.sha256(data).hexdigest()
        if expected is not None and digest != expected:
            raise ChecksumMismatch(name)
        if not _seen(vault, name, digest):
            found.append(Extract(name, data, digest, expected is not None))
    return found


def mark_seen(vault, extract: Extract) -> None:
    """Remember that ``extract`` was offered, so it is not offered again."""
    with vault.transaction() as tx:
        tx.db.conn.execute("INSERT OR IGNORE INTO sync_inbox_seen (name, sha256, size, seen_at) VALUES (?, ?, ?, ?)",
                           (extract.name, extract.sha256, len(extract.data), outbox.stamp(outbox.now_utc())))
        tx.audit("sync.inbox_seen", "sync_inbox", extract.sha256[:16])


def preview(vault, extract: Extract) -> importer.ImportPlan:
    """The usual import preview of an extract (read only). Applying it is the IRO's decision,
    through ``importer.apply`` as for a file they chose."""
    return importer.plan(vault, importer.parse(extract.data))
