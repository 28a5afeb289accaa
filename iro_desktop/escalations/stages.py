"""The council's dispute resolution stages, kept as vault settings, and the presets offered.

A council names its stages, says who each is raised with and how many working days each has;
the whole process has an overall limit (20 working days by default, the IRO Handbook's). An
escalation keeps a copy of the stages it was raised under (``tracker``), so a council that
changes its stages later does not rewrite the history of escalations already under way.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Mapping

from iro_desktop.errors import ValidationError
from iro_desktop.escalations.codes import CAFCASS_STAGE

STAGES_KEY = "escalations.stages"
OVERALL_KEY = "escalations.overall_working_days"
DEFAULT_OVERALL = 20
MAX_STAGES = 8
STAGE_DAYS = (1, 40)
OVERALL_DAYS = (1, 60)
MAX_LABEL = 80


@dataclass(frozen=True)
class Stage:
    key: str  # stable, snake_case: what the report counts "stage reached" by
    label: str
    working_days: int  # from the day the stage started
    with_whom: str = ""  # the role an escalation at this stage is raised with
    cafcass: bool = False  # reaching this stage is a referral to Cafcass

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Stage":
        return cls(str(d["key"]), str(d["label"]), int(d["working_days"]), str(d.get("with_whom", "")),
                   bool(d.get("cafcass", False)))


@dataclass(frozen=True)
class StageSettings:
    stages: tuple[Stage, ...]
    overall_working_days: int = DEFAULT_OVERALL

    def stage(self, key: str) -> Stage | None:
        return next((s for s in self.stages if s.key == key), None)

    def index(self, key: str) -> int:
        for i, s in enumerate(self.stages):
            if s.key == key:
                return i
        raise KeyError(key)

    def to_json(self) -> str:
        return json.dumps([s.to_dict() for s in self.stages])


DEFAULT_STAGES = StageSettings((
    Stage("informal", "Informal alert", 5, "Team manager"),
    Stage("stage_1", "Stage 1", 5, "Service manager"),
    Stage("stage_2", "Stage 2", 5, "Head of service"),
    Stage("stage_3", "Stage 3", 5, "Assistant director or director"),
))

PRESETS: Mapping[str, tuple[str, StageSettings]] = MappingProxyType({
    "four_stages": ("Informal alert, then stages 1 to 3 (5 working days each)", DEFAULT_STAGES),
    "informal_formal_cafcass": ("Informal 5, then formal 10, with Cafcass after 15", StageSettings((
        Stage("informal", "Informal", 5, "Team manager"),
        Stage("formal", "Formal", 10, "Head of service"),
        Stage(CAFCASS_STAGE, "Referral to Cafcass", 5, "Cafcass", cafcass=True),
    ))),
    "five_stages": ("Five stages, from the social worker to the director", StageSettings((
        Stage("social_worker", "Social worker", 4, "Social worker"),
        Stage("team_manager", "Team manager", 4, "Team manager"),
        Stage("service_manager", "Service manager", 4, "Service manager"),
        Stage("head_of_service", "Head of service", 4, "Head of service"),
        Stage("director", "Director", 4, "Director"),
    ))),
})


def new_key(label: str, taken: set[str]) -> str:
    """A stable key for a stage the council adds, from its name, unlike any in ``taken``."""
    key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "stage"
    base, n = key, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def validate(settings: StageSettings) -> None:
    """Refuse stages a council could not mean, saying which stage and what is wrong."""
    problems: list[tuple[str, str]] = []
    if not settings.stages:
        problems.append(("stages", "There must be at least one stage."))
    if len(settings.stages) > MAX_STAGES:
        problems.append(("stages", f"There can be at most {MAX_STAGES} stages."))
    low, high = OVERALL_DAYS
    if not (low <= settings.overall_working_days <= high):
        problems.append(("overall_working_days", f"The overall limit must be between {low} and {high} working "
                                                 f"days; {settings.overall_working_days} was given."))
    seen: set[str] = set()
    for n, s in enumerate(settings.stages, start=1):
        where = f"stages[{n}]"
        if not s.key or not s.key.replace("_", "").isalnum() or s.key != s.key.lower():
            problems.append((where, f"Stage {n} needs a key of lower-case letters, digits and underscores."))
        elif s.key in seen:
            problems.append((where, f"Stage {n} has the same key as an earlier stage."))
        seen.add(s.key)
        if not s.label.strip():
            problems.append((where, f"Stage {n} needs a name."))
        elif len(s.label) > MAX_LABEL or len(s.with_whom) > MAX_LABEL:
            problems.append((where, f"Stage {n}'s name or role is too long (at most {MAX_LABEL} characters)."))
        low, high = STAGE_DAYS
        if not (low <= s.working_days <= high):
            problems.append((where, f"Stage {n} must have between {low} and {high} working days; "
                                    f"{s.working_days} was given."))
    total = sum(s.working_days for s in settings.stages)
    if not problems and total > settings.overall_working_days:
        problems.append(("stages", f"The stages add up to {total} working days, more than the overall limit of "
                                   f"{settings.overall_working_days}."))
    if problems:
        raise ValidationError(problems)


def stages_from_json(text: str) -> tuple[Stage, ...]:
    return tuple(Stage.from_dict(d) for d in json.loads(text))


def settings_from_conn(conn) -> StageSettings:
    stored = dict(conn.execute("SELECT key, value FROM settings WHERE key IN (?, ?)",
                               (STAGES_KEY, OVERALL_KEY)).fetchall())
    stages = stages_from_json(stored[STAGES_KEY]) if stored.get(STAGES_KEY) else DEFAULT_STAGES.stages
    overall = int(stored[OVERALL_KEY]) if stored.get(OVERALL_KEY) else DEFAULT_OVERALL
    return StageSettings(stages, overall)


def stage_settings(vault) -> StageSettings:
    with vault.read() as db:
        return settings_from_conn(db.conn)


def save_stage_settings(vault, settings: StageSettings) -> StageSettings:
    """Keep the council's stages; escalations already raised keep the stages they began with."""
    validate(settings)
    with vault.transaction() as tx:
        tx.set_setting(STAGES_KEY, settings.to_json())
        tx.set_setting(OVERALL_KEY, str(settings.overall_working_days))
    return settings


def stage_labels(conn) -> dict[str, str]:
    """Every stage key to its label: the council's stages now, and those of escalations raised
    under earlier settings (the current label wins where a key is in both)."""
    labels: dict[str, str] = {CAFCASS_STAGE: "Referral to Cafcass"}
    for key, label in conn.execute("SELECT stage_key, stage_label FROM escalation_step ORDER BY id"):
        labels[key] = label
    for s in settings_from_conn(conn).stages:
        labels[s.key] = s.label
    return labels
