"""What a record form fills in from what the app already knows about the child.

A new review record starts with the people an IRO nearly always writes down: the child, their
carer (from the current placement) and their social worker, named as the caseload has them.
The IRO removes whoever did not come; nothing is ever added to a record that is finalised, or
to one whose attendees the IRO has already written (anyone there but the IRO, who the record
starts with).

A new decision's "who" starts as the child's social worker, the person most decisions fall to.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from iro_desktop.caseload.codes import FOSTER_PLACEMENT_TYPES
from iro_desktop.caseload.model import Child
from iro_desktop.reviews.lifecycle import DRAFT
from iro_desktop.reviews.model import Attendee, ReviewContent

CHILD, IRO, SOCIAL_WORKER = "child", "iro", "social_worker"
CARER_DETAIL = "Carer"


def _carer(child: Child) -> Attendee | None:
    placement = child.current_placement
    if placement is None or placement.end_date is not None or not (placement.carer_name or "").strip():
        return None
    kind = placement.placement_type or ""
    if kind in FOSTER_PLACEMENT_TYPES:
        return Attendee(placement.carer_name.strip(), "foster_carer")
    if kind.startswith("K"):  # children's homes and secure units: the key worker comes
        return Attendee(placement.carer_name.strip(), "residential_worker")
    return Attendee(placement.carer_name.strip(), "other", CARER_DETAIL)


def known_people(child: Child) -> list[Attendee]:
    """The child, their carer and their social worker, as far as the caseload knows them."""
    people = [Attendee(child.display_name, CHILD)]
    carer = _carer(child)
    if carer is not None:
        people.append(carer)
    if (child.social_worker_name or "").strip():
        people.append(Attendee(child.social_worker_name.strip(), SOCIAL_WORKER))
    return people


def needs_attendees(state: str, ever_finalised: bool, read_only: bool, content: ReviewContent) -> bool:
    """Whether a review record is still new enough to be given its attendees: a draft never
    finalised, with nobody written down but the IRO."""
    if state != DRAFT or ever_finalised or read_only:
        return False
    return all(a.role == IRO for a in content.details.attendees)


def add_attendees(content: ReviewContent, people: Iterable[Attendee]) -> int:
    """Add ``people`` after the attendees already there (the IRO), skipping anyone already
    listed with the same role and name; returns how many were added."""
    have = {(a.role, a.name.casefold()) for a in content.details.attendees}
    added = 0
    for p in people:
        if (p.role, p.name.casefold()) not in have:
            content.details.attendees.append(Attendee(p.name, p.role, p.role_detail, p.how))
            have.add((p.role, p.name.casefold()))
            added += 1
    return added


def default_who(people: Sequence[Attendee]) -> Attendee | None:
    """Who a new decision is given to at first: the social worker, if the record names one."""
    return next((p for p in people if p.role == SOCIAL_WORKER and p.name.strip()), None)


def who_choices(people: Sequence[Attendee]) -> list[Attendee]:
    """The people a decision's "who" may be picked from: everyone named on the record, each once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for p in people:
        key = (p.role, p.name.strip().casefold())
        if not p.name.strip() or key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out
