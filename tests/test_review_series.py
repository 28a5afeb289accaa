"""A review held as a series counts from its first meeting, and a rearranged review says why:
the checks, the review row the timescales read, and the one helper that says which day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.caseload import repository
from iro_desktop.errors import ValidationError
from iro_desktop.reviews.checks import check_review
from iro_desktop.reviews.model import Meeting
from iro_desktop.reviews.series import counted_date, first_meeting, follow_first_meeting
from tests.support.caseload_helpers import TODAY
from tests.support.review_helpers import CHILD, complete, setup

DOB = date(2013, 4, 2)


@pytest.fixture
def draft(vault):
    setup(vault)
    return vault, reviews.start_review(vault, CHILD, date(2025, 12, 1), "subsequent", held_as_series=True,
                                       today=TODAY)


def test_first_meeting_is_the_earliest_dated_one_of_a_series_only(draft):
    _vault, r = draft
    d = r.content.details
    assert first_meeting(d) is None and counted_date(d) == d.review_date  # a series with no meetings yet
    d.meetings = [Meeting(date(2025, 12, 8)), Meeting(date(2025, 12, 1)), Meeting(None)]
    assert first_meeting(d) == date(2025, 12, 1)
    assert first_meeting(replace(d, held_as_series=False)) is None
    assert follow_first_meeting(replace(d, review_date=date(2025, 12, 8))).review_date == date(2025, 12, 1)


def test_a_series_dated_after_its_first_meeting_is_a_problem(draft):
    _vault, r = draft
    c = complete(r.content)
    c.details.meetings = [Meeting(date(2025, 11, 24)), Meeting(date(2025, 12, 1))]
    problems = check_review(c, DOB, TODAY).problems
    assert [w for w, _m in problems] == ["details.review_date"]
    assert "24/11/2025" in problems[0][1]
    c.details.review_date = date(2025, 11, 24)
    assert check_review(c, DOB, TODAY).problems == []


def test_the_review_row_follows_the_first_meeting_and_a_mismatch_is_refused(draft):
    vault, r = draft
    c = r.content
    c.details.meetings = [Meeting(date(2025, 11, 24)), Meeting(date(2025, 12, 1))]
    with pytest.raises(ValidationError) as caught:
        reviews.save_review(vault, r.id, c, today=TODAY)
    assert caught.value.problems[0][0] == "details.review_date"
    c.details = follow_first_meeting(c.details)
    reviews.save_review(vault, r.id, c, today=TODAY)
    [row] = repository.get_child(vault, CHILD).reviews
    assert row.review_date == date(2025, 11, 24)  # what the timescales count from


def test_a_rearranged_review_needs_its_reason_to_be_finalised(draft):
    _vault, r = draft
    c = complete(r.content)
    c.details.held_as_series = False
    c.details.rearranged = True
    assert ("details.rearranged_reason" in [w for w, _m in check_review(c, DOB, TODAY).missing])
    c.details.rearranged_reason = "The social worker was ill"
    assert "details.rearranged_reason" not in [w for w, _m in check_review(c, DOB, TODAY).missing]


def test_the_childs_letter_never_shows_the_report_fields(vault):
    """The rearranged reason and the plans checked are for the annual report: every look of the
    child's letter is read back and none holds them (the professional record's PDF is another's)."""
    from iro_desktop.printing.render import render_letter
    from tests.support.render_helpers import crafted_review, text

    record_id = crafted_review(vault, finalise=False)
    r = reviews.get_review(vault, record_id)
    c = r.content
    d = c.details
    d.rearranged, d.rearranged_reason = True, "Quokkaline rearranged-reason marker"
    d.child_attended, d.health_assessment_up_to_date, d.pep_up_to_date = True, False, True
    d.permanence_plan_in_place = True
    reviews.finalise_review(vault, record_id, finalised_by="Sam Ravensmoss", content=c, today=TODAY)
    for variant in ("child", "large-print", "dyslexia", "easy-read"):
        words = text(render_letter(vault, record_id, variant))
        assert "Quokkaline" not in words and "rearranged" not in words.lower()
        assert "permanence" not in words.lower() and "education plan" not in words.lower()
    # The marker would be found if it were there: the reader sees the letter's own words.
    assert "Pat and Lee" in text(render_letter(vault, record_id, "child"))
