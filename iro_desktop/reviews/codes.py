"""Code lists for review and midway records, each mapping the stored code to what the IRO sees.

Participation codes are the DfE's (SSDA903 return), in its own wording. Everything else is
this app's own list; the stored codes never change once shipped, the wording may.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Iterable, Mapping

from iro_desktop.caseload import codes as caseload_codes
from iro_desktop.timescales import age_on

PARTICIPATION: Mapping[str, str] = MappingProxyType({
    "PN0": "Child aged under 4 at the time of the review",
    "PN1": "Child physically attends and speaks for him or herself",
    "PN2": "Child physically attends and an advocate speaks on his or her behalf",
    "PN3": "Child attends and conveys his or her view symbolically (non-verbally)",
    "PN4": "Child physically attends but does not speak for him or herself, does not convey his or "
           "her view symbolically (non-verbally) and does not ask an advocate to speak for him or her",
    "PN5": "Child does not attend physically but briefs an advocate to speak for him or her",
    "PN6": "Child does not attend but conveys his or her feelings to the review by a facilitative medium",
    "PN7": "Child does not attend, nor are his or her views conveyed to the review",
})
UNDER_FOUR = "PN0"
# The codes the annual report counts as "the child participated" (children aged 4 and over): in
# person or not, PN1 to PN6. PN0 is a child under 4, and PN7 a child whose views did not reach
# the review; PN4 (attended, but neither spoke nor conveyed a view) still counts as taking part.
PARTICIPATED = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})


def participation_label(code: str) -> str:
    """"PN1: Child physically attends and speaks for him or herself"."""
    return f"{code}: {PARTICIPATION[code]}"


def suggest_participation(date_of_birth: date, review_date: date) -> str | None:
    """PN0 for a child under 4 on the review date (the only code allowed then); otherwise None,
    because only the IRO knows how an older child took part."""
    return UNDER_FOUR if age_on(date_of_birth, review_date) < 4 else None


def participation_codes_allowed(date_of_birth: date, review_date: date) -> list[str]:
    """The codes a form should offer: PN0 alone under 4, PN1-PN7 from 4."""
    if age_on(date_of_birth, review_date) < 4:
        return [UNDER_FOUR]
    return [c for c in PARTICIPATION if c != UNDER_FOUR]


@dataclass(frozen=True)
class ParticipationOffer:
    """What a form offers for the participation code, and why, in the IRO's words."""

    allowed: list[str]
    suggested: str | None
    hint: str


def participation_offer(date_of_birth: date, review_date: date | None) -> ParticipationOffer:
    """The codes to offer for a review on ``review_date`` (PN0 alone under 4, PN1-PN7 from 4),
    the one to suggest, and a line saying why."""
    if review_date is None:
        return ParticipationOffer([c for c in PARTICIPATION if c != UNDER_FOUR], None, "Choose the review date first.")
    age = age_on(date_of_birth, review_date)
    suggested = suggest_participation(date_of_birth, review_date)
    if suggested:
        hint = f"Suggested: {suggested}, because the child was {age} on the day of the review (under 4)."
    else:
        hint = f"PN0 is not offered: the child was {age} on the day of the review. PN0 is only for children under 4."
    return ParticipationOffer(participation_codes_allowed(date_of_birth, review_date), suggested, hint)


def participation_problem(code: str | None, date_of_birth: date, review_date: date) -> str | None:
    """Why ``code`` cannot be used for this review, or None. PN0 is valid if and only if the
    child is under 4 on the review date."""
    if code is None:
        return None
    if code not in PARTICIPATION:
        return f"'{code}' is not a participation code; use one of PN0 to PN7."
    under_four = age_on(date_of_birth, review_date) < 4
    if code == UNDER_FOUR and not under_four:
        return ("PN0 is only for a child under 4 on the day of the review; this child was "
                f"{age_on(date_of_birth, review_date)}. Choose one of PN1 to PN7.")
    if code != UNDER_FOUR and under_four:
        return "This child was under 4 on the day of the review, so the code is PN0."
    return None


# What each code says about the child's attendance, read from the DfE's wording above. PN1 to
# PN4 are a child who took part in the meeting itself ("physically attends", or for PN3
# "attends"): the child must be among the attendees. PN5 is a child who "does not attend
# physically" but briefs an advocate: the child must not be in the room, though joining online
# is not a contradiction. PN6 and PN7 are a child who "does not attend": the child must not be
# among the attendees at all. PN0 (under 4) says nothing about attendance.
ATTENDED = frozenset({"PN1", "PN2", "PN3", "PN4"})
NOT_IN_PERSON = frozenset({"PN5"})
DID_NOT_ATTEND = frozenset({"PN6", "PN7"})

_ATTENDANCE_WORDS = {"PN1": "attended and spoke for themselves", "PN2": "attended, with an advocate speaking",
                     "PN3": "attended and conveyed their view without words",
                     "PN4": "attended", "PN5": "did not attend in person",
                     "PN6": "did not attend", "PN7": "did not attend"}


def attendance_contradiction(code: str | None, child_attended: bool, child_in_person: bool) -> str | None:
    """Why ``code`` disagrees with the attendance, in one sentence, or None. ``child_attended``:
    the child is among the attendees; ``child_in_person``: they were there in person (not
    online). The sentence names the code and what the attendance says, never the child."""
    says = f"This record says {code} (the child {_ATTENDANCE_WORDS.get(code or '', '')})"
    if code in ATTENDED and not child_attended:
        return f"{says} but does not list the child as attending."
    if code in NOT_IN_PERSON and child_attended and child_in_person:
        return f"{says} but lists the child as attending in person."
    if code in DID_NOT_ATTEND and child_attended:
        return f"{says} but lists the child as attending."
    return None


