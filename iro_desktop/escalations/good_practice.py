"""Good-practice notifications, and the quality ratings recorded at reviews, listed together.

A notification is recorded on its own (about whom, what, when) or from a review record whose
quality page marks good practice. The two become one list without counting anything twice: a
notification made from a review record names that record (one each, the vault enforces it), and
a record's own mark counts only while no notification names it.

The ratings and marks are read from each review record's latest finalised version (a draft
counts for nothing), and the ratings of reviews brought in from a spreadsheet tracker from their
history columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from iro_desktop.errors import IroError, ValidationError
from iro_desktop.escalations.codes import ABOUT
from iro_desktop.reviews import report_copy

RECORD = "good_practice.record"
MAX_WHAT = 4000
MAX_WHO = 120
NOTIFICATION, REVIEW_MARK = "notification", "review"


@dataclass(frozen=True)
class GoodPractice:
    id: int  # the notification's id; for a review's own mark, minus the record's id
    noted_on: date
    about: str  # codes.ABOUT
    who: str
    what: str
    child_id: str | None
    record_id: int | None
    source: str  # NOTIFICATION or REVIEW_MARK


@dataclass(frozen=True)
class QualityRating:
    child_id: str
    review_date: date
    care_planning: str | None  # "green" / "amber" / "red", None when not rated
    preparation: str | None
    record_id: int | None  # None for a review from the history import


# The quality fields of the latest finalised version of each review record, with its date, from
# the record's copy for the annual report (``reviews.report_copy``: the letter is never read; the
# note, the one field read from the copy's JSON, only for the records marked).
_FINALISED_QA = """
SELECT r.id, r.child_id, r.record_date, v.good_practice,
       CASE WHEN v.good_practice THEN v.facts ->> '$.qa.good_practice_note' END,
       v.rag_care_planning, v.rag_preparation
FROM record r
{latest}
WHERE r.kind = 'review' AND r.record_date BETWEEN :start AND :end AND v.facts IS NOT NULL{{marked}}
ORDER BY r.record_date, r.id
""".format(latest=report_copy.LATEST_JOIN.format(alias="v", record="r"))
# Only the records marked as good practice (a few in a hundred), chosen before they reach Python.
_MARKED = " AND v.good_practice"


def _bounds(start: date | None, end: date | None) -> dict:
    return {"start": (start or date.min).isoformat(), "end": (end or date.max).isoformat()}




def entries(conn, start: date | None = None, end: date | None = None) -> list[GoodPractice]:
    """Every notification and every review's own mark not taken up by one, noted in [start, end]."""
    bounds = _bounds(start, end)
    out = [GoodPractice(i, date.fromisoformat(on), about, who, what, cid, rid, NOTIFICATION)
           for i, on, about, who, what, cid, rid in conn.execute(
               "SELECT id, noted_on, about, who, what, child_id, record_id FROM good_practice "
               "WHERE noted_on BETWEEN :start AND :end", bounds)]
    taken = {rid for (rid,) in conn.execute("SELECT record_id FROM good_practice WHERE record_id IS NOT NULL")}
    for rid, cid, on, marked, note, _care, _prep in conn.execute(_FINALISED_QA.format(marked=_MARKED), bounds):
        if rid not in taken:
            out.append(GoodPractice(-rid, date.fromisoformat(on), "other", "", note or "", cid, rid, REVIEW_MARK))
    out.sort(key=lambda g: (g.noted_on, g.source, abs(g.id)))
    return out


def good_practice_list(vault, *, about: str | None = None, start: date | None = None,
                       end: date | None = None) -> list[GoodPractice]:
    with vault.read() as db:
        found = entries(db.conn, start, end)
    return [g for g in found if about is None or g.about == about]


def quality_ratings_tx(conn, start: date | None = None, end: date | None = None) -> list[QualityRating]:
    bounds = _bounds(start, end)
    out = []
    for rid, cid, on, _marked, _note, care, prep in conn.execute(_FINALISED_QA.format(marked=""), bounds):
        out.append(QualityRating(cid, date.fromisoformat(on), care, prep, rid))
    for cid, on, care, prep in conn.execute(
            "SELECT child_id, review_date, rag_care_planning, rag_preparation FROM review "
            "WHERE source = 'history' AND review_date BETWEEN :start AND :end", bounds):
        out.append(QualityRating(cid, date.fromisoformat(on), care, prep, None))
    out.sort(key=lambda q: (q.review_date, q.child_id))
    return out


def quality_ratings(vault, start: date | None = None, end: date | None = None) -> list[QualityRating]:
    with vault.read() as db:
        return quality_ratings_tx(db.conn, start, end)


def record_good_practice(vault, *, about: str, what: str, noted_on: date | None = None, who: str = "",
                         child_id: str | None = None, record_id: int | None = None,
                         today: date | None = None) -> int:
    """Record a good-practice notification; from a review record, name it (``record_id``)."""
    today = today or date.today()
    noted_on = noted_on or today
    problems = []
    if about not in ABOUT:
        problems.append(("about", "Choose who the good practice is about from the list."))
    if not what.strip():
        problems.append(("what", "Say what the good practice was."))
    elif len(what) > MAX_WHAT:
        problems.append(("what", f"This is too long (at most {MAX_WHAT} characters)."))
    if len(who) > MAX_WHO:
        problems.append(("who", f"This is too long (at most {MAX_WHO} characters)."))
    if noted_on > today:
        problems.append(("noted_on", f"{noted_on:%d/%m/%Y} is in the future."))
    if problems:
        raise ValidationError(problems)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with vault.transaction() as tx:
        conn = tx.db.conn
        if child_id is not None and conn.execute("SELECT 1 FROM child WHERE child_id = ?",
                                                 (child_id,)).fetchone() is None:
            raise IroError("There is no such child in this vault. Nothing was recorded.")
        if record_id is not None:
            row = conn.execute("SELECT child_id FROM record WHERE id = ? AND kind = 'review'", (record_id,)).fetchone()
            if row is None or (child_id is not None and row[0] != child_id):
                raise ValidationError([("record_id", "That review record is not this child's.")])
            if conn.execute("SELECT 1 FROM good_practice WHERE record_id = ?", (record_id,)).fetchone():
                raise ValidationError([("record_id", "A notification has already been recorded from this review.")])
            child_id = row[0]
        cur = conn.execute(
            "INSERT INTO good_practice (child_id, record_id, noted_on, about, who, what, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (child_id, record_id, noted_on.isoformat(), about, who.strip(), what.strip(), now, now))
        tx.audit(RECORD, "good_practice", cur.lastrowid)
        return cur.lastrowid
