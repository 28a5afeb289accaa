"""The life of a written record: draft -> finalised -> amended as a new version, all kept.

One table of records (``record``: a review's record or a midway review) and one of versions
(``record_version``). The current version is a draft until the IRO finalises it, which stores
their name, the date and the SHA-256 of the content, and makes that version read-only (triggers
in the database refuse any change to it as well). To correct a finalised record the IRO starts
an amendment with a reason: a new draft version, a copy of the last, is created, and the
finalised one stays exactly as it was.

These functions take an open ``Tx`` (or a connection, for reads) so that the kind-specific
modules (``reviews.records``, ``reviews.midway``) add their own changes to the same
transaction. Audit rows name the record by its id only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Callable

from iro_desktop.errors import IroError, ValidationError
from iro_desktop.reviews.model import Content, canonical_json, content_from_dict, sha256_text
from iro_desktop.sync import outbox

DRAFT, FINALISED, AMENDING = "draft", "finalised", "amending"
MAX_NAME = 120
MAX_REASON = 2000


class UnknownRecord(IroError):
    def __init__(self, record_id: int) -> None:
        super().__init__(f"There is no record with the id {record_id} in this vault. Nothing was changed.")
        self.record_id = record_id


class RecordFinalised(IroError):
    """An attempt to change a finalised version."""

    def __init__(self, version: int, finalised_on: date | None) -> None:
        when = f" on {finalised_on:%d/%m/%Y}" if finalised_on else ""
        super().__init__(f"Version {version} was finalised{when} and can no longer be changed. "
                         "To correct it, start an amendment and give the reason. Nothing was changed.")
        self.version = version


class NotFinalised(IroError):
    def __init__(self) -> None:
        super().__init__("This record is still a draft, so it can be changed as it is; an amendment "
                         "is only needed once a version has been finalised. Nothing was changed.")


@dataclass(frozen=True)
class RecordInfo:
    id: int
    kind: str  # "review" or "midway"
    child_id: str
    review_id: int | None  # review: the review held; midway: the review it follows
    record_date: date
    state: str  # draft / finalised / amending
    current_version: int
    first_finalised_on: date | None
    created_at: str
    updated_at: str

    @property
    def ever_finalised(self) -> bool:
        return self.first_finalised_on is not None


@dataclass(frozen=True)
class VersionInfo:
    id: int
    record_id: int
    version: int
    status: str  # draft / finalised
    content_sha256: str
    amendment_reason: str | None
    finalised_by: str | None
    finalised_on: date | None
    created_at: str
    updated_at: str

    @property
    def read_only(self) -> bool:
        return self.status == FINALISED


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_RECORD_COLS = ("id, kind, child_id, review_id, record_date, state, current_version, first_finalised_on, "
                "created_at, updated_at")
_VERSION_COLS = ("id, record_id, version, status, content_sha256, amendment_reason, finalised_by, "
                 "finalised_on, created_at, updated_at")


def _record(row) -> RecordInfo:
    rid, kind, child, review, rdate, state, cur, first, created, updated = row
    return RecordInfo(rid, kind, child, review, _d(rdate), state, cur, _d(first), created, updated)


def _version(row) -> VersionInfo:
    vid, rid, n, status, sha, reason, by, on, created, updated = row
    return VersionInfo(vid, rid, n, status, sha, reason, by, _d(on), created, updated)


# ---- reading -------------------------------------------------------------------------------

def record_info(conn, record_id: int, kind: str | None = None) -> RecordInfo:
    row = conn.execute(f"SELECT {_RECORD_COLS} FROM record WHERE id = ?", (record_id,)).fetchone()
    if row is None or (kind is not None and row[1] != kind):
        raise UnknownRecord(record_id)
    return _record(row)


def records_where(conn, where: str, params: tuple) -> list[RecordInfo]:
    return [_record(r) for r in conn.execute(
        f"SELECT {_RECORD_COLS} FROM record WHERE {where} ORDER BY record_date, id", params)]


def version_info(conn, record_id: int, version: int | None = None) -> tuple[VersionInfo, str]:
    """A version (the current one by default) and its content JSON."""
    if version is None:
        version = conn.execute("SELECT current_version FROM record WHERE id = ?", (record_id,)).fetchone()
        if version is None:
            raise UnknownRecord(record_id)
        version = version[0]
    row = conn.execute(f"SELECT {_VERSION_COLS}, content FROM record_version WHERE record_id = ? AND version = ?",
                       (record_id, version)).fetchone()
    if row is None:
        raise IroError(f"Version {version} of record {record_id} does not exist.")
    return _version(row[:-1]), row[-1]


def versions(conn, record_id: int) -> list[VersionInfo]:
    """Every version of the record, oldest first."""
    return [_version(r) for r in conn.execute(
        f"SELECT {_VERSION_COLS} FROM record_version WHERE record_id = ? ORDER BY version", (record_id,))]


def load_content(text: str) -> Content:
    import json

    return content_from_dict(json.loads(text))


def verify_version(conn, record_id: int, version: int) -> bool:
    """True if the stored content still has the SHA-256 recorded for it."""
    info, text = version_info(conn, record_id, version)
    return sha256_text(text) == info.content_sha256


# ---- changing (inside a transaction) -------------------------------------------------------

def create_record_tx(tx, kind: str, child_id: str, review_id: int | None, content: Content) -> RecordInfo:
    now = now_utc()
    text = canonical_json(content.to_dict())
    cur = tx.db.conn.execute(
        "INSERT INTO record (kind, child_id, review_id, record_date, state, current_version, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
        (kind, child_id, review_id, content.record_date.isoformat(), DRAFT, now, now))
    record_id = cur.lastrowid
    tx.db.conn.execute(
        "INSERT INTO record_version (record_id, version, status, content, content_sha256, created_at, "
        "updated_at) VALUES (?, 1, ?, ?, ?, ?, ?)", (record_id, DRAFT, text, sha256_text(text), now, now))
    tx.audit(f"{kind}_record.create", "record", record_id)
    return record_info(tx.db.conn, record_id)


def _require_draft(conn, record_id: int, kind: str) -> tuple[RecordInfo, VersionInfo]:
    rec = record_info(conn, record_id, kind)
    ver, _text = version_info(conn, record_id, rec.current_version)
    if ver.read_only:
        raise RecordFinalised(ver.version, ver.finalised_on)
    return rec, ver


def save_tx(tx, record_id: int, kind: str, content: Content) -> tuple[RecordInfo, VersionInfo]:
    """Write ``content`` into the current draft version (refused if it is finalised)."""
    conn = tx.db.conn
    rec, ver = _require_draft(conn, record_id, kind)
    text = canonical_json(content.to_dict())
    now = now_utc()
    conn.execute("UPDATE record_version SET content = ?, content_sha256 = ?, updated_at = ? WHERE id = ?",
                 (text, sha256_text(text), now, ver.id))
    conn.execute("UPDATE record SET record_date = ?, updated_at = ? WHERE id = ?",
                 (content.record_date.isoformat(), now, record_id))
    tx.audit(f"{kind}_record.save", "record", record_id)
    return record_info(conn, record_id), version_info(conn, record_id)[0]


def finalise_tx(tx, record_id: int, kind: str, finalised_by: str, finalised_on: date) -> VersionInfo:
    """Finalise the current draft version: name, date and content hash stored, read-only after."""
    conn = tx.db.conn
    by = " ".join((finalised_by or "").split())
    if not by:
        raise ValidationError([("finalised_by", "Give your name: a finalised record says who finalised it.")])
    if len(by) > MAX_NAME:
        raise ValidationError([("finalised_by", f"Keep the name under {MAX_NAME} characters.")])
    rec, ver = _require_draft(conn, record_id, kind)
    _info, text = version_info(conn, record_id, ver.version)
    now = now_utc()
    conn.execute("UPDATE record_version SET status = ?, finalised_by = ?, finalised_on = ?, content_sha256 = ?, "
                 "updated_at = ? WHERE id = ?",
                 (FINALISED, by, finalised_on.isoformat(), sha256_text(text), now, ver.id))
    conn.execute("UPDATE record SET state = ?, first_finalised_on = COALESCE(first_finalised_on, ?), "
                 "updated_at = ? WHERE id = ?", (FINALISED, finalised_on.isoformat(), now, record_id))
    tx.audit(f"{kind}_record.finalise", "record", record_id)
    return version_info(conn, record_id)[0]


def amend_tx(tx, record_id: int, kind: str, reason: str) -> VersionInfo:
    """Start an amendment: a new draft version copied from the finalised one, with the reason."""
    conn = tx.db.conn
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError([("amendment_reason", "Say why the record is being amended; the reason is "
                                "kept with the new version.")])
    if len(reason) > MAX_REASON:
        raise ValidationError([("amendment_reason", f"Keep the reason under {MAX_REASON} characters.")])
    rec = record_info(conn, record_id, kind)
    ver, text = version_info(conn, record_id, rec.current_version)
    if not ver.read_only:
        raise NotFinalised()
    now = now_utc()
    n = ver.version + 1
    conn.execute(
        "INSERT INTO record_version (record_id, version, status, content, content_sha256, amendment_reason, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (record_id, n, DRAFT, text, sha256_text(text), reason, now, now))
    conn.execute("UPDATE record SET state = ?, current_version = ?, updated_at = ? WHERE id = ?",
                 (AMENDING, n, now, record_id))
    tx.audit(f"{kind}_record.amend", "record", record_id)
    return version_info(conn, record_id)[0]


def require_finalisable(checks, on: date, today: date, held_on: date, too_early: str) -> None:
    """Refuse to finalise (ValidationError) while the checks find problems or missing parts,
    or the finalising date is in the future or before the meeting itself."""
    if on > today:
        checks.problems.append(("finalised_on", f"The date {on:%d/%m/%Y} is in the future."))
    if on < held_on:
        checks.problems.append(("finalised_on", too_early))
    if not checks.can_finalise:
        raise ValidationError(checks.problems + checks.missing)


# ---- one routine for every kind of record --------------------------------------------------

def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True)
class RecordKind:
    """What a kind of written record adds to the shared save -> check -> finalise skeleton.

    Each hook runs inside the transaction of the change. ``prepare`` runs once the content has
    passed its checks, just before it is saved: it moves what the record stands for (a review's
    row) and may bring the parts of the content the app writes up to date (True if it changed
    something). Finalising checks again what was saved.
    """

    name: str
    get: Callable[[Any, int], Any]  # (conn, record_id) -> the kind's record type
    checks: Callable[[Any, RecordInfo, Content, date], Any]  # (conn, rec, content, today) -> Checks
    held_on: Callable[[Content], date]  # the day the meeting happened: no finalising before it
    too_early: str
    prepare: Callable[[Any, RecordInfo, Content], bool] = lambda _conn, _rec, _content: False
    after_save: Callable[[Any, RecordInfo, Content], None] = _nothing
    after_finalise: Callable[[Any, RecordInfo, Content, date], None] = _nothing  # (tx, rec, content, on)

    def draft_key(self, record_id: int) -> str:
        """The autosave key for this record's editor (see ``reviews.drafts``)."""
        return f"{self.name}:{record_id}"


