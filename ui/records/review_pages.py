"""The review record's form pages: the details of the review, its decisions, and the quality
assurance fields. Each page fills itself from core content (``load``) and reads it back
(``collect``) so that an untouched page gives back exactly what it was given: opening a record
and closing it again leaves no draft behind.

What is allowed (which participation codes, what a decision needs) is the core's to say; the
pages only offer its lists and show its answers.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from iro_desktop.reviews import codes
from iro_desktop.reviews.model import (Attendee, Meeting, ParentParticipation, PreviousOutcome, QualityAssurance,
                                       Recommendation, ReviewDetails)
from iro_desktop.reviews.recommendations import TrackedRecommendation

from ui.common.form_widgets import CodeCombo, OptionalDateEdit
from ui.common.formatting import uk_date
from ui.common.widgets import RowsEditor, YesNo, code_column, date_column, hint_label, plain_note_edit, text_column


PAGE_WIDTH = 1000  # wider forms are hard to read across


def keep_blank(new: Any, old: Any) -> Any:
    """A blank widget gives back the blank it was given ("" or None), so nothing changes by looking."""
    if new in (None, "") and old in (None, ""):
        return old
    return new


def form_group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    form = QFormLayout(box)
    # Text boxes grow; dates and lists keep their natural width, so a form reads down the page.
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    return box, form


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class ParticipationCombo(QComboBox):
    """The participation codes the core allows for this child on this date, in the DfE's words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Participation code")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(48)
        self.allowed: list[str] = []

    def value(self) -> str | None:
        return self.currentData()

    def set_allowed(self, allowed: list[str], keep: str | None) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            self.allowed = list(allowed)
            self.addItem("Choose the code…", None)
            for code in allowed:
                self.addItem(codes.participation_label(code), code)
                self.setItemData(self.count() - 1, codes.PARTICIPATION[code], Qt.ItemDataRole.ToolTipRole)
            if keep and keep not in allowed:
                # Kept as it was, never silently dropped: the checks say why it cannot stand.
                self.addItem(f"{keep} – not allowed for this child's age on the review date", keep)
            self.setCurrentIndex(max(0, self.findData(keep)) if keep else 0)
        finally:
            self.blockSignals(False)

    def codes_offered(self) -> list[str]:
        return [self.itemData(i) for i in range(self.count()) if self.itemData(i)]


