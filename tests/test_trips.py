"""Trip planning: grouping by area, windows, planned trips, calendar files without names."""

from datetime import date

import pytest
from icalendar import Calendar

from iro_desktop.caseload import due, repository
from iro_desktop.caseload.model import Child, PeriodOfCare, Placement, Review
from iro_desktop.errors import ValidationError
from iro_desktop.timescales import ChildDue, DueItem
from iro_desktop.trips import calendar_export, planning, store

D = date
TODAY = D(2026, 11, 23)  # a Monday


def _due(cid, review_due, status="on_track", kind="subsequent", extra=()):
    return ChildDue(cid, kind, review_due, None, None, status, 0,
                    (DueItem("review", review_due, status, 0), *extra))


def _placed(cid, area, away=True):
    return planning.Placed(cid, cid[:2], f"Name {cid}", area, away)


def test_children_in_one_area_share_a_trip_with_a_common_window():
    due_list = [_due("AA1", D(2026, 12, 18)), _due("AB2", D(2026, 12, 10)), _due("BB3", D(2027, 3, 1))]
    placed = {"AA1": _placed("AA1", "Cornwall"), "AB2": _placed("AB2", "cornwall "), "BB3": _placed("BB3", "Kent")}
    groups = planning.group_by_area(due_list, placed, TODAY, D(2027, 1, 31))
    assert [g.area for g in groups] == ["Cornwall"]  # Kent's review falls outside the window
    g = groups[0]
    assert [s.child_id for s in g.stops] == ["AB2", "AA1"]
    # 28 days before each limit, snapped to working days: 12 Nov -> window start 23 Nov; 20 Nov -> 23 Nov.
    assert (g.earliest, g.latest) == (D(2026, 11, 23), D(2026, 12, 10))
    assert g.one_trip_fits_all
    assert g.suggested_days() == [(D(2026, 12, 10), g.stops)]


def test_limits_on_a_weekend_move_back_to_the_friday_and_overdue_means_now():
    due_list = [_due("AA1", D(2027, 1, 2)), _due("AB2", D(2026, 11, 1), status="overdue")]
    placed = {c: _placed(c, "Kent") for c in ("AA1", "AB2")}
    g = planning.group_by_area(due_list, placed, TODAY, D(2027, 1, 31))[0]
    stops = {s.child_id: s for s in g.stops}
    assert stops["AA1"].latest == D(2026, 12, 31)
    assert stops["AA1"].earliest == D(2026, 12, 7)  # 5 December is a Saturday
    assert (stops["AB2"].overdue, stops["AB2"].earliest, stops["AB2"].latest) == (True, TODAY, TODAY)
    assert not g.one_trip_fits_all
    assert [(day, [s.child_id for s in seen]) for day, seen in g.suggested_days()] == [
        (TODAY, ["AB2"]), (D(2026, 12, 31), ["AA1"])]


def test_out_of_area_only_and_biggest_groups_first():
    due_list = [_due(c, D(2026, 12, 20)) for c in ("AA1", "AA2", "BB1", "CC1", "CC2", "CC3")]
    placed = {"AA1": _placed("AA1", "Leeds"), "AA2": _placed("AA2", "Leeds"), "BB1": _placed("BB1", "Home", False),
              "CC1": _placed("CC1", "Devon"), "CC2": _placed("CC2", "Devon"), "CC3": _placed("CC3", "Devon")}
    groups = planning.group_by_area(due_list, placed, TODAY, D(2027, 1, 31), out_of_area_only=True)
    assert [(g.area, len(g.stops)) for g in groups] == [("Devon", 3), ("Leeds", 2)]
    with pytest.raises(ValueError):
        planning.group_by_area(due_list, placed, TODAY, D(2026, 1, 1))


def _child(cid, first, last, area):
    return Child(cid, first, last, D(2012, 5, 17), periods=[PeriodOfCare(D(2024, 1, 8), "C2")],
                 placements=[Placement(D(2024, 1, 8), "U4", "Carer Person", area, "TR1")],
                 reviews=[Review(D(2026, 6, 1), "subsequent")])


def test_plan_a_trip_and_export_it_without_names(vault):
    repository.set_council_area(vault, "Northshire")
    repository.add_child(vault, _child("C1", "Zebediah", "Quillfeather", "Cornwall"), today=TODAY)
    repository.add_child(vault, _child("C2", "Xanthippe", "Marker", "Cornwall"), today=TODAY)
    placed = store.placed_children(vault)
    groups = planning.group_by_area(due.caseload_due(vault, TODAY), placed, TODAY, D(2027, 1, 31))
    assert [(g.area, g.out_of_area) for g in groups] == [("Cornwall", True)]
    trip_id = store.plan_trip(vault, "Cornwall", D(2026, 11, 26), D(2026, 11, 27), ["C1", "C2"])
    [trip] = store.list_trips(vault, TODAY)
    assert (trip.id, trip.child_ids) == (trip_id, ("C1", "C2"))

    for data in (calendar_export.trip_ics(trip, placed),
                 calendar_export.due_ics(due.caseload_due(vault, TODAY), placed)):
        text = data.decode()
        for secret in ("Zebediah", "Quillfeather", "Xanthippe", "Marker", "Carer Person", "TR1"):
            assert secret not in text
        events = Calendar.from_ical(data).walk("VEVENT")
        assert events
        for ev in events:
            assert "C1" in str(ev["summary"]) or "C2" in str(ev["summary"]) or "trip" in str(ev["summary"])
    trip_event = Calendar.from_ical(calendar_export.trip_ics(trip, placed)).walk("VEVENT")[0]
    assert "ZQ (C1)" in str(trip_event["description"])
    assert trip_event.decoded("dtstart") == D(2026, 11, 26)
    assert trip_event.decoded("dtend") == D(2026, 11, 28)

    store.cancel_trip(vault, trip_id)
    assert store.list_trips(vault) == []
    assert vault.verify_audit().ok


def test_a_trip_needs_an_area_sensible_dates_and_children(vault):
    with pytest.raises(ValidationError) as err:
        store.plan_trip(vault, " ", D(2026, 12, 2), D(2026, 12, 1), [])
    assert {w for w, _ in err.value.problems} == {"area", "end_date", "children"}
    assert store.list_trips(vault) == []


def test_the_trips_screen_looks_six_weeks_ahead_until_the_iro_chooses():
    assert planning.default_window(date(2026, 12, 1)) == (date(2026, 12, 1), date(2027, 1, 12))
