"""Preferences: the idle-lock time (within the council's limit), the IRO's council area and the
council's local standards for timescales.

The idle-lock time is a QSettings preference; the council area and the local standards live in
the vault, because the core uses them (to mark placements out of area, to work out what is due).
The ranges shown are the core's (``due.LIMITS``), and the core checks every value again on save.
"""

from __future__ import annotations

from typing import Any, Callable

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox, QLabel, QLineEdit,
    QSpinBox, QVBoxLayout, QWidget,
)

from iro_desktop.caseload.due import LIMITS
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.timescales import TimescaleSettings
from iro_desktop.vault.policy import Policy

from ui.common.form_widgets import FieldProblem
from ui.common.messages import error_text


# (setting, label, what the guidance says)
STANDARDS = [
    ("record_deadline_working_days", "Record (letter) sent within",
     "Working days after the review. The IRO Handbook says 20; some councils use 15 or 10."),
    ("decisions_deadline_working_days", "Decisions circulated within",
     "Working days after the review; commonly 5."),
    ("due_soon_working_days", "Due soon from",
     "Working days before a date: how far ahead My week looks."),
]


# (value, saved, refused): saves on the vault thread, then calls saved() or refused(exc) (a
# ValidationError or IroError where the core refuses what was entered) on the GUI thread.
SaveFn = Callable[[Any, Callable[[], None], Callable[[BaseException], None]], None]


class PreferencesDialog(QDialog):
    """``save_area`` and ``save_standards`` are given only while the vault is unlocked."""

    def __init__(self, parent: QWidget, idle_minutes: int, policy: Policy,
                 on_idle_minutes: Callable[[int], None],
                 council_area: str | None = None,
                 save_area: SaveFn | None = None,
                 standards: TimescaleSettings | None = None,
                 save_standards: SaveFn | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(640)
        self._on_idle_minutes = on_idle_minutes
        self._save_area = save_area
        self._area_before = council_area or ""
        self._save_standards = save_standards
        self._standards_before = standards
        self.standard_boxes: dict[str, QSpinBox] = {}
        self.standard_problems: dict[str, FieldProblem] = {}

        self.idle = QSpinBox()
        self.idle.setRange(*policy.idle_lock_range())
        self.idle.setValue(idle_minutes)
        self.idle.setSuffix(" minutes")
        self.idle.setAccessibleName("Lock after this many minutes without use")
        form = QFormLayout()
        form.addRow("Lock when not used for:", self.idle)
        if policy.idle_lock_minutes_max:
            note = QLabel(f"Your council allows at most {policy.idle_lock_minutes_max} minutes.")
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
        if save_standards is not None and standards is not None:
            layout.addWidget(self._standards_box(standards))
        layout.addWidget(buttons)

    def _standards_box(self, standards: TimescaleSettings) -> QGroupBox:
        box = QGroupBox("Local standards for timescales")
        grid = QGridLayout(box)
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(10)
        first = QLabel(f"<b>First review:</b> {standards.first_review_working_days} working days after the "
                       "child became looked after. This is set by law (the Care Planning, Placement and Case "
                       "Review (England) Regulations 2010), so it cannot be changed here.")
        first.setWordWrap(True)
        grid.addWidget(first, 0, 0, 1, 3)
        row = 1
        for name, label, guidance in STANDARDS:
            low, high = LIMITS[name]
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setValue(getattr(standards, name))
            spin.setSuffix(" working days")
            spin.setAccessibleName(label)
            hint = QLabel(f"{low} to {high}. {guidance}")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #3c4043;")
            problem = FieldProblem()
            grid.addWidget(QLabel(label + ":"), row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(hint, row, 2)
            grid.addWidget(problem, row + 1, 0, 1, 3)
            self.standard_boxes[name] = spin
            self.standard_problems[name] = problem
            row += 2

        name = "under5_review_interval_months"
        low, high = LIMITS[name]
        self.under5 = QCheckBox("Review under-5s every:")
        self.under5.setToolTip("A shorter interval between later reviews for children under 5")
        self.under5_months = QSpinBox()
        self.under5_months.setRange(low, high)
        self.under5_months.setSuffix(" months")
        self.under5_months.setAccessibleName("Review interval for children under 5, in months")
        current = standards.under5_review_interval_months
        self.under5.setChecked(current is not None)
        self.under5_months.setValue(current if current is not None else min(high, max(low, 3)))
        self.under5_months.setEnabled(current is not None)
        self.under5.toggled.connect(self.under5_months.setEnabled)
        hint = QLabel(f"Optional, {low} to {high} months. Unticked, later reviews are no more than "
                      "6 months apart for every child, as the regulations say.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #3c4043;")
        problem = FieldProblem()
        grid.addWidget(self.under5, row, 0)
        grid.addWidget(self.under5_months, row, 1)
        grid.addWidget(hint, row, 2)
        grid.addWidget(problem, row + 1, 0, 1, 3)
        self.standard_problems[name] = problem
        return box

    def standards(self) -> TimescaleSettings | None:
        """The local standards as entered, or None where they are not shown."""
        if self._standards_before is None or self._save_standards is None:
            return None
        values = {name: spin.value() for name, spin in self.standard_boxes.items()}
        values["under5_review_interval_months"] = self.under5_months.value() if self.under5.isChecked() else None
        return replace(self._standards_before, **values)

    def accept(self) -> None:
        # Each save runs on the vault thread; the dialog closes once both are stored, and stays
        # open, showing why, if the core refuses either.
        if self._save_area is not None and self.area.text().strip() != self._area_before.strip():
            self._save_area(self.area.text(), self._save_standards_then_close, self._area_refused)
        else:
            self._save_standards_then_close()

    def _area_refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.area_problem.show_problems([m for _w, m in exc.problems])
        elif isinstance(exc, IroError):
            self.area_problem.show_problems([str(exc)])
        else:
            self.area_problem.show_problems([error_text(exc)])

    def _save_standards_then_close(self) -> None:
        standards = self.standards()
        if standards is None or standards == self._standards_before:
            self._close()
            return
        for label in self.standard_problems.values():
            label.show_problems([])

        def saved() -> None:
            self._standards_before = standards
            self._close()

        self._save_standards(standards, saved, self._standards_refused)  # type: ignore[misc]

    def _standards_refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            for where, message in exc.problems:
                label = self.standard_problems.get(where) or self.area_problem
                label.show_problems([message])
        else:
            first = next(iter(self.standard_problems.values()))
            first.show_problems([str(exc) if isinstance(exc, IroError) else error_text(exc)])

    def _close(self) -> None:
        self._on_idle_minutes(self.idle.value())
        super().accept()
