"""Printing a trip sheet: the core's rows laid out in an in-memory QTextDocument.

Nothing is written to disk: the preview and the printer draw straight from the document, and
the document is dropped when the preview closes (or the vault locks). The sheet names children,
so it goes to a printer only, never into a file: the preview is the app's own (Qt's print
preview dialog has its own print button, whose print dialog offers "print to file"), its print
dialog offers no print to file, and a printer set to a file is refused. Each print is recorded
in the audit log before the pages go to the printer (``on_print``).
"""

from __future__ import annotations

from html import escape

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGraphicsView, QPushButton, QVBoxLayout, QWidget

from iro_desktop.places.placement import miles_words
from iro_desktop.trips.sheet import SheetRow

from ui.common.formatting import uk_date
from ui.common.screen_fit import fit_to_screen


def sheet_html(title: str, rows: list[SheetRow], route_line: str | None = None) -> str:
    body = []
    for r in rows:
        to_do = "".join(f"<li>{escape(t)}</li>" for t in r.to_do)
        due = f"{r.review_words} due {uk_date(r.review_due)}" if r.review_due else ""
        number = f"{r.visit_number}. " if r.visit_number else ""
        where = escape(r.area) + (f"<br>{escape(r.district)}, {escape(miles_words(r.miles_from_base))} from the base"
                                  if r.district and r.miles_from_base is not None else "")
        body.append(
            "<tr>"
            f"<td width='30%'><b>{escape(number + r.name)}</b><br>{escape(r.child_id)}</td>"
            f"<td width='22%'>{where}<br>{escape(due)}</td>"
            f"<td width='48%'><ul style='margin-left:0; -qt-list-indent:1'>{to_do}</ul></td>"
            "</tr>")
    return (
        "<html><body style='font-family: sans-serif; font-size: 12pt'>"
        f"<h2>{escape(title)}</h2>"
        f"<p>{len(rows)} {'child' if len(rows) == 1 else 'children'} to see. Printed from IRO Desktop; "
        "keep this sheet safe and shred it after the trip.</p>"
        + (f"<p>{escape(route_line)}</p>" if route_line else "")
        + "<table width='100%' cellspacing='0' cellpadding='6' border='1' style='border-collapse: collapse; "
        "border-color: #888'>"
        "<tr style='background: #e8ecf2'><th align='left'>Child</th><th align='left'>Area and review</th>"
        "<th align='left'>What to do</th></tr>"
        + "".join(body) + "</table></body></html>")


def sheet_document(title: str, rows: list[SheetRow], route_line: str | None = None, parent=None) -> QTextDocument:
    document = QTextDocument(parent)
    document.setHtml(sheet_html(title, rows, route_line))
    return document


def prints_to_paper(printer: QPrinter) -> bool:
    """True if ``printer`` is a real printer, not a PDF or a file."""
    return (printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
            and not printer.outputFileName())


class TripSheetPreview(QDialog):
    """Print preview of one trip sheet, with "Print…" (to a printer only) beside it.

    ``on_print(printer)`` is called once the IRO has chosen a printer: it records the print and
    then calls ``print_to``, which draws the pages."""

    def __init__(self, parent: QWidget, document: QTextDocument,
                 on_print: Callable[[QPrinter], None] | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Print trip sheet")  # never a child's name
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setOutputFileName("")
        self.document = document
        document.setParent(self)  # dropped with the dialog
        self._on_print = on_print
        self.print_dialog: QPrintDialog | None = None
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.paintRequested.connect(self._paint)
        page_view = self.preview.findChild(QGraphicsView)  # the part that takes the focus
        if page_view is not None:
            page_view.setAccessibleName("The trip sheet as it will print")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = QPushButton("Print…", self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.choose_printer)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 900)  # no taller than a small laptop's screen

    def _paint(self, printer: QPrinter) -> None:
        self.document.print_(printer)

    def choose_printer(self) -> QPrintDialog:
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle("Print trip sheet")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)  # paper only
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._printer_chosen)
        self.print_dialog = dialog
        QDialog.open(dialog)  # QPrintDialog.open() wants a receiver; the dialog's own signals do instead
        return dialog

    def _printer_chosen(self) -> None:
        if not prints_to_paper(self.printer):
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Warning, "Not printed",
                              "A trip sheet names children, so it can only go to a printer, not into "
                              "a file. Choose a printer and print again.", QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return
        if self._on_print is not None:
            self._on_print(self.printer)

    def print_to(self, printer: QPrinter) -> None:
        """Draw the sheet on ``printer`` (a real printer: checked again here)."""
        if prints_to_paper(printer):
            self.document.print_(printer)
