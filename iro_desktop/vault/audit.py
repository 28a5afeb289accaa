"""The append-only, hash-chained audit log.

Rows hold when (UTC), what action, and which record: never case content. Each row's MAC covers
the previous row's MAC, so editing, deleting or reordering any row breaks the chain from there
on. The MAC key is derived from the data key, so only someone who can unlock the vault can
write a chain that verifies. Triggers refuse UPDATE and DELETE outright.

What the chain cannot show by itself: rows removed from the end. Deleting the newest rows (with
the triggers dropped) leaves a shorter chain that still verifies, and so does putting an older
copy of the whole database (an old backup, say) in place of the current one. So the newest
row's sequence number and MAC are also kept outside the database (``chain_head``), compared at
every unlock, and ``verify`` reports that comparison and every regression found before. A log
without its first row, ``vault.create``, is broken: every vault writes it when it is made.

Anything done by someone who can unlock the vault: they hold the data key, hence the MAC
key, and can rewrite the whole chain. The chain shows edits made without the key, and
mistakes; it is not proof against the vault's own user.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timezone

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

GENESIS = "0" * 64

SCHEMA = [
    """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at_utc TEXT NOT NULL,
        action TEXT NOT NULL,
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        prev_mac TEXT NOT NULL,
        mac TEXT NOT NULL
    )""",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]


def mac_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"iro-desktop/audit-mac/v1").derive(data_key)


def _mac(key: bytes, seq: int, at_utc: str, action: str, record_type: str, record_id: str, prev: str) -> str:
    msg = "\x1f".join([str(seq), at_utc, action, record_type, record_id, prev]).encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def append(conn, key: bytes, action: str, record_type: str, record_id: str) -> int:
    """Append one row inside the caller's open transaction; returns its sequence number."""
    last = conn.execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    mac = _mac(key, seq, at, action, record_type, str(record_id), prev)
    conn.execute(
        "INSERT INTO audit_log (seq, at_utc, action, record_type, record_id, prev_mac, mac) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, at, action, record_type, str(record_id), prev, mac),
    )
    return seq


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    first_bad_seq: int | None = None
    reason: str = ""
    # The last row's sequence number and time (UTC) when the chain is intact: rows removed from
    # the end do not break the chain, so these are for comparing with an earlier copy.
    last_seq: int | None = None
    last_at_utc: str | None = None
    # The comparison with the head kept outside the database (chain_head), filled in by the
    # vault: one sentence, and whether it found the database gone back in time.
    head: str = ""
    regressed: bool = False

    def __str__(self) -> str:
        if not self.ok and self.first_bad_seq is not None:
            text = f"BROKEN at row {self.first_bad_seq}: {self.reason}."
        elif not self.rows:
            text = "OK: 0 audit rows, chain intact."
        else:
            text = (f"{'OK' if self.ok else 'NOT OK'}: {self.rows} audit rows, chain intact. "
                    f"The last is row {self.last_seq}, written {self.last_at_utc} (UTC).")
        return f"{text} {self.head}".strip()


FIRST_ACTION = "vault.create"


def verify(conn, key: bytes) -> VerifyResult:
    """The whole chain checked row by row, from its first row, which must be ``vault.create``."""
    prev, expected_seq, count, last_at = GENESIS, 1, 0, None
    for seq, at, action, rtype, rid, prev_mac, mac in conn.execute(
        "SELECT seq, at_utc, action, record_type, record_id, prev_mac, mac FROM audit_log ORDER BY seq"
    ):
        if seq != expected_seq:
            return VerifyResult(False, count, expected_seq, f"row {expected_seq} is missing")
        if prev_mac != prev:
            return VerifyResult(False, count, seq, "it does not follow the row before it")
        if not hmac.compare_digest(mac, _mac(key, seq, at, action, rtype, rid, prev_mac)):
            return VerifyResult(False, count, seq, "its contents were changed after it was written")
        if seq == 1 and action != FIRST_ACTION:
            return VerifyResult(False, count, seq, f"the log must begin with the vault's {FIRST_ACTION} row")
        prev, expected_seq, count, last_at = mac, seq + 1, count + 1, at
    if not count:
        return VerifyResult(False, 0, 1, f"the log is empty, but every vault's log begins with its "
                            f"{FIRST_ACTION} row, so its rows were deleted")
    return VerifyResult(True, count, last_seq=count or None, last_at_utc=last_at)
