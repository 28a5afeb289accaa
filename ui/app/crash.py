"""What an unexpected error leaves behind: where it happened, never what it was about.

Exception messages can quote what was being processed (a name, a date of birth), so the crash
report keeps only the exception's type and the file, line and function of each frame (the
format is the core's, ``iro_desktop.unexpected``, shared with the command line and the log). It
goes to stderr (there is no crash file), and the IRO is told plainly what to do.
"""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from iro_desktop import unexpected
from iro_desktop.errors import IroError


def scrubbed_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    return unexpected.report(exc_type, tb)


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    print(scrubbed_report(exc_type, tb), file=sys.stderr)
    if QApplication.instance() is not None:
        text = str(exc) if isinstance(exc, IroError) else (
            "Something went wrong that IRO Desktop did not expect. Your saved work is safe in the "
            "vault. If it happens again, lock the app, restart it, and tell your council IT team "
            f"what you were doing (error type: {exc_type.__name__}).")
        QMessageBox.critical(None, "IRO Desktop", text)


def install() -> None:
    sys.excepthook = excepthook
