"""Helpers for the review tests: a child in the vault and content ready to finalise."""

from __future__ import annotations

from datetime import date

from iro_desktop.caseload import repository
from iro_desktop.reviews import codes
from iro_desktop.reviews.model import Attendee, Recommendation, ReviewContent
from iro_desktop.reviews.records import set_iro_name
from tests.support.caseload_helpers import TODAY, make_child

CHILD = "C900001"
IRO = "Sam Ravensmoss"


def add_child(vault, child_id: str = CHILD, **overrides) -> None:
    overrides.setdefault("reviews", [])
    repository.add_child(vault, make_child(child_id, **overrides), today=TODAY)


def setup(vault, **overrides) -> None:
    add_child(vault, **overrides)
    set_iro_name(vault, IRO)


def complete(content: ReviewContent, *, seen: date | None = None) -> ReviewContent:
    """Fill in what finalising needs (regulation 36, venue, a code the attendance agrees with,
    a line of the letter, the other sections hidden)."""
    d = content.details
    d.venue_mode = d.venue_mode or "in_person"
    d.venue = d.venue or "Pat and Lee's"
    if d.seen_alone is None:
        d.seen_alone = True
        d.seen_alone_date = seen or d.review_date
    d.participation_code = d.participation_code or "PN1"
    if d.participation_code in codes.ATTENDED and not any(a.role == "child" for a in d.attendees):
        d.attendees.append(Attendee("", "child"))  # PN1 to PN4: the child was there
    if not content.letter.section("how_you_are").body:
        content.letter.set_body("how_you_are", "It was lovely to see you at home on Tuesday.")
    for section in content.letter.sections:
        if not section.body.strip():
            section.hidden = True  # a finished letter has each section written or hidden
    return content


def rec(what: str = "Arrange contact with Nan every month", role: str = "social_worker",
        by: date = date(2026, 3, 31), name: str = "Robin Dovecote") -> Recommendation:
    return Recommendation(what, role, by, name)
