"""The printable summary, previewed from memory before it is printed or saved.

The PDF is made on the vault thread (``summary_pdf.render_summary``) and shown with the app's
in-memory viewer (ui/printing/pdf_preview.py); it goes to the printer the way every document
of the app does (ui/printing/printer.py: pages as images, a plain job name), and a print or a
save is recorded in the audit log by the report's period. Closing the window, or locking the
vault, drops the PDF.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iro_desktop.reports import charts

from ui.common.messages import error_text
from ui.common.window_context import WindowContext
from ui.printing.pdf_preview import PdfViewer
from ui.printing.printer import Cancelled, documents_folder, new_printer, print_pdf

WINDOW_TITLE = "Report summary — IRO Desktop"


class SummaryWindow(QWidget):
    def __init__(self, ctx: WindowContext, figures: dict[str, Any], previous: dict[str, Any] | None, *,
                 what: str = "", team_files: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(WINDOW_TITLE)
        self.resize(860, 660)  # inside a 1280 by 720 screen, with its title bar
        self.ctx = ctx
        self.figures = figures
        self.previous = previous
        self.team_files = team_files
        self.pdf: bytes | None = None
        self._session = ctx.session()
        self._stop = threading.Event()

        heading = QLabel(f"{what or 'Figures'} for {charts.period_words(figures)}")
        heading.setAccessibleName("Summary of")
        note = QLabel("This preview is not saved anywhere; use “Save as PDF” to keep a copy.")
        note.setStyleSheet("color: #444;")
        self.viewer = PdfViewer()
        self.message = QLabel("Making the summary…")
        self.message.setAccessibleName("Result")
        self.message.setWordWrap(True)
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleName("Print")
        self.print_button.clicked.connect(self.print_summary)
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.setAccessibleName("Save as PDF")
        self.save_button.clicked.connect(self.save_summary)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.close)
        for text, key, slot in (("Print", QKeySequence.StandardKey.Print, self.print_summary),
                                ("Close", QKeySequence.StandardKey.Close, self.close)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.viewer, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def _current(self) -> bool:
        return shiboken6.isValid(self) and self.ctx.current(self._session)

    def start(self) -> None:
        from iro_desktop.caseload import repository
        from iro_desktop.reports import summary_pdf

        vault = self.ctx.vault()
        if vault is None:
            return
        figures, previous, team_files = self.figures, self.previous, self.team_files

        def work() -> bytes:
            return summary_pdf.render_summary(figures, previous, council=repository.council_area(vault) or "",
                                              team_files=team_files)

        self.ctx.worker.run(work, text="Making the summary…", done=self._made, failed=self._failed)

    def _made(self, pdf: bytes) -> None:
        if not self._current() or not self.isVisible():
            return
        if self.viewer.show_pdf(pdf):
            self.pdf = pdf
            self.message.setText("")
        else:
            self.message.setText("The summary was made but could not be shown. Try again.")
        self._update_buttons()
        self.print_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        if self._current():
            self.message.setText(error_text(exc))

    def _update_buttons(self) -> None:
        self.print_button.setEnabled(self.pdf is not None)
        self.save_button.setEnabled(self.pdf is not None)

    # ---- print and save -----------------------------------------------------------------------

    def print_summary(self) -> QPrintDialog | None:
        if self.pdf is None:
            return None
        printer = new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print")
        dialog.setMinMax(1, max(1, self.viewer.page_count()))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.printer_ref = printer  # type: ignore[attr-defined] - the dialog does not own it
        dialog.accepted.connect(lambda: self._print(printer))
        QDialog.open(dialog)
        return dialog

    def _print(self, printer) -> None:
        from iro_desktop.reports import summary_pdf

        vault = self.ctx.vault()
        if vault is None or not self._current() or self.pdf is None:
            return
        pdf, figures, stop = self.pdf, self.figures, self._stop

        def work() -> int:
            pages = print_pdf(printer, pdf, stop.is_set)
            summary_pdf.record_output(vault, summary_pdf.PRINT, figures)
            return pages

        def failed(exc: BaseException) -> None:
            if self._current() and not isinstance(exc, Cancelled):
                self._note(f"The summary was not printed. {error_text(exc)}")

        self.ctx.worker.run(work, text="Printing…", failed=failed,
                            done=lambda pages: self._note(f"Sent to the printer: {pages} "
                                                          f"{'page' if pages == 1 else 'pages'}."))

    def save_summary(self) -> QFileDialog | None:
        from iro_desktop.reports import summary_pdf

        if self.pdf is None:
            return None
        dialog = QFileDialog(self, "Save as PDF")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["PDF documents (*.pdf)"])
        dialog.setDefaultSuffix("pdf")
        dialog.setDirectory(documents_folder())
        dialog.selectFile(summary_pdf.suggested_file_name(self.figures))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.save_to(Path(path)))
        dialog.open()
        return dialog

    def save_to(self, path: Path) -> None:
        from iro_desktop.reports import summary_pdf

        vault = self.ctx.vault()
        if vault is None or not self._current() or self.pdf is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        pdf, figures = self.pdf, self.figures
        self.ctx.worker.run(lambda: summary_pdf.save_summary(vault, path, pdf, figures), text="Saving the PDF…",
                            done=lambda _r: self._note(f"Saved as {path.name}."),
                            failed=lambda exc: self._note(f"The PDF was not saved. {error_text(exc)}"))

    def _note(self, text: str) -> None:
        if self._current():
            self.message.setText(text)

    # ---- closing ------------------------------------------------------------------------------

    def drop_document(self) -> None:
        self._stop.set()
        self.pdf = None
        self.viewer.clear()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.drop_document()
        super().closeEvent(event)
