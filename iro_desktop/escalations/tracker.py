"""Raising an escalation and taking it through the council's stages: move up, skip, refer to
Cafcass, resolve. Each is one transaction that writes its audit row; each refuses, changing
nothing, what cannot be right (a date in the future, a step back in time, a closed escalation).

An escalation keeps the stages it was raised under (``stages``), and each stage it reaches or
skips is a row of its history (``escalation_step``); its deadlines come from those
(``iro_desktop.escalations.model``).
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from iro_desktop.errors import IroError, ValidationError
from iro_desktop.escalations import codes
from iro_desktop.escalations.model import Escalation, Step
from iro_desktop.escalations.stages import Stage, settings_from_conn, stages_from_json

MAX_TEXT = 20000
MAX_NAME = 120

RAISE, MOVE_UP, SKIP, REFER, RESOLVE = ("escalation.raise", "escalation.move_up", "escalation.skip",
                                        "escalation.refer", "escalation.resolve")


class UnknownEscalation(IroError):
    def __init__(self) -> None:
        super().__init__("That escalation is not in this vault (it may have been removed). Nothing was changed.")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_day(field: str, on: date, today: date, not_before: date | None, before_words: str) -> list:
    if on > today:
        return [(field, f"{on:%d/%m/%Y} is in the future; record it once it has happened.")]
    if not_before is not None and on < not_before:
        return [(field, f"{on:%d/%m/%Y} is before {before_words} ({not_before:%d/%m/%Y}).")]
    return []


def _text(field: str, value: str, words: str, *, required: bool, limit: int = MAX_TEXT) -> list:
    if required and not value.strip():
        return [(field, words)]
    if len(value) > limit:
        return [(field, f"This is too long (at most {limit} characters).")]
    return []


# ---- reading -------------------------------------------------------------------------------

_COLS = ("id, child_id, raised_on, theme, raised_with_role, raised_with_name, partner_agency, description, asked, "
         "stages, overall_working_days, review_id, record_id, referred_to_cafcass_on, resolved_on, outcome, "
         "outcome_note")


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_where(conn, where: str = "1", params: tuple = ()) -> list[Escalation]:
    """Escalations matching ``where`` (on the escalation table), oldest first, each with its history."""
    rows = conn.execute(f"SELECT {_COLS} FROM escalation WHERE {where} ORDER BY raised_on, id", params).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    steps: dict[int, list[Step]] = {i: [] for i in ids}
    marks = ",".join("?" * len(ids))
    for (eid, pos, key, label, days, started, ended, how, role, name, note) in conn.execute(
            "SELECT escalation_id, position, stage_key, stage_label, working_days, started_on, ended_on, ended_how, "
            f"raised_with_role, raised_with_name, note FROM escalation_step WHERE escalation_id IN ({marks}) "
            "ORDER BY escalation_id, position", ids):
        steps[eid].append(Step(pos, key, label, days, date.fromisoformat(started), _d(ended), how, role, name, note))
    out = []
    for (eid, child, raised, theme, role, name, agency, desc, asked, stages, overall, review_id, record_id,
         referred, resolved, outcome, outcome_note) in rows:
        out.append(Escalation(eid, child, date.fromisoformat(raised), theme, role, name, agency, desc, asked,
                              stages_from_json(stages), overall, tuple(steps[eid]), review_id, record_id,
                              _d(referred), _d(resolved), outcome, outcome_note))
    return out


def get_tx(conn, escalation_id: int) -> Escalation:
    found = load_where(conn, "id = ?", (escalation_id,))
    if not found:
        raise UnknownEscalation()
    return found[0]


def get_escalation(vault, escalation_id: int) -> Escalation:
    with vault.read() as db:
        return get_tx(db.conn, escalation_id)


def list_escalations(vault, child_id: str | None = None) -> list[Escalation]:
    with vault.read() as db:
        if child_id is None:
            return load_where(db.conn)
        return load_where(db.conn, "child_id = ?", (child_id,))


# ---- raising -------------------------------------------------------------------------------

def _insert_step(conn, escalation_id: int, position: int, stage_key: str, label: str, days: int | None,
                 started: date, *, ended: date | None = None, how: str | None = None, role: str = "",
                 name: str = "", note: str = "") -> None:
    conn.execute(
        "INSERT INTO escalation_step (escalation_id, position, stage_key, stage_label, working_days, started_on, "
        "ended_on, ended_how, raised_with_role, raised_with_name, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (escalation_id, position, stage_key, label, days, started.isoformat(),
         ended.isoformat() if ended else None, how, role, name, note))


def raise_tx(tx, child_id: str, *, theme: str, description: str, raised_with_role: str = "",
             raised_with_name: str = "", partner_agency: str | None = None, asked: str = "",
             raised_on: date | None = None, review_id: int | None = None, record_id: int | None = None,
             start_stage: str | None = None, today: date | None = None) -> int:
    """Raise an escalation at the council's first stage (or at ``start_stage``, the stages before
    it recorded as skipped). Who it is raised with defaults to the stage's role."""
    today = today or date.today()
    raised_on = raised_on or today
    conn = tx.db.conn
    if not child_id:
        raise ValidationError([("child_id", "Choose the child the escalation is about.")])
    if conn.execute("SELECT 1 FROM child WHERE child_id = ?", (child_id,)).fetchone() is None:
        raise IroError("There is no such child in this vault. Nothing was recorded.")
    settings = settings_from_conn(conn)
    problems = []
    if theme not in codes.THEMES:
        problems.append(("theme", "Choose what the escalation is about from the list of themes."))
    if partner_agency is not None and partner_agency not in codes.AGENCIES:
        problems.append(("partner_agency", "Choose the partner agency from the list, or none."))
    problems += _text("description", description, "Say what the escalation is about and what needs to happen.",
                      required=True)
    problems += _text("asked", asked, "", required=False)
    problems += _text("raised_with_role", raised_with_role, "", required=False, limit=MAX_NAME)
    problems += _text("raised_with_name", raised_with_name, "", required=False, limit=MAX_NAME)
    problems += _check_day("raised_on", raised_on, today, None, "")
    start = settings.stages[0] if start_stage is None else settings.stage(start_stage)
    if start is None:
        problems.append(("start_stage", "That stage is not one of the council's stages."))
    if review_id is not None and conn.execute("SELECT 1 FROM review WHERE id = ? AND child_id = ?",
                                              (review_id, child_id)).fetchone() is None:
        problems.append(("review_id", "That review is not one of this child's."))
    if record_id is not None and conn.execute("SELECT 1 FROM record WHERE id = ? AND child_id = ?",
                                              (record_id, child_id)).fetchone() is None:
        problems.append(("record_id", "That record is not one of this child's."))
    if problems:
        raise ValidationError(problems)
    assert start is not None
    role = raised_with_role.strip() or start.with_whom
    now = _now()
    cur = conn.execute(
        "INSERT INTO escalation (child_id, review_id, record_id, raised_on, theme, raised_with_role, "
        "raised_with_name, partner_agency, description, asked, stages, overall_working_days, referred_to_cafcass_on, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (child_id, review_id, record_id, raised_on.isoformat(), theme, role, raised_with_name.strip(),
         partner_agency, description.strip(), asked.strip(), settings.to_json(), settings.overall_working_days,
         raised_on.isoformat() if start.cafcass else None, now, now))
    eid = cur.lastrowid
    position = 0
    for s in settings.stages[:settings.index(start.key)]:
        _insert_step(conn, eid, position, s.key, s.label, s.working_days, raised_on, ended=raised_on, how=codes.SKIPPED)
        position += 1
    _insert_step(conn, eid, position, start.key, start.label, start.working_days, raised_on, role=role,
                 name=raised_with_name.strip())
    tx.audit(RAISE, "escalation", eid)
    return eid


