"""The trips and places commands of ``iro-desktop``.

``trips --from DATE --to DATE [--base DISTRICT] [--by-area] [--json]``: the children due in the
window grouped into trips by distance (``by_distance``), each in a suggested visiting order
from the base and back; ``--by-area`` groups by the extract's area names instead, as the Trips
screen can. ``places council CODE`` and ``places base DISTRICT`` set the two place settings;
``places show`` prints them and where the table comes from.

``iro_desktop.cli`` adds these to its parser and hands in its own unlock, so this module never
imports the command line. Exit codes: 0 done; 1 an error said in one sentence; 2 a date given
wrongly.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Callable

EXIT_USAGE = 2
EARLIEST, LATEST = date(1970, 1, 1), date(2199, 12, 31)


def add_parsers(sub, parents: list[argparse.ArgumentParser], *, unlock: Callable,
                read_secret: Callable) -> None:
    def bind(func: Callable) -> Callable:
        return lambda args: func(args, unlock)

    p = sub.add_parser("trips", parents=parents,
                       help="the children due in a window, grouped into trips by distance, in visiting order")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="first day of the window (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day of the window (YYYY-MM-DD)")
    p.add_argument("--base", metavar="DISTRICT",
                   help="the postcode district trips start from (default: the base setting, or your council's area)")
    p.add_argument("--by-area", action="store_true", help="group by the extract's area names instead of distance")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=bind(cmd_trips))

    p = sub.add_parser("places", help="the council's authority and the base district distances are measured from")
    psub = p.add_subparsers(dest="places_command", metavar="ACTION", required=True)
    c = psub.add_parser("show", parents=parents, help="the place settings and the postcode data's release")
    c.add_argument("--json", action="store_true", help="one JSON object")
    c.set_defaults(func=bind(cmd_places_show))
    c = psub.add_parser("council", parents=parents, help="set your council (its ONS code, as 'places councils' lists)")
    c.add_argument("code", metavar="CODE")
    c.set_defaults(func=bind(cmd_places_council))
    c = psub.add_parser("base", parents=parents, help="set the postcode district trips start from")
    c.add_argument("district", metavar="DISTRICT")
    c.set_defaults(func=bind(cmd_places_base))
    c = psub.add_parser("councils", parents=parents[:1], help="list the English councils and their codes")
    c.set_defaults(func=lambda args: cmd_places_councils(args))


def _day(text: str, option: str) -> date | None:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or not EARLIEST <= value <= LATEST:
        print(f"iro-desktop: {option} needs a date as YYYY-MM-DD between {EARLIEST:%d/%m/%Y} and "
              f"{LATEST:%d/%m/%Y}.", file=sys.stderr)
        return None
    return value


def _window(args) -> tuple[date, date] | None:
    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    if start is None or end is None:
        return None
    if end < start:
        print(f"iro-desktop: --to ({end:%d/%m/%Y}) is before --from ({start:%d/%m/%Y}); give the first day, "
              "then the last.", file=sys.stderr)
        return None
    return start, end


def _miles(value: float | None) -> float | None:
    return None if value is None else round(value, 1)  # as the 903 gives distances: miles to 0.1


def _child_json(cid: str, w) -> dict:
    return {"child_id": cid, "district": w.district, "local_authority": w.local_authority,
            "council": w.upper_authority, "out_of_area": w.out_of_area, "on_border": w.on_border,
            "miles_from_base": _miles(w.miles_from_base),
            "km_from_base": None if w.km_from_base is None else round(w.km_from_base, 1),
            "reason": w.reason.value if w.reason else None, "message": w.message}


def _stop_json(stop) -> dict:
    return {"review_due": stop.due.isoformat(), "overdue": stop.overdue, "earliest": stop.earliest.isoformat(),
            "latest": stop.latest.isoformat(), "reason": stop.reason}


def plan_json(plan, start: date, end: date) -> dict:
    from iro_desktop.places.table import places_table

    source = places_table().source
    return {
        "from": start.isoformat(), "to": end.isoformat(), "base": plan.base.district,
        "grouping": "distance", "radius_miles": plan.radius_miles,
        "postcode_data": {"ons_release": source.ons_release, "package_version": source.package_version},
        "trips": [{
            "label": t.label, "route_miles": _miles(t.route_miles), "earliest": t.earliest.isoformat(),
            "latest": t.latest.isoformat(), "one_trip_fits_all": t.one_trip_fits_all,
            "children": [{"child_id": c.stop.child_id, "district": c.district, "local_authority": c.local_authority,
                          "council": c.council, "miles_from_base": _miles(c.miles_from_base), "order": c.order,
                          **_stop_json(c.stop)} for c in t.children],
        } for t in plan.trips],
        "not_on_a_trip": [n.stop.child_id for n in plan.not_placed],
        "children": [_child_json(cid, w) for cid, w in sorted(plan.where.items())],
    }


def _print_plan(plan, start: date, end: date) -> None:
    n = sum(len(t.children) for t in plan.trips) + len(plan.not_placed)
    print(f"{n} {'child' if n == 1 else 'children'} due from {start:%d/%m/%Y} to {end:%d/%m/%Y}, "
          f"in {len(plan.trips)} {'trip' if len(plan.trips) == 1 else 'trips'} from {plan.base.district} "
          f"(each child within {plan.radius_miles:.0f} miles of the trip's centre; miles are straight lines).")
    for k, t in enumerate(plan.trips, 1):
        window = (f"one day between {t.earliest:%d/%m/%Y} and {t.latest:%d/%m/%Y} sees everyone"
                  if t.one_trip_fits_all else f"{len(t.suggested_days())} visit days are needed")
        print(f"\nTrip {k}: {t.label}. {len(t.children)} {'child' if len(t.children) == 1 else 'children'}, "
              f"about {t.route_miles:.0f} miles there and back; {window}.")
        for c in t.children:
            overdue = " (overdue)" if c.stop.overdue else ""
            print(f"  {c.order:>2}. {c.stop.child_id:<12} {c.stop.initials:<3} {c.district:<5} "
                  f"{(c.local_authority or ''):<28} {c.miles_from_base:6.1f} miles  "
                  f"{c.stop.reason} by {c.stop.latest:%d/%m/%Y}{overdue}")
    by_reason: dict[str, list[str]] = {}
    for m in plan.not_placed:
        by_reason.setdefault(m.where.message, []).append(m.stop.child_id)
    for message, ids in by_reason.items():
        print(f"\nNot on a trip ({len(ids)}): {message}\n  " + ", ".join(ids))


def _print_groups(groups, start: date, end: date) -> None:
    print(f"Children due from {start:%d/%m/%Y} to {end:%d/%m/%Y}, by the area named in the extract.")
    for g in groups:
        print(f"\n{g.area}: {len(g.stops)} {'child' if len(g.stops) == 1 else 'children'}")
        for s in g.stops:
            print(f"      {s.child_id:<12} {s.initials:<3} {s.reason} by {s.latest:%d/%m/%Y}")


def cmd_trips(args, unlock: Callable) -> int:
    from iro_desktop.caseload import due
    from iro_desktop.trips import by_distance, planning, store

    window = _window(args)
    if window is None:
        return EXIT_USAGE
    start, end = window
    with unlock(args) as vault:
        if args.by_area:
            groups = planning.group_by_area(due.caseload_due(vault, start), store.placed_children(vault), start, end)
            if args.json:
                print(json.dumps({"from": start.isoformat(), "to": end.isoformat(), "grouping": "area", "groups": [
                    {"area": g.area, "out_of_area": g.out_of_area,
                     "children": [{"child_id": s.child_id, **_stop_json(s)} for s in g.stops]} for g in groups]},
                    indent=2))
            else:
                _print_groups(groups, start, end)
            return 0
        plan = by_distance.plan_for_vault(vault, start, end, base_text=args.base)
    if args.json:
        print(json.dumps(plan_json(plan, start, end), indent=2))
    else:
        _print_plan(plan, start, end)
    return 0


def cmd_places_show(args, unlock: Callable) -> int:
    from iro_desktop.places import settings
    from iro_desktop.places.table import places_table

    with unlock(args) as vault:
        code = settings.council_authority_code(vault)
        chosen = vault.setting(settings.BASE_DISTRICT)
        base = settings.base_district(vault)
    names = {a.code: a.name for a in settings.council_authorities()}
    source = places_table().source
    shown = {"council_authority": code, "council_name": names.get(code) if code else None,
             "base_district": base.district if base else None, "base_is_default": not chosen,
             "ons_release": source.ons_release, "package_version": source.package_version}
    if args.json:
        print(json.dumps(shown, indent=2))
        return 0
    print(f"Council: {shown['council_name'] or 'not chosen'}" + (f" ({code})" if code else ""))
    print(f"Base district: {shown['base_district'] or 'not set'}"
          + (" (the middle of your council's area)" if base and not chosen else ""))
    print(f"Postcode data: ONS Postcode Directory, {source.ons_release} release. {source.licence}")
    return 0


def cmd_places_council(args, unlock: Callable) -> int:
    from iro_desktop.places import settings

    with unlock(args) as vault:
        settings.set_council_authority(vault, args.code)
    names = {a.code: a.name for a in settings.council_authorities()}
    print(f"Your council is now {names[args.code.strip().upper()]}; children are out of area when their "
          "placement's district is in another council's area.")
    return 0


def cmd_places_base(args, unlock: Callable) -> int:
    from iro_desktop.places import settings

    with unlock(args) as vault:
        settings.set_base_district(vault, args.district)
        base = settings.base_district(vault)
    print(f"Trips now start from {base.district}.")
    return 0


def cmd_places_councils(_args) -> int:
    from iro_desktop.places import settings

    for a in settings.council_authorities():
        print(f"{a.code}  {a.name}")
    return 0
