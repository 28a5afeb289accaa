"""The printable summary of a period's figures, in the shape councils' annual IRO reports use: a
title with the period, the headline counts, the key figures with a column comparing them with
the previous period, participation by code, the quality ratings, and escalations by stage and
theme, each table with the same chart the Reports screen shows (drawn to PNG in memory).

It holds counts only: no child's name, id or words is in the figures dict, and none is in the
PDF's metadata (no author either: the summary is the service's, and may be published). Areas
with fewer than ``SMALL`` children are counted together as "other areas", as the anonymised
CSV leaves them out.

Made in memory like every PDF of the app; only ``save_summary`` writes a file, and a save or a
print is recorded in the audit log by the report's period.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table

from iro_desktop.errors import IroError
from iro_desktop.files import atomic_write_bytes
from iro_desktop.printing.pdf import fonts
from iro_desktop.printing.pdf.common import (PAGE_WIDTH, PdfMeta, build_pdf, draw_ruled_footer, outlined, style,
                                             table_style, text_xml)
from iro_desktop.reports import charts
from iro_desktop.reports.anonymised_csv import SMALL, period_id
from iro_desktop.reports.table import consultation_rows
from iro_desktop.reviews.recommendations import long_date

FONT, BOLD = fonts.DEJAVU, fonts.bold(fonts.DEJAVU)  # as the professional record: a plain zero
INK = "#1A1A1A"
HEAD = "#1F3A5F"
RULE = "#B8BEC4"
SHADE = "#EEF1F4"
MARGIN = 48
TOP, BOTTOM = 50, 50
TITLE = "Independent Reviewing Officer service"
OUTPUT_KIND = "report_summary"
PRINT, SAVE = "print", "save"


def _styles() -> dict:
    return {
        "h1": style("sum-h1", BOLD, 18, leading=22, colour=HEAD),
        "h2": style("sum-h2", BOLD, 12.5, leading=16, colour=HEAD, spaceBefore=14, spaceAfter=6),
        "body": style("sum-body", FONT, 10, leading=13.5, colour=INK),
        "cell": style("sum-cell", FONT, 9, leading=11.5, colour=INK),
        "head": style("sum-headcell", BOLD, 9, leading=11.5, colour=INK),
        "num": style("sum-num", FONT, 9, leading=11.5, colour=INK, alignment=2),
    }


def _p(text: str, kind: str = "body") -> Paragraph:
    return Paragraph(text_xml(text), _styles()[kind])


def _h2(title: str) -> Flowable:
    return outlined(Paragraph(text_xml(title), _styles()["h2"]), title)


def _n(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _table(header: list[str], rows: list[list[str]], widths: list[float], numeric_from: int = 1) -> Table:
    body = [[_p(h, "head") for h in header]]
    body += [[_p(c, "cell" if i < numeric_from else "num") for i, c in enumerate(r)] for r in rows]
    t = Table(body, colWidths=widths, repeatRows=1)
    t.setStyle(table_style(("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (-1, 0), HexColor(SHADE)),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
                           ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 4)))
    return t


def _rows_table(rows: list[charts.Row], width: float, first: str = "Figure") -> Table:
    data = [[r.label, _n(r.count), "" if r.total is None else _n(r.total),
             "" if r.total is None and r.percent is None else charts.percent_text(r.percent)] for r in rows]
    return _table([first, "Count", "Of", "Per cent"], data, [width * 0.58, width * 0.14, width * 0.14, width * 0.14])


def _kpi_table(rows: list[charts.Row], width: float, compares: bool) -> Table:
    if not compares:
        return _rows_table(rows, width)
    data = [[r.label, _n(r.count), _n(r.total), charts.percent_text(r.percent), charts.percent_text(r.previous),
             r.comparison] for r in rows]
    widths = [width * 0.37, width * 0.09, width * 0.09, width * 0.1, width * 0.11, width * 0.24]
    return _table(["Figure", "Count", "Of", "Per cent", "Previous period", "Compared with the previous period"],
                  data, widths, numeric_from=1)


def _chart_image(chart: charts.Chart, width: float) -> Image:
    data = charts.png(chart.figure, dpi=150)
    w_in, h_in = chart.figure.get_size_inches()
    image = Image(io.BytesIO(data), width=width, height=width * h_in / w_in)
    return image


def _areas(figures: Mapping[str, Any]) -> list[charts.Row]:
    rows = charts.area_rows(figures)
    shown = [r for r in rows if (r.count or 0) >= SMALL]
    others = [r for r in rows if (r.count or 0) < SMALL]
    if others:
        n = sum(r.count or 0 for r in others)
        children = figures["caseload"]["children"]
        shown.append(charts.Row(f"Other areas (each with fewer than {SMALL} children)", n,
                                None if not children else round(100 * n / children, 1), children))
    return shown


def render_summary(figures: Mapping[str, Any], previous: Mapping[str, Any] | None = None, *,
                   council: str = "", made_on: date | None = None, team_files: int | None = None) -> bytes:
    """The summary as PDF bytes. ``previous`` is the previous period's figures, for the
    comparison column; ``council`` the council's name for the heading (no person's);
    ``team_files`` the number of IROs' figures files merged, for a team's summary."""
    width = PAGE_WIDTH - 2 * MARGIN
    made_on = made_on or date.today()
    period = charts.period_words(figures)
    kpi, participation, rag, escalations = charts.all_charts(figures, previous)
    source = "the reviews recorded in IRO Desktop" if team_files is None else \
        f"a team's figures files ({team_files}, one for each IRO, with their counts added)"
    intro = (f"Figures from {source}, made on {long_date(made_on)}. Counts only: no child is named or "
             "identified. Percentages are worked out from the counts, to one decimal place.")
    if previous is not None:
        intro += f" The previous period is {charts.period_words(previous)}."
    heading = f"{council}: {TITLE}" if council else TITLE
    story: list[Flowable] = [
        outlined(_p(heading, "h1"), TITLE),
        _p(f"Figures for {period}", "h2"),
        _p(intro),
        Spacer(1, 4),
        _h2("The period at a glance"),
        _rows_table(charts.headline_rows(figures), width),
        _h2("Key figures"),
        _kpi_table(kpi.rows, width, kpi.compares),
        Spacer(1, 8),
        KeepTogether([_chart_image(kpi, width * 0.8)]),
        _h2("Participation by code"),
        _p("How children took part in their reviews, by the DfE's participation codes (the SSDA903 return), "
           "as a share of all reviews held."),
        Spacer(1, 4),
        _rows_table(participation.rows, width, participation.heading),
        Spacer(1, 8),
        KeepTogether([_chart_image(participation, width * 0.8)]),
        _h2("Quality ratings"),
        _p("The IRO's ratings at each review of the care planning and of the preparation for the review."),
        Spacer(1, 4),
        _rows_table(rag.rows, width, rag.heading),
        Spacer(1, 8),
        KeepTogether([_chart_image(rag, width * 0.8)]),
        _h2("Escalations (dispute resolution)"),
        _rows_table(escalations.rows, width, escalations.heading),
        Spacer(1, 8),
        KeepTogether([_chart_image(escalations, width * 0.8)]),
        _h2("Where children live"),
        _rows_table(_areas(figures), width, "Area"),
        Spacer(1, 8),
        _rows_table(charts.distance_rows(figures), width, "Straight-line distance from the base"),
        *([_h2("Before the review: consultation"), _rows_table(consultation, width, "Consultation")]
          if (consultation := consultation_rows(figures)) else []),
    ]
    footer_text = f"{TITLE}: figures for {period}"

    def footer(canv, doc) -> None:
        canv.saveState()
        draw_ruled_footer(canv, footer_text, margin=MARGIN, font=FONT, ink=INK, rule=RULE)
        canv.restoreState()

    meta = PdfMeta(title=f"{TITLE}: figures for {period}", author="",
                   subject="Annual report figures: reviews, participation, quality and escalations",
                   keywords="IRO annual report; counts only")
    return build_pdf(story, meta, margins=(MARGIN, MARGIN, TOP, BOTTOM), on_page_end=footer, initial_font=FONT)


def suggested_file_name(figures: Mapping[str, Any], extension: str = "pdf") -> str:
    period = figures["period"]
    return f"IRO figures {period['from']} to {period['to']}.{extension}"


def record_output(vault, kind: str, figures: Mapping[str, Any]) -> None:
    """Record in the audit log that the summary was printed (or saved), by its period."""
    if kind not in (PRINT, SAVE):
        raise IroError(f"'{kind}' is not a way the summary leaves the app; use print or save.")
    with vault.transaction() as tx:
        tx.audit(f"output.{kind}.{OUTPUT_KIND}", "report", period_id(figures))


def save_summary(vault, path: str | Path, pdf: bytes, figures: Mapping[str, Any]) -> None:
    """Write ``pdf`` to ``path`` atomically and record the save; nothing is recorded if the
    file cannot be written."""
    with vault.transaction() as tx:
        tx.audit(f"output.{SAVE}.{OUTPUT_KIND}", "report", period_id(figures))
        try:
            atomic_write_bytes(Path(path), pdf, mode=0o600)
        except OSError as exc:
            raise IroError(f"The PDF could not be saved to {path}: {exc.strerror or exc}. "
                           "Nothing was written.") from exc