def save_record_tx(tx, kind: RecordKind, record_id: int, content: Content, today: date | None = None) -> Any:
    """Save ``content`` into the current draft: refused (ValidationError) if anything in it is
    wrong, and (RecordFinalised) once the current version is finalised. The editor's autosaved
    copy of these very words is dropped: the record holds them now. A copy of other words is
    kept: it was autosaved while this save waited (the IRO typed on), so it is newer, and the
    editor puts it into the record in turn."""
    conn = tx.db.conn
    given = sha256_text(canonical_json(content.to_dict()))  # before ``prepare`` brings the app's parts up to date
    rec = record_info(conn, record_id, kind.name)
    checks = kind.checks(conn, rec, content, today or date.today())
    if checks.problems:
        raise ValidationError(checks.problems)
    kind.prepare(conn, rec, content)
    save_tx(tx, record_id, kind.name, content)
    kind.after_save(conn, rec, content)
    conn.execute("DELETE FROM draft WHERE draft_key = ? AND content_sha256 = ?", (kind.draft_key(record_id), given))
    return kind.get(conn, record_id)


def finalise_record_tx(tx, kind: RecordKind, record_id: int, *, finalised_by: str, on: date | None = None,
                       content: Content | None = None, today: date | None = None) -> Any:
    """Finalise the current draft (saving ``content`` into it first, if given): the IRO's name,
    the date and the content's SHA-256 are stored and the version becomes read-only.
    ValidationError lists everything still wrong or missing; nothing is changed then."""
    today = today or date.today()
    on = on or today
    conn = tx.db.conn
    if content is None:
        draft = kind.get(conn, record_id)
        # Something the app writes into the content may have moved since the draft was saved.
        if not draft.read_only and kind.prepare(conn, draft.record, draft.content):
            content = draft.content
    if content is not None:
        save_record_tx(tx, kind, record_id, content, today)
    current = kind.get(conn, record_id)
    if current.read_only:
        raise RecordFinalised(current.version.version, current.version.finalised_on)
    checks = kind.checks(conn, current.record, current.content, today)
    require_finalisable(checks, on, today, kind.held_on(current.content), kind.too_early)
    finalised = finalise_tx(tx, record_id, kind.name, finalised_by, on)
    kind.after_finalise(tx, current.record, current.content, on)
    # The export to the council goes on the outbox in this same transaction: a finalisation
    # that fails leaves no export, and one that commits cannot lose it.
    outbox.enqueue_record_tx(tx, kind.name, record_id, finalised.version, current.record.child_id,
                             kind.held_on(current.content))
    conn.execute("DELETE FROM draft WHERE draft_key = ?", (kind.draft_key(record_id),))
    return kind.get(conn, record_id)


def amend_record_tx(tx, kind: RecordKind, record_id: int, reason: str) -> Any:
    """Start an amendment with its reason (see ``amend_tx``) and return the new draft."""
    amend_tx(tx, record_id, kind.name, reason)
    return kind.get(tx.db.conn, record_id)
