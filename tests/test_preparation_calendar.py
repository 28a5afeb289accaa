"""The .ics calendar of booked meetings: read back with icalendar, initials and ids only, and
its audit row."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from icalendar import Calendar

from iro_desktop.caseload import repository
from iro_desktop.errors import IroError
from iro_desktop.preparation import calendar_export, meetings
from tests.support.caseload_helpers import audit_rows, make_child

TODAY = date(2026, 1, 12)
VENUE_CHILD = "at Nan Wisteria's house"
VENUE_PRO = "Foster home, 12 Larkspur Road, TR1 4QQ"


@pytest.fixture
def booked(vault):
    repository.add_child(vault, make_child("C1", first_name="Zebediah", preferred_name=None,
                                           last_name="Quillfeather"), today=TODAY)
    a = meetings.book(vault, "C1", date(2026, 2, 20), time(10), time(11, 30), "hybrid", VENUE_CHILD, VENUE_PRO,
                      today=TODAY).meeting
    b = meetings.book(vault, "C1", date(2026, 3, 2), None, None, "virtual", VENUE_CHILD, VENUE_PRO,
                      series_first_id=a.id, today=TODAY).meeting
    c = meetings.book(vault, "C1", date(2026, 4, 1), time(9), None, "in_person", VENUE_CHILD, VENUE_PRO,
                      today=TODAY).meeting
    meetings.cancel(vault, c.id, "Rebooked")
    return a, b


def _events(ics: bytes):
    return [e for e in Calendar.from_ical(ics).walk() if e.name == "VEVENT"]


def test_the_calendar_reads_back_with_initials_and_ids_only(vault, booked, tmp_path):
    a, b = booked
    out = tmp_path / "meetings.ics"
    ics = calendar_export.vault_ics(vault, today=TODAY)
    calendar_export.save_meetings_calendar(vault, out, ics)
    events = _events(out.read_bytes())
    assert [str(e["summary"]) for e in events] == ["ZQ (C1): review meeting (in person and online)",
                                                   "ZQ (C1): review meeting (online)"]  # the cancelled one left out
    assert events[0].decoded("dtstart") == datetime(2026, 2, 20, 10)
    assert events[0].decoded("dtend") == datetime(2026, 2, 20, 11, 30)
    assert events[1].decoded("dtstart") == date(2026, 3, 2)  # no time: a day's event
    text = out.read_bytes().decode()
    for secret in ("Zebediah", "Quillfeather", "Wisteria", "Larkspur", "TR1", "4QQ", "Foster"):
        assert secret not in text, secret
    # The check would catch a leak: the same words are in what was booked.
    assert "Larkspur" in meetings.get_meeting(vault, a.id).venue_professional
    assert ("output.export.meeting_calendar", "review_meeting", "booked") in audit_rows(vault)
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_moved_meeting_keeps_its_event_uid(vault, booked):
    a, _b = booked
    before = {str(e["uid"]) for e in _events(calendar_export.vault_ics(vault, today=TODAY))}
    meetings.move(vault, a.id, date(2026, 2, 23), time(14), reason="Carer unwell", today=TODAY)
    after = _events(calendar_export.vault_ics(vault, today=TODAY))
    assert {str(e["uid"]) for e in after} == before
    assert after[0].decoded("dtstart") == datetime(2026, 2, 23, 14)


def test_a_file_that_cannot_be_written_records_nothing(vault, booked, tmp_path):
    rows = len(audit_rows(vault))
    with pytest.raises(IroError):
        calendar_export.save_meetings_calendar(vault, tmp_path / "no-such-folder" / "x.ics", b"BEGIN:VCALENDAR")
    assert len(audit_rows(vault)) == rows
