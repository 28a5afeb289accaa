"""The Reports tab's controller: every figure, chart and output asked for on the tab is worked
out on the vault thread (the Worker) and handed back to the view.

The figures are read when the IRO asks (Show figures), the first time the tab is shown in a
session, and again when a change reaches what they count while the tab is on screen; never at
start-up or at unlock, so neither waits for matplotlib. The charts are made on the vault thread
too (matplotlib's Figure objects, no Qt in them); only their canvases are made here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from iro_desktop import changes
from iro_desktop.changes import Changes
from iro_desktop.reports import report_periods

from ui.common.open_windows import OpenWindows
from ui.common.window_context import WindowContext
from ui.printing.printer import documents_folder
from ui.reports.reports_view import ReportsView

# What the figures count: reviews and records, what was due, the caseload and its areas.
COUNTED = (changes.CASELOAD, changes.DUE, changes.RECORDS, changes.CHILD)


class ReportsController(QObject):
    def __init__(self, ctx: WindowContext, view: ReportsView | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view or ReportsView()
        self.figures: dict[str, Any] | None = None
        self.previous: dict[str, Any] | None = None
        self._asked: tuple[date, date, bool] | None = None
        self._generation = 0
        self._stale = True
        self._windows = OpenWindows()
        self.team_dialog: Any = None
        self.last_903: Any = None  # what the last 903 file held (for its message)
        self.view.show_requested.connect(self.load)
        self.view.summary_requested.connect(lambda: self.show_summary(self.figures, self.previous))
        self.view.csv_requested.connect(lambda suppress: self.save_csv(self.figures, suppress))
        self.view.team_requested.connect(self.show_team)
        self.view.team_file_requested.connect(self.save_team_file)
        self.view.return_903_requested.connect(self.save_return_903)
        self.view.installEventFilter(self)
        ctx.worker.changed.connect(self._changed)

    # ---- the figures -------------------------------------------------------------------------

    def load(self, start: date, end: date, compare: bool = True, choice: str = report_periods.CHOSEN) -> None:
        """Work out the period's figures (and the period before's), then their charts."""
        from iro_desktop.errors import IroError

        vault = self.ctx.vault()
        if vault is None:
            return
        if end < start:
            self.view.show_problem("The period ends before it starts: choose a “To” date on or after the "
                                   "“From” date.")
            return
        self._asked = (start, end, compare, choice)
        self._stale = False
        self._generation += 1
        generation, session = self._generation, self.ctx.session()

        def work() -> tuple[dict[str, Any], dict[str, Any] | None, list]:
            from iro_desktop.reports import charts, kpis

            figures = kpis.figures(vault, start, end)
            previous = kpis.figures(vault, *report_periods.previous(choice, start, end)) if compare else None
            return figures, previous, charts.all_charts(figures, previous)

        def done(result) -> None:
            if generation == self._generation and self.ctx.current(session):
                self.figures, self.previous, made = result
                self.view.show_figures(self.figures, self.previous, made)

        def failed(exc: BaseException) -> None:
            from ui.common.messages import error_text
            from ui.common.workers import log_unexpected

            if not isinstance(exc, IroError):
                log_unexpected(exc)  # by type and place only: never the message
            if generation == self._generation and self.ctx.current(session):
                self.view.show_problem(f"The figures could not be worked out. {error_text(exc)}")

        self.view.show_loading(start, end)
        self.ctx.worker.run(work, text="Working out the figures…", done=done, failed=failed)

    def reload(self) -> None:
        if self._asked is not None:
            self.load(*self._asked)
        else:
            start, end = self.view.period.period()
            self.load(start, end, self.view.period.compare.isChecked(), self.view.period.choice.currentData())

    def eventFilter(self, watched: QObject, event) -> bool:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent

        if watched is self.view and event.type() == QEvent.Type.Show and self._stale:
            self.reload()
        return False

    def _changed(self, change: Changes) -> None:
        if any(change.changed(what) for what in COUNTED):
            self._stale = True
            if self.view.isVisible() and self.ctx.vault() is not None:
                self.reload()

    # ---- outputs -----------------------------------------------------------------------------

    def _track(self, widget: QWidget) -> QWidget:
        return self._windows.track(widget)

    def show_summary(self, figures: dict[str, Any] | None, previous: dict[str, Any] | None, *,
                     what: str = "Figures", team_files: int | None = None, parent: QWidget | None = None):
        """The summary PDF, previewed from memory, with Print and Save as PDF."""
        from ui.reports.summary_window import SummaryWindow

        if figures is None or self.ctx.vault() is None:
            return None
        window = SummaryWindow(self.ctx, figures, previous, what=what, team_files=team_files,
                               parent=parent or self.ctx.window)
        self._track(window)
        window.show()
        window.start()
        return window

    def save_csv(self, figures: dict[str, Any] | None, suppress: bool, parent: QWidget | None = None):
        """Ask where, then write the anonymised CSV through the core (atomic, audited)."""
        if figures is None or self.ctx.vault() is None:
            return None
        period = figures["period"]
        return self._ask_for_csv(
            "Save anonymised CSV", f"IRO figures {period['from']} to {period['to']}"
            f"{' (published)' if suppress else ''}.csv", lambda path: self.write_csv(path, figures, suppress), parent)

    def _ask_for_csv(self, title: str, name: str, chosen: Callable[[Path], None],
                     parent: QWidget | None = None) -> QFileDialog:
        """A save dialog for a CSV file, starting in Documents; ``chosen`` gets the path."""
        dialog = QFileDialog(parent or self.ctx.window, title)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["CSV files (*.csv)"])
        dialog.setDefaultSuffix("csv")
        dialog.setDirectory(documents_folder())
        dialog.selectFile(name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: chosen(Path(path)))
        self._track(dialog)
        dialog.open()
        return dialog

    def _period(self) -> tuple[date, date]:
        """The period shown (or, before any is shown, the one chosen)."""
        return self._asked[:2] if self._asked else self.view.period.period()

    def write_csv(self, path: Path, figures: dict[str, Any], suppress: bool) -> None:
        from iro_desktop.reports import anonymised_csv

        vault = self.ctx.vault()
        if vault is None:
            return
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        session = self.ctx.session()
        self.ctx.worker.run(lambda: anonymised_csv.save_csv(vault, path, figures, suppress=suppress),
                            text="Saving the CSV…",
                            done=lambda rows: self.ctx.status(f"Saved {path.name}: {rows} rows of counts.", session),
                            failed=lambda exc: self.ctx.show_error("The CSV file was not saved", exc, session))

    def save_team_file(self) -> QFileDialog | None:
        """Save this vault's figures for the period as a team figures file, in a chosen folder."""
        if self.ctx.vault() is None:
            return None
        start, end = self._period()
        dialog = QFileDialog(self.ctx.window, "Folder for the team figures file")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setDirectory(documents_folder())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda folder: self.write_team_file(Path(folder), start, end))
        self._track(dialog)
        dialog.open()
        return dialog

    def write_team_file(self, folder: Path, start: date, end: date) -> None:
        from iro_desktop.reports import team

        vault = self.ctx.vault()
        if vault is None:
            return
        session = self.ctx.session()
        self.ctx.worker.run(lambda: team.save_export(vault, start, end, folder), text="Saving the figures file…",
                            done=lambda path: self.ctx.status(f"Saved the team figures file {path.name}.", session),
                            failed=lambda exc: self.ctx.show_error("The figures file was not saved", exc, session))

    def save_return_903(self) -> QFileDialog | None:
        """Ask where, then write the period's SSDA903 Reviews file (``return_903.export_903``:
        atomic, audited) and say what it holds and which reviews it had to leave out."""
        if self.ctx.vault() is None:
            return None
        start, end = self._period()
        return self._ask_for_csv("Save the 903 Reviews file",
                                 f"903 Reviews {start.isoformat()} to {end.isoformat()}.csv",
                                 lambda path: self.write_return_903(path, start, end))

    def write_return_903(self, path: Path, start: date, end: date) -> None:
        from iro_desktop.reports import return_903

        vault = self.ctx.vault()
        if vault is None:
            return
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        session = self.ctx.session()

        def done(result) -> None:
            from PySide6.QtWidgets import QMessageBox

            if not self.ctx.current(session):
                return
            box = QMessageBox(QMessageBox.Icon.Information, "903 Reviews file saved",
                              f"Saved {path.name}. {result.summary()}", QMessageBox.StandardButton.Ok,
                              self.ctx.window)
            if result.refused:
                box.setDetailedText("\n".join(r.line() for r in result.refused))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._track(box)
            box.open()
            self.last_903 = result

        self.ctx.worker.run(lambda: return_903.export_903(vault, start, end, path), text="Saving the 903 file…",
                            done=done,
                            failed=lambda exc: self.ctx.show_error("The 903 file was not saved", exc, session))

    # ---- the team report ---------------------------------------------------------------------

    def show_team(self):
        from ui.reports.team_dialog import TeamDialog

        if self.ctx.vault() is None:
            return None
        start, end = self._period()
        dialog = TeamDialog(start, end, self.ctx.window)
        dialog.folder_chosen.connect(lambda folder: self.merge_team(dialog, folder))
        dialog.summary_requested.connect(lambda: self.show_summary(dialog.figures, None, what="The team's figures",
                                                                   team_files=dialog.files_counted, parent=dialog))
        dialog.csv_requested.connect(lambda suppress: self.save_csv(dialog.figures, suppress, dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._track(dialog)
        self.team_dialog = dialog
        dialog.open()
        return dialog

    def merge_team(self, dialog, folder: Path) -> None:
        """Merge the folder's figures files for the dialog's period (reading files only: the
        merge opens no vault, but runs on the vault thread so the window never waits)."""
        from iro_desktop.reports import team

        start, end, session = dialog.start, dialog.end, self.ctx.session()

        def done(merged) -> None:
            if shiboken6.isValid(dialog) and self.ctx.current(session):
                dialog.show_merge(folder, merged.figures, merged.files_used, merged.problems)

        def failed(exc: BaseException) -> None:
            from ui.common.messages import error_text

            if shiboken6.isValid(dialog) and self.ctx.current(session):
                dialog.show_problem(folder, error_text(exc))

        self.ctx.worker.run(lambda: team.merge_folder(folder, start, end), text="Merging the team's files…",
                            done=done, failed=failed)

    # ---- lock --------------------------------------------------------------------------------

    def clear(self) -> None:
        """For the lock routine: forget the figures, close the summary and the team report."""
        self._generation += 1
        self.figures = self.previous = None
        self._asked = None
        self._stale = True
        self._windows.close_all()
        self.team_dialog = None
        self.last_903 = None
        self.view.clear()
