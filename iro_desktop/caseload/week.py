"""What the IRO has to do, across the caseload, as one list in plain words: "My week".

The dates and statuses come whole from ``iro_desktop.timescales`` (through ``due.caseload_due``);
this module only flattens each child's items into rows, puts them in order (overdue first, then
due soon, earliest first), counts them by category and words them, so every screen and printout
says the same thing in the same words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping

from iro_desktop.timescales import (
    DONE, DUE_SOON, FIRST, ON_TRACK, OVERDUE, PATHWAY, SECOND, STATUS_ORDER, SUBSEQUENT, ChildDue, DueItem,
)
from iro_desktop.workdays import england, last_working_day_on_or_before

REVIEW, VISIT, MIDWAY, RECORD, DECISIONS = "review", "visit", "midway", "record", "decisions"
ESCALATION = "escalation"  # a stage's reply due (iro_desktop.escalations.deadlines); counted by status only
# A booked review meeting (iro_desktop.preparation.meetings): beside the deadlines, never one itself,
# so always "on track" (a meeting never makes a child overdue) and counted in no card.
MEETING = "meeting"
MEETING_HOW_WORDS = {"in_person": "in person", "virtual": "online", "hybrid": "in person and online"}

REVIEW_KIND_WORDS = {FIRST: "1st", SECOND: "2nd", SUBSEQUENT: "later", PATHWAY: "pathway plan"}

ITEM_WORDS = {
    MIDWAY: "Midway review",
    RECORD: "Record to send",
    DECISIONS: "Decisions to circulate",
    VISIT: "Speak with the child before the review (regulation 36)",
}

# The counts at the top of "My week", in the order they are shown: two by status, then one per kind.
CATEGORIES = (OVERDUE, DUE_SOON, REVIEW, MIDWAY, RECORD, DECISIONS, VISIT)
CATEGORY_WORDS = {
    OVERDUE: "Overdue",
    DUE_SOON: "Due soon",
    REVIEW: "Reviews",
    MIDWAY: "Midway reviews",
    RECORD: "Records to send",
    DECISIONS: "Decisions to circulate",
    VISIT: "Regulation 36 conversations",
}

# What to do about each item, for a trip sheet or a reminder: an instruction rather than a label.
TO_DO_WORDS = {
    VISIT: "Speak with the child in private before the review (regulation 36)",
    MIDWAY: "Midway review",
    RECORD: "Send the record of the review",
    DECISIONS: "Circulate the review decisions",
}


@dataclass(frozen=True)
class WeekItem:
    """One thing to do for one child: a row of "My week" and of the calendar."""

    child_id: str
    name: str
    kind: str  # review / visit / midway / record / decisions
    words: str  # "Review due (2nd)", "Record to send", ...
    due: date
    status: str  # overdue / due_soon / on_track (never done: done items are not listed)
    working_days_remaining: int
    review_kind: str
    review_date: date | None = None  # the review a record or decisions deadline belongs to
    escalation_id: int | None = None  # the escalation an ESCALATION item is the deadline of
    meeting_id: int | None = None  # the booked meeting a MEETING item is

    @property
    def when_words(self) -> str:
        return when_words(self.status, self.working_days_remaining)

    @property
    def by_words(self) -> str:
        return by_words(self.due)


def by_words(due: date) -> str:
    """For a limit on a weekend or bank holiday, the last working day before it, "by Fri 4 Sep";
    "" for a limit on a working day. My week and the calendar both say it in these words."""
    day = last_working_day_on_or_before(due)
    return "" if day == due else f"by {day:%a} {day.day} {day:%b}"


def item_words(kind: str, review_kind: str) -> str:
    """The item in plain words: "Review due (2nd)", "Midway review", "Record to send"."""
    if kind == REVIEW:
        return f"Review due ({REVIEW_KIND_WORDS.get(review_kind, review_kind)})"
    return ITEM_WORDS.get(kind, kind)


def to_do_words(item: DueItem, review_kind: str) -> str:
    """What to do about ``item``, as an instruction: "Hold the 2nd review", "Send the record…"."""
    if item.kind == REVIEW:
        if review_kind == PATHWAY:
            return "Hold the pathway plan review"
        return f"Hold the {REVIEW_KIND_WORDS.get(review_kind, review_kind)} review"
    text = TO_DO_WORDS.get(item.kind, item.kind)
    if item.review_date is not None:
        text += f" (review held {item.review_date:%d/%m/%Y})"
    return text


def when_words(status: str, working_days_remaining: int) -> str:
    """Working days left or overdue, in words: "3 working days left", "1 working day overdue".

    No working day left means today is the last working day to do it, whether the date itself is
    today or a weekend or bank holiday just ahead.
    """
    n = working_days_remaining
    if status == DONE:
        return "Done"
    if status == OVERDUE:
        if n >= 0:  # the limit fell on a weekend or bank holiday just gone
            return "Overdue"
        return f"{-n} working day{'s' if n != -1 else ''} overdue"
    if n <= 0:
        return "Due today"
    return f"{n} working day{'s' if n != 1 else ''} left"


def _items(due: Iterable[ChildDue], names: Mapping[str, str], statuses: tuple[str, ...]) -> list[WeekItem]:
    out = []
    for d in due:
        name = names.get(d.child_id, d.child_id)
        for i in d.items:
            if i.status in statuses:
                out.append(WeekItem(d.child_id, name, i.kind, item_words(i.kind, d.review_kind), i.due,
                                    i.status, i.working_days_remaining, d.review_kind, i.review_date))
    out.sort(key=order_key)
    return out


def order_key(w: WeekItem) -> tuple:
    """Overdue first, then due soon, earliest first; a kind with no card of its own last on its day."""
    kind = CATEGORIES.index(w.kind) if w.kind in CATEGORIES else len(CATEGORIES)
    return (STATUS_ORDER[w.status], w.due, w.name.casefold(), w.child_id, kind)


def meeting_words(start_time, how: str, beyond_limit: bool = False) -> str:
    """"Review meeting booked, 10:00, online": a booked meeting as My week and the calendar say it."""
    parts = ["Review meeting booked"]
    if start_time is not None:
        parts.append(f"{start_time:%H:%M}")
    parts.append(MEETING_HOW_WORDS.get(how, how))
    text = ", ".join(parts)
    return text + " (after the review's limit)" if beyond_limit else text


def meeting_items(meetings: Iterable, names: Mapping[str, str], today: date,
                  until: date | None = None) -> list[WeekItem]:
    """The booked meetings (``preparation.model.Meeting``, state booked) from ``today`` to
    ``until`` as rows beside the deadlines, in the order of ``week_items``. Each is "on track"
    whatever its day: a booked meeting is not a deadline, and the review's own limit says
    whether the child is overdue."""
    cal = england()
    out = [WeekItem(m.child_id, names.get(m.child_id, m.child_id), MEETING,
                    meeting_words(m.start_time, m.how, m.beyond_limit), m.meeting_date, ON_TRACK,
                    cal.working_days_between(today, m.meeting_date), "", meeting_id=m.id)
           for m in meetings
           if m.state == "booked" and m.meeting_date >= today and (until is None or m.meeting_date <= until)]
    out.sort(key=order_key)
    return out


def merged(items: Iterable[WeekItem], more: Iterable[WeekItem]) -> list[WeekItem]:
    """Two lists of items as one, in the order of ``week_items``."""
    return sorted([*items, *more], key=order_key)


def week_items(due: Iterable[ChildDue], names: Mapping[str, str]) -> list[WeekItem]:
    """Everything overdue, then everything due within the "due soon" window, earliest first.

    Whether an item is due soon was decided by the timescales (the local "due soon" setting in
    working days); this only picks those items out and orders them.
    """
    return _items(due, names, (OVERDUE, DUE_SOON))


def open_items(due: Iterable[ChildDue], names: Mapping[str, str]) -> list[WeekItem]:
    """Every item not yet done, whenever it falls due (for a calendar that looks months ahead)."""
    return _items(due, names, tuple(s for s in STATUS_ORDER if s != DONE))


def counts(items: Iterable[WeekItem]) -> dict[str, int]:
    """How many items are overdue, due soon, and of each kind, keyed as in CATEGORIES."""
    items = list(items)
    by_status = Counter(i.status for i in items)
    by_kind = Counter(i.kind for i in items)
    return {c: by_status[c] if c in (OVERDUE, DUE_SOON) else by_kind[c] for c in CATEGORIES}


def by_date(items: Iterable[WeekItem]) -> dict[date, list[WeekItem]]:
    """Items grouped by due date, each day's items in the order given."""
    out: dict[date, list[WeekItem]] = {}
    for i in items:
        out.setdefault(i.due, []).append(i)
    return out


def worst_status(items: Iterable[WeekItem]) -> str | None:
    return min((i.status for i in items), key=STATUS_ORDER.__getitem__, default=None)


def bank_holidays_around(today: date) -> list[date]:
    """The weekdays that are not working days (bank holidays, substitute days included) from
    the start of last year to the end of the year after next: what the calendar greys out."""
    cal = england()
    first, last = date(today.year - 1, 1, 1), date(today.year + 2, 12, 31)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5 and not cal.is_working_day(d)]
