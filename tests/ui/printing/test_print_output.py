"""Printing through the system print dialog and saving as PDF: what reaches the printer or the
file, and the audit row each one leaves."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QFileDialog

from iro_desktop import printing
from tests.conftest import MARKERS
from tests.ui.print_support import (HELD, PrintToFileDialog, audit_rows, choose_and_wait,  # noqa: F401
                                    file_printer, open_preview, pdf_pages, pdf_text, print_vault)
from tests.ui.window_support import unlock
from iro_desktop.printing.file_names import pdf_file_name
from ui.printing.printer import PRINT_JOB_NAME


def first_page_corner(pdf_path) -> QColor:
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf_path.read_bytes()))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    image = document.render(0, document.pagePointSize(0).toSize())
    return image.pixelColor(3, image.height() - 3)


def test_save_as_pdf_writes_the_file_where_the_iro_chose_and_audits_it(print_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    preview = open_preview(window, qtbot, "C100")
    choose_and_wait(preview, qtbot, variant="large-print")
    record = print_vault.records["C100"]
    suggested = preview.suggested_file_name()
    assert suggested == f"C100-review-{HELD['C100']:%Y-%m-%d}-large-print.pdf"
    assert not any(m.casefold() in suggested.casefold() for m in MARKERS)

    dialog = preview.save_document()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.selectedFiles()[0].endswith(suggested), "the dialog suggests the plain name"
    folder = tmp_path / "saved"
    folder.mkdir()
    dialog.selectFile(str(folder / "letter"))  # no suffix typed: .pdf is added
    dialog.accept()
    target = folder / "letter.pdf"
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    assert target.read_bytes() == preview.rendered.pdf
    assert "Dear Zebediah" in pdf_text(target)
    assert ("output.save.large-print", "record", str(record)) in audit_rows(window.vault)
    assert preview.note.text() == "Saved as letter.pdf."
    assert "letter.pdf" in window.statusBar().currentMessage()
    assert [p.name for p in folder.iterdir()] == ["letter.pdf"], "no temporary file is left beside it"


def test_the_leaflet_is_saved_and_audited_against_the_child(print_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    preview = open_preview(window, qtbot, "C400")
    assert preview.variant == printing.LEAFLET
    assert preview.suggested_file_name() == "C400-leaflet.pdf"
    dialog = preview.save_document()
    dialog.selectFile(str(tmp_path / "leaflet.pdf"))
    dialog.accept()
    qtbot.waitUntil(lambda: (tmp_path / "leaflet.pdf").exists(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    assert ("output.save.leaflet", "child", "C400") in audit_rows(window.vault)


def test_printing_sends_every_page_to_the_printer_and_audits_the_print(print_vault, window, qtbot, file_printer):
    unlock(window, qtbot)
    preview = open_preview(window, qtbot, "C100")
    record = print_vault.records["C100"]
    assert not [r for r in audit_rows(window.vault) if r[0].startswith("output.")], "a preview is not an output"

    dialog = preview.print_document()
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Print"
    assert PrintToFileDialog.refused_print_to_file, "a file is made with Save as PDF, not by printing"
    dialog.accept()
    printed = file_printer / "print-1.pdf"
    qtbot.waitUntil(lambda: ("output.print.child", "record", str(record)) in audit_rows(window.vault),
                    timeout=20_000)
    assert printed.exists()
    assert pdf_pages(printed) == preview.viewer.page_count()
    from pypdf import PdfReader

    assert PdfReader(str(printed)).metadata.title == PRINT_JOB_NAME, "the print job is not named after the child"
    corner = first_page_corner(printed)
    assert corner.lightness() > 240, "pages are printed on white, not on black"
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    assert preview.note.text() == f"Sent to the printer: {pdf_pages(printed)} pages."
    assert "Sent to the printer" in window.statusBar().currentMessage()


def test_the_page_range_chosen_in_the_dialog_is_printed(print_vault, window, qtbot, file_printer, monkeypatch):
    from ui.printing import outputs

    made = outputs.new_printer  # the file printer the fixture put there

    def second_page_only():
        printer = made()
        printer.setPrintRange(printer.PrintRange.PageRange)  # as if chosen in the dialog
        printer.setFromTo(2, 2)
        return printer

    monkeypatch.setattr(outputs, "new_printer", second_page_only)
    unlock(window, qtbot)
    preview = open_preview(window, qtbot, "C100", variant="easy-read")
    assert preview.viewer.page_count() >= 2
    dialog = preview.print_document()
    dialog.accept()
    qtbot.waitUntil(lambda: any(r[0] == "output.print.easy-read" for r in audit_rows(window.vault)), timeout=20_000)
    printed = (file_printer / "print-1.pdf").read_bytes()
    assert pdf_pages(printed) == 1
    page = page_image(printed, 0)
    assert difference(page, page_image(preview.rendered.pdf, 1)) < difference(page, page_image(preview.rendered.pdf, 0))


def page_image(pdf: bytes, index: int):
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    image = document.render(index, QSize(120, 170))
    from ui.printing.printer import on_white

    return on_white(image).convertToFormat(QImage.Format.Format_Grayscale8)


def difference(a, b) -> int:
    return sum(abs(a.pixelColor(x, y).value() - b.pixelColor(x, y).value())
               for x in range(0, 120, 3) for y in range(0, 170, 3))


def test_cancelling_the_print_dialog_prints_and_audits_nothing(print_vault, window, qtbot, file_printer):
    unlock(window, qtbot)
    preview = open_preview(window, qtbot, "C100")
    dialog = preview.print_document()
    dialog.reject()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5_000)
    assert not window.worker.is_busy
    assert list(file_printer.iterdir()) == []
    assert not [r for r in audit_rows(window.vault) if r[0].startswith("output.")]


def test_file_names_never_carry_a_name():
    assert pdf_file_name("C100", "child", HELD["C100"]) == f"C100-review-{HELD['C100']:%Y-%m-%d}-child.pdf"
    assert pdf_file_name("C/1 00", "dyslexia", HELD["C100"], kind="midway", draft=True).startswith("C-1-00-midway-")
    assert pdf_file_name("C100", printing.LEAFLET) == "C100-leaflet.pdf"
