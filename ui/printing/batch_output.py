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
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QMessageBox, QProgressDialog, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from iro_desktop import printing
from iro_desktop.printing import BatchItem
from iro_desktop.printing.file_names import pdf_file_name, unique_file_name

from ui.common.form_widgets import UK_DATE_FORMAT
from ui.common.formatting import uk_date
from ui.common.messages import error_text
from ui.printing.printer import Cancelled, PdfPainter, new_printer
from ui.printing.preview_window import CHILD_VARIANTS, VARIANT_NAMES

if TYPE_CHECKING:
    from ui.printing.output_context import Outputs

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
    return unique_file_name(pdf_file_name(item.child_id, variant, item.record_date), item.record_id, used)


class BatchSteps:
    """A batch taken one letter at a time, each step its own job on the vault thread, so work
    queued meanwhile (an editor's autosave above all) waits for one letter, never for the whole
    batch. ``render_batch``'s generator is kept from step to step (every step runs on the same
    thread); a letter it cannot make ends the generator, so a new one starts after that letter.

    ``render(items)`` makes the letters (``printing.render_batch`` on the vault, bound by the
    caller, so the steps hold no vault of their own); ``handle(item, pdf)`` saves or prints a
    letter; ``begin`` runs before the first, and at the end ``finish`` (everything dealt with)
    or ``abort`` (stopped) winds up. A failure of one letter is noted in ``outcome`` and the
    batch goes on."""

    def __init__(self, render: Callable[[Sequence[BatchItem]], Iterator[printing.BatchResult]],
                 items: Sequence[BatchItem], outcome: BatchOutcome, handle: Callable[[BatchItem, bytes], None], *,
                 begin: Callable[[], None] = lambda: None, finish: Callable[[], None] = lambda: None,
                 abort: Callable[[], None] = lambda: None) -> None:
        self._render, self.items, self.outcome = render, list(items), outcome
        self._handle, self._begin, self._finish, self._abort = handle, begin, finish, abort
        self.position = 0  # letters dealt with
        self.finished = False
        self._begun = False
        self._batch: Iterator[printing.BatchResult] | None = None

    def step(self, stop: threading.Event) -> int:
        """On the vault thread: the next letter, or the wind-up once stopped or done. Returns
        how many letters have been dealt with."""
        if self.finished:
            return self.position
        if stop.is_set() or self.position >= len(self.items):
            self._wind_up(cancelled=self.position < len(self.items))
            return self.position
        if not self._begun:
            self._begun = True
            self._begin()
        if self._batch is None:
            self._batch = self._render(self.items[self.position:])
        item = self.items[self.position]
        try:
            result = next(self._batch)
        except Exception as exc:  # noqa: BLE001 - this letter could not be made; the rest go on
            self.outcome.failures.append((item, error_text(exc)))
            self._batch = None
        else:
            try:
                self._handle(result.item, result.pdf)
            except Cancelled:
                self._wind_up(cancelled=True)
                return self.position
            except Exception as exc:  # noqa: BLE001 - one letter's failure must not stop the rest
                self.outcome.failures.append((result.item, error_text(exc)))
            else:
                self.outcome.done.append(result.item)
        self.position += 1
        if stop.is_set() or self.position >= len(self.items):
            self._wind_up(cancelled=self.position < len(self.items))
        return self.position

    def _wind_up(self, *, cancelled: bool) -> None:
        self.finished = True
        self.outcome.cancelled = cancelled
        self._batch = None
        if not self._begun:
            return
        if cancelled:
            self._abort()
        else:
            self._finish()


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


class BatchDialog(QDialog):
    """Choose a date range, a document and where the letters go; then a progress dialog."""

    def __init__(self, outputs: "Outputs", parent: QWidget | None = None) -> None:
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
        dialog.setDirectory(str(self.folder) if self.folder else self.outputs.save_folder())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.set_folder(Path(path)))
        dialog.open()
        return dialog

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.outputs.remember_folder(folder)
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
            dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)  # files: Save as PDF
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
        progress.show()

        def render(rest: Sequence[BatchItem]) -> Iterator[printing.BatchResult]:
            return printing.render_batch(vault, rest, variant)

        if destination == SAVE:
            used: set[str] = set()

            def save(item: BatchItem, pdf: bytes) -> None:
                printing.save_pdf(vault, folder / batch_file_name(item, variant, used), pdf,  # type: ignore[operator]
                                  record_id=item.record_id, variant=variant)

            steps = BatchSteps(render, items, outcome, save)
        else:
            painter = PdfPainter(printer, new_sheet_per_document=True)  # type: ignore[arg-type]

            def finish() -> None:
                painter.finish()
                for item in outcome.done:  # recorded once the printer has the whole job
                    printing.record_output(vault, "print", item.record_id, variant)

            def draw(_item: BatchItem, pdf: bytes) -> None:
                painter.add(pdf, cancelled=stop.is_set)

            steps = BatchSteps(render, items, outcome, draw, begin=painter.begin, finish=finish,
                               abort=painter.abort)

        def next_step() -> None:
            self.ctx.worker.run(lambda: steps.step(stop), text=f"{doing} letters…", done=stepped, failed=failed,
                                quiet=True)  # the progress dialog shows the work

        def stepped(n: int) -> None:
            if not steps.finished and stop.is_set():
                # Stopped (or locked) between steps: winding up touches no vault, only aborts a
                # print job, and nothing else uses the printer now, so it is done here.
                steps.step(stop)
            if not steps.finished:
                next_step()
            else:
                self.outputs.forget_stop(stop)
            if session != self.ctx.session() or not shiboken6.isValid(self) or not shiboken6.isValid(progress):
                return
            if steps.finished:
                self._finished(outcome)
                return
            progress.setValue(n)
            progress.setLabelText(f"{doing} letter {n + 1} of {total}…")

        def failed(exc: BaseException) -> None:
            steps.finished = True
            self.outputs.forget_stop(stop)
            if session != self.ctx.session() or not shiboken6.isValid(self):
                return
            self.running = False
            self._close_progress()
            self._update_buttons()
            self.outputs.show_error("The letters were not printed" if destination == PRINT
                                    else "The letters were not saved", exc, parent=self)

        next_step()

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