class DetailsPage(QScrollArea):
    changed = Signal()
    review_date_changed = Signal()

    def __init__(self, date_of_birth: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.date_of_birth = date_of_birth
        self._loaded: ReviewDetails | None = None
        inner = QWidget()
        inner.setMaximumWidth(PAGE_WIDTH)
        layout = QVBoxLayout(inner)
        layout.setSpacing(10)

        # The review.
        box, form = form_group("The review")
        self.review_date = OptionalDateEdit(blank_text="Choose the date")
        self.review_date.setAccessibleName("Review date")
        self.review_type = CodeCombo(codes.REVIEW_TYPES, blank_text="Choose…", show_code=False)
        self.review_type.setAccessibleName("Review type")
        self.venue_mode = CodeCombo(codes.VENUE_MODES, blank_text="Not recorded", show_code=False)
        self.venue_mode.setAccessibleName("How the review was held")
        self.venue = _line("Where", "For example: Joan and Pete's, Willowbank House")
        self.held_as_series = QCheckBox("Held as a series of meetings")
        self.meetings = RowsEditor([date_column("Date"), code_column("How", codes.VENUE_MODES, "Not recorded"),
                                    text_column("Where", stretch=1)], "Add a meeting",
                                   empty_text="Add each meeting of the series.")
        form.addRow("Date:", self.review_date)
        form.addRow("Type:", self.review_type)
        form.addRow("How it was held:", self.venue_mode)
        form.addRow("Where:", self.venue)
        form.addRow("", self.held_as_series)
        form.addRow("Meetings:", self.meetings)
        self._review_form = form
        layout.addWidget(box)

        # Regulation 36.
        box, form = form_group("Regulation 36: speaking with the child on their own before the review")
        self.seen_alone = YesNo("Yes", "No", "Not recorded yet", name="Seen alone before the review")
        self.seen_alone_date = OptionalDateEdit()
        self.seen_alone_date.setAccessibleName("Date seen alone")
        self.not_seen_reason = _line("Why not", "For example: they did not want to, or they were too unwell")
        form.addRow("Did you speak with them on their own?", self.seen_alone)
        form.addRow("When:", self.seen_alone_date)
        form.addRow("Why not:", self.not_seen_reason)
        self._seen_form = form
        layout.addWidget(box)

        # Participation.
        box, form = form_group("How the child took part (participation code)")
        self.participation = ParticipationCombo()
        self.participation_words = QLabel()
        self.participation_words.setWordWrap(True)
        self.participation_words.setStyleSheet("color: #263238;")
        self.participation_hint = hint_label("")
        form.addRow("Code:", self.participation)
        form.addRow(self.participation_words)
        form.addRow(self.participation_hint)
        layout.addWidget(box)

        # People.
        box = QGroupBox("Who took part")
        people = QVBoxLayout(box)
        roles = code_column("Role", codes.ATTENDEE_ROLES)
        self.attendees = RowsEditor([text_column("Name", stretch=2), roles,
                                     text_column("Role, in their words", "For example: Mum, Head of year", 2),
                                     code_column("Joined", codes.VENUE_MODES, "As the review")],
                                    "Add someone who attended", empty_text="Nobody added yet.")
        self.apologies = RowsEditor([text_column("Name", stretch=2), code_column("Role", codes.ATTENDEE_ROLES),
                                     text_column("Role, in their words", stretch=2)],
                                    "Add an apology", empty_text="No apologies.")
        self.parents = RowsEditor([text_column("Who", "Mum, Dad, Stepfather…", 1),
                                   code_column("How they took part", codes.PARENT_PARTICIPATION),
                                   text_column("Note", stretch=2)], "Add a parent", empty_text="No parents added.")
        people.addWidget(QLabel("<b>Attended</b>"))
        people.addWidget(self.attendees)
        people.addWidget(QLabel("<b>Apologies</b>"))
        people.addWidget(self.apologies)
        people.addWidget(QLabel("<b>Parents' participation</b>"))
        people.addWidget(self.parents)
        layout.addWidget(box)

        # Support.
        box, form = form_group("Advocate and interpreter")
        self.advocate_offered = YesNo(name="Advocate offered")
        self.advocate_used = YesNo(name="Advocate used")
        self.interpreter_used = QCheckBox("An interpreter was used")
        self.interpreter_language = _line("Interpreter's language", "Language")
        interp = QHBoxLayout()
        interp.addWidget(self.interpreter_used)
        interp.addWidget(self.interpreter_language, 1)
        form.addRow("Advocate offered:", self.advocate_offered)
        form.addRow("Advocate used:", self.advocate_used)
        form.addRow("Interpreter:", interp)
        layout.addWidget(box)

        # Consultation forms.
        box = QGroupBox("Consultation forms returned")
        grid = QGridLayout(box)
        self.consultation: dict[str, QCheckBox] = {}
        for i, (key, words) in enumerate(codes.CONSULTATION_GROUPS.items()):
            check = QCheckBox(words)
            self.consultation[key] = check
            grid.addWidget(check, i // 3, i % 3)
        self.consultation_others = _line("Who the others were", "Who the others were")
        grid.addWidget(self.consultation_others, 2, 0, 1, 3)
        layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)

        for w in (self.review_type, self.venue_mode):
            w.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.participation.currentIndexChanged.connect(lambda _i: self._participation_changed())
        for w in (self.venue, self.not_seen_reason, self.interpreter_language, self.consultation_others):
            w.textEdited.connect(lambda _t: self.changed.emit())
        for w in (self.meetings, self.attendees, self.apologies, self.parents, self.advocate_offered,
                  self.advocate_used):
            w.changed.connect(self.changed)
        self.seen_alone.changed.connect(self._seen_changed)
        self.seen_alone_date.dateChanged.connect(lambda _d: self.changed.emit())
        self.review_date.dateChanged.connect(lambda _d: self._date_changed())
        self.held_as_series.toggled.connect(self._series_toggled)
        self.interpreter_used.toggled.connect(self._interpreter_toggled)
        for check in self.consultation.values():
            check.toggled.connect(lambda _on: self._consultation_toggled())

    # ---- loading and collecting ------------------------------------------------------------

    def load(self, d: ReviewDetails) -> None:
        self._loaded = d
        widgets = [self.review_date, self.review_type, self.venue_mode, self.participation, self.seen_alone_date,
                   self.held_as_series, self.interpreter_used] + list(self.consultation.values())
        for w in widgets:
            w.blockSignals(True)
        try:
            self.review_date.set_value(d.review_date)
            self.review_type.set_value(d.review_type or None)
            self.venue_mode.set_value(d.venue_mode)
            self.venue.setText(d.venue)
            self.held_as_series.setChecked(d.held_as_series)
            self.meetings.set_values([[m.meeting_date, m.venue_mode, m.venue] for m in d.meetings])
            self.attendees.set_values([[a.name, a.role, a.role_detail, a.how] for a in d.attendees])
            self.apologies.set_values([[a.name, a.role, a.role_detail] for a in d.apologies])
            self.parents.set_values([[p.who, p.how, p.note] for p in d.parents])
            self.seen_alone.blockSignals(True)
            self.seen_alone.set_value(d.seen_alone)
            self.seen_alone.blockSignals(False)
            self.seen_alone_date.set_value(d.seen_alone_date)
            self.not_seen_reason.setText(d.not_seen_alone_reason)
            self.advocate_offered.set_value(d.advocate_offered)
            self.advocate_used.set_value(d.advocate_used)
            self.interpreter_used.setChecked(d.interpreter_used)
            self.interpreter_language.setText(d.interpreter_language)
            for key, check in self.consultation.items():
                check.setChecked(bool(d.consultation_returned.get(key)))
            self.consultation_others.setText(d.consultation_others)
            self._refresh_participation(d.participation_code)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._show_hide()

    def collect(self) -> ReviewDetails:
        old = self._loaded
        assert old is not None
        consultation = dict(old.consultation_returned)
        for key, check in self.consultation.items():
            if check.isChecked():
                consultation[key] = True
            elif key in consultation:
                consultation[key] = False
        return ReviewDetails(
            review_date=self.review_date.value() or old.review_date,
            review_type=keep_blank(self.review_type.value(), old.review_type),
            venue_mode=keep_blank(self.venue_mode.value(), old.venue_mode),
            venue=self.venue.text(),
            held_as_series=self.held_as_series.isChecked(),
            meetings=[Meeting(d, m, v) for d, m, v in self.meetings.values()],
            attendees=[Attendee(n, r, detail, how) for n, r, detail, how in self.attendees.values()],
            apologies=[Attendee(n, r, detail) for n, r, detail in self.apologies.values()],
            seen_alone=self.seen_alone.value(),
            seen_alone_date=self.seen_alone_date.value(),
            not_seen_alone_reason=self.not_seen_reason.text(),
            participation_code=keep_blank(self.participation.value(), old.participation_code),
            parents=[ParentParticipation(w, h, n) for w, h, n in self.parents.values()],
            advocate_offered=self.advocate_offered.value(),
            advocate_used=self.advocate_used.value(),
            interpreter_used=self.interpreter_used.isChecked(),
            interpreter_language=self.interpreter_language.text(),
            consultation_returned=consultation,
            consultation_others=self.consultation_others.text(),
        )

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.review_date, self.review_type, self.venue_mode, self.venue, self.held_as_series,
                  self.seen_alone, self.seen_alone_date, self.not_seen_reason, self.participation,
                  self.advocate_offered, self.advocate_used, self.interpreter_used, self.interpreter_language,
                  self.consultation_others, *self.consultation.values()):
            w.setEnabled(not read_only)
        for rows in (self.meetings, self.attendees, self.apologies, self.parents):
            rows.set_read_only(read_only)
        if not read_only:
            self._show_hide()

    # ---- reacting --------------------------------------------------------------------------

    def _refresh_participation(self, keep: str | None) -> None:
        offer = codes.participation_offer(self.date_of_birth, self.review_date.value())
        self.participation.set_allowed(offer.allowed, offer.suggested if keep is None and offer.suggested else keep)
        self.participation_hint.setText(offer.hint)
        self._show_participation_words()

    def _show_participation_words(self) -> None:
        code = self.participation.value()
        self.participation_words.setText(f"{code}: {codes.PARTICIPATION[code]}" if code in codes.PARTICIPATION
                                         else "")
        self.participation_words.setVisible(bool(self.participation_words.text()))

    def _participation_changed(self) -> None:
        self._show_participation_words()
        self.changed.emit()

    def _date_changed(self) -> None:
        self._refresh_participation(self.participation.value())
        self.review_date_changed.emit()
        self.changed.emit()

    def _seen_changed(self) -> None:
        self._show_hide()
        self.changed.emit()

    def _series_toggled(self, _on: bool) -> None:
        self._show_hide()
        self.changed.emit()

    def _interpreter_toggled(self, _on: bool) -> None:
        self._show_hide()
        self.changed.emit()

    def _consultation_toggled(self) -> None:
        self._show_hide()
        self.changed.emit()

    def _show_hide(self) -> None:
        seen = self.seen_alone.value()
        self._seen_form.setRowVisible(self.seen_alone_date, seen is True)
        self._seen_form.setRowVisible(self.not_seen_reason, seen is False)
        self._review_form.setRowVisible(self.meetings, self.held_as_series.isChecked())
        self.interpreter_language.setEnabled(self.interpreter_used.isChecked() and self.interpreter_used.isEnabled())
        self.consultation_others.setVisible(self.consultation["others"].isChecked()
                                            or bool(self.consultation_others.text()))


