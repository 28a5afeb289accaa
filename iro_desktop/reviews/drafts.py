"""Autosave: never lose a word of a letter or midway review being written.

The editor saves what is on screen within a second of a change, even while the IRO keeps
typing (``ui.records.autosave``). The work is split so typing never waits:

* ``prepare_draft(content)`` runs on the UI thread: it turns the content into its canonical
  JSON and hashes it (well under a millisecond for a 3,000-word letter; ``bench`` measures it).
* ``save_draft(vault, key, payload)`` runs on a worker thread: one small SQLite transaction
  into the ``draft`` table. The vault runs in WAL mode with ``synchronous=FULL``, so once it
  returns the text is on disk and survives a crash, a killed process or a power cut. An
  unchanged payload costs nothing (no write at all). The app gives it the vault's drafts lane
  (``lane(vault)``): a connection and a thread of their own, so a save never waits behind a
  backup, an import or a batch of letters on the vault's own connection.

Drafts are keyed by what they belong to (``reviews.records.draft_key``: "review:12",
"midway:7"). They are the fast half of one kind of saved: the editor puts the words into the
record itself when the IRO closes it, locks or pauses (``put_into_record``), and saving the
record removes the autosaved copy of those words in the same transaction. So a draft is left
only where the app stopped before it could do that (a crash, a power cut) or the record
refused the words (a date in the future): ``recover_drafts`` lists those on the next unlock,
and the editor brings them back (``load_draft``) or the IRO throws them away
(``discard_draft``). The IRO is never told about drafts: only that their words are saved.

Audit volume. Every change to the vault normally writes an audit row in the same transaction.
An autosave every 2 seconds would add 1,800 rows an hour of writing: the log the council reads
would be mostly autosaves, and verifying it would slow down for no gain, because an autosave
changes no record, only the scratch copy of work in progress. So an autosave writes an audit
row ("draft.autosave", the draft key, no content) the first time a draft is saved after the
vault is unlocked, and then at most once a minute (``AUDIT_INTERVAL_S``) while the IRO keeps
writing; the saves in between change only the ``draft`` table and are checked to change
nothing else. The log still shows when each draft was being worked on, to the minute, and
every real change (save, finalise, amend, discard) has its own row as always.
"""

from __future__ import annotations

import json
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from iro_desktop.errors import ValidationError
from iro_desktop.reviews.lifecycle import RecordFinalised
from iro_desktop.reviews.model import Content, canonical_json, content_from_dict, sha256_text

AUDIT_INTERVAL_S = 60.0
LANE = "drafts"  # the vault's second connection that autosaves write through (Vault.lane)


@dataclass(frozen=True)
class DraftPayload:
    """What the UI thread hands to the worker: the content as text, and its hash."""

    text: str
    sha256: str


@dataclass(frozen=True)
class RecoveredDraft:
    """Unsaved work found on unlock."""

    draft_key: str
    kind: str  # "review", "midway", or whatever the key's prefix is
    record_id: int | None
    child_id: str | None
    first_saved_at: str  # UTC
    saved_at: str  # UTC, the last autosave
    saves: int
    record_state: str | None  # the record's state now: "draft", "finalised", "amending" (None: no record)

    @property
    def record_is_finalised(self) -> bool:
        """The record was finalised since: the work can go into an amendment, not the old draft."""
        return self.record_state == "finalised"


def prepare_draft(content: Content | dict[str, Any] | str) -> DraftPayload:
    """The UI-thread part of an autosave: serialise (and hash) what is on screen."""
    if isinstance(content, str):
        text = content
    elif isinstance(content, dict):
        text = canonical_json(content)
    else:
        text = canonical_json(content.to_dict())
    return DraftPayload(text, sha256_text(text))


def lane(vault):
    """The connection autosaves go through: the vault's drafts lane (``Vault.lane``). Use it on
    one thread at a time; the app keeps one thread for it (``ui.common.workers.Worker.drafts``)."""
    return vault.lane(LANE)


def save_draft_on_lane(vault, draft_key: str, payload: DraftPayload) -> bool:
    """An editor's autosave: ``save_draft`` through the drafts' lane (``lane``), so it never
    waits behind the vault's own connection. Call it on the lane's thread."""
    return save_draft(lane(vault), draft_key, payload)


