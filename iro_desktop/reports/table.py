"""The figures as a plain text table for the command line: each figure with its counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from iro_desktop.places.placement import BAND_WORDS
from iro_desktop.preparation.model import RETURNED_HOW, ROLES
from iro_desktop.reports.rates import percent
from iro_desktop.reviews import codes

try:  # the escalation tracker's wording for its keys; without it, the keys themselves
    from iro_desktop.escalations import codes as escalation_codes
except ImportError:  # pragma: no cover
    escalation_codes = None

RATE_LABELS = {
    "in_timescale": "Reviews held within timescale",
    "first_reviews_in_timescale": "First reviews within 20 working days",
    "participated_4plus": "Children 4+ who took part (PN1-PN6)",
    "attended_4plus": "Children 4+ who attended",
    "up_to_date_at_end": "Children whose review was up to date at the end",
    "decisions_in_time": "Decisions circulated within the local deadline",
    "records_in_time": "Records distributed within the local deadline",
    "midway_completed": "Review intervals with a midway review",
    "health_assessment_up_to_date": "Health assessment up to date",
    "pep_up_to_date": "Personal education plan up to date",
    "permanence_plan_by_second_review": "Permanence plan by the second review",
    "parent_participated": "A parent took part",
    "advocate_offered": "Advocate offered",
    "advocate_involved": "Advocate involved",
    "rearranged": "Reviews rearranged",
    "seen_alone": "Child seen alone before the review",
}
RAG_WORDS = {"G": "Green", "A": "Amber", "R": "Red"}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


@dataclass(frozen=True)
class Row:
    """One line of a chart's table: ``count`` of ``total`` (or of the group), ``percent`` of it;
    ``previous`` is the previous period's percent where the table compares."""

    label: str
    count: int | None
    percent: float | None
    total: int | None = None
    previous: float | None = None
    comparison: str = ""


CONSULTATION_LABELS = {
    "child_consulted_before": "Children consulted before their review",
    "partner_agency_returns": "Partner agencies' forms returned (school, health, others)",
    "rearranged": "Review meetings rearranged",
    "child_chose_to_chair": "Children who chose to chair part of their review",
    "child_set_agenda": "Children who chose to set its agenda",
    "child_chair_or_agenda": "Children who chose either",
}


def consultation_rows(figures: Mapping[str, Any]) -> list[Row]:
    """Consultation before reviews (``preparation.figures``): each rate, how the children's views
    came back, and the forms returned by role (the roles sent any); none for figures made before
    consultation was counted."""
    c = figures.get("consultation")
    if not c:
        return []
    rows = [Row(CONSULTATION_LABELS[key], c[key]["count"], c[key]["percent"], c[key]["total"])
            for key in ("child_consulted_before", "rearranged", "child_chose_to_chair", "child_set_agenda",
                        "child_chair_or_agenda", "partner_agency_returns")]
    before = c["child_consulted_before"]["count"]
    rows += [Row(f"Children's views back by: {RETURNED_HOW[how].lower()}", n, percent(n, before), before)
             for how, n in c["child_consulted_by_how"].items() if n]
    rows += [Row(f"Forms returned: {ROLES[role].lower()}", r["count"], r["percent"], r["total"])
             for role, r in c["returns_by_role"].items() if r["total"]]
    rows.append(Row("Review meetings moved (each move)", c["meetings_moved"], None))
    return rows


def _rate_line(label: str, r: dict[str, Any]) -> str:
    return f"  {label:<52} {r['count']:>6} of {r['total']:<6} {_pct(r['percent']):>7}"


def _share_line(label: str, s: dict[str, Any], of: int) -> str:
    return f"  {label:<52} {s['count']:>6} of {of:<6} {_pct(s['percent']):>7}"


def _counts(title: str, counts: dict[str, int], labels: dict[str, str] | None = None) -> list[str]:
    if not counts:
        return [f"  {title}: none"]
    return [f"  {title}:"] + [f"    {(labels or {}).get(k, k.replace('_', ' ')):<50} {n:>6}" for k, n in counts.items()]


