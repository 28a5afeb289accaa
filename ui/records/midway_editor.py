"""The midway review editor: how the plan is going half-way between reviews.

The date and how it was done, progress on each open decision with a note, what the child has
said since the review, new concerns, an escalation when one is needed (raised now as a tracked
escalation, at the council's first stage: ``iro_desktop.escalations``), and a short note the IRO
may send to the child, written with the letter's tools (``note_writer``). A decision whose date
has passed by the midway date says so, in words.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from iro_desktop.errors import IroError, ValidationError
from iro_desktop.escalations import stages, tracker
from iro_desktop.reviews import codes, midway
from iro_desktop.reviews.editor_data import OpenData
from iro_desktop.reviews.model import MidwayContent
from iro_desktop.reviews.record_kinds import MIDWAY_API

from ui.common.form_widgets import CodeCombo, OptionalDateEdit
from ui.escalations.dialogs import RaiseDialog, RaiseValues
from ui.common.formatting import uk_date
from ui.records import phrase_jobs
from ui.records.note_writer import NoteWriter
from ui.records.text.markup_edit import MarkupTextEdit
from ui.records.record_editor import RecordEditor
from ui.records.record_kinds import EditorContext
from ui.common.widgets import InfoBar, hint_label
from ui.records.record_form import PAGE_WIDTH, keep_blank
from ui.records.tracked_decision_row import ProgressRow


class MidwayEditor(RecordEditor):
    def __init__(self, ctx: EditorContext, data: OpenData, *, version: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, MIDWAY_API, data, version=version, parent=parent)
        self.tabs.setCurrentIndex(0)
        self._show_escalations()

    def build_pages(self) -> None:
        # The midway review itself: date, how, progress on each open decision.
        self.rows: list[ProgressRow] = []
        page = QWidget()
        page.setMaximumWidth(PAGE_WIDTH)
        layout = QVBoxLayout(page)
        box = QGroupBox("The midway review")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.midway_date = OptionalDateEdit(blank_text="Choose the date")
        self.midway_date.setAccessibleName("Date of the midway review")
        self.how = CodeCombo(codes.MIDWAY_HOW, blank_text="Choose…", show_code=False)
        self.how.setAccessibleName("How it was done")
        form.addRow("Date:", self.midway_date)
        form.addRow("How:", self.how)
        layout.addWidget(box)
        progress_box = QGroupBox("Progress on the decisions of the review")
        self.progress_layout = QVBoxLayout(progress_box)
        self.no_progress = hint_label("There are no open decisions from the review to report on.")
        self.progress_layout.addWidget(self.no_progress)
        layout.addWidget(progress_box)
        layout.addStretch(1)
        area = QScrollArea()
        area.setAccessibleName("Midway review")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        self.main_page = area

        # What the child has said, and concerns.
        views = QWidget()
        views_layout = QVBoxLayout(views)
        self.child_views = MarkupTextEdit(accessible_name="The child's views since the review")
        self.child_views.wording_table = None  # the IRO's own notes: no suggestions here
        self.child_views.setPlaceholderText("What the child has told you since the review, in their words")
        self.new_concerns = MarkupTextEdit(accessible_name="New concerns")
        self.new_concerns.wording_table = None
        self.new_concerns.setPlaceholderText("Anything new that worries you")
        for box in (self.child_views, self.new_concerns):
            self.enable_spelling(box)
        views_layout.addWidget(QLabel("<b>The child's views since the review</b>"))
        views_layout.addWidget(self.child_views, 2)
        views_layout.addWidget(QLabel("<b>New concerns</b>"))
        views_layout.addWidget(self.new_concerns, 1)
        escalation = QGroupBox("Escalation")
        esc_layout = QVBoxLayout(escalation)
        self.escalation_needed = QCheckBox("An escalation is needed")
        self.escalation_details = QPlainTextEdit()
        self.escalation_details.setAccessibleName("What the escalation is about")
        self.escalation_details.setPlaceholderText("What is not happening for the child, and what you want resolved")
        self.escalation_details.setFixedHeight(self.escalation_details.fontMetrics().lineSpacing() * 3 + 14)
        self.escalate_button = QPushButton("An escalation is needed — start it now…")
        self.escalate_button.clicked.connect(self.start_escalation)
        self.escalations = InfoBar(tone="warn")
        row = QHBoxLayout()
        row.addWidget(self.escalation_needed)
        row.addStretch(1)
        row.addWidget(self.escalate_button)
        esc_layout.addLayout(row)
        esc_layout.addWidget(self.escalation_details)
        esc_layout.addWidget(self.escalations)
        views_layout.addWidget(escalation)
        self.views_page = views

        # The note to the child.
        note = QWidget()
        note_layout = QVBoxLayout(note)
        note_layout.addWidget(hint_label("A short, warm note you may send to the child: how things are going and "
                                         "what happens next. Written to them, in their words."))
        dear_row = QHBoxLayout()
        dear_row.setSpacing(4)
        self.addressed_to = QLineEdit()
        self.addressed_to.setAccessibleName("The name the child likes to be called")
        self.addressed_to.setMaximumWidth(220)
        dear_row.addWidget(QLabel("Dear"))
        dear_row.addWidget(self.addressed_to)
        dear_row.addWidget(QLabel(","))
        dear_row.addStretch(1)
        note_layout.addLayout(dear_row)
        self.note_writer = NoteWriter(accessible_name="Note to the child", heading="The note",
                                      phrases=lambda: self.ctx.phrases,
                                      keep_phrase=lambda title, body, key: phrase_jobs.keep_phrase(self, title, body,
                                                                                                   key),
                                      add_starters=lambda: phrase_jobs.add_starters(self),
                                      table=self.ctx.wording, adopt_clipboard=self.ctx.adopt_clipboard,
                                      spell=self.enable_spelling)
        self.note_writer.setPlaceholderText("It was good to talk to you on…")
        self.note_writer.readability_wanted.connect(self.refresh_readability)
        # The editor's own names for the writer's parts: the tests and the print preview reach them here.
        self.child_note = self.note_writer.box
        self.note_suggestion = self.note_writer.suggestion_bar
        note_layout.addWidget(self.note_writer, 1)
        self.note_page = note

        self.tabs.addTab(self.main_page, "Midway review")
        self.tabs.addTab(self.views_page, "Views and concerns")
        self.tabs.addTab(self.note_page, "Note to the child")

        self.midway_date.dateChanged.connect(lambda _d: self.changed())
        self.how.currentIndexChanged.connect(lambda _i: self.changed())
        for edit in (self.child_views, self.new_concerns):
            edit.markup_changed.connect(self.changed)
        self.note_writer.changed.connect(self.changed)
        self.midway_date.dateChanged.connect(lambda _d: self._midway_date_changed())
        self.escalation_needed.toggled.connect(lambda _on: self._escalation_toggled())
        self.escalation_details.textChanged.connect(self.changed)
        self.addressed_to.textEdited.connect(lambda _t: self.changed())

    def load(self, content: MidwayContent) -> None:
        self._loaded_content = content
        for w in (self.midway_date, self.how, self.escalation_needed, self.escalation_details):
            w.blockSignals(True)
        try:
            self.midway_date.set_value(content.midway_date)
            self.how.set_value(content.how)
            self.escalation_needed.setChecked(content.escalation_needed)
            self.escalation_details.setPlainText(content.escalation_details)
        finally:
            for w in (self.midway_date, self.how, self.escalation_needed, self.escalation_details):
                w.blockSignals(False)
        self.child_views.set_markup(content.child_views)
        self.new_concerns.set_markup(content.new_concerns)
        self.note_writer.set_markup(content.child_note)
        self.addressed_to.setText(content.addressed_to)
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        tracked = self.extra.get("tracked", {})
        for p in content.progress:
            row = ProgressRow(p, tracked.get(p.uid))
            row.changed.connect(self.changed)
            row.show_past_due(self._progress_date())
            self.rows.append(row)
            self.progress_layout.addWidget(row)
        self.no_progress.setVisible(not self.rows)
        self._update_escalation()

    def collect(self) -> MidwayContent:
        old = self._loaded_content
        return MidwayContent(
            midway_date=self.midway_date.value() or old.midway_date,
            how=keep_blank(self.how.value(), old.how),
            progress=[row.value() for row in self.rows],
            child_views=self.child_views.markup(),
            new_concerns=self.new_concerns.markup(),
            escalation_needed=self.escalation_needed.isChecked(),
            escalation_details=self.escalation_details.toPlainText(),
            child_note=self.child_note.markup(),
            addressed_to=self.addressed_to.text())

    def set_pages_read_only(self, read_only: bool) -> None:
        for w in (self.midway_date, self.how, self.escalation_needed, self.addressed_to, self.escalate_button):
            w.setEnabled(not read_only)
        self.escalation_details.setReadOnly(read_only)
        self.escalation_details.setEnabled(not read_only)
        for edit in (self.child_views, self.new_concerns):
            edit.set_read_only(read_only)
        self.note_writer.set_read_only(read_only)
        for row in self.rows:
            row.set_read_only(read_only)

    def tab_for_field(self, where: str) -> QWidget | None:
        if where.startswith(("midway_date", "how", "progress")):
            return self.main_page
        if where.startswith(("child_views", "new_concerns", "escalation")):
            return self.views_page
        if where.startswith("child_note"):
            return self.note_page
        return None

    # ---- escalation ------------------------------------------------------------------------

    def _escalation_toggled(self) -> None:
        self._update_escalation()
        self.changed()

    def _update_escalation(self) -> None:
        needed = self.escalation_needed.isChecked()
        self.escalation_details.setVisible(needed or bool(self.escalation_details.toPlainText().strip()))

    def start_escalation(self) -> None:
        """The escalation tracker's raise dialog, for this child and this midway review."""
        if self.read_only:
            return
        vault = self.vault

        def show(settings) -> None:
            if not self.session_ok():
                return
            dialog = RaiseDialog(self, [(self.ctx.child_id, self.ctx.child_name)], settings, date.today(),
                                 child_id=self.ctx.child_id, description=self.escalation_details.toPlainText(),
                                 record_id=self.record.id)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.submitted.connect(lambda values: self._start_escalation(dialog, values))
            self.pending_dialog = dialog
            dialog.open()

        self.ctx.worker.run(lambda: stages.stage_settings(vault), text="Reading the stages…", done=show,
                            failed=self._failed("The escalation could not be started"))

    def _start_escalation(self, dialog: RaiseDialog, v: RaiseValues) -> None:
        vault, child_id, record_id = self.vault, self.ctx.child_id, self.record.id

        def work():
            tracker.raise_escalation(vault, child_id, theme=v.theme or "", description=v.description,
                                     raised_with_role=v.raised_with_role, raised_with_name=v.raised_with_name,
                                     partner_agency=v.partner_agency, asked=v.asked, raised_on=v.raised_on,
                                     record_id=record_id, start_stage=v.start_stage)
            return [e for e in midway.escalation_intents(vault, child_id) if e.record_id == record_id]

        def done(intents) -> None:
            if not self.session_ok():
                return
            dialog.done_ok()
            self.extra["escalations"] = intents
            if not self.escalation_details.toPlainText().strip():
                self.escalation_details.setPlainText(v.description.strip())
            self.escalation_needed.setChecked(True)
            self._show_escalations()
            self.changed()

        def refused(exc: BaseException) -> None:
            if not self.session_ok():
                return
            if isinstance(exc, ValidationError):
                dialog.refused([m for _f, m in exc.problems])
            elif isinstance(exc, IroError):
                dialog.refused([str(exc)])
            else:
                dialog.refused(["The escalation was not raised."])
                self._failed("The escalation was not raised")(exc)

        self.ctx.worker.run(work, text="Raising the escalation…", done=done, failed=refused)

    def _show_escalations(self) -> None:
        intents = self.extra.get("escalations", [])
        if intents:
            lines = [f"Escalation started on {uk_date(e.raised_on)}: {e.details}" for e in intents]
            self.escalations.show_text("\n".join(lines))
        else:
            self.escalations.hide()

    # ---- the date: what is past due, and the child's age ------------------------------------

    def _progress_date(self) -> date:
        return midway.progress_date(self.midway_date.value(), date.today())

    def _midway_date_changed(self) -> None:
        on = self._progress_date()
        for row in self.rows:
            row.show_past_due(on)
        self.note_writer.readability_wanted.emit()

    # ---- the note's readability ------------------------------------------------------------

    def refresh_readability(self) -> None:
        if not self.session_ok():
            return
        content, generation = self.collect(), self.note_writer.generation
        vault, born = self.vault, self.ctx.date_of_birth

        def done(result) -> None:
            if self.session_ok():
                age = f"{result.child_age} on the midway date" if result.child_age is not None else "—"
                self.note_writer.show_readability(result, age, generation=generation)

        self.ctx.worker.run(lambda: midway.note_readability(vault, content, born), text="Reading the note…",
                            quiet=True, done=done, failed=self._failed("The readability figures could not be made"))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.note_writer.stop()
        super().closeEvent(event)
