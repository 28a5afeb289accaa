"""What the printing windows need from the app, and from the controller that opens them.

The preview, the batch and the print settings call back into the controller (to print, to save,
to open the settings); they see it through ``Outputs``, a Protocol, so none of them imports
``ui.printing.outputs``, which opens them: the windows and their controller form no import cycle.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol

from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ui.common.workers import Worker


@dataclass
class OutputContext:
    """What the print and save windows need from the main window."""

    worker: Worker
    vault: Callable[[], Any]  # the open vault, or None once locked
    session: Callable[[], int]  # the main window's lock counter: work from before a lock is dropped
    status: Callable[[str], None] = lambda text: None


class Outputs(Protocol):
    """The part of ``ui.printing.outputs.PrintOutputs`` the windows it opens call back."""

    ctx: OutputContext

    def stop_event(self) -> threading.Event: ...

    def forget_stop(self, stop: threading.Event) -> None: ...

    def print_document(self, parent: QWidget, pdf: bytes, page_count: int, *, audit_id: int | str, variant: str,
                       done: Callable[[int], None] | None = None) -> QPrintDialog: ...

    def save_document(self, parent: QWidget, pdf: bytes, suggested_name: str, *, audit_id: int | str,
                      variant: str, done: Callable[[Path], None] | None = None) -> QFileDialog: ...

    def print_settings(self, parent: QWidget) -> QDialog: ...

    def show_error(self, what: str, exc: BaseException, session: int | None = None,
                   parent: QWidget | None = None) -> None: ...
