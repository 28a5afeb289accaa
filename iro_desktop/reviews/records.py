"""The record of a review: details, the letter to the child, decisions and quality ratings.

Each record belongs to one row of the ``review`` table, the row the timescales read: starting
a record for a review held today adds that row, so the next review, the midway and the
paperwork deadlines move at once. While the record is a draft, changes to its date, type or
"held as a series" are copied to the review row in the same transaction.

Lifecycle (see ``reviews.lifecycle``): ``start_review`` -> ``save_review`` (any number of
times) -> ``finalise_review`` (read-only from then on) -> ``amend_review`` (a new draft version
with a reason) -> ``save_review`` -> ``finalise_review`` … Every version is kept
(``review_versions``, ``review_version``). ``record_decisions_circulated`` and
``record_letter_sent`` set the review row's paperwork dates the timescales mark done.

Every function here is one transaction (or one read) and audits by record id only. The
``_tx`` forms take an open transaction for callers that do several things at once.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import date

from iro_desktop import search
from iro_desktop.caseload import due, repository
from iro_desktop.caseload.model import Review
from iro_desktop.documents import markup, readability
from iro_desktop.documents.letter import NEXT_REVIEW, default_letter, sign_off_for
from iro_desktop.documents.readability import Readability
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.preparation import meetings
from iro_desktop.reviews import codes, lifecycle, report_copy
from iro_desktop.reviews.checks import Checks, check_review
from iro_desktop.reviews.lifecycle import RecordInfo, VersionInfo
from iro_desktop.reviews.model import Attendee, Meeting, PreviousOutcome, ReviewContent, ReviewDetails
from iro_desktop.reviews.recommendations import (apply_review_tx, long_date, open_for_child_tx,
                                                 refresh_what_next)
from iro_desktop.timescales import HeldReview, age_on

KIND = "review"
IRO_NAME_SETTING = "iro.name"


@dataclass(frozen=True)
class ReviewRecord:
    """A review record as stored: what it is, the version shown, and that version's content."""

    record: RecordInfo
    version: VersionInfo
    content: ReviewContent

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def read_only(self) -> bool:
        return self.version.read_only


def draft_key(record_id: int) -> str:
    """The autosave key for this record's editor (see ``reviews.drafts``)."""
    return RECORD_KIND.draft_key(record_id)


# ---- the IRO's name ------------------------------------------------------------------------

def iro_name(vault) -> str | None:
    return vault.setting(IRO_NAME_SETTING)


def set_iro_name(vault, name: str) -> None:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError([("iro_name", "Give your name as it should appear on letters.")])
    with vault.transaction() as tx:
        tx.set_setting(IRO_NAME_SETTING, name)


# ---- helpers -------------------------------------------------------------------------------

def _child_row(conn, child_id: str) -> tuple[date, str, bool, bool, str | None]:
    row = conn.execute("SELECT date_of_birth, COALESCE(NULLIF(trim(preferred_name), ''), first_name), "
                       "care_leaver, interpreter_needed, first_language FROM child WHERE child_id = ?",
                       (child_id,)).fetchone()
    if row is None:
        raise repository.UnknownChild(child_id)
    return date.fromisoformat(row[0]), row[1], bool(row[2]), bool(row[3]), row[4]


def next_review_text(due_by: date | None) -> str:
    """The letter's opening words for "Your next review", in markup."""
    when = f"will be by {long_date(due_by)}" if due_by else "will be in the next few months"
    return markup.serialise([markup.paragraph(
        f"Your next review meeting {when}. I will talk with you before then about "
        "where you would like it to be and who you would like to be there.")])


def refresh_next_review(content: ReviewContent, due_by: date | None) -> bool:
    """Bring the letter's "Your next review" words up to date with ``due_by`` while they are
    still the words the app wrote (the IRO's own words are never touched). True if changed."""
    letter = content.letter
    if not letter.has_section(NEXT_REVIEW):
        return False
    section = letter.section(NEXT_REVIEW)
    if not section.follows_generated:
        return False
    text = next_review_text(due_by)
    changed = section.body != text
    section.body = section.generated = text
    return changed


