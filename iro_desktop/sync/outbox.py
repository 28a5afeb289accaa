"""The outbox: one row per export on its way to the council, written in the transaction of the
change it carries, and kept for good as the receipt (where it went, when, each file's hash).

A row's life: queued -> uploading -> verifying -> synced, or failed (a reason, the attempt
count and the next try) or signin (waiting for the IRO to sign in again). Every change of state
is a transaction with its audit row (``outbox.<state>``, record type "outbox", the bundle id).

This module holds the table's rules only and imports nothing of the records it carries, so the
finalising code (``reviews.lifecycle``) can write a row without importing printing or sync.
The bundles' bytes are made by ``sync.bundles``; the sending is ``sync.drain``.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from iro_desktop.errors import IroError

QUEUED, UPLOADING, VERIFYING, SYNCED, FAILED, SIGNIN = (
    "queued", "uploading", "verifying", "synced", "failed", "signin")
STATES = (QUEUED, UPLOADING, VERIFYING, SYNCED, FAILED, SIGNIN)
IN_FLIGHT = (UPLOADING, VERIFYING)

# Kinds of export. The anonymised figures (reports) will add "figures", with no record behind it.
REVIEW_RECORD, MIDWAY_RECORD, FIGURES = "review_record", "midway_record", "figures"
KINDS = (REVIEW_RECORD, MIDWAY_RECORD, FIGURES)
# The record kinds (``record.kind``) and the export each one makes when finalised.
EXPORT_FOR_RECORD = {"review": REVIEW_RECORD, "midway": MIDWAY_RECORD}

# How long a synced bundle's bytes stay in the vault after the target confirmed them, so the
# IRO can still send the same bytes elsewhere or prove what went; then only the receipt stays.
RETENTION_SETTING = "sync.retention_days"
DEFAULT_RETENTION_DAYS = 30

MAX_REASON = 300


class UnknownBundle(IroError):
    def __init__(self, bundle_id: str) -> None:
        super().__init__(f"There is no export {bundle_id} in the outbox. Nothing was changed.")


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def stamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "child"


def folder_name(child_id: str, record_kind: str, meeting_date: date, version: int) -> str:
    """``C100234-review-2026-01-15-v1``: the child's id, the record kind, the meeting date and
    the version, never a name, because folder names are seen by anyone who browses the store."""
    return f"{_safe(child_id)}-{record_kind}-{meeting_date:%Y-%m-%d}-v{int(version)}"


@dataclass(frozen=True)
class Receipt:
    """One file the target confirmed, by size and SHA-256."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Entry:
    """An outbox row as the Outbox screen and ``iro-desktop outbox`` show it: no case content."""

    bundle_id: str
    kind: str
    record_id: int | None
    version: int | None
    child_id: str | None
    folder: str
    state: str
    attempts: int
    last_error: str | None
    next_try_at: str | None
    target: str | None
    synced_at: str | None
    receipts: tuple[Receipt, ...]
    built: bool
    bytes_kept: bool
    created_at: str

    @property
    def retried_automatically(self) -> bool:
        """False for a failure only the IRO can clear (a conflict): it waits for "Retry now"."""
        return self.state != FAILED or self.next_try_at is not None

    def to_json(self) -> dict:
        return {"bundle_id": self.bundle_id, "kind": self.kind, "record_id": self.record_id,
                "version": self.version, "child_id": self.child_id, "folder": self.folder,
                "state": self.state, "attempts": self.attempts, "last_error": self.last_error,
                "next_try_at": self.next_try_at, "target": self.target, "synced_at": self.synced_at,
                "receipts": [r.__dict__ for r in self.receipts], "bytes_kept": self.bytes_kept,
                "created_at": self.created_at}


_COLS = ("bundle_id, kind, record_id, version, child_id, folder, state, attempts, last_error, next_try_at, "
         "target, synced_at, receipt, built_at, created_at")


