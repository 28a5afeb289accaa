"""Hand-made figures dicts in the exact shape ``iro_desktop.reports.kpis.compute`` returns (see the
interfaces of issue 12), so the charts, the summary PDF, the anonymised CSV and the Reports
screen can be tested with known numbers, whatever the vault holds."""

from __future__ import annotations

import copy
from typing import Any

from iro_desktop.preparation.model import ROLES

PN_CODES = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")


def rate(count: int, total: int) -> dict[str, Any]:
    return {"count": count, "total": total, "percent": None if total == 0 else round(100 * count / total, 1)}


def share(count: int, of: int) -> dict[str, Any]:
    return {"count": count, "percent": None if of == 0 else round(100 * count / of, 1)}


# A year of 120 reviews: PN counts sum to 118, with 2 reviews left without a code.
PARTICIPATION = {"PN0": 12, "PN1": 50, "PN2": 8, "PN3": 6, "PN4": 3, "PN5": 10, "PN6": 22, "PN7": 7}


# Forms returned of those sent, by role (school, health and partner agencies add up to 35 of 110).
RETURNS = {"child": (95, 110), "parent": (30, 60), "carer": (70, 80), "social_worker": (40, 90),
           "school": (20, 50), "health": (10, 40), "partner_agency": (5, 20)}


def make_figures(*, start: str = "2025-04-01", end: str = "2026-03-31", participation: dict[str, int] | None = None,
                 no_code: int = 2, rag_cp: tuple[int, int, int, int] = (70, 30, 4, 16),
                 rag_prep: tuple[int, int, int, int] = (60, 40, 12, 8),
                 stages: dict[str, int] | None = None, themes: dict[str, int] | None = None,
                 areas: dict[str, int] | None = None, **rates: tuple[int, int]) -> dict[str, Any]:
    """A complete figures dict. ``rates`` overrides any rate figure as ``name=(count, total)``;
    ``rag_*`` are (G, A, R, not rated)."""
    codes = dict(PARTICIPATION if participation is None else participation)
    held = sum(codes.values()) + no_code
    stages = {"informal": 6, "stage_1": 3, "stage_2": 1} if stages is None else stages
    themes = {"drift_and_delay": 5, "care_planning": 3, "family_time": 2} if themes is None else themes
    raised = sum(stages.values())
    areas = {"Northshire": 40, "Eastborough": 9, "Westvale": 3} if areas is None else areas

    def rag(g: int, a: int, r: int, none: int) -> dict[str, Any]:
        rated = g + a + r + none
        return {"G": share(g, rated), "A": share(a, rated), "R": share(r, rated), "not_rated": none}

    figures: dict[str, Any] = {
        "period": {"from": start, "to": end},
        "reviews_held": held,
        "pathway_reviews_held": 14,
        "in_timescale": rate(104, held),
        "first_reviews_in_timescale": rate(17, 20),
        "participation": {code: share(codes.get(code, 0), held) for code in PN_CODES},
        "participation_no_code": no_code,
        "participated_4plus": rate(96, 106),
        "attended_4plus": rate(70, 106),
        "up_to_date_at_end": rate(50, 52),
        "decisions_in_time": rate(100, held),
        "records_in_time": rate(91, held),
        "midway_completed": rate(80, 100),
        "rag": {"care_planning": rag(*rag_cp), "preparation": rag(*rag_prep)},
        "health_assessment_up_to_date": rate(88, 110),
        "pep_up_to_date": rate(70, 80),
        "permanence_plan_by_second_review": rate(9, 12),
        "parent_participated": rate(75, 115),
        "advocate_offered": rate(90, 106),
        "advocate_involved": rate(20, 106),
        "rearranged": rate(11, held),
        "seen_alone": rate(60, 100),
        "escalations": {"raised": raised, "by_stage_reached": stages, "by_theme": themes,
                        "by_partner_agency": {"health": 2, "education": 1},
                        "by_outcome": {"resolved": 7, "withdrawn": 1},
                        "referred_to_cafcass": 0, "resolved": 8, "resolved_within_20_working_days": rate(6, 8)},
        "good_practice": {"count": 9, "by_about": {"social_worker": 5, "team": 2, "carer": 2}},
        "caseload": {"children": sum(areas.values()), "placed_out_of_area": rate(12, sum(areas.values())),
                     "areas": areas,
                     "by_distance": {"under_20": 20, "20_to_49": 10, "50_plus": 8, "not_known": 2}},
        "consultation": {
            "child_consulted_before": rate(90, 120),
            "child_consulted_by_how": {"paper": 50, "email": 10, "phone": 10, "online": 15, "in_person": 5},
            "returns_by_role": {role: rate(*RETURNS.get(role, (0, 0))) for role in ROLES},
            "partner_agency_returns": rate(35, 110), "rearranged": rate(12, 100), "meetings_moved": 15,
            "child_chose_to_chair": rate(9, 95), "child_set_agenda": rate(20, 95),
            "child_chair_or_agenda": rate(24, 95)},
    }
    for name, (count, total) in rates.items():
        assert name in figures and "total" in figures[name], name
        figures[name] = rate(count, total)
    return copy.deepcopy(figures)


def previous_figures() -> dict[str, Any]:
    """The year before: a few rates differ, so the comparison says up, down and the same."""
    return make_figures(start="2024-04-01", end="2025-03-31", in_timescale=(87, 100), records_in_time=(95, 100),
                        midway_completed=(80, 100))
