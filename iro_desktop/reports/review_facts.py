"""What the annual report counts about each review held: one plain fact per review.

A review's details come from one of two places, never both: the latest finalised version of its
review record (the IRO wrote it in the app), or, with no finalised record, the ``review`` row's
own history columns (a review brought from a spreadsheet tracker; empty for a review whose
record is not finalised yet). When the record and the decisions went out is always the row's.

A review held as a series of meetings counts from its first meeting's date (``reviews.series``).

Everything is read in one query whatever the number of reviews, from the plain columns of each
record's copy for the report (``reviews.report_copy``; the letter is never loaded), which say
already which day a series counts from and whether a parent took part.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from iro_desktop.reviews import codes, report_copy
from iro_desktop.timescales import age_on

# A series' first meeting can come before the date on the review row; no series lasts this long.
SERIES_SPAN = timedelta(days=180)


class ReviewFact(NamedTuple):  # a named tuple, not a dataclass: a team's year builds thousands
    review_id: int
    child_id: str
    held_on: date  # the review date, or the first meeting's date for a series
    review_date: date  # the date on the review row, which the timescales and My week read
    review_type: str
    source: str  # "caseload" or "history"
    from_record: bool  # the details are a finalised record's
    date_of_birth: date
    care_leaver: bool
    age: int  # on ``held_on``
    held_as_series: bool
    participation_code: str | None
    child_attended: bool | None
    seen_alone: bool | None
    parent_participated: bool | None
    advocate_offered: bool | None
    advocate_involved: bool | None
    health_assessment_up_to_date: bool | None
    pep_up_to_date: bool | None
    permanence_plan_in_place: bool | None
    rearranged: bool | None
    rag_care_planning: str | None  # codes.RAG key: "green" / "amber" / "red"
    rag_preparation: str | None
    record_sent: date | None
    decisions_circulated: date | None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _b(value) -> bool | None:
    return None if value is None else bool(value)


def _rag(value: str | None) -> str | None:
    return value if value in codes.RAG else None


# What a review records, read from the record's copy when there is one, else from the review
# row's history columns (the copy's columns bear the same names, ``report_copy.COLUMNS``).
_RECORDED = tuple(name for name in report_copy.COLUMN_NAMES if name not in ("held_on", "good_practice"))

_SQL = """
SELECT rv.id, rv.child_id, rv.review_date, rv.review_type, rv.held_as_series, rv.source,
       rv.record_sent_date, rv.decisions_circulated_date, c.date_of_birth, c.care_leaver,
       v.record_id IS NOT NULL, v.held_on, {recorded}
FROM review rv
JOIN child c ON c.child_id = rv.child_id
LEFT JOIN record r ON r.kind = 'review' AND r.review_id = rv.id
{latest}
WHERE rv.review_date BETWEEN :start AND :end
   OR (rv.held_as_series = 1 AND rv.review_date BETWEEN :wide_start AND :wide_end)
""".format(recorded=", ".join(f"CASE WHEN v.record_id IS NULL THEN rv.{n} ELSE v.{n} END" for n in _RECORDED),
           latest=report_copy.LATEST_JOIN.format(alias="v", record="r"))


def review_facts(conn, start: date, end: date) -> list[ReviewFact]:
    """One fact per review held in [start, end] (both days included), oldest first."""
    params = {"start": start.isoformat(), "end": end.isoformat(),
              "wide_start": (start - SERIES_SPAN).isoformat(), "wide_end": (end + SERIES_SPAN).isoformat()}
    facts = []
    for (rid, child_id, date_text, kind, as_series, source, sent, circulated, dob_text, leaver, from_record, held_text,
         code, attended, alone, parent, offered, involved, health, pep, permanence, rearranged, rag_cp,
         rag_prep) in conn.execute(_SQL, params):
        review_date = date.fromisoformat(date_text)
        held_on = date.fromisoformat(held_text) if held_text else review_date
        if not start <= held_on <= end:
            continue
        dob = date.fromisoformat(dob_text)
        facts.append(ReviewFact(
            rid, child_id, held_on, review_date, kind, source, bool(from_record), dob, bool(leaver),
            age_on(dob, held_on), bool(as_series), code if code in codes.PARTICIPATION else None, _b(attended),
            _b(alone), _b(parent), _b(offered), _b(involved), _b(health), _b(pep), _b(permanence),
            # A finalised record says yes or no; a review from a tracker may not say.
            bool(rearranged) if from_record else _b(rearranged),
            _rag(rag_cp), _rag(rag_prep), _d(sent), _d(circulated)))
    facts.sort(key=lambda f: (f.held_on, f.review_id))
    return facts
