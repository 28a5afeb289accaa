"""Choosing where to save a calendar file (``.ics``): in Documents, under a name that holds no
child's details. The trips' and the review meetings' exports both ask here."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QWidget


def choose_calendar_file(parent: QWidget, title: str, suggested: str, then: Callable[[Path], None]) -> QFileDialog:
    """Open the save dialog (not waiting for it); ``then(path)`` once a file is chosen."""
    dialog = QFileDialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilters(["Calendar files (*.ics)", "All files (*)"])
    dialog.setDefaultSuffix("ics")
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if folder:
        dialog.setDirectory(folder)
    dialog.selectFile(suggested)  # a name with no child's details in it
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: then(Path(path)))
    dialog.open()
    return dialog
