"""Recording what happened: a review held, its paperwork sent, a visit to the child.

Each dialog collects what the IRO types and hands it to ``submit``, which saves it through the
core on the vault thread and then calls back ``saved`` or ``failed``. A refusal from the core is
shown under the field it names (or at the top) and the dialog stays open with everything as
typed; while a save is under way the buttons wait.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QPushButton, QVBoxLayout, QWidget,
)

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import Review
from iro_desktop.caseload.visits import PURPOSES, Visit
from iro_desktop.errors import IroError, ValidationError

from ui.common.form_widgets import CodeCombo, FieldProblem, OptionalDateEdit
from ui.common.formatting import uk_date
from ui.common.messages import error_text, reject_unless_kept

# submit(value, saved, failed): saves ``value``; calls saved() or failed(exc) on the GUI thread.
SubmitFn = Callable[[Any, Callable[[], None], Callable[[BaseException], None]], None]


def _today_button(edit: OptionalDateEdit) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    button = QPushButton("Today")
    button.setAccessibleName(f"Set {edit.accessibleName().lower() or 'the date'} to today")
    button.clicked.connect(lambda: edit.set_value(date.today()))
    row.addWidget(button)
    return box


class RecordingDialog(QDialog):
    def __init__(self, parent: QWidget, title: str, child_name: str, submit: SubmitFn) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)  # never the child's name: titles reach task bars
        self.setMinimumWidth(500)
        self._submit = submit
        self._saving = False
        self._field_problems: dict[str, FieldProblem] = {}
        self.heading = QLabel(child_name)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.problem = FieldProblem()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self._cancel)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #3c4043;")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._initial: Any = None

    def _field(self, name: str, label: str, widget: QWidget, shown: QWidget | None = None) -> None:
        problem = FieldProblem()
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(shown or widget)
        inner.addWidget(problem)
        widget.setAccessibleName(label)
        self.form.addRow(label + ":", box)
        self._field_problems[name] = problem

    def _set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _ready(self) -> None:
        """Call at the end of building: what is shown now counts as "no changes"."""
        self._initial = self.value()

    # ---- to override -------------------------------------------------------------------------

    def value(self) -> Any:
        raise NotImplementedError

    # ---- saving ------------------------------------------------------------------------------

    def accept(self) -> None:
        self.save()

    def save(self) -> None:
        if self._saving:
            return
        self._show_problems([])
        self._set_saving(True)
        self._submit(self.value(), self._saved, self._failed)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.buttons.setEnabled(not saving)

    def _saved(self) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_saving(False)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self._show_problems(exc.problems)
        elif isinstance(exc, IroError):
            self._show_problems([("", str(exc))])
        else:
            self._show_problems([("", error_text(exc))])

    def _show_problems(self, problems: list[tuple[str, str]]) -> None:
        per_field: dict[str, list[str]] = {}
        general: list[str] = []
        for where, message in problems:
            name = where.rsplit(".", 1)[-1]
            (per_field.setdefault(name, []) if name in self._field_problems else general).append(message)
        for name, label in self._field_problems.items():
            label.show_problems(per_field.get(name, []))
        self.problem.show_problems(general)

    def problems(self) -> list[str]:
        """Every problem shown, for tests and screen readers."""
        return [label.text() for label in [self.problem, *self._field_problems.values()] if not label.isHidden()]

    def has_changes(self) -> bool:
        return self.value() != self._initial

    def _cancel(self) -> None:
        reject_unless_kept(self, self.has_changes(), "Discard what you typed?",
                           "This has not been saved. Discard it?")


class ReviewHeldDialog(RecordingDialog):
    """A review held: its date, type and whether it was held as a series of meetings."""

    def __init__(self, parent: QWidget, child_name: str, expected_type: str | None, submit: SubmitFn) -> None:
        super().__init__(parent, "Record a review held", child_name, submit)
        self.review_date = OptionalDateEdit()
        self.review_date.set_value(date.today())
        self.review_type = CodeCombo(codes.REVIEW_TYPES, blank_text="Choose the type of review", show_code=False)
        self.review_type.set_value(expected_type)
        self.held_as_series = QCheckBox("Held as a series of meetings")
        self._field("review_date", "Date held", self.review_date, _today_button(self.review_date))
        self._field("review_type", "Type of review", self.review_type)
        self.form.addRow("", self.held_as_series)
        self._set_note("The next review's date is worked out from this one. An additional review "
                       "counts as the previous review. Record the date the review finished if it "
                       "was held as a series.")
        self._ready()

    def value(self) -> Review:
        return Review(self.review_date.value(), self.review_type.value() or "",  # type: ignore[arg-type]
                      self.held_as_series.isChecked())


def review_label(review: Review) -> str:
    return f"{uk_date(review.review_date)} – {codes.REVIEW_TYPES.get(review.review_type, review.review_type)}"


class PaperworkDialog(RecordingDialog):
    """When the record (letter) was sent and the decisions circulated, for one review."""

    def __init__(self, parent: QWidget, child_name: str, reviews: list[Review], submit: SubmitFn,
                 review_date: date | None = None) -> None:
        super().__init__(parent, "Record paperwork sent", child_name, submit)
        self._reviews = sorted((r for r in reviews if r.id is not None), key=lambda r: r.review_date,
                               reverse=True)
        self.review = QComboBox()
        for r in self._reviews:
            self.review.addItem(review_label(r), r.id)
        self.record_sent = OptionalDateEdit(blank_text="Not sent yet")
        self.decisions = OptionalDateEdit(blank_text="Not circulated yet")
        self._field("review", "Review", self.review)
        self._field("record_sent_date", "Record sent on", self.record_sent, _today_button(self.record_sent))
        self._field("decisions_circulated_date", "Decisions circulated on", self.decisions,
                    _today_button(self.decisions))
        self.review.currentIndexChanged.connect(self._review_chosen)
        if review_date is not None:
            for i, r in enumerate(self._reviews):
                if r.review_date == review_date:
                    self.review.setCurrentIndex(i)
        self._review_chosen()
        if not self._reviews:
            self._set_note("No review is recorded for this child yet. Record the review held first.")
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            for w in (self.review, self.record_sent, self.decisions):
                w.setEnabled(False)
        else:
            self._set_note("A date already recorded can be corrected, not removed.")
        self._ready()

    def _review_chosen(self) -> None:
        i = self.review.currentIndex()
        if 0 <= i < len(self._reviews):
            self.record_sent.set_value(self._reviews[i].record_sent_date)
            self.decisions.set_value(self._reviews[i].decisions_circulated_date)

    def value(self) -> tuple[int | None, date | None, date | None]:
        return self.review.currentData(), self.record_sent.value(), self.decisions.value()

    def save(self) -> None:
        review_id, sent, circulated = self.value()
        if review_id is not None and sent is None and circulated is None:
            self._show_problems([("", "Enter the date the record was sent, the date the decisions "
                                      "were circulated, or both.")])
            return
        super().save()


SEEN_ALONE = [("Not recorded", None), ("Yes, seen alone", True), ("No, not seen alone", False)]


class VisitDialog(RecordingDialog):
    """A visit to the child: the day, why, and whether the child was seen alone."""

    def __init__(self, parent: QWidget, child_id: str, child_name: str, purpose: str, submit: SubmitFn) -> None:
        super().__init__(parent, "Record a visit", child_name, submit)
        self._child_id = child_id
        self.visit_date = OptionalDateEdit()
        self.visit_date.set_value(date.today())
        self.purpose = QComboBox()
        for key, words in PURPOSES.items():
            self.purpose.addItem(words, key)
        self.purpose.setCurrentIndex(max(0, self.purpose.findData(purpose)))
        self.seen_alone = QComboBox()
        for words, value in SEEN_ALONE:
            self.seen_alone.addItem(words, value)
        self._field("visit_date", "Date of the visit", self.visit_date, _today_button(self.visit_date))
        self._field("purpose", "Why", self.purpose)
        self._field("seen_alone", "Seen alone", self.seen_alone)
        self._set_note("Regulation 36: speak with the child in private before every review, unless "
                       "the child refuses or it is not appropriate.")
        self._ready()

    def value(self) -> Visit:
        return Visit(self._child_id, self.visit_date.value(), self.purpose.currentData(),  # type: ignore[arg-type]
                     self.seen_alone.currentData())

    def save(self) -> None:
        if self.visit_date.value() is None:
            self._show_problems([("visit_date", "Enter the date of the visit.")])
            return
        super().save()
