"""Escalation deadlines as rows of "My week" and the calendar.

Each open escalation has one deadline at a time: the reply due at the stage it is on, capped
at the overall limit (``model.Escalation.current_deadline``). Whether it is overdue or due soon
is the timescales' one rule (``timescales.status_for``, with the local "due soon" window).
"""

from __future__ import annotations

from datetime import date
from typing import Mapping

from iro_desktop.caseload.week import ESCALATION, WeekItem
from iro_desktop.escalations import tracker
from iro_desktop.escalations.model import Escalation
from iro_desktop.timescales import DONE, DUE_SOON, OVERDUE, TimescaleSettings, status_for
from iro_desktop.workdays import england


def item_words(esc: Escalation) -> str:
    step = esc.current_step
    if esc.current_deadline == esc.overall_deadline and step.stage_deadline != esc.overall_deadline:
        return f"Escalation: {step.stage_label}, overall limit of {esc.overall_working_days} working days"
    return f"Escalation: {step.stage_label} reply due"


def escalation_items(conn, today: date, settings: TimescaleSettings,
                     names: Mapping[str, str]) -> list[WeekItem]:
    """One item per open escalation that has a deadline (one with Cafcass outside the council's
    stages has none), whatever its status; ``week_items`` picks from these."""
    cal = england()
    out = []
    for esc in tracker.load_where(conn, "resolved_on IS NULL"):
        deadline = esc.current_deadline
        if deadline is None:
            continue
        status, remaining = status_for(deadline, today, False, settings, cal)
        out.append(WeekItem(esc.child_id, names.get(esc.child_id, esc.child_id), ESCALATION, item_words(esc),
                            deadline, status, remaining, "", escalation_id=esc.id))
    return out


def week_escalations(items: list[WeekItem]) -> list[WeekItem]:
    """The items My week shows: overdue and due soon."""
    return [i for i in items if i.status in (OVERDUE, DUE_SOON)]


def open_escalations(items: list[WeekItem]) -> list[WeekItem]:
    return [i for i in items if i.status != DONE]
