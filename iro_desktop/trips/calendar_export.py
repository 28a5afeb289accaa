"""Calendar (.ics) files of trips and due items.

Calendars sync to phones and cloud services, so an event carries the child's initials and
council id only: never a name, an address, a carer or a placement. The area of a trip is a
local authority name, which says nothing about any one child. Every file written is recorded
in the audit log (``save_calendar``).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from iro_desktop.errors import IroError
from iro_desktop.files import atomic_write_bytes
from iro_desktop.timescales import ChildDue
from iro_desktop.trips.planning import Placed
from iro_desktop.trips.store import Trip

if TYPE_CHECKING:
    from icalendar import Calendar, Event

PRODID = "-//IRO Desktop//Due dates//EN"
KIND_WORDS = {"review": "review due", "visit": "regulation 36 conversation before review",
              "midway": "midway review due", "record": "record to send", "decisions": "decisions to circulate"}


def _calendar() -> Calendar:
    from icalendar import Calendar  # on the first export: a large package the app rarely needs

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    return cal


def _uid(*parts: object) -> str:
    # Stable across exports, so re-importing updates events instead of duplicating them;
    # hashed, so the uid itself carries no readable detail.
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + "@iro-desktop"


def _event(summary: str, start: date, end: date, uid: str, description: str = "") -> Event:
    from icalendar import Event

    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", datetime.now(timezone.utc))
    ev.add("summary", summary)
    ev.add("dtstart", start)
    ev.add("dtend", end + timedelta(days=1))  # all-day events end the day after
    if description:
        ev.add("description", description)
    ev.add("class", "PRIVATE")
    return ev


def trip_ics(trip: Trip, placed: dict[str, Placed]) -> bytes:
    cal = _calendar()
    who = ", ".join(f"{placed[c].initials} ({c})" if c in placed else c for c in trip.child_ids)
    cal.add_component(_event(f"IRO trip: {trip.area}", trip.start_date, trip.end_date,
                             _uid("trip", trip.id, trip.start_date), f"Children: {who}"))
    return cal.to_ical()


def due_ics(due: list[ChildDue], placed: dict[str, Placed], kinds: tuple[str, ...] = tuple(KIND_WORDS),
            include_done: bool = False) -> bytes:
    cal = _calendar()
    for d in due:
        ini = placed[d.child_id].initials if d.child_id in placed else ""
        for item in d.items:
            if item.kind not in kinds or (item.status == "done" and not include_done):
                continue
            cal.add_component(_event(f"{ini} ({d.child_id}): {KIND_WORDS[item.kind]}", item.due, item.due,
                                     _uid(d.child_id, item.kind, item.due, item.review_date)))
    return cal.to_ical()


def save_calendar(vault, path: Path, ics: bytes, *, trip_id: int | None = None) -> None:
    """Write a calendar file atomically (``0600``) and record it in the audit log, in one
    transaction: the trip's, or (``trip_id`` None) every due date's. A calendar leaves the app
    for phones and cloud services, so it is recorded like a saved PDF; if the file cannot be
    written, nothing is recorded."""
    with vault.transaction() as tx:
        if trip_id is None:
            tx.audit("output.export.due_calendar", "caseload", "due_dates")
        else:
            tx.audit("output.export.trip_calendar", "trip", trip_id)
        try:
            atomic_write_bytes(Path(path), ics, mode=0o600)
        except OSError as exc:
            raise IroError(f"The calendar file could not be saved to {path}: {exc.strerror or exc}. "
                           "Nothing was written.") from exc
