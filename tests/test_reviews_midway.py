"""The midway review: progress on open decisions, finalised like a review, counted by the
timescales, and escalation intents."""

from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.caseload.due import caseload_due
from iro_desktop.errors import ValidationError
from iro_desktop.reviews import lifecycle
from tests.support.caseload_helpers import TODAY, audit_rows
from tests.support.review_helpers import CHILD, IRO, complete, rec, setup

HELD = date(2025, 9, 1)


def _midway_item(vault):
    [child] = caseload_due(vault, today=TODAY)
    return {i.kind: i for i in child.items}["midway"]


def _held_review(vault, *recs):
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    c = complete(r.content)
    c.recommendations += list(recs)
    return reviews.finalise_review(vault, r.id, finalised_by=IRO, on=HELD, content=c, today=TODAY)


def test_midway_flow_and_the_timescales(vault):
    setup(vault)
    a = rec("Arrange contact with Nan", by=date(2025, 12, 31))
    review = _held_review(vault, a)
    # Two reviews held (seeded history is set aside once records exist): midway of 1 Sep - 1 Mar.
    assert _midway_item(vault).status == "overdue"
    m = reviews.start_midway(vault, CHILD, date(2025, 11, 28), today=TODAY)
    assert m.record.review_id == review.record.review_id
    assert m.content.addressed_to == "Lu" and [p.uid for p in m.content.progress] == [a.uid]
    assert _midway_item(vault).status == "overdue"  # a draft does not count

    c = m.content
    c.how = "social_worker_meeting"
    c.progress[0].progress = "on_track"
    c.progress[0].note = "First family time booked for December"
    c.child_views = "Lu said she **loves** her new bike."
    c.new_concerns = "A few late nights."
    c.child_note = "Hi Lu, I heard about your bike!"
    with pytest.raises(ValidationError):
        reviews.finalise_midway(vault, m.id, finalised_by=IRO, on=date(2025, 11, 1), content=c, today=TODAY)
    final = reviews.finalise_midway(vault, m.id, finalised_by=IRO, content=c, today=TODAY)
    assert final.read_only and final.version.finalised_by == IRO
    assert _midway_item(vault).status == "done"
    with pytest.raises(lifecycle.RecordFinalised):
        reviews.save_midway(vault, m.id, c, today=TODAY)
    amended = reviews.amend_midway(vault, m.id, "Wrong date")
    assert amended.version.version == 2
    assert _midway_item(vault).status == "done"  # it was finalised once: still done while amended
    assert [r.id for r in reviews.midway_records(vault, CHILD)] == [m.id]
    assert [v.version for v in reviews.midway_versions(vault, m.id)] == [1, 2]
    assert reviews.midway_version(vault, m.id, 1).content.child_views.startswith("Lu said")


def test_midway_needs_how_and_progress_on_every_open_decision(vault):
    setup(vault)
    a, b = rec("One thing"), rec("Another thing")
    _held_review(vault, a, b)
    m = reviews.start_midway(vault, CHILD, date(2025, 12, 1), today=TODAY)
    m.content.progress[0].progress = "done"
    checks = reviews.midway_checks(vault, m.id, m.content, today=TODAY)
    assert {f for f, _m in checks.missing} == {"how", f"progress.{b.uid}"}
    m.content.progress[1].progress = "later"
    assert reviews.midway_checks(vault, m.id, m.content, today=TODAY).problems
    with pytest.raises(ValidationError):
        reviews.start_midway(vault, CHILD, date(2026, 2, 1), today=TODAY)  # in the future
    with pytest.raises(ValidationError):
        m.content.midway_date = date(2025, 8, 1)  # before the review it follows
        reviews.save_midway(vault, m.id, m.content, today=TODAY)


def test_escalation_intent_from_a_midway_and_from_the_button(vault):
    setup(vault)
    _held_review(vault)
    m = reviews.start_midway(vault, CHILD, date(2025, 12, 1), how="call", today=TODAY)
    m.content.escalation_needed = True
    with pytest.raises(ValidationError):
        reviews.finalise_midway(vault, m.id, finalised_by=IRO, content=m.content, today=TODAY)
    m.content.escalation_details = "The health assessment is **four months** late."
    reviews.finalise_midway(vault, m.id, finalised_by=IRO, on=date(2025, 12, 2), content=m.content, today=TODAY)
    [intent] = reviews.escalation_intents(vault, CHILD)
    assert (intent.record_id, intent.raised_on, intent.state) == (m.id, date(2025, 12, 2), "open")
    assert intent.details == "The health assessment is four months late."
    button = reviews.start_escalation(vault, CHILD, "No social worker visit since October.", today=TODAY)
    assert [i.id for i in reviews.escalation_intents(vault)] == [intent.id, button]
    assert ("escalation.raise", "escalation", str(button)) in audit_rows(vault)  # a tracked escalation
    with pytest.raises(ValidationError):
        reviews.start_escalation(vault, CHILD, "  ")
