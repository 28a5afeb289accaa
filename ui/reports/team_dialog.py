"""The team report: the IRO manager picks the folder holding the team's figures files, and sees
the team's figures (counts added, percentages worked out again from the sums) and every file
that was not counted and why (another period, the same file twice, an older export of a vault).

The merge is the core's (``team.merge_folder``), run by the controller on the vault thread;
the dialog only asks and shows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QListWidget, QPushButton,
    QScrollArea, QVBoxLayout, QWidget,
)

from iro_desktop.reports import charts

from ui.common.widgets import heading_label, hint_label
from ui.reports.figures_table import FiguresTable


class TeamDialog(QDialog):
    folder_chosen = Signal(object)  # Path
    summary_requested = Signal()
    csv_requested = Signal(bool)

    def __init__(self, start: date, end: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team report — IRO Desktop")
        self.resize(1000, 640)
        self.start, self.end = start, end
        self.figures: dict[str, Any] | None = None
        self.files_counted = 0
        period = charts.period_words({"period": {"from": start.isoformat(), "to": end.isoformat()}})
        self.intro = hint_label(f"The team's figures for {period}, from the figures files each IRO exported "
                                "(“Save the team figures file…” on the Reports tab). Counts are added and "
                                "percentages worked out again from the added counts; files for another period, "
                                "or the same file twice, are listed below and not counted.")
        self.choose_button = QPushButton("&Choose the folder of figures files…")
        self.choose_button.setAccessibleName("Choose the folder of figures files")
        self.choose_button.clicked.connect(self.choose_folder)
        self.folder_label = QLabel("No folder chosen yet.")
        self.folder_label.setAccessibleName("Folder")
        self.folder_label.setWordWrap(True)
        self.heading = heading_label("")
        self.heading.setAccessibleName("Team figures")
        self.files = QListWidget()
        self.files.setAccessibleName("Files counted")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Files not counted")
        lists = QHBoxLayout()
        for title, widget in (("Files counted", self.files), ("Files not counted, and why", self.problems)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            widget.setMaximumHeight(110)
            widget.setWordWrap(True)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lists.addWidget(box, 1)
        self.glance = FiguresTable("The team at a glance: table")
        self.kpis = FiguresTable("The team's key figures: table")
        self.participation = FiguresTable("The team's participation by code: table")
        self.rag = FiguresTable("The team's quality ratings: table")
        self.escalations = FiguresTable("The team's escalations: table")
        page = QWidget()
        body = QVBoxLayout(page)
        body.addWidget(self.heading)
        for title, table in (("At a glance", self.glance), ("Key figures", self.kpis),
                             ("Participation by code", self.participation), ("Quality ratings", self.rag),
                             ("Escalations (dispute resolution)", self.escalations)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table)
            body.addWidget(box)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        scroll.setAccessibleName("Team figures")

        self.summary_button = QPushButton("Print or save the team &summary…")
        self.summary_button.setAccessibleName("Print or save the team summary")
        self.summary_button.clicked.connect(self.summary_requested)
        self.csv_button = QPushButton("Save the team's anonymised &CSV…")
        self.csv_button.setAccessibleName("Save the team's anonymised CSV")
        self.suppress = QCheckBox("Suppress counts under &5")
        self.suppress.setAccessibleName("Suppress counts under 5")
        self.suppress.setChecked(True)
        self.csv_button.clicked.connect(lambda: self.csv_requested.emit(self.suppress.isChecked()))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        bottom = QHBoxLayout()
        for w in (self.summary_button, self.csv_button, self.suppress):
            bottom.addWidget(w)
        bottom.addStretch(1)
        bottom.addWidget(close)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.folder_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addLayout(lists)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self._set_outputs(False)

    def choose_folder(self) -> QFileDialog:
        dialog = QFileDialog(self, "Folder of figures files")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.merge_folder(Path(path)))
        dialog.open()
        return dialog

    def merge_folder(self, folder: Path) -> None:
        self.folder_label.setText(f"Merging the files in {folder}…")
        self.folder_chosen.emit(folder)

    def show_merge(self, folder: Path, figures: dict[str, Any] | None, used: list[str], problems: list[str]) -> None:
        self.figures = figures
        self.files_counted = len(used)
        self.folder_label.setText(str(folder))
        self.files.clear()
        self.files.addItems(used or ["None"])
        self.problems.clear()
        self.problems.addItems(problems or ["None"])
        if figures is None:
            self.heading.setText("No file in this folder could be counted.")
            for table in (self.glance, self.kpis, self.participation, self.rag, self.escalations):
                table.clear()
        else:
            n = len(used)
            self.heading.setText(f"The team's figures for {charts.period_words(figures)}, from {n} "
                                 f"{'file' if n == 1 else 'files'}")
            self.glance.show_rows(charts.headline_rows(figures))
            self.kpis.show_rows(charts.kpi_rows(figures))
            self.participation.show_rows(charts.participation_rows(figures), first="Code")
            self.rag.show_rows(charts.rag_rows(figures), first="Rating")
            self.escalations.show_rows(charts.escalation_rows(figures), first="Escalations")
        self._set_outputs(figures is not None)

    def show_problem(self, folder: Path, text: str) -> None:
        self.folder_label.setText(f"{folder}: {text}")

    def _set_outputs(self, ready: bool) -> None:
        self.summary_button.setEnabled(ready)
        self.csv_button.setEnabled(ready)
