"""The annual report's figures for a period, counted from the work itself.

``compute`` returns the figures dict the report screen, the PDF summary, the anonymised CSV,
``iro-desktop kpis`` and the team file all share (its shape is in
``resources/schemas/kpi-figures.schema.json``). Every percentage comes from counts
(``reports.rates``).

No timescale is worked out here. What was due when a review was held is asked of
``timescales.History`` (the one next-review rule, as ``next_review`` asks it), given the
child's history as it stood that day: the reviews before it, the periods of care begun by then,
the midway reviews done by then. So a new period of care restarts the first-review rule, an
additional review counts as the previous one, and the limit and the midway are the ones My week
showed that day. The paperwork deadlines are the council's local standards (``caseload.due``)
counted with the one working-day calendar (``workdays.england``).

Everything is read in a fixed number of queries (``review_facts``, ``caseload.due``), whatever
the number of reviews; only a child reviewed in the period who is no longer allocated is read
on their own.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from operator import attrgetter
from typing import Any

from dateutil.relativedelta import relativedelta

from iro_desktop.caseload import due, repository
from iro_desktop.caseload.model import Placement
from iro_desktop.escalations import figures as escalation_figures
from iro_desktop.places import placement
from iro_desktop.places import settings as place_settings
from iro_desktop.preparation.figures import consultation_figures
from iro_desktop.reports.rates import percent, rate, share, yes_rate
from iro_desktop.reports.review_facts import ReviewFact, review_facts
from iro_desktop.reviews import codes
from iro_desktop.timescales import FIRST, PATHWAY, SECOND, CaseFacts, History, TimescaleSettings, next_review
from iro_desktop.workdays import WorkingCalendar, england

PN_CODES = tuple(codes.PARTICIPATION)
RAG_LETTERS = {"green": "G", "amber": "A", "red": "R"}
RESOLVE_WITHIN_WORKING_DAYS = 20


def _review_figures(facts: list[ReviewFact], cases: dict[str, CaseFacts], settings: TimescaleSettings,
                    cal: WorkingCalendar) -> dict[str, Any]:
    in_time = in_time_of = first = first_of = midways_done = midways = pathway = 0
    permanence: list[bool | None] = []
    histories = {cid: History(case) for cid, case in cases.items()}
    for f in facts:
        history = histories.get(f.child_id)
        if history is None:
            continue
        # What was due the day the review was held: its limit, and whether its midway was done.
        stood, midway_done = history.as_it_stood(f.held_on, f.review_date, f.review_id, settings, cal)
        if stood.due is not None:
            on_time = f.held_on <= stood.due
            in_time += on_time
            in_time_of += 1
            if stood.kind == FIRST:
                first += on_time
                first_of += 1
        if midway_done is not None:
            midways_done += midway_done
            midways += 1
        if f.care_leaver and (stood.kind == PATHWAY or f.review_type == PATHWAY):
            pathway += 1
        if stood.kind == SECOND:
            permanence.append(f.permanence_plan_in_place)
    return {"pathway_reviews_held": pathway, "in_timescale": rate(in_time, in_time_of),
            "first_reviews_in_timescale": rate(first, first_of), "midway_completed": rate(midways_done, midways),
            "permanence_plan_by_second_review": yes_rate(permanence)}


def _paperwork(facts: list[ReviewFact], settings: TimescaleSettings, cal: WorkingCalendar,
               end: date) -> dict[str, Any]:
    """Decisions circulated and records sent by the local deadlines. A deadline counts once it
    has passed by the end of the period, or once the thing was done (early or late)."""
    out = {}
    for key, done_on, days in (("decisions_in_time", attrgetter("decisions_circulated"),
                                settings.decisions_deadline_working_days),
                               ("records_in_time", attrgetter("record_sent"), settings.record_deadline_working_days)):
        ok = counted = 0
        for f in facts:
            deadline, done = cal.add_working_days(f.review_date, days), done_on(f)
            if done is None:
                counted += deadline <= end
            else:
                counted += 1
                ok += done <= deadline
        out[key] = rate(ok, counted)
    return out


def _participation(facts: list[ReviewFact], codes_given: tuple[str | None, ...]) -> dict[str, Any]:
    held = len(facts)
    by_code = Counter(codes_given)
    four_plus = [f for f in facts if f.age >= 4]
    coded = [f for f in four_plus if f.participation_code in PN_CODES and f.participation_code != codes.UNDER_FOUR]
    return {
        "participation": {c: share(by_code.get(c, 0), held) for c in PN_CODES},
        "participation_no_code": sum(n for c, n in by_code.items() if c not in PN_CODES),
        "participated_4plus": rate(sum(f.participation_code in codes.PARTICIPATED for f in coded), len(coded)),
        "attended_4plus": yes_rate(f.child_attended for f in four_plus),
    }


def _rag(ratings: tuple[str | None, ...]) -> dict[str, Any]:
    held = len(ratings)
    counts = Counter(ratings)
    out: dict[str, Any] = {letter: share(counts.get(key, 0), held) for key, letter in RAG_LETTERS.items()}
    out["not_rated"] = held - sum(counts.get(key, 0) for key in RAG_LETTERS)
    return out


def _tally(values) -> dict[str, int]:
    return dict(sorted(Counter(v for v in values if v).items()))


def _escalations(conn, start: date, end: date) -> dict[str, Any]:
    found = escalation_figures.escalation_facts(conn, start, end)
    resolved = [e for e in found if e.resolved_on is not None]
    timed = [e.working_days_to_resolve for e in resolved if e.working_days_to_resolve is not None]
    return {
        "raised": len(found),
        "by_stage_reached": _tally(e.stage_reached for e in found),
        "by_theme": _tally(e.theme for e in found),
        "by_partner_agency": _tally(e.partner_agency for e in found),
        "by_outcome": _tally(e.outcome for e in resolved),
        "referred_to_cafcass": sum(bool(e.referred_to_cafcass) for e in found),
        "resolved": len(resolved),
        "resolved_within_20_working_days": rate(sum(d <= RESOLVE_WITHIN_WORKING_DAYS for d in timed), len(timed)),
    }


def _good_practice(conn, start: date, end: date) -> dict[str, Any]:
    found = escalation_figures.good_practice_facts(conn, start, end)
    return {"count": len(found), "by_about": _tally(g.about for g in found)}


def _allocated_on(conn, end: date) -> set[str]:
    """The children allocated to the IRO on ``end``: allocated now, or allocated until after it."""
    return {cid for cid, allocated, since in conn.execute(
        "SELECT child_id, allocated, not_allocated_since FROM child")
        if allocated or (since and date.fromisoformat(since) > end)}


def _cases(conn, wanted: set[str]) -> dict[str, CaseFacts]:
    """Timescale facts for ``wanted``: the allocated caseload in one go (``caseload.due``), and
    each child no longer allocated on their own (few: those reviewed in the period who have
    left the IRO since)."""
    cases = {c.child_id: c for c in due.facts_from_conn(conn) if c.child_id in wanted}
    for cid in sorted(wanted - set(cases)):
        cases[cid] = due.child_facts(conn, cid)
    return cases


def _setting(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _caseload(conn, allocated: set[str], cases: dict[str, CaseFacts], settings: TimescaleSettings,
              cal: WorkingCalendar, end: date) -> dict[str, Any]:
    up_to_date = [0, 0]
    for cid in allocated:
        case = cases[cid]
        period = next((p for p in sorted(case.periods, key=lambda p: p.start, reverse=True) if p.start <= end), None)
        # A child who has left care (not a care leaver the IRO still reviews) has no review due.
        if period is None or (period.end is not None and period.end < end and not case.care_leaver):
            continue
        nxt = next_review(case, settings, cal, as_of=end)
        if nxt.due is not None:
            up_to_date[0] += nxt.due >= end
            up_to_date[1] += 1
    council, authority = (_setting(conn, key) for key in (repository.COUNCIL_AREA, place_settings.COUNCIL_AUTHORITY))
    current: dict[str, Placement] = {}
    for cid, kind, area, district, ooa, start_text, end_text in conn.execute(
            "SELECT child_id, placement_type, area, postcode_district, out_of_area, start_date, end_date "
            "FROM placement WHERE start_date <= :end AND (end_date IS NULL OR end_date >= :end) "
            "ORDER BY start_date, id", {"end": end.isoformat()}):
        if cid in allocated:
            current[cid] = Placement(date.fromisoformat(start_text), kind, area=area, postcode_district=district,
                                     out_of_area=bool(ooa), end_date=date.fromisoformat(end_text) if end_text else None)
    # Out of area by authority where the district says (``places.placement``), else as recorded;
    # the areas by the district's authority, else in the caseload's words.
    # and how far from the base, in the DfE's bands (``placement.DISTANCE_BANDS``).
    base = place_settings.base_from(_setting(conn, place_settings.BASE_DISTRICT), authority)
    placed = [(p, placement.where_placed(p.postcode_district, authority, base)) for p in current.values()]
    away = [(p, w) for p, w in placed if placement.is_out_of_area(w, repository.out_of_area(p, council))]
    areas = Counter(name for p, w in away if (name := placement.placed_in(w, p.area)))
    bands = Counter(placement.distance_band(w.miles_from_base) for _p, w in placed)
    return {"up_to_date_at_end": rate(*up_to_date),
            "caseload": {"children": len(allocated), "placed_out_of_area": rate(len(away), len(current)),
                         "areas": dict(sorted(areas.items())),
                         "by_distance": {key: bands.get(key, 0) for key in placement.BAND_WORDS}}}


def compute(conn, start: date, end: date) -> dict[str, Any]:
    """The figures for [start, end], both days included (see the module's docstring)."""
    if end < start:
        raise ValueError("the period ends before it starts")
    settings = due.settings_from_conn(conn)
    cal = england()
    facts = review_facts(conn, start, end)
    on_end = _allocated_on(conn, end)
    cases = _cases(conn, on_end | {f.child_id for f in facts})
    # The caseload on ``end``: those allocated then whose care had begun by then (or is not recorded).
    allocated = {cid for cid in on_end
                 if not cases[cid].periods or any(p.start <= end for p in cases[cid].periods)}
    # Each field of the facts as one tuple, to count in C (``zip``, ``Counter``, ``tuple.count``).
    column = dict(zip(ReviewFact._fields, zip(*facts))) if facts else dict.fromkeys(ReviewFact._fields, ())
    timing = _review_figures(facts, cases, settings, cal)
    paperwork = _paperwork(facts, settings, cal, end)
    caseload = _caseload(conn, allocated, cases, settings, cal, end)
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "reviews_held": len(facts),
        "pathway_reviews_held": timing["pathway_reviews_held"],
        "in_timescale": timing["in_timescale"],
        "first_reviews_in_timescale": timing["first_reviews_in_timescale"],
        **_participation(facts, column["participation_code"]),
        "up_to_date_at_end": caseload["up_to_date_at_end"],
        "decisions_in_time": paperwork["decisions_in_time"],
        "records_in_time": paperwork["records_in_time"],
        "midway_completed": timing["midway_completed"],
        "rag": {"care_planning": _rag(column["rag_care_planning"]), "preparation": _rag(column["rag_preparation"])},
        "health_assessment_up_to_date": yes_rate(column["health_assessment_up_to_date"]),
        "pep_up_to_date": yes_rate(column["pep_up_to_date"]),
        "permanence_plan_by_second_review": timing["permanence_plan_by_second_review"],
        "parent_participated": yes_rate(column["parent_participated"]),
        "advocate_offered": yes_rate(column["advocate_offered"]),
        "advocate_involved": yes_rate(column["advocate_involved"]),
        "rearranged": yes_rate(column["rearranged"]),
        "seen_alone": yes_rate(column["seen_alone"]),
        "escalations": _escalations(conn, start, end),
        "good_practice": _good_practice(conn, start, end),
        "caseload": caseload["caseload"],
        "consultation": consultation_figures(conn, start, end, facts),
    }