def next_review_for(conn, record_id: int, content: ReviewContent) -> date | None:
    """The limit of the review after this one, as the letter in ``content`` should give it:
    counting this record's review on the date and type in ``content``, saved or not."""
    rec = lifecycle.record_info(conn, record_id, KIND)
    facts = due.child_facts(conn, rec.child_id)
    d = content.details
    moved = tuple(HeldReview(d.review_date, d.review_type, r.record_sent, r.decisions_circulated, r.review_id)
                  if r.review_id == rec.review_id else r for r in facts.reviews)
    return due.next_review_on(conn, rec.child_id, d.review_date, facts=replace(facts, reviews=moved)).due


def _refresh_next_review_tx(conn, record_id: int, content: ReviewContent) -> bool:
    return refresh_next_review(content, next_review_for(conn, record_id, content))


def next_review_words(vault, record_id: int, content: ReviewContent) -> str | None:
    """For the editor: the "Your next review" words for the review date on screen, when the
    app's words need a new date; None when they stand (or are the IRO's own)."""
    trial = copy.deepcopy(content)
    with vault.read() as db:
        changed = _refresh_next_review_tx(db.conn, record_id, trial)
    return trial.letter.section(NEXT_REVIEW).body if changed else None


def new_review_content(conn, child_id: str, review_date: date, review_type: str, *,
                       held_as_series: bool = False, iro: str | None = None,
                       exclude_record: int | None = None) -> ReviewContent:
    """A new record's starting content: the letter addressed by the child's preferred name with
    the default sections, PN0 when the child is under 4, the interpreter from the child's
    record, and every open decision from earlier reviews waiting for an outcome."""
    dob, known_as, _leaver, interpreter, language = _child_row(conn, child_id)
    details = ReviewDetails(review_date=review_date, review_type=review_type, held_as_series=held_as_series,
                            participation_code=codes.suggest_participation(dob, review_date),
                            interpreter_used=interpreter,
                            interpreter_language=(language or "") if interpreter else "")
    if iro:
        details.attendees.append(Attendee(name=iro, role="iro"))
    letter = default_letter(known_as, sign_off=sign_off_for(iro))
    # The review row is already in the vault, so the one next-review rule (with the council's
    # settings) gives the date My week will show.
    text = next_review_text(due.next_review_on(conn, child_id, review_date).due)
    letter.set_body(NEXT_REVIEW, text)
    letter.section(NEXT_REVIEW).generated = text
    earlier = open_for_child_tx(conn, child_id, exclude_record=exclude_record, before=review_date)
    content = ReviewContent(details=details, letter=letter, previous=[PreviousOutcome(t.uid) for t in earlier])
    refresh_what_next(content)
    return content


def _get(conn, record_id: int, version: int | None = None) -> ReviewRecord:
    rec = lifecycle.record_info(conn, record_id, KIND)
    ver, text = lifecycle.version_info(conn, record_id, version)
    content = lifecycle.load_content(text)
    assert isinstance(content, ReviewContent)
    return ReviewRecord(rec, ver, content)


def search_text(content: ReviewContent) -> tuple[str, str]:
    """(title, body) of the record for the search index: the letter and the decisions."""
    title = f"Review record, {long_date(content.details.review_date)}"
    parts = [content.letter.plain_text()]
    parts += [" ".join(x for x in (r.what, r.who_name, r.child_words) if x) for r in content.recommendations]
    return title, "\n".join(p for p in parts if p.strip())


def _index_tx(conn, record_id: int, child_id: str, content: ReviewContent) -> None:
    title, body = search_text(content)
    search.index_tx(conn, KIND, record_id, child_id, title, body)


