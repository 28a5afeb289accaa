"""Trips by distance for a real vault: who is due, who cannot be placed and why, the base, and
the trip sheet in visiting order."""

from __future__ import annotations

from datetime import date

import pytest

from iro_desktop.caseload import due, repository
from iro_desktop.caseload.model import Placement
from iro_desktop.errors import ValidationError
from iro_desktop.places import lookup, placement, settings
from iro_desktop.places.lookup import Unlocated
from iro_desktop.timescales import ChildDue, DueItem
from iro_desktop.trips import by_distance, planning, sheet, store
from tests.support.caseload_helpers import make_child

D = date
TODAY = D(2026, 1, 10)
CORNWALL = "E06000052"


def _child(cid: str, district: str | None, area: str = "Somewhere"):
    c = make_child(cid)
    c.placements = [Placement(D(2022, 2, 28), "U4", "Carer Person", area, district)]
    return c


def test_children_due_are_planned_and_those_without_a_distance_are_listed_with_the_reason():
    dues = [ChildDue(c, "subsequent", d, None, None, "on_track", 0, (DueItem("review", d, "on_track", 0),))
            for c, d in (("A", D(2026, 12, 4)), ("B", D(2026, 12, 11)), ("C", D(2027, 3, 1)), ("E", D(2026, 12, 9)),
                         ("F", D(2026, 12, 9)))]
    placed = {c: planning.Placed(c, "AB", f"Name {c}", None, True) for c in "ABCEF"}
    districts = {"A": "PL1", "B": "PL4", "C": "TR1", "E": "EH1", "F": None}
    plan = by_distance.plan_by_distance(dues, placed, districts, settings.check_base("TR1"),
                                        D(2026, 11, 23), D(2026, 12, 31), council_code=CORNWALL)
    [trip] = plan.trips  # C's review is after the window
    assert [c.stop.child_id for c in trip.children] in (["A", "B"], ["B", "A"])
    # The common window: 28 days before each limit, snapped to working days; the earlier limit ends it.
    assert (trip.earliest, trip.latest, trip.one_trip_fits_all) == (D(2026, 11, 23), D(2026, 12, 4), True)
    assert trip.label == "Plymouth"
    assert {n.stop.child_id: n.where.reason for n in plan.not_placed} == {
        "E": Unlocated.SCOTLAND, "F": Unlocated.NOT_RECORDED}
    assert set(plan.where) == {"A", "B", "E", "F"}
    assert plan.where["E"].out_of_area == placement.YES and plan.where["A"].out_of_area == placement.YES
    with pytest.raises(ValueError):
        by_distance.plan_by_distance(dues, placed, districts, settings.check_base("TR1"), D(2026, 12, 2),
                                     D(2026, 12, 1))


def test_the_vaults_plan_uses_the_base_setting_or_the_one_given(vault):
    repository.set_council_area(vault, "Cornwall")
    for cid, district in (("C1", "PL1"), ("C2", "TR1"), ("C3", "ZZ9")):
        repository.add_child(vault, _child(cid, district), today=TODAY)
    start, end = D(2026, 1, 10), D(2026, 12, 31)
    with pytest.raises(ValidationError) as err:
        by_distance.plan_for_vault(vault, start, end)
    assert err.value.problems == [("base_district", by_distance.NO_BASE_SET)]
    settings.set_council_authority(vault, CORNWALL)
    plan = by_distance.plan_for_vault(vault, start, end)
    assert plan.base.district == "TR2"  # Cornwall's own area
    assert plan.where["C1"].miles_from_base == pytest.approx(lookup.distance("TR2", "PL1").miles)
    given = by_distance.plan_for_vault(vault, start, end, base_text="ex1")
    assert given.base.district == "EX1"
    assert given.where["C1"].miles_from_base == pytest.approx(lookup.distance("EX1", "PL1").miles)
    assert [n.stop.child_id for n in given.not_placed] == ["C3"]
    with pytest.raises(ValidationError) as err:
        by_distance.plan_for_vault(vault, start, end, base_text="BT1")
    assert err.value.problems == [("base_district", Unlocated.NORTHERN_IRELAND.message)]


def test_the_trip_sheet_lists_the_visiting_order(vault):
    settings.set_council_authority(vault, CORNWALL)
    settings.set_base_district(vault, "EX1")
    for cid, district in (("C1", "TR1"), ("C2", "PL1"), ("C3", None), ("C4", "TQ1")):
        repository.add_child(vault, _child(cid, district, "Cornwall"), today=TODAY)
    trip_id = store.plan_trip(vault, "Cornwall", D(2026, 2, 2), D(2026, 2, 3), ["C1", "C2", "C3", "C4"])
    [trip] = store.list_trips(vault)
    route = by_distance.route_for_trip(vault, trip.child_ids)
    assert route.order == ("C4", "C2", "C1")  # Torquay, Plymouth, Truro, then home to Exeter
    legs = ["EX1", "TQ1", "PL1", "TR1", "EX1"]
    assert route.route_miles == pytest.approx(sum(lookup.distance(legs[k], legs[k + 1]).miles for k in range(4)))
    assert route.not_placed == ("C3",)
    rows = sheet.trip_sheet(trip, due.caseload_due(vault, TODAY), store.placed_children(vault), route=route)
    assert [(r.visit_number, r.child_id, r.district) for r in rows] == [
        (1, "C4", "TQ1"), (2, "C2", "PL1"), (3, "C1", "TR1"), (None, "C3", None)]
    assert rows[0].miles_from_base == pytest.approx(lookup.distance("EX1", "TQ1").miles)
    assert sheet.route_words(route).startswith(f"Suggested visiting order from EX1 and back: about "
                                               f"{route.route_miles:.0f} miles")
    # Without a route the sheet is as it was: earliest review first, no numbers.
    plain = sheet.trip_sheet(trip, due.caseload_due(vault, TODAY), store.placed_children(vault))
    assert all(r.visit_number is None for r in plain)
    assert trip_id == trip.id
