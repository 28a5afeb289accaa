"""Checks on review and midway content, in two tiers.

* ``problems``: things that are wrong (a code that does not exist, PN0 for a child of 4, a
  date in the future). A draft with problems is not saved.
* ``missing``: things a finished record needs (the participation code, regulation 36, the
  decisions' who and when, every letter section written or hidden) and things that disagree
  with each other (a participation code that says the child attended when the attendance does
  not list them). A record being written may lack them or still disagree, and is saved as it
  is: the IRO fills the attendance in after choosing the code, or the other way round.
  Finalising needs them all put right.

Both are lists of (field, message) pairs, the field a path into the content
(``details.participation_code``, ``recommendations[1].by_when``) so a form can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from iro_desktop.reviews import codes
from iro_desktop.reviews.model import Content, MidwayContent, Recommendation, ReviewContent, ReviewDetails
from iro_desktop.reviews.series import first_meeting

Problem = tuple[str, str]
MAX_TEXT = 200_000  # characters in one field: far beyond any letter, short of a runaway paste


@dataclass
class Checks:
    problems: list[Problem] = field(default_factory=list)
    missing: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # worth a look, never blocking

    @property
    def can_save(self) -> bool:
        return not self.problems

    @property
    def can_finalise(self) -> bool:
        return not self.problems and not self.missing


def _fmt(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def _date_problems(where: str, what: str, value: date | None, today: date, earliest: date | None = None,
                   earliest_what: str = "") -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, date):
        return [(where, f"The {what} must be a date.")]
    out = []
    if value > today:
        out.append((where, f"The {what} {_fmt(value)} is in the future."))
    if earliest is not None and value < earliest:
        out.append((where, f"The {what} {_fmt(value)} is before {earliest_what} ({_fmt(earliest)})."))
    return out


def _code(where: str, what: str, value: str | None, valid) -> list[Problem]:
    if value in (None, ""):
        return []
    if value not in valid:
        return [(where, f"'{value}' is not a {what}; choose one from the list.")]
    return []


def _long(where: str, value: str) -> list[Problem]:
    return [(where, "This is too long to keep; split it up.")] if len(value) > MAX_TEXT else []


def child_attendance(details: ReviewDetails) -> tuple[bool, bool]:
    """(the child attended, they were there in person). The child attended if they are among
    the attendees or the record says so (``child_attended``, the report's answer). A child's own
    way of meeting wins over the review's; one recorded with neither counts as in the room."""
    ways = [a.how for a in details.attendees if a.role == "child"]
    if not ways and details.child_attended:
        ways = [""]
    in_person = any((how or details.venue_mode or "in_person") != "virtual" for how in ways)
    return bool(ways), in_person


def participation_contradiction(details: ReviewDetails) -> str | None:
    """The participation code set against the attendance (``codes.attendance_contradiction``)."""
    return codes.attendance_contradiction(details.participation_code, *child_attendance(details))


def record_contradictions(content: Content) -> list[str]:
    """What a record says against itself, for a finalised one shown on screen: the IRO amends it
    to put it right. Midway reviews record no attendance, so they have none of these."""
    if not isinstance(content, ReviewContent):
        return []
    found = participation_contradiction(content.details)
    return [found] if found else []


def _recommendation(i: int, r: Recommendation, review_date: date, checks: Checks) -> None:
    where = f"recommendations[{i}]"
    which = f"Decision {i + 1}"
    checks.problems += _code(f"{where}.who_role", "role", r.who_role, codes.ATTENDEE_ROLES)
    if r.by_when is not None and r.by_when < review_date:
        checks.problems.append((f"{where}.by_when", f"The date {_fmt(r.by_when)} is before the review "
                                f"({_fmt(review_date)}); a decision is for what happens next."))
    if not r.what.strip():
        checks.missing.append((f"{where}.what", f"{which}: say what will be done."))
    if not r.who_role:
        checks.missing.append((f"{where}.who_role", f"{which}: say who will do it (their role)."))
    elif not r.who_name.strip() and r.who_role not in ("child", "iro"):
        checks.missing.append((f"{where}.who_name", f"{which}: give the name of the person who will do it."))
    if r.by_when is None:
        checks.missing.append((f"{where}.by_when", f"{which}: give the date it will be done by."))


def check_review(content: ReviewContent, date_of_birth: date, today: date, *,
                 open_earlier: Iterable[str] = ()) -> Checks:
    """Everything wrong with, missing from, or worth a look in a review record.

    ``open_earlier``: uids of the child's open decisions from earlier reviews, each of which
    this review must decide about before it is finalised."""
    c = Checks()
    d = content.details
    if d.review_date is None:
        c.problems.append(("details.review_date", "The review date is missing."))
        return c
    c.problems += _date_problems("details.review_date", "review date", d.review_date, today, date_of_birth,
                                 "the date of birth")
    c.problems += _code("details.review_type", "review type", d.review_type, codes.REVIEW_TYPES)
    if not d.review_type:
        c.problems.append(("details.review_type", "The review type is missing."))
    c.problems += _code("details.venue_mode", "way of meeting", d.venue_mode, codes.VENUE_MODES)
    problem = codes.participation_problem(d.participation_code, date_of_birth, d.review_date)
    if problem:
        c.problems.append(("details.participation_code", problem))
    latest_meeting = max([m.meeting_date for m in d.meetings if m.meeting_date] + [d.review_date])
    if d.seen_alone_date is not None:
        c.problems += _date_problems("details.seen_alone_date", "date the child was seen alone", d.seen_alone_date,
                                     today)
        if d.seen_alone_date > latest_meeting:
            c.problems.append(("details.seen_alone_date", "Regulation 36 asks for the conversation before the "
                               f"review; {_fmt(d.seen_alone_date)} is after it."))
    first = first_meeting(d)
    if first is not None and first != d.review_date:
        # The review row, the timescales and the 903 return count a series from its first meeting.
        c.problems.append(("details.review_date", "A review held as a series counts from its first meeting: "
                           f"make the review date {_fmt(first)}, the first meeting's date."))
    c.problems += _long("details.rearranged_reason", d.rearranged_reason)
    for i, m in enumerate(d.meetings):
        c.problems += _date_problems(f"details.meetings[{i}].meeting_date", "meeting date", m.meeting_date, today)
        c.problems += _code(f"details.meetings[{i}].venue_mode", "way of meeting", m.venue_mode, codes.VENUE_MODES)
    for group, people in (("attendees", d.attendees), ("apologies", d.apologies)):
        for i, a in enumerate(people):
            c.problems += _code(f"details.{group}[{i}].role", "role", a.role, codes.ATTENDEE_ROLES)
            c.problems += _code(f"details.{group}[{i}].how", "way of meeting", a.how, codes.VENUE_MODES)
            if not a.name.strip() and a.role not in ("child",):
                c.missing.append((f"details.{group}[{i}].name", "Give the person's name."))
    for i, p in enumerate(d.parents):
        c.problems += _code(f"details.parents[{i}].how", "kind of participation", p.how, codes.PARENT_PARTICIPATION)
    for key in d.consultation_returned:
        c.problems += _code("details.consultation_returned", "consultation group", key, codes.CONSULTATION_GROUPS)
    qa = content.qa
    c.problems += _code("qa.care_planning_rag", "rating", qa.care_planning_rag, codes.RAG)
    c.problems += _code("qa.preparation_rag", "rating", qa.preparation_rag, codes.RAG)
    for i, r in enumerate(content.recommendations):
        _recommendation(i, r, d.review_date, c)
    uids = [r.uid for r in content.recommendations]
    if len(set(uids)) != len(uids):
        c.problems.append(("recommendations", "Two decisions share one id; add the second one again."))
    for i, p in enumerate(content.previous):
        c.problems += _code(f"previous[{i}].outcome", "outcome", p.outcome, codes.OUTCOMES)
        if p.outcome == codes.CARRY_FORWARD and not any(r.carried_from == p.uid for r in content.recommendations):
            c.missing.append((f"previous[{i}].outcome", "This decision is marked as carried forward, but none of "
                              "this review's decisions carries it. Add it, or choose another outcome."))
    letter = content.letter
    for key, text in [("letter.opening", letter.opening)] + [(f"letter.{s.key}", s.body) for s in letter.sections]:
        c.problems += _long(key, text)

    # What a finished record needs.
    if not d.venue_mode:
        c.missing.append(("details.venue_mode", "Say whether the review was in person, virtual or hybrid."))
    if d.held_as_series and len(d.meetings) < 2:
        c.missing.append(("details.meetings", "A review held as a series needs the date of each meeting."))
    if d.seen_alone is None:
        c.missing.append(("details.seen_alone", "Regulation 36: say whether you spoke with the child on "
                          "their own before the review."))
    elif d.seen_alone and d.seen_alone_date is None:
        c.missing.append(("details.seen_alone_date", "Regulation 36: give the date you spoke with the child on "
                          "their own."))
    elif not d.seen_alone and not d.not_seen_alone_reason.strip():
        c.missing.append(("details.not_seen_alone_reason", "Regulation 36: say why you did not speak with the "
                          "child on their own (for example, they did not want to, or were too young)."))
    if not d.participation_code:
        c.missing.append(("details.participation_code", "Choose the participation code (PN0 to PN7)."))
    elif problem is None:
        contradiction = participation_contradiction(d)
        if contradiction:
            c.missing.append(("details.participation_code",
                              f"{contradiction} {codes.attendance_fix(d.participation_code)}"))
    if d.rearranged and not d.rearranged_reason.strip():
        c.missing.append(("details.rearranged_reason", "Say why the review meeting was rearranged."))
    if not letter.addressed_to.strip():
        c.missing.append(("letter.addressed_to", "Give the name the child likes to be called."))
    if not letter.visible_sections and not letter.opening.strip():
        c.missing.append(("letter", "The letter to the child is empty."))
    for s in letter.visible_sections:
        if not s.plain.strip():
            c.missing.append((f"letter.{s.key}", f"The letter's section “{s.heading}” is empty: write "
                              "it, or hide it if it is not needed for this child."))
    decided = {p.uid for p in content.previous if p.outcome}
    order = {p.uid: n for n, p in enumerate(content.previous, 1)}
    for uid in open_earlier:
        if uid not in decided:
            which = f"Earlier decision {order[uid]}" if uid in order else "An earlier decision"
            c.missing.append((f"previous.{uid}", f"{which}: say what happened to it since the last review "
                              "(done, not done, carried forward or superseded)."))

    # Worth a look.
    if qa.care_planning_rag is None or qa.preparation_rag is None:
        c.warnings.append(("qa", "The quality ratings (care planning and review preparation) are not filled in."))
    if qa.good_practice and not qa.good_practice_note.strip():
        c.warnings.append(("qa.good_practice_note", "Add a short note saying what the good practice was."))
    if not content.recommendations:
        c.warnings.append(("recommendations", "There are no decisions for this review."))
    return c


def check_midway(content: MidwayContent, review_date: date | None, today: date, *,
                 open_uids: Iterable[str] = ()) -> Checks:
    """Everything wrong with or missing from a midway review. ``open_uids``: the open decisions
    it should report progress on."""
    c = Checks()
    if content.midway_date is None:
        c.problems.append(("midway_date", "The date of the midway review is missing."))
        return c
    c.problems += _date_problems("midway_date", "midway review date", content.midway_date, today, review_date,
                                 "the review it follows")
    c.problems += _code("how", "way of doing the midway review", content.how, codes.MIDWAY_HOW)
    for i, p in enumerate(content.progress):
        c.problems += _code(f"progress[{i}].progress", "progress", p.progress, codes.MIDWAY_PROGRESS)
    for name in ("child_views", "new_concerns", "escalation_details", "child_note"):
        c.problems += _long(name, getattr(content, name))
    if not content.how:
        c.missing.append(("how", "Say how the midway review was done (visit, call, meeting or video)."))
    reported = {p.uid for p in content.progress if p.progress}
    for uid in open_uids:
        if uid not in reported:
            c.missing.append((f"progress.{uid}", "Give the progress on each open decision."))
    if content.escalation_needed and not content.escalation_details.strip():
        c.missing.append(("escalation_details", "Say what the escalation is about and what needs to happen."))
    return c
