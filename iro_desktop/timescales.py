"""Statutory review timescales (Care Planning, Placement and Case Review (England) Regulations
2010 and the IRO Handbook) as pure functions.

- first review: the 20th working day after the day the child became looked after;
- second review: no more than 3 months after the first;
- later reviews: no more than 6 months after the previous one (an additional review counts as
  the previous one);
- a new period of care starts again at the first review;
- care leavers: pathway plan review at least every 6 months;
- record/letter and decisions deadlines: local standards in working days after the review;
- midway review: local practice, the calendar mid-point (rounded down).

Month arithmetic clamps to the month's end (30 Nov + 3 months = 28/29 Feb), as dateutil does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from iro_desktop.workdays import WorkingCalendar, england

FIRST, SECOND, SUBSEQUENT, PATHWAY, ADDITIONAL = "first", "second", "subsequent", "pathway", "additional"
OVERDUE, DUE_SOON, ON_TRACK, DONE = "overdue", "due_soon", "on_track", "done"
STATUS_ORDER = {OVERDUE: 0, DUE_SOON: 1, ON_TRACK: 2, DONE: 3}
STATUS_WORDS = {OVERDUE: "Overdue", DUE_SOON: "Due soon", ON_TRACK: "On track", DONE: "Done"}


@dataclass(frozen=True)
class TimescaleSettings:
    record_deadline_working_days: int = 20  # IRO Handbook; some councils use 15 or 10
    decisions_deadline_working_days: int = 5
    due_soon_working_days: int = 10
    under5_review_interval_months: int | None = None  # optional shorter interval for under-5s
    first_review_working_days: int = 20


@dataclass(frozen=True)
class HeldReview:
    review_date: date
    review_type: str
    record_sent: date | None = None
    decisions_circulated: date | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What the timescales need to know about one child, in the current period of care."""

    child_id: str
    date_of_birth: date
    period_start: date | None
    care_leaver: bool = False
    reviews: tuple[HeldReview, ...] = ()
    seed_last_review: date | None = None  # from the caseload extract, until records exist
    seed_reviews_held: int | None = None
    midways_done: tuple[date, ...] = ()
    pre_review_visits: tuple[date, ...] = ()  # regulation 36 conversations recorded


@dataclass(frozen=True)
class DueItem:
    kind: str  # review / visit / midway / record / decisions
    due: date
    status: str
    working_days_remaining: int
    review_date: date | None = None  # for record and decisions deadlines


@dataclass(frozen=True)
class ChildDue:
    child_id: str
    review_kind: str
    next_review_due: date | None
    previous_review: date | None
    midway_due: date | None
    status: str
    working_days_remaining: int | None
    items: tuple[DueItem, ...] = field(default_factory=tuple)


def add_months(d: date, months: int) -> date:
    return d + relativedelta(months=months)


def first_review_due(became_looked_after: date, settings: TimescaleSettings = TimescaleSettings(),
                     cal: WorkingCalendar | None = None) -> date:
    return (cal or england()).add_working_days(became_looked_after, settings.first_review_working_days)


def midway_between(previous: date, due: date) -> date:
    return date.fromordinal(previous.toordinal() + (due.toordinal() - previous.toordinal()) // 2)


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def status_for(due: date, today: date, done: bool, settings: TimescaleSettings,
               cal: WorkingCalendar) -> tuple[str, int]:
    remaining = cal.working_days_between(today, due)
    if done:
        return DONE, remaining
    if due < today:
        return OVERDUE, remaining
    if remaining <= settings.due_soon_working_days:
        return DUE_SOON, remaining
    return ON_TRACK, remaining


def next_review(facts: CaseFacts, settings: TimescaleSettings = TimescaleSettings(),
                cal: WorkingCalendar | None = None) -> tuple[str, date | None, date | None]:
    """(kind, limit date, previous review date) of the next statutory review."""
    cal = cal or england()
    reviews = sorted(facts.reviews, key=lambda r: r.review_date)
    if reviews:
        held, previous = len(reviews), reviews[-1].review_date
    elif facts.seed_reviews_held:
        held, previous = facts.seed_reviews_held, facts.seed_last_review
    else:
        held, previous = 0, None
    if facts.care_leaver:
        base = previous or facts.period_start
        return PATHWAY, (add_months(base, 6) if base else None), previous
    if held == 0 or previous is None:
        if facts.period_start is None:
            return FIRST, None, None
        return FIRST, first_review_due(facts.period_start, settings, cal), None
    if held == 1:
        return SECOND, add_months(previous, 3), previous
    months = 6
    if settings.under5_review_interval_months and age_on(facts.date_of_birth, previous) < 5:
        months = min(months, settings.under5_review_interval_months)
    return SUBSEQUENT, add_months(previous, months), previous


def child_due(facts: CaseFacts, today: date, settings: TimescaleSettings = TimescaleSettings(),
              cal: WorkingCalendar | None = None) -> ChildDue:
    cal = cal or england()
    kind, due, previous = next_review(facts, settings, cal)
    items: list[DueItem] = []
    midway = None
    if due is not None:
        status, remaining = status_for(due, today, False, settings, cal)
        items.append(DueItem("review", due, status, remaining))
        # Regulation 36: flag the private conversation only once the review is near, and only
        # if none has been recorded since the last review (or since care began).
        since = previous or facts.period_start or date.min
        if status in (OVERDUE, DUE_SOON) and not any(v > since for v in facts.pre_review_visits):
            items.append(DueItem("visit", due, status, remaining))
        start = previous or facts.period_start
        if start is not None and kind != FIRST:
            midway = midway_between(start, due)
            done = any(start < d <= due for d in facts.midways_done)
            m_status, m_remaining = status_for(midway, today, done, settings, cal)
            items.append(DueItem("midway", midway, m_status, m_remaining))
    # Only the latest review's paperwork can be outstanding: once another review has been held,
    # the earlier record belongs to history (its lateness is a report figure, not a to-do).
    latest = max(facts.reviews, key=lambda r: r.review_date, default=None)
    for r in ([latest] if latest else []):
        for kind_name, days, done_on in (
            ("record", settings.record_deadline_working_days, r.record_sent),
            ("decisions", settings.decisions_deadline_working_days, r.decisions_circulated),
        ):
            deadline = cal.add_working_days(r.review_date, days)
            if done_on is None:
                s, rem = status_for(deadline, today, False, settings, cal)
                items.append(DueItem(kind_name, deadline, s, rem, r.review_date))
    open_items = [i for i in items if i.status != DONE]
    worst = min(open_items, key=lambda i: (STATUS_ORDER[i.status], i.due), default=None)
    review_item = items[0] if items and items[0].kind == "review" else None
    return ChildDue(
        child_id=facts.child_id, review_kind=kind, next_review_due=due, previous_review=previous,
        midway_due=midway, status=worst.status if worst else DONE,
        working_days_remaining=review_item.working_days_remaining if review_item else None,
        items=tuple(items),
    )


def all_due(cases: list[CaseFacts], today: date, settings: TimescaleSettings = TimescaleSettings()) -> list[ChildDue]:
    """Every child's due items, most urgent first."""
    cal = england()
    result = [child_due(c, today, settings, cal) for c in cases]
    result.sort(key=lambda d: (STATUS_ORDER[d.status], d.next_review_due or date.max, d.child_id))
    return result
