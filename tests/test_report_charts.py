"""The report's charts and the tables beside them: the same numbers in both, read back from the
drawn bars; the ratings told apart by more than colour; matplotlib loaded only for a chart."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

from iro_desktop.reports import charts
from tests.support.report_figures import PN_CODES, make_figures, previous_figures

ROOT = Path(__file__).resolve().parents[1]


def _bar_heights(chart: charts.Chart, axis: int = 0, horizontal: bool = False) -> list[float]:
    ax = chart.figure.axes[axis]
    return [p.get_width() if horizontal else p.get_height() for p in ax.patches]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 400), min_size=8, max_size=8), st.integers(0, 30))
def test_the_participation_chart_and_its_table_show_the_same_counts(counts, no_code):
    figures = make_figures(participation=dict(zip(PN_CODES, counts)), no_code=no_code)
    chart = charts.participation_chart(figures)
    table = [r.count for r in chart.rows]
    assert table == counts + ([no_code] if no_code else [])
    assert _bar_heights(chart) == table
    held = figures["reviews_held"]
    assert sum(table) == held
    for row in chart.rows:
        assert row.total == held
        assert row.percent == (None if held == 0 else round(100 * row.count / held, 1))


def test_the_key_figures_compare_with_the_previous_period():
    chart = charts.kpi_chart(make_figures(), previous_figures())
    rows = {r.label: r for r in chart.rows}
    timescale = rows[charts.KPI_LABELS["in_timescale"]]
    assert (timescale.count, timescale.total, timescale.percent) == (104, 120, 86.7)
    assert timescale.previous == 87.0 and timescale.comparison == "down from 87.0%"
    assert rows[charts.KPI_LABELS["midway_completed"]].comparison == "no change from 80.0%"
    # Two bars per figure, this period's then the previous one's, each at its table's percent.
    heights = _bar_heights(chart, horizontal=True)
    n = len(chart.rows)
    assert heights[:n] == [r.percent for r in chart.rows]
    assert heights[n:] == [r.previous for r in chart.rows]
    alone = charts.kpi_chart(make_figures())
    assert not alone.compares and all(r.comparison == "" for r in alone.rows)
    assert len(_bar_heights(alone, horizontal=True)) == n


def test_comparison_words():
    assert charts.comparison_words(91.0, 87.0) == "up from 87.0%"
    assert charts.comparison_words(80.0, 87.0) == "down from 87.0%"
    assert charts.comparison_words(87.0, 87.0) == "no change from 87.0%"
    assert charts.comparison_words(87.0, None) == "no figure for the previous period"
    assert charts.comparison_words(None, 50.0) == "none this period (was 50.0%)"


def test_ratings_are_stacked_with_a_pattern_and_a_letter_each_not_colour_alone():
    figures = make_figures(rag_cp=(70, 30, 20, 0), rag_prep=(60, 40, 12, 8))
    chart = charts.rag_chart(figures)
    ax = chart.figure.axes[0]
    containers = ax.containers
    assert [c.get_label() for c in containers] == ["Green", "Amber", "Red"]
    hatches = [c.patches[0].get_hatch() or "" for c in containers]
    assert len(set(hatches)) == 3, hatches
    words = [t.get_text() for t in ax.texts]
    assert {"G 70", "A 30", "R 20", "G 60", "A 40", "R 12"} <= set(words)
    # Stacked: each segment starts where the one before ends.
    care = [c.patches[0] for c in containers]
    assert [p.get_x() for p in care] == [0, 70, 100]
    table = {r.label: (r.count, r.total, r.percent) for r in chart.rows}
    assert table["Care planning: Red"] == (20, 120, 16.7)
    assert table["Preparation for the review: not rated"] == (8, 120, 6.7)


def test_escalations_by_stage_and_theme_match_their_table():
    figures = make_figures(stages={"informal": 4, "stage_1": 2, "cafcass": 1},
                           themes={"drift_and_delay": 5, "education_pep": 2})
    chart = charts.escalation_chart(figures)
    assert _bar_heights(chart, 0, horizontal=True) == [4, 2, 1]
    assert _bar_heights(chart, 1, horizontal=True) == [5, 2]
    labels = [r.label for r in chart.rows]
    assert "Stage reached: Referred to Cafcass" in labels and "Theme: Education / PEP" in labels
    assert [t.get_text() for t in chart.figure.axes[1].get_yticklabels()] == ["Drift and delay", "Education / PEP"]
    assert chart.rows[0].count == 7


def test_a_chart_renders_to_png_in_memory():
    data = charts.png(charts.participation_chart(make_figures()).figure, dpi=50)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000


def test_matplotlib_is_loaded_only_when_a_chart_is_made_and_never_pyplot():
    code = ("import sys\n"
            "from iro_desktop.reports import charts\n"
            "from tests.support.report_figures import make_figures\n"
            "f = make_figures()\n"
            "rows = charts.kpi_rows(f) + charts.participation_rows(f)\n"
            "rows += charts.rag_rows(f) + charts.escalation_rows(f)\n"
            "before = any(m.startswith('matplotlib') for m in sys.modules)\n"
            "charts.png(charts.rag_chart(f).figure, dpi=30)\n"
            "print(before, 'matplotlib.figure' in sys.modules, 'matplotlib.pyplot' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "False"]


def test_the_text_report_says_where_children_live_and_consultation_before_reviews():
    from iro_desktop.reports import table

    text = table.render(make_figures())
    assert "Placements by straight-line distance from the base:" in text and "Under 20 miles" in text
    assert "Consultation before reviews" in text
    assert re.search(r"Children consulted before their review\s+90 of 120\s+75\.0%", text)
    old = make_figures()
    del old["consultation"], old["caseload"]["by_distance"]
    assert "Consultation before reviews" not in table.render(old)
