"""The Escalations tab's commands: raise, move up, skip, refer to Cafcass, resolve, the stage
letter, the stage settings and good practice. Every read and change runs on the vault thread
(``Worker``); the tab reads itself again when a change reaches the records (``iro_desktop.changes``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QObject

from iro_desktop import changes
from iro_desktop.escalations import good_practice, letters, screen, stages, tracker
from iro_desktop.escalations.screen import EscalationsData

from ui.common.form_dialog import refusal
from ui.common.window_context import WindowContext
from ui.escalations.dialogs import (
    FormDialog, GoodPracticeDialog, MoveUpDialog, RaiseDialog, ReferDialog, ResolveDialog,
)
from ui.escalations.escalations_view import EscalationsView
from ui.escalations.letter_dialog import LetterDialog
from ui.escalations.stage_settings_dialog import StageSettingsDialog


class EscalationsController(QObject):
    def __init__(self, ctx: WindowContext, copy: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = EscalationsView()
        self._copy = copy
        self.data: EscalationsData | None = None
        self.dialog: Any = None  # the dialog open now, if any (for the tests and the lock)
        self._select: int | None = None
        self.open_child: Callable[[str], None] = lambda child_id: None
        page = self.view.escalations
        page.raise_requested.connect(lambda: self.raise_escalation())
        page.move_up_requested.connect(lambda eid: self.move_up(eid))
        page.skip_requested.connect(lambda eid: self.move_up(eid, skip=True))
        page.refer_requested.connect(self.refer)
        page.resolve_requested.connect(self.resolve)
        page.letter_requested.connect(self.letter)
        page.settings_requested.connect(self.stage_settings)
        page.open_child.connect(lambda child_id: self.open_child(child_id))
        self.view.good_practice.record_requested.connect(lambda: self.record_good_practice())
        ctx.worker.changed.connect(self.on_changes)

    # ---- reading ---------------------------------------------------------------------------

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the tab's data again (quietly) and show it; ``then`` runs once it is shown."""
        ctx = self.ctx
        vault = ctx.vault()
        if vault is None:
            return
        session, today = ctx.session(), date.today()

        def loaded(data: EscalationsData) -> None:
            if ctx.current(session):
                self.data = data
                self.view.set_data(data, self._select)
                self._select = None
                if then is not None:
                    then()

        ctx.worker.run(lambda: screen.load(vault, today), text="Reading the escalations…", done=loaded,
                       failed=lambda exc: ctx.show_error("The escalations could not be read", exc, session),
                       quiet=then is None)

    def on_changes(self, change: changes.Changes) -> None:
        if change.changed(changes.RECORDS) or change.changed(changes.CASELOAD):
            self.reload()

    def clear(self) -> None:
        self.data = None
        self.dialog = None
        self.view.clear()

    def show_escalation(self, escalation_id: int) -> None:
        """Select one escalation (from My week); read again first if it is not yet shown."""
        if not self.view.escalations.select(escalation_id):
            self._select = escalation_id
            self.reload()

    # ---- changing --------------------------------------------------------------------------

    def _run(self, dialog: FormDialog | StageSettingsDialog, job: Callable[[], Any], text: str, status: str,
             then: Callable[[Any], None] | None = None) -> None:
        ctx = self.ctx
        session = ctx.session()

        def done(result: Any) -> None:
            if not ctx.current(session):
                return
            dialog.done_ok()
            ctx.status(status, session)
            if then is not None:
                then(result)

        def failed(exc: BaseException) -> None:
            if not ctx.current(session):
                return
            messages = refusal(exc)
            if messages is None:
                dialog.refused(["This was not saved."])
                ctx.show_error("This was not saved", exc, session)
            else:
                dialog.refused(messages)

        ctx.worker.run(job, text=text, done=done, failed=failed)

    def _open(self, dialog) -> Any:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _today(self) -> date:
        return date.today()

    def raise_escalation(self, child_id: str | None = None, *, theme: str | None = None, description: str = "",
                         review_id: int | None = None, record_id: int | None = None) -> RaiseDialog | None:
        """The raise dialog; with ``child_id`` (from a child, a review or a midway review) for that child."""
        if self.data is None:
            self.reload(lambda: self.raise_escalation(child_id, theme=theme, description=description,
                                                           review_id=review_id, record_id=record_id))
            return None
        vault = self.ctx.require_vault()
        dialog = RaiseDialog(self.ctx.window, self.data.children, self.data.settings, self._today(),
                             child_id=child_id, theme=theme, description=description, review_id=review_id,
                             record_id=record_id)

        def submitted(v) -> None:
            # A theme or child not chosen is refused by the core, like any other mistake.
            self._run(dialog, lambda: tracker.raise_escalation(
                vault, v.child_id or "", theme=v.theme or "", description=v.description, raised_with_role=v.raised_with_role,
                raised_with_name=v.raised_with_name, partner_agency=v.partner_agency, asked=v.asked,
                raised_on=v.raised_on, review_id=v.review_id, record_id=v.record_id, start_stage=v.start_stage),
                "Raising the escalation…", "Escalation raised.", self._select_new)

        dialog.submitted.connect(submitted)
        return self._open(dialog)

    def _select_new(self, escalation_id: int) -> None:
        self._select = escalation_id  # the tab reads itself again after the change

    def _escalation(self, escalation_id: int):
        return self.data.escalation(escalation_id) if self.data else None

    def move_up(self, escalation_id: int, *, skip: bool = False) -> MoveUpDialog | None:
        esc = self._escalation(escalation_id)
        if esc is None or not esc.stages_after_current():
            return None
        vault = self.ctx.require_vault()
        dialog = MoveUpDialog(self.ctx.window, esc, self._today(), skip=skip)
        dialog.submitted.connect(lambda v: self._run(dialog, lambda: tracker.move_up(
            vault, escalation_id, on=v.on, to_stage=v.to_stage, raised_with_role=v.raised_with_role,
            raised_with_name=v.raised_with_name, note=v.note), "Moving the escalation up…", "Escalation moved up."))
        return self._open(dialog)

    def refer(self, escalation_id: int) -> ReferDialog:
        vault = self.ctx.require_vault()
        dialog = ReferDialog(self.ctx.window, self._today())
        dialog.submitted.connect(lambda v: self._run(dialog, lambda: tracker.refer_to_cafcass(
            vault, escalation_id, on=v.on, note=v.note), "Recording the referral…", "Referred to Cafcass."))
        return self._open(dialog)

    def resolve(self, escalation_id: int) -> ResolveDialog:
        vault = self.ctx.require_vault()
        dialog = ResolveDialog(self.ctx.window, self._today())

        dialog.submitted.connect(lambda v: self._run(dialog, lambda: tracker.resolve(
            vault, escalation_id, v.outcome or "", on=v.on, note=v.note), "Recording the outcome…", "Outcome recorded."))
        return self._open(dialog)

    def letter(self, escalation_id: int) -> None:
        ctx = self.ctx
        vault, session = ctx.require_vault(), ctx.session()

        def show(letter: letters.StageLetter) -> None:
            if ctx.current(session):
                self._open(LetterDialog(ctx.window, letter, self._copy))

        ctx.worker.run(lambda: letters.stage_letter(vault, escalation_id), text="Writing the letter…", done=show,
                       failed=lambda exc: ctx.show_error("The letter could not be made", exc, session))

    def stage_settings(self) -> None:
        ctx = self.ctx
        vault, session = ctx.require_vault(), ctx.session()

        def read() -> tuple:
            with vault.read() as db:
                return stages.settings_from_conn(db.conn), letters.naming(db.conn)

        def show(found: tuple) -> None:
            if not ctx.current(session):
                return
            dialog = StageSettingsDialog(ctx.window, *found)

            def save(v) -> None:
                def job() -> None:
                    stages.save_stage_settings(vault, v.settings)
                    letters.save_naming(vault, v.naming)

                self._run(dialog, job, "Saving the stages…", "Stages saved.", lambda _r: self.reload())

            dialog.submitted.connect(save)
            self._open(dialog)

        ctx.worker.run(read, text="Reading the stages…", done=show,
                       failed=lambda exc: ctx.show_error("The stages could not be read", exc, session))

    def record_good_practice(self, child_id: str | None = None, *, record_id: int | None = None,
                             what: str = "") -> GoodPracticeDialog | None:
        if self.data is None:
            self.reload(lambda: self.record_good_practice(child_id, record_id=record_id, what=what))
            return None
        vault = self.ctx.require_vault()
        dialog = GoodPracticeDialog(self.ctx.window, self.data.children, self._today(), child_id=child_id,
                                    record_id=record_id, what=what)

        dialog.submitted.connect(lambda v: self._run(dialog, lambda: good_practice.record_good_practice(
            vault, about=v.about or "", what=v.what, noted_on=v.noted_on, who=v.who, child_id=v.child_id,
            record_id=v.record_id), "Recording good practice…", "Good practice recorded."))
        return self._open(dialog)
