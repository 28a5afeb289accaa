"""Working days in England: weekends and England & Wales bank holidays (substitute days too).

Bank holidays come from the ``holidays`` package, never a hand-typed table. Counting uses a
prefix sum over whole years, so "working days between" is two look-ups however far apart the
dates are.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache


class WorkingCalendar:
    def __init__(self, first_year: int = 1990, last_year: int = 2060) -> None:
        self._build(first_year, last_year)

    def _build(self, first_year: int, last_year: int) -> None:
        import holidays  # here, not at start-up: the package is large and only dates need it

        self.first_year, self.last_year = first_year, last_year
        bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
        self._holidays = frozenset(bank.keys())
        self._origin = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal()
        # _working[i] is True if origin+i is a working day; _count[i] counts working days
        # in [origin, origin+i).
        self._working = bytearray(end - self._origin + 1)
        self._count = [0] * (end - self._origin + 2)
        running = 0
        for i in range(end - self._origin + 1):
            d = date.fromordinal(self._origin + i)
            ok = d.weekday() < 5 and d not in self._holidays
            self._working[i] = ok
            self._count[i] = running
            running += ok
        self._count[-1] = running
        self._working_ordinals = [self._origin + i for i, ok in enumerate(self._working) if ok]

    def _index(self, d: date) -> int:
        if not (self.first_year <= d.year <= self.last_year):
            self._build(min(self.first_year, d.year - 1), max(self.last_year, d.year + 1))
        return d.toordinal() - self._origin

    def is_working_day(self, d: date) -> bool:
        return bool(self._working[self._index(d)])

    def add_working_days(self, start: date, n: int) -> date:
        """The nth working day after ``start`` (``start`` itself is not counted); n >= 1."""
        if n < 1:
            raise ValueError("n must be at least 1")
        self._index(start)
        pos = bisect_right(self._working_ordinals, start.toordinal()) + n - 1
        while pos >= len(self._working_ordinals):
            self._build(self.first_year, self.last_year + 10)
            pos = bisect_right(self._working_ordinals, start.toordinal()) + n - 1
        return date.fromordinal(self._working_ordinals[pos])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        i, j = self._index(start), self._index(end)
        return self._count[j + 1] - self._count[i + 1]


@lru_cache(maxsize=1)
def england() -> WorkingCalendar:
    return WorkingCalendar()


def next_working_day_on_or_after(d: date, cal: WorkingCalendar | None = None) -> date:
    cal = cal or england()
    while not cal.is_working_day(d):
        d += timedelta(days=1)
    return d


def last_working_day_on_or_before(d: date, cal: WorkingCalendar | None = None) -> date:
    """``d`` if it is a working day, else the working day before it: when a limit falls on a
    weekend or bank holiday, the last day to meet it (a review due on Saturday is held by Friday)."""
    cal = cal or england()
    while not cal.is_working_day(d):
        d -= timedelta(days=1)
    return d
