"""The Escalations tab's dialogs: raise, move up or skip, refer to Cafcass, resolve, and record
good practice. Each collects what the IRO types and hands it on (``submitted``); the controller
runs the core call on the vault thread and shows any problem back in the dialog, which closes
only once the change is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from iro_desktop.escalations import codes
from iro_desktop.escalations.model import Escalation
from iro_desktop.escalations.stages import StageSettings

from ui.common.form_dialog import FormDialog, date_edit, day_of, line_edit, text_edit
from ui.common.form_widgets import CodeCombo
from ui.common.widgets import hint_label


@dataclass(frozen=True)
class RaiseValues:
    child_id: str
    theme: str | None
    raised_with_role: str
    raised_with_name: str
    partner_agency: str | None
    start_stage: str
    raised_on: date
    description: str
    asked: str
    review_id: int | None = None
    record_id: int | None = None


class RaiseDialog(FormDialog):
    def __init__(self, parent: QWidget | None, children: list[tuple[str, str]], settings: StageSettings,
                 today: date, *, child_id: str | None = None, theme: str | None = None, description: str = "",
                 review_id: int | None = None, record_id: int | None = None) -> None:
        super().__init__(parent, "Raise an escalation", "Raise the escalation")
        self._review_id, self._record_id = review_id, record_id
        self.child = QComboBox()
        self.child.setAccessibleName("Child")
        for cid, name in children:
            self.child.addItem(f"{name} ({cid})", cid)
        if child_id is not None:
            i = self.child.findData(child_id)
            if i < 0:
                self.child.addItem(child_id, child_id)
                i = self.child.count() - 1
            self.child.setCurrentIndex(i)
            self.child.setEnabled(False)  # raised from the child's own record
        self.theme = CodeCombo(codes.THEMES, blank_text="Choose…", show_code=False)
        self.theme.setAccessibleName("Theme")
        self.theme.set_value(theme)
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage to start at")
        for s in settings.stages:
            self.stage.addItem(f"{s.label} ({s.working_days} working days)", s.key)
        self.role = line_edit("Raised with: role", settings.stages[0].with_whom, max_length=120)
        self.stage.currentIndexChanged.connect(
            lambda i: self.role.setPlaceholderText(settings.stages[i].with_whom if i >= 0 else ""))
        self.name = line_edit("Raised with: name", "Their name", max_length=120)
        self.agency = CodeCombo(codes.AGENCIES, blank_text="No partner agency", show_code=False)
        self.agency.setAccessibleName("Partner agency")
        self.raised_on = date_edit(today, "Date raised")
        self.description = text_edit("What the escalation is about", "What is not happening for the child, and why "
                                     "it matters", lines=4)
        self.description.setPlainText(description)
        self.asked = text_edit("What you are asking for", "What you want done, by whom (optional)", 2)
        for label, widget in (("Child:", self.child), ("Theme:", self.theme), ("Start at:", self.stage),
                              ("Raised with (role):", self.role), ("Name:", self.name),
                              ("Partner agency:", self.agency), ("Date raised:", self.raised_on),
                              ("The concern:", self.description), ("What you ask:", self.asked)):
            self.form.addRow(label, widget)
        self.resize(620, 560)

    def values(self) -> RaiseValues:
        return RaiseValues(self.child.currentData(), self.theme.value(), self.role.text(), self.name.text(),
                           self.agency.value(), self.stage.currentData(), day_of(self.raised_on),
                           self.description.toPlainText(), self.asked.toPlainText(), self._review_id,
                           self._record_id)


@dataclass(frozen=True)
class StepValues:
    to_stage: str
    on: date
    raised_with_role: str
    raised_with_name: str
    note: str


class MoveUpDialog(FormDialog):
    """Move up to the next stage, or further on (the stages passed over are recorded as skipped)."""

    def __init__(self, parent: QWidget | None, esc: Escalation, today: date, *, skip: bool = False) -> None:
        super().__init__(parent, "Skip a stage" if skip else "Move up a stage",
                         "Skip to this stage" if skip else "Move up")
        later = esc.stages_after_current()
        self.layout_.insertWidget(0, hint_label(f"Now at: {esc.current_step.stage_label}. Stages passed over are "
                                                "recorded as skipped."))
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage to move to")
        for s in later:
            self.stage.addItem(f"{s.label} ({s.working_days} working days)", s.key)
        self.stage.setCurrentIndex(1 if skip and len(later) > 1 else 0)
        self.role = line_edit("Raised with: role", max_length=120)
        self.name = line_edit("Raised with: name", "Their name", max_length=120)

        def placeholder(i: int) -> None:
            self.role.setPlaceholderText(later[i].with_whom if 0 <= i < len(later) else "")

        self.stage.currentIndexChanged.connect(placeholder)
        placeholder(self.stage.currentIndex())
        self.on = date_edit(today, "Date moved up")
        self.note = text_edit("Note", "Why, and what happened at the last stage (optional)", 2)
        for label, widget in (("Move to:", self.stage), ("Raised with (role):", self.role), ("Name:", self.name),
                              ("Date:", self.on), ("Note:", self.note)):
            self.form.addRow(label, widget)
        self.resize(540, 360)

    def values(self) -> StepValues:
        return StepValues(self.stage.currentData(), day_of(self.on), self.role.text(), self.name.text(),
                          self.note.toPlainText())


@dataclass(frozen=True)
class ReferValues:
    on: date
    note: str


class ReferDialog(FormDialog):
    def __init__(self, parent: QWidget | None, today: date) -> None:
        super().__init__(parent, "Refer to Cafcass", "Refer to Cafcass")
        self.layout_.insertWidget(0, hint_label("An IRO may refer to Cafcass at any stage. The escalation stays "
                                                "open until you record its outcome."))
        self.on = date_edit(today, "Date referred")
        self.note = text_edit("Note", "What was referred (optional)", 2)
        self.form.addRow("Date:", self.on)
        self.form.addRow("Note:", self.note)
        self.resize(500, 280)

    def values(self) -> ReferValues:
        return ReferValues(day_of(self.on), self.note.toPlainText())


@dataclass(frozen=True)
class ResolveValues:
    outcome: str | None
    on: date
    note: str


class ResolveDialog(FormDialog):
    def __init__(self, parent: QWidget | None, today: date) -> None:
        super().__init__(parent, "Record the outcome", "Record the outcome")
        self.outcome = CodeCombo(codes.OUTCOMES, blank_text="Choose…", show_code=False)
        self.outcome.setAccessibleName("Outcome")
        self.on = date_edit(today, "Date of the outcome")
        self.note = text_edit("Note", "What was agreed (optional)", 3)
        self.form.addRow("Outcome:", self.outcome)
        self.form.addRow("Date:", self.on)
        self.form.addRow("Note:", self.note)
        self.resize(500, 300)

    def values(self) -> ResolveValues:
        return ResolveValues(self.outcome.value(), day_of(self.on), self.note.toPlainText())


@dataclass(frozen=True)
class GoodPracticeValues:
    about: str | None
    who: str
    what: str
    noted_on: date
    child_id: str | None
    record_id: int | None


class GoodPracticeDialog(FormDialog):
    def __init__(self, parent: QWidget | None, children: list[tuple[str, str]], today: date, *,
                 child_id: str | None = None, record_id: int | None = None, what: str = "") -> None:
        super().__init__(parent, "Record good practice", "Record")
        self._record_id = record_id
        self.about = CodeCombo(codes.ABOUT, blank_text="Choose…", show_code=False)
        self.about.setAccessibleName("Who the good practice is about")
        self.who = line_edit("Their name or team", "Name or team (optional)", max_length=120)
        self.child = QComboBox()
        self.child.setAccessibleName("Child")
        self.child.addItem("No particular child", None)
        for cid, name in children:
            self.child.addItem(f"{name} ({cid})", cid)
        if child_id is not None:
            i = self.child.findData(child_id)
            self.child.setCurrentIndex(max(i, 0))
            self.child.setEnabled(record_id is None)
        self.noted_on = date_edit(today, "Date noted")
        self.what = text_edit("What the good practice was", "What was done well", 4)
        self.what.setPlainText(what)
        for label, widget in (("About:", self.about), ("Who:", self.who), ("Child:", self.child),
                              ("Date:", self.noted_on), ("What:", self.what)):
            self.form.addRow(label, widget)
        self.resize(540, 380)

    def values(self) -> GoodPracticeValues:
        return GoodPracticeValues(self.about.value(), self.who.text(), self.what.toPlainText(), day_of(self.noted_on),
                                  self.child.currentData(), self._record_id)
