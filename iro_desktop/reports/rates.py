"""Rates and shares: the one way a percentage is made from counts.

A rate is ``{"count", "total", "percent"}``, a share ``{"count", "percent"}`` of a total given
beside it. The percent is always worked out again from the counts, to one decimal place, and is
None when there is nothing to count: figures from several places are added as counts, never by
averaging their percentages.
"""

from __future__ import annotations

from typing import Any, Iterable


def percent(count: int, total: int) -> float | None:
    return None if total == 0 else round(100 * count / total, 1)


def rate(count: int, total: int) -> dict[str, Any]:
    return {"count": count, "total": total, "percent": percent(count, total)}


def share(count: int, of: int) -> dict[str, Any]:
    return {"count": count, "percent": percent(count, of)}


def yes_rate(answers: Iterable[bool | None]) -> dict[str, Any]:
    """Of the answers given (a yes/no left empty is neither), how many were yes."""
    given = answers if isinstance(answers, (tuple, list)) else tuple(answers)
    yes = given.count(True)  # counted in C: the report asks this of every review, a dozen times
    return rate(yes, yes + given.count(False))


def is_rate(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"count", "total", "percent"}


def is_share(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"count", "percent"}
