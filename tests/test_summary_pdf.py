"""The printable summary, read back from the PDF: the period, every key figure with its counts
and its comparison, participation by code, the ratings, the escalations, the charts as images,
and nothing naming anyone (in the pages or the metadata)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from iro_desktop.errors import IroError
from iro_desktop.reports import charts, summary_pdf
from tests.support.report_figures import make_figures, previous_figures


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return summary_pdf.render_summary(make_figures(), previous_figures(), council="Northshire")


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_summary_gives_the_period_and_every_key_figure_with_its_comparison(pdf):
    text = _text(pdf)
    assert "Northshire: Independent Reviewing Officer service" in text
    assert "Figures for 1 April 2025 to 31 March 2026" in text
    assert "The previous period is 1 April 2024 to 31 March 2025" in text
    for label in charts.KPI_LABELS.values():
        assert label.split(" (")[0] in text, label
    assert "Reviews held within timescale 104 120 86.7% 87.0% down from 87.0%" in text
    assert "Records distributed within the local deadline 91 120 75.8% 95.0% down from 95.0%" in text
    assert "Review intervals with a midway review 80 100 80.0% 80.0% no change from 80.0%" in text
    assert "Reviews held 120" in text and "Pathway plan reviews of care leavers 14" in text


def test_the_summary_has_participation_ratings_and_escalations(pdf):
    text = _text(pdf)
    assert "PN1: Child physically attends and speaks for him or herself 50 120 41.7%" in text
    assert "PN4:" in text and "No code recorded 2 120 1.7%" in text
    assert "Care planning: Red 4 120 3.3%" in text
    assert "Preparation for the review: Amber 40 120 33.3%" in text
    assert "Stage reached: Informal 6 10 60.0%" in text
    assert "Theme: Drift and delay 5 10 50.0%" in text
    assert "Resolved within 20 working days (of those resolved) 6 8 75.0%" in text
    assert "Page 1 of" in text


def test_the_summary_has_where_children_live_and_consultation_before_reviews(pdf):
    text = _text(pdf)
    assert "Under 20 miles 20 40 50.0%" in text and "Distance not known 2 40 5.0%" in text
    assert "Before the review: consultation" in text
    assert "Children consulted before their review 90 120 75.0%" in text
    assert "Partner agencies' forms returned (school, health, others) 35 110 31.8%" in text
    assert "Forms returned: parent 30 60 50.0%" in text
    assert "Review meetings rearranged 12 100 12.0%" in text


def test_figures_from_before_consultation_and_distances_were_counted_still_make_a_summary():
    old = make_figures()
    del old["consultation"], old["caseload"]["by_distance"]
    text = _text(summary_pdf.render_summary(old, None, council="Northshire"))
    assert "Before the review: consultation" not in text and "Under 20 miles" not in text
    assert "Reviews held 120" in text


def test_the_charts_are_in_the_pdf_as_images(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 4
    assert all(image.image.width > 600 for image in images)


def test_small_areas_are_counted_together_and_nobody_is_named_in_the_metadata(pdf):
    text = _text(pdf)
    assert "Northshire 40 52 76.9%" in text and "Eastborough 9 52 17.3%" in text
    assert "Westvale" not in text
    assert "Other areas (each with fewer than 5 children) 3 52 5.8%" in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "Independent Reviewing Officer service: figures for 1 April 2025 to 31 March 2026"
    assert not meta.author
    assert set(meta) <= {"/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate",
                         "/ModDate", "/Trapped"}


def test_without_a_previous_period_there_is_no_comparison_column():
    text = _text(summary_pdf.render_summary(make_figures()))
    assert "Previous period" not in text and "down from" not in text
    assert "Reviews held within timescale 104 120 86.7%" in text


def _audit(vault) -> list[tuple]:
    with vault.read() as db:
        return db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()


def test_saving_and_printing_are_recorded_by_period(vault, tmp_path, pdf):
    figures = make_figures()
    path = tmp_path / summary_pdf.suggested_file_name(figures)
    summary_pdf.save_summary(vault, path, pdf, figures)
    assert path.read_bytes() == pdf
    summary_pdf.record_output(vault, summary_pdf.PRINT, figures)
    assert _audit(vault)[-2:] == [("output.save.report_summary", "report", "2025-04-01..2026-03-31"),
                                  ("output.print.report_summary", "report", "2025-04-01..2026-03-31")]
    before = _audit(vault)
    with pytest.raises(IroError):
        summary_pdf.save_summary(vault, tmp_path / "missing" / "x.pdf", pdf, figures)
    with pytest.raises(IroError):
        summary_pdf.record_output(vault, "email", figures)
    assert _audit(vault) == before


def test_a_teams_summary_says_how_many_files_it_merged():
    text = _text(summary_pdf.render_summary(make_figures(), team_files=3))
    assert "Figures from a team's figures files (3, one for each IRO, with their counts added)" in text
