"""What the app knows before a review meeting: the booked meeting, who is consulted and invited,
and what each of them said. Plain data, read and written by ``preparation.meetings`` and
``preparation.consultation`` (tables ``review_meeting``, ``review_meeting_move``, ``consultee``:
migration 13); the printed forms (``preparation.forms``) are made from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

# How a meeting is held (the child's words beside each: forms and invitations use them).
HOW = {"in_person": "In person", "virtual": "Online (video call)", "hybrid": "Some in the room, some online"}
HOW_FOR_CHILD = {"in_person": "in the same room", "virtual": "on a video call",
                 "hybrid": "some people in the room and some on a video call"}
BOOKED, CANCELLED, HELD = "booked", "cancelled", "held"

# Who is consulted or invited. Partner agencies are counted apart in the report (the annual
# reports say their forms are the ones that rarely come back).
ROLES = {
    "child": "The child",
    "parent": "Parent",
    "carer": "Carer",
    "social_worker": "Social worker",
    "school": "School",
    "health": "Health",
    "advocate": "Advocate",
    "independent_visitor": "Independent visitor",
    "partner_agency": "Partner agency",
    "other": "Someone else",
}
PARTNER_ROLES = frozenset({"school", "health", "partner_agency"})
# How a form went out and came back ("in_person": told the IRO face to face).
SENT_HOW = {"paper": "On paper", "email": "By email", "phone": "By phone", "online": "Online form"}
RETURNED_HOW = {**SENT_HOW, "in_person": "In person"}


@dataclass(frozen=True)
class MeetingMove:
    from_date: date
    from_time: time | None
    to_date: date
    to_time: time | None
    reason: str
    moved_on: date


@dataclass(frozen=True)
class Meeting:
    """A booked meeting of a child's review. ``series_first_id`` names the first meeting when
    this one is a later meeting of a review held as a series (the review counts from the first)."""

    id: int
    child_id: str
    meeting_date: date
    start_time: time | None
    end_time: time | None
    how: str  # a HOW key
    venue_child: str  # where, in words the child would use: "at home with Joan and Pete"
    venue_professional: str  # "Foster carers' home, 12 Example Road" — never printed for the child
    state: str = BOOKED
    cancelled_reason: str | None = None
    limit_on: date | None = None  # the statutory limit when booked or last moved
    return_by: date | None = None  # consultation forms back by
    series_first_id: int | None = None
    review_id: int | None = None  # the review the meeting became, once its record is started
    record_id: int | None = None
    moves: tuple[MeetingMove, ...] = ()

    @property
    def beyond_limit(self) -> bool:
        """Booked for after the statutory limit that applied when it was booked."""
        return self.limit_on is not None and self.meeting_date > self.limit_on

    @property
    def rearranged(self) -> bool:
        return bool(self.moves)


@dataclass(frozen=True)
class Consultee:
    """Someone consulted or invited for a meeting, and what came back from them.

    ``answers`` maps ``preparation.questions`` keys to what they said (typed in by the IRO from
    the returned form, or from a phone call: ``returned_how`` says which)."""

    id: int
    meeting_id: int
    role: str  # a ROLES key
    name: str = ""
    agency: str = ""
    invited: bool = True
    consulted: bool = True
    sent_on: date | None = None
    sent_how: str | None = None
    returned_on: date | None = None
    returned_how: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def returned(self) -> bool:
        return self.returned_on is not None

    @property
    def partner(self) -> bool:
        return self.role in PARTNER_ROLES
