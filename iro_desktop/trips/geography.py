"""Grouping places into trips by distance, and a visiting order for each trip.

Grouping: every child on a trip lies within ``DEFAULT_RADIUS_MILES`` (50) miles, in a straight
line, of the trip's centre, which is one of the trip's own children's districts: a day's
visiting around one place (50 miles straight is about an hour and a quarter's drive each way
from the centre). The centres are chosen greedily, as a person plans, awkward places first:
each child counts one over the number of districts on the list within 50 miles of it (a child
in Truro, whom only Truro and Plymouth reach, counts more than one in Exeter, whom many reach);
the district whose 50 miles hold the most of that weight among the children still to place
(ties: more children, then nearer them in all, then the first given) takes them all as a trip;
repeat until every child is on one. Then every child moves to
the nearest centre chosen (still within 50 miles), so nobody rides with a far group when a
nearer one goes. On a caseload over the South West, Yorkshire and London this gives Cornwall
with Devon, Bristol with Bath and Taunton, Yorkshire, and London (``tests/test_trips_geography.py``).

Two textbook alternatives were tried on the same caseloads and rejected. Single linkage (join
two groups when any two of their children are close) chains: children every 30 miles from
Truro to Gloucester make one "trip" 200 miles long. Complete linkage (join while the farthest
pair stays within a span) depends on the order it merges: Taunton joined Devon first and then
Cornwall, though next to Plymouth, was left as a trip of its own.

Order: from the base, nearest unvisited child next (nearest neighbour), then 2-opt (reverse any
stretch of the route that makes it shorter, until none does), back to the base. The same 2-opt
is also run from the order the children were given in and the shorter of the two kept, so the
suggested order is never longer than visiting in the listed order. Children in the same
district count as one place (zero miles between them). Routes are straight lines between
district centres: a guide to the order, not a road distance.
"""

from __future__ import annotations

import math
from typing import Sequence

DEFAULT_RADIUS_MILES = 50.0

Point = tuple[float, float]  # (easting, northing) in miles, or any unit: the functions do not mind


def _d(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def cluster(points: Sequence[Point], radius: float = DEFAULT_RADIUS_MILES) -> list[list[int]]:
    """Indices of ``points`` grouped around centres so that each is within ``radius`` of its
    group's centre (so no two in a group are more than twice that apart). Deterministic. Groups
    come out in the order their centres were chosen (the biggest first)."""
    n = len(points)
    dist = [[_d(points[i], points[j]) for j in range(n)] for i in range(n)]
    # A child few districts can reach counts for more: the awkward outlier is planned first.
    weight = [1 / sum(1 for c in range(n) if dist[c][i] <= radius) for i in range(n)]
    left = set(range(n))
    centres: list[int] = []
    while left:
        def reach(c: int) -> tuple:
            near = [i for i in left if dist[c][i] <= radius]
            return (-round(sum(weight[i] for i in near), 9), -len(near), sum(dist[c][i] for i in near), c)
        best = min(range(n), key=reach)
        centres.append(best)
        left -= {i for i in left if dist[best][i] <= radius}
    groups: dict[int, list[int]] = {c: [] for c in centres}
    for i in range(n):
        nearest = min(centres, key=lambda c: (dist[c][i], centres.index(c)))
        groups[nearest].append(i)
    return [groups[c] for c in centres if groups[c]]


def route_length(base: Point, points: Sequence[Point], order: Sequence[int]) -> float:
    """From the base through ``points`` in ``order`` and back to the base."""
    stops = [base, *(points[i] for i in order), base]
    return sum(_d(stops[k], stops[k + 1]) for k in range(len(stops) - 1))


def _nearest_neighbour(base: Point, points: Sequence[Point]) -> list[int]:
    left = list(range(len(points)))
    order: list[int] = []
    here = base
    while left:
        nxt = min(left, key=lambda i: (_d(here, points[i]), i))
        order.append(nxt)
        left.remove(nxt)
        here = points[nxt]
    return order


def _two_opt(base: Point, points: Sequence[Point], order: list[int]) -> list[int]:
    """Reverse stretches of the route while that shortens it (the base stays first and last)."""
    tour = [None, *order, None]  # None is the base

    def at(k: int) -> Point:
        return base if tour[k] is None else points[tour[k]]

    improved = True
    while improved:
        improved = False
        for i in range(1, len(tour) - 2):
            for j in range(i + 1, len(tour) - 1):
                before = _d(at(i - 1), at(i)) + _d(at(j), at(j + 1))
                after = _d(at(i - 1), at(j)) + _d(at(i), at(j + 1))
                if after < before - 1e-9:
                    tour[i:j + 1] = reversed(tour[i:j + 1])
                    improved = True
    return tour[1:-1]


def visiting_order(base: Point, points: Sequence[Point]) -> list[int]:
    """A short round trip from ``base`` through every point: indices of ``points`` in visiting
    order (nearest neighbour improved by 2-opt, never longer than the given order)."""
    if not points:
        return []
    candidates = [_two_opt(base, points, _nearest_neighbour(base, points)),
                  _two_opt(base, points, list(range(len(points))))]
    return min(candidates, key=lambda o: route_length(base, points, o))
