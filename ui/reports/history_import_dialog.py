"""Importing review history from the File menu: choose the tracker's CSV, see what it would add,
then Apply or Cancel. Reading, checking and writing are the core's
(``iro_desktop.reports.history_import``), run on the vault worker; this module lays out its
answer. The preview lines name children, so they live only in the dialog and go when it closes.
Problems are shown in the caseload import's own problems dialog (row, column, the cell as the
file has it, and the message, which never quotes it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QListWidget, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from iro_desktop.errors import ValidationError
from iro_desktop.reports.history_import import HistoryImported, HistoryPlan
from ui.common.window_context import WindowContext

COLUMNS_HINT = ("Each row is one review: child_id, review_date, review_type, participation_code, child_seen_alone, "
                "decisions_circulated, record_distributed, rag_care_planning, rag_preparation, midway_date and "
                "parent_participated (more columns are optional). Reviews already in your vault are left as they are.")


def _para(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class HistoryPreviewDialog(QDialog):
    """Shows a plan; calls ``on_apply(plan)`` if the IRO chooses Apply."""

    def __init__(self, parent: QWidget, plan: HistoryPlan, on_apply: Callable[[HistoryPlan], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import review history — preview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 560)
        self._plan: HistoryPlan | None = plan
        self._on_apply = on_apply

        layout = QVBoxLayout(self)
        layout.addWidget(_para(f"<b>{plan.source}</b>"))
        self.counts = QTableWidget(1, 3)
        self.counts.setAccessibleName("What the import would add")
        self.counts.setHorizontalHeaderLabels(["Reviews to add", "Midway reviews", "Already in the vault"])
        numbers = (len(plan.new), sum(1 for r in plan.new if r.midway_date), len(plan.already))
        for i, n in enumerate(numbers):
            item = QTableWidgetItem(str(n))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.counts.setItem(0, i, item)
        self.counts.verticalHeader().hide()
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counts.setFixedHeight(self.counts.horizontalHeader().sizeHint().height() + self.counts.rowHeight(0) + 4)
        layout.addWidget(self.counts)
        layout.addWidget(_para(plan.summary()))
        if plan.warnings:
            layout.addWidget(_para("<b>Please check:</b>"))
            self.warnings = QListWidget()
            self.warnings.setAccessibleName("Warnings about the file")
            self.warnings.addItems(plan.warnings)
            self.warnings.setMaximumHeight(110)
            self.warnings.setWordWrap(True)
            layout.addWidget(self.warnings)
        layout.addWidget(_para("<b>Reviews in the file</b>" if plan.has_changes else
                               "Every review in this file is already in your vault; there is nothing to add."))
        self.lines = QListWidget()
        self.lines.setAccessibleName("Reviews in the file")
        self.lines.setWordWrap(True)
        self.lines.addItems(plan.lines())
        layout.addWidget(self.lines, 1)
        if plan.has_changes:
            layout.addWidget(_para("A backup of your vault is made before the import is applied. The reviews "
                                   "count towards My week's dates exactly as reviews you record yourself."))
        layout.addWidget(_para(COLUMNS_HINT))
        self.buttons = QDialogButtonBox()
        if plan.has_changes:
            self.apply_button: QPushButton | None = QPushButton("&Apply import")
            self.apply_button.setAccessibleName("Apply the review history import")
            self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.apply_button = None
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.apply_button is not None:
            self.apply_button.setFocus()

    def accept(self) -> None:
        plan, self._plan = self._plan, None
        super().accept()
        if plan is not None:
            self._on_apply(plan)

    def done(self, result: int) -> None:
        self._plan = None
        super().done(result)


class HistoryImport(QObject):
    """The flow: a file dialog, the preview on the worker, the dialog, the import on the worker."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.dialog: QDialog | None = None

    def choose_file(self) -> None:
        if self.ctx.vault() is None:
            return
        dialog = QFileDialog(self.ctx.window, "Choose your review history file")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["CSV files (*.csv *.txt)", "All files (*)"])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.preview(Path(path)))
        dialog.open()

    def preview(self, path: Path) -> None:
        from iro_desktop.reports import history_import

        vault, session = self.ctx.require_vault(), self.ctx.session()
        self.ctx.worker.run(lambda: history_import.plan(vault, history_import.parse(path)),
                            text="Reading the review history…",
                            done=lambda plan: self._show(plan, session),
                            failed=lambda exc: self._failed(exc, session))

    def _show(self, plan: HistoryPlan, session: int) -> None:
        if not self.ctx.current(session):
            return  # locked meanwhile: the preview names children, so it is dropped
        self.dialog = HistoryPreviewDialog(self.ctx.window, plan, self.apply)
        self.dialog.open()

    def apply(self, plan: HistoryPlan) -> None:
        from iro_desktop.reports import history_import

        vault, session = self.ctx.require_vault(), self.ctx.session()
        self.ctx.worker.run(lambda: history_import.apply(vault, plan), text="Importing the review history…",
                            done=lambda done: self._applied(done, session),
                            failed=lambda exc: self._failed(exc, session))

    def _applied(self, done: HistoryImported, session: int) -> None:
        if self.ctx.current(session):
            self.ctx.status(f"Review history imported: {done.reviews} review{'s' if done.reviews != 1 else ''}, "
                            f"{done.midways} midway review{'s' if done.midways != 1 else ''}.")

    def _failed(self, exc: BaseException, session: int) -> None:
        if not self.ctx.current(session):
            return
        if isinstance(exc, ValidationError):
            from ui.caseload.import_dialog import ImportProblemsDialog

            count = len(exc.problems)
            dialog = ImportProblemsDialog(self.ctx.window, exc.problems, cells=getattr(exc, "cells", None), title=(
                f"The review history cannot be imported: {count} problem{'s' if count != 1 else ''} found. "
                "Nothing was changed. Fix these in the file, then import it again."))
            dialog.setWindowTitle("Import review history — problems")
            dialog.template.hide()  # the caseload template is not this file's
            self.dialog = dialog
            dialog.open()
        else:
            self.ctx.show_error("The review history was not imported", exc)
