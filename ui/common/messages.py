"""Turning failures into words for the IRO.

Every IroError from the core is already a complete sentence meant for the IRO, so it is shown
as it is. Anything else is a bug: the IRO gets a plain sentence and the log gets the error's
type and code location, never its message (which could quote a child's details).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from iro_desktop.errors import IroError

from ui.common.workers import log_unexpected


def error_text(exc: BaseException) -> str:
    if isinstance(exc, IroError):
        return str(exc)
    log_unexpected(exc)
    return (f"Something unexpected went wrong ({type(exc).__name__}). Try again; if it keeps "
            "happening, contact your council IT team.")


def reject_unless_kept(dialog: QDialog, has_changes: bool, title: str, text: str) -> None:
    """Close ``dialog`` at once if nothing was typed; otherwise ask first (Cancel by default),
    without blocking the event loop, so nothing typed is thrown away by a slip."""
    if not has_changes:
        dialog.reject()
        return
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, dialog)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda result: dialog.reject()
                         if result == QMessageBox.StandardButton.Discard else None)
    box.open()
