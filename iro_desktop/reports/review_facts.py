"""What the annual report counts about each review held: one plain fact per review.

A review's details come from one of two places, never both: the latest finalised version of its
review record (the IRO wrote it in the app), or, with no finalised record, the ``review`` row's
own history columns (a review brought from a spreadsheet tracker; empty for a review whose
record is not finalised yet). When the record and the decisions went out is always the row's.

A review held as a series of meetings counts from its first meeting's date (``reviews.series``).

Everything is read in one query whatever the number of reviews: only the ``details`` and ``qa``
parts of each record's copy for the report are read (the letter is never loaded); a series is
turned into the model's own type, which says which meeting it counts from.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Iterable, NamedTuple

from iro_desktop.reviews import codes, report_copy, series
from iro_desktop.reviews.model import ReviewDetails
from iro_desktop.timescales import age_on

# A series' first meeting can come before the date on the review row; no series lasts this long.
SERIES_SPAN = timedelta(days=180)
# A parent "took part" when they attended or gave their views (codes.PARENT_PARTICIPATION).
PARENT_TOOK_PART = frozenset({"attended", "views_given"})
PARENT_NOT_COUNTED = frozenset({"not_applicable"})


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


def parent_took_part(hows: Iterable[str]) -> bool | None:
    """Whether a parent took part, from how each parent recorded took part
    (``ParentParticipation.how``): None when no parent was recorded (or every one recorded as not
    applicable)."""
    counted = [how for how in hows if how and how not in PARENT_NOT_COUNTED]
    if not counted:
        return None
    return any(how in PARENT_TOOK_PART for how in counted)


# The parts of a finalised record the report reads, from its copy for the report
# (``reviews.report_copy``): the letter, most of a record, is never read.
# In the order ``review_facts`` unpacks them; each is one of ``report_copy.DETAIL_KEYS``.
_DETAILS = ("review_date", "review_type", "held_as_series", "meetings", "participation_code", "child_attended",
            "seen_alone", "parents", "advocate_offered", "advocate_used", "health_assessment_up_to_date",
            "pep_up_to_date", "permanence_plan_in_place", "rearranged")
_QA = ("care_planning_rag", "preparation_rag")

_SQL = """
SELECT rv.id, rv.child_id, rv.review_date, rv.review_type, rv.held_as_series, rv.source,
       rv.record_sent_date, rv.decisions_circulated_date,
       rv.participation_code, rv.child_attended, rv.child_seen_alone, rv.parent_participated,
       rv.advocate_offered, rv.advocate_involved, rv.health_assessment_up_to_date, rv.pep_up_to_date,
       rv.permanence_plan_in_place, rv.rearranged, rv.rag_care_planning, rv.rag_preparation,
       c.date_of_birth, c.care_leaver,
       json_extract(v.facts, {paths})
FROM review rv
JOIN child c ON c.child_id = rv.child_id
LEFT JOIN record r ON r.kind = 'review' AND r.review_id = rv.id
{latest}
WHERE rv.review_date BETWEEN :start AND :end
   OR (rv.held_as_series = 1 AND rv.review_date BETWEEN :wide_start AND :wide_end)
""".format(paths=", ".join(f"'$.details.{k}'" for k in _DETAILS) + ", " + ", ".join(f"'$.qa.{k}'" for k in _QA),
           latest=report_copy.LATEST_JOIN.format(alias="v", record="r"))


def review_facts(conn, start: date, end: date) -> list[ReviewFact]:
    """One fact per review held in [start, end] (both days included), oldest first."""
    params = {"start": start.isoformat(), "end": end.isoformat(),
              "wide_start": (start - SERIES_SPAN).isoformat(), "wide_end": (end + SERIES_SPAN).isoformat()}
    facts = []
    for row in conn.execute(_SQL, params):
        (rid, child_id, held_text, kind, as_series, source, sent, circulated,
         code, attended, alone, parent, offered, involved, health, pep, permanence, rearranged, rag_cp, rag_prep,
         dob_text, leaver, parts) = row
        dob = date.fromisoformat(dob_text)
        review_date = date.fromisoformat(held_text)
        if parts is not None:
            values = json.loads(parts)
            (r_date, _type, r_series, _meetings, r_code, r_attended, r_alone, r_parents, r_offered, r_used,
             r_health, r_pep, r_permanence, r_rearranged, r_rag_cp, r_rag_prep) = values
            if r_series and r_date:  # the model says which meeting a series counts from
                held_on = series.counted_date(ReviewDetails.from_dict(
                    {k: x for k, x in zip(_DETAILS, values) if x is not None}))
            else:
                held_on = _d(r_date) or review_date
            fact = ReviewFact(
                rid, child_id, held_on, review_date, kind, source, True, dob, bool(leaver), age_on(dob, held_on),
                bool(as_series), r_code, r_attended, r_alone,
                parent_took_part(p.get("how", "") for p in r_parents or ()),
                r_offered, r_used, r_health, r_pep, r_permanence, bool(r_rearranged),
                _rag(r_rag_cp), _rag(r_rag_prep), _d(sent), _d(circulated))
        else:
            held_on = review_date
            fact = ReviewFact(
                rid, child_id, held_on, review_date, kind, source, False, dob, bool(leaver), age_on(dob, held_on),
                bool(as_series), code if code in codes.PARTICIPATION else None, _b(attended), _b(alone), _b(parent),
                _b(offered), _b(involved), _b(health), _b(pep), _b(permanence), _b(rearranged),
                _rag(rag_cp), _rag(rag_prep),
                _d(sent), _d(circulated))
        if start <= fact.held_on <= end:
            facts.append(fact)
    facts.sort(key=lambda f: (f.held_on, f.review_id))
    return facts
