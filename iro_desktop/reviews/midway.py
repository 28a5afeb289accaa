"""The midway review: half-way between reviews, the IRO checks the plan is on track.

It records the date and how it was done (visit, call, meeting with the social worker, video),
progress on each open decision with a note, the child's views since the review, new concerns,
whether an escalation is needed, and a short note the IRO may send to the child. It is
finalised and amended like a review record (``reviews.lifecycle``). A finalised midway review
marks the midway done for the timescales, and decisions it found done are marked done.

An escalation started here is a tracked one (``iro_desktop.escalations.tracker``), at the
council's first stage: ``start_escalation`` at any time (the "start an escalation" button), and
finalising a midway review that says one is needed raises one if none was started from it yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_desktop import search
from iro_desktop.documents import markup, readability
from iro_desktop.documents.readability import Readability
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.reviews import lifecycle
from iro_desktop.reviews.checks import Checks, check_midway
from iro_desktop.reviews.lifecycle import RecordInfo, VersionInfo
from iro_desktop.reviews.model import MidwayContent, RecommendationProgress
from iro_desktop.reviews.recommendations import apply_midway_tx, long_date, open_for_child_tx
from iro_desktop.timescales import age_on

KIND = "midway"
MAX_ESCALATION = 20000


@dataclass(frozen=True)
class MidwayRecord:
    record: RecordInfo
    version: VersionInfo
    content: MidwayContent

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def read_only(self) -> bool:
        return self.version.read_only


@dataclass(frozen=True)
class EscalationIntent:
    id: int
    child_id: str
    record_id: int | None
    raised_on: date
    details: str
    state: str


def draft_key(record_id: int) -> str:
    return RECORD_KIND.draft_key(record_id)


def _get(conn, record_id: int, version: int | None = None) -> MidwayRecord:
    rec = lifecycle.record_info(conn, record_id, KIND)
    ver, text = lifecycle.version_info(conn, record_id, version)
    content = lifecycle.load_content(text)
    assert isinstance(content, MidwayContent)
    return MidwayRecord(rec, ver, content)


def _review_before(conn, child_id: str, day: date) -> tuple[int, date] | None:
    row = conn.execute("SELECT id, review_date FROM review WHERE child_id = ? AND review_date <= ? "
                       "ORDER BY review_date DESC, id DESC LIMIT 1", (child_id, day.isoformat())).fetchone()
    return (row[0], date.fromisoformat(row[1])) if row else None


def search_text(content: MidwayContent) -> tuple[str, str]:
    title = f"Midway review, {long_date(content.midway_date)}"
    parts = [markup.strip_markup(t) for t in (content.child_views, content.new_concerns, content.escalation_details,
                                               content.child_note)]
    parts += [p.note for p in content.progress if p.note.strip()]
    return title, "\n".join(p for p in parts if p.strip())


def _index_tx(conn, record_id: int, child_id: str, content: MidwayContent) -> None:
    title, body = search_text(content)
    search.index_tx(conn, KIND, record_id, child_id, title, body)


def _checks_tx(conn, rec: RecordInfo, content: MidwayContent, today: date) -> Checks:
    before = _review_before(conn, rec.child_id, content.midway_date) if content.midway_date else None
    open_uids = [t.uid for t in open_for_child_tx(conn, rec.child_id, before=content.midway_date)] \
        if content.midway_date else []
    # Decisions this midway already marked done stay on its list after an amendment.
    open_uids += [uid for (uid,) in conn.execute("SELECT uid FROM recommendation WHERE status_record_id = ?",
                                                  (rec.id,))]
    return check_midway(content, before[1] if before else None, today, open_uids=open_uids)


def progress_date(midway_date: date | None, today: date) -> date:
    """The day a midway review's progress list is judged on (what is past due): the midway
    date, or today while that date is still ahead or not chosen."""
    return min(midway_date, today) if midway_date else today


def note_readability(vault, content: MidwayContent, date_of_birth: date | None) -> Readability:
    """The readability panel's figures for the note to the child, with the child's age on the
    midway date beside the reading age and the IRO's long-letter setting applied."""
    age = age_on(date_of_birth, content.midway_date) if date_of_birth and content.midway_date else None
    return readability.analyse_markup(content.child_note, child_age=age, word_limit=readability.word_limit(vault))


# ---- starting and reading ------------------------------------------------------------------

def start_midway_tx(tx, child_id: str, midway_date: date, *, how: str | None = None,
                    today: date | None = None) -> MidwayRecord:
    today = today or date.today()
    conn = tx.db.conn
    row = conn.execute("SELECT COALESCE(NULLIF(trim(preferred_name), ''), first_name) FROM child "
                       "WHERE child_id = ?", (child_id,)).fetchone()
    if row is None:
        from iro_desktop.caseload.repository import UnknownChild

        raise UnknownChild(child_id)
    if midway_date > today:
        raise ValidationError([("midway_date", f"{midway_date:%d/%m/%Y} is in the future; record a midway "
                                "review once it has happened.")])
    before = _review_before(conn, child_id, midway_date)
    progress = [RecommendationProgress(t.uid) for t in open_for_child_tx(conn, child_id, before=midway_date)]
    content = MidwayContent(midway_date=midway_date, how=how, progress=progress, addressed_to=row[0])
    rec = lifecycle.create_record_tx(tx, KIND, child_id, before[0] if before else None, content)
    _index_tx(conn, rec.id, child_id, content)
    return _get(conn, rec.id)


def start_midway(vault, child_id: str, midway_date: date, *, how: str | None = None,
                 today: date | None = None) -> MidwayRecord:
    """Start a midway review as a draft, listing every open decision for progress."""
    with vault.transaction() as tx:
        return start_midway_tx(tx, child_id, midway_date, how=how, today=today)


