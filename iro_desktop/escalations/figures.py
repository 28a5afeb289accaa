"""What the annual report counts of escalations and good practice, as plain facts per item.

The report (``iro_desktop.reports.kpis``) calls these two functions and nothing else of this
package; it does its own counting. Keys are the stable keys of ``codes`` and of the stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_desktop.escalations import good_practice, tracker


@dataclass(frozen=True)
class EscalationFact:
    id: int
    child_id: str
    raised_on: date
    theme: str
    partner_agency: str | None
    stage_reached: str
    referred_to_cafcass: bool
    resolved_on: date | None
    outcome: str | None
    working_days_to_resolve: int | None


@dataclass(frozen=True)
class GoodPracticeFact:
    id: int
    noted_on: date
    about: str


def escalation_facts(conn, start: date, end: date) -> list[EscalationFact]:
    """Every escalation raised in [start, end], both ends included, however far it has gone."""
    return [EscalationFact(e.id, e.child_id, e.raised_on, e.theme, e.partner_agency, e.stage_reached,
                           e.referred_to_cafcass, e.resolved_on, e.outcome, e.working_days_to_resolve)
            for e in tracker.load_where(conn, "raised_on BETWEEN ? AND ?", (start.isoformat(), end.isoformat()))]


def good_practice_facts(conn, start: date, end: date) -> list[GoodPracticeFact]:
    """Every good-practice notification noted in [start, end]: those recorded, and the marks of
    finalised review records no notification was made from (``good_practice.entries``)."""
    return [GoodPracticeFact(g.id, g.noted_on, g.about) for g in good_practice.entries(conn, start, end)]
