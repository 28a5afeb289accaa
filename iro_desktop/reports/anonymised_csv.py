"""The period's figures as an anonymised CSV: counts only, one row per figure, for a council's
published statistics or its own performance report.

The rows are ``figure, category, count, total, percent``. There is nothing about a child in the
figures dict (no names, no ids, no free text); the caseload's areas name places, and an area
with fewer than ``SMALL`` children is left out when suppression is on.

"Suppress counts under 5" works as published statistics do:

* primary suppression: a count from 1 to 4 becomes ``MARKER``, and so does its percentage (a
  percentage and its total give the count back). Zeros are shown: a zero reveals no child.
* a rate's count is also suppressed when what it leaves out (total − count) is from 1 to 4
  ("116 of 120 in time" says 4 were late), and its total when the total itself is under 5.
* secondary suppression: where a group's counts add up to a total the file also gives (the
  participation codes to the reviews held, each rating group to its reviews, the stages and the
  themes to the escalations raised), one hidden count could be worked out by subtraction. So
  more counts are hidden, smallest first, until the hidden ones together come to ``SMALL`` or
  more and there are at least two of them.

Not guarded against: working a count out from figures in different groups (the codes PN1–PN6
against the "took part" rate, say), or from two periods' files. Published tables that need that
are the council's statisticians' to check.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from iro_desktop.errors import IroError
from iro_desktop.files import atomic_write_bytes
from iro_desktop.reports.charts import KPI_ORDER, PN_CODES

SMALL = 5
MARKER = "[c]"  # the Government Statistical Service's mark for a value withheld as confidential
HEADER = ("figure", "category", "count", "total", "percent")
AUDIT_ACTION = "output.save.anonymised_csv"

RATES = KPI_ORDER  # the rate figures: {"count", "total", "percent"} at the top of the dict


@dataclass
class Cell:
    """One row of the file before it is written: its count, total and percent may be hidden."""

    figure: str
    category: str
    count: int | None
    total: int | None = None
    percent: float | None = None
    hide_count: bool = False
    hide_total: bool = False

    def values(self) -> tuple[str, str, str, str, str]:
        def shown(value: Any, hidden: bool) -> str:
            if hidden:
                return MARKER
            return "" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value))

        return (self.figure, self.category, shown(self.count, self.hide_count),
                shown(self.total, self.hide_total),
                shown(self.percent, self.hide_count or (self.hide_total and self.percent is not None)))


def _small(n: int | None) -> bool:
    return n is not None and 0 < n < SMALL


def _percent(count: int, total: int) -> float | None:
    return None if total == 0 else round(100 * count / total, 1)


def _group(figure: str, counts: Iterable[tuple[str, int]], total: int) -> list[Cell]:
    return [Cell(figure, key, n, total, _percent(n, total)) for key, n in counts]


def cells(figures: Mapping[str, Any]) -> tuple[list[Cell], list[list[Cell]]]:
    """Every row of the file, and the groups whose counts add up to a total the file gives."""
    held = figures["reviews_held"]
    rows = [Cell("reviews_held", "", held), Cell("pathway_reviews_held", "", figures["pathway_reviews_held"])]
    groups: list[list[Cell]] = []
    for name in RATES:
        r = figures[name]
        rows.append(Cell(name, "", r["count"], r["total"], r["percent"]))
    participation = _group("participation", [(c, figures["participation"][c]["count"]) for c in PN_CODES]
                           + [("no_code", figures.get("participation_no_code", 0))], held)
    rows += participation
    groups.append(participation)
    for name, rated in figures["rag"].items():
        counts = [(k, rated[k]["count"]) for k in ("G", "A", "R")] + [("not_rated", rated["not_rated"])]
        group = _group(f"rag.{name}", counts, sum(n for _, n in counts))
        rows += group
        groups.append(group)
    esc = figures["escalations"]
    raised = esc["raised"]
    rows.append(Cell("escalations.raised", "", raised))
    for name in ("by_stage_reached", "by_theme", "by_partner_agency", "by_outcome"):
        group = _group(f"escalations.{name}", sorted(esc[name].items()), raised)
        rows += group
        # Outcomes may add up to the escalations resolved rather than to those raised.
        if sum(c.count or 0 for c in group) in (raised, esc["resolved"] if name == "by_outcome" else raised):
            groups.append(group)
    rows.append(Cell("escalations.referred_to_cafcass", "", esc["referred_to_cafcass"], raised,
                     _percent(esc["referred_to_cafcass"], raised)))
    rows.append(Cell("escalations.resolved", "", esc["resolved"], raised, _percent(esc["resolved"], raised)))
    within = esc["resolved_within_20_working_days"]
    rows.append(Cell("escalations.resolved_within_20_working_days", "", within["count"], within["total"],
                     within["percent"]))
    gp = figures["good_practice"]
    rows.append(Cell("good_practice", "", gp["count"]))
    about = _group("good_practice.by_about", sorted(gp["by_about"].items()), gp["count"])
    rows += about
    if sum(c.count or 0 for c in about) == gp["count"]:
        groups.append(about)
    caseload = figures["caseload"]
    children = caseload["children"]
    rows.append(Cell("caseload.children", "", children))
    out = caseload["placed_out_of_area"]
    rows.append(Cell("caseload.placed_out_of_area", "", out["count"], out["total"], out["percent"]))
    areas = _group("caseload.areas", sorted(caseload["areas"].items()), children)
    rows += areas
    if sum(c.count or 0 for c in areas) == children:
        groups.append(areas)
    bands = caseload.get("by_distance", {})  # none in figures made before distances were counted
    distance = _group("caseload.by_distance", bands.items(), sum(bands.values()))
    rows += distance
    if distance:
        groups.append(distance)
    return rows, groups


# Rows whose count is a part of their total, so that the rest (total - count) is a count too.
_PARTS = RATES + ("caseload.placed_out_of_area", "escalations.resolved_within_20_working_days",
                  "escalations.referred_to_cafcass", "escalations.resolved")


def _suppress(rows: list[Cell], groups: list[list[Cell]]) -> None:
    for cell in rows:
        if _small(cell.count):
            cell.hide_count = True
        if _small(cell.total):
            cell.hide_total = True
        if cell.figure in _PARTS and cell.total is not None and cell.count is not None \
                and _small(cell.total - cell.count):
            cell.hide_count = True  # the count would give away the few it leaves out
    for group in groups:
        hidden = [c for c in group if c.hide_count]
        if hidden:
            shown = sorted((c for c in group if not c.hide_count), key=lambda c: (c.count or 0, c.category))
            while shown and (len(hidden) < 2 or sum(c.count or 0 for c in hidden) < SMALL):
                cell = shown.pop(0)
                cell.hide_count = True
                hidden.append(cell)
    # The escalations resolved are the total of those resolved within 20 working days.
    by_name = {c.figure: c for c in rows if c.category == ""}
    resolved, within = by_name["escalations.resolved"], by_name["escalations.resolved_within_20_working_days"]
    if resolved.hide_count or within.hide_total:
        resolved.hide_count = within.hide_total = True


def rows(figures: Mapping[str, Any], *, suppress: bool) -> list[tuple[str, str, str, str, str]]:
    """The file's rows (after its header), each as the five strings written."""
    cells_, groups = cells(figures)
    if suppress:
        # Areas with fewer than SMALL children are left out, not marked: an area's name beside
        # a small count can point at a child.
        small_areas = [c for c in cells_ if c.figure == "caseload.areas" and c.count is not None and c.count < SMALL]
        _suppress(cells_, groups)
        cells_ = [c for c in cells_ if not (c.figure == "caseload.areas" and (c in small_areas or c.hide_count))]
    period = figures["period"]
    head = [("period", f"{period['from']}/{period['to']}", "", "", ""),
            ("suppressed_under_5", "yes" if suppress else "no", "", "", "")]
    return head + [c.values() for c in cells_]


def csv_bytes(figures: Mapping[str, Any], *, suppress: bool) -> bytes:
    """The whole file, UTF-8 with a byte-order mark (so spreadsheet programs read it as such)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(figures, suppress=suppress))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def period_id(figures: Mapping[str, Any]) -> str:
    """What the audit log names the report by: its period, never anyone in it."""
    return f"{figures['period']['from']}..{figures['period']['to']}"


def save_csv(vault, path: str | Path, figures: Mapping[str, Any], *, suppress: bool) -> int:
    """Write the file atomically and record it in the audit log; returns the number of rows.
    If the file cannot be written nothing is recorded."""
    data = csv_bytes(figures, suppress=suppress)
    with vault.transaction() as tx:
        tx.audit(AUDIT_ACTION, "report", period_id(figures))
        try:
            atomic_write_bytes(Path(path), data, mode=0o600)
        except OSError as exc:
            raise IroError(f"The CSV file could not be saved to {path}: {exc.strerror or exc}. "
                           "Nothing was written.") from exc
    return data.count(b"\r\n") - 1
