"""What an empty vault shows in place of an empty table (My week and the caseload): what to do
next, with the two ways in. Its buttons trigger the window's own menu commands, so the first
import or the first child goes exactly the way it would from the menus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

NO_CHILDREN = "No children yet."
WHAT_NEXT = "Import the council's caseload extract, or add a child."


class EmptyCaseloadPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("No children yet")
        self.title = QLabel(NO_CHILDREN)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.Bold)
        self.title.setFont(font)
        self.text = QLabel(WHAT_NEXT)
        self.text.setWordWrap(True)
        self.import_button = QPushButton("Import the caseload extract…")
        self.import_button.setAccessibleName("Import the council's caseload extract")
        self.add_button = QPushButton("Add a child…")
        self.add_button.setAccessibleName("Add a child")
        self.import_button.setEnabled(False)  # until the window's commands are given
        self.add_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        box = QWidget()
        box.setObjectName("emptyCaseload")
        box.setMaximumWidth(560)
        box.setStyleSheet("QWidget#emptyCaseload { background: #ffffff; border: 1px solid #c9ced6; "
                          "border-radius: 6px; }")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 20, 24, 20)
        # Centred by the labels themselves: a wrapping label given an alignment in the layout
        # is not given the height of its lines.
        for label in (self.title, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            inner.addWidget(label)
        inner.addSpacing(10)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def use_actions(self, import_action: QAction, add_action: QAction) -> None:
        """Make the buttons the window's "Import caseload…" and "Add child…" commands, enabled
        when they are."""
        for button, action in ((self.import_button, import_action), (self.add_button, add_action)):
            button.clicked.connect(action.trigger)
            button.setEnabled(action.isEnabled())
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