def attendance_fix(code: str) -> str:
    """What to do about a contradiction while the record is being written."""
    if code in ATTENDED:
        return "Add the child to those who attended, or choose the code that says how they took part."
    if code in NOT_IN_PERSON:
        return "Take the child off the attendance, mark them as joining online, or choose another code."
    return "Take the child off the attendance, or choose the code that says how they took part."


VENUE_MODES: Mapping[str, str] = MappingProxyType({
    "in_person": "In person",
    "virtual": "Virtual (online or by phone)",
    "hybrid": "Hybrid (some in the room, some online)",
})

ATTENDEE_ROLES: Mapping[str, str] = MappingProxyType({
    "child": "Child or young person",
    "iro": "Independent Reviewing Officer",
    "social_worker": "Social worker",
    "team_manager": "Team manager",
    "foster_carer": "Foster carer",
    "residential_worker": "Residential key worker",
    "parent": "Parent",
    "family_member": "Other family member",
    "advocate": "Advocate",
    "independent_visitor": "Independent visitor",
    "designated_teacher": "Designated teacher",
    "virtual_school": "Virtual school",
    "health": "Health (nurse, doctor or therapist)",
    "camhs": "Child and adolescent mental health services",
    "personal_adviser": "Personal adviser",
    "supervising_social_worker": "Supervising social worker (carers' own)",
    "childrens_guardian": "Children's guardian",
    "youth_justice": "Youth justice worker",
    "interpreter": "Interpreter",
    "other": "Other",
})

PARENT_PARTICIPATION: Mapping[str, str] = MappingProxyType({
    "attended": "Attended",
    "views_given": "Did not attend but gave their views",
    "invited_no_part": "Invited but did not take part",
    "not_invited": "Not invited (reason recorded)",
    "not_applicable": "Not applicable",
})
# A parent "took part" in a review when they attended or gave their views.
PARENT_TOOK_PART = frozenset({"attended", "views_given"})
PARENT_NOT_COUNTED = frozenset({"not_applicable"})


def parent_took_part(hows: Iterable[str]) -> bool | None:
    """Whether a parent took part, from how each parent recorded took part
    (``ParentParticipation.how``): None when no parent was recorded (or every one recorded as not
    applicable)."""
    counted = [how for how in hows if how and how not in PARENT_NOT_COUNTED]
    if not counted:
        return None
    return any(how in PARENT_TOOK_PART for how in counted)


CONSULTATION_GROUPS: Mapping[str, str] = MappingProxyType({
    "child": "Child or young person",
    "parents": "Parents",
    "carers": "Carers",
    "school": "School",
    "health": "Health",
    "others": "Others",
})

RAG: Mapping[str, str] = MappingProxyType({
    "green": "Green: good",
    "amber": "Amber: some concerns",
    "red": "Red: serious concerns",
})

# One list of review types for every screen, in the caseload's code module.
REVIEW_TYPES = caseload_codes.REVIEW_TYPES

# Recommendation status (tracked across reviews) and what the next review decides about one.
OPEN, DONE, NOT_DONE, SUPERSEDED = "open", "done", "not_done", "superseded"
RECOMMENDATION_STATUSES: Mapping[str, str] = MappingProxyType({
    OPEN: "Open",
    DONE: "Done",
    NOT_DONE: "Not done",
    SUPERSEDED: "Superseded",
})
CARRY_FORWARD = "carry_forward"
OUTCOMES: Mapping[str, str] = MappingProxyType({
    DONE: "Done",
    NOT_DONE: "Not done, and no longer needed",
    CARRY_FORWARD: "Carried forward into this review's decisions",
    SUPERSEDED: "Superseded by a new decision",
})

MIDWAY_HOW: Mapping[str, str] = MappingProxyType({
    "visit": "Visit to the child",
    "call": "Phone call",
    "social_worker_meeting": "Meeting with the social worker",
    "video": "Video call",
})

MIDWAY_PROGRESS: Mapping[str, str] = MappingProxyType({
    "done": "Done",
    "on_track": "On track",
    "delayed": "Delayed",
    "not_started": "Not started",
})

# Who a decision is for, in the letter: the IRO writes as "I" and to the child as "you".
ROLE_IN_LETTER: Mapping[str, str] = MappingProxyType({
    "child": "you",
    "iro": "I",
    "social_worker": "your social worker",
    "team_manager": "your social worker's manager",
    "foster_carer": "your carers",
    "residential_worker": "your key worker",
    "parent": "your mum or dad",
    "family_member": "your family",
    "advocate": "your advocate",
    "independent_visitor": "your independent visitor",
    "designated_teacher": "your teacher who helps children in care",
    "virtual_school": "the team who help with school",
    "health": "your nurse or doctor",
    "camhs": "the team who help with feelings",
    "personal_adviser": "your personal adviser",
    "supervising_social_worker": "your carers' social worker",
    "childrens_guardian": "your guardian",
    "youth_justice": "your youth justice worker",
    "interpreter": "your interpreter",
    "other": "",
})
