"""Statutory review timescales (Care Planning, Placement and Case Review (England) Regulations
2010 and the IRO Handbook) as pure functions.

- first review: the 20th working day after the day the child became looked after;
- second review: no more than 3 months after the first;
- later reviews: no more than 6 months after the previous one (an additional review counts as
  the previous one);
- a new period of care starts again at the first review;
- care leavers: the first and second reviews as for every child, then each review is also the
  pathway plan review, at least every 6 months;
- record/letter and decisions deadlines: local standards in working days after the review;
- midway review: local practice, the calendar mid-point (rounded down).

Month arithmetic clamps to the month's end (30 Nov + 3 months = 28/29 Feb), as dateutil does.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from calendar import isleap

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
    review_id: int | None = None  # the vault's row, so a preview can move an unsaved date


@dataclass(frozen=True)
class CarePeriod:
    start: date  # the day the child became looked after
    end: date | None = None


@dataclass(frozen=True)
class CaseFacts:
    """A child's whole history as the timescales need it: every period of care and every review
    held, in any period. ``next_review`` decides which of them count."""

    child_id: str
    date_of_birth: date
    periods: tuple[CarePeriod, ...] = ()
    care_leaver: bool = False
    reviews: tuple[HeldReview, ...] = ()
    seed_last_review: date | None = None  # from the caseload extract
    seed_reviews_held: int | None = None
    midways_done: tuple[date, ...] = ()
    pre_review_visits: tuple[date, ...] = ()  # regulation 36 conversations recorded


@dataclass(frozen=True)
class NextReview:
    """The next statutory review: which it is, its limit, and what that limit counts from."""

    kind: str
    due: date | None
    counts_from: date | None  # the previous review, or the day the child became looked after
    previous: date | None  # the last review held in this period of care (None before the first)
    period_start: date | None
    reviews_held: int  # in this period of care, the extract's count included
    from_extract: bool = False  # the previous review is the extract's, not a recorded one


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
    counts_from: date | None = None  # see NextReview


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: date, months: int) -> date:
    """The same day ``months`` calendar months on, clamped to that month's last day (30 Nov + 3
    months is 28 or 29 Feb): what ``dateutil.relativedelta(months=...)`` gives, which the tests
    hold it to. Written out because the annual report asks it for every review in a team's year,
    and relativedelta takes some forty microseconds a call."""
    year, month = divmod(d.month - 1 + months, 12)
    year, month = d.year + year, month + 1
    last = 29 if month == 2 and isleap(year) else _MONTH_DAYS[month]
    return date(year, month, min(d.day, last))


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


def period_on(facts: CaseFacts, as_of: date | None = None) -> CarePeriod | None:
    """The period of care ``as_of`` falls in: the latest to have begun by then (without
    ``as_of``, the latest of all). A period that has ended stays the child's period until a new
    one begins, so a care leaver's reviews after leaving care still count in it."""
    begun = [p for p in facts.periods if as_of is None or p.start <= as_of]
    return max(begun, key=lambda p: p.start, default=None)


def reviews_in_period(facts: CaseFacts, as_of: date | None = None) -> tuple[HeldReview, ...]:
    """The reviews that count towards the next one, oldest first: those held in the period of
    care ``as_of`` falls in (all of them if no period is known), up to ``as_of``."""
    return _held_in(facts, period_on(facts, as_of), as_of)


def _held_in(facts: CaseFacts, period: CarePeriod | None, as_of: date | None) -> tuple[HeldReview, ...]:
    start = period.start if period is not None else date.min
    end = as_of or date.max
    return tuple(sorted((r for r in facts.reviews if start <= r.review_date <= end), key=_held_on))


def _held_on(r: HeldReview) -> date:
    return r.review_date


def next_review(facts: CaseFacts, settings: TimescaleSettings = TimescaleSettings(),
                cal: WorkingCalendar | None = None, *, as_of: date | None = None) -> NextReview:
    """THE next-review rule: every screen, export and printed document asks this function (or
    ``History``, which asks the same rule, ``_standing``, of each review a child has had).

    ``as_of`` gives the next review as it stood on that day (the reviews held by then, in the
    period of care that day falls in): a letter written for the review held on 3 March tells
    the child the limit of the review after that one. Without it, every review recorded counts.

    - A new period of care starts again at the first review: reviews, and an extract seed, from
      before the period began are history of an earlier period.
    - The extract's ``last_review_date`` and ``reviews_held`` stand for reviews the vault has no
      record of; recorded reviews after the seed's date add to its count.
    - An additional review counts as the previous review.
    - A care leaver still gets the first and second reviews of every period of care; from the
      third on, each review is also the pathway plan review, every 6 months.
    """
    period = period_on(facts, as_of)
    seed = facts.seed_last_review
    seed_counts = seed is not None and (as_of is None or seed <= as_of)
    return _standing(facts, period, _held_in(facts, period, as_of), seed_counts, settings, cal or england())


