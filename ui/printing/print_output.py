"""Printed documents leaving the app: the system print dialog, "Save as PDF…", and the windows
that show them (previews, the batch, the print settings), closed together when the vault locks.

Printing draws each page of the in-memory PDF onto the QPrinter as an image at the printer's
resolution (QtPdf reads PDFs; it cannot hand one to a printer). The app writes no file for a
preview or a print. What the system does with a print job is the system's: on Linux Qt passes it
to CUPS through a temporary spool file, removed once CUPS has it, and the print queue keeps the
job until it is printed. So the job carries as little as it can: its pages are images (no text
to search or copy) and its name is plain, never a child's name (print queues are visible to
others). Saving goes through ``printing.save_pdf``, which writes the file atomically and audits
it; a print is audited with ``record_output`` once the printer has taken the job.

The painting runs on the vault thread with everything else (QPainter may draw on a QPrinter
from any thread), so the window never freezes while a long letter prints.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRectF, QSizeF, QStandardPaths, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from iro_desktop import printing
from iro_desktop.errors import IroError

from ui.printing.pdf_preview import close_pdf, open_pdf
from ui.common.workers import Worker

if TYPE_CHECKING:
    from ui.printing.preview_window import PreviewWindow

MAX_PRINT_DPI = 600  # a page at 600 dpi is a 140 MB image; finer gains nothing on paper
PRINT_JOB_NAME = "IRO Desktop document"  # shown in print queues: never a child's name


@dataclass
class OutputContext:
    """What the print and save windows need from the main window."""

    worker: Worker
    vault: Callable[[], Any]  # the open vault, or None once locked
    session: Callable[[], int]  # the main window's lock counter: work from before a lock is dropped
    status: Callable[[str], None] = lambda text: None


class Cancelled(Exception):
    """The IRO stopped the work (or the vault locked) part-way through."""


def documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


# ---- printing ------------------------------------------------------------------------------

def new_printer() -> QPrinter:
    """A printer set up for the app's documents: A4 portrait, drawn edge to edge (the PDFs carry
    their own margins), with a plain job name."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(PRINT_JOB_NAME)
    printer.setCreator("IRO Desktop")
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


class PdfPainter:
    """Draws in-memory PDFs onto one print job, page after page, each page an image at the
    printer's resolution scaled to fit the paper. ``begin``, ``add`` (any number of PDFs),
    then ``finish`` (or ``abort``)."""

    def __init__(self, printer: QPrinter, *, new_sheet_per_document: bool = False) -> None:
        self.printer = printer
        self.painter = QPainter()
        self.pages = 0  # sides of paper used so far
        self._new_sheet = new_sheet_per_document
        self._started = False

    def begin(self) -> None:
        if not self.painter.begin(self.printer):
            raise IroError("The printer could not be started. Check it is switched on and connected, "
                           "then try again. Nothing was printed.")
        self._started = True

    def add(self, pdf: bytes, *, first_page: int = 1, last_page: int = 0,
            cancelled: Callable[[], bool] = lambda: False) -> int:
        """Draw pages ``first_page``..``last_page`` (1-based; 0 for the last) of ``pdf``; the
        number of pages drawn. Raises Cancelled between pages once ``cancelled()`` is true."""
        document, buffer = open_pdf(pdf)
        try:
            if document.status() != QPdfDocument.Status.Ready:
                raise IroError("The document could not be read for printing. Nothing more was printed.")
            count = document.pageCount()
            last = count if last_page <= 0 else min(last_page, count)
            drawn = 0
            if self.pages and self._new_sheet and self._duplex() and self.pages % 2:
                self._next_side()  # a letter starts on a fresh sheet, never on the back of the last one
            for index in range(max(first_page, 1) - 1, last):
                if cancelled():
                    raise Cancelled()
                self._draw(document, index)
                drawn += 1
            return drawn
        finally:
            close_pdf(document, buffer)
            document.deleteLater()
            buffer.deleteLater()

    def finish(self) -> None:
        if self._started:
            self._started = False
            if not self.painter.end() or self.printer.printerState() == QPrinter.PrinterState.Error:
                raise IroError("The printer reported a problem and the document may not have printed. "
                               "Check the printer, then try again.")

    def abort(self) -> None:
        """Throw the job away. Printing to a file leaves the pages drawn so far in it: that
        half-made file is removed, so nothing of a stopped job comes out."""
        if self._started:
            self._started = False
            self.printer.abort()
            self.painter.end()
            if self.printer.outputFileName():
                Path(self.printer.outputFileName()).unlink(missing_ok=True)

    def _duplex(self) -> bool:
        return self.printer.duplex() != QPrinter.DuplexMode.DuplexNone

    def _next_side(self) -> None:
        if not self.printer.newPage():
            raise IroError("The printer stopped taking pages. Check the printer, then try again.")
        self.pages += 1

    def _draw(self, document: QPdfDocument, index: int) -> None:
        if self.pages:
            self._next_side()
        else:
            self.pages = 1
        dpi = min(self.printer.resolution(), MAX_PRINT_DPI)
        points = document.pagePointSize(index)
        image = document.render(index, (points * dpi / 72).toSize())
        if image.isNull():
            raise IroError("A page could not be drawn for the printer. Nothing more was printed.")
        # Paper may not be A4 (the IRO can choose Letter in the dialog): fit, keep the shape.
        paper = self.printer.paperRect(QPrinter.Unit.DevicePixel)
        scale = min(paper.width() / points.width(), paper.height() / points.height())
        size = QSizeF(points.width() * scale, points.height() * scale)
        target = QRectF(paper.x() + (paper.width() - size.width()) / 2,
                        paper.y() + (paper.height() - size.height()) / 2, size.width(), size.height())
        self.painter.drawImage(target, on_white(image))


