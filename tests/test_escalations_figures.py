"""What the annual report reads of escalations and good practice (``escalations.figures``), on a
hand-built vault with known answers; and the good-practice list with the quality ratings."""

from __future__ import annotations

from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.errors import ValidationError
from iro_desktop.escalations import codes, figures, good_practice, stages, tracker
from iro_desktop.escalations.figures import EscalationFact, GoodPracticeFact
from tests.support.review_helpers import IRO, add_child, complete, setup

A, B = "C900001", "C900002"
TODAY = date(2026, 3, 2)
START, END = date(2025, 12, 1), date(2026, 1, 31)


def _review(vault, child_id: str, held: date, *, care: str | None = None, prep: str | None = None,
            good: bool = False, note: str = "") -> int:
    r = reviews.start_review(vault, child_id, held, "subsequent", today=TODAY)
    c = complete(r.content)
    c.qa.care_planning_rag, c.qa.preparation_rag = care, prep
    c.qa.good_practice, c.qa.good_practice_note = good, note
    reviews.finalise_review(vault, r.id, finalised_by=IRO, on=held, content=c, today=TODAY)
    return r.id


@pytest.fixture
def built(vault):
    setup(vault, child_id=A)
    add_child(vault, B)
    ids = {}
    # In the period, resolved on 15 January: 15 working days (Christmas and New Year's Day out).
    ids["a"] = tracker.raise_escalation(vault, A, theme="health_assessment", description="Late health assessment",
                                        raised_on=date(2025, 12, 22), today=TODAY)
    tracker.move_up(vault, ids["a"], on=date(2026, 1, 5), today=TODAY)
    tracker.resolve(vault, ids["a"], codes.RESOLVED, on=date(2026, 1, 15), today=TODAY)
    # In the period, with education, referred to Cafcass and closed by the referral: 26 working days.
    ids["b"] = tracker.raise_escalation(vault, B, theme="education_pep", description="No PEP for a term",
                                        partner_agency="education", raised_on=date(2026, 1, 5), today=TODAY)
    tracker.refer_to_cafcass(vault, ids["b"], on=date(2026, 1, 20), today=TODAY)
    tracker.resolve(vault, ids["b"], codes.REFERRED_TO_CAFCASS, on=date(2026, 2, 10), today=TODAY)
    # The last day of the period (a Saturday), still open, raised at stage 2.
    ids["c"] = tracker.raise_escalation(vault, A, theme="family_time", description="Family time cancelled",
                                        raised_on=date(2026, 1, 31), start_stage="stage_2", today=TODAY)
    # The day before the period and the day after: not counted.
    tracker.raise_escalation(vault, B, theme="other", description="Before", raised_on=date(2025, 11, 30), today=TODAY)
    tracker.raise_escalation(vault, B, theme="other", description="After", raised_on=date(2026, 2, 1), today=TODAY)

    # Good practice: one notification on its own; a review marked and a notification made from
    # it (counted once, as the notification says); a review marked with none; one out of period.
    ids["gp1"] = good_practice.record_good_practice(vault, about="social_worker", what="Thorough life-story work",
                                                    noted_on=date(2025, 12, 10), child_id=A, today=TODAY)
    ids["r1"] = _review(vault, A, date(2025, 12, 15), care="amber", prep="green", good=True, note="Carer's report")
    ids["gp2"] = good_practice.record_good_practice(vault, about="carer", what="The carer's report was excellent",
                                                    noted_on=date(2025, 12, 16), record_id=ids["r1"], today=TODAY)
    ids["r2"] = _review(vault, B, date(2026, 1, 12), care="red", good=True, note="Quick school move")
    ids["r3"] = _review(vault, B, date(2025, 12, 2), care="green", prep="green")
    good_practice.record_good_practice(vault, about="team", what="Out of the period", noted_on=date(2026, 2, 2),
                                       today=TODAY)
    return vault, ids


def test_escalation_facts_for_the_period(built):
    vault, ids = built
    with vault.read() as db:
        facts = figures.escalation_facts(db.conn, START, END)
    assert facts == [
        EscalationFact(ids["a"], A, date(2025, 12, 22), "health_assessment", None, "stage_1", False,
                       date(2026, 1, 15), "resolved", 15),
        EscalationFact(ids["b"], B, date(2026, 1, 5), "education_pep", "education", "informal", True,
                       date(2026, 2, 10), "referred_to_cafcass", 26),
        EscalationFact(ids["c"], A, date(2026, 1, 31), "family_time", None, "stage_2", False, None, None, None),
    ]
    assert all(f.theme in codes.THEMES for f in facts)
    with vault.read() as db:
        labels = stages.stage_labels(db.conn)
    assert {f.stage_reached for f in facts} <= set(labels) and labels["stage_1"] == "Stage 1"


def test_good_practice_facts_count_each_once(built):
    vault, ids = built
    with vault.read() as db:
        facts = figures.good_practice_facts(db.conn, START, END)
    assert facts == [GoodPracticeFact(ids["gp1"], date(2025, 12, 10), "social_worker"),
                     GoodPracticeFact(ids["gp2"], date(2025, 12, 16), "carer"),
                     GoodPracticeFact(-ids["r2"], date(2026, 1, 12), "other")]
    # The check above would catch the review counted twice: without its notification it is there.
    with vault.read() as db:
        whole = good_practice.entries(db.conn)
    assert sorted(g.record_id for g in whole if g.record_id) == sorted([ids["r1"], ids["r2"]])
    with pytest.raises(ValidationError):
        good_practice.record_good_practice(vault, about="carer", what="Again", record_id=ids["r1"], today=TODAY)


def test_the_good_practice_list_filters_and_the_ratings_list(built):
    vault, ids = built
    assert [g.what for g in good_practice.good_practice_list(vault, about="social_worker")] == [
        "Thorough life-story work"]
    assert len(good_practice.good_practice_list(vault)) == 4
    ratings = good_practice.quality_ratings(vault, START, END)
    assert [(q.child_id, q.review_date, q.care_planning, q.preparation) for q in ratings] == [
        (B, date(2025, 12, 2), "green", "green"), (A, date(2025, 12, 15), "amber", "green"),
        (B, date(2026, 1, 12), "red", None)]


def test_recording_good_practice_refuses_bad_input(built):
    vault, _ids = built
    with pytest.raises(ValidationError) as e:
        good_practice.record_good_practice(vault, about="cat", what=" ", noted_on=date(2026, 3, 3), today=TODAY)
    assert {f for f, _m in e.value.problems} == {"about", "what", "noted_on"}
