"""The report's charts, made from a figures dict (``kpis.compute``), each with the table of the
same numbers: the screen shows the table beside the chart (what a screen reader reads), and the
printed summary prints both.

The charts are ``matplotlib.figure.Figure`` objects made directly, never through pyplot, whose
global state is not safe beside a GUI: the screen puts a figure on its Qt canvas, the summary
PDF renders the same figure to PNG with Agg. matplotlib takes a noticeable part of a second to
import, so it is imported only when a chart is made; the tables need none of it.

The quality ratings never rely on colour alone: each rating has a pattern of its own, and its
letter and count are written on the bar where the bar is wide enough to hold them (the table
beside it always has them).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from iro_desktop.places import placement
from iro_desktop.reports.table import RATE_LABELS, Row
from iro_desktop.reviews.codes import PARTICIPATION

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PN_CODES = tuple(PARTICIPATION)  # PN0 to PN7, the DfE's participation codes
NO_CODE = "no_code"

# The rate figures ({"count", "total", "percent"}), in the order annual reports give them, in
# the words the command line's table uses, so the screen, the summary and ``kpis`` agree.
KPI_ORDER = ("in_timescale", "first_reviews_in_timescale", "participated_4plus", "attended_4plus", "seen_alone",
             "up_to_date_at_end", "decisions_in_time", "records_in_time", "midway_completed",
             "health_assessment_up_to_date", "pep_up_to_date", "permanence_plan_by_second_review",
             "parent_participated", "advocate_offered", "advocate_involved", "rearranged")
KPI_LABELS: Mapping[str, str] = {key: RATE_LABELS[key] for key in KPI_ORDER}
RAG_KEYS = ("G", "A", "R")
RAG_WORDS = {"G": "Green", "A": "Amber", "R": "Red"}
RAG_GROUPS = {"care_planning": "Care planning", "preparation": "Preparation for the review"}
# Colour-blind-safe colours, each with its own pattern, and the letter printed on the bar.
RAG_STYLE = {"G": ("#1B7F3B", ""), "A": ("#E0A100", "//"), "R": ("#B3261E", "xx")}
BAR = "#1F5F99"
BAR_BEFORE = "#A9C6E0"
ESCALATION_GROUPS = {"by_stage_reached": "Stage reached", "by_theme": "Theme",
                     "by_partner_agency": "Partner agency", "by_outcome": "Outcome"}


@dataclass
class Chart:
    key: str
    title: str
    figure: "Figure | None"
    rows: list[Row]
    compares: bool = False  # the table has the previous period's column
    heading: str = "Figure"  # what the table's first column holds


# ---- words ---------------------------------------------------------------------------------

def percent_text(percent: float | None) -> str:
    return "–" if percent is None else f"{percent:.1f}%"


def comparison_words(now: float | None, before: float | None) -> str:
    """"up from 87.0%", "down from 90.0%", "no change from 85.0%", or nothing to compare."""
    if before is None:
        return "no figure for the previous period"
    if now is None:
        return f"none this period (was {percent_text(before)})"
    if now > before:
        return f"up from {percent_text(before)}"
    if now < before:
        return f"down from {percent_text(before)}"
    return f"no change from {percent_text(before)}"


def key_label(group: str, key: str) -> str:
    """The words for a stable key of an escalation or good-practice count."""
    from iro_desktop.escalations import codes

    tables: dict[str, Mapping[str, str]] = {"by_theme": codes.THEMES, "by_partner_agency": codes.AGENCIES,
                                            "by_outcome": codes.OUTCOMES, "by_about": codes.ABOUT}
    label = tables.get(group, {}).get(key)
    if label is not None:
        return label
    if key == codes.CAFCASS_STAGE:
        return "Referred to Cafcass"
    # A council's own stage keys ("stage_1", "informal"): their words are the key's.
    return key.replace("_", " ").capitalize()


def participation_label(code: str) -> str:
    return f"{code}: {PARTICIPATION[code]}" if code in PARTICIPATION else "No code recorded"


def _share_percent(count: int, of: int) -> float | None:
    return None if of == 0 else round(100 * count / of, 1)


def period_words(figures: Mapping[str, Any]) -> str:
    from datetime import date

    from iro_desktop.reviews.recommendations import long_date

    period = figures["period"]
    return f"{long_date(date.fromisoformat(period['from']))} to {long_date(date.fromisoformat(period['to']))}"


# ---- tables ----------------------------------------------------------------------------------

def participation_rows(figures: Mapping[str, Any]) -> list[Row]:
    held = figures["reviews_held"]
    rows = [Row(participation_label(code), figures["participation"][code]["count"],
                figures["participation"][code]["percent"], held) for code in PN_CODES]
    no_code = figures.get("participation_no_code", 0)
    if no_code:
        rows.append(Row(participation_label(NO_CODE), no_code, _share_percent(no_code, held), held))
    return rows


def kpi_rows(figures: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> list[Row]:
    rows = []
    for key, label in KPI_LABELS.items():
        figure = figures[key]
        before = previous[key]["percent"] if previous is not None else None
        rows.append(Row(label, figure["count"], figure["percent"], figure["total"], before,
                        comparison_words(figure["percent"], before) if previous is not None else ""))
    return rows


def rag_rows(figures: Mapping[str, Any]) -> list[Row]:
    rows = []
    for group, title in RAG_GROUPS.items():
        rated = figures["rag"][group]
        total = sum(rated[k]["count"] for k in RAG_KEYS) + rated["not_rated"]
        for k in RAG_KEYS:
            rows.append(Row(f"{title}: {RAG_WORDS[k]}", rated[k]["count"], rated[k]["percent"], total))
        rows.append(Row(f"{title}: not rated", rated["not_rated"], _share_percent(rated["not_rated"], total), total))
    return rows


def escalation_rows(figures: Mapping[str, Any]) -> list[Row]:
    esc = figures["escalations"]
    raised = esc["raised"]
    rows = [Row("Escalations raised", raised, None)]
    for group, title in ESCALATION_GROUPS.items():
        for key, count in esc[group].items():
            rows.append(Row(f"{title}: {key_label(group, key)}", count, _share_percent(count, raised), raised))
    rows.append(Row("Referred to Cafcass", esc["referred_to_cafcass"],
                    _share_percent(esc["referred_to_cafcass"], raised), raised))
    rows.append(Row("Resolved", esc["resolved"], _share_percent(esc["resolved"], raised), raised))
    within = esc["resolved_within_20_working_days"]
    rows.append(Row("Resolved within 20 working days (of those resolved)", within["count"], within["percent"],
                    within["total"]))
    return rows


def headline_rows(figures: Mapping[str, Any]) -> list[Row]:
    """Reviews held, the caseload and good practice: the counts without a chart of their own."""
    caseload = figures["caseload"]
    out_of_area = caseload["placed_out_of_area"]
    gp = figures["good_practice"]
    rows = [Row("Reviews held", figures["reviews_held"], None),
            Row("Pathway plan reviews of care leavers", figures["pathway_reviews_held"], None),
            Row("Children on the caseload", caseload["children"], None),
            Row("Children placed out of area", out_of_area["count"], out_of_area["percent"], out_of_area["total"]),
            Row("Good-practice notifications", gp["count"], None)]
    rows += [Row(f"Good practice about: {key_label('by_about', k)}", n, _share_percent(n, gp["count"]), gp["count"])
             for k, n in gp["by_about"].items()]
    return rows


def area_rows(figures: Mapping[str, Any]) -> list[Row]:
    caseload = figures["caseload"]
    return [Row(area, n, _share_percent(n, caseload["children"]), caseload["children"])
            for area, n in sorted(caseload["areas"].items(), key=lambda item: (-item[1], item[0]))]


def distance_rows(figures: Mapping[str, Any]) -> list[Row]:
    """Children with a current placement by miles from the base (``placement.DISTANCE_BANDS``);
    none for figures made before the distances were counted."""
    bands = figures["caseload"].get("by_distance", {})
    total = sum(bands.values())
    return [Row(placement.BAND_WORDS[key], n, _share_percent(n, total), total) for key, n in bands.items()]


# ---- charts ----------------------------------------------------------------------------------

def _figure(width: float, height: float) -> "Figure":
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    figure.set_facecolor("white")
    return figure


def _style(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9)


def participation_chart(figures: Mapping[str, Any]) -> Chart:
    """How children took part: one bar per code (and the reviews with none), its count on it."""
    rows = participation_rows(figures)
    figure = _figure(6.4, 3.2)
    ax = figure.add_subplot()
    labels = [r.label.split(":")[0] if r.label[:2] == "PN" else "No code" for r in rows]
    counts = [r.count or 0 for r in rows]
    bars = ax.bar(labels, counts, color=BAR)
    ax.bar_label(bars, labels=[str(c) for c in counts], fontsize=8, padding=2)
    ax.set_ylabel("Reviews")
    ax.set_title("Participation by code", fontsize=11)
    _style(ax)
    return Chart("participation", "How children took part in their reviews", figure, rows, heading="Code")


def kpi_chart(figures: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> Chart:
    """Each rate as a bar, beside the previous period's where there is one."""
    rows = kpi_rows(figures, previous)
    figure = _figure(6.4, 5.6)
    ax = figure.add_subplot()
    n = len(rows)
    y = list(range(n))
    height = 0.38 if previous is not None else 0.6
    now = [r.percent or 0 for r in rows]
    ax.barh([i - (height / 2 if previous is not None else 0) for i in y], now, height, color=BAR,
            label=period_words(figures))
    if previous is not None:
        ax.barh([i + height / 2 for i in y], [r.previous or 0 for r in rows], height, color=BAR_BEFORE,
                hatch="..", edgecolor="#4A6A88", linewidth=0, label=period_words(previous))
        figure.legend(fontsize=8, loc="outside lower center", frameon=False)
    ax.set_yticks(y, [_short(r.label, 34) for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Per cent")
    ax.set_title("Key figures", fontsize=11)
    _style(ax)
    return Chart("kpis", "Key figures", figure, rows, compares=previous is not None)


def _short(label: str, width: int = 38) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def rag_chart(figures: Mapping[str, Any]) -> Chart:
    """Care planning and preparation ratings as stacked bars: colour, pattern and letter."""
    rows = rag_rows(figures)
    figure = _figure(6.4, 2.7)
    ax = figure.add_subplot()
    groups = list(RAG_GROUPS)
    left = [0.0] * len(groups)
    widest = max([sum(figures["rag"][g][k]["count"] for k in RAG_KEYS) for g in groups] + [1])
    for k in RAG_KEYS:
        counts = [figures["rag"][g][k]["count"] for g in groups]
        colour, hatch = RAG_STYLE[k]
        bars = ax.barh([RAG_GROUPS[g] for g in groups], counts, left=left, color=colour, hatch=hatch,
                       edgecolor="white", linewidth=0.8, label=RAG_WORDS[k])
        ax.bar_label(bars, labels=[f"{k} {c}" if c >= widest * 0.07 else "" for c in counts], label_type="center",
                     fontsize=8,
                     color="black" if k == "A" else "white", fontweight="bold")
        left = [a + b for a, b in zip(left, counts)]
    ax.invert_yaxis()
    ax.set_xlabel("Reviews rated")
    ax.legend(fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.35), frameon=False)
    ax.set_title("Quality ratings", fontsize=11)
    _style(ax)
    return Chart("rag", "Quality ratings at reviews", figure, rows, heading="Rating")


def escalation_chart(figures: Mapping[str, Any]) -> Chart:
    """Escalations by the stage they reached and by theme, side by side."""
    rows = escalation_rows(figures)
    esc = figures["escalations"]
    figure = _figure(6.4, 3.0)
    for i, group in enumerate(("by_stage_reached", "by_theme")):
        ax = figure.add_subplot(1, 2, i + 1)
        items = list(esc[group].items())
        labels = [_short(key_label(group, k), 24) for k, _ in items]
        counts = [n for _, n in items]
        bars = ax.barh(labels, counts, color=BAR if i == 0 else "#6B4C9A")
        ax.bar_label(bars, labels=[str(c) for c in counts], fontsize=8, padding=2)
        ax.invert_yaxis()
        ax.set_title(f"By {ESCALATION_GROUPS[group].lower()}", fontsize=10)
        ax.tick_params(axis="y", labelsize=8)
        if not items:
            ax.text(0.5, 0.5, "None", ha="center", va="center", transform=ax.transAxes)
        _style(ax)
    figure.suptitle(f"Escalations raised: {esc['raised']}", fontsize=11)
    return Chart("escalations", "Escalations (dispute resolution)", figure, rows, heading="Escalations")


def all_charts(figures: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> list[Chart]:
    """Every chart, in the order the screen and the summary show them."""
    return [kpi_chart(figures, previous), participation_chart(figures), rag_chart(figures),
            escalation_chart(figures)]


def png(figure: "Figure", dpi: int = 150) -> bytes:
    """The figure as PNG bytes, drawn in memory by Agg (whatever canvas shows it on screen)."""
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return out.getvalue()
