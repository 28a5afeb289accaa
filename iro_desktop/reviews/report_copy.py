"""The annual report's copy of each finalised review record's details and quality ratings.

A record's content is mostly its letter, so a year of a team's records is tens of megabytes:
reading all of it to count participation codes and ratings took most of the report's time.
When a review record's version is finalised, its ``details`` and ``qa`` are copied here, in
the same transaction (so the copy can never disagree with the version it came from: both are
read-only from then on), and the report reads only this table. Migration 12 made the copy of
every version finalised before it.
"""

from __future__ import annotations

from iro_desktop.reviews.model import ReviewContent, canonical_json

TABLE = "review_report_copy"
# What the report reads of a review's details and quality ratings, and nothing more: a small
# copy stays in the page cache while the report reads it (a new field here needs a migration
# that copies it for the versions finalised before).
DETAIL_KEYS = ("review_date", "review_type", "held_as_series", "meetings", "participation_code", "child_attended",
               "seen_alone", "parents", "advocate_offered", "advocate_used", "health_assessment_up_to_date",
               "pep_up_to_date", "permanence_plan_in_place", "rearranged")
QA_KEYS = ("care_planning_rag", "preparation_rag", "good_practice", "good_practice_note")


def copy_finalised_tx(conn, record_id: int, version: int, content: ReviewContent) -> None:
    copy_stored_tx(conn, record_id, version, content.to_dict())


def copy_stored_tx(conn, record_id: int, version: int, stored: dict) -> None:
    """The copy of a version from its stored form (``ReviewContent.to_dict()``)."""
    details, qa = stored["details"], stored.get("qa") or {}
    facts = {"details": {k: details.get(k) for k in DETAIL_KEYS}, "qa": {k: qa.get(k) for k in QA_KEYS}}
    conn.execute(f"INSERT INTO {TABLE} (record_id, version, facts) VALUES (?, ?, ?)",
                 (record_id, version, canonical_json(facts)))


# The latest finalised version's copy of each review record, for a join: ``{alias}.facts``.
LATEST_JOIN = ("LEFT JOIN " + TABLE + " {alias} ON {alias}.record_id = {record}.id AND {alias}.version = "
               "(SELECT MAX(version) FROM " + TABLE + " WHERE record_id = {record}.id)")
