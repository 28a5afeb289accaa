"""What is due: read on the vault thread after every change that can move it (``Worker.changed``),
at unlock and when the date moves on, and shown on My week, the calendar and the trips; and the
dialogs that record a review held, paperwork sent or a visit, opened from My week or the Child menu."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Protocol

from PySide6.QtCore import QObject, QTimer

from iro_desktop import changes
from iro_desktop.caseload import overview, repository, visits, week
from iro_desktop.caseload.overview import Overview
from iro_desktop.errors import VaultLocked
from ui.common.window_context import WindowContext

if TYPE_CHECKING:
    from iro_desktop.vault import Vault
    from ui.caseload.history_dialogs import SubmitFn
    from ui.due.due_calendar import DueCalendarView
    from ui.due.week_view import WeekView


class WrittenRecords(Protocol):
    """The part of the records controller that My week's "Write…" and the Child menu open."""

    def write_review(self, child_id: str, review_date: date | None) -> Any: ...

    def new_midway(self, child_id: str, child_name: str) -> Any: ...

    def show_records(self, child_id: str) -> Any: ...


class DueController(QObject):
    def __init__(self, ctx: WindowContext, week_view: WeekView, calendar_view: DueCalendarView,
                 shown: Callable[[Overview], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.week = week_view
        self.calendar_view = calendar_view
        self._shown = shown  # the other screens that show what is due (the trips, the child)
        # Held here until the next change or the lock.
        self.data: Overview | None = None
        self._generation = 0
        # Set by the window once its caseload and records controller exist.
        self.child_name: Callable[[str], str] = lambda child_id: child_id
        self.records: WrittenRecords | None = None
        self.open_escalation: Callable[[int], None] | None = None  # the Escalations tab, set by the window
        # The date moves on while the laptop stays unlocked: "today" must move with it.
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(60_000)
        self._day_timer.timeout.connect(self.check_new_day)
        self._day_timer.start()
        week_view.record_requested.connect(self.record_item)
        week_view.write_requested.connect(self.write_item)
        ctx.worker.changed.connect(self.on_changes)

    # ---- what is due -----------------------------------------------------------------------

    def reload(self) -> None:
        """Work out again what is due, on the vault thread; the newest answer wins."""
        ctx = self.ctx
        vault = ctx.vault()
        if vault is None:
            return
        session, today = ctx.session(), date.today()
        self._generation += 1
        generation = self._generation

        def loaded(data: Overview) -> None:
            if ctx.current(session) and generation == self._generation:
                self._show(data)  # else locked meanwhile, or a newer answer is on its way

        ctx.worker.run(lambda: overview.load(vault, today), text="Working out what is due…", done=loaded,
                       failed=lambda exc: ctx.show_error("What is due could not be worked out", exc, session),
                       quiet=True)

    def on_changes(self, change: changes.Changes) -> None:
        if change.changed(changes.DUE):
            self.reload()

    def _show(self, data: Overview) -> None:
        self.data = data
        self.week.set_items(data.week_items, data.today, data.settings.due_soon_working_days)
        self.week.set_children(data.children)
        self.calendar_view.set_items(data.open_items, data.today)
        self._shown(data)

    def check_new_day(self) -> None:
        if self.ctx.vault() is not None and self.data is not None and self.data.today != date.today():
            self.reload()

    def clear(self) -> None:
        self.data = None
        self._generation += 1
        self.week.clear()
        self.calendar_view.clear()

    def review_kind(self, child_id: str) -> str | None:
        child_due = self.data.for_child(child_id) if self.data else None
        return child_due.review_kind if child_due else None

    def placed_name(self, child_id: str) -> str | None:
        """The child's name as the trips know it (a child not on the caseload list)."""
        if self.data and child_id in self.data.placed:
            return self.data.placed[child_id].name
        return None

    # ---- recording -------------------------------------------------------------------------

    def _submit(self, text: str, save: Callable[[Vault, Any], object]) -> SubmitFn:
        """A ``submit`` for a recording dialog: save on the vault thread (the screens that show
        it follow the change)."""
        ctx = self.ctx

        def submit(value: Any, saved: Callable[[], None], failed: Callable[[BaseException], None]) -> None:
            vault = ctx.vault()
            if vault is None:
                failed(VaultLocked())
                return
            session = ctx.session()

            def done(_result: object) -> None:
                if not ctx.current(session):
                    return
                saved()
                ctx.status("Saved.")

            def not_done(exc: BaseException) -> None:
                if ctx.current(session):
                    failed(exc)

            ctx.worker.run(lambda: save(vault, value), text=text, done=done, failed=not_done)
        return submit

    def record(self, what: str, child_id: str, item: week.WeekItem | None = None) -> None:
        """Record a review held ("review"), paperwork ("paperwork") or a visit ("visit") in its
        dialog, or open the review's record ("review_record"), a new midway review
        ("midway_record") or the child's records ("records")."""
        ctx = self.ctx
        vault = ctx.vault()
        if vault is None:
            return
        from ui.caseload.history_dialogs import PaperworkDialog, ReviewHeldDialog, VisitDialog

        name = self.child_name(child_id)
        if what == "review_record" and self.records is not None:
            self.records.write_review(child_id, item.review_date if item is not None else None)
        elif what == "midway_record" and self.records is not None:
            self.records.new_midway(child_id, name)
        elif what == "records" and self.records is not None:
            self.records.show_records(child_id)
        elif what == "review":
            ReviewHeldDialog(
                ctx.window, name, self.review_kind(child_id),
                self._submit("Saving the review…", lambda v, r: repository.add_review(v, child_id, r))).open()
        elif what == "visit":
            purpose = "midway" if item is not None and item.kind == week.MIDWAY else "pre_review"
            VisitDialog(ctx.window, child_id, name, purpose,
                        self._submit("Saving the visit…", lambda v, visit: visits.add_visit(v, visit))).open()
        elif what == "paperwork":
            session = ctx.session()
            review_date = item.review_date if item is not None else None

            def save(v: Vault, value: tuple) -> None:
                review_id, sent, circulated = value
                repository.record_review_paperwork(v, review_id, record_sent=sent, decisions_circulated=circulated)

            def show(reviews: list) -> None:
                if ctx.current(session):
                    PaperworkDialog(ctx.window, name, reviews,
                                    self._submit("Saving the paperwork dates…", save), review_date).open()

            ctx.worker.run(lambda: repository.get_child(vault, child_id).reviews, text="Opening…", done=show,
                           failed=lambda exc: ctx.show_error("This child's reviews could not be read", exc, session))

    def record_item(self, item: week.WeekItem) -> None:
        if item.kind == week.ESCALATION:
            if self.open_escalation is not None and item.escalation_id is not None:
                self.open_escalation(item.escalation_id)  # moved on or resolved on the Escalations tab
            return
        what = {week.REVIEW: "review", week.VISIT: "visit", week.MIDWAY: "visit"}.get(item.kind, "paperwork")
        self.record(what, item.child_id, item)

    def write_item(self, item: week.WeekItem) -> None:
        """A My week row's "Write…": the midway review, or the record of the review it is about."""
        self.record("midway_record" if item.kind == week.MIDWAY else "review_record", item.child_id, item)
