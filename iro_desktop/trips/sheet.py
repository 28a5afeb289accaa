"""The trip sheet: for each child on a planned trip, where they live and what to do there.

A printed sheet goes in the IRO's bag, so it names the children (unlike a calendar file) but
holds only what the visit needs: name, council id, area, the review due date and a short list
of things to do, most urgent first. The things to do come from the child's due items, so the
sheet always agrees with "My week". Given the trip's route (``by_distance.route_for``), the rows
follow the suggested visiting order, numbered, with each child's district and straight-line
miles from the base; children with no distance come last, as without a route.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Mapping

from iro_desktop.trips.by_distance import TripRoute
from iro_desktop.caseload.week import REVIEW_KIND_WORDS, to_do_words
from iro_desktop.timescales import DONE, OVERDUE, PATHWAY, STATUS_ORDER, ChildDue
from iro_desktop.trips.planning import Placed
from iro_desktop.trips.store import Trip

NOTHING_OPEN = "Nothing outstanding is recorded for this child"


@dataclass(frozen=True)
class SheetRow:
    child_id: str
    name: str
    area: str
    review_due: date | None
    review_words: str  # "2nd review", "Pathway plan review"
    to_do: tuple[str, ...]
    visit_number: int | None = None  # 1 is visited first; None without a route, or with no distance
    district: str | None = None
    miles_from_base: float | None = None


def sheet_title(trip: Trip) -> str:
    if trip.start_date == trip.end_date:
        return f"Trip to {trip.area}, {trip.start_date:%A %d %B %Y}"
    return f"Trip to {trip.area}, {trip.start_date:%A %d %B %Y} to {trip.end_date:%A %d %B %Y}"


def _review_words(review_kind: str) -> str:
    if review_kind == PATHWAY:
        return "Pathway plan review"
    words = f"{REVIEW_KIND_WORDS.get(review_kind, review_kind)} review"
    return words[0].upper() + words[1:]


def trip_sheet(trip: Trip, due: Iterable[ChildDue], placed: Mapping[str, Placed], *,
               route: TripRoute | None = None) -> list[SheetRow]:
    """One row per child on ``trip``: in the route's visiting order when a route is given, then
    (and without one) earliest review first, then by name."""
    by_child = {d.child_id: d for d in due}
    rows = []
    for cid in trip.child_ids:
        where = placed.get(cid)
        d = by_child.get(cid)
        name = where.name if where else cid
        area = (where.area or "Area not recorded") if where else "Not on your caseload now"
        if d is None:
            rows.append(SheetRow(cid, name, area, None, "", (NOTHING_OPEN,)))
            continue
        # Most urgent first; on the same date the private conversation comes before the review.
        open_items = sorted((i for i in d.items if i.status != DONE),
                            key=lambda i: (STATUS_ORDER[i.status], i.due, i.kind != "visit"))
        to_do = tuple(
            f"{to_do_words(i, d.review_kind)}: by {i.due:%d/%m/%Y}" + (" (overdue)" if i.status == OVERDUE else "")
            for i in open_items)
        rows.append(SheetRow(cid, name, area, d.next_review_due, _review_words(d.review_kind),
                             to_do or (NOTHING_OPEN,)))
    rows.sort(key=lambda r: (r.review_due or date.max, r.name.casefold(), r.child_id))
    if route is None:
        return rows
    position = {cid: k for k, cid in enumerate(route.order)}
    rows = [replace(r, visit_number=position[r.child_id] + 1, district=route.districts[r.child_id],
                    miles_from_base=route.miles_from_base[r.child_id]) if r.child_id in position else r
            for r in rows]
    rows.sort(key=lambda r: r.visit_number or len(position) + 1)  # stable: the rest keep their order
    return rows


def route_words(route: TripRoute) -> str:
    """The sheet's line about the route: where it starts and how far it is, straight lines."""
    if not route.order:
        return "No child on this trip has a postcode district with a distance, so no visiting order is suggested."
    return (f"Suggested visiting order from {route.base.district} and back: about {route.route_miles:.0f} miles "
            "in straight lines between postcode districts (roads are longer).")


def record_printed(vault, trip_id: int) -> None:
    """Record that a trip sheet (children's names on paper) went to a printer."""
    with vault.transaction() as tx:
        tx.audit("output.print.trip_sheet", "trip", trip_id)
