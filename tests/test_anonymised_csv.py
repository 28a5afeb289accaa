"""The anonymised CSV: counts only, one row per figure, and "suppress counts under 5" leaving no
small count in sight or recoverable by subtraction inside a group whose total the file gives."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings, strategies as st

from iro_desktop.errors import IroError
from iro_desktop.reports import anonymised_csv
from iro_desktop.reports.anonymised_csv import MARKER, SMALL
from tests.support.report_figures import PN_CODES, make_figures


def _read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _by(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["figure"], r["category"]): r for r in rows}


def test_without_suppression_every_figure_is_a_row_of_its_counts():
    figures = make_figures()
    rows = _read(anonymised_csv.csv_bytes(figures, suppress=False))
    assert list(rows[0]) == ["figure", "category", "count", "total", "percent"]
    got = _by(rows)
    assert got[("period", "2025-04-01/2026-03-31")]["count"] == ""
    assert got[("suppressed_under_5", "no")]
    assert got[("reviews_held", "")]["count"] == "120"
    assert [got[("in_timescale", "")][k] for k in ("count", "total", "percent")] == ["104", "120", "86.7"]
    assert [got[("participation", "PN4")][k] for k in ("count", "total", "percent")] == ["3", "120", "2.5"]
    assert got[("participation", "no_code")]["count"] == "2"
    assert got[("rag.care_planning", "R")]["count"] == "4"
    assert got[("escalations.by_theme", "drift_and_delay")]["count"] == "5"
    assert got[("caseload.areas", "Westvale")]["count"] == "3"
    assert not any(MARKER in v for r in rows for v in r.values())
    # Each rate figure once, each participation code once.
    assert sum(1 for r in rows if r["figure"] == "participation") == len(PN_CODES) + 1
    assert len(rows) == len(got)


def test_suppression_hides_small_counts_their_percentages_and_small_areas():
    figures = make_figures()
    got = _by(_read(anonymised_csv.csv_bytes(figures, suppress=True)))
    assert got[("suppressed_under_5", "yes")]
    pn4 = got[("participation", "PN4")]
    assert (pn4["count"], pn4["total"], pn4["percent"]) == (MARKER, "120", MARKER)
    # 17 of 20 first reviews in time: the 3 that were not would be recoverable.
    assert got[("first_reviews_in_timescale", "")]["count"] == MARKER
    assert got[("first_reviews_in_timescale", "")]["total"] == "20"
    assert got[("in_timescale", "")]["count"] == "104"
    assert got[("escalations.referred_to_cafcass", "")]["count"] == "0"  # a zero reveals no child
    # Westvale (3 children) is left out, and Eastborough (9) with it: 52 children less
    # Northshire's 40 would otherwise give Westvale's 3 back.
    areas = [k for k in got if k[0] == "caseload.areas"]
    assert areas == [("caseload.areas", "Northshire")]


def _visible_small_counts(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    found = []
    for r in rows:
        for field in ("count", "total"):
            if r[field] not in ("", MARKER) and 0 < int(r[field]) < SMALL:
                found.append((r["figure"], r["category"]))
    return found


def _recoverable(rows: list[dict[str, str]], groups: dict[str, int | None]) -> list[str]:
    """Groups (figure name -> the total the file gives for them, None for the one in the file's
    total column) where the hidden counts can be worked out: a single hidden count, or hidden
    counts adding up to under SMALL."""
    leaks = []
    for figure, total in groups.items():
        members = [r for r in rows if r["figure"] == figure]
        hidden = [r for r in members if r["count"] == MARKER]
        if total is None:
            given_totals = {r["total"] for r in members} - {MARKER}
            if not given_totals:
                continue  # the file gives no total for them
            total = int(given_totals.pop())
        if not hidden:
            continue
        rest = total - sum(int(r["count"]) for r in members if r["count"] != MARKER)
        if len(hidden) == 1 or rest < SMALL:
            leaks.append(figure)
    return leaks


counts = st.integers(0, 12)


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=8, max_size=8), counts, st.lists(counts, min_size=4, max_size=4),
       st.dictionaries(st.sampled_from(["informal", "stage_1", "stage_2", "stage_3"]), st.integers(1, 9)))
def test_no_small_count_is_shown_or_recoverable_within_its_group(pn, no_code, rag, stages):
    figures = make_figures(participation=dict(zip(PN_CODES, pn)), no_code=no_code, rag_cp=tuple(rag),
                           stages=stages, themes={"drift_and_delay": sum(stages.values())})
    rows = _read(anonymised_csv.csv_bytes(figures, suppress=True))
    assert _visible_small_counts(rows) == []
    assert all(r["percent"] == MARKER for r in rows if r["count"] == MARKER)
    got = _by(rows)
    held = got[("reviews_held", "")]["count"]
    groups: dict[str, int | None] = {"rag.care_planning": None, "escalations.by_stage_reached": None,
                                     "participation": None}
    if held != MARKER:
        groups["participation"] = int(held)
    assert _recoverable(rows, groups) == []


def test_the_recoverability_check_finds_a_count_hidden_alone():
    """What the property test above would catch: primary suppression only (one hidden count, PN4's
    3, is the reviews held less the others)."""
    figures = make_figures(no_code=0)
    rows = _read(anonymised_csv.csv_bytes(figures, suppress=False))
    for r in rows:
        if r["figure"] == "participation" and r["count"] not in ("", MARKER) and 0 < int(r["count"]) < SMALL:
            r["count"] = MARKER
    assert _recoverable(rows, {"participation": 118}) == ["participation"]
    suppressed = _read(anonymised_csv.csv_bytes(figures, suppress=True))
    assert _recoverable(suppressed, {"participation": 118}) == []


def test_a_rate_whose_total_is_small_hides_its_total_too():
    got = _by(_read(anonymised_csv.csv_bytes(make_figures(permanence_plan_by_second_review=(2, 3)), suppress=True)))
    row = got[("permanence_plan_by_second_review", "")]
    assert (row["count"], row["total"], row["percent"]) == (MARKER, MARKER, MARKER)


def test_the_resolved_escalations_are_not_given_away_by_the_20_day_figure():
    # 8 of 10 resolved: the 2 unresolved are hidden, so the 20-day figure's total (8) is too.
    got = _by(_read(anonymised_csv.csv_bytes(make_figures(), suppress=True)))
    assert got[("escalations.resolved", "")]["count"] == MARKER
    assert got[("escalations.resolved_within_20_working_days", "")]["total"] == MARKER


def _audit(vault) -> list[tuple]:
    with vault.read() as db:
        return db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()


def test_saving_writes_the_file_and_records_it_by_period(vault, tmp_path):
    path = tmp_path / "figures.csv"
    figures = make_figures()
    n = anonymised_csv.save_csv(vault, path, figures, suppress=True)
    assert path.read_bytes() == anonymised_csv.csv_bytes(figures, suppress=True)
    assert n == len(_read(path.read_bytes()))
    assert _audit(vault)[-1] == ("output.save.anonymised_csv", "report", "2025-04-01..2026-03-31")


def test_a_file_that_cannot_be_written_is_not_recorded(vault, tmp_path):
    before = _audit(vault)
    with pytest.raises(IroError, match="(?i)nothing was written"):
        anonymised_csv.save_csv(vault, tmp_path / "missing" / "figures.csv", make_figures(), suppress=False)
    assert _audit(vault) == before
    assert not (tmp_path / "missing").exists()
