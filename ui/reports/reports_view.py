"""The Reports tab: choose a period, see every figure with its counts and the comparison with
the period before, each chart with its table beside it, and ask for the printable summary, the
anonymised CSV or the team report.

The view holds no rule and reads nothing: it says what the IRO asked for by signal, and the
controller (ui/reports/controller.py) hands it what the vault thread worked out. The charts'
module (and matplotlib with it) is imported when the first chart is shown, never with the tab.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from iro_desktop.reports import charts, report_periods
from iro_desktop.reports.table import consultation_rows

from ui.common.widgets import heading_label, hint_label
from ui.reports.figures_table import FiguresTable

if TYPE_CHECKING:
    from ui.reports.chart_panel import ChartPanel

EMPTY_WORDS = "Choose a period and press “Show figures”."


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PeriodChooser(QWidget):
    """The period: this reporting year so far, last year, last quarter, or two dates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Period")
        for key, words in report_periods.LABELS.items():
            self.choice.addItem(words, key)
        self.from_date = self._date_edit("From")
        self.to_date = self._date_edit("To")
        self.compare = QCheckBox("Compare with the period &before")
        self.compare.setAccessibleName("Compare with the period before")
        self.compare.setChecked(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        period_label = QLabel("&Period:")
        period_label.setBuddy(self.choice)
        row.addWidget(period_label)
        row.addWidget(self.choice)
        for label, edit in (("Fro&m:", self.from_date), ("T&o:", self.to_date)):
            words = QLabel(label)
            words.setBuddy(edit)
            row.addWidget(words)
            row.addWidget(edit)
        row.addWidget(self.compare)
        self.choice.currentIndexChanged.connect(lambda _i: self._chosen())
        self.set_today(date.today())

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        return edit

    def set_today(self, today: date) -> None:
        self._today = today
        self._chosen()

    def _chosen(self) -> None:
        key = self.choice.currentData()
        own = key == report_periods.CHOSEN
        if not own:
            start, end = report_periods.period(key, self._today)
            self.from_date.setDate(_qdate(start))
            self.to_date.setDate(_qdate(end))
        self.from_date.setEnabled(own)
        self.to_date.setEnabled(own)

    def choose(self, key: str, start: date | None = None, end: date | None = None) -> None:
        self.choice.setCurrentIndex(self.choice.findData(key))
        if start is not None and end is not None:
            self.from_date.setDate(_qdate(start))
            self.to_date.setDate(_qdate(end))

    def period(self) -> tuple[date, date]:
        return _date(self.from_date.date()), _date(self.to_date.date())


class ReportsView(QWidget):
    show_requested = Signal(object, object, bool, str)  # start, end, compare, the period chosen
    summary_requested = Signal()
    csv_requested = Signal(bool)  # suppress counts under 5
    team_requested = Signal()
    team_file_requested = Signal()
    return_903_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reports")
        self.period = PeriodChooser()
        self.show_button = QPushButton("Show fi&gures")
        self.show_button.setAccessibleName("Show figures")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self._show_clicked)

        self.summary_button = QPushButton("Print or save the s&ummary…")
        self.summary_button.setAccessibleName("Print or save the summary")
        self.summary_button.setToolTip("The figures as a PDF in the shape annual reports use, previewed first")
        self.summary_button.clicked.connect(self.summary_requested)
        self.csv_button = QPushButton("Save a&nonymised CSV…")
        self.csv_button.setAccessibleName("Save anonymised CSV")
        self.csv_button.setToolTip("Counts only, one row per figure: no names, no child ids")
        self.csv_button.clicked.connect(lambda: self.csv_requested.emit(self.suppress.isChecked()))
        self.suppress = QCheckBox("Suppress counts under &5")
        self.suppress.setAccessibleName("Suppress counts under 5")
        self.suppress.setToolTip("As published statistics do: counts from 1 to 4, and whatever would give them "
                                 "away, are shown as [c], and areas with fewer than 5 children are left out")
        self.suppress.setChecked(True)
        self.team_button = QPushButton("&Team report…")
        self.team_button.setAccessibleName("Team report")
        self.team_button.setToolTip("Merge the figures files of a team of IROs")
        self.team_button.clicked.connect(self.team_requested)
        self.team_file_button = QPushButton("Save the team figures fi&le…")
        self.team_file_button.setAccessibleName("Save the team figures file")
        self.team_file_button.setToolTip("This period's figures as a file for your team's report: counts only")
        self.team_file_button.clicked.connect(self.team_file_requested)
        self.return_903_button = QPushButton("Save the 90&3 Reviews file…")
        self.return_903_button.setAccessibleName("Save the 903 Reviews file")
        self.return_903_button.setToolTip("The period's reviews in the layout of the DfE's SSDA903 Reviews table, "
                                          "for the council's data team")
        self.return_903_button.clicked.connect(self.return_903_requested)

        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addWidget(self.show_button)
        top.addStretch(1)
        outputs = QHBoxLayout()
        outputs.addWidget(self.summary_button)
        outputs.addWidget(self.csv_button)
        outputs.addWidget(self.suppress)
        outputs.addWidget(self.return_903_button)
        outputs.addStretch(1)
        outputs.addWidget(self.team_file_button)
        outputs.addWidget(self.team_button)

        self.heading = heading_label("Reports")
        self.heading.setAccessibleName("Report period")
        self.status = hint_label(EMPTY_WORDS)
        self.status.setAccessibleName("Report status")
        self.glance = FiguresTable("The period at a glance: table")
        self.areas = FiguresTable("Where children live: table")
        self.distances = FiguresTable("How far from your base: table")
        self.consultation = FiguresTable("Before the review: table")
        glance_box = QGroupBox("The period at a glance")
        glance_row = QHBoxLayout(glance_box)
        glance_row.addWidget(self.glance, 3, Qt.AlignmentFlag.AlignTop)
        places_column = QVBoxLayout()
        places_column.addWidget(self.areas)
        places_column.addWidget(self.distances)
        places_column.addWidget(self.consultation)
        places_column.addStretch(1)
        glance_row.addLayout(places_column, 2)
        self.glance_box = glance_box
        self.charts_box = QVBoxLayout()
        self.panels: list[ChartPanel] = []

        page = QWidget()
        body = QVBoxLayout(page)
        body.addWidget(self.heading)
        body.addWidget(self.status)
        body.addWidget(glance_box)
        body.addLayout(self.charts_box)
        body.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(page)
        self.scroll.setAccessibleName("Figures")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(outputs)
        layout.addWidget(self.scroll, 1)
        self.clear()

    def _show_clicked(self) -> None:
        start, end = self.period.period()
        self.show_requested.emit(start, end, self.period.compare.isChecked(), self.period.choice.currentData())

    # ---- what the controller hands it ---------------------------------------------------------

    def show_loading(self, start: date, end: date) -> None:
        self.status.setText(f"Working out the figures for {charts.period_words(_period(start, end))}…")

    def show_figures(self, figures: dict[str, Any], previous: dict[str, Any] | None,
                     made: list[charts.Chart]) -> None:
        from ui.reports.chart_panel import ChartPanel

        self._drop_panels()
        self.heading.setText(f"Figures for {charts.period_words(figures)}")
        words = "Every percentage is worked out from the counts beside it."
        if previous is not None:
            words += f" Compared with {charts.period_words(previous)}."
        if figures["reviews_held"] == 0:
            words = "No reviews were held in this period. " + words
        self.status.setText(words)
        self.glance.show_rows(charts.headline_rows(figures))
        self.areas.show_rows(charts.area_rows(figures), first="Where children live")
        self.distances.show_rows(charts.distance_rows(figures), first="How far from your base")
        self.consultation.show_rows(consultation_rows(figures), first="Before the review")
        self.glance_box.show()
        previous = self.consultation
        for chart in made:
            panel = ChartPanel(chart)
            self.panels.append(panel)
            self.charts_box.addWidget(panel)
            # A widget added later joins the end of the window's Tab chain (after the status
            # bar): each chart's table comes after the one above it instead.
            QWidget.setTabOrder(previous, panel.table)
            previous = panel.table
        self._set_outputs(True)

    def show_problem(self, text: str) -> None:
        self.clear()
        self.status.setText(text)

    def clear(self) -> None:
        """Forget every figure shown (at lock, or before a new period)."""
        self._drop_panels()
        self.heading.setText("Reports")
        self.status.setText(EMPTY_WORDS)
        self.glance.clear()
        self.areas.clear()
        self.distances.clear()
        self.consultation.clear()
        self.glance_box.hide()
        self._set_outputs(False)

    def _drop_panels(self) -> None:
        for panel in self.panels:
            panel.release()
            self.charts_box.removeWidget(panel)
            panel.deleteLater()
        self.panels = []

    def _set_outputs(self, ready: bool) -> None:
        self.summary_button.setEnabled(ready)
        self.csv_button.setEnabled(ready)
        self.team_file_button.setEnabled(ready)


def _period(start: date, end: date) -> dict[str, Any]:
    return {"period": {"from": start.isoformat(), "to": end.isoformat()}}