def _open_earlier(conn, rec: RecordInfo, content: ReviewContent) -> list[str]:
    return [t.uid for t in open_for_child_tx(conn, rec.child_id, exclude_record=rec.id,
                                             before=content.details.review_date)]


def _checks_tx(conn, rec: RecordInfo, content: ReviewContent, today: date) -> Checks:
    dob = _child_row(conn, rec.child_id)[0]
    return check_review(content, dob, today, open_earlier=_open_earlier(conn, rec, content))


# ---- starting ------------------------------------------------------------------------------

def start_review_tx(tx, child_id: str, review_date: date, review_type: str, *, held_as_series: bool = False,
                    iro: str | None = None, today: date | None = None) -> ReviewRecord:
    review = repository.add_review_tx(tx, child_id, Review(review_date, review_type, held_as_series), today)
    return _start_for_review_tx(tx, review.id, iro=iro)


def start_review(vault, child_id: str, review_date: date, review_type: str, *, held_as_series: bool = False,
                 today: date | None = None) -> ReviewRecord:
    """Record that a review was held (a new row the timescales read) and start its record as a
    draft, ready for the letter."""
    iro = iro_name(vault)
    with vault.transaction() as tx:
        return start_review_tx(tx, child_id, review_date, review_type, held_as_series=held_as_series,
                               iro=iro, today=today)


def _start_for_review_tx(tx, review_id: int, *, iro: str | None) -> ReviewRecord:
    conn = tx.db.conn
    row = conn.execute("SELECT child_id, review_date, review_type, held_as_series FROM review WHERE id = ?",
                       (review_id,)).fetchone()
    if row is None:
        raise IroError(f"There is no review with the id {review_id}. Nothing was changed.")
    existing = conn.execute("SELECT id FROM record WHERE kind = ? AND review_id = ?", (KIND, review_id)).fetchone()
    if existing:
        raise IroError("This review already has a record; open it instead. Nothing was changed.")
    child_id, held, kind, series = row
    content = new_review_content(conn, child_id, date.fromisoformat(held), kind, held_as_series=bool(series),
                                 iro=iro)
    rec = lifecycle.create_record_tx(tx, KIND, child_id, review_id, content)
    _index_tx(conn, rec.id, child_id, content)
    return _get(conn, rec.id)


def start_record_for_review_tx(tx, review_id: int, *, iro: str | None = None) -> ReviewRecord:
    return _start_for_review_tx(tx, review_id, iro=iro)


def start_record_for_review(vault, review_id: int) -> ReviewRecord:
    """Start the record of a review already in the vault (imported, or added by hand)."""
    iro = iro_name(vault)
    with vault.transaction() as tx:
        return _start_for_review_tx(tx, review_id, iro=iro)


def start_review_from_meeting_tx(tx, meeting_id: int, *, review_type: str | None = None, iro: str | None = None,
                                 today: date | None = None) -> ReviewRecord:
    conn = tx.db.conn
    meeting = meetings.meeting_conn(conn, meeting_id)
    if meeting.state == "cancelled":
        raise ValidationError([("meeting", "This meeting was cancelled: start the record from the meeting held.")])
    series = meetings.series_of_conn(conn, meeting)
    first = series[0]
    if any(m.record_id is not None for m in series):
        raise IroError("This meeting's review already has a record; open it instead. Nothing was changed.")
    # The review counts from the first meeting of a series, held as it was booked and moved.
    kind = review_type or due.next_review_on(conn, first.child_id).kind
    review = repository.add_review_tx(tx, first.child_id, Review(first.meeting_date, kind, len(series) > 1), today)
    content = new_review_content(conn, first.child_id, first.meeting_date, kind, held_as_series=len(series) > 1,
                                 iro=iro)
    d = content.details
    d.venue_mode, d.venue = first.how, first.venue_professional
    if len(series) > 1:
        d.meetings = [Meeting(m.meeting_date, m.how, m.venue_professional) for m in series]
    moves = [mv for m in series for mv in m.moves]
    if moves:
        d.rearranged = True
        d.rearranged_reason = "; ".join(dict.fromkeys(mv.reason for mv in moves))
    rec = lifecycle.create_record_tx(tx, KIND, first.child_id, review.id, content)
    _index_tx(conn, rec.id, first.child_id, content)
    for m in series:
        conn.execute("UPDATE review_meeting SET state = 'held', review_id = ?, record_id = ? WHERE id = ?",
                     (review.id, rec.id, m.id))
        tx.audit("meeting.held", "review_meeting", m.id)
    return _get(conn, rec.id)


