"""The rows of the Trips screen's tree: one bold row for each group of children (a trip by
distance, or an area), and a row under it for each child due, with what to do and when. The
groups, the visiting order, the visit windows and the words for a place all come from the core
(``trips.planning``, ``trips.by_distance``, ``places.placement``); this only lays them out."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from iro_desktop.caseload.week import REVIEW_KIND_WORDS
from iro_desktop.places import placement
from iro_desktop.places.placement import WherePlaced
from iro_desktop.trips import by_distance, planning

from ui.common import status_style
from ui.common.formatting import uk_date

STOP_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
NO_TRIP_ROLE = Qt.ItemDataRole.UserRole + 3  # a child due but with no distance: on no trip

CHILD, CHILD_ID, WHERE, REVIEW, DUE, WINDOW, SUGGESTED, WHY = range(8)
TREE_HEADINGS = ["Child", "Id", "Where", "Review", "Due", "Visit between", "Suggested day", "To do"]
BY_DISTANCE, BY_AREA = "distance", "area"
WHY_WORDS = {"review": "Hold the review",
             "visit": "Hold the review; speak with the child first (regulation 36)"}


def short_day(d: date) -> str:
    return f"{d:%a} {uk_date(d)}"


def _review_words(kind: str) -> str:
    words = REVIEW_KIND_WORDS.get(kind, kind)
    return words[0].upper() + words[1:]


def children_words(n: int) -> str:
    return f"{n} {'child' if n == 1 else 'children'}"


def _when(group: planning.AreaGroup | by_distance.DistanceTrip) -> str:
    if group.one_trip_fits_all:
        if group.earliest == group.latest:
            when = f"one trip on {short_day(group.earliest)} sees everyone in time"
        else:
            when = f"one trip between {short_day(group.earliest)} and {short_day(group.latest)} sees everyone in time"
    else:
        days = group.suggested_days()
        when = f"no single day fits everyone: {len(days)} visit days suggested (see each child)"
    return when


def group_summary(group: planning.AreaGroup) -> str:
    where = f"{group.area} (out of area)" if group.out_of_area else group.area
    return f"{where} — {children_words(len(group.stops))} — {_when(group)}"


def trip_summary(trip: by_distance.DistanceTrip, base: str) -> str:
    return (f"{trip.label} — {children_words(len(trip.stops))} — about {placement.miles_words(trip.route_miles)} "
            f"from {base} and back — {_when(trip)}")


def where_words(where: WherePlaced | None) -> str:
    """A child's district and straight-line miles from the base, for the "Where" column."""
    if where is None or not where.district:
        return "No district"
    if where.miles_from_base is None:
        return f"{where.district} · no distance"
    return f"{where.district} · {placement.miles_words(where.miles_from_base)}"


def add_group(tree: QTreeWidget, group: planning.AreaGroup | by_distance.DistanceTrip,
              plan: by_distance.TripPlan | None, keep_ticked: set[str]) -> None:
    """A group's bold row, its children under it (tickable), in the group's order."""
    if isinstance(group, by_distance.DistanceTrip):
        summary = trip_summary(group, plan.base.district)
        tip = "Tick to choose every child on this trip (in the suggested visiting order)"
        order = {c.stop.child_id: c.order for c in group.children}
    else:
        summary, tip, order = group_summary(group), "Tick to choose every child in this area", {}
    top = QTreeWidgetItem(tree, [summary])
    top.setData(0, GROUP_ROLE, group)
    top.setFirstColumnSpanned(True)
    font = top.font(0)
    font.setBold(True)
    top.setFont(0, font)
    top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
    top.setToolTip(0, tip)
    # Where one trip cannot see everyone in time, the core suggests the fewest visit days.
    suggested = {} if group.one_trip_fits_all else {
        s.child_id: day for day, seen in group.suggested_days() for s in seen}
    for stop in group.stops:
        window = "Overdue: as soon as possible" if stop.overdue else \
            f"{short_day(stop.earliest)} to {short_day(stop.latest)}"
        day = suggested.get(stop.child_id)
        name = f"{order[stop.child_id]}. {stop.name}" if stop.child_id in order else stop.name
        row = _stop_row(top, stop, plan, name, window, short_day(day) if day else "")
        row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        row.setCheckState(0, Qt.CheckState.Checked if stop.child_id in keep_ticked else Qt.CheckState.Unchecked)
        if stop.child_id in order:
            row.setToolTip(CHILD, f"Visit number {order[stop.child_id]} on the suggested route")


def _stop_row(top: QTreeWidgetItem, stop: planning.Stop, plan: by_distance.TripPlan | None, name: str,
              window: str, day: str) -> QTreeWidgetItem:
    where = plan.where.get(stop.child_id) if plan is not None else None
    row = QTreeWidgetItem(top, [name, stop.child_id, where_words(where) if plan is not None else "",
                                _review_words(stop.review_kind), short_day(stop.due), window, day,
                                WHY_WORDS.get(stop.reason, stop.reason)])
    row.setData(0, STOP_ROLE, stop)
    if stop.overdue:
        row.setIcon(WINDOW, status_style.icon("overdue"))
    row.setToolTip(WINDOW, "The days a visit can be made: up to four weeks before the review is due")
    row.setToolTip(WHY, row.text(WHY))
    if where is not None:
        row.setToolTip(WHERE, placement.where_words(where, None, False) or row.text(WHERE))
    return row


def add_not_placed(tree: QTreeWidget, plan: by_distance.TripPlan) -> None:
    """Children due with no distance: on no trip, listed with the reason, never dropped."""
    top = QTreeWidgetItem(tree, [f"No distance known — {children_words(len(plan.not_placed))} on no trip: "
                                      "check the placement's postcode district, or group by area name"])
    top.setFirstColumnSpanned(True)
    top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
    font = top.font(0)
    font.setBold(True)
    top.setFont(0, font)
    for missing in plan.not_placed:
        stop = missing.stop
        window = "Overdue: as soon as possible" if stop.overdue else \
            f"{short_day(stop.earliest)} to {short_day(stop.latest)}"
        row = _stop_row(top, stop, plan, stop.name, window, "")
        row.setData(0, STOP_ROLE, None)  # not tickable: a trip needs a distance
        row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
        row.setData(0, NO_TRIP_ROLE, stop)
        row.setToolTip(WHERE, missing.where.message or "No distance")
