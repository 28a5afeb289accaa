"""Printed documents leaving the app: the system print dialog, "Save as PDF…", and the windows
that show them (previews, the batch, the print settings), closed together when the vault locks.

The pages reach the printer through ``ui.printing.printer`` (why they go as images, and what the
system keeps of a job, is told there). Saving goes through ``printing.save_pdf``, which writes the
file atomically and audits it; a print is audited with ``record_output`` once the printer has
taken the job. Both run on the vault thread, so the window never freezes while a long letter
prints. The windows are imported when first opened: none is needed to show the unlock screen.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from iro_desktop import printing

from ui.common.open_windows import OpenWindows
from ui.printing.output_context import OutputContext
from ui.printing.printer import Cancelled, documents_folder, new_printer, print_pdf

if TYPE_CHECKING:
    from ui.printing.preview_window import PreviewWindow

__all__ = ["OutputContext", "PrintOutputs"]


class PrintOutputs(QObject):
    """Opens previews, print and save dialogs, the batch and the print settings, and keeps
    track of them so the lock routine can close them all (``close_all``)."""

    def __init__(self, ctx: OutputContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._windows = OpenWindows()
        self._stops: list[threading.Event] = []
        # The last folder the IRO saved into, kept for this unlock only and never written to the
        # settings: a folder's name can be a child's name.
        self._last_folder: tuple[int, Path] | None = None

    def save_folder(self) -> str:
        """Where a save starts: the folder last saved into since the vault was unlocked, or
        Documents (``documents_folder``)."""
        if self._last_folder is not None:
            session, folder = self._last_folder
            if session == self.ctx.session() and folder.is_dir():
                return str(folder)
        return documents_folder()

    def remember_folder(self, folder: Path) -> None:
        self._last_folder = (self.ctx.session(), folder)

    # ---- keeping track -------------------------------------------------------------------

    def track(self, widget: QWidget) -> QWidget:
        return self._windows.track(widget)

    def _show(self, window: Any, *, modal: bool = False) -> Any:
        """Track ``window``, show it (``open()`` for a dialog that is window-modal), then let it
        start reading what it shows on the vault thread."""
        self.track(window)
        if modal:
            window.open()
        else:
            window.show()
        window.start()
        return window

    def _vault_for(self, session: int) -> Any:
        """The open vault if it is still the one of ``session`` (no lock since), else None."""
        vault = self.ctx.vault()
        return vault if vault is not None and session == self.ctx.session() else None

    def open_windows(self) -> list[QWidget]:
        return self._windows.visible()

    def stop_event(self) -> threading.Event:
        """A flag that long work checks between steps; set by ``close_all``."""
        stop = threading.Event()
        self._stops.append(stop)
        return stop

    def forget_stop(self, stop: threading.Event) -> None:
        self._stops = [s for s in self._stops if s is not stop]

    def close_all(self) -> None:
        """For the lock routine: stop work in progress between steps, close every preview
        (which drops its PDF), print or save dialog, the batch and the settings windows, and
        forget the folder last saved into."""
        for stop in self._stops:
            stop.set()
        self._stops.clear()
        self._last_folder = None
        self._windows.close_all()

    # ---- previews ------------------------------------------------------------------------

    def preview(self, parent: QWidget, child_id: str, child_name: str, *, record_id: int | None = None,
                version: int | None = None, variant: str | None = None) -> "PreviewWindow":
        """The preview window for a child's documents: their latest review record's letter (or
        ``record_id`` at ``version``), any variant, and the leaflet."""
        from ui.printing.preview_window import PreviewWindow

        return self._show(PreviewWindow(self, child_id, child_name, parent=parent, record_id=record_id,
                                        version=version, variant=variant))

    def preview_unsaved(self, parent: QWidget, child_id: str, child_name: str, content: Any, record_id: int,
                        variant: str = "child") -> "PreviewWindow":
        """The letter as the editor holds it now (``content``: review or midway content not
        yet saved), made with ``printing.preview_letter`` and marked as a draft."""
        from ui.printing.preview_window import PreviewWindow

        return self._show(PreviewWindow(self, child_id, child_name, parent=parent, record_id=record_id,
                                        variant=variant, unsaved=content))

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
        vault = self._vault_for(session)
        if vault is None:
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
        dialog.setDirectory(self.save_folder())
        dialog.selectFile(suggested_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        session = self.ctx.session()
        dialog.fileSelected.connect(lambda path: self._save_chosen(Path(path), pdf, audit_id, variant, session, done))
        self.track(dialog)
        dialog.open()
        return dialog

    def _save_chosen(self, path: Path, pdf: bytes, audit_id: int | str, variant: str, session: int,
                     done: Callable[[Path], None] | None) -> None:
        vault = self._vault_for(session)
        if vault is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.remember_folder(path.parent)

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

        return self._show(BatchDialog(self, parent), modal=True)

    def print_settings(self, parent: QWidget) -> QDialog:
        from ui.printing.print_settings_dialog import PrintSettingsDialog

        return self._show(PrintSettingsDialog(self, parent), modal=True)

    def child_style(self, parent: QWidget, child_id: str, child_name: str) -> QDialog:
        from ui.printing.print_settings_dialog import ChildStyleDialog

        return self._show(ChildStyleDialog(self, child_id, child_name, parent), modal=True)

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
