"""The "Preview and print" window: one child's printed documents, made in memory and shown.

The IRO chooses the document (the child's letter and its large-print, dyslexia-friendly and
easy-read versions, the professional record, or the "My IRO" leaflet), the record (the latest
review record, an earlier one, or a midway review's note to the child) and its version. The core
makes the PDF on the vault thread; the window shows it with QtPdf and can print it or save it.

The PDF lives only in this window's memory. Closing the window, or locking the vault, drops it.
The window's title is plain: a child's name inside the window is fine, in the title bar it
would travel into task bars and window lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from iro_desktop import printing
from iro_desktop.preparation.forms import FORM_VARIANTS
from iro_desktop.printing.choices import Choices, RecordChoice, load_choices
from iro_desktop.printing.file_names import pdf_file_name
from iro_desktop.reviews import midway, records

from ui.common.formatting import uk_date
from ui.common.garbage import collect_soon
from ui.common.messages import error_text
from ui.common.screen_fit import fit_to_screen
from ui.printing.pdf_preview import PdfViewer

if TYPE_CHECKING:
    from ui.printing.output_context import Outputs

WINDOW_TITLE = "Preview and print — IRO Desktop"  # never a child's name
CHILD_VARIANTS = ("child", "large-print", "dyslexia", "easy-read")
VARIANT_NAMES = {
    "child": "Child's letter",
    "large-print": "Large print",
    "dyslexia": "Dyslexia-friendly",
    "easy-read": "Easy read",
    printing.PROFESSIONAL: "Professional record",
    printing.LEAFLET: "“My IRO” leaflet",
}
STATE_WORDS = {"draft": "being written", "finalised": "finalised", "amending": "being amended"}


def record_label(choice: RecordChoice) -> str:
    """The record as its chooser names it."""
    state = STATE_WORDS.get(choice.info.state, choice.info.state)
    if choice.info.kind == records.KIND:
        return f"Review record, meeting on {uk_date(choice.info.record_date)} ({state})"
    return f"Midway review, {uk_date(choice.info.record_date)}: note to the child ({state})"


@dataclass(frozen=True)
class Rendered:
    """A PDF made for this window, and what it is (for the audit log and the file name)."""

    pdf: bytes
    variant: str
    audit_id: int | str  # the record's id, or the child's id for the leaflet
    record_id: int | None
    version: int | None


class PreviewWindow(QWidget):
    def __init__(self, outputs: "Outputs", child_id: str, child_name: str, *, parent: QWidget | None = None,
                 record_id: int | None = None, version: int | None = None, variant: str | None = None,
                 unsaved: Any = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(WINDOW_TITLE)
        fit_to_screen(self, 900, 1000)
        # Esc closes the preview, as it would a dialog.
        QShortcut(QKeySequence(QKeySequence.StandardKey.Cancel), self, activated=self.close)
        self.outputs = outputs
        self.ctx = outputs.ctx
        self.child_id = child_id
        self._session = self.ctx.session()
        self._unsaved = unsaved  # the editor's content not yet saved: child's letters only
        self._unsaved_record = record_id if unsaved is not None else None
        self._wanted = (record_id, version)
        self._generation = 0
        self.choices = Choices()
        self.rendered: Rendered | None = None

        name = QLabel(child_name)
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        name.setFont(font)
        name.setAccessibleName("Child")
        self.sub_label = QLabel(f"Child id {child_id}. This preview is not saved anywhere; use “Save as PDF” "
                                "to keep a copy.")
        self.sub_label.setStyleSheet("color: #444;")
        self.sub_label.setWordWrap(True)

        self.variant_box = QComboBox()
        self.variant_box.setAccessibleName("Document")
        for key in (CHILD_VARIANTS if unsaved is not None else printing.VARIANTS + FORM_VARIANTS):
            self.variant_box.addItem(VARIANT_NAMES.get(key, printing.VARIANT_LABELS.get(key, key)), key)
        self.record_box = QComboBox()
        self.record_box.setAccessibleName("Record")
        self.record_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_box = QComboBox()
        self.version_box.setAccessibleName("Version")
        choose = QFormLayout()
        choose.addRow("Document:", self.variant_box)
        choose.addRow("Record:", self.record_box)
        choose.addRow("Version:", self.version_box)
        if unsaved is not None:
            self.record_box.addItem("What is in the editor now", None)
            self.record_box.setEnabled(False)
            self.version_box.addItem("As on screen", None)
            self.version_box.setEnabled(False)

        self.busy_label = QLabel("Making the document…")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setAccessibleName("Working")
        busy = QHBoxLayout()
        busy.addWidget(self.busy_label)
        busy.addWidget(self.busy_bar)
        busy.addStretch(1)

        self.profile_hint = QWidget()
        self.profile_hint.setObjectName("profileHint")
        self.profile_hint.setStyleSheet("QWidget#profileHint { background: #fff3c4; border: 1px solid #d9c27a; "
                                        "border-radius: 4px; }")
        hint_text = QLabel("Your name and how to reach you are not in your details for children yet, so "
                           "children's letters and the leaflet say “your Independent Reviewing Officer” instead.")
        hint_text.setWordWrap(True)
        hint_text.setStyleSheet("color: #3d2c00;")
        self.settings_button = QPushButton("My details for children…")
        self.settings_button.setAccessibleName("My details for children")
        self.settings_button.clicked.connect(self.open_print_settings)
        hint_row = QHBoxLayout(self.profile_hint)
        hint_row.addWidget(hint_text, 1)
        hint_row.addWidget(self.settings_button)
        self.profile_hint.hide()

        self.viewer = PdfViewer()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("QLabel { padding: 40px; font-size: 12pt; color: #3c4043; }")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.viewer)
        self.pages.addWidget(self.message)

        self.print_button = QPushButton("Print…")
        self.print_button.setToolTip("Print through your computer's print dialog (Ctrl+P)")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("Save as PDF…")
        self.save_button.setToolTip("Save a copy where you choose. Saved copies are recorded in the audit log.")
        self.save_button.clicked.connect(self.save_document)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        print_action = QAction("Print", self)
        print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        print_action.triggered.connect(self.print_document)
        self.addAction(print_action)
        close_action = QAction("Close", self)
        close_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        close_action.triggered.connect(self.close)
        self.addAction(close_action)

        self.note = QLabel()  # what became of the last print or save
        self.note.setAccessibleName("Result")
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(name)
        layout.addWidget(self.sub_label)
        layout.addLayout(choose)
        layout.addWidget(self.profile_hint)
        layout.addLayout(busy)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

        self._set_variant(variant or "child")
        self.variant_box.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.record_box.currentIndexChanged.connect(lambda _i: self._record_changed())
        self.version_box.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self._set_busy(True)
        self._update_buttons()

    # ---- what is chosen ---------------------------------------------------------------------

    @property
    def variant(self) -> str:
        return self.variant_box.currentData()

    @property
    def record_id(self) -> int | None:
        return self._unsaved_record if self._unsaved is not None else self.record_box.currentData()

    @property
    def version(self) -> int | None:
        return None if self._unsaved is not None else self.version_box.currentData()

    def _set_variant(self, variant: str) -> None:
        index = self.variant_box.findData(variant)
        self.variant_box.setCurrentIndex(max(index, 0))

    def choose(self, *, variant: str | None = None, record_id: int | None | str = "keep",
               version: int | None | str = "keep") -> None:
        """Choose a document as the IRO would with the drop-downs (each change renders again)."""
        if record_id != "keep":
            self.record_box.setCurrentIndex(max(self.record_box.findData(record_id), 0))
        if version != "keep":
            self.version_box.setCurrentIndex(max(self.version_box.findData(version), 0))
        if variant is not None:
            self._set_variant(variant)

    # ---- loading ----------------------------------------------------------------------------

    def start(self) -> None:
        """Read the child's records (to offer them), then make the first document."""
        vault = self.ctx.vault()
        if vault is None:
            return
        child_id, with_records = self.child_id, self._unsaved is None
        self.ctx.worker.run(lambda: load_choices(vault, child_id, with_records=with_records),
                            text="Opening the preview…", done=self._choices_loaded, failed=self._failed)

    def _choices_loaded(self, choices: Choices) -> None:
        if not self._still_wanted():
            return
        self.profile_hint.setVisible(not choices.iro_named)
        if self._unsaved is not None:
            self.render()
            return
        self.choices = choices
        record_id, version = self._wanted
        for box in (self.record_box, self.version_box, self.variant_box):
            box.blockSignals(True)
        self.record_box.clear()
        if choices.latest_review is not None:
            self.record_box.addItem("Latest review record", None)
        for choice in choices.records:
            self.record_box.addItem(record_label(choice), choice.info.id)
        if record_id is not None and self.record_box.findData(record_id) >= 0:
            self.record_box.setCurrentIndex(self.record_box.findData(record_id))
        elif choices.latest_review is None and self.variant not in (printing.LEAFLET, *FORM_VARIANTS) \
                and not choices.records:
            self._set_variant(printing.LEAFLET)  # nothing else to print yet
        self._fill_versions(version)
        for box in (self.record_box, self.version_box, self.variant_box):
            box.blockSignals(False)
        self._update_choosers()
        self.render()

    def _fill_versions(self, version: int | None = None) -> None:
        self.version_box.blockSignals(True)
        self.version_box.clear()
        self.version_box.addItem("Latest version", None)
        choice = self._current_record_choice()
        if choice is not None:
            for v in reversed(choice.versions):
                if v.status == "finalised":
                    words = f"Version {v.version}, finalised {uk_date(v.finalised_on)}" if v.finalised_on \
                        else f"Version {v.version}, finalised"
                else:
                    words = f"Version {v.version}, being written"
                self.version_box.addItem(words, v.version)
        if version is not None and self.version_box.findData(version) >= 0:
            self.version_box.setCurrentIndex(self.version_box.findData(version))
        self.version_box.blockSignals(False)

    def _current_record_choice(self) -> RecordChoice | None:
        record_id = self.record_box.currentData()
        return self.choices.find(record_id) if record_id is not None else self.choices.latest_review

    def _record_changed(self) -> None:
        self._fill_versions()
        self._choice_changed()

    def _choice_changed(self) -> None:
        self._update_choosers()
        self.render()

    def _update_choosers(self) -> None:
        if self._unsaved is not None:
            return
        no_record = self.variant == printing.LEAFLET or self.variant in FORM_VARIANTS
        self.record_box.setEnabled(not no_record and self.record_box.count() > 0)
        self.version_box.setEnabled(not no_record and self.version_box.count() > 1)

    # ---- rendering --------------------------------------------------------------------------

    def render(self) -> None:
        """Make the chosen document on the vault thread; the newest request wins."""
        vault = self.ctx.vault()
        if vault is None:
            return
        self._generation += 1
        generation = self._generation
        child_id, variant, record_id, version = self.child_id, self.variant, self.record_id, self.version
        unsaved = self._unsaved

        def work() -> Rendered:
            if unsaved is not None:
                pdf = printing.preview_letter(vault, child_id, unsaved, variant, record_id=record_id)
                return Rendered(pdf, variant, record_id, record_id, None)
            if variant == printing.LEAFLET:
                return Rendered(printing.render_leaflet(vault, child_id), variant, child_id, None, None)
            if variant in FORM_VARIANTS:  # for the child's next booked meeting, not a record
                return Rendered(printing.render_document(vault, child_id, variant), variant, child_id, None, None)
            rid = record_id if record_id is not None else printing.latest_review_record(vault, child_id)
            pdf = printing.render_document(vault, child_id, variant, record_id=rid, version=version)
            return Rendered(pdf, variant, rid, rid, version)

        def done(rendered: Rendered) -> None:
            if generation == self._generation and self._still_wanted():
                self._show(rendered)

        def failed(exc: BaseException) -> None:
            if generation == self._generation and self._still_wanted():
                self._failed(exc)

        self._set_busy(True)
        self.ctx.worker.run(work, text="Making the document…", done=done, failed=failed)

    def _show(self, rendered: Rendered) -> None:
        self._set_busy(False)
        self.rendered = rendered
        if self.viewer.show_pdf(rendered.pdf):
            self.pages.setCurrentWidget(self.viewer)
        else:
            self.rendered = None
            self._show_message("The document was made but could not be shown. Try again; if it keeps "
                               "happening, contact your council IT team.")
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.rendered = None
        self.viewer.clear()
        self._show_message(error_text(exc))
        self._update_buttons()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)

    def _still_wanted(self) -> bool:
        return shiboken6.isValid(self) and self.isVisible() and self._session == self.ctx.session()

    def _set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.print_button.setEnabled(False)
            self.save_button.setEnabled(False)

    def is_busy(self) -> bool:
        return self.busy_bar.isVisible()

    def _update_buttons(self) -> None:
        ready = self.rendered is not None and not self.is_busy()
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def open_print_settings(self):
        """The IRO's details for children; once saved, the document is made again with them."""
        dialog = self.outputs.print_settings(self)
        self._wanted = (self.record_box.currentData(), self.version_box.currentData())
        dialog.accepted.connect(self.start)
        return dialog

    # ---- print and save ---------------------------------------------------------------------

    def print_document(self):
        if self.rendered is None or self.is_busy():
            return None
        r = self.rendered
        self.note.clear()
        return self.outputs.print_document(
            self, r.pdf, self.viewer.page_count(), audit_id=r.audit_id, variant=r.variant,
            done=lambda pages: self._note(f"Sent to the printer: {pages} {'page' if pages == 1 else 'pages'}."))

    def suggested_file_name(self) -> str:
        r = self.rendered
        if r is None:
            return "document.pdf"
        choice = self.choices.find(r.record_id) if r.record_id is not None else None
        when: date | None = choice.info.record_date if choice is not None else None
        kind = "midway" if choice is not None and choice.info.kind == midway.KIND else "review"
        if r.variant in FORM_VARIANTS:
            kind = "meeting"  # a form before the review: for the meeting, not a record
        if self._unsaved is not None:  # the editor's content carries its own date
            when = getattr(self._unsaved, "midway_date", None)
            kind = "midway" if when is not None else "review"
            details = getattr(self._unsaved, "details", None)
            when = when or getattr(details, "review_date", None)
        return pdf_file_name(self.child_id, r.variant, when, kind=kind, version=r.version,
                             draft=self._unsaved is not None)

    def save_document(self):
        if self.rendered is None or self.is_busy():
            return None
        r = self.rendered
        self.note.clear()
        return self.outputs.save_document(self, r.pdf, self.suggested_file_name(), audit_id=r.audit_id,
                                          variant=r.variant, done=lambda path: self._note(f"Saved as {path.name}."))

    def _note(self, text: str) -> None:
        if shiboken6.isValid(self):
            self.note.setText(text)

    # ---- closing ----------------------------------------------------------------------------

    def drop_document(self) -> None:
        """Forget the PDF: the viewer's document and buffer, and this window's copy."""
        self._generation += 1  # a document still being made is not shown
        self.rendered = None
        self.viewer.clear()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.drop_document()
        super().closeEvent(event)
        collect_soon()  # and what QtPdf and the PDF makers freed goes back to the system
