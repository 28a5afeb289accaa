"""Planned trips, kept in the vault."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Mapping

from iro_desktop.errors import IroError, ValidationError
from iro_desktop.caseload.model import ChildSummary
from iro_desktop.places import placement
from iro_desktop.places.placement import WherePlaced
from iro_desktop.trips.planning import Placed, initials
from iro_desktop.vault import Vault


@dataclass(frozen=True)
class Trip:
    id: int
    area: str
    start_date: date
    end_date: date
    child_ids: tuple[str, ...]


def placed_from(rows: list[ChildSummary], places: Mapping[str, WherePlaced]) -> dict[str, Placed]:
    """Where each child on ``rows`` lives now (``placement.caseload_list``), for trips: the area
    in the caseload's words, out of area by authority where that is known."""
    out = {}
    for s in rows:
        first, _, last = s.display_name.partition(" ")
        out[s.child_id] = Placed(s.child_id, initials(first, last), s.display_name, s.placement_area,
                                 placement.is_out_of_area(places.get(s.child_id), s.out_of_area))
    return out


def placed_children(vault: Vault) -> dict[str, Placed]:
    """Where each allocated child lives now (``placed_from``)."""
    return placed_from(*placement.caseload_list(vault))


def plan_trip(vault: Vault, area: str, start: date, end: date, child_ids: list[str]) -> int:
    problems = []
    if not area.strip():
        problems.append(("area", "Name the area the trip goes to."))
    if end < start:
        problems.append(("end_date", f"The trip ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})."))
    if not child_ids:
        problems.append(("children", "Choose at least one child to see on this trip."))
    if problems:
        raise ValidationError(problems)
    with vault.transaction() as tx:
        conn = tx.db.conn
        known = {r[0] for r in conn.execute(
            f"SELECT child_id FROM child WHERE child_id IN ({','.join('?' * len(child_ids))})", child_ids)}
        missing = sorted(set(child_ids) - known)
        if missing:
            raise IroError(f"No child with the id {', '.join(missing)} is in this vault; the trip was not saved.")
        cur = conn.execute("INSERT INTO trip (area, start_date, end_date, created_at) VALUES (?, ?, ?, ?)",
                           (area.strip(), start.isoformat(), end.isoformat(),
                            datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
        conn.executemany("INSERT INTO trip_child (trip_id, child_id) VALUES (?, ?)",
                         [(cur.lastrowid, cid) for cid in dict.fromkeys(child_ids)])
        tx.audit("trip.create", "trip", cur.lastrowid)
    return cur.lastrowid


def list_trips(vault: Vault, from_date: date | None = None) -> list[Trip]:
    with vault.read() as db:
        rows = db.conn.execute(
            "SELECT t.id, t.area, t.start_date, t.end_date, group_concat(tc.child_id) FROM trip t "
            "LEFT JOIN trip_child tc ON tc.trip_id = t.id WHERE t.end_date >= ? "
            "GROUP BY t.id ORDER BY t.start_date, t.id",
            ((from_date or date.min).isoformat(),)).fetchall()
    return [Trip(i, a, date.fromisoformat(s), date.fromisoformat(e), tuple(sorted((c or "").split(",")) if c else ()))
            for i, a, s, e, c in rows]


def cancel_trip(vault: Vault, trip_id: int) -> None:
    with vault.transaction() as tx:
        if tx.db.conn.execute("DELETE FROM trip WHERE id = ?", (trip_id,)).rowcount == 0:
            raise IroError(f"There is no planned trip with the id {trip_id}.")
        tx.audit("trip.cancel", "trip", trip_id)
