"""The periods the Reports screen offers: the council's reporting year (April to March, the
year of the SSDA903 return and of annual IRO reports), the year before it, and the last whole
quarter of that year. What each is compared with is ``previous``'s to say."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

YEAR_STARTS = 4  # April
THIS_YEAR, LAST_YEAR, LAST_QUARTER, CHOSEN = "this_year", "last_year", "last_quarter", "chosen"
LABELS = {
    THIS_YEAR: "This reporting year so far (from 1 April)",
    LAST_YEAR: "Last reporting year",
    LAST_QUARTER: "Last quarter",
    CHOSEN: "From and to dates I choose",
}


def reporting_year(today: date) -> tuple[date, date]:
    """1 April to 31 March of the year ``today`` is in."""
    start = date(today.year if today.month >= YEAR_STARTS else today.year - 1, YEAR_STARTS, 1)
    return start, start + relativedelta(years=1) - timedelta(days=1)


def last_quarter(today: date) -> tuple[date, date]:
    """The last whole quarter of the reporting year (April–June, July–September, October–December,
    January–March) that ended before ``today``."""
    months_in = (today.month - YEAR_STARTS) % 3
    this_quarter = date(today.year, today.month, 1) - relativedelta(months=months_in)
    return this_quarter - relativedelta(months=3), this_quarter - timedelta(days=1)


def period(choice: str, today: date) -> tuple[date, date]:
    """The dates of a period the screen offers. This reporting year runs to ``today`` (a figure
    such as "reviews up to date at the end" means nothing for a day still to come)."""
    if choice == THIS_YEAR:
        start, end = reporting_year(today)
        return start, min(end, today)
    if choice == LAST_YEAR:
        start, _end = reporting_year(today)
        return reporting_year(start - timedelta(days=1))
    if choice == LAST_QUARTER:
        return last_quarter(today)
    raise ValueError(f"no fixed period for {choice!r}")


def previous(choice: str, start: date, end: date) -> tuple[date, date]:
    """The period to compare with: for the year so far, the same stretch of the year before
    (April to December against April to December a year earlier); otherwise the period of the
    same length just before (``kpis.previous_period``)."""
    if choice == THIS_YEAR and start == reporting_year(start)[0]:
        return start - relativedelta(years=1), end - relativedelta(years=1)
    from iro_desktop.reports import kpis

    return kpis.previous_period(start, end)
