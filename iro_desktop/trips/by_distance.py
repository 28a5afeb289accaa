"""Trips grouped by distance: the children due in a window, grouped into a day's visiting around
one place each, each trip in a suggested order from the base and back.

The children and their visit windows come from ``planning.stop_for`` (the same as the trips by
area name, which stay a choice); where each child is comes from ``iro_desktop.places``; the
grouping and order from ``geography`` (whose docstring says how and why). A child whose
district has no distance (not recorded, unknown, Scottish, ...) is on no trip and is listed
with the reason, so nobody silently drops off the plan.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Mapping

from iro_desktop.caseload import due as caseload_due
from iro_desktop.caseload import repository
from iro_desktop.caseload.model import ChildSummary
from iro_desktop.errors import ValidationError
from iro_desktop.places import settings as place_settings
from iro_desktop.places.distance import METRES_PER_MILE
from iro_desktop.places import placement
from iro_desktop.places.placement import WherePlaced, current_districts, where_placed
from iro_desktop.places.table import District
from iro_desktop.timescales import ChildDue
from iro_desktop.trips import geography, store
from iro_desktop.trips.planning import DEFAULT_LEAD_DAYS, Placed, Stop, stop_for, suggested_days
from iro_desktop.vault import Vault
from iro_desktop.workdays import WorkingCalendar


NO_BASE_SET = ("No base district is set: give one (like EX1), or choose your council in the settings so its "
               "own area is used.")


@dataclass(frozen=True)
class TripChild:
    stop: Stop
    district: str
    local_authority: str | None
    council: str | None  # the upper-tier authority: the council responsible for children's services there
    miles_from_base: float
    order: int  # 1 is visited first


@dataclass(frozen=True)
class DistanceTrip:
    children: tuple[TripChild, ...]  # in the suggested visiting order
    route_miles: float  # base, every child in order, base: straight lines
    label: str  # the councils it visits, most children first: "Devon and Cornwall"

    @property
    def stops(self) -> tuple[Stop, ...]:
        return tuple(c.stop for c in self.children)

    @property
    def earliest(self) -> date:
        return max(s.earliest for s in self.stops)

    @property
    def latest(self) -> date:
        return min(s.latest for s in self.stops)

    @property
    def one_trip_fits_all(self) -> bool:
        return self.earliest <= self.latest

    @property
    def area(self) -> str:
        """The name a trip planned from this one is saved under (as a trip by area's area)."""
        return self.label

    def suggested_days(self) -> list[tuple[date, tuple[Stop, ...]]]:
        return suggested_days(self.stops)


@dataclass(frozen=True)
class NotOnATrip:
    stop: Stop
    where: WherePlaced  # its ``message`` says why there is no distance


@dataclass(frozen=True)
class TripPlan:
    base: District
    radius_miles: float  # every child on a trip is within this of the trip's centre
    trips: tuple[DistanceTrip, ...]
    not_placed: tuple[NotOnATrip, ...]
    where: Mapping[str, WherePlaced]  # every child due in the window


def _label(names: list[str | None]) -> str:
    counts = Counter(n for n in names if n)
    ranked = [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    if not ranked:
        return "Trip"
    if len(ranked) <= 2:
        return " and ".join(ranked)
    return f"{ranked[0]}, {ranked[1]} and {len(ranked) - 2} more"


def _point(d: District) -> geography.Point:
    return (d.easting / METRES_PER_MILE, d.northing / METRES_PER_MILE)


def plan_by_distance(due: list[ChildDue], placed: Mapping[str, Placed], districts: Mapping[str, str | None],
                     base: District, window_start: date, window_end: date, *, council_code: str | None = None,
                     radius_miles: float = geography.DEFAULT_RADIUS_MILES, lead_days: int = DEFAULT_LEAD_DAYS,
                     cal: WorkingCalendar | None = None) -> TripPlan:
    """The children due by ``window_end`` (``districts``: each child's placement district),
    grouped into trips from ``base``. Trips with more children come first (the journeys that
    save the most travel), then the shorter route."""
    if window_end < window_start:
        raise ValueError("the window ends before it starts")
    located: list[tuple[Stop, WherePlaced]] = []
    missing: list[NotOnATrip] = []
    seen: dict[str, WherePlaced] = {}
    for d in sorted(due, key=lambda d: d.child_id):
        p = placed.get(d.child_id)
        stop = None if p is None else stop_for(d, p, window_start, window_end, lead_days=lead_days, cal=cal)
        if stop is None:
            continue
        w = seen[d.child_id] = where_placed(districts.get(d.child_id), council_code, base)
        if w.located is None:
            missing.append(NotOnATrip(stop, w))
        else:
            located.append((stop, w))
    points = [_point(w.located) for _, w in located]
    trips = []
    for group in geography.cluster(points, radius_miles):
        pts = [points[i] for i in group]
        order = geography.visiting_order(_point(base), pts)
        children = []
        for k, i in enumerate(order):
            stop, w = located[group[i]]
            children.append(TripChild(stop, w.located.district, w.local_authority, w.upper_authority,
                                      w.miles_from_base, k + 1))
        trips.append(DistanceTrip(tuple(children), geography.route_length(_point(base), pts, order),
                                  _label([c.council for c in children])))
    trips.sort(key=lambda t: (-len(t.children), t.route_miles, t.label))
    return TripPlan(base, radius_miles, tuple(trips), tuple(missing), seen)


@dataclass(frozen=True)
class TripGeography:
    """What grouping by distance needs from the vault beside what is due: each allocated child's
    placement district, the base (None until a council or a base is set) and the council."""

    districts: Mapping[str, str | None]
    base: District | None
    council_code: str | None

    def plan(self, due: list[ChildDue], placed: Mapping[str, Placed], window_start: date, window_end: date,
             ) -> TripPlan | None:
        """``plan_by_distance`` for this caseload; None with no base to measure from."""
        if self.base is None:
            return None
        return plan_by_distance(due, placed, self.districts, self.base, window_start, window_end,
                                council_code=self.council_code)


def geography_for(vault: Vault, rows: list[ChildSummary] | None = None) -> TripGeography:
    """The caseload's ``TripGeography`` (``rows``: the caseload list, if already read)."""
    rows = repository.list_children(vault) if rows is None else rows
    return TripGeography({r.child_id: r.placement_district for r in rows}, place_settings.base_district(vault),
                         place_settings.council_authority_code(vault))


def base_for(vault: Vault, base_text: str | None = None) -> District:
    """``base_text`` if given (checked), else the vault's base; a ValidationError if neither."""
    base = place_settings.check_base(base_text) if base_text else place_settings.base_district(vault)
    if base is None:
        raise ValidationError([("base_district", NO_BASE_SET)])
    return base


def plan_for_vault(vault: Vault, window_start: date, window_end: date, *, base_text: str | None = None,
                   today: date | None = None, radius_miles: float = geography.DEFAULT_RADIUS_MILES) -> TripPlan:
    """The plan for the vault's caseload (the app runs this on its vault worker). ``base_text``
    overrides the base setting for this plan only."""
    base = base_for(vault, base_text)
    dues = caseload_due.caseload_due(vault, today or window_start)
    rows, places = placement.caseload_list(vault)
    geo = geography_for(vault, rows)
    return plan_by_distance(dues, store.placed_from(rows, places), geo.districts, base, window_start, window_end,
                            council_code=geo.council_code, radius_miles=radius_miles)


@dataclass(frozen=True)
class TripRoute:
    """The suggested visiting order for a set of children (a planned trip, for its sheet)."""

    base: District
    order: tuple[str, ...]  # child ids with a distance, in visiting order
    districts: Mapping[str, str]  # child id -> district, for those in ``order``
    miles_from_base: Mapping[str, float]
    route_miles: float
    not_placed: tuple[str, ...]  # child ids with no distance (``where`` says why)
    where: Mapping[str, WherePlaced]


def route_for(child_ids: list[str] | tuple[str, ...], districts: Mapping[str, str | None], base: District,
              council_code: str | None = None) -> TripRoute:
    """The visiting order from ``base`` and back for these children (as ``plan_by_distance``
    orders a trip), whatever grouped them."""
    where = {cid: where_placed(districts.get(cid), council_code, base) for cid in dict.fromkeys(child_ids)}
    on = [cid for cid, w in where.items() if w.located is not None]
    pts = [_point(where[cid].located) for cid in on]
    indices = geography.visiting_order(_point(base), pts)
    order = [on[i] for i in indices]
    return TripRoute(base, tuple(order), {cid: where[cid].located.district for cid in order},
                     {cid: where[cid].miles_from_base for cid in order},
                     geography.route_length(_point(base), pts, indices),
                     tuple(cid for cid in where if where[cid].located is None), where)


def route_for_trip(vault: Vault, child_ids: list[str] | tuple[str, ...], base_text: str | None = None) -> TripRoute:
    """``route_for`` a planned trip's children, from the vault's base (or ``base_text``)."""
    base = base_for(vault, base_text)
    return route_for(child_ids, current_districts(vault, include_not_allocated=True), base,
                     place_settings.council_authority_code(vault))