def start_review_from_meeting(vault, meeting_id: int, *, review_type: str | None = None,
                              today: date | None = None) -> ReviewRecord:
    """Start the review record from a booked meeting (one transaction): the review is held on the
    meeting's day (a series': its first meeting's), how and where it was booked (the professional
    wording), "rearranged" with the reasons when it was moved. ``review_type`` defaults to the
    next review the timescales expect. The meetings keep the review's and the record's ids."""
    iro = iro_name(vault)
    with vault.transaction() as tx:
        return start_review_from_meeting_tx(tx, meeting_id, review_type=review_type, iro=iro, today=today)


# ---- reading -------------------------------------------------------------------------------

def get_review(vault, record_id: int) -> ReviewRecord:
    """The record with its current version (a draft, or the finalised text)."""
    with vault.read() as db:
        return _get(db.conn, record_id)


def review_version(vault, record_id: int, version: int) -> ReviewRecord:
    """One version exactly as it was kept."""
    with vault.read() as db:
        return _get(db.conn, record_id, version)


def review_versions(vault, record_id: int) -> list[VersionInfo]:
    """Every version, oldest first, with who finalised it, when, its hash and any amendment reason."""
    with vault.read() as db:
        lifecycle.record_info(db.conn, record_id, KIND)
        return lifecycle.versions(db.conn, record_id)


def record_for_review(vault, review_id: int) -> ReviewRecord | None:
    with vault.read() as db:
        row = db.conn.execute("SELECT id FROM record WHERE kind = ? AND review_id = ?", (KIND, review_id)).fetchone()
        return _get(db.conn, row[0]) if row else None


def review_records(vault, child_id: str) -> list[RecordInfo]:
    """The child's review records, oldest first."""
    with vault.read() as db:
        return lifecycle.records_where(db.conn, "kind = ? AND child_id = ?", (KIND, child_id))


def verify_version(vault, record_id: int, version: int) -> bool:
    """True if a version's content still matches the SHA-256 stored for it."""
    with vault.read() as db:
        return lifecycle.verify_version(db.conn, record_id, version)


def review_checks(vault, record_id: int, content: ReviewContent, today: date | None = None) -> Checks:
    """What is wrong with, missing from, or worth a look in ``content`` (for a "ready to
    finalise?" panel)."""
    with vault.read() as db:
        rec = lifecycle.record_info(db.conn, record_id, KIND)
        return _checks_tx(db.conn, rec, content, today or date.today())


def letter_readability(vault, record_id: int, content: ReviewContent) -> Readability:
    """The readability panel's figures for ``content``'s letter, with the child's age on the
    review date beside the reading age and the IRO's long-letter setting applied."""
    limit = readability.word_limit(vault)
    with vault.read() as db:
        rec = lifecycle.record_info(db.conn, record_id, KIND)
        dob = _child_row(db.conn, rec.child_id)[0]
    return readability.analyse_letter(content.letter, child_age=age_on(dob, content.details.review_date),
                                      word_limit=limit)


# ---- changing ------------------------------------------------------------------------------

def _prepare_tx(conn, rec: RecordInfo, content: ReviewContent) -> bool:
    # While the record is a draft, the review row follows its date, type and "held as a series";
    # then the letter counts its next review from the date being saved.
    d = content.details
    if rec.review_id is not None:
        conn.execute("UPDATE review SET review_date = ?, review_type = ?, held_as_series = ? WHERE id = ?",
                     (d.review_date.isoformat(), d.review_type, int(d.held_as_series), rec.review_id))
    return _refresh_next_review_tx(conn, rec.id, content)