def _standing(facts: CaseFacts, period: CarePeriod | None, recorded: tuple[HeldReview, ...], seed_counts: bool,
              settings: TimescaleSettings, cal: WorkingCalendar) -> NextReview:
    """The rule itself, given the period of care that counts, the reviews held in it (oldest
    first) and whether the extract's seed is part of that history."""
    start = period.start if period else None
    previous = recorded[-1].review_date if recorded else None
    held = len(recorded)
    seed = facts.seed_last_review
    from_extract = False
    if seed_counts and (start is None or seed >= start):
        # The extract's count covers the reviews up to its date; a recorded review on or before
        # that date is one of them, not another.
        before = sum(r.review_date <= seed for r in recorded)
        held = max(facts.seed_reviews_held or 1, before) + (held - before)
        if previous is None or seed > previous:
            previous, from_extract = seed, True
    if held == 0 or previous is None:
        due = first_review_due(start, settings, cal) if start else None
        return NextReview(FIRST, due, start, None, start, 0)
    if held == 1:
        return NextReview(SECOND, add_months(previous, 3), previous, previous, start, held, from_extract)
    if facts.care_leaver:
        return NextReview(PATHWAY, add_months(previous, 6), previous, previous, start, held, from_extract)
    months = 6
    if settings.under5_review_interval_months and age_on(facts.date_of_birth, previous) < 5:
        months = min(months, settings.under5_review_interval_months)
    return NextReview(SUBSEQUENT, add_months(previous, months), previous, previous, start, held, from_extract)


class History:
    """One child's history sorted once, to ask what was due on the day each of its reviews was
    held: the annual report asks it of every review in a team's year. The answer is
    ``next_review``'s rule given the history as it stood that day (the reviews before that one,
    the periods of care begun by then, the midway reviews done before then), cut from the
    sorted history instead of built again for each review."""

    def __init__(self, facts: CaseFacts) -> None:
        self.facts = facts
        self._reviews = tuple(sorted(facts.reviews, key=lambda r: (r.review_date, r.review_id or 0)))
        self._keys = [(r.review_date, r.review_id or 0) for r in self._reviews]
        self._dates = [r.review_date for r in self._reviews]
        self._periods = sorted(facts.periods, key=lambda p: p.start)
        self._starts = [p.start for p in self._periods]
        # Where each period's reviews begin among the sorted reviews.
        self._firsts = [bisect_left(self._dates, p.start) for p in self._periods]
        self._midways = sorted(facts.midways_done)

    def as_it_stood(self, held_on: date, review_date: date, review_id: int, settings: TimescaleSettings,
                    cal: WorkingCalendar) -> tuple[NextReview, bool | None]:
        """The next review as it stood when the review (``review_date``, ``review_id``) was held
        on ``held_on`` (a series' first meeting may be earlier than its review date), and
        whether that interval's midway review was done (``midway_done``)."""
        cut = bisect_left(self._keys, (review_date, review_id))
        begun = bisect_right(self._starts, held_on)
        period, first = (self._periods[begun - 1], self._firsts[begun - 1]) if begun else (None, 0)
        seed = self.facts.seed_last_review
        nxt = _standing(self.facts, period, self._reviews[first:cut], seed is not None and seed < held_on,
                        settings, cal)
        return nxt, midway_done(self._midways[:bisect_left(self._midways, held_on)], nxt)


def midway_done(midways: Sequence[date], nxt: NextReview) -> bool | None:
    """Whether the midway review between the previous review and ``nxt``'s limit was done (a
    midway visit or review after the previous review, by the limit); None when there is no
    midway to do: before the first review. ``midways`` are in date order."""
    if nxt.kind == FIRST or nxt.previous is None or nxt.due is None:
        return None
    after = bisect_right(midways, nxt.previous)  # the first one after the previous review
    return after < len(midways) and midways[after] <= nxt.due


def midway_due(facts: CaseFacts, nxt: NextReview, today: date, settings: TimescaleSettings,
               cal: WorkingCalendar) -> DueItem | None:
    """The midway review between the previous review and ``nxt``'s limit, and whether it was
    done (a midway visit or review after the previous review, by the limit); None before the
    first review."""
    done = midway_done(sorted(facts.midways_done), nxt)
    if done is None:
        return None
    midway = midway_between(nxt.previous, nxt.due)
    status, remaining = status_for(midway, today, done, settings, cal)
    return DueItem("midway", midway, status, remaining)


def child_due(facts: CaseFacts, today: date, settings: TimescaleSettings = TimescaleSettings(),
              cal: WorkingCalendar | None = None) -> ChildDue:
    cal = cal or england()
    nxt = next_review(facts, settings, cal)
    due, previous = nxt.due, nxt.previous
    items: list[DueItem] = []
    midway = None
    if due is not None:
        status, remaining = status_for(due, today, False, settings, cal)
        items.append(DueItem("review", due, status, remaining))
        # Regulation 36: flag the private conversation only once the review is near, and only
        # if none has been recorded since the last review (or since care began).
        since = nxt.counts_from or date.min
        if status in (OVERDUE, DUE_SOON) and not any(v > since for v in facts.pre_review_visits):
            items.append(DueItem("visit", due, status, remaining))
        midway_item = midway_due(facts, nxt, today, settings, cal)
        if midway_item is not None:
            midway = midway_item.due
            items.append(midway_item)
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
        child_id=facts.child_id, review_kind=nxt.kind, next_review_due=due, previous_review=previous,
        midway_due=midway, status=worst.status if worst else DONE,
        working_days_remaining=review_item.working_days_remaining if review_item else None,
        items=tuple(items), counts_from=nxt.counts_from,
    )


def all_due(cases: list[CaseFacts], today: date, settings: TimescaleSettings = TimescaleSettings()) -> list[ChildDue]:
    """Every child's due items, most urgent first."""
    cal = england()
    result = [child_due(c, today, settings, cal) for c in cases]
    result.sort(key=lambda d: (STATUS_ORDER[d.status], d.next_review_due or date.max, d.child_id))
    return result
