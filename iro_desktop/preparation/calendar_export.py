"""Calendar (.ics) files of booked review meetings, like the trips' (``trips.calendar_export``).

A calendar syncs to phones and cloud services, so an event carries the child's initials and
council id, the time and how the meeting is held ("online"), and nothing else: never a name, a
venue (in either wording), a carer or a postcode. Each event's uid is stable for the meeting, so
a moved meeting updates its event when the file is imported again. Every file written is
recorded in the audit log (``output.export.meeting_calendar``), in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Mapping

from iro_desktop.caseload.week import MEETING_HOW_WORDS
from iro_desktop.errors import IroError
from iro_desktop.files import atomic_write_bytes
from iro_desktop.preparation import meetings as meeting_store
from iro_desktop.preparation.model import BOOKED, Meeting
from iro_desktop.trips.calendar_export import _uid
from iro_desktop.trips.planning import initials

PRODID = "-//IRO Desktop//Review meetings//EN"
DEFAULT_LENGTH = timedelta(hours=1, minutes=30)  # a meeting booked with a start and no end


def _event(m: Meeting, ini: str):
    from icalendar import Event  # on the first export: a large package the app rarely needs

    ev = Event()
    ev.add("uid", _uid("meeting", m.id))
    ev.add("dtstamp", datetime.now(timezone.utc))
    how = MEETING_HOW_WORDS.get(m.how, m.how)
    who = f"{ini} ({m.child_id})" if ini else m.child_id
    ev.add("summary", f"{who}: review meeting ({how})")
    if m.start_time is None:
        ev.add("dtstart", m.meeting_date)
        ev.add("dtend", m.meeting_date + timedelta(days=1))  # all-day events end the day after
    else:
        # Floating local times: the IRO's calendar shows them as booked, wherever it syncs.
        start = datetime.combine(m.meeting_date, m.start_time)
        end = datetime.combine(m.meeting_date, m.end_time) if m.end_time else start + DEFAULT_LENGTH
        ev.add("dtstart", start)
        ev.add("dtend", end)
    if m.series_first_id is not None:
        ev.add("description", "A later meeting of a review held as a series.")
    ev.add("class", "PRIVATE")
    return ev


def meetings_ics(booked: Iterable[Meeting], initials_of: Mapping[str, str]) -> bytes:
    """The booked meetings (cancelled and held ones left out) as one calendar."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    for m in booked:
        if m.state == BOOKED:
            cal.add_component(_event(m, initials_of.get(m.child_id, "")))
    return cal.to_ical()


def child_initials(vault) -> dict[str, str]:
    """Every child's initials (known-as name and surname), by child id."""
    with vault.read() as db:
        return {cid: initials(known or "", last or "") for cid, known, last in db.conn.execute(
            "SELECT child_id, COALESCE(NULLIF(trim(preferred_name), ''), first_name), last_name FROM child")}


def vault_ics(vault, start: date | None = None, end: date | None = None, today: date | None = None) -> bytes:
    """The calendar of every meeting still booked from ``start`` (default: today) to ``end``
    (default: no end)."""
    start = start or today or date.today()
    with vault.read() as db:
        found = meeting_store.meetings_between_conn(db.conn, start, end or date(9999, 12, 31))
    return meetings_ics(found, child_initials(vault))


def save_meetings_calendar(vault, path: Path, ics: bytes) -> None:
    """Write the calendar file atomically (``0600``) and record it in the audit log in one
    transaction; if the file cannot be written, nothing is recorded."""
    with vault.transaction() as tx:
        tx.audit("output.export.meeting_calendar", "review_meeting", "booked")
        try:
            atomic_write_bytes(Path(path), ics, mode=0o600)
        except OSError as exc:
            raise IroError(f"The calendar file could not be saved to {path}: {exc.strerror or exc}. "
                           "Nothing was written.") from exc


__all__ = ["meetings_ics", "vault_ics", "save_meetings_calendar", "child_initials"]
