"""Whether a decision is past due: one rule (``recommendations.is_past_due``), judged for a
midway review on the day ``midway.progress_date`` gives."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from iro_desktop.reviews import codes, midway
from iro_desktop.reviews.recommendations import TrackedRecommendation, is_past_due


def tracked(by_when: date, status: str = codes.OPEN, status_on: date | None = None) -> TrackedRecommendation:
    return TrackedRecommendation("u1", "C1", 1, date(2026, 3, 1), 0, "Find a swimming club", "foster_carer", "Joan",
                                 by_when, "", None, status, status_on, "", None)


def test_a_decision_due_before_the_day_and_still_open_is_past_due():
    due = date(2026, 9, 3)
    assert is_past_due(tracked(due), date(2026, 9, 4))
    assert not is_past_due(tracked(due), due), "due that very day is not late yet"
    assert not is_past_due(tracked(due), date(2026, 9, 2))
    assert tracked(due).past_due(date(2026, 10, 1))


def test_a_decision_done_before_the_day_is_not_past_due_but_one_closed_that_day_was():
    due, midway_day = date(2026, 9, 3), date(2026, 10, 1)
    assert not is_past_due(tracked(due, codes.DONE, date(2026, 9, 20)), midway_day)
    # The midway review that marks it done is the one that found it late.
    assert is_past_due(tracked(due, codes.DONE, midway_day), midway_day)
    assert is_past_due(tracked(due, codes.DONE, date(2026, 11, 1)), midway_day)


def test_the_midway_judges_on_its_own_date_or_today_while_that_is_ahead():
    today = date(2026, 12, 1)
    assert midway.progress_date(date(2026, 10, 1), today) == date(2026, 10, 1)
    assert midway.progress_date(date(2026, 12, 20), today) == today
    assert midway.progress_date(None, today) == today


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@given(by_when=days, on=days, closed_after=st.one_of(st.none(), st.integers(-400, 400)))
def test_past_due_agrees_with_the_plain_reading(by_when, on, closed_after):
    status_on = None if closed_after is None else on + timedelta(days=closed_after)
    t = tracked(by_when, codes.OPEN if status_on is None else codes.DONE, status_on)
    still_open_on_the_day = status_on is None or status_on >= on
    assert is_past_due(t, on) == (by_when < on and still_open_on_the_day)
