"""Printing a trip sheet: the core's rows laid out in an in-memory QTextDocument.

Nothing is written to disk: the preview and the printer draw straight from the document, and
the document is dropped when the preview closes (or the vault locks).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from iro_desktop.trips.sheet import SheetRow

from ui.common.formatting import uk_date


def sheet_html(title: str, rows: list[SheetRow]) -> str:
    body = []
    for r in rows:
        to_do = "".join(f"<li>{escape(t)}</li>" for t in r.to_do)
        due = f"{r.review_words} due {uk_date(r.review_due)}" if r.review_due else ""
        body.append(
            "<tr>"
            f"<td width='30%'><b>{escape(r.name)}</b><br>{escape(r.child_id)}</td>"
            f"<td width='22%'>{escape(r.area)}<br>{escape(due)}</td>"
            f"<td width='48%'><ul style='margin-left:0; -qt-list-indent:1'>{to_do}</ul></td>"
            "</tr>")
    return (
        "<html><body style='font-family: sans-serif; font-size: 12pt'>"
        f"<h2>{escape(title)}</h2>"
        f"<p>{len(rows)} {'child' if len(rows) == 1 else 'children'} to see. Printed from IRO Desktop; "
        "keep this sheet safe and shred it after the trip.</p>"
        "<table width='100%' cellspacing='0' cellpadding='6' border='1' style='border-collapse: collapse; "
        "border-color: #888'>"
        "<tr style='background: #e8ecf2'><th align='left'>Child</th><th align='left'>Area and review</th>"
        "<th align='left'>What to do</th></tr>"
        + "".join(body) + "</table></body></html>")


def sheet_document(title: str, rows: list[SheetRow], parent=None) -> QTextDocument:
    document = QTextDocument(parent)
    document.setHtml(sheet_html(title, rows))
    return document


class TripSheetPreview(QPrintPreviewDialog):
    """Print preview of one trip sheet, with the print dialog one button away."""

    def __init__(self, parent: QWidget, document: QTextDocument) -> None:
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self.printer, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Print trip sheet")  # never a child's name
        self.document = document
        document.setParent(self)  # dropped with the dialog
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        self.document.print_(printer)
