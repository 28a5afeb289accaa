"""What the Escalations tab shows, read in one go on the vault thread, and how it filters.

The screen shows only what this returns: every escalation with its child's name, the council's
stages, the good-practice list and the quality ratings, and the children an escalation can be
raised for. The filters and the words for where each escalation stands are here, so the screen
holds no rule of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_desktop.escalations import good_practice, stages, tracker
from iro_desktop.escalations.good_practice import GoodPractice, QualityRating
from iro_desktop.escalations.model import Escalation
from iro_desktop.escalations.stages import StageSettings

OPEN, RESOLVED, OVERDUE = "open", "resolved", "overdue"
STATES = {OPEN: "Open", RESOLVED: "Resolved", OVERDUE: "Overdue"}
AMBER_OR_RED = "amber_or_red"


@dataclass(frozen=True)
class EscalationsData:
    today: date
    escalations: list[Escalation]
    names: dict[str, str]  # child id -> the name the IRO knows them by
    settings: StageSettings
    stage_labels: dict[str, str]
    good_practice: list[GoodPractice]
    ratings: list[QualityRating]
    children: list[tuple[str, str]]  # allocated children, for raising one: (id, name)

    def escalation(self, escalation_id: int) -> Escalation | None:
        return next((e for e in self.escalations if e.id == escalation_id), None)


def load(vault, today: date) -> EscalationsData:
    with vault.read() as db:
        conn = db.conn
        names = {cid: name for cid, name in conn.execute(
            "SELECT child_id, COALESCE(NULLIF(trim(preferred_name), ''), first_name) || ' ' || last_name FROM child")}
        children = [(cid, names[cid]) for (cid,) in conn.execute(
            "SELECT child_id FROM child WHERE allocated = 1 ORDER BY first_name, last_name, child_id")]
        return EscalationsData(today, list(reversed(tracker.load_where(conn))), names, stages.settings_from_conn(conn),
                               stages.stage_labels(conn), list(reversed(good_practice.entries(conn))),
                               list(reversed(good_practice.quality_ratings_tx(conn))), children)


def matches(esc: Escalation, today: date, *, stage: str | None = None, theme: str | None = None,
            state: str | None = None) -> bool:
    """Whether ``esc`` passes the tab's filters (None: any). ``stage`` is the stage it is on, or
    ended on; ``state`` is open, resolved or overdue."""
    if stage is not None and esc.current_step.stage_key != stage:
        return False
    if theme is not None and esc.theme != theme:
        return False
    if state == OPEN and not esc.is_open:
        return False
    if state == RESOLVED and esc.is_open:
        return False
    if state == OVERDUE and not esc.is_overdue(today):
        return False
    return True


def where_words(esc: Escalation, today: date) -> str:
    """Where it stands, in a few words: "Overdue since 31/12/2025", "Reply due 12/01/2026"."""
    if not esc.is_open:
        return f"Closed {esc.resolved_on:%d/%m/%Y}"
    deadline = esc.current_deadline
    if deadline is None:
        return "With Cafcass"
    if deadline < today:
        return f"Overdue since {deadline:%d/%m/%Y}"
    return f"Reply due {deadline:%d/%m/%Y}"


def rating_matches(rating: QualityRating, which: str | None) -> bool:
    """``which``: a rating ("green", "amber", "red"), AMBER_OR_RED, or None for any."""
    given = {rating.care_planning, rating.preparation}
    if which is None:
        return True
    if which == AMBER_OR_RED:
        return bool(given & {"amber", "red"})
    return which in given


def offers_informal_resolution(care_planning: str | None, preparation: str | None) -> bool:
    """An amber or red rating at a review offers to open an informal resolution record."""
    return bool({care_planning, preparation} & {"amber", "red"})
