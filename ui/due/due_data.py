"""Everything "My week", the calendar and the trips need, read from the vault in one go.

``load`` runs on the vault thread (through ``Worker``); the result is plain data held by the
main window until the next change or the lock. Every date, status and grouping comes from the
core; this only gathers the core's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from iro_desktop.caseload import due, week
from iro_desktop.timescales import ChildDue, TimescaleSettings
from iro_desktop.trips import store
from iro_desktop.trips.planning import Placed
from iro_desktop.trips.store import Trip
from iro_desktop.vault import Vault


@dataclass(frozen=True)
class DueData:
    today: date
    settings: TimescaleSettings
    due: list[ChildDue]
    placed: dict[str, Placed]
    trips: list[Trip]
    week_items: list[week.WeekItem] = field(default_factory=list)  # overdue and due soon
    open_items: list[week.WeekItem] = field(default_factory=list)  # everything not done, for the calendar

    def for_child(self, child_id: str) -> ChildDue | None:
        return next((d for d in self.due if d.child_id == child_id), None)


def load(vault: Vault, today: date) -> DueData:
    settings = due.timescale_settings(vault)
    dues = due.caseload_due(vault, today, settings)
    placed = store.placed_children(vault)
    trips = store.list_trips(vault, today)
    names = {cid: p.name for cid, p in placed.items()}
    return DueData(today, settings, dues, placed, trips,
                   week.week_items(dues, names), week.open_items(dues, names))