def _after_finalise_tx(tx, rec: RecordInfo, content: ReviewContent, _on: date) -> None:
    conn = tx.db.conn
    apply_review_tx(conn, rec.id, rec.child_id, content, lifecycle.now_utc())
    (version,) = conn.execute("SELECT current_version FROM record WHERE id = ?", (rec.id,)).fetchone()
    report_copy.copy_finalised_tx(conn, rec.id, version, content)


RECORD_KIND = lifecycle.RecordKind(
    name=KIND, get=_get, checks=_checks_tx,
    held_on=lambda content: content.details.review_date,
    too_early="A record cannot be finalised before the review was held.",
    prepare=_prepare_tx, after_save=lambda conn, rec, content: _index_tx(conn, rec.id, rec.child_id, content),
    after_finalise=_after_finalise_tx)


def save_review_tx(tx, record_id: int, content: ReviewContent, today: date | None = None) -> ReviewRecord:
    return lifecycle.save_record_tx(tx, RECORD_KIND, record_id, content, today)


def save_review(vault, record_id: int, content: ReviewContent, today: date | None = None) -> ReviewRecord:
    """Save ``content`` as the current draft. Refused (RecordFinalised) if the current version
    is finalised, and (ValidationError) if anything in it is wrong; drafts may be incomplete."""
    with vault.transaction() as tx:
        return save_review_tx(tx, record_id, content, today)


def finalise_review_tx(tx, record_id: int, *, finalised_by: str, on: date | None = None,
                       content: ReviewContent | None = None, today: date | None = None) -> ReviewRecord:
    return lifecycle.finalise_record_tx(tx, RECORD_KIND, record_id, finalised_by=finalised_by, on=on,
                                        content=content, today=today)


def finalise_review(vault, record_id: int, *, finalised_by: str, on: date | None = None,
                    content: ReviewContent | None = None, today: date | None = None) -> ReviewRecord:
    """Finalise the current draft (see ``lifecycle.finalise_record_tx``). The decisions start
    being tracked and earlier decisions take the outcomes given here."""
    with vault.transaction() as tx:
        return finalise_review_tx(tx, record_id, finalised_by=finalised_by, on=on, content=content, today=today)


def amend_review(vault, record_id: int, reason: str) -> ReviewRecord:
    """Start an amendment of a finalised record: a new draft version (a copy), with the reason.
    The finalised version is kept unchanged."""
    with vault.transaction() as tx:
        return lifecycle.amend_record_tx(tx, RECORD_KIND, record_id, reason)


def _paperwork(vault, record_id: int, *, sent: date | None, circulated: date | None,
               today: date | None, need_final: bool) -> None:
    with vault.transaction() as tx:
        rec = lifecycle.record_info(tx.db.conn, record_id, KIND)
        if need_final and not rec.ever_finalised:
            raise IroError("Finalise the record before recording that the letter was sent. Nothing was changed.")
        if rec.review_id is None:
            raise IroError("This record is not linked to a review. Nothing was changed.")
        repository.record_review_paperwork_tx(tx, rec.review_id, record_sent=sent, decisions_circulated=circulated,
                                              today=today)


def record_decisions_circulated(vault, record_id: int, on: date, today: date | None = None) -> None:
    """The decisions went out on ``on``: the timescales mark the decisions deadline done."""
    _paperwork(vault, record_id, sent=None, circulated=on, today=today, need_final=False)


def record_letter_sent(vault, record_id: int, on: date, today: date | None = None) -> None:
    """The letter (the record) went out on ``on``: the timescales mark the record deadline done.
    Only a finalised record can be sent."""
    _paperwork(vault, record_id, sent=on, circulated=None, today=today, need_final=True)
