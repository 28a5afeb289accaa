"""The periods the Reports screen offers, at the edges of the council's April-to-March year."""

from __future__ import annotations

from datetime import date

import pytest

from iro_desktop.reports import report_periods as rp


@pytest.mark.parametrize(("today", "this_year", "last_year", "last_quarter"), [
    (date(2026, 4, 1), (date(2026, 4, 1), date(2026, 4, 1)), (date(2025, 4, 1), date(2026, 3, 31)),
     (date(2026, 1, 1), date(2026, 3, 31))),
    (date(2026, 3, 31), (date(2025, 4, 1), date(2026, 3, 31)), (date(2024, 4, 1), date(2025, 3, 31)),
     (date(2025, 10, 1), date(2025, 12, 31))),
    (date(2026, 12, 1), (date(2026, 4, 1), date(2026, 12, 1)), (date(2025, 4, 1), date(2026, 3, 31)),
     (date(2026, 7, 1), date(2026, 9, 30))),
    (date(2028, 2, 29), (date(2027, 4, 1), date(2028, 2, 29)), (date(2026, 4, 1), date(2027, 3, 31)),
     (date(2027, 10, 1), date(2027, 12, 31))),
])
def test_the_reporting_year_the_year_before_and_the_last_quarter(today, this_year, last_year, last_quarter):
    assert rp.period(rp.THIS_YEAR, today) == this_year
    assert rp.period(rp.LAST_YEAR, today) == last_year
    assert rp.period(rp.LAST_QUARTER, today) == last_quarter
    assert rp.reporting_year(today)[1].month == 3 and rp.reporting_year(today)[1].day == 31


def test_chosen_dates_are_not_a_fixed_period():
    with pytest.raises(ValueError):
        rp.period(rp.CHOSEN, date(2026, 1, 1))


def test_the_year_so_far_is_compared_with_the_same_stretch_a_year_earlier():
    today = date(2026, 12, 1)
    start, end = rp.period(rp.THIS_YEAR, today)
    assert rp.previous(rp.THIS_YEAR, start, end) == (date(2025, 4, 1), date(2025, 12, 1))
    assert rp.previous(rp.THIS_YEAR, date(2027, 4, 1), date(2028, 2, 29)) == (date(2026, 4, 1), date(2027, 2, 28))
    # Any other period: the one of the same length just before.
    assert rp.previous(rp.LAST_YEAR, date(2025, 4, 1), date(2026, 3, 31)) == (date(2024, 4, 1), date(2025, 3, 31))
    assert rp.previous(rp.LAST_QUARTER, date(2026, 7, 1), date(2026, 9, 30)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert rp.previous(rp.CHOSEN, date(2026, 1, 10), date(2026, 1, 19)) == (date(2025, 12, 31), date(2026, 1, 9))
