"""The caseload screen's work: reading the list and the selected child, the child dialog,
allocation and the import of the council's extract. Every read and save runs on the vault
thread; the newest answer wins, and nothing read before a lock is shown after it.

The list follows the vault's changes (``Worker.changed``), whoever made them: a change to some
children reads only their rows again, and one to everyone (an import, a restore) the whole list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from iro_desktop import changes
from iro_desktop.caseload import repository, visits
from iro_desktop.caseload.model import Child
from iro_desktop.caseload.visits import Visit
from iro_desktop.errors import ValidationError, VaultLocked
from iro_desktop.places import placement
from ui.common.window_context import WindowContext

if TYPE_CHECKING:
    from iro_desktop.caseload import importer
    from iro_desktop.caseload.overview import Overview
    from iro_desktop.vault import Vault
    from ui.caseload.caseload_view import CaseloadView
    from ui.due.controller import DueController


class CaseloadController:
    def __init__(self, ctx: WindowContext, view: CaseloadView, due: DueController,
                 changed: Callable[[], None]) -> None:
        self.ctx = ctx
        self.view = view
        self._due = due
        self._changed = changed  # the caseload list changed: the window's counts follow it
        # Bumped by each read of the whole list and of the selected child: the newest answer wins.
        self._rows_generation = 0
        self._selection_generation = 0
        self._keep: str | None = None  # the child to select once the list next arrives
        self._shown_child: tuple[Child, list[Visit]] | None = None
        # Called once an import is applied; the window may look on (its tests time it).
        self.on_import_applied: Callable[[dict[str, int], int], None] = self.import_applied
        view.add_requested.connect(self.add_child)
        view.edit_requested.connect(self.edit_child)
        view.allocation_requested.connect(self.set_allocated)
        view.selected.connect(self.child_selected)
        view.show_not_allocated_changed.connect(lambda _on: self.refresh())
        ctx.worker.changed.connect(self.on_changes)

    def clear(self) -> None:
        self._shown_child = None
        self._rows_generation += 1
        self._selection_generation += 1
        self.view.clear()

    def current_child_id(self) -> str | None:
        return self.view.current_child_id()

    def refresh(self, keep: str | None = None, only: frozenset[str] | None = None) -> None:
        """Read the caseload again on the vault thread: the whole list, or ``only`` these
        children's rows. The vault thread answers in order, so a read of some rows asked after a
        whole list is shown after it, and both are dropped if a newer whole list is on its way."""
        if self.ctx.vault() is None:
            return
        vault, session = self.ctx.vault(), self.ctx.session()
        include = self.view.show_not_allocated.isChecked()
        if keep is not None:
            self._keep = keep
        if only is None:
            self._rows_generation += 1
        generation = self._rows_generation

        def loaded(rows_and_places: tuple[list, dict]) -> None:
            if session != self.ctx.session() or generation != self._rows_generation:
                return
            rows, places = rows_and_places
            self.view.model.set_places(places)
            keep, self._keep = self._keep, None
            if only is None:
                self.view.set_rows(rows, keep)
            else:
                self.view.update_rows(rows, only, keep)
            self._changed()

        self.ctx.worker.run(lambda: placement.caseload_list(vault, include_not_allocated=include, child_ids=only),
                            text="Reading the caseload…", done=loaded, quiet=True,
                            failed=lambda exc: self.ctx.show_error("The caseload could not be read", exc, session))

    def on_changes(self, change: changes.Changes) -> None:
        """Show what the vault's latest change touched, and nothing more."""
        if self.ctx.vault() is None:
            return
        if change.changed(changes.CASELOAD):
            self.refresh(only=None if change.everyone else change.children)
        elif change.changed(changes.CHILD) and change.concerns(self.view.current_child_id()):
            self.child_selected(self.view.current_child_id())

    def child_selected(self, child_id: str | None) -> None:
        self._shown_child = None
        self._selection_generation += 1
        if child_id is None or self.ctx.vault() is None:
            self.view.show_child(None)
            return
        vault, session, generation = self.ctx.vault(), self.ctx.session(), self._selection_generation

        def stale() -> bool:
            return session != self.ctx.session() or generation != self._selection_generation

        def read() -> tuple[Child, list[Visit]]:
            return repository.get_child(vault, child_id), visits.visits_for(vault, child_id)

        def shown(child_and_visits: tuple[Child, list[Visit]]) -> None:
            if not stale():
                self._shown_child = child_and_visits
                self.show_selected_child()

        def failed(exc: BaseException) -> None:
            if not stale():
                self.view.show_child(None)
                self.ctx.show_error("This child's record could not be read", exc)

        self.ctx.worker.run(read, text="Reading the child's record…", done=shown, failed=failed, quiet=True)

    def show_due(self, data: Overview) -> None:
        """What is due has been worked out again: each child's next review in the list, and
        whether the vault has any children at all."""
        self.view.set_reviews(data.reviews, data.children)

    def show_selected_child(self) -> None:
        if self._shown_child is None:
            return
        child, seen = self._shown_child
        child_due = self._due.data.for_child(child.child_id) if self._due.data else None
        self.view.show_child(child, child_due, seen)

    def _save_child(self, child: Child, is_new: bool, saved: Callable[[], None],
                    failed: Callable[[BaseException], None]) -> None:
        if self.ctx.vault() is None:
            failed(VaultLocked())
            return
        vault, session = self.ctx.vault(), self.ctx.session()
        save = repository.add_child if is_new else repository.update_child
        self.ctx.worker.run(lambda: save(vault, child), text="Saving…",
                        done=lambda _r: saved() if session == self.ctx.session() else None,
                        failed=lambda exc: failed(exc) if session == self.ctx.session() else None)

    def _open_child_dialog(self, read_child: Callable[[Vault], Child | None]) -> None:
        """Read the child (None for a new one) and the council area on the vault thread, then
        open the dialog with them."""
        vault, session = self.ctx.require_vault(), self.ctx.session()

        def opened(child_and_area: tuple[Child | None, str | None]) -> None:
            if session != self.ctx.session():
                return
            from ui.caseload.child_dialog import ChildDialog

            child, area = child_and_area
            dialog = ChildDialog(self.ctx.window, child, self._save_child, area)
            dialog.saved.connect(self._child_saved)
            dialog.open()

        self.ctx.worker.run(lambda: (read_child(vault), repository.council_area(vault)), text="Opening…",
                        done=opened,
                        failed=lambda exc: self.ctx.show_error("This child's record could not be opened", exc,
                                                            session))

    def _child_saved(self, child_id: str) -> None:
        # The save's change is already reading their row again: select them once it arrives.
        self._keep = child_id
        self.ctx.status("Saved.")

    def add_child(self) -> None:
        """Open the dialog for a new child (once the council area is read)."""
        if self.ctx.vault() is not None:
            self._open_child_dialog(lambda _vault: None)

    def edit_child(self, child_id: str) -> None:
        """Open the dialog for ``child_id`` (once their record is read on the vault thread)."""
        if self.ctx.vault() is not None:
            self._open_child_dialog(lambda vault: repository.get_child(vault, child_id))

    def edit_selected(self) -> None:
        child_id = self.view.current_child_id()
        if child_id:
            self.edit_child(child_id)

    def set_allocated(self, child_id: str, allocated: bool) -> None:
        def do_it() -> None:
            if self.ctx.vault() is None:
                return
            vault, session = self.ctx.vault(), self.ctx.session()
            self.ctx.worker.run(lambda: repository.set_allocated(vault, child_id, allocated), text="Saving…",
                                failed=lambda exc: self.ctx.show_error("The change could not be saved", exc, session))

        if allocated:
            do_it()
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Mark not allocated?",
                          "Mark this child as no longer allocated to you?\n\nTheir record is kept. "
                          "Tick “Show children no longer allocated to me” to see it again, and "
                          "re-allocate them from there.",
                          QMessageBox.StandardButton.Cancel, self.ctx.window)
        confirm = box.addButton("Mark not allocated", QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: do_it() if button is confirm else None)
        box.open()

    # ---- import ----------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        if self.ctx.vault() is None:
            return
        dialog = QFileDialog(self.ctx.window, "Choose the council's caseload file")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["CSV files (*.csv *.txt)", "All files (*)"])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.preview_import(Path(path)))
        dialog.open()

    def preview_import(self, path: Path) -> None:
        from iro_desktop.caseload import importer

        vault, session = self.ctx.require_vault(), self.ctx.session()
        self.ctx.worker.run(lambda: importer.plan(vault, importer.parse(path)),
                        text="Reading the caseload file…",
                        done=lambda plan: self._show_import_plan(plan, session),
                        failed=lambda exc: self._import_failed(exc, session))

    def _show_import_plan(self, plan: importer.ImportPlan, session: int) -> None:
        if session != self.ctx.session():
            return  # the vault was locked meanwhile: the preview names children, so drop it
        from ui.caseload.import_dialog import ImportPreviewDialog

        ImportPreviewDialog(self.ctx.window, plan, self.apply_import).open()

    def apply_import(self, plan: importer.ImportPlan) -> None:
        from iro_desktop.caseload import importer

        vault, session = self.ctx.require_vault(), self.ctx.session()

        counts = plan.counts
        self.ctx.worker.run(lambda: importer.apply(vault, plan), text="Importing the caseload…",
                        done=lambda _r: self.on_import_applied(counts, session),
                        failed=lambda exc: self._import_failed(exc, session))

    def import_applied(self, counts: dict[str, int], session: int) -> None:
        if session != self.ctx.session():
            return
        self.ctx.status(f"Import applied: {counts['new']} new, {counts['changed']} changed, "
                             f"{counts['not_allocated']} no longer allocated.")

    def _import_failed(self, exc: BaseException, session: int) -> None:
        if session != self.ctx.session():
            return
        if isinstance(exc, ValidationError):
            from ui.caseload.import_dialog import ImportProblemsDialog

            ImportProblemsDialog(self.ctx.window, exc.problems, cells=getattr(exc, "cells", None)).open()
        else:
            self.ctx.show_error("The caseload was not imported", exc)
