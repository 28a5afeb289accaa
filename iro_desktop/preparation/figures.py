"""The annual report's consultation figures for a period (the ``consultation`` part of the KPI
figures, ``reports.kpis.compute``).

Everything counts the reviews held in the period (``reports.review_facts``, the same reviews as
``reviews_held``; a series from its first meeting) and the booked meetings those reviews were
started from (``review_meeting.review_id``, set by ``reviews.records.start_review_from_meeting``):

- ``child_consulted_before``: of the reviews held, those whose meeting had the child's form
  returned before the day of the (first) meeting; ``child_consulted_by_how`` counts them by how
  it came back (``model.RETURNED_HOW``).
- ``returns_by_role``: for each role (``model.ROLES``), of the forms sent for those reviews, how
  many came back (count returned, total sent); ``partner_agency_returns`` is the same for
  school, health and partner agencies together (``model.PARTNER_ROLES``): the forms that rarely
  come back.
- ``rearranged``: of the reviews held from a booked meeting, those whose meeting was moved;
  ``meetings_moved`` counts the moves themselves.
- ``child_chose_to_chair`` / ``child_set_agenda`` / ``child_chair_or_agenda``: of the reviews
  whose child's form came back, those where the child answered "yes" to chairing part of it,
  setting the agenda, or either.

Counts only; every percentage is a ``reports.rates`` rate, so a team merge adds the counts and
works the percentages out again.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from iro_desktop.preparation.model import PARTNER_ROLES, RETURNED_HOW, ROLES
from iro_desktop.reports.rates import rate
from iro_desktop.reports.review_facts import review_facts

YES = "yes"


def consultation_figures(conn, start: date, end: date, facts: list | None = None) -> dict[str, Any]:
    """The consultation figures for [start, end] (see the module's docstring). ``facts`` are the
    period's ``review_facts`` when the caller has them already."""
    facts = review_facts(conn, start, end) if facts is None else facts
    held = {f.review_id: f for f in facts}
    first_day: dict[int, date] = {}
    meeting_review: dict[int, int] = {}
    for mid, rid, day in conn.execute(
            "SELECT id, review_id, meeting_date FROM review_meeting WHERE review_id IS NOT NULL"):
        if rid in held:
            meeting_review[mid] = rid
            d = date.fromisoformat(day)
            first_day[rid] = min(first_day.get(rid, d), d)
    moved = Counter()
    for mid, n in conn.execute("SELECT meeting_id, count(*) FROM review_meeting_move GROUP BY meeting_id"):
        if mid in meeting_review:
            moved[meeting_review[mid]] += n
    consulted_before: dict[int, str] = {}  # review -> how the child's form came back
    child_returned: dict[int, dict[str, str]] = {}
    sent: Counter = Counter()
    returned: Counter = Counter()
    for mid, role, sent_on, returned_on, how, answers in conn.execute(
            "SELECT meeting_id, role, sent_on, returned_on, returned_how, answers FROM consultee "
            "WHERE consulted = 1"):
        rid = meeting_review.get(mid)
        if rid is None:
            continue
        if sent_on:
            sent[role] += 1
            returned[role] += returned_on is not None
        if role == "child" and returned_on:
            child_returned.setdefault(rid, {}).update(json.loads(answers or "{}"))
            if date.fromisoformat(returned_on) < first_day[rid] and rid not in consulted_before:
                consulted_before[rid] = how
    chair = sum(a.get("chair") == YES for a in child_returned.values())
    agenda = sum(a.get("agenda") == YES for a in child_returned.values())
    either = sum(YES in (a.get("chair"), a.get("agenda")) for a in child_returned.values())
    by_how = Counter(consulted_before.values())
    partner = (sum(returned[r] for r in PARTNER_ROLES), sum(sent[r] for r in PARTNER_ROLES))
    return {
        "child_consulted_before": rate(len(consulted_before), len(facts)),
        "child_consulted_by_how": {how: by_how.get(how, 0) for how in RETURNED_HOW},
        "returns_by_role": {role: rate(returned[role], sent[role]) for role in ROLES},
        "partner_agency_returns": rate(*partner),
        "rearranged": rate(sum(1 for rid in first_day if moved[rid]), len(first_day)),
        "meetings_moved": sum(moved.values()),
        "child_chose_to_chair": rate(chair, len(child_returned)),
        "child_set_agenda": rate(agenda, len(child_returned)),
        "child_chair_or_agenda": rate(either, len(child_returned)),
    }


def figures(vault, start: date, end: date) -> dict[str, Any]:
    """``consultation_figures`` in a read of its own."""
    with vault.read() as db:
        return consultation_figures(db.conn, start, end)