def _entry(conn, row) -> Entry:
    (bundle_id, kind, record_id, version, child_id, folder, state, attempts, last_error, next_try,
     target, synced_at, receipt, built_at, created_at) = row
    kept = conn.execute("SELECT COUNT(*) FROM outbox_file WHERE bundle_id = ? AND data IS NOT NULL",
                        (bundle_id,)).fetchone()[0]
    receipts = tuple(Receipt(**r) for r in json.loads(receipt)) if receipt else ()
    return Entry(bundle_id, kind, record_id, version, child_id, folder, state, attempts, last_error, next_try,
                 target, synced_at, receipts, built_at is not None, kept > 0, created_at)


# ---- writing a row (inside the transaction of the change it carries) ------------------------

def enqueue_tx(tx, kind: str, folder: str, *, record_id: int | None = None, version: int | None = None,
               child_id: str | None = None) -> str:
    """Put an export on the outbox in the caller's transaction; returns its bundle id. A second
    finalisation of the same version never happens (versions are read-only once finalised), so
    the (kind, record, version) key is unique; an amendment is a new version, a new bundle."""
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}")
    conn = tx.db.conn
    bundle_id = str(uuid.uuid4())
    # Two records of one kind for one child on one day: the second folder takes the record id.
    if conn.execute("SELECT 1 FROM outbox WHERE folder = ?", (folder,)).fetchone():
        folder = f"{folder}-r{record_id}" if record_id is not None else f"{folder}-{bundle_id[:8]}"
    now = stamp(now_utc())
    conn.execute(
        "INSERT INTO outbox (bundle_id, kind, record_id, version, child_id, folder, state, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (bundle_id, kind, record_id, version, child_id, folder, QUEUED, now, now))
    tx.audit("outbox.queued", "outbox", bundle_id)
    return bundle_id


def enqueue_record_tx(tx, record_kind: str, record_id: int, version: int, child_id: str,
                      meeting_date: date) -> str:
    """The export of a finalised version of a review record or a midway review."""
    return enqueue_tx(tx, EXPORT_FOR_RECORD[record_kind], folder_name(child_id, record_kind, meeting_date, version),
                      record_id=record_id, version=version, child_id=child_id)


# ---- reading ----------------------------------------------------------------------------------

def entries(vault, states: tuple[str, ...] | None = None) -> list[Entry]:
    """Every row, oldest first (or those in ``states``)."""
    sql = f"SELECT {_COLS} FROM outbox"
    params: tuple = ()
    if states:
        sql += f" WHERE state IN ({', '.join('?' * len(states))})"
        params = tuple(states)
    with vault.read() as db:
        return [_entry(db.conn, r) for r in db.conn.execute(sql + " ORDER BY id", params).fetchall()]


def entry(vault, bundle_id: str) -> Entry:
    with vault.read() as db:
        return entry_conn(db.conn, bundle_id)


def entry_conn(conn, bundle_id: str) -> Entry:
    row = conn.execute(f"SELECT {_COLS} FROM outbox WHERE bundle_id = ?", (bundle_id,)).fetchone()
    if row is None:
        raise UnknownBundle(bundle_id)
    return _entry(conn, row)


def due_ids(vault, now: datetime) -> list[str]:
    """Bundles to send now, oldest first: queued ones, and failed ones whose next try has come.
    A failure with no next try (a conflict) waits for the IRO; "signin" waits for a sign-in."""
    with vault.read() as db:
        return [r[0] for r in db.conn.execute(
            "SELECT bundle_id FROM outbox WHERE state = ? OR (state = ? AND next_try_at IS NOT NULL "
            "AND next_try_at <= ?) ORDER BY id", (QUEUED, FAILED, stamp(now)))]


def counts(vault) -> dict[str, int]:
    """How many rows are in each state (every state present, zero where none)."""
    with vault.read() as db:
        found = dict(db.conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    return {s: found.get(s, 0) for s in STATES}


def retention_days(vault) -> int:
    """The retention period in days (the vault's ``sync.retention_days``, default 30)."""
    with vault.read() as db:
        row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (RETENTION_SETTING,)).fetchone()
    raw = row[0] if row else None
    try:
        return max(0, int(raw)) if raw not in (None, "") else DEFAULT_RETENTION_DAYS
    except ValueError:
        return DEFAULT_RETENTION_DAYS


# ---- changing state (each one transaction with its audit row) --------------------------------

def _short(reason: str | None) -> str | None:
    if reason is None:
        return None
    reason = " ".join(reason.split())
    return reason if len(reason) <= MAX_REASON else reason[:MAX_REASON - 1] + "…"


def set_state(vault, bundle_id: str, state: str, *, reason: str | None = None, attempts_add: int = 0,
              next_try: datetime | None = None, keep_reason: bool = False, target: str | None = None,
              receipts: list[Receipt] | None = None, now: datetime | None = None) -> None:
    if state not in STATES:
        raise ValueError(f"unknown outbox state {state!r}")
    now = now or now_utc()
    with vault.transaction() as tx:
        conn = tx.db.conn
        if conn.execute("SELECT 1 FROM outbox WHERE bundle_id = ?", (bundle_id,)).fetchone() is None:
            raise UnknownBundle(bundle_id)
        sets = ["state = ?", "attempts = attempts + ?", "next_try_at = ?", "updated_at = ?"]
        params: list = [state, attempts_add, stamp(next_try) if next_try else None, stamp(now)]
        if not keep_reason:
            sets.append("last_error = ?")
            params.append(_short(reason))
        if target is not None:
            sets.append("target = ?")
            params.append(target)
        if state == SYNCED:
            sets += ["synced_at = ?", "receipt = ?"]
            params += [stamp(now), json.dumps([r.__dict__ for r in receipts or []], separators=(",", ":"))]
        conn.execute(f"UPDATE outbox SET {', '.join(sets)} WHERE bundle_id = ?", (*params, bundle_id))
        tx.audit(f"outbox.{state}", "outbox", bundle_id)


def requeue_interrupted(vault) -> list[str]:
    """At start-up (or unlock): rows a stopped or killed process left "uploading" or "verifying"
    go back to queued. Sending again is safe: a target's put settles a file already there by
    its hash, so nothing is duplicated."""
    with vault.transaction() as tx:
        conn = tx.db.conn
        ids = [r[0] for r in conn.execute(
            f"SELECT bundle_id FROM outbox WHERE state IN ({', '.join('?' * len(IN_FLIGHT))}) ORDER BY id",
            IN_FLIGHT)]
        for bundle_id in ids:
            conn.execute("UPDATE outbox SET state = ?, updated_at = ? WHERE bundle_id = ?",
                         (QUEUED, stamp(now_utc()), bundle_id))
            tx.audit("outbox.requeued", "outbox", bundle_id)
    return ids


def retry_now(vault, bundle_id: str) -> None:
    """The IRO's "Retry now": a failed or waiting row goes back to queued (reason kept to show)."""
    e = entry(vault, bundle_id)
    if e.state == SYNCED:
        raise IroError("This record is already synced; there is nothing to send again.")
    if e.state in (FAILED, SIGNIN):
        set_state(vault, bundle_id, QUEUED, keep_reason=True)


def release_signin(vault) -> int:
    """After a new sign-in is saved: every row waiting for it goes back to queued."""
    waiting = [e.bundle_id for e in entries(vault, (SIGNIN,))]
    for bundle_id in waiting:
        set_state(vault, bundle_id, QUEUED, keep_reason=True)
    return len(waiting)


def drop_expired_bytes(vault, now: datetime | None = None, days: int | None = None) -> list[str]:
    """Drop the bytes of bundles synced more than the retention period ago; the row and each
    file's name, size and hash stay as the receipt. Never touches a bundle not yet synced."""
    now = now or now_utc()
    days = retention_days(vault) if days is None else days
    cutoff = stamp(now - timedelta(days=days))
    with vault.transaction() as tx:
        conn = tx.db.conn
        ids = [r[0] for r in conn.execute(
            "SELECT bundle_id FROM outbox WHERE state = ? AND synced_at <= ? AND blobs_dropped_at IS NULL "
            "ORDER BY id", (SYNCED, cutoff))]
        for bundle_id in ids:
            conn.execute("UPDATE outbox_file SET data = NULL WHERE bundle_id = ?", (bundle_id,))
            conn.execute("UPDATE outbox SET blobs_dropped_at = ?, updated_at = ? WHERE bundle_id = ?",
                         (stamp(now), stamp(now), bundle_id))
            tx.audit("outbox.bytes_dropped", "outbox", bundle_id)
    return ids
