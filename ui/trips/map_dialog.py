"""The trips by distance on a small offline map (``iro_desktop.trips.trip_map``).

Imported only when a map is asked for: matplotlib's Qt backend is slow to load. The figure is
made off the GUI thread; this dialog only shows it, with the same trips in words beside it for
a keyboard or screen-reader user (the canvas takes no focus).
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.common.screen_fit import fit_to_screen


class TripMapDialog(QDialog):
    def __init__(self, figure, words: list[str], base: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trips on a map — IRO Desktop")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setAccessibleName("Map of the trips")
        self.canvas.setAccessibleDescription(f"From the base {base}. " + ". ".join(words))
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        note = QLabel("Each postcode district of England and Wales is a grey dot; the star is your base. Lines "
                      "are straight, between district centres: roads are longer. Only districts are shown.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #3c4043;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        width_in, height_in = figure.get_size_inches()
        fit_to_screen(self, int(width_in * figure.dpi) + 30, int(height_in * figure.dpi) + 110)

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        self.canvas.figure.clear()  # matplotlib keeps a canvas's figure alive: let it go
        super().done(result)