def get_midway(vault, record_id: int) -> MidwayRecord:
    with vault.read() as db:
        return _get(db.conn, record_id)


def midway_version(vault, record_id: int, version: int) -> MidwayRecord:
    with vault.read() as db:
        return _get(db.conn, record_id, version)


def midway_versions(vault, record_id: int) -> list[VersionInfo]:
    with vault.read() as db:
        lifecycle.record_info(db.conn, record_id, KIND)
        return lifecycle.versions(db.conn, record_id)


def midway_records(vault, child_id: str) -> list[RecordInfo]:
    with vault.read() as db:
        return lifecycle.records_where(db.conn, "kind = ? AND child_id = ?", (KIND, child_id))


def midway_checks(vault, record_id: int, content: MidwayContent, today: date | None = None) -> Checks:
    with vault.read() as db:
        rec = lifecycle.record_info(db.conn, record_id, KIND)
        return _checks_tx(db.conn, rec, content, today or date.today())


# ---- changing ------------------------------------------------------------------------------

def _after_save_tx(conn, rec: RecordInfo, content: MidwayContent) -> None:
    before = _review_before(conn, rec.child_id, content.midway_date)
    conn.execute("UPDATE record SET review_id = ? WHERE id = ?", (before[0] if before else None, rec.id))
    _index_tx(conn, rec.id, rec.child_id, content)


def _after_finalise_tx(tx, rec: RecordInfo, content: MidwayContent, on: date) -> None:
    conn = tx.db.conn
    apply_midway_tx(conn, rec.id, rec.child_id, content, lifecycle.now_utc())
    if content.escalation_needed and conn.execute("SELECT 1 FROM escalation WHERE record_id = ?",
                                                  (rec.id,)).fetchone() is None:
        _escalation_tx(tx, rec.child_id, markup.strip_markup(content.escalation_details), rec.id, on)


RECORD_KIND = lifecycle.RecordKind(
    name=KIND, get=_get, checks=_checks_tx,
    held_on=lambda content: content.midway_date,
    too_early="A midway review cannot be finalised before it happened.",
    after_save=_after_save_tx, after_finalise=_after_finalise_tx)


def save_midway_tx(tx, record_id: int, content: MidwayContent, today: date | None = None) -> MidwayRecord:
    return lifecycle.save_record_tx(tx, RECORD_KIND, record_id, content, today)


def save_midway(vault, record_id: int, content: MidwayContent, today: date | None = None) -> MidwayRecord:
    """Save the current draft (refused once finalised: amend instead)."""
    with vault.transaction() as tx:
        return save_midway_tx(tx, record_id, content, today)


def finalise_midway_tx(tx, record_id: int, *, finalised_by: str, on: date | None = None,
                       content: MidwayContent | None = None, today: date | None = None) -> MidwayRecord:
    return lifecycle.finalise_record_tx(tx, RECORD_KIND, record_id, finalised_by=finalised_by, on=on,
                                        content=content, today=today)


def finalise_midway(vault, record_id: int, *, finalised_by: str, on: date | None = None,
                    content: MidwayContent | None = None, today: date | None = None) -> MidwayRecord:
    """Finalise like a review record: name, date and hash stored, read-only after. The midway
    counts as done for the timescales from then on."""
    with vault.transaction() as tx:
        return finalise_midway_tx(tx, record_id, finalised_by=finalised_by, on=on, content=content, today=today)


def amend_midway(vault, record_id: int, reason: str) -> MidwayRecord:
    with vault.transaction() as tx:
        return lifecycle.amend_record_tx(tx, RECORD_KIND, record_id, reason)


# ---- escalations ---------------------------------------------------------------------------

def _escalation_tx(tx, child_id: str, details: str, record_id: int | None, raised_on: date,
                   theme: str = "other") -> int:
    from iro_desktop.escalations import tracker

    details = details.strip()
    if not details:
        raise ValidationError([("details", "Say what the escalation is about and what needs to happen.")])
    if len(details) > MAX_ESCALATION:
        raise ValidationError([("details", "This is too long; keep the details short.")])
    # The day is the midway's own (finalising refuses one in the future), so it is "today" here.
    return tracker.raise_tx(tx, child_id, theme=theme, description=details, raised_on=raised_on,
                            record_id=record_id, today=raised_on)


def start_escalation(vault, child_id: str, details: str, *, record_id: int | None = None,
                     today: date | None = None, theme: str = "other") -> int:
    """Raise a tracked escalation at the council's first stage (the tracker's screens take it on)."""
    with vault.transaction() as tx:
        if tx.db.conn.execute("SELECT 1 FROM child WHERE child_id = ?", (child_id,)).fetchone() is None:
            raise IroError("There is no such child in this vault. Nothing was recorded.")
        return _escalation_tx(tx, child_id, details, record_id, today or date.today(), theme)


def escalation_intents(vault, child_id: str | None = None) -> list[EscalationIntent]:
    """The escalations raised, in the shape midway reviews show them ("open" or "resolved")."""
    sql = ("SELECT id, child_id, record_id, raised_on, description, "
           "CASE WHEN resolved_on IS NULL THEN 'open' ELSE 'resolved' END FROM escalation")
    params: tuple = ()
    if child_id is not None:
        sql += " WHERE child_id = ?"
        params = (child_id,)
    with vault.read() as db:
        rows = db.conn.execute(sql + " ORDER BY raised_on, id", params).fetchall()
    return [EscalationIntent(i, c, r, date.fromisoformat(d), t, s) for i, c, r, d, t, s in rows]
