"""The annual report's copy of each finalised review record's details and quality ratings.

A record's content is mostly its letter, so a year of a team's records is tens of megabytes:
reading all of it to count participation codes and ratings took most of the report's time.
When a review record's version is finalised, its ``details`` and ``qa`` are copied here, in
the same transaction (so the copy can never disagree with the version it came from: both are
read-only from then on), and the report reads only this table. Migration 12 made the copy of
every version finalised before it.

Each copy keeps what it copied as JSON (``facts``) and, beside it, what the report counts as
plain columns (``COLUMNS``), named as the review table's own history columns: the report reads
the columns, so a team's year is counted without parsing five thousand JSON texts. Migration 14
filled the columns of the copies made before it, from their ``facts``, with ``columns_of``.
"""

from __future__ import annotations

from typing import Any

from iro_desktop.reviews import series
from iro_desktop.reviews.codes import parent_took_part
from iro_desktop.reviews.model import ReviewContent, ReviewDetails, canonical_json

TABLE = "review_report_copy"
# What the report reads of a review's details and quality ratings, and nothing more: a small
# copy stays in the page cache while the report reads it (a new field here needs a migration
# that copies it for the versions finalised before).
DETAIL_KEYS = ("review_date", "review_type", "held_as_series", "meetings", "participation_code", "child_attended",
               "seen_alone", "parents", "advocate_offered", "advocate_used", "health_assessment_up_to_date",
               "pep_up_to_date", "permanence_plan_in_place", "rearranged")
QA_KEYS = ("care_planning_rag", "preparation_rag", "good_practice", "good_practice_note")

# The columns, with their SQL types, in the order ``columns_of`` gives their values.
COLUMNS = (("held_on", "TEXT"), ("participation_code", "TEXT"), ("child_attended", "INTEGER"),
           ("child_seen_alone", "INTEGER"), ("parent_participated", "INTEGER"), ("advocate_offered", "INTEGER"),
           ("advocate_involved", "INTEGER"), ("health_assessment_up_to_date", "INTEGER"),
           ("pep_up_to_date", "INTEGER"), ("permanence_plan_in_place", "INTEGER"), ("rearranged", "INTEGER"),
           ("rag_care_planning", "TEXT"), ("rag_preparation", "TEXT"), ("good_practice", "INTEGER"))
COLUMN_NAMES = tuple(name for name, _type in COLUMNS)


def columns_of(facts: dict[str, Any]) -> tuple:
    """The columns' values from a copy's ``facts``: the day the review counts from (a series'
    first meeting, ``reviews.series``), and whether a parent took part (``codes``), worked out
    once here; the rest as recorded."""
    d, qa = facts["details"], facts["qa"]
    held_on = None
    if d.get("review_date"):
        held_on = series.counted_date(ReviewDetails.from_dict({k: v for k, v in d.items() if v is not None}))
    return (held_on and held_on.isoformat(), d.get("participation_code"), d.get("child_attended"),
            d.get("seen_alone"), parent_took_part(p.get("how", "") for p in d.get("parents") or ()),
            d.get("advocate_offered"), d.get("advocate_used"), d.get("health_assessment_up_to_date"),
            d.get("pep_up_to_date"), d.get("permanence_plan_in_place"), d.get("rearranged"),
            qa.get("care_planning_rag"), qa.get("preparation_rag"), qa.get("good_practice"))


def copy_finalised_tx(conn, record_id: int, version: int, content: ReviewContent) -> None:
    copy_stored_tx(conn, record_id, version, content.to_dict())


def copy_stored_tx(conn, record_id: int, version: int, stored: dict) -> None:
    """The copy of a version from its stored form (``ReviewContent.to_dict()``)."""
    details, qa = stored["details"], stored.get("qa") or {}
    facts = {"details": {k: details.get(k) for k in DETAIL_KEYS}, "qa": {k: qa.get(k) for k in QA_KEYS}}
    conn.execute(f"INSERT INTO {TABLE} (record_id, version, facts, {', '.join(COLUMN_NAMES)}) "
                 f"VALUES (?, ?, ?, {', '.join('?' for _ in COLUMNS)})",
                 (record_id, version, canonical_json(facts), *columns_of(facts)))


# The latest finalised version's copy of each review record, for a join: ``{alias}.facts``.
LATEST_JOIN = ("LEFT JOIN " + TABLE + " {alias} ON {alias}.record_id = {record}.id AND {alias}.version = "
               "(SELECT MAX(version) FROM " + TABLE + " WHERE record_id = {record}.id)")
