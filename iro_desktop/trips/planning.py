"""Which children one journey can cover, and on which dates.

A review is best held close to its limit date: held much earlier, it pulls every later limit
forward. So a visit is "feasible" from ``lead_days`` before the limit up to the limit itself
(an overdue one, as soon as possible). Children placed in the same area form one group; the
group's common window is the overlap of its children's windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from iro_desktop.timescales import ChildDue, OVERDUE
from iro_desktop.workdays import WorkingCalendar, england, last_working_day_on_or_before, next_working_day_on_or_after

DEFAULT_LEAD_DAYS = 28
DEFAULT_WEEKS = 6  # how far ahead the trips screen looks, until the IRO chooses


@dataclass(frozen=True)
class Placed:
    """Where a child lives now, as far as trips need to know."""

    child_id: str
    initials: str
    name: str
    area: str | None
    out_of_area: bool


@dataclass(frozen=True)
class Stop:
    child_id: str
    initials: str
    name: str
    reason: str  # "review" or "visit" (regulation 36 conversation before the review)
    review_kind: str
    due: date
    overdue: bool
    earliest: date
    latest: date


@dataclass(frozen=True)
class AreaGroup:
    area: str
    out_of_area: bool
    stops: tuple[Stop, ...]
    earliest: date  # the common window: every child can be seen between these dates
    latest: date

    @property
    def one_trip_fits_all(self) -> bool:
        return self.earliest <= self.latest

    def suggested_days(self) -> list[tuple[date, tuple[Stop, ...]]]:
        return suggested_days(self.stops)


def suggested_days(stops: tuple[Stop, ...]) -> list[tuple[date, tuple[Stop, ...]]]:
    """The fewest visit days that see every child in time (interval stabbing: take the
    earliest deadline, see everyone whose window is open by then, repeat)."""
    days: list[tuple[date, tuple[Stop, ...]]] = []
    left = sorted(stops, key=lambda s: (s.latest, s.earliest))
    while left:
        day = left[0].latest
        seen = tuple(s for s in left if s.earliest <= day)
        days.append((day, seen))
        left = [s for s in left if s not in seen]
    return days


def default_window(today: date) -> tuple[date, date]:
    """The window the trips screen shows first: from today, six weeks ahead."""
    return today, today + timedelta(weeks=DEFAULT_WEEKS)


def stop_for(d: ChildDue, where: Placed, window_start: date, window_end: date, *,
             lead_days: int = DEFAULT_LEAD_DAYS, cal: WorkingCalendar | None = None) -> Stop | None:
    """The child's visit in the window (its feasible days), or None if nothing falls due by its end.
    Every way of grouping trips (by area name, by distance) takes its stops from here."""
    if d.next_review_due is None or d.next_review_due > window_end:
        return None
    cal = cal or england()
    overdue = d.next_review_due < window_start or any(
        i.kind == "review" and i.status == OVERDUE for i in d.items)
    reason = "visit" if any(i.kind == "visit" for i in d.items) else "review"
    if overdue:
        earliest = latest = next_working_day_on_or_after(window_start, cal)
    else:
        earliest = next_working_day_on_or_after(max(window_start, d.next_review_due - timedelta(days=lead_days)), cal)
        latest = last_working_day_on_or_before(d.next_review_due, cal)
        latest = max(latest, earliest)
    return Stop(d.child_id, where.initials, where.name, reason, d.review_kind, d.next_review_due, overdue,
                earliest, latest)


def group_by_area(due: list[ChildDue], placed: dict[str, Placed], window_start: date, window_end: date,
                  *, lead_days: int = DEFAULT_LEAD_DAYS, out_of_area_only: bool = False,
                  cal: WorkingCalendar | None = None) -> list[AreaGroup]:
    """Children whose next review (or pre-review visit) falls due by ``window_end``, by area.

    Groups with more children come first: those are the journeys that save the most travel.
    """
    if window_end < window_start:
        raise ValueError("the window ends before it starts")
    cal = cal or england()
    by_area: dict[str, list[Stop]] = {}
    labels: dict[str, str] = {}  # the first spelling seen of each area
    away: dict[str, bool] = {}
    for d in due:
        where = placed.get(d.child_id)
        if where is None or (out_of_area_only and not where.out_of_area):
            continue
        stop = stop_for(d, where, window_start, window_end, lead_days=lead_days, cal=cal)
        if stop is None:
            continue
        area = (where.area or "Area not recorded").strip()
        key = area.casefold()
        by_area.setdefault(key, []).append(stop)
        labels.setdefault(key, area)
        away[key] = away.get(key, False) or where.out_of_area
    groups = []
    for key, stops in by_area.items():
        stops.sort(key=lambda s: (s.latest, s.child_id))
        groups.append(AreaGroup(
            area=labels[key], out_of_area=away[key], stops=tuple(stops),
            earliest=max(s.earliest for s in stops), latest=min(s.latest for s in stops)))
    groups.sort(key=lambda g: (-len(g.stops), g.latest, g.area))
    return groups


def initials(first: str, last: str) -> str:
    return "".join(part[0].upper() for part in (first.strip(), last.strip()) if part)
