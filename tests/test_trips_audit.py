"""Calendar files and trip sheets leaving the app are recorded in the audit log."""

from __future__ import annotations

import errno

import pytest

from iro_desktop.errors import IroError
from iro_desktop.trips import calendar_export, sheet


def _rows(vault):
    with vault.read() as db:
        return db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()


def test_a_saved_calendar_file_is_recorded(vault, tmp_path):
    calendar_export.save_calendar(vault, tmp_path / "trip.ics", b"BEGIN:VCALENDAR", trip_id=7)
    calendar_export.save_calendar(vault, tmp_path / "due.ics", b"BEGIN:VCALENDAR")
    assert _rows(vault)[-2:] == [("output.export.trip_calendar", "trip", "7"),
                                 ("output.export.due_calendar", "caseload", "due_dates")]
    assert (tmp_path / "trip.ics").stat().st_mode & 0o077 == 0


def test_a_calendar_file_not_written_records_nothing(vault, tmp_path, monkeypatch):
    """ENOSPC while writing: a plain message, no file and no audit row."""
    calls = []

    def full(*_a, **_k):
        calls.append(1)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(calendar_export, "atomic_write_bytes", full)
    before = _rows(vault)
    with pytest.raises(IroError, match="could not be saved.*Nothing was written"):
        calendar_export.save_calendar(vault, tmp_path / "trip.ics", b"x", trip_id=1)
    assert calls == [1]  # the fault really happened
    assert _rows(vault) == before and not (tmp_path / "trip.ics").exists()


def test_a_printed_trip_sheet_is_recorded(vault):
    sheet.record_printed(vault, 3)
    assert _rows(vault)[-1] == ("output.print.trip_sheet", "trip", "3")