def on_white(image: QImage) -> QImage:
    """The page on white paper: QtPdf leaves the page transparent where nothing is drawn, and a
    printer (or the PDF a print-to-file makes) would turn that black. Done in place: a page at
    600 dpi is large enough without a second copy."""
    if image.format() != QImage.Format.Format_ARGB32_Premultiplied:
        image.convertTo(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
    painter.fillRect(image.rect(), Qt.GlobalColor.white)
    painter.end()
    image.convertTo(QImage.Format.Format_RGB32)
    return image


def print_pdf(printer: QPrinter, pdf: bytes, cancelled: Callable[[], bool] = lambda: False) -> int:
    """Print one PDF (the page range chosen in the print dialog); the number of pages sent."""
    painter = PdfPainter(printer)
    painter.begin()
    try:
        pages = painter.add(pdf, first_page=printer.fromPage() or 1, last_page=printer.toPage(),
                            cancelled=cancelled)
    except BaseException:
        painter.abort()
        raise
    painter.finish()
    return pages


# ---- the controller the main window holds --------------------------------------------------------

class PrintOutputs(QObject):
    """Opens previews, print and save dialogs, the batch and the print settings, and keeps
    track of them so the lock routine can close them all (``close_all``)."""

    def __init__(self, ctx: OutputContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._windows: list[QWidget] = []
        self._stops: list[threading.Event] = []

    # ---- keeping track -------------------------------------------------------------------

    def track(self, widget: QWidget) -> QWidget:
        self._windows.append(widget)
        widget.destroyed.connect(lambda _obj=None, w=widget: self._forget(w))
        return widget

    def _forget(self, widget: QWidget) -> None:
        self._windows = [w for w in self._windows if w is not widget]

    def open_windows(self) -> list[QWidget]:
        return [w for w in self._windows if shiboken6.isValid(w) and w.isVisible()]

    def stop_event(self) -> threading.Event:
        """A flag that long work checks between steps; set by ``close_all``."""
        stop = threading.Event()
        self._stops.append(stop)
        return stop

    def forget_stop(self, stop: threading.Event) -> None:
        self._stops = [s for s in self._stops if s is not stop]

    def close_all(self) -> None:
        """For the lock routine: stop work in progress between steps, close every preview
        (which drops its PDF), print or save dialog, the batch and the settings windows."""
        for stop in self._stops:
            stop.set()
        self._stops.clear()
        windows, self._windows = self._windows, []
        for widget in windows:
            if not shiboken6.isValid(widget):
                continue
            drop = getattr(widget, "drop_document", None)
            if drop is not None:
                drop()
            widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            if isinstance(widget, QDialog):
                widget.reject()
            widget.close()

    # ---- previews ------------------------------------------------------------------------

    def preview(self, parent: QWidget, child_id: str, child_name: str, *, record_id: int | None = None,
                version: int | None = None, variant: str | None = None) -> "PreviewWindow":
        """The preview window for a child's documents: their latest review record's letter (or
        ``record_id`` at ``version``), any variant, and the leaflet."""
        from ui.printing.preview_window import PreviewWindow

        window = PreviewWindow(self, child_id, child_name, parent=parent, record_id=record_id, version=version,
                               variant=variant)
        self.track(window)
        window.show()
        window.start()
        return window

    def preview_unsaved(self, parent: QWidget, child_id: str, child_name: str, content: Any, record_id: int,
                        variant: str = "child") -> "PreviewWindow":
        """The letter as the editor holds it now (``content``: review or midway content not
        yet saved), made with ``printing.preview_letter`` and marked as a draft."""
        from ui.printing.preview_window import PreviewWindow

        window = PreviewWindow(self, child_id, child_name, parent=parent, record_id=record_id, variant=variant,
                               unsaved=content)
        self.track(window)
        window.show()
        window.start()
        return window

    # ---- print and save ------------------------------------------------------------------

    def print_document(self, parent: QWidget, pdf: bytes, page_count: int, *, audit_id: int | str, variant: str,
                       done: Callable[[int], None] | None = None) -> QPrintDialog:
        """The system print dialog for ``pdf``; once accepted, the pages go to the printer on
        the vault thread and the print is recorded in the audit log."""
        printer = new_printer()
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print")
        dialog.setMinMax(1, max(1, page_count))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)  # files: Save as PDF
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.printer_ref = printer  # type: ignore[attr-defined] - the dialog does not own it
        session = self.ctx.session()
        dialog.accepted.connect(lambda: self._print_accepted(printer, pdf, audit_id, variant, session, done))
        self.track(dialog)
        QDialog.open(dialog)  # QPrintDialog.open() wants a receiver; the dialog's own signals do instead
        return dialog

    def _print_accepted(self, printer: QPrinter, pdf: bytes, audit_id: int | str, variant: str, session: int,
                        done: Callable[[int], None] | None) -> None:
        vault = self.ctx.vault()
        if vault is None or session != self.ctx.session():
            return
        stop = self.stop_event()

        def work() -> int:
            pages = print_pdf(printer, pdf, stop.is_set)
            printing.record_output(vault, "print", audit_id, variant)
            return pages

        def printed(pages: int) -> None:
            self.forget_stop(stop)
            if session != self.ctx.session():
                return
            self.ctx.status(f"Sent to the printer: {pages} {'page' if pages == 1 else 'pages'}.")
            if done is not None:
                done(pages)

        def failed(exc: BaseException) -> None:
            self.forget_stop(stop)
            if session == self.ctx.session() and not isinstance(exc, Cancelled):
                self.show_error("The document was not printed", exc)

        self.ctx.worker.run(work, text="Printing…", done=printed, failed=failed)

    def save_document(self, parent: QWidget, pdf: bytes, suggested_name: str, *, audit_id: int | str,
                      variant: str, done: Callable[[Path], None] | None = None) -> QFileDialog:
        """Ask where to save ``pdf`` (suggesting a name with no child's name in it), then save it
        through the core, which writes it atomically and audits it."""
        dialog = QFileDialog(parent, "Save as PDF")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters(["PDF documents (*.pdf)"])
        dialog.setDefaultSuffix("pdf")
        dialog.setDirectory(documents_folder())  # not remembered: a folder name can say whose it is
        dialog.selectFile(suggested_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        session = self.ctx.session()
        dialog.fileSelected.connect(lambda path: self._save_chosen(Path(path), pdf, audit_id, variant, session, done))
        self.track(dialog)
        dialog.open()
        return dialog

    def _save_chosen(self, path: Path, pdf: bytes, audit_id: int | str, variant: str, session: int,
                     done: Callable[[Path], None] | None) -> None:
        vault = self.ctx.vault()
        if vault is None or session != self.ctx.session():
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")

        def saved(_result: object) -> None:
            if session != self.ctx.session():
                return
            self.ctx.status(f"Saved {path.name}")
            if done is not None:
                done(path)

        self.ctx.worker.run(lambda: printing.save_pdf(vault, path, pdf, record_id=audit_id, variant=variant),
                            text="Saving the PDF…", done=saved,
                            failed=lambda exc: self.show_error("The PDF was not saved", exc, session))

    # ---- other windows -------------------------------------------------------------------

    def batch(self, parent: QWidget) -> QDialog:
        from ui.printing.batch_output import BatchDialog

        dialog = BatchDialog(self, parent)
        self.track(dialog)
        dialog.open()
        dialog.start()
        return dialog

    def print_settings(self, parent: QWidget) -> QDialog:
        from ui.printing.print_settings_dialog import PrintSettingsDialog

        dialog = PrintSettingsDialog(self, parent)
        self.track(dialog)
        dialog.open()
        dialog.start()
        return dialog

    def child_style(self, parent: QWidget, child_id: str, child_name: str) -> QDialog:
        from ui.printing.print_settings_dialog import ChildStyleDialog

        dialog = ChildStyleDialog(self, child_id, child_name, parent)
        self.track(dialog)
        dialog.open()
        dialog.start()
        return dialog

    # ---- messages ------------------------------------------------------------------------

    def show_error(self, what: str, exc: BaseException, session: int | None = None,
                   parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ui.common.messages import error_text

        if session is not None and session != self.ctx.session():
            return
        owner = parent or self.parent()
        box = QMessageBox(QMessageBox.Icon.Warning, what, error_text(exc), QMessageBox.StandardButton.Ok,
                          owner if isinstance(owner, QWidget) else None)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
