"""Trips by distance: reading the postcode-district table at first use, and planning a month's
trips for a full caseload."""

from __future__ import annotations

import random
from datetime import date, timedelta

from iro_desktop.places import table as places
from iro_desktop.places.distance import miles_between
from iro_desktop.places.settings import check_base
from iro_desktop.timescales import ChildDue, DueItem
from iro_desktop.trips import by_distance, planning

from iro_desktop.benchmarks.common import median_ms

CHILDREN = 85
BASE = "DE1"  # a council in the middle of England, placing near and far
NEAR_SHARE = 0.4  # about two in five children placed within 25 miles of the base, the rest anywhere in England
START = date(2026, 3, 2)
END = START + timedelta(days=30)


def _caseload(rng: random.Random) -> tuple[list[ChildDue], dict[str, planning.Placed], dict[str, str]]:
    table = places.places_table()
    base = check_base(BASE)
    english = [d for d in table.districts.values() if d.located and d.country == places.ENGLAND]
    near = [d for d in english if miles_between(base, d) <= 25]
    weights = [d.postcodes for d in english]  # where people live, roughly
    dues, placed, districts = [], {}, {}
    for k in range(CHILDREN):
        cid = f"B{k:03d}"
        d = rng.choice(near) if rng.random() < NEAR_SHARE else rng.choices(english, weights)[0]
        limit = START + timedelta(days=rng.randrange(-5, 31))  # a few overdue, the rest due in the month
        status = "overdue" if limit < START else "on_track"
        dues.append(ChildDue(cid, "subsequent", limit, None, None, status, 0, (DueItem("review", limit, status, 0),)))
        placed[cid] = planning.Placed(cid, "BT", f"Child {k}", d.authority.name, True)
        districts[cid] = d.district
    return dues, placed, districts


def bench_trips(quick: bool) -> dict:
    runs = 3 if quick else 15
    load = median_ms(lambda: (places._forget_for_benchmark(), places.places_table()), runs)
    dues, placed, districts = _caseload(random.Random(8500))
    base = check_base(BASE)
    plan = by_distance.plan_by_distance(dues, placed, districts, base, START, END)
    ms = median_ms(lambda: by_distance.plan_by_distance(dues, placed, districts, base, START, END), runs)
    return {"places_table_load_ms": load, "trips_plan_ms": ms,
            "trips_plan_children": sum(len(t.children) for t in plan.trips) + len(plan.not_placed),
            "trips_plan_trips": len(plan.trips)}
