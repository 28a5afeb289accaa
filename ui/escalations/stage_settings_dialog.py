"""The council's dispute resolution stages: each stage's name, who it is raised with and its
working days, the overall limit, how the letters name the child, and the presets to start from.

Saving checks the stages in the core (``stages.validate``) and shows what is wrong here;
escalations already raised keep the stages they began with.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from iro_desktop.escalations import letters
from iro_desktop.escalations.stages import MAX_STAGES, PRESETS, STAGE_DAYS, Stage, StageSettings, new_key

from ui.common.focus import buttons_in_reading_order
from ui.common.form_widgets import FieldProblem
from ui.common.widgets import hint_label


@dataclass(frozen=True)
class StageSettingsValues:
    settings: StageSettings
    naming: str


class _StageRow:
    def __init__(self, grid: QGridLayout, row: int, stage: Stage | None) -> None:
        n = row
        self.key = stage.key if stage else ""
        self.label = QLineEdit(stage.label if stage else "")
        self.label.setAccessibleName(f"Stage {n}: name")
        self.label.setMaxLength(80)
        self.with_whom = QLineEdit(stage.with_whom if stage else "")
        self.with_whom.setAccessibleName(f"Stage {n}: raised with")
        self.with_whom.setMaxLength(80)
        self.days = QSpinBox()
        self.days.setRange(*STAGE_DAYS)
        self.days.setValue(stage.working_days if stage else 5)
        self.days.setAccessibleName(f"Stage {n}: working days")
        self.cafcass = QCheckBox("Cafcass")
        self.cafcass.setAccessibleName(f"Stage {n}: a referral to Cafcass")
        self.cafcass.setChecked(bool(stage and stage.cafcass))
        self.widgets = (self.label, self.with_whom, self.days, self.cafcass)
        for column, w in enumerate(self.widgets):
            grid.addWidget(w, row, column)

    def used(self) -> bool:
        return bool(self.label.text().strip() or self.with_whom.text().strip())


class StageSettingsDialog(QDialog):
    submitted = Signal(object)  # StageSettingsValues

    def __init__(self, parent: QWidget | None, settings: StageSettings, naming: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dispute resolution stages")
        self.preset = QComboBox()
        self.preset.setAccessibleName("Preset")
        self.preset.addItem("Choose a preset…", None)
        for key, (words, _s) in PRESETS.items():
            self.preset.addItem(words, key)
        self.use_preset = QPushButton("Use this preset")
        self.use_preset.setAccessibleName("Use this preset")
        self.use_preset.clicked.connect(self._apply_preset)
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.preset, 1)
        preset_row.addWidget(self.use_preset)

        grid = QGridLayout()
        for column, heading in enumerate(("Stage", "Raised with", "Working days", "")):
            grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        self.rows = [_StageRow(grid, n, None) for n in range(1, MAX_STAGES + 1)]
        self.overall = QSpinBox()
        self.overall.setRange(1, 60)
        self.overall.setAccessibleName("Overall limit in working days")
        self.naming = QComboBox()
        self.naming.setAccessibleName("How the letters name the child")
        for key, words in letters.NAMING.items():
            self.naming.addItem(words, key)
        self.naming.setCurrentIndex(max(self.naming.findData(naming), 0))
        form = QFormLayout()
        form.addRow("Overall limit (working days):", self.overall)
        form.addRow("Letters name the child by:", self.naming)
        self.problems = FieldProblem()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName("Save the stages")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("Each stage's deadline counts working days from the day it starts; the whole "
                                    "process counts from the day it is raised. Leave a row empty to drop it. "
                                    "Escalations already raised keep the stages they began with."))
        layout.addLayout(preset_row)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        buttons_in_reading_order(buttons)
        self.show_settings(settings)
        self.resize(720, 560)

    def show_settings(self, settings: StageSettings) -> None:
        for n, row in enumerate(self.rows):
            stage = settings.stages[n] if n < len(settings.stages) else None
            row.key = stage.key if stage else ""
            row.label.setText(stage.label if stage else "")
            row.with_whom.setText(stage.with_whom if stage else "")
            row.days.setValue(stage.working_days if stage else 5)
            row.cafcass.setChecked(bool(stage and stage.cafcass))
        self.overall.setValue(settings.overall_working_days)

    def _apply_preset(self) -> None:
        key = self.preset.currentData()
        if key is not None:
            self.show_settings(PRESETS[key][1])

    def values(self) -> StageSettingsValues:
        stages: list[Stage] = []
        taken: set[str] = set()
        for row in self.rows:
            if not row.used():
                continue
            key = row.key if row.key and row.key not in taken else new_key(row.label.text(), taken)
            taken.add(key)
            stages.append(Stage(key, row.label.text().strip(), row.days.value(), row.with_whom.text().strip(),
                                row.cafcass.isChecked()))
        return StageSettingsValues(StageSettings(tuple(stages), self.overall.value()), self.naming.currentData())

    def _submit(self) -> None:
        self.problems.show_problems([])
        self.save_button.setEnabled(False)
        self.submitted.emit(self.values())

    def refused(self, messages: list[str]) -> None:
        self.problems.show_problems(messages)
        self.save_button.setEnabled(True)

    def done_ok(self) -> None:
        self.accept()
