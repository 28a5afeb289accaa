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


def copy_finalised_tx(conn, record_id: int, version: int, content: ReviewContent) -> None:
    copy_stored_tx(conn, record_id, version, content.to_dict())


def copy_stored_tx(conn, record_id: int, version: int, stored: dict) -> None:
    """The copy of a version from its stored form (``ReviewContent.to_dict()``)."""
    conn.execute(f"INSERT INTO {TABLE} (record_id, version, facts) VALUES (?, ?, ?)",
                 (record_id, version, canonical_json({"details": stored["details"], "qa": stored["qa"]})))


# The latest finalised version's copy of each review record, for a join: ``{alias}.facts``.
LATEST_JOIN = ("LEFT JOIN " + TABLE + " {alias} ON {alias}.record_id = {record}.id AND {alias}.version = "
               "(SELECT MAX(version) FROM " + TABLE + " WHERE record_id = {record}.id)")
