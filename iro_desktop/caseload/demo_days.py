"""The demo's meetings fall on working days: one small rule the caseload and its letters share."""

from __future__ import annotations

from datetime import date, timedelta

from iro_desktop.workdays import WorkingCalendar, england


def working_day_on_or_before(d: date, cal: WorkingCalendar | None = None) -> date:
    """A meeting planned for a weekend or bank holiday is held on the working day before it (so
    it is never later for it)."""
    cal = cal or england()
    while not cal.is_working_day(d):
        d -= timedelta(days=1)
    return d
