"""Everything "My week", the calendar, the trips and the caseload list's next review show, read
from the vault in one go.

The app calls ``load`` on its vault thread and holds the result, plain data, until the next
change or the lock. Every date, status and grouping comes from the rest of the core; this only
gathers their answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from iro_desktop.caseload import due, repository, week
from iro_desktop.escalations import deadlines
from iro_desktop.timescales import ChildDue, TimescaleSettings
from iro_desktop.places import placement
from iro_desktop.preparation import meetings
from iro_desktop.preparation.model import Meeting
from iro_desktop.trips import by_distance, store
from iro_desktop.trips.by_distance import TripGeography
from iro_desktop.trips.planning import Placed
from iro_desktop.trips.store import Trip
from iro_desktop.vault import Vault
from iro_desktop.workdays import england


@dataclass(frozen=True)
class Overview:
    today: date
    settings: TimescaleSettings
    due: list[ChildDue]
    placed: dict[str, Placed]
    trips: list[Trip]
    week_items: list[week.WeekItem] = field(default_factory=list)  # overdue and due soon
    open_items: list[week.WeekItem] = field(default_factory=list)  # everything not done, for the calendar
    reviews: dict[str, due.ReviewStanding] = field(default_factory=dict)  # the caseload list's next review
    children: int | None = None  # every child in the vault, allocated or not: 0 is an empty vault
    geography: TripGeography | None = None  # for trips grouped by distance
    booked: list[Meeting] = field(default_factory=list)  # review meetings booked from today on

    def for_child(self, child_id: str) -> ChildDue | None:
        return next((d for d in self.due if d.child_id == child_id), None)


def load(vault: Vault, today: date) -> Overview:
    settings = due.timescale_settings(vault)
    dues = due.caseload_due(vault, today, settings)
    rows, places = placement.caseload_list(vault)
    placed = store.placed_from(rows, places)
    trips = store.list_trips(vault, today)
    names = {cid: p.name for cid, p in placed.items()}
    # Escalation deadlines sit among the rest (iro_desktop.escalations.deadlines).
    with vault.read() as db:
        escalations = deadlines.escalation_items(db.conn, today, settings, names)
        # Booked review meetings sit beside the deadlines; they are not deadlines (preparation.meetings).
        booked = meetings.booked_from_conn(db.conn, today)
    soon = england().add_working_days(today, settings.due_soon_working_days)
    trips_of: dict[str, list[tuple[date, date]]] = {}
    for t in trips:
        for cid in t.child_ids:
            trips_of.setdefault(cid, []).append((t.start_date, t.end_date))
    # A meeting booked by the limit books the review as a planned trip does (due.review_standing).
    for m in booked:
        trips_of.setdefault(m.child_id, []).append((m.meeting_date, m.meeting_date))
    reviews = {d.child_id: due.review_standing(d, trips_of.get(d.child_id, ()), today) for d in dues}
    return Overview(today, settings, dues, placed, trips,
                    week.merged(week.merged(week.week_items(dues, names), deadlines.week_escalations(escalations)),
                                week.meeting_items(booked, names, today, soon)),
                    week.merged(week.merged(week.open_items(dues, names), deadlines.open_escalations(escalations)),
                                week.meeting_items(booked, names, today)),
                    reviews, repository.child_count(vault), by_distance.geography_for(vault, rows), booked)
