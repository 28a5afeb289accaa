"""Preferences: the idle-lock time (within the council's limit) and the IRO's council area.

The idle-lock time is a QSettings preference; the council area lives in the vault, because the
core uses it to mark placements out of area.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

from iro_desktop.errors import IroError, ValidationError

from ui.form_widgets import FieldProblem
from ui.messages import error_text
from ui.preferences import MAX_IDLE_MINUTES


class PreferencesDialog(QDialog):
    """``save_area`` is given only while the vault is unlocked; it raises ValidationError if refused."""

    def __init__(self, parent: QWidget, idle_minutes: int, policy_max: int | None,
                 on_idle_minutes: Callable[[int], None],
                 council_area: str | None = None,
                 save_area: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)
        self._on_idle_minutes = on_idle_minutes
        self._save_area = save_area
        self._area_before = council_area or ""

        self.idle = QSpinBox()
        self.idle.setRange(1, policy_max or MAX_IDLE_MINUTES)
        self.idle.setValue(idle_minutes)
        self.idle.setSuffix(" minutes")
        self.idle.setAccessibleName("Lock after this many minutes without use")
        form = QFormLayout()
        form.addRow("Lock when not used for:", self.idle)
        if policy_max:
            note = QLabel(f"Your council allows at most {policy_max} minutes.")
            note.setWordWrap(True)
            form.addRow("", note)

        self.area = QLineEdit(self._area_before)
        self.area.setPlaceholderText("Your council's area, like Northshire")
        self.area_problem = FieldProblem()
        if save_area is not None:
            form.addRow("My council area:", self.area)
            form.addRow("", self.area_problem)
            explain = QLabel("Placements in any other area are marked as out of area.")
            explain.setWordWrap(True)
            form.addRow("", explain)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self._save_area is not None and self.area.text().strip() != self._area_before.strip():
            try:
                self._save_area(self.area.text())
            except ValidationError as exc:
                self.area_problem.show_problems([m for _w, m in exc.problems])
                return
            except IroError as exc:
                self.area_problem.show_problems([str(exc)])
                return
            except Exception as exc:  # noqa: BLE001 - shown; the dialog stays open
                self.area_problem.show_problems([error_text(exc)])
                return
        self._on_idle_minutes(self.idle.value())
        super().accept()
