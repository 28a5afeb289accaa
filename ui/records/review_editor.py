"""The review record editor: the details of the review, the letter to the child, the decisions and
the quality assurance fields, with the checks, versions and paperwork dates of the record."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QPushButton, QWidget

from iro_desktop import changes
from iro_desktop.documents.letter import NEXT_REVIEW, WHAT_NEXT
from iro_desktop.preparation import consultation
from iro_desktop.reviews import records
from iro_desktop.reviews.editor_data import OpenData
from iro_desktop.reviews.model import Recommendation, ReviewContent
from iro_desktop.reviews.recommendations import carry_forward, refresh_what_next, sentence_for
from iro_desktop.reviews.record_kinds import REVIEW_API

from ui.common.form_widgets import OptionalDateEdit
from ui.common.formatting import uk_date
from ui.common.workers import log_unexpected
from ui.records import phrase_jobs
from ui.records.letter_page import LetterPage
from ui.records.record_editor import RecordEditor
from ui.records.record_kinds import EditorContext
from ui.common.widgets import hint_label
from ui.records.review_decisions_page import DecisionsPage
from ui.records.review_details_page import DetailsPage
from ui.records.review_quality_page import QualityPage

READABILITY_DELAY_MS = 700


class PaperworkBox(QGroupBox):
    """When the decisions were circulated and the letter sent: the deadlines read these dates."""

    def __init__(self, editor: "ReviewEditor") -> None:
        super().__init__("Paperwork sent")
        self.editor = editor
        form = QFormLayout(self)
        self.circulated = OptionalDateEdit()
        self.circulated.setAccessibleName("Date the decisions were circulated")
        self.circulated_button = QPushButton("Record")
        self.circulated_button.setAccessibleName("Record the date the decisions were circulated")
        self.circulated_button.clicked.connect(lambda: self._record("circulated"))
        self.sent = OptionalDateEdit()
        self.sent.setAccessibleName("Date the letter was sent")
        self.sent_button = QPushButton("Record")
        self.sent_button.setAccessibleName("Record the date the letter was sent")
        self.sent_button.clicked.connect(lambda: self._record("sent"))
        for label, edit, button in (("Decisions circulated on:", self.circulated, self.circulated_button),
                                    ("Letter sent on:", self.sent, self.sent_button)):
            row = QHBoxLayout()
            row.addWidget(edit)
            today = QPushButton("Today")
            if edit is self.sent:
                self.sent_today = today
            today.setAccessibleName(f"Set “{label[:-1].lower()}” to today")
            today.clicked.connect(lambda _c=False, e=edit: e.set_value(date.today()))
            row.addWidget(today)
            row.addWidget(button)
            row.addStretch(1)
            form.addRow(label, row)
        self.note = hint_label("")
        form.addRow(self.note)

    def show_review(self, review: Any, finalised: bool) -> None:
        self.circulated.set_value(review.decisions_circulated_date if review else None)
        self.sent.set_value(review.record_sent_date if review else None)
        linked = review is not None
        self.circulated_button.setEnabled(linked)
        self.sent_button.setEnabled(linked and finalised)
        self.sent.setEnabled(linked and finalised)
        self.sent_today.setEnabled(linked and finalised)
        self.sent_button.setToolTip("" if finalised else "Finalise the record before recording that the letter "
                                                          "was sent.")
        self.note.setText("" if finalised else "The letter can be recorded as sent once the record is finalised.")

    def _record(self, what: str) -> None:
        editor = self.editor
        on = (self.circulated if what == "circulated" else self.sent).value()
        if on is None:
            editor.problems_bar.show_text("Choose the date first.")
            return
        vault, record_id = editor.vault, editor.record.id
        fn = records.record_decisions_circulated if what == "circulated" else records.record_letter_sent

        def done(_r) -> None:
            if not editor.session_ok():
                return
            editor.ctx.status(f"Recorded: {'decisions circulated' if what == 'circulated' else 'letter sent'} "
                              f"on {uk_date(on)}.")

        editor.ctx.worker.run(lambda: fn(vault, record_id, on), text="Recording the date…", done=done,
                              failed=editor._failed("The date was not recorded"))


class ReviewEditor(RecordEditor):
    def __init__(self, ctx: EditorContext, data: OpenData, *, version: int | None = None,
                 parent: QWidget | None = None) -> None:
        self._letter_generation = 0
        self._readability_timer = None
        super().__init__(ctx, REVIEW_API, data, version=version, parent=parent)
        self.paperwork = PaperworkBox(self)
        self.versions_page.add_widget(self.paperwork)
        self.paperwork.setVisible(version is None)
        self.paperwork.show_review(self.extra.get("review"), self.record.record.ever_finalised)
        self.tabs.setCurrentWidget(self.letter_page)
        self.refresh_readability()
        self.refresh_told_me()
        ctx.worker.changed.connect(self._told_me_changes)

    # ---- pages -----------------------------------------------------------------------------

    def build_pages(self) -> None:
        ctx = self.ctx
        self._readability_timer = QTimer(self)
        self._readability_timer.setSingleShot(True)
        self._readability_timer.setInterval(READABILITY_DELAY_MS)
        self._readability_timer.timeout.connect(self.refresh_readability)
        self.details_page = DetailsPage(ctx.date_of_birth)
        self.letter_page = LetterPage(phrases=lambda: self.ctx.phrases,
                                      keep_phrase=lambda title, body, key: phrase_jobs.keep_phrase(self, title, body,
                                                                                                   key),
                                      add_starters=lambda: phrase_jobs.add_starters(self),
                                      templates=lambda: self.ctx.templates,
                                      table=ctx.wording,
                                      adopt_clipboard=ctx.adopt_clipboard, spell=self.enable_spelling)
        self.decisions_page = DecisionsPage(self._sentence)
        self.quality_page = QualityPage()
        self.tabs.addTab(self.details_page, "Details")
        self.tabs.addTab(self.letter_page, "The letter")
        self.tabs.addTab(self.decisions_page, "Decisions")
        self.tabs.addTab(self.quality_page, "Quality assurance")
        self.details_page.changed.connect(self.changed)
        self.details_page.review_date_changed.connect(self._review_date_changed)
        self.letter_page.changed.connect(self._letter_changed)
        self.letter_page.regenerate_requested.connect(lambda: self._refresh_what_next(force=True))
        self.decisions_page.changed.connect(self._decisions_changed)
        self.decisions_page.carry_requested.connect(self._carry)
        self.details_page.people_changed.connect(self.decisions_page.set_people)
        self.quality_page.changed.connect(self.changed)
        self.quality_page.informal_available = self.ctx.raise_escalation is not None
        self.quality_page.informal_resolution_requested.connect(self._informal_resolution)
        self.quality_page.notify_available = self.ctx.record_good_practice is not None
        self.quality_page.notify_requested.connect(self._notify_good_practice)

    def load(self, content: ReviewContent) -> None:
        self.details_page.load(content.details)
        self.letter_page.load(content.letter)
        self.decisions_page.load(content.recommendations, content.previous, self.extra.get("tracked", {}))
        self.quality_page.load(content.qa)
        self._letter_generation += 1
        if self._readability_timer is not None:
            self._readability_timer.start()

    def collect(self) -> ReviewContent:
        return ReviewContent(details=self.details_page.collect(), letter=self.letter_page.collect(),
                             recommendations=self.decisions_page.recommendations(),
                             previous=self.decisions_page.previous(), qa=self.quality_page.collect())

    def set_pages_read_only(self, read_only: bool) -> None:
        self.details_page.set_read_only(read_only)
        self.letter_page.set_read_only(read_only)
        self.decisions_page.set_read_only(read_only)
        self.quality_page.set_read_only(read_only)

    def _informal_resolution(self) -> None:
        """The escalation tracker's raise dialog for this review, at the council's first stage."""
        if self.ctx.raise_escalation is None:
            return
        qa = self.quality_page.collect()
        rated = [f"{what} rated {rag}" for what, rag in (("care planning", qa.care_planning_rag),
                                                         ("preparation", qa.preparation_rag)) if rag in ("amber", "red")]
        held = self.record.record.record_date
        self.ctx.raise_escalation(self.ctx.child_id, theme="care_planning" if qa.care_planning_rag in ("amber", "red")
                                  else None, description=f"At the review on {held:%d/%m/%Y}: {', '.join(rated)}. ",
                                  review_id=self.record.record.review_id, record_id=self.record.id)

    def _notify_good_practice(self) -> None:
        """The good-practice notification dialog, naming this review record and its note."""
        if self.ctx.record_good_practice is not None:
            self.ctx.record_good_practice(self.ctx.child_id, record_id=self.record.id,
                                          what=self.quality_page.good_practice_note.text())

    def tab_for_field(self, where: str) -> QWidget | None:
        if where.startswith("details"):
            return self.details_page
        if where.startswith("letter"):
            return self.letter_page
        if where.startswith(("recommendations", "previous")):
            return self.decisions_page
        if where.startswith("qa"):
            return self.quality_page
        return None

    # The details page's controls by the name of the field a check points at.
    DETAILS_FIELDS = {"review_date": "review_date", "review_type": "review_type", "venue_mode": "venue_mode",
                      "venue": "venue", "meetings": "meetings", "rearranged_reason": "rearranged_reason",
                      "seen_alone": "seen_alone", "seen_alone_date": "seen_alone_date",
                      "not_seen_alone_reason": "not_seen_reason", "participation_code": "participation",
                      "attendees": "attendees", "apologies": "apologies", "parents": "parents"}
    DECISION_FIELDS = {"what": "what", "who_role": "role", "who_name": "name", "by_when": "by_when"}

    def widget_for_field(self, where: str) -> QWidget | None:
        head, _, rest = where.partition(".")
        if head == "letter" and rest:
            if rest in self.letter_page.editors:
                self.letter_page.select_section(rest)
                return self.letter_page.editors[rest]
            return getattr(self.letter_page, "dear", None) if rest == "addressed_to" else None
        if head == "details" and rest:
            name = self.DETAILS_FIELDS.get(rest.split("[", 1)[0].split(".", 1)[0])
            return getattr(self.details_page, name, None) if name else None
        found = re.fullmatch(r"recommendations\[(\d+)\]\.(\w+)", where)
        if found and int(found.group(1)) < len(self.decisions_page.rows):
            row = self.decisions_page.rows[int(found.group(1))]
            return getattr(row, self.DECISION_FIELDS.get(found.group(2), ""), None)
        return None

    def _update_state(self) -> None:
        super()._update_state()
        if hasattr(self, "paperwork"):
            self.paperwork.show_review(self.extra.get("review"), self.record.record.ever_finalised
                                       or self.record.version.read_only)

    # ---- reacting to changes ---------------------------------------------------------------

    def _letter_changed(self) -> None:
        self._letter_generation += 1
        self.changed()
        self._readability_timer.start()

    def _review_date_changed(self) -> None:
        self.decisions_page.refresh_placeholders()
        self._readability_timer.start()
        if not self._loading and not self.read_only:
            self._refresh_next_review()

    def _refresh_next_review(self) -> None:
        """Keep the app's "Your next review" words in step with the review date on screen (the
        core decides the date, and leaves words the IRO wrote alone)."""
        vault, record_id, content = self.vault, self.record.id, self.collect()

        def done(body: str | None) -> None:
            if body is None or not self.session_ok() or self.read_only:
                return
            if self.collect().letter.section(NEXT_REVIEW).follows_generated:  # not edited meanwhile
                self.letter_page.set_generated(NEXT_REVIEW, body)
                self._letter_changed()

        self.ctx.worker.run(lambda: records.next_review_words(vault, record_id, content), text="Reading the timescales…",
                            quiet=True, done=done, failed=self._failed("The next review date could not be worked out"))

    def _sentence(self, r: Recommendation) -> str:
        when = self.details_page.review_date.value()
        return sentence_for(r, review_date=when, table=self.ctx.wording, child_name=self.letter_page.dear.text())

    def _decisions_changed(self) -> None:
        self.changed()
        if not self._loading and not self.read_only:
            self._refresh_what_next()

    def _refresh_what_next(self, force: bool = False) -> None:
        content = self.collect()
        if refresh_what_next(content, table=self.ctx.wording, force=force):
            section = content.letter.section(WHAT_NEXT)
            self.letter_page.set_generated(WHAT_NEXT, section.body)
            self._letter_changed()
        elif force:
            self.letter_page.set_generated(WHAT_NEXT, content.letter.section(WHAT_NEXT).body)
            self._letter_changed()

    def _carry(self, uid: str) -> None:
        tracked = self.extra.get("tracked", {}).get(uid)
        if tracked is None or self.read_only:
            return
        content = self.collect()
        carry_forward(content, tracked)
        self._loading = True
        try:
            self.decisions_page.load(content.recommendations, content.previous, self.extra.get("tracked", {}))
        finally:
            self._loading = False
        self._decisions_changed()

    # ---- readability -----------------------------------------------------------------------

    def refresh_readability(self) -> None:
        if not self.session_ok():
            return
        content = self.collect()
        generation = self._letter_generation
        vault, record_id = self.vault, self.record.id

        def done(result) -> None:
            if not self.session_ok():
                return
            age = f"{result.child_age} on the review date" if result.child_age is not None else "—"
            self.letter_page.show_readability(result, age, highlight=generation == self._letter_generation)

        self.ctx.worker.run(lambda: records.letter_readability(vault, record_id, content), text="Reading the letter…",
                            quiet=True, done=done, failed=self._failed("The readability figures could not be made"))

    # ---- what people told me ---------------------------------------------------------------

    def refresh_told_me(self) -> None:
        """What people consulted for the child's latest meeting said, read on the vault thread."""
        if not self.session_ok():
            return
        vault, child_id = self.vault, self.ctx.child_id

        def done(told) -> None:
            if self.session_ok():
                self.letter_page.told_me.show_told_me(told)

        def failed(exc: BaseException) -> None:
            if self.session_ok():
                self.letter_page.told_me.show_failed("What people told you could not be read just now.")
                log_unexpected(exc)

        self.ctx.worker.run(lambda: consultation.told_me(vault, child_id), text="Reading what people told you…",
                            quiet=True, done=done, failed=failed)

    def _told_me_changes(self, change: changes.Changes) -> None:
        # A reply names no child in the changes (its row is the consultee's), so any change to
        # the records that names none is read again; a booking or cancelling names the child.
        if not self.session_ok():
            return
        if (change.changed(changes.RECORDS) and not change.children) or change.concerns(self.ctx.child_id):
            self.refresh_told_me()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._readability_timer.stop()
        super().closeEvent(event)

