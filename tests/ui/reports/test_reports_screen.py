"""The Reports tab as the IRO uses it: a period's figures with their counts and comparison, each
chart with its table, the summary previewed then printed or saved, the anonymised CSV, the team
report, and nothing left on screen after Lock."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QComboBox, QDateEdit, QWidget

from iro_desktop.reports import anonymised_csv, kpis, report_periods
from tests.support.report_figures import make_figures, previous_figures
from tests.ui.window_support import settle, unlock
from ui.reports.summary_window import SummaryWindow
from ui.reports.team_dialog import TeamDialog

ROOT = Path(__file__).resolve().parents[3]


def _nameless(top: QWidget) -> list[str]:
    """Controls a screen reader could not name."""
    kinds = (QAbstractButton, QComboBox, QDateEdit, QAbstractItemView)
    return [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}" for kind in kinds for w in top.findChildren(kind)
            if w.isVisibleTo(top) and not w.accessibleName() and not isinstance(w.parent(), QAbstractItemView)]


@pytest.fixture
def reports(due_vault, window_factory, qtbot):
    window = window_factory()
    window.resize(1280, 690)
    unlock(window, qtbot)
    return window


def _show(window, qtbot):
    window.show_reports()
    qtbot.waitUntil(lambda: len(window.reports_controller.view.panels) == 4, timeout=20_000)
    settle(window, qtbot)
    return window.reports_controller.view


def test_the_tab_reads_the_vaults_figures_when_first_shown_with_charts_and_tables(reports, qtbot):
    controller = reports.reports_controller
    assert controller.figures is None  # nothing is read until the tab is shown
    view = _show(reports, qtbot)
    start, end = report_periods.period(report_periods.THIS_YEAR, date.today())
    assert controller.figures == kpis.figures(reports.vault, start, end)
    assert controller.previous == kpis.figures(reports.vault, *report_periods.previous(report_periods.THIS_YEAR,
                                                                                        start, end))
    assert view.heading.text() == f"Figures for {view.heading.text().split('Figures for ')[1]}"
    assert [p.chart.key for p in view.panels] == ["kpis", "participation", "rag", "escalations"]
    for panel in view.panels:
        assert panel.table.model().rowCount() == len(panel.chart.rows) > 0
        assert panel.canvas.accessibleName().endswith(": chart")
        assert panel.table.accessibleName().endswith(": table")
        assert panel.canvas.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert view.glance.cell_text(0, 0) == "Reviews held"
    assert view.glance.cell_text(0, 1) == str(controller.figures["reviews_held"])
    assert _nameless(view) == []


def test_known_figures_show_their_counts_and_the_comparison(reports, qtbot, monkeypatch):
    asked = []

    def figures(vault, start, end):
        asked.append((start, end))
        return previous_figures() if start == date(2024, 4, 1) else make_figures(start=start.isoformat(),
                                                                                 end=end.isoformat())

    monkeypatch.setattr(kpis, "figures", figures)
    view = reports.reports_controller.view
    reports.show_reports()
    view.period.choose(report_periods.CHOSEN, date(2025, 4, 1), date(2026, 3, 31))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    settle(reports, qtbot)
    assert len(view.panels) == 4
    assert asked[-2:] == [(date(2025, 4, 1), date(2026, 3, 31)), (date(2024, 4, 1), date(2025, 3, 31))]
    kpi = view.panels[0].table
    row = [kpi.cell_text(0, c) for c in range(6)]
    assert row == ["Reviews held within timescale", "104", "120", "86.7%", "87.0%", "down from 87.0%"]
    assert view.heading.text() == "Figures for 1 April 2025 to 31 March 2026"
    participation = view.panels[1].table
    assert [participation.cell_text(1, c) for c in range(4)] == [
        "PN1: Child physically attends and speaks for him or herself", "50", "120", "41.7%"]
    # Beside the glance: how far from the base, and consultation before reviews.
    assert [view.distances.cell_text(0, c) for c in range(4)] == ["Under 20 miles", "20", "40", "50.0%"]
    assert [view.consultation.cell_text(0, c) for c in range(4)] == [
        "Children consulted before their review", "90", "120", "75.0%"]


def test_a_period_that_ends_before_it_starts_is_refused_plainly(reports, qtbot):
    view = reports.reports_controller.view
    reports.show_reports()
    settle(reports, qtbot)
    view.period.choose(report_periods.CHOSEN, date(2026, 3, 31), date(2025, 4, 1))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert "ends before it starts" in view.status.text()
    assert view.panels == [] and not view.summary_button.isEnabled()


def _audit(window) -> list[tuple]:
    with window.vault.read() as db:
        return db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()


def test_the_summary_is_previewed_from_memory_then_saved_and_the_csv_written(reports, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(kpis, "figures", lambda vault, start, end: make_figures())
    view = _show(reports, qtbot)
    controller = reports.reports_controller
    qtbot.mouseClick(view.summary_button, Qt.MouseButton.LeftButton)
    summary = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SummaryWindow) and w.isVisible())
    qtbot.waitUntil(lambda: summary.pdf is not None, timeout=20_000)
    assert summary.viewer.page_count() >= 3 and summary.print_button.isEnabled()
    assert _nameless(summary) == []
    assert not list(tmp_path.rglob("*.pdf"))  # previewing wrote nothing
    summary.save_to(tmp_path / "summary")
    settle(reports, qtbot)
    assert (tmp_path / "summary.pdf").read_bytes() == summary.pdf
    controller.write_csv(tmp_path / "published", controller.figures, True)
    settle(reports, qtbot)
    assert (tmp_path / "published.csv").read_bytes() == anonymised_csv.csv_bytes(make_figures(), suppress=True)
    assert _audit(reports)[-2:] == [("output.save.report_summary", "report", "2025-04-01..2026-03-31"),
                                    ("output.save.anonymised_csv", "report", "2025-04-01..2026-03-31")]


def _team_file(folder: Path, name: str, figures: dict, source: str) -> None:
    from iro_desktop.reports import team

    (folder / name).write_text(json.dumps(team.team_document(figures, str(uuid.uuid5(uuid.NAMESPACE_URL, source)))),
                               encoding="utf-8")


def test_the_team_report_merges_a_folder_and_says_which_files_were_not_counted(reports, qtbot, tmp_path):
    view = _show(reports, qtbot)
    folder = tmp_path / "team"
    folder.mkdir()
    start, end = report_periods.period(report_periods.THIS_YEAR, date.today())
    this = make_figures(start=start.isoformat(), end=end.isoformat())
    _team_file(folder, "a.json", this, "vault-a")
    _team_file(folder, "b.json", this, "vault-b")
    _team_file(folder, "old.json", make_figures(start="2020-04-01", end="2021-03-31"), "vault-c")
    qtbot.mouseClick(view.team_button, Qt.MouseButton.LeftButton)
    dialog = reports.reports_controller.team_dialog
    assert isinstance(dialog, TeamDialog) and dialog.isVisible()
    dialog.merge_folder(folder)
    qtbot.waitUntil(lambda: dialog.figures is not None, timeout=20_000)
    assert dialog.figures["reviews_held"] == 2 * this["reviews_held"]
    assert [dialog.files.item(i).text() for i in range(dialog.files.count())] == ["a.json", "b.json"]
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert len(problems) == 1 and problems[0].startswith("old.json: not counted")
    assert dialog.kpis.cell_text(0, 1) == str(2 * this["in_timescale"]["count"])
    assert dialog.summary_button.isEnabled()
    assert _nameless(dialog) == []
    qtbot.mouseClick(dialog.summary_button, Qt.MouseButton.LeftButton)
    summary = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SummaryWindow) and w.isVisible())
    qtbot.waitUntil(lambda: summary.pdf is not None, timeout=20_000)
    assert summary.figures is dialog.figures and summary.team_files == 2 and summary.previous is None


def test_lock_clears_the_figures_and_closes_the_summary(reports, qtbot, monkeypatch):
    monkeypatch.setattr(kpis, "figures", lambda vault, start, end: make_figures())
    view = _show(reports, qtbot)
    summary = reports.reports_controller.show_summary(reports.reports_controller.figures, None)
    qtbot.waitUntil(lambda: summary.pdf is not None, timeout=20_000)
    reports.lock()
    assert view.panels == [] and view.glance.model().rowCount() == 0
    assert reports.reports_controller.figures is None
    assert not shiboken6.isValid(summary) or (not summary.isVisible() and summary.pdf is None)
    assert not view.summary_button.isEnabled()


def test_the_reports_tab_is_built_without_matplotlib():
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from ui.reports.reports_view import ReportsView\n"
            "from ui.reports import controller\n"
            "view = ReportsView()\n"
            "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"


def test_the_903_reviews_file_is_saved_from_the_tab_and_its_message_says_what_it_holds(reports, qtbot, tmp_path):
    from iro_desktop.reports import return_903

    _show(reports, qtbot)
    controller = reports.reports_controller
    start, end = date(2020, 1, 1), date.today()
    controller.write_return_903(tmp_path / "reviews", start, end)
    settle(reports, qtbot)
    saved = (tmp_path / "reviews.csv").read_bytes()
    expected = return_903.reviews_for_return(reports.vault, start, end)
    assert saved == expected.csv_bytes() and saved.startswith(b"CHILD,DOB,REVIEW,REVIEW_CODE")
    assert controller.last_903.summary() == expected.summary()
    assert _audit(reports)[-1][0] == return_903.AUDIT_ACTION


def test_outputs_made_from_the_vaults_own_figures_name_no_child(reports, qtbot):
    from iro_desktop.reports import summary_pdf
    from pypdf import PdfReader
    import io

    _show(reports, qtbot)
    controller = reports.reports_controller
    pdf = summary_pdf.render_summary(controller.figures, controller.previous, council="Northshire")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    meta = " ".join(str(v) for v in PdfReader(io.BytesIO(pdf)).metadata.values())
    csv_text = b"".join(anonymised_csv.csv_bytes(controller.figures, suppress=s) for s in (True, False)).decode()
    children = [("C100", "Zebediah", "Quillfeather"), ("C200", "Amira", "Okafor"), ("C300", "Tom", "Baker"),
                ("C400", "Xanthippe-Marker", "Smith"), ("C500", "Nia", "Home")]
    for words in (text, meta, csv_text):
        assert "Reviews held" in words or "reviews_held" in words or "Independent Reviewing" in words
        for child_id, first, last in children:
            assert child_id not in words and first not in words and f" {last}" not in words, (child_id, first, last)


def test_a_change_to_the_caseload_reads_the_figures_again_while_the_tab_is_shown(reports, qtbot):
    from iro_desktop.caseload import repository
    from tests.support.caseload_helpers import make_child

    _show(reports, qtbot)
    controller = reports.reports_controller
    before = controller.figures["caseload"]["children"]
    vault = reports.vault
    reports.worker.run(lambda: repository.add_child(vault, make_child("C777")), text="Adding")
    qtbot.waitUntil(lambda: controller.figures["caseload"]["children"] == before + 1, timeout=20_000)
    settle(reports, qtbot)
    assert reports.reports_controller.view.glance.cell_text(2, 1) == str(before + 1)
