"""The audit chain's head, kept outside the database, so a vault that went back in time shows.

The hash chain inside the database (``audit``) shows rows changed, reordered or removed from the
middle, but not rows removed from the end: a shorter chain still verifies, and so does an older
copy of the whole database put in its place (an old backup copied over ``vault.db`` by hand, a
``-wal`` lost after a crash, every row deleted). So the newest row's sequence number and MAC are
also written to ``audit-head.json`` beside the database, with a count of how many times the head
has been written, under an HMAC keyed from the vault's audit MAC key (which outlives a change of
data key), atomically (temp file, fsync, rename).

It is written after every committed transaction that wrote audit rows (never ahead of the
database: the commit is durable first), and again at every lock, close, backup and restore. At
unlock the database's chain must reach the recorded head and hold it (the same sequence number
with the same MAC); anything else is a regression (``check``).

What it cannot show: someone who replaces the database *and* this file with older copies of
both, or deletes this file (a vault with no head file, such as one made before this file
existed, is given a fresh head at unlock, not refused). It raises the bar from "copy one file"
to "copy two and know to"; a copy of the head kept elsewhere (the council's) would close that.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from iro_desktop.files import atomic_write_bytes

FILE_NAME = "audit-head.json"
FORMAT = 1

# What a regression was (the audit row's record id, and the message's reason).
ROWS_MISSING = "rows_missing"  # the chain ends before the recorded head
DIVERGED = "diverged"  # the chain holds a different row where the head was
HEAD_DAMAGED = "head_damaged"  # the head file does not verify

_REASONS = {
    ROWS_MISSING: "the audit log ends at row {found} but it had reached row {head} when this vault "
                  "was last used, so changes made since then are missing from the database "
                  "(an older copy may have been put in its place, or rows removed)",
    DIVERGED: "row {head} of the audit log is not the row recorded when this vault was last used, "
              "so the database was replaced by a different copy or its log was rewritten",
    HEAD_DAMAGED: "the record of the audit log's last row, kept beside the database, was changed "
                  "or damaged, so the database cannot be checked against it",
}


def path(home: Path) -> Path:
    return Path(home) / FILE_NAME


def _key(mac_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"iro-desktop/audit-head/v1").derive(bytes(mac_key))


@dataclass(frozen=True)
class Head:
    seq: int
    mac: str
    writes: int  # how many times the head was written: it only grows

    def _body(self) -> bytes:
        return json.dumps({"format": FORMAT, "seq": self.seq, "mac": self.mac,
                           "writes": self.writes}, sort_keys=True).encode()


@dataclass(frozen=True)
class Regression:
    """The database's chain does not reach or hold the recorded head."""
    kind: str
    head_seq: int | None
    found_seq: int

    def message(self) -> str:
        reason = _REASONS[self.kind].format(head=self.head_seq, found=self.found_seq)
        return (f"This vault may have gone back in time: {reason}. It has been opened so that you "
                "can keep working, and this has been recorded in the audit log. Check that your "
                "recent work is there; if it is not, restore your latest backup (Backups), and tell "
                "your council's IT team or data protection officer.")


class HeadUnreadable(Exception):
    """The head file exists but does not verify (changed by hand, or damaged)."""


def load(home: Path, mac_key: bytes) -> Head | None:
    """The recorded head, None if there is no head file; HeadUnreadable if it does not verify."""
    p = path(home)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise HeadUnreadable(str(exc)) from exc
    try:
        doc = json.loads(raw)
        head = Head(int(doc["seq"]), str(doc["mac"]), int(doc["writes"]))
        tag = str(doc["tag"])
        if doc.get("format") != FORMAT or head.seq < 0 or head.writes < 0:
            raise ValueError("unknown format")
    except (ValueError, KeyError, TypeError) as exc:
        raise HeadUnreadable("not a head file") from exc
    expected = hmac.new(_key(mac_key), head._body(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(tag, expected):
        raise HeadUnreadable("its tag does not match")
    return head


def save(home: Path, mac_key: bytes, seq: int, mac: str, writes: int) -> Head:
    head = Head(seq, mac, writes)
    tag = hmac.new(_key(mac_key), head._body(), hashlib.sha256).hexdigest()
    doc = {"format": FORMAT, "seq": seq, "mac": mac, "writes": writes, "tag": tag}
    atomic_write_bytes(path(home), json.dumps(doc, sort_keys=True).encode(), mode=0o600)
    return head


def last_row(conn) -> tuple[int, str]:
    """The chain's newest (sequence number, MAC), (0, "") for an empty log."""
    row = conn.execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, "")


def check(conn, head: Head) -> Regression | None:
    """None if the database's chain reaches ``head`` and holds it; else what went wrong."""
    found_seq, _mac = last_row(conn)
    if head.seq == 0:
        return None
    row = conn.execute("SELECT mac FROM audit_log WHERE seq = ?", (head.seq,)).fetchone()
    if row is None:
        return Regression(ROWS_MISSING, head.seq, found_seq)
    if not hmac.compare_digest(str(row[0]), head.mac):
        return Regression(DIVERGED, head.seq, found_seq)
    return None
