"""The escalation tracker: raising, moving up, skipping, referring to Cafcass and resolving; the
working-day deadlines (across a bank holiday), the overall limit, the presets, the audit rows."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from iro_desktop import changes
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.escalations import codes, stages, tracker
from iro_desktop.escalations.model import deadline_after
from iro_desktop.escalations.stages import PRESETS, Stage, StageSettings
from iro_desktop.workdays import england
from tests.support.caseload_helpers import audit_rows, snapshot
from tests.support.review_helpers import add_child

CHILD = "C900001"
TODAY = date(2026, 3, 2)
# Christmas 2025: Thursday 25 and Friday 26 December, then Thursday 1 January, are bank holidays.
MON_22_DEC = date(2025, 12, 22)


def _raise(vault, **kw) -> int:
    kw.setdefault("theme", "health_assessment")
    kw.setdefault("description", "The health assessment is four months late.")
    kw.setdefault("raised_on", MON_22_DEC)
    return tracker.raise_escalation(vault, CHILD, today=TODAY, **kw)


@pytest.fixture
def child(vault):
    add_child(vault, CHILD)
    return vault


def test_a_stage_deadline_counts_working_days_past_christmas(child):
    eid = _raise(child, raised_with_name="Ash Fenwick")
    esc = tracker.get_escalation(child, eid)
    assert esc.current_step.stage_key == "informal"
    assert esc.current_step.raised_with_role == "Team manager", "the stage's role when none is given"
    # 23, 24, (25, 26 bank holidays, weekend), 29, 30, 31 December: five working days.
    assert esc.current_deadline == date(2025, 12, 31)
    assert deadline_after(MON_22_DEC, 5) != MON_22_DEC.replace(day=29), "the holidays are not ignored"
    # Twenty from 22 December, 1 January skipped too: Thursday 22 January 2026.
    assert esc.overall_deadline == date(2026, 1, 22)
    assert esc.is_overdue(date(2026, 1, 1)) and not esc.is_overdue(date(2025, 12, 31))
    assert ("escalation.raise", "escalation", str(eid)) in audit_rows(child)


def test_move_up_skip_refer_and_resolve(child):
    eid = _raise(child)
    esc = tracker.move_up(child, eid, on=date(2026, 1, 5), raised_with_name="Jo Pike", today=TODAY)
    assert [(s.stage_key, s.ended_how) for s in esc.steps] == [("informal", "moved_up"), ("stage_1", None)]
    assert esc.current_step.raised_with_role == "Service manager"
    # Stage 1 from Monday 5 January: 12 January; the overall limit (22 January) is later.
    assert esc.current_deadline == date(2026, 1, 12)

    esc = tracker.skip_stage(child, eid, on=date(2026, 1, 12), today=TODAY)
    assert [(s.stage_key, s.ended_how) for s in esc.steps] == [
        ("informal", "moved_up"), ("stage_1", "moved_up"), ("stage_2", "skipped"), ("stage_3", None)]
    assert esc.stage_reached == "stage_3"
    # Stage 3 from 12 January would end on 19 January; that is within the overall limit.
    assert esc.current_deadline == date(2026, 1, 19)
    with pytest.raises(IroError):
        tracker.move_up(child, eid, on=date(2026, 1, 13), today=TODAY)  # the last stage

    esc = tracker.refer_to_cafcass(child, eid, on=date(2026, 1, 20), note="Care plan drift", today=TODAY)
    assert esc.referred_to_cafcass and esc.current_step.stage_key == codes.CAFCASS_STAGE
    assert esc.current_deadline is None, "with Cafcass: no council deadline"
    assert esc.stage_reached == "stage_3", "Cafcass is not one of this council's stages"
    with pytest.raises(IroError):
        tracker.refer_to_cafcass(child, eid, on=date(2026, 1, 21), today=TODAY)

    esc = tracker.resolve(child, eid, codes.RESOLVED, on=date(2026, 2, 3), note="Assessment booked", today=TODAY)
    assert not esc.is_open and esc.outcome == "resolved"
    # 22 December to 3 February: 28 working days, over the 20 allowed.
    assert esc.working_days_to_resolve == england().working_days_between(MON_22_DEC, date(2026, 2, 3)) == 28
    with pytest.raises(IroError):
        tracker.resolve(child, eid, codes.RESOLVED, on=date(2026, 2, 4), today=TODAY)
    actions = [a for a, t, r in audit_rows(child) if t == "escalation"]
    assert actions == ["escalation.raise", "escalation.move_up", "escalation.skip", "escalation.refer",
                       "escalation.resolve"]


def test_the_overall_limit_caps_a_late_stage(child):
    eid = _raise(child)
    # Moved up on the 17th working day: stage 1's own five days would run past the 20.
    day_17 = deadline_after(MON_22_DEC, 17)
    esc = tracker.move_up(child, eid, on=day_17, today=TODAY)
    assert esc.current_step.stage_deadline > esc.overall_deadline
    assert esc.current_deadline == esc.overall_deadline == date(2026, 1, 22)


def _escalation_rows(vault) -> dict:
    with vault.read() as db:
        return {t: db.conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("escalation", "escalation_step")}


def test_refusals_change_nothing(child):
    eid = _raise(child)
    before = snapshot(child), _escalation_rows(child)
    with pytest.raises(ValidationError) as e:
        tracker.move_up(child, eid, on=date(2025, 12, 19), today=TODAY)  # before the stage began
    assert e.value.problems[0][0] == "on"
    with pytest.raises(ValidationError):
        tracker.move_up(child, eid, on=date(2026, 3, 3), today=TODAY)  # the future
    with pytest.raises(ValidationError):
        tracker.resolve(child, eid, "sorted", on=date(2026, 1, 5), today=TODAY)
    with pytest.raises(ValidationError) as e:
        _raise(child, theme="weather", description=" ")
    assert {f for f, _m in e.value.problems} == {"theme", "description"}
    with pytest.raises(IroError):
        tracker.raise_escalation(child, "C000000", theme="other", description="x", today=TODAY)
    assert (snapshot(child), _escalation_rows(child)) == before


def test_raising_at_a_later_stage_records_the_earlier_as_skipped(child):
    eid = _raise(child, start_stage="stage_2", partner_agency="health")
    esc = tracker.get_escalation(child, eid)
    assert [(s.stage_key, s.ended_how) for s in esc.steps] == [
        ("informal", "skipped"), ("stage_1", "skipped"), ("stage_2", None)]
    assert esc.partner_agency == "health" and esc.current_step.raised_with_role == "Head of service"


def test_the_cafcass_preset_refers_by_moving_to_its_stage(child):
    stages.save_stage_settings(child, PRESETS["informal_formal_cafcass"][1])
    eid = _raise(child)
    esc = tracker.move_up(child, eid, on=date(2026, 1, 2), today=TODAY)
    assert esc.current_step.stage_key == "formal"
    assert esc.current_deadline == deadline_after(date(2026, 1, 2), 10)
    esc = tracker.move_up(child, eid, on=date(2026, 1, 16), today=TODAY)
    assert esc.referred_to_cafcass and esc.referred_to_cafcass_on == date(2026, 1, 16)
    assert esc.stage_reached == "cafcass"


def test_an_escalation_keeps_the_stages_it_was_raised_under(child):
    eid = _raise(child)
    stages.save_stage_settings(child, PRESETS["five_stages"][1])
    esc = tracker.get_escalation(child, eid)
    assert [s.key for s in esc.stages] == ["informal", "stage_1", "stage_2", "stage_3"]
    assert tracker.move_up(child, eid, on=date(2026, 1, 5), today=TODAY).current_step.stage_key == "stage_1"
    new = tracker.get_escalation(child, _raise(child))
    assert new.current_step.stage_key == "social_worker" and new.current_deadline == deadline_after(MON_22_DEC, 4)


def test_presets_and_stage_settings(child):
    for _label, preset in PRESETS.values():
        stages.validate(preset)
        assert sum(s.working_days for s in preset.stages) <= preset.overall_working_days == 20
    assert stages.stage_settings(child) == stages.DEFAULT_STAGES
    assert [s.working_days for s in stages.DEFAULT_STAGES.stages] == [5, 5, 5, 5]
    too_long = StageSettings((Stage("a", "A", 15), Stage("b", "B", 10)))
    with pytest.raises(ValidationError) as e:
        stages.save_stage_settings(child, too_long)
    assert "add up to 25" in e.value.problems[0][1]
    with pytest.raises(ValidationError) as e:
        stages.save_stage_settings(child, StageSettings((Stage("a", "A", 5), Stage("a", "", 0))))
    assert [f for f, _m in e.value.problems] == ["stages[2]", "stages[2]", "stages[2]"]
    assert stages.stage_settings(child) == stages.DEFAULT_STAGES, "nothing saved"
    stages.save_stage_settings(child, PRESETS["five_stages"][1])
    assert stages.stage_settings(child) == PRESETS["five_stages"][1]


def test_every_tracker_action_is_placed_on_the_screens_that_show_it():
    for action in (tracker.RAISE, tracker.MOVE_UP, tracker.SKIP, tracker.REFER, tracker.RESOLVE):
        assert changes._SHOWN_BY_ACTION[action] == {changes.RECORDS, changes.DUE}


@hsettings(max_examples=40, deadline=None)
@given(start=st.dates(date(2024, 1, 1), date(2027, 12, 31)), days=st.integers(1, 20))
def test_a_deadline_is_the_working_day_count_the_calendar_gives(start, days):
    """The tracker's deadlines and the calendar's count agree, whatever the day."""
    end = deadline_after(start, days)
    cal = england()
    assert cal.working_days_between(start, end) == days and cal.is_working_day(end)