def figures(vault, start: date, end: date) -> dict[str, Any]:
    """``compute`` in a read of its own."""
    with vault.read() as db:
        return compute(db.conn, start, end)


# ---- comparing with the period before ------------------------------------------------------

def _whole_months(start: date, end: date) -> int | None:
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return None
    after = end + timedelta(days=1)
    return (after.year - start.year) * 12 + after.month - start.month


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before: whole months stay whole months (April to
    March a year earlier, leap years or not); otherwise the same number of days."""
    months = _whole_months(start, end)
    if months:
        return start - relativedelta(months=months), start - timedelta(days=1)
    length = end - start
    prev_end = start - timedelta(days=1)
    return prev_end - length, prev_end


def percents(figs: dict[str, Any], prefix: str = "") -> dict[str, float | None]:
    """Every percentage in a figures dict by its dotted path ("in_timescale", "rag.preparation.G")."""
    out: dict[str, float | None] = {}
    for key, value in figs.items():
        if not isinstance(value, dict):
            continue
        path = f"{prefix}{key}"
        if "percent" in value and "count" in value:
            out[path] = value["percent"]
        else:
            out.update(percents(value, path + "."))
    return out


def compare(now: dict[str, Any], before: dict[str, Any]) -> dict[str, float | None]:
    """The change of each percentage since ``before``, in percentage points (None where either
    period had nothing to count). Keys are dotted paths, as ``percents`` gives them."""
    old = percents(before)
    out = {}
    for path, value in percents(now).items():
        was = old.get(path)
        out[path] = None if value is None or was is None else round(value - was, 1)
    return out


__all__ = ["compute", "figures", "previous_period", "compare", "percents", "percent"]