def raise_escalation(vault, child_id: str, **kwargs) -> int:
    """Raise an escalation (see ``raise_tx``); returns its id."""
    with vault.transaction() as tx:
        return raise_tx(tx, child_id, **kwargs)


# ---- moving on -----------------------------------------------------------------------------

def _open_for_change(conn, escalation_id: int) -> Escalation:
    esc = get_tx(conn, escalation_id)
    if not esc.is_open:
        raise IroError("This escalation has been resolved; it cannot be changed. Nothing was changed.")
    return esc


def _end_current(conn, esc: Escalation, on: date, how: str) -> None:
    conn.execute("UPDATE escalation_step SET ended_on = ?, ended_how = ? WHERE escalation_id = ? AND position = ?",
                 (on.isoformat(), how, esc.id, esc.current_step.position))


def _touch(conn, escalation_id: int, **columns) -> None:
    sets = ", ".join(f"{c} = ?" for c in columns) + (", " if columns else "") + "updated_at = ?"
    conn.execute(f"UPDATE escalation SET {sets} WHERE id = ?", (*columns.values(), _now(), escalation_id))


def _go_to(tx, esc: Escalation, target: Stage, on: date, *, role: str, name: str, note: str,
           ending: str) -> str:
    """End the current step and start ``target``, recording the stages in between as skipped.
    Returns the audit action: a skip when any stage was passed over."""
    conn = tx.db.conn
    later = esc.stages_after_current()
    passed = later[:[s.key for s in later].index(target.key)]
    _end_current(conn, esc, on, ending)
    position = esc.steps[-1].position + 1
    for s in passed:
        _insert_step(conn, esc.id, position, s.key, s.label, s.working_days, on, ended=on, how=codes.SKIPPED)
        position += 1
    _insert_step(conn, esc.id, position, target.key, target.label, target.working_days, on,
                 role=role.strip() or target.with_whom, name=name.strip(), note=note.strip())
    if target.cafcass and esc.referred_to_cafcass_on is None:
        _touch(conn, esc.id, referred_to_cafcass_on=on.isoformat())
    else:
        _touch(conn, esc.id)
    return SKIP if passed else MOVE_UP


