"""The printer itself: a print job set up for the app's documents and the painter that draws
in-memory PDFs onto it. A leaf: the windows and the controller that use it import it, never the
other way round.

Printing draws each page of the in-memory PDF onto the QPrinter as an image at the printer's
resolution (QtPdf reads PDFs; it cannot hand one to a printer). The app writes no file for a
preview or a print. What the system does with a print job is the system's: on Linux Qt passes it
to CUPS through a temporary spool file, removed once CUPS has it, and the print queue keeps the
job until it is printed. So the job carries as little as it can: its pages are images (no text
to search or copy) and its name is plain, never a child's name (print queues are visible to
others).

QPainter may draw on a QPrinter from any thread, so the painting runs on the vault thread and
the window never freezes while a long letter prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import platformdirs
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from iro_desktop.errors import IroError

from ui.printing.pdf_preview import close_pdf, open_pdf

MAX_PRINT_DPI = 600  # a page at 600 dpi is a 140 MB image; finer gains nothing on paper
PRINT_JOB_NAME = "IRO Desktop document"  # shown in print queues: never a child's name


class Cancelled(Exception):
    """The IRO stopped the work (or the vault locked) part-way through."""


def documents_folder() -> str:
    """Where Save as PDF starts: the IRO's Documents folder, or their home folder if there is
    none (platformdirs names it even where it was never made)."""
    documents = Path(platformdirs.user_documents_dir())
    return str(documents if documents.is_dir() else Path.home())


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
