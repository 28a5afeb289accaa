"""The review record's details page: the meeting (a series, a meeting rearranged and why),
Regulation 36, how the child took part (the participation code, and whether they attended), the
plans the review checked, advocate and interpreter, who was consulted and who came. The page fills
itself from core content (``load``) and reads it back (``collect``) so that an untouched page
gives back exactly what it was given.

Which participation codes this child may have on this date is the core's to say; the page only
offers its list and shows its answers.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget,
)

from iro_desktop.reviews import codes
from iro_desktop.reviews.model import Attendee, Meeting, ParentParticipation, ReviewDetails
from iro_desktop.reviews.series import first_meeting

from ui.common.form_widgets import CodeCombo, OptionalDateEdit
from ui.common.widgets import RowsEditor, YesNo, code_column, date_column, hint_label, text_column
from ui.records.record_form import PAGE_WIDTH, form_group, keep_blank, line_edit


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


def _show_rows(rows: RowsEditor, values: list[list]) -> None:
    """Rows already showing ``values`` (the page shown again after finalising, say) are kept:
    rebuilt, the old ones would linger, still enabled, until Qt deletes them."""
    if rows.values() != values:
        rows.set_values(values)


class DetailsPage(QScrollArea):
    changed = Signal()
    review_date_changed = Signal()
    people_changed = Signal(list)  # the attendees on screen (Attendee), for the decisions' "who"

    def __init__(self, date_of_birth: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Details")  # the page scrolls, and takes the focus to do it
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
        self.venue = line_edit("Where", "For example: Foster carers' home (Joan and Pete Smith), Willowbank House")
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
        self.series_hint = hint_label("A review held as a series counts from its first meeting: the review date "
                                      "follows the earliest meeting you add.")
        form.addRow(self.series_hint)
        self.rearranged = QCheckBox("The review meeting was rearranged")
        self.rearranged.setAccessibleName("The review meeting was rearranged")
        self.rearranged_reason = line_edit("Why the review meeting was rearranged",
                                           "For example: the social worker was ill, the child asked to move it")
        form.addRow("", self.rearranged)
        form.addRow("Why it was rearranged:", self.rearranged_reason)
        self._review_form = form
        layout.addWidget(box)

        # Regulation 36.
        box, form = form_group("Regulation 36: speaking with the child on their own before the review")
        self.seen_alone = YesNo("Yes", "No", "Not recorded yet", name="Seen alone before the review")
        self.seen_alone_date = OptionalDateEdit()
        self.seen_alone_date.setAccessibleName("Date seen alone")
        self.not_seen_reason = line_edit("Why not", "For example: they did not want to, or they were too unwell")
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
        self.child_attended = YesNo(name="Child attended the review meeting")
        form.addRow("Did the child attend the meeting?", self.child_attended)
        layout.addWidget(box)

        # What the review checked, for the annual report (never in the child's letter).
        box, form = form_group("Plans the review checked (for the annual report; not in the letter)")
        self.health_assessment = YesNo(name="Health assessment up to date")
        self.pep = YesNo(name="Personal education plan up to date")
        self.permanence_plan = YesNo(name="Permanence plan in place")
        form.addRow("Health assessment up to date:", self.health_assessment)
        form.addRow("Personal education plan (PEP) up to date:", self.pep)
        form.addRow("Permanence plan in place:", self.permanence_plan)
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
        self.interpreter_language = line_edit("Interpreter's language", "Language")
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
        self.consultation_others = line_edit("Who the others were", "Who the others were")
        grid.addWidget(self.consultation_others, 2, 0, 1, 3)
        layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)

        for w in (self.review_type, self.venue_mode):
            w.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.participation.currentIndexChanged.connect(lambda _i: self._participation_changed())
        for w in (self.venue, self.not_seen_reason, self.interpreter_language, self.consultation_others,
                  self.rearranged_reason):
            w.textEdited.connect(lambda _t: self.changed.emit())
        for w in (self.attendees, self.apologies, self.parents, self.advocate_offered,
                  self.advocate_used, self.child_attended, self.health_assessment, self.pep, self.permanence_plan):
            w.changed.connect(self.changed)
        self.meetings.changed.connect(self._meetings_changed)
        self.attendees.changed.connect(lambda: self.people_changed.emit(self.people()))
        self.rearranged.toggled.connect(self._rearranged_toggled)
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
                   self.held_as_series, self.interpreter_used, self.rearranged, self.meetings] + list(
                       self.consultation.values())
        for w in widgets:
            w.blockSignals(True)
        try:
            self.review_date.set_value(d.review_date)
            self.review_type.set_value(d.review_type or None)
            self.venue_mode.set_value(d.venue_mode)
            self.venue.setText(d.venue)
            self.held_as_series.setChecked(d.held_as_series)
            _show_rows(self.meetings, [[m.meeting_date, m.venue_mode, m.venue] for m in d.meetings])
            _show_rows(self.attendees, [[a.name, a.role, a.role_detail, a.how] for a in d.attendees])
            _show_rows(self.apologies, [[a.name, a.role, a.role_detail] for a in d.apologies])
            _show_rows(self.parents, [[p.who, p.how, p.note] for p in d.parents])
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
            self.child_attended.set_value(d.child_attended)
            self.health_assessment.set_value(d.health_assessment_up_to_date)
            self.pep.set_value(d.pep_up_to_date)
            self.permanence_plan.set_value(d.permanence_plan_in_place)
            self.rearranged.setChecked(d.rearranged)
            self.rearranged_reason.setText(d.rearranged_reason)
            self._refresh_participation(d.participation_code)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._show_hide()
        self.people_changed.emit(self.people())

    def people(self) -> list[Attendee]:
        """Who is listed as attending, as on screen now."""
        return [Attendee(n, r, detail, how) for n, r, detail, how in self.attendees.values()]

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
            attendees=self.people(),
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
            child_attended=self.child_attended.value(),
            health_assessment_up_to_date=self.health_assessment.value(),
            pep_up_to_date=self.pep.value(),
            permanence_plan_in_place=self.permanence_plan.value(),
            rearranged=self.rearranged.isChecked(),
            # A reason is kept only for a meeting that was rearranged, so unticking clears it.
            rearranged_reason=self.rearranged_reason.text() if self.rearranged.isChecked() else "",
        )

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.review_date, self.review_type, self.venue_mode, self.venue, self.held_as_series,
                  self.seen_alone, self.seen_alone_date, self.not_seen_reason, self.participation,
                  self.advocate_offered, self.advocate_used, self.interpreter_used, self.interpreter_language,
                  self.consultation_others, self.child_attended, self.health_assessment, self.pep,
                  self.permanence_plan, self.rearranged, self.rearranged_reason, *self.consultation.values()):
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
        self._follow_first_meeting()
        self.changed.emit()

    def _meetings_changed(self) -> None:
        self._follow_first_meeting()
        self.changed.emit()

    def _follow_first_meeting(self) -> None:
        """The review date moves to the series' first meeting: the core says which day that is."""
        if self._loaded is None:
            return
        first = first_meeting(self.collect())
        if first is not None and first != self.review_date.value():
            self.review_date.set_value(first)  # its dateChanged refreshes the codes and the next review

    def _rearranged_toggled(self, _on: bool) -> None:
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
        self._review_form.setRowVisible(self.series_hint, self.held_as_series.isChecked())
        self._review_form.setRowVisible(self.rearranged_reason, self.rearranged.isChecked())
        self.interpreter_language.setEnabled(self.interpreter_used.isChecked() and self.interpreter_used.isEnabled())
        self.consultation_others.setVisible(self.consultation["others"].isChecked()
                                            or bool(self.consultation_others.text()))