def parse_key(draft_key: str) -> tuple[str, int | None]:
    kind, _, ref = draft_key.partition(":")
    return kind, int(ref) if ref.isdigit() else None


class _SessionState:
    """Per unlocked vault: when each draft last had an audit row."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.audited: dict[str, float] = {}


_sessions: "weakref.WeakKeyDictionary[Any, _SessionState]" = weakref.WeakKeyDictionary()
_sessions_lock = threading.Lock()


def _session(vault) -> _SessionState:
    with _sessions_lock:
        state = _sessions.get(vault)
        if state is None:
            state = _sessions[vault] = _SessionState()
        return state


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_UPSERT = """
INSERT INTO draft (draft_key, child_id, content, content_sha256, first_saved_at, saved_at, saves)
VALUES (:key, (SELECT child_id FROM record WHERE kind = :kind AND id = :rid), :content, :sha, :now, :now, 1)
ON CONFLICT(draft_key) DO UPDATE SET content = excluded.content, content_sha256 = excluded.content_sha256,
    saved_at = excluded.saved_at, saves = draft.saves + 1
"""


def save_draft(vault, draft_key: str, content: DraftPayload | Content | dict[str, Any] | str, *,
               clock=time.monotonic) -> bool:
    """Autosave ``content`` (best prepared on the UI thread with ``prepare_draft``) under
    ``draft_key``. Returns True if it was written, False if it was already saved as it is
    (in the draft table, or in the record itself). Safe to call from a worker thread."""
    payload = content if isinstance(content, DraftPayload) else prepare_draft(content)
    kind, rid = parse_key(draft_key)
    state = _session(vault)
    with state.lock:
        with vault.read() as db:
            row = db.conn.execute("SELECT content_sha256 FROM draft WHERE draft_key = ?", (draft_key,)).fetchone()
            draft_sha = row[0] if row else None
            record_sha = _record_sha(db.conn, kind, rid)
        if draft_sha == payload.sha256:
            return False
        if record_sha == payload.sha256:
            # What is on screen is what the record holds: nothing is unsaved.
            if draft_sha is not None:
                with vault.draft_transaction() as conn:
                    conn.execute("DELETE FROM draft WHERE draft_key = ?", (draft_key,))
            return False
        params = {"key": draft_key, "kind": kind, "rid": rid, "content": payload.text, "sha": payload.sha256,
                  "now": _now()}
        now = clock()
        last = state.audited.get(draft_key)
        if last is None or now - last >= AUDIT_INTERVAL_S:
            with vault.transaction() as tx:
                tx.db.conn.execute(_UPSERT, params)
                tx.audit("draft.autosave", "draft", draft_key)
            state.audited[draft_key] = now
        else:
            with vault.draft_transaction() as conn:
                conn.execute(_UPSERT, params)
        return True


def _record_sha(conn, kind: str, rid: int | None) -> str | None:
    if rid is None:
        return None
    row = conn.execute(
        "SELECT v.content_sha256 FROM record r JOIN record_version v "
        "ON v.record_id = r.id AND v.version = r.current_version WHERE r.id = ? AND r.kind = ?",
        (rid, kind)).fetchone()
    return row[0] if row else None


def put_into_record(vault, draft_key: str, payload: DraftPayload,
                    save: Callable[[Any, int, Content], Any]) -> bool:
    """Closing an editor or locking: the words on screen go into the record itself.

    They are autosaved first (a small write, so nothing is lost whatever happens next), then
    ``save(vault, record_id, content)`` (``records.save_review``, ``midway.save_midway``) puts
    them into the record in its own audited transaction, which drops that autosaved copy. True
    if the record holds them now. False if the record refused them (something in them is wrong,
    such as a date in the future, or the record was finalised meanwhile): the autosaved copy
    keeps them, and the editor brings them back when the record is next opened."""
    save_draft(vault, draft_key, payload)
    _kind, record_id = parse_key(draft_key)
    if record_id is None:
        return False
    try:
        save(vault, record_id, content_from_dict(json.loads(payload.text)))
    except (ValidationError, RecordFinalised):
        return False
    return True


def discard_draft(vault, draft_key: str) -> bool:
    """Throw away unsaved work the IRO does not want back. True if there was any."""
    with vault.transaction() as tx:
        gone = tx.db.conn.execute("DELETE FROM draft WHERE draft_key = ?", (draft_key,)).rowcount
        if gone:
            tx.audit("draft.discard", "draft", draft_key)
    return bool(gone)


def recover_drafts(vault) -> list[RecoveredDraft]:
    """Unsaved work to offer back after an unlock (a crash, a power cut, a lock mid-sentence),
    newest first. Drafts identical to what their record now holds are not listed."""
    with vault.read() as db:
        rows = db.conn.execute(
            """SELECT d.draft_key, d.child_id, d.first_saved_at, d.saved_at, d.saves, d.content_sha256,
                      r.state, v.content_sha256
               FROM draft d
               LEFT JOIN record r ON d.draft_key = r.kind || ':' || r.id
               LEFT JOIN record_version v ON v.record_id = r.id AND v.version = r.current_version
               ORDER BY d.saved_at DESC""").fetchall()
    out = []
    for key, child, first, saved, saves, sha, state, record_sha in rows:
        if record_sha is not None and record_sha == sha:
            continue
        kind, rid = parse_key(key)
        out.append(RecoveredDraft(key, kind, rid, child, first, saved, saves, state))
    return out


def load_draft_text(vault, draft_key: str) -> str | None:
    with vault.read() as db:
        row = db.conn.execute("SELECT content FROM draft WHERE draft_key = ?", (draft_key,)).fetchone()
    return row[0] if row else None


def load_draft(vault, draft_key: str) -> Content | dict[str, Any] | None:
    """The autosaved content: a ``ReviewContent`` or ``MidwayContent`` for record drafts, else
    the stored JSON as a dict (or the text, if it was not JSON). None if there is none."""
    text = load_draft_text(vault, draft_key)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict) and data.get("kind") in ("review", "midway"):
        return content_from_dict(data)
    return data


_DRAFT_COLUMNS = "draft_key, child_id, content, content_sha256, first_saved_at, saved_at, saves"


@dataclass(frozen=True)
class RestoredWork:
    """What became of the unsaved work when a backup was restored."""

    carried: int  # drafts put into the restored vault, to be offered back
    left_behind: int  # drafts of records the backup does not hold: kept in the set-aside copy


def restore_keeping_drafts(vault, backup) -> RestoredWork:
    """Restore ``backup`` (``Vault.restore``) without losing the work being written.

    The drafts in the current database are carried into the restored one, in the restore's
    audited transaction (a "draft.carried" row each), so the next unlock, or the editor opened
    again, offers them back. A draft goes over only where the restored vault holds its record
    for the same child (or, for a draft of no record, the same child or none): a record made
    after the backup is not in it, and its number may later be given to another record, so such
    a draft stays in the database set aside in the backups folder, never attached to the wrong
    record."""
    outcome: dict[str, int] = {}

    def carry(conn):
        rows = conn.execute(f"SELECT {_DRAFT_COLUMNS} FROM draft").fetchall()

        def put_back(tx) -> None:
            carried = 0
            for row in rows:
                key, child_id = row[0], row[1]
                kind, rid = parse_key(key)
                if rid is not None:
                    found = tx.db.conn.execute("SELECT child_id FROM record WHERE kind = ? AND id = ?",
                                               (kind, rid)).fetchone()
                    fits = found is not None and child_id is not None and found[0] == child_id
                else:
                    fits = child_id is None or tx.db.conn.execute(
                        "SELECT 1 FROM child WHERE child_id = ?", (child_id,)).fetchone() is not None
                if not fits:
                    continue
                tx.db.conn.execute(f"INSERT OR REPLACE INTO draft ({_DRAFT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   row)
                tx.audit("draft.carried", "draft", key)
                carried += 1
            outcome.update(carried=carried, left_behind=len(rows) - carried)

        return put_back

    vault.restore(backup, carry=carry)
    # The next autosave into the restored file writes (and audits) afresh.
    forget_session(vault)
    forget_session(lane(vault))
    return RestoredWork(outcome.get("carried", 0), outcome.get("left_behind", 0))


def forget_session(vault) -> None:
    """Forget what this vault object has saved (the next save writes and audits afresh)."""
    with _sessions_lock:
        _sessions.pop(vault, None)