def _step_problems(esc: Escalation, on: date, today: date, role: str, name: str, note: str) -> list:
    problems = _check_day("on", on, today, esc.current_step.started_on, "the day the current stage started")
    problems += _text("raised_with_role", role, "", required=False, limit=MAX_NAME)
    problems += _text("raised_with_name", name, "", required=False, limit=MAX_NAME)
    problems += _text("note", note, "", required=False)
    return problems


def move_up(vault, escalation_id: int, *, on: date | None = None, to_stage: str | None = None,
            raised_with_role: str = "", raised_with_name: str = "", note: str = "",
            today: date | None = None) -> Escalation:
    """Move to the next stage, or to ``to_stage`` further on (the stages passed are skipped)."""
    today = today or date.today()
    on = on or today
    with vault.transaction() as tx:
        conn = tx.db.conn
        esc = _open_for_change(conn, escalation_id)
        later = esc.stages_after_current()
        if not later:
            raise IroError("This escalation is at the last stage; resolve it or refer it to Cafcass. "
                           "Nothing was changed.")
        target = later[0] if to_stage is None else next((s for s in later if s.key == to_stage), None)
        problems = _step_problems(esc, on, today, raised_with_role, raised_with_name, note)
        if target is None:
            problems.append(("to_stage", "Choose a stage after the one it is on."))
        if problems:
            raise ValidationError(problems)
        assert target is not None
        action = _go_to(tx, esc, target, on, role=raised_with_role, name=raised_with_name, note=note,
                        ending=codes.MOVED_UP)
        tx.audit(action, "escalation", escalation_id)
        return get_tx(conn, escalation_id)


def skip_stage(vault, escalation_id: int, *, on: date | None = None, raised_with_role: str = "",
               raised_with_name: str = "", note: str = "", today: date | None = None) -> Escalation:
    """Pass over the next stage and go to the one after it."""
    esc = get_escalation(vault, escalation_id)
    later = esc.stages_after_current()
    if len(later) < 2:
        raise IroError("There is no stage to skip to after the next one; move it up instead. Nothing was changed.")
    return move_up(vault, escalation_id, on=on, to_stage=later[1].key, raised_with_role=raised_with_role,
                   raised_with_name=raised_with_name, note=note, today=today)


def refer_to_cafcass(vault, escalation_id: int, *, on: date | None = None, note: str = "",
                     today: date | None = None) -> Escalation:
    """Refer to Cafcass, at any stage. Where the council's stages end with a Cafcass stage, it
    moves there; otherwise the referral is a step of its own, with no council deadline."""
    today = today or date.today()
    on = on or today
    with vault.transaction() as tx:
        conn = tx.db.conn
        esc = _open_for_change(conn, escalation_id)
        if esc.referred_to_cafcass:
            raise IroError("This escalation has already been referred to Cafcass. Nothing was changed.")
        problems = _step_problems(esc, on, today, "", "", note)
        if problems:
            raise ValidationError(problems)
        target = next((s for s in esc.stages_after_current() if s.cafcass), None)
        if target is not None:
            _go_to(tx, esc, target, on, role="", name="", note=note, ending=codes.REFERRED)
        else:
            _end_current(conn, esc, on, codes.REFERRED)
            _insert_step(conn, esc.id, esc.steps[-1].position + 1, codes.CAFCASS_STAGE, "Referral to Cafcass", None,
                         on, role="Cafcass", note=note.strip())
            _touch(conn, esc.id, referred_to_cafcass_on=on.isoformat())
        tx.audit(REFER, "escalation", escalation_id)
        return get_tx(conn, escalation_id)


def resolve(vault, escalation_id: int, outcome: str, *, on: date | None = None, note: str = "",
            today: date | None = None) -> Escalation:
    """Close the escalation with its outcome and the day it was reached."""
    today = today or date.today()
    on = on or today
    with vault.transaction() as tx:
        conn = tx.db.conn
        esc = _open_for_change(conn, escalation_id)
        problems = _step_problems(esc, on, today, "", "", note)
        if outcome not in codes.OUTCOMES:
            problems.append(("outcome", "Choose the outcome from the list."))
        if problems:
            raise ValidationError(problems)
        _end_current(conn, esc, on, codes.CLOSED)
        referred = esc.referred_to_cafcass_on
        if outcome == codes.REFERRED_TO_CAFCASS and referred is None:
            referred = on
        _touch(conn, esc.id, resolved_on=on.isoformat(), outcome=outcome, outcome_note=note.strip(),
               referred_to_cafcass_on=referred.isoformat() if referred else None)
        tx.audit(RESOLVE, "escalation", escalation_id)
        return get_tx(conn, escalation_id)
