"""The import preview: what the council's extract would change, or why it cannot be imported.

The plan and the problems are the core's (``importer.parse`` / ``importer.plan``); this dialog
lays them out and asks Apply or Cancel. The change lines name children, so they live only in
this dialog's widgets and go when it closes.

Both dialogs offer "Save a template…": the example extract bundled with the app
(``caseload.template``), with every heading as the import expects it, for the IRO to compare with
their file or pass to whoever exports the caseload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
    QListWidget, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from iro_desktop.caseload import template
from iro_desktop.caseload.importer import ImportPlan


def _para(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


TEMPLATE_HINT = ("A template is the example caseload file, with every column heading spelled as "
                 "the import expects it and four invented children.")


class TemplateRow(QWidget):
    """The "Save a template…" button beside a line saying what a template is (then where it went)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.note = _para(TEMPLATE_HINT)
        row.addWidget(self.note, 1)
        self.button = QPushButton("Save a &template…")
        self.button.setAccessibleName("Save a template of the caseload file")
        self.button.setAccessibleDescription(TEMPLATE_HINT)
        self.button.setToolTip("Save the example caseload file where you choose")
        self.button.clicked.connect(self.choose_file)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(self, "Save a template of the caseload file")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters(["CSV files (*.csv)", "All files (*)"])
        dialog.setDefaultSuffix("csv")
        # The Documents folder, or the home folder where there is none (never the app's own).
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog.setDirectory(folder if folder and Path(folder).is_dir() else str(Path.home()))
        dialog.selectFile(template.SUGGESTED_NAME)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.save(Path(path)))
        dialog.open()
        return dialog

    def save(self, path: Path) -> Path | None:
        # A small file of invented children: written here, no vault and no worker needed.
        try:
            saved = template.save_template(path)
        except OSError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, "The template was not saved",
                              f"The template could not be saved as {path.name} in {path.parent} "
                              f"({exc.strerror or type(exc).__name__}). Choose another folder.",
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return None
        self.note.setText(f"Template saved as {saved.name} in {saved.parent}.")
        return saved


class ImportPreviewDialog(QDialog):
    """Shows a plan; calls ``on_apply(plan)`` if the IRO chooses Apply."""

    def __init__(self, parent: QWidget, plan: ImportPlan, on_apply: Callable[[ImportPlan], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import caseload — preview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 560)
        self._plan: ImportPlan | None = plan
        self._on_apply = on_apply
        counts = plan.counts

        layout = QVBoxLayout(self)
        layout.addWidget(_para(f"<b>{plan.source}</b>"))
        self.counts = QTableWidget(1, 4)
        self.counts.setHorizontalHeaderLabels(["New", "Changed", "No longer allocated", "Unchanged"])
        for i, key in enumerate(("new", "changed", "not_allocated", "unchanged")):
            item = QTableWidgetItem(str(counts[key]))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.counts.setItem(0, i, item)
        self.counts.verticalHeader().hide()
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counts.setFixedHeight(self.counts.horizontalHeader().sizeHint().height()
                                   + self.counts.rowHeight(0) + 4)
        layout.addWidget(self.counts)
        layout.addWidget(_para(plan.summary()))
        if plan.warnings:
            layout.addWidget(_para("<b>Please check:</b>"))
            self.warnings = QListWidget()
            self.warnings.setAccessibleName("Warnings to check")
            self.warnings.addItems(plan.warnings)
            self.warnings.setMaximumHeight(110)
            self.warnings.setWordWrap(True)
            layout.addWidget(self.warnings)
        layout.addWidget(_para("<b>Changes</b>" if plan.has_changes else
                               "Your caseload already matches this file; there is nothing to change."))
        self.changes = QListWidget()
        self.changes.setAccessibleName("Changes the import would make")
        self.changes.setWordWrap(True)
        self.changes.addItems(plan.lines())
        self.changes.setVisible(plan.has_changes)
        layout.addWidget(self.changes, 1)
        if plan.has_changes:
            layout.addWidget(_para("A backup of your vault is made before the import is applied. "
                                   "Children missing from the file are kept, marked as no longer "
                                   "allocated to you."))

        self.template = TemplateRow(self)
        layout.addWidget(self.template)
        self.buttons = QDialogButtonBox()
        if plan.has_changes:
            self.apply_button = QPushButton("Apply import")
            self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.apply_button = None
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        plan, self._plan = self._plan, None
        super().accept()
        if plan is not None:
            self._on_apply(plan)

    def done(self, result: int) -> None:
        self._plan = None
        super().done(result)


class ImportProblemsDialog(QDialog):
    """Why a file cannot be imported: every problem, by row and column, as the core listed them."""

    def __init__(self, parent: QWidget, problems: list[tuple[str, str]], title: str = "",
                 cells: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import caseload — problems")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 460)
        count = len(problems)
        layout = QVBoxLayout(self)
        layout.addWidget(_para(title or (
            f"The file cannot be imported: {count} problem{'s' if count != 1 else ''} "
            "found. Nothing was changed. Fix these in the file (or ask for a new extract), then "
            "import it again.")))
        # The cell as the file has it, on the IRO's own screen only: messages never quote it.
        cells = cells or {}
        self.table = QTableWidget(count, 3)
        self.table.setAccessibleName("Problems in the file")
        self.table.setHorizontalHeaderLabels(["Where", "In the file", "Problem"])
        for i, (where, message) in enumerate(problems):
            self.table.setItem(i, 0, QTableWidgetItem(where or "The file"))
            self.table.setItem(i, 1, QTableWidgetItem(cells.get(where, "")))
            self.table.setItem(i, 2, QTableWidgetItem(message))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # arrows move through it; Tab goes on to the buttons
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        self.template = TemplateRow(self)
        layout.addWidget(self.template)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
