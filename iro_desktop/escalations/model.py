"""An escalation as read from the vault, with its stage history and its deadlines.

Deadlines are never stored: each is worked out from the day a stage started and the working
days the stages gave it (``iro_desktop.workdays``), so a corrected bank-holiday table moves them
all at once. The overall limit runs from the day the escalation was raised, and a stage's
deadline never goes past it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_desktop.escalations.codes import CLOSED, SKIPPED
from iro_desktop.escalations.stages import Stage
from iro_desktop.workdays import england


def deadline_after(start: date, working_days: int) -> date:
    """The last day of a period of ``working_days`` from ``start`` (the day itself not counted)."""
    return england().add_working_days(start, working_days)


@dataclass(frozen=True)
class Step:
    """One stage in an escalation's history: reached, skipped, or the referral to Cafcass."""

    position: int
    stage_key: str
    stage_label: str
    working_days: int | None  # None: no deadline (with Cafcass, outside the council's stages)
    started_on: date
    ended_on: date | None = None
    ended_how: str | None = None  # codes.STEP_ENDINGS
    raised_with_role: str = ""
    raised_with_name: str = ""
    note: str = ""

    @property
    def skipped(self) -> bool:
        return self.ended_how == SKIPPED

    @property
    def stage_deadline(self) -> date | None:
        if self.working_days is None or self.skipped:
            return None
        return deadline_after(self.started_on, self.working_days)


@dataclass(frozen=True)
class Escalation:
    id: int
    child_id: str
    raised_on: date
    theme: str
    raised_with_role: str
    raised_with_name: str
    partner_agency: str | None
    description: str
    asked: str
    stages: tuple[Stage, ...]  # the council's stages when it was raised
    overall_working_days: int
    steps: tuple[Step, ...]
    review_id: int | None = None
    record_id: int | None = None
    referred_to_cafcass_on: date | None = None
    resolved_on: date | None = None
    outcome: str | None = None
    outcome_note: str = ""

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    @property
    def referred_to_cafcass(self) -> bool:
        return self.referred_to_cafcass_on is not None

    @property
    def current_step(self) -> Step:
        """The step the escalation is on (or ended on): the last one not skipped."""
        return next(s for s in reversed(self.steps) if not s.skipped)

    def _stage_index(self, key: str) -> int | None:
        return next((i for i, s in enumerate(self.stages) if s.key == key), None)

    @property
    def stage_reached(self) -> str:
        """The key of the furthest council stage reached (skipped stages do not count)."""
        reached = [s for s in self.steps if not s.skipped and self._stage_index(s.stage_key) is not None]
        return reached[-1].stage_key if reached else self.steps[0].stage_key

    @property
    def stage_reached_label(self) -> str:
        return next(s.stage_label for s in reversed(self.steps) if s.stage_key == self.stage_reached)

    def stages_after_current(self) -> tuple[Stage, ...]:
        """The council stages it can still move up to (none once it is with Cafcass outside them)."""
        i = self._stage_index(self.current_step.stage_key)
        return () if i is None else self.stages[i + 1:]

    @property
    def overall_deadline(self) -> date:
        return deadline_after(self.raised_on, self.overall_working_days)

    @property
    def current_deadline(self) -> date | None:
        """When the stage it is on must be answered by: its own deadline, capped at the overall limit.
        None once resolved, or once it is with Cafcass outside the council's stages."""
        if not self.is_open:
            return None
        own = self.current_step.stage_deadline
        return None if own is None else min(own, self.overall_deadline)

    def is_overdue(self, today: date) -> bool:
        deadline = self.current_deadline
        return deadline is not None and deadline < today

    @property
    def working_days_to_resolve(self) -> int | None:
        if self.resolved_on is None:
            return None
        return england().working_days_between(self.raised_on, self.resolved_on)

    def step_deadline(self, step: Step) -> date | None:
        """A step's deadline as the IRO was given it: the stage's own, capped at the overall limit."""
        own = step.stage_deadline
        return None if own is None else min(own, self.overall_deadline)

    @property
    def closed_step(self) -> Step | None:
        return next((s for s in self.steps if s.ended_how == CLOSED), None)
