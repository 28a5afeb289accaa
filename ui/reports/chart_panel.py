"""One chart on matplotlib's Qt canvas, with the table of its numbers beside it.

Imported only once a chart is to be shown: matplotlib's Qt backend (and matplotlib itself) is
slow to load, and the app starts without it. The canvas takes no keyboard focus and says what
it is; the table beside it is what a keyboard or screen-reader user reads.
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QSizePolicy, QWidget

from iro_desktop.reports import charts

from ui.reports.figures_table import FiguresTable

CANVAS_MIN_WIDTH = 420


class ChartPanel(QGroupBox):
    def __init__(self, chart: charts.Chart, parent: QWidget | None = None) -> None:
        super().__init__(chart.title, parent)
        self.chart = chart
        self.setAccessibleName(chart.title)
        self.canvas = FigureCanvasQTAgg(chart.figure)
        self.canvas.setAccessibleName(f"{chart.title}: chart")
        self.canvas.setAccessibleDescription("A picture of the numbers in the table beside it.")
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        width_in, height_in = chart.figure.get_size_inches()
        self.canvas.setMinimumWidth(CANVAS_MIN_WIDTH)
        self.canvas.setFixedHeight(int(height_in * chart.figure.dpi))
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table = FiguresTable(f"{chart.title}: table")
        self.table.show_rows(chart.rows, compares=chart.compares, first=chart.heading)
        layout = QHBoxLayout(self)
        layout.addWidget(self.canvas, 2)
        layout.addWidget(self.table, 3, Qt.AlignmentFlag.AlignTop)

    def release(self) -> None:
        """Let the figure go with the panel (matplotlib keeps a canvas's figure alive)."""
        self.table.clear()
        self.canvas.figure.clear()
