"""The Trips screen groups the children due by distance once a base is known: each trip's
children in the suggested visiting order with their district and miles, a child with no
distance listed on no trip (never dropped), a trip planned under the trip's name, and the trip
sheet in the visiting order with the route's miles. Without a base, by area name, and why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from iro_desktop.caseload import repository
from iro_desktop.places import settings as place_settings
from iro_desktop.trips import store
from iro_desktop.vault import Vault, thread_guard
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import sample_child
from tests.ui.due.test_my_week import loaded
from tests.ui.trips.test_trips import open_sheet
from tests.ui.window_support import unlock
from ui.trips.trip_tree import BY_AREA, BY_DISTANCE, CHILD, NO_TRIP_ROLE, STOP_ROLE, WHERE

# (id, first name, area as typed, district): two in Cornwall, one near the base, one in Leeds,
# and one whose district was never recorded.
CHILDREN = [("C100", "Zebediah", "Kernow", "TR1"), ("C200", "Amira", "Cornwall", "PL26"),
            ("C300", "Tom", "Devon", "EX4"), ("C400", "Xan", "Leeds", "LS8"), ("C500", "Nia", "Somewhere", None)]


@pytest.fixture
def places_vault(vault_home, keychain):
    """Five children whose first reviews fall due in about three weeks, based at EX1."""
    today = date.today()
    vault, code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    try:
        repository.set_council_area(vault, "Devon")
        place_settings.set_council_authority(vault, "E10000008")  # Devon
        place_settings.set_base_district(vault, "EX1")
        for cid, first, area, district in CHILDREN:
            c = sample_child(cid, first, "Testchild", area=area)
            c.periods[0].start_date = c.placements[0].start_date = today - timedelta(days=7)
            c.placements[0].postcode_district = district
            repository.add_child(vault, c)
    finally:
        vault.close()
    return vault_home, code


def _trips(view) -> list[tuple[str, list[str]]]:
    out = []
    for g in range(view.tree.topLevelItemCount()):
        top = view.tree.topLevelItem(g)
        out.append((top.text(0), [top.child(c).text(CHILD) for c in range(top.childCount())]))
    return out


def _open_trips(window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    window.page_actions[3].trigger()
    view = window.trips
    qtbot.waitUntil(lambda: view.tree.topLevelItemCount() > 0, timeout=10_000)
    return view


def test_children_due_are_grouped_into_trips_by_distance_in_visiting_order(places_vault, window, qtbot):
    view = _open_trips(window, qtbot)
    assert view.group_by.currentData() == BY_DISTANCE and view.group_by.currentText() == "Distance from EX1"
    trips = _trips(view)
    ids = {top: [view.tree.topLevelItem(g).child(c).data(0, STOP_ROLE) or
                 view.tree.topLevelItem(g).child(c).data(0, NO_TRIP_ROLE)
                 for c in range(view.tree.topLevelItem(g).childCount())]
           for g, (top, _) in enumerate(trips)}
    by_trip = {top: sorted(s.child_id for s in stops) for top, stops in ids.items()}
    cornish = next(top for top, children in by_trip.items() if "C100" in children)
    assert by_trip[cornish][:2] == ["C100", "C200"], "Truro and St Austell are one trip"
    assert "miles from EX1 and back" in cornish
    leeds = next(top for top, children in by_trip.items() if "C400" in children)
    assert leeds != cornish and by_trip[leeds] == ["C400"]
    # Each trip's children numbered in the visiting order, with district and miles.
    for top, names in trips:
        if top.startswith("No distance"):
            continue
        assert [n.split(". ", 1)[0] for n in names] == [str(k) for k in range(1, len(names) + 1)], top
    row = next(view.tree.topLevelItem(g).child(c) for g in range(view.tree.topLevelItemCount())
               for c in range(view.tree.topLevelItem(g).childCount())
               if (view.tree.topLevelItem(g).child(c).data(0, STOP_ROLE) or
                   view.tree.topLevelItem(g).child(c).data(0, NO_TRIP_ROLE)).child_id == "C100")
    assert row.text(WHERE).startswith("TR1 · ") and row.text(WHERE).endswith(" miles")
    # The child with no district is listed, on no trip, and cannot be ticked onto one.
    missing_top, missing = trips[-1]
    assert missing_top.startswith("No distance known — 1 child") and missing == ["Nia Testchild"]
    lost = view.tree.topLevelItem(view.tree.topLevelItemCount() - 1).child(0)
    assert not lost.flags() & Qt.ItemFlag.ItemIsUserCheckable and lost.data(0, STOP_ROLE) is None


def test_a_trip_by_distance_is_planned_under_its_name_and_its_sheet_follows_the_route(places_vault, window, qtbot):
    view = _open_trips(window, qtbot)
    view.tick("C100")
    view.tick("C200")
    assert view.plan_button.isEnabled()
    view.trip_start.set_value(date.today() + timedelta(days=1))
    view.trip_end.set_value(date.today() + timedelta(days=1))
    qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.trips_table.rowCount() == 1, timeout=10_000)
    with thread_guard.allowed():
        [trip] = store.list_trips(window.vault)
    assert trip.area == "Cornwall" and sorted(trip.child_ids) == ["C100", "C200"]
    view.trips_table.selectRow(0)
    text = open_sheet(window, qtbot).document.toPlainText()
    assert "Suggested visiting order from EX1 and back: about" in text
    assert "1. Amira Testchild" in text or "1. Zebediah Testchild" in text
    assert "PL26, " in text and "TR1, " in text and " miles from the base" in text


def test_by_area_name_stays_a_choice_and_is_the_only_one_without_a_base(places_vault, window, qtbot):
    view = _open_trips(window, qtbot)
    view.group_by.setCurrentIndex(view.group_by.findData(BY_AREA))
    assert [top.split(" — ")[0] for top, _ in _trips(view)][:1] and all(
        not top.startswith("No distance") for top, _ in _trips(view))
    # The base and the council taken away: grouping by distance cannot be chosen, and says why.
    with thread_guard.allowed():
        with window.vault.transaction() as tx:
            tx.db.conn.execute("DELETE FROM settings WHERE key IN (?, ?)",
                               (place_settings.BASE_DISTRICT, place_settings.COUNCIL_AUTHORITY))
            tx.audit("setting.update", "settings", place_settings.BASE_DISTRICT)
    window.refresh()
    qtbot.waitUntil(lambda: view.group_by.currentText() != "", timeout=5_000)
    qtbot.waitUntil(lambda: not view.group_by.model().item(view.group_by.findData(BY_DISTANCE)).isEnabled(),
                    timeout=10_000)
    assert view.group_by.currentData() == BY_AREA
    assert "No base district is set" in view.group_by.model().item(view.group_by.findData(BY_DISTANCE)).toolTip()


def test_the_trips_show_on_a_map_drawn_offline_with_the_trips_in_words(places_vault, window, qtbot):
    from tests.ui.accessibility_support import nameless
    from tests.ui.session.test_lock import visible_dialogs
    from ui.trips.map_dialog import TripMapDialog

    view = _open_trips(window, qtbot)
    assert view.map_button.isEnabled()
    view.map_button.click()
    qtbot.waitUntil(lambda: any(isinstance(d, TripMapDialog) for d in visible_dialogs()), timeout=15_000)
    dialog = next(d for d in visible_dialogs() if isinstance(d, TripMapDialog))
    description = dialog.canvas.accessibleDescription()
    assert description.startswith("From the base EX1. Trip 1: ") and "Cornwall" in description
    assert "Testchild" not in description, "districts and councils only, never a child's name"
    assert nameless(dialog, "trip map") == []
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= screen.height() and dialog.width() <= screen.width()
    # Grouped by area name there is no route to draw.
    dialog.reject()
    view.group_by.setCurrentIndex(view.group_by.findData(BY_AREA))
    assert not view.map_button.isEnabled()
    view.group_by.setCurrentIndex(view.group_by.findData(BY_DISTANCE))
    view.map_button.click()
    qtbot.waitUntil(lambda: any(isinstance(d, TripMapDialog) for d in visible_dialogs()), timeout=15_000)
    window.lock()
    assert visible_dialogs() == []