def _labels(name: str) -> dict[str, str]:
    return dict(getattr(escalation_codes, name, {})) if escalation_codes else {}


def render(figs: dict[str, Any], title: str = "Figures") -> str:
    held = figs["reviews_held"]
    period = figs["period"]
    lines = [f"{title} for {period['from']} to {period['to']}", "",
             f"  {'Reviews held':<52} {held:>6}",
             f"  {'of which pathway plan reviews of care leavers':<52} {figs['pathway_reviews_held']:>6}", ""]
    lines += [_rate_line(RATE_LABELS[k], figs[k]) for k in ("in_timescale", "first_reviews_in_timescale")]
    lines += ["", "Participation (of all reviews held)"]
    lines += [f"  {c:<4} {s['count']:>6} of {held:<6} {_pct(s['percent']):>7}  {codes.PARTICIPATION[c]}"
              for c, s in figs["participation"].items()]
    lines.append(f"  {'No code recorded':<52} {figs['participation_no_code']:>6}")
    lines += [_rate_line(RATE_LABELS[k], figs[k]) for k in ("participated_4plus", "attended_4plus")]
    lines += ["", "Timescales and paperwork"]
    lines += [_rate_line(RATE_LABELS[k], figs[k]) for k in
              ("up_to_date_at_end", "decisions_in_time", "records_in_time", "midway_completed")]
    lines += ["", "Quality ratings (of all reviews held)"]
    for which, label in (("care_planning", "Care planning"), ("preparation", "Preparation")):
        ratings = figs["rag"][which]
        lines += [_share_line(f"{label}: {RAG_WORDS[x]}", ratings[x], held) for x in ("G", "A", "R")]
        lines.append(f"  {label + ': not rated':<52} {ratings['not_rated']:>6}")
    lines += ["", "Plans, people and meetings (of the reviews where it was recorded)"]
    lines += [_rate_line(RATE_LABELS[k], figs[k]) for k in
              ("health_assessment_up_to_date", "pep_up_to_date", "permanence_plan_by_second_review",
               "parent_participated", "advocate_offered", "advocate_involved", "rearranged", "seen_alone")]
    esc = figs["escalations"]
    lines += ["", "Escalations (dispute resolution)",
              f"  {'Raised':<52} {esc['raised']:>6}",
              f"  {'Referred to Cafcass':<52} {esc['referred_to_cafcass']:>6}",
              f"  {'Resolved':<52} {esc['resolved']:>6}",
              _rate_line("Resolved within 20 working days", esc["resolved_within_20_working_days"])]
    lines += _counts("By stage reached", esc["by_stage_reached"])
    lines += _counts("By theme", esc["by_theme"], _labels("THEMES"))
    lines += _counts("By partner agency", esc["by_partner_agency"], _labels("AGENCIES"))
    lines += _counts("By outcome", esc["by_outcome"], _labels("OUTCOMES"))
    gp = figs["good_practice"]
    lines += ["", f"  {'Good-practice notifications':<52} {gp['count']:>6}"]
    lines += _counts("About", gp["by_about"], _labels("ABOUT"))
    cl = figs["caseload"]
    lines += ["", "Caseload at the end of the period",
              f"  {'Children':<52} {cl['children']:>6}",
              _rate_line("Placed out of area", cl["placed_out_of_area"])]
    lines += _counts("Out-of-area placements by area", cl["areas"], {a: a for a in cl["areas"]})
    if figs.get("consultation"):  # not in figures made before consultation was counted
        lines += ["", "Consultation before reviews"]
        lines += [f"  {r.label:<52} {r.count:>6}" + (f" of {r.total:<6} {_pct(r.percent):>7}" if r.total is not None
                                                       else "") for r in consultation_rows(figs)]
    if "by_distance" in cl:  # not in figures made before distances were counted
        lines += _counts("Placements by straight-line distance from the base", cl["by_distance"], BAND_WORDS)
    return "\n".join(lines) + "\n"