# ---- decisions -------------------------------------------------------------------------------

def _status_words(tracked: TrackedRecommendation | None) -> str:
    if tracked is None:
        return "New: tracked from when the record is finalised."
    status = codes.RECOMMENDATION_STATUSES.get(tracked.status, tracked.status)
    when = f" on {uk_date(tracked.status_on)}" if tracked.status_on else ""
    return f"Status: {status}{when}" + (f" — {tracked.status_note}" if tracked.status_note else "")


class DecisionRow(QFrame):
    """One decision, SMART: what, who (role and name), by when; and how the letter words it."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, r: Recommendation, tracked: TrackedRecommendation | None, carried_words: str,
                 sentence: Callable[[Recommendation], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decision")
        self.setStyleSheet("QFrame#decision { border: 1px solid #dde1e6; border-radius: 4px; background: #fbfbfc; }")
        self._loaded = r
        self._sentence = sentence
        self.what = _line("What will be done", "What will be done, for example: arrange family time with Nan "
                                               "every month")
        self.what.setText(r.what)
        self.role = CodeCombo(codes.ATTENDEE_ROLES, blank_text="Who will do it?", show_code=False)
        self.role.setAccessibleName("Who will do it (role)")
        self.role.set_value(r.who_role or None)
        self.name = _line("Their name", "Their name")
        self.name.setText(r.who_name)
        self.by_when = OptionalDateEdit(blank_text="By when?")
        self.by_when.setAccessibleName("By when")
        self.by_when.set_value(r.by_when)
        self.child_words = _line("In the letter")
        self.child_words.setText(r.child_words)
        self.status = QLabel(_status_words(tracked))
        self.status.setStyleSheet("color: #455a64;")
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName("Remove this decision")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(QLabel("What:"), 0, 0)
        grid.addWidget(self.what, 0, 1, 1, 4)
        grid.addWidget(self.remove, 0, 5)
        grid.addWidget(QLabel("Who:"), 1, 0)
        grid.addWidget(self.role, 1, 1)
        grid.addWidget(self.name, 1, 2)
        grid.addWidget(QLabel("By:"), 1, 3)
        grid.addWidget(self.by_when, 1, 4)
        grid.addWidget(QLabel("Letter:"), 2, 0)
        grid.addWidget(self.child_words, 2, 1, 1, 5)
        grid.addWidget(self.status, 3, 1, 1, 5)
        if carried_words:
            carried = QLabel(f"Carried forward from: {carried_words}")
            carried.setWordWrap(True)
            carried.setStyleSheet("color: #455a64;")
            grid.addWidget(carried, 4, 1, 1, 5)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        self.what.textEdited.connect(lambda _t: self._changed())
        self.name.textEdited.connect(lambda _t: self._changed())
        self.child_words.textEdited.connect(lambda _t: self._changed())
        self.role.currentIndexChanged.connect(lambda _i: self._changed())
        self.by_when.dateChanged.connect(lambda _d: self._changed())
        self._update_placeholder()

    def value(self) -> Recommendation:
        old = self._loaded
        return Recommendation(what=self.what.text(), who_role=keep_blank(self.role.value(), old.who_role),
                              by_when=self.by_when.value(), who_name=self.name.text(),
                              child_words=self.child_words.text(), uid=old.uid, carried_from=old.carried_from)

    def _changed(self) -> None:
        self._update_placeholder()
        self.changed.emit()

    def _update_placeholder(self) -> None:
        r = self.value()
        r.child_words = ""
        generated = self._sentence(r) if r.what.strip() else ""
        self.child_words.setPlaceholderText(f"Written for the child: {generated}  (type to word it yourself)"
                                            if generated else "How the letter says it (written for you)")
        self.child_words.setToolTip(generated)

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.what, self.role, self.name, self.by_when, self.child_words, self.remove):
            w.setEnabled(not read_only)


class EarlierRow(QFrame):
    """An open decision from an earlier review, and what this review decided about it."""

    changed = Signal()
    carry_requested = Signal(str)  # uid

    def __init__(self, p: PreviousOutcome, tracked: TrackedRecommendation | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("earlier")
        self.setStyleSheet("QFrame#earlier { border: 1px solid #dde1e6; border-radius: 4px; }")
        self._loaded = p
        if tracked is not None:
            who = codes.ATTENDEE_ROLES.get(tracked.who_role, tracked.who_role)
            name = f" ({tracked.who_name})" if tracked.who_name else ""
            text = (f"<b>{_esc(tracked.what)}</b><br><span style='color:#455a64'>{_esc(who)}{_esc(name)}, by "
                    f"{uk_date(tracked.by_when)} · from the review on {uk_date(tracked.made_on)}</span>")
        else:
            text = "<b>A decision from an earlier review</b>"
        label = QLabel(text)
        label.setWordWrap(True)
        self.outcome = CodeCombo(codes.OUTCOMES, blank_text="Not decided yet", show_code=False)
        self.outcome.setAccessibleName("What happened to it")
        self.outcome.set_value(p.outcome)
        self.note = _line("Note about what happened", "A short note (optional)")
        self.note.setText(p.note)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(label, 0, 0, 1, 3)
        grid.addWidget(QLabel("Outcome:"), 1, 0)
        grid.addWidget(self.outcome, 1, 1)
        grid.addWidget(self.note, 1, 2)
        grid.setColumnStretch(2, 1)
        self.outcome.currentIndexChanged.connect(lambda _i: self._outcome_changed())
        self.note.textEdited.connect(lambda _t: self.changed.emit())

    @property
    def uid(self) -> str:
        return self._loaded.uid

    def value(self) -> PreviousOutcome:
        return PreviousOutcome(self._loaded.uid, self.outcome.value(), self.note.text())

    def _outcome_changed(self) -> None:
        if self.outcome.value() == codes.CARRY_FORWARD:
            self.carry_requested.emit(self._loaded.uid)
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.outcome.setEnabled(not read_only)
        self.note.setEnabled(not read_only)


def _esc(text: str) -> str:
    return escape(text)


class DecisionsPage(QScrollArea):
    changed = Signal()
    carry_requested = Signal(str)  # uid of an earlier decision to carry forward

    def __init__(self, sentence: Callable[[Recommendation], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._sentence = sentence
        self.tracked: dict[str, TrackedRecommendation] = {}
        self.rows: list[DecisionRow] = []
        self.earlier: list[EarlierRow] = []
        self._read_only = False
        inner = QWidget()
        inner.setMaximumWidth(PAGE_WIDTH)
        layout = QVBoxLayout(inner)
        self.earlier_box = QGroupBox("Decisions from earlier reviews")
        self.earlier_layout = QVBoxLayout(self.earlier_box)
        self.earlier_layout.addWidget(hint_label("Say what happened to each one. “Carried forward” adds it to this "
                                                 "review's decisions below, where you can give it a new date."))
        box = QGroupBox("Decisions of this review")
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(hint_label("Each decision says what will be done, who will do it and by when. The "
                                        "letter's “What will happen next” is written from them, in words for the "
                                        "child, until you change that section yourself."))
        self.rows_layout = QVBoxLayout()
        box_layout.addLayout(self.rows_layout)
        self.empty = QLabel("No decisions yet.")
        self.empty.setStyleSheet("color: #666;")
        box_layout.addWidget(self.empty)
        self.add_button = QPushButton("Add a decision")
        self.add_button.clicked.connect(self.add_decision)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        box_layout.addLayout(add_row)
        layout.addWidget(self.earlier_box)
        layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)

    def load(self, recommendations: list[Recommendation], previous: list[PreviousOutcome],
             tracked: dict[str, TrackedRecommendation]) -> None:
        self.tracked = tracked
        for row in self.rows + self.earlier:
            row.setParent(None)
            row.deleteLater()
        self.rows, self.earlier = [], []
        for p in previous:
            row = EarlierRow(p, tracked.get(p.uid))
            row.changed.connect(self.changed)
            row.carry_requested.connect(self._carry)
            row.set_read_only(self._read_only)
            self.earlier.append(row)
            self.earlier_layout.addWidget(row)
        self.earlier_box.setVisible(bool(previous))
        for r in recommendations:
            self._add_row(r)
        self._update_empty()

    def _carry(self, uid: str) -> None:
        if any(row.value().carried_from == uid for row in self.rows):
            return  # already carried: nothing to add
        self.carry_requested.emit(uid)

    def _add_row(self, r: Recommendation) -> DecisionRow:
        carried = self.tracked.get(r.carried_from) if r.carried_from else None
        row = DecisionRow(r, self.tracked.get(r.uid), carried.what if carried else "", self._sentence)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove)
        row.set_read_only(self._read_only)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        return row

    def add_decision(self) -> None:
        row = self._add_row(Recommendation("", "", None))
        self._update_empty()
        row.what.setFocus()
        self.ensureWidgetVisible(row)
        self.changed.emit()

    def _remove(self, row: DecisionRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._update_empty()
        self.changed.emit()

    def _update_empty(self) -> None:
        self.empty.setVisible(not self.rows)

    def recommendations(self) -> list[Recommendation]:
        return [row.value() for row in self.rows]

    def previous(self) -> list[PreviousOutcome]:
        return [row.value() for row in self.earlier]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows + self.earlier:
            row.set_read_only(read_only)
        self.add_button.setEnabled(not read_only)

    def refresh_placeholders(self) -> None:
        for row in self.rows:
            row._update_placeholder()


# ---- quality assurance -----------------------------------------------------------------------

class QualityPage(QScrollArea):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._loaded: QualityAssurance | None = None
        inner = QWidget()
        inner.setMaximumWidth(PAGE_WIDTH)
        layout = QVBoxLayout(inner)
        notice = QLabel("For your manager and the annual IRO report. <b>Never part of the child's letter</b> "
                        "and never printed on it.")
        notice.setWordWrap(True)
        notice.setObjectName("qaNotice")
        notice.setStyleSheet("QLabel#qaNotice { background: #eceff1; border: 1px solid #b0bec5; border-radius: 4px; "
                             "padding: 8px; color: #263238; }")
        layout.addWidget(notice)
        box, form = form_group("Quality ratings")
        self.care_planning = CodeCombo(codes.RAG, blank_text="Not rated", show_code=False)
        self.care_planning.setAccessibleName("Progress of the care plan (rating)")
        self.preparation = CodeCombo(codes.RAG, blank_text="Not rated", show_code=False)
        self.preparation.setAccessibleName("Preparation for the review (rating)")
        self.social_worker_report = YesNo(name="Social worker's report ready in time")
        self.care_plan_up_to_date = YesNo(name="Care plan up to date")
        self.child_prepared = YesNo(name="Child prepared for the review")
        form.addRow("Progress of the care plan:", self.care_planning)
        form.addRow("Preparation for the review:", self.preparation)
        form.addRow("Social worker's report ready in time:", self.social_worker_report)
        form.addRow("Care plan up to date:", self.care_plan_up_to_date)
        form.addRow("Child helped to prepare:", self.child_prepared)
        layout.addWidget(box)
        box, form = form_group("Good practice")
        self.good_practice = QCheckBox("Notify good practice")
        self.good_practice_note = _line("What the good practice was", "What the good practice was, in a sentence")
        form.addRow("", self.good_practice)
        form.addRow("Note:", self.good_practice_note)
        layout.addWidget(box)
        box, form = form_group("Anything else for your manager")
        self.note = plain_note_edit("Note for your manager", lines=4)
        form.addRow(self.note)
        layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)
        for combo in (self.care_planning, self.preparation):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for w in (self.social_worker_report, self.care_plan_up_to_date, self.child_prepared):
            w.changed.connect(self.changed)
        self.good_practice.toggled.connect(lambda _on: self._good_practice_toggled())
        self.good_practice_note.textEdited.connect(lambda _t: self.changed.emit())
        self.note.textChanged.connect(self.changed)

    def load(self, qa: QualityAssurance) -> None:
        self._loaded = qa
        for w in (self.care_planning, self.preparation, self.good_practice, self.note,
                  self.social_worker_report, self.care_plan_up_to_date, self.child_prepared):
            w.blockSignals(True)
        try:
            self.care_planning.set_value(qa.care_planning_rag)
            self.preparation.set_value(qa.preparation_rag)
            self.social_worker_report.set_value(qa.social_worker_report)
            self.care_plan_up_to_date.set_value(qa.care_plan_up_to_date)
            self.child_prepared.set_value(qa.child_prepared)
            self.good_practice.setChecked(qa.good_practice)
            self.good_practice_note.setText(qa.good_practice_note)
            self.note.setPlainText(qa.note)
        finally:
            for w in (self.care_planning, self.preparation, self.good_practice, self.note,
                      self.social_worker_report, self.care_plan_up_to_date, self.child_prepared):
                w.blockSignals(False)
        self.good_practice_note.setEnabled(qa.good_practice or bool(qa.good_practice_note))

    def collect(self) -> QualityAssurance:
        old = self._loaded or QualityAssurance()
        return QualityAssurance(
            care_planning_rag=keep_blank(self.care_planning.value(), old.care_planning_rag),
            preparation_rag=keep_blank(self.preparation.value(), old.preparation_rag),
            social_worker_report=self.social_worker_report.value(),
            care_plan_up_to_date=self.care_plan_up_to_date.value(),
            child_prepared=self.child_prepared.value(),
            good_practice=self.good_practice.isChecked(),
            good_practice_note=self.good_practice_note.text(),
            note=self.note.toPlainText())

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.care_planning, self.preparation, self.social_worker_report, self.care_plan_up_to_date,
                  self.child_prepared, self.good_practice, self.good_practice_note):
            w.setEnabled(not read_only)
        self.note.setReadOnly(read_only)
        self.note.setEnabled(not read_only)
        if not read_only:
            self.good_practice_note.setEnabled(self.good_practice.isChecked() or bool(self.good_practice_note.text()))

    def _good_practice_toggled(self) -> None:
        self.good_practice_note.setEnabled(self.good_practice.isChecked() or bool(self.good_practice_note.text()))
        self.changed.emit()
