"""Printing or saving every finalised letter from a date range, with a progress bar.

The core lists the records (``printing.finalised_letters_between``) and makes each PDF in turn
(``printing.render_batch``) on the vault thread; each one is saved (one file per letter in the
folder the IRO chose, audited by the core) or drawn onto one print job as soon as it is made,
then forgotten. A letter that fails is noted and the rest carry on; the IRO sees every failure
at the end. Stopping (or the vault locking) takes effect between letters; a stopped print job
is thrown away whole, so nothing half-printed comes out.

Files are named with the child's id and the review date, never the child's name: file names
travel into recent-files lists, backups and sync logs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import shiboken6
from PySide6.QtCore import QDate, QObject, Qt, Signal, Slot
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QMessageBox, QProgressDialog, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from iro_desktop import printing
from iro_desktop.printing import BatchItem

from ui.form_widgets import UK_DATE_FORMAT
from ui.formatting import uk_date
from ui.messages import error_text
from ui.print_output import Cancelled, PdfPainter, documents_folder, new_printer, pdf_file_name
from ui.preview_window import CHILD_VARIANTS, VARIANT_NAMES

if TYPE_CHECKING:
    from ui.print_output import PrintOutputs

SAVE, PRINT = "save", "print"
BATCH_VARIANTS = CHILD_VARIANTS + (printing.PROFESSIONAL,)


@dataclass
class BatchOutcome:
    total: int
    destination: str  # SAVE or PRINT
    folder: Path | None = None
    done: list[BatchItem] = field(default_factory=list)
    failures: list[tuple[BatchItem, str]] = field(default_factory=list)
    cancelled: bool = False


def batch_file_name(item: BatchItem, variant: str, used: set[str]) -> str:
    name = pdf_file_name(item.child_id, variant, item.record_date)
    if name in used:  # two records for one child on one day: keep both
        name = name.removesuffix(".pdf") + f"-{item.record_id}.pdf"
    used.add(name)
    return name


def run_batch(vault, items: Sequence[BatchItem], variant: str, handle: Callable[[BatchItem, bytes], None],
              stop: threading.Event, progress: Callable[[int, int], None], outcome: BatchOutcome) -> BatchOutcome:
    """Make each item's PDF with ``render_batch`` and ``handle`` it; ``progress(n, total)`` after
    each, failed or not. A failure is noted in ``outcome`` and the batch goes on with the next
    letter (``render_batch`` stops at a letter it cannot make, so it is started again after it).
    Checks ``stop`` between letters."""
    total = len(items)
    position = 0  # items before this have been dealt with
    while position < total:
        if stop.is_set():
            outcome.cancelled = True
            return outcome
        handled = 0
        try:
            for result in printing.render_batch(vault, items[position:], variant):
                handled = result.index
                try:
                    handle(result.item, result.pdf)
                except Cancelled:
                    outcome.cancelled = True
                    return outcome
                except Exception as exc:  # noqa: BLE001 - one letter's failure must not stop the rest
                    outcome.failures.append((result.item, error_text(exc)))
                else:
                    outcome.done.append(result.item)
                progress(position + handled, total)
                if stop.is_set():
                    outcome.cancelled = position + handled < total
                    return outcome
        except Exception as exc:  # noqa: BLE001 - this letter could not be made; carry on after it
            outcome.failures.append((items[position + handled], error_text(exc)))
            position += handled + 1
            progress(position, total)
            continue
        position = total
    return outcome


def outcome_text(outcome: BatchOutcome, variant: str) -> str:
    noun = "record" if variant == printing.PROFESSIONAL else "letter"
    plural = f"{noun}s"
    n, total = len(outcome.done), outcome.total
    where = f" in {outcome.folder}" if outcome.folder else ""
    if outcome.destination == PRINT:
        if outcome.cancelled:
            text = "Stopped. Nothing was printed."
        else:
            text = f"{n} of {total} {plural} sent to the printer." if n != total else \
                f"All {total} {plural if total != 1 else noun} sent to the printer."
    elif outcome.cancelled:
        text = f"Stopped. {n} of {total} {plural} were saved{where} before you stopped."
    elif n == total:
        text = f"All {total} {plural if total != 1 else noun} saved{where}."
    else:
        text = f"{n} of {total} {plural} saved{where}."
    if outcome.failures:
        lines = [f"• {item.child_id}, review on {uk_date(item.record_date)}: {message}"
                 for item, message in outcome.failures]
        text += f"\n\nThese {plural} could not be made or {'printed' if outcome.destination == PRINT else 'saved'}" \
                ":\n" + "\n".join(lines)
    return text


class _BatchSignals(QObject):
    """Progress from the vault thread, delivered on the GUI thread (this object lives there,
    so the connection to its own slot is queued)."""

    progressed = Signal(int, int)

    def __init__(self, on_progress: Callable[[int, int], None]) -> None:
        super().__init__()
        self._on_progress = on_progress
        self.progressed.connect(self._deliver)

    @Slot(int, int)
    def _deliver(self, n: int, total: int) -> None:
        self._on_progress(n, total)


class BatchDialog(QDialog):
    """Choose a date range, a document and where the letters go; then a progress dialog."""

    def __init__(self, outputs: "PrintOutputs", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print or save finalised letters")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(560)
        self.outputs = outputs
        self.ctx = outputs.ctx
        self._session = self.ctx.session()
        self._count_generation = 0
        self.items: list[BatchItem] = []
        self.folder: Path | None = None
        self.progress: QProgressDialog | None = None
        self.summary: QMessageBox | None = None
        self.outcome: BatchOutcome | None = None
        self.running = False
        self._stop: threading.Event | None = None

        today = date.today()
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # the start of last month
        self.start_date = self._date_edit(first, "From")
        self.end_date = self._date_edit(today, "To")
        dates = QHBoxLayout()
        dates.addWidget(self.start_date)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end_date)
        dates.addStretch(1)
        self.count_label = QLabel("Counting…")
        self.count_label.setWordWrap(True)

        self.variant_box = QComboBox()
        self.variant_box.setAccessibleName("Document")
        for key in BATCH_VARIANTS:
            self.variant_box.addItem(VARIANT_NAMES[key], key)

        self.save_choice = QRadioButton("Save each one as a PDF in a folder")
        self.print_choice = QRadioButton("Print them all")
        self.save_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.save_choice)
        group.addButton(self.print_choice)
        self.folder_field = QLineEdit()
        self.folder_field.setReadOnly(True)
        self.folder_field.setPlaceholderText("No folder chosen yet")
        self.folder_field.setAccessibleName("Folder")
        self.folder_button = QPushButton("Choose folder…")
        self.folder_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addSpacing(24)
        folder_row.addWidget(self.folder_field, 1)
        folder_row.addWidget(self.folder_button)
        note = QLabel("Each file is named with the child's id, the review date and the document, like "
                      "C100-review-2026-06-02-child.pdf, never with the child's name. A file with the same "
                      "name in that folder is replaced.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #444;")
        note_row = QHBoxLayout()
        note_row.addSpacing(24)
        note_row.addWidget(note, 1)

        form = QFormLayout()
        form.addRow("Reviews held from:", dates)
        form.addRow("", self.count_label)
        form.addRow("Document:", self.variant_box)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.start_button.clicked.connect(self.start_batch)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("What to do with them:"))
        layout.addWidget(self.save_choice)
        layout.addLayout(folder_row)
        layout.addLayout(note_row)
        layout.addWidget(self.print_choice)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        for edit in (self.start_date, self.end_date):
            edit.dateChanged.connect(lambda _d: self.count())
        self.save_choice.toggled.connect(lambda _on: self._update_buttons())
        self._update_buttons()

    def _date_edit(self, value: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setDisplayFormat(UK_DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        return edit

    def start(self) -> None:
        self.count()

    # ---- what is in the range ---------------------------------------------------------------

    def date_range(self) -> tuple[date, date]:
        return self.start_date.date().toPython(), self.end_date.date().toPython()

    def count(self) -> None:
        vault = self.ctx.vault()
        if vault is None:
            return
        start, end = self.date_range()
        self._count_generation += 1
        generation = self._count_generation
        self.items = []
        self.count_label.setText("Counting…")
        self._update_buttons()

        def counted(items: list[BatchItem]) -> None:
            if generation != self._count_generation or not self._still_wanted():
                return
            self.items = items
            n = len(items)
            if start > end:
                self.count_label.setText("The first date is after the second.")
            elif n == 0:
                self.count_label.setText("There are no finalised review records from those dates.")
            else:
                self.count_label.setText(f"{n} finalised review {'record' if n == 1 else 'records'} "
                                         f"from {uk_date(start)} to {uk_date(end)}.")
            self._update_buttons()

        self.ctx.worker.run(lambda: printing.finalised_letters_between(vault, start, end),
                            text="Finding finalised letters…", done=counted, quiet=True,
                            failed=lambda exc: self._still_wanted() and self.count_label.setText(error_text(exc)))

    def _still_wanted(self) -> bool:
        return shiboken6.isValid(self) and self._session == self.ctx.session() and self.isVisible()

    def _update_buttons(self) -> None:
        ready = bool(self.items) and not self.running and (self.print_choice.isChecked() or self.folder is not None)
        self.start_button.setEnabled(ready)
        for w in (self.start_date, self.end_date, self.variant_box, self.save_choice, self.print_choice,
                  self.folder_button):
            w.setEnabled(not self.running)

    # ---- where they go ----------------------------------------------------------------------

    def choose_folder(self) -> QFileDialog:
        dialog = QFileDialog(self, "Choose a folder for the letters")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setDirectory(str(self.folder) if self.folder else documents_folder())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.set_folder(Path(path)))
        dialog.open()
        return dialog

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.folder_field.setText(str(folder))
        self.save_choice.setChecked(True)
        self._update_buttons()

    # ---- running ----------------------------------------------------------------------------

    @property
    def variant(self) -> str:
        return self.variant_box.currentData()

    def start_batch(self) -> QPrintDialog | None:
        if not self.items or self.running:
            return None
        if self.print_choice.isChecked():
            printer = new_printer()
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle("Print the letters")
            dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, False)
            dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._run(PRINT, printer))
            self.print_dialog = dialog
            QDialog.open(dialog)
            return dialog
        if self.folder is not None:
            self._run(SAVE)
        return None

    def _run(self, destination: str, printer: QPrinter | None = None) -> None:
        vault = self.ctx.vault()
        if vault is None or not self._still_wanted():
            return
        items, variant, folder, session = list(self.items), self.variant, self.folder, self._session
        stop = self.outputs.stop_event()
        self._stop = stop
        total = len(items)
        outcome = BatchOutcome(total, destination, folder if destination == SAVE else None)
        self.outcome = outcome
        self.running = True
        self._update_buttons()

        doing = "Saving" if destination == SAVE else "Printing"
        progress = QProgressDialog(f"{doing} letter 1 of {total}…", "Stop", 0, total, self)
        progress.setWindowTitle("Print or save finalised letters")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        progress.canceled.connect(stop.set)
        self.progress = progress

        def advanced(n: int, of: int) -> None:
            if session == self.ctx.session() and shiboken6.isValid(progress) and progress is self.progress:
                progress.setValue(n)
                if n < of:
                    progress.setLabelText(f"{doing} letter {n + 1} of {of}…")

        # Not parented to this dialog: the vault thread may still emit after the dialog has gone.
        signals = _BatchSignals(advanced)

        def report(n: int, of: int) -> None:
            signals.progressed.emit(n, of)

        progress.show()

        if destination == SAVE:
            used: set[str] = set()

            def handle(item: BatchItem, pdf: bytes) -> None:
                printing.save_pdf(vault, folder / batch_file_name(item, variant, used), pdf,  # type: ignore[operator]
                                  record_id=item.record_id, variant=variant)

            def work() -> BatchOutcome:
                return run_batch(vault, items, variant, handle, stop, report, outcome)
        else:
            painter = PdfPainter(printer, new_sheet_per_document=True)  # type: ignore[arg-type]

            def handle(item: BatchItem, pdf: bytes) -> None:
                painter.add(pdf, cancelled=stop.is_set)

            def work() -> BatchOutcome:
                painter.begin()
                try:
                    run_batch(vault, items, variant, handle, stop, report, outcome)
                except BaseException:
                    painter.abort()
                    raise
                if outcome.cancelled:
                    painter.abort()
                    return outcome
                painter.finish()
                for item in outcome.done:  # recorded once the printer has the whole job
                    printing.record_output(vault, "print", item.record_id, variant)
                return outcome

        def finished(result: BatchOutcome) -> None:
            self.outputs.forget_stop(stop)
            signals.deleteLater()
            if session != self.ctx.session() or not shiboken6.isValid(self):
                return
            self._finished(result)

        def failed(exc: BaseException) -> None:
            self.outputs.forget_stop(stop)
            signals.deleteLater()
            if session != self.ctx.session() or not shiboken6.isValid(self):
                return
            self.running = False
            self._close_progress()
            self._update_buttons()
            self.outputs.show_error("The letters were not printed" if destination == PRINT
                                    else "The letters were not saved", exc, parent=self)

        self.ctx.worker.run(work, text=f"{doing} letters…", done=finished, failed=failed)

    def _finished(self, outcome: BatchOutcome) -> None:
        self.running = False
        if self.progress is not None and not outcome.cancelled:
            self.progress.setValue(self.progress.maximum())
        self._close_progress()
        self._update_buttons()
        icon = QMessageBox.Icon.Warning if outcome.failures else QMessageBox.Icon.Information
        box = QMessageBox(icon, "Print or save finalised letters", outcome_text(outcome, self.variant),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary = box
        box.open()
        self.ctx.status(outcome_text(outcome, self.variant).split("\n")[0])

    def reject(self) -> None:
        if self._stop is not None:
            self._stop.set()  # closing the window stops the batch after the letter in hand
        super().reject()

    def _close_progress(self) -> None:
        progress, self.progress = self.progress, None
        if progress is not None:
            progress.canceled.disconnect()
            progress.close()
            progress.deleteLater()
