"""Before the review meeting: booking it, moving or cancelling it, the child's meetings and who is
consulted for each, what came back, the forms to print, the calendar file, and starting the
review record from the meeting held.

Every read and change runs on the vault thread (``Worker``) through ``iro_desktop.preparation``;
answers that arrive after a lock are dropped (the window's lock counter). A change reaches the
screens that show it by ``Worker.changed`` (My week and the calendar follow "meeting.*").
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from iro_desktop import changes
from iro_desktop.caseload import due
from iro_desktop.preparation import consultation, meetings
from iro_desktop.preparation.forms import FORM_LABELS
from iro_desktop.preparation.model import BOOKED, ROLES
from iro_desktop.preparation.questions import questions_for
from iro_desktop.reviews import records

from ui.common.calendar_file import choose_calendar_file
from ui.common.form_dialog import refusal
from ui.common.window_context import WindowContext
from ui.preparation.dialogs import (
    AddPersonDialog, BookMeetingDialog, CancelMeetingDialog, FormChoiceDialog, FormDialog, MoveMeetingDialog,
    ReturnedDialog, SentDialog,
)
from ui.preparation.meetings_dialog import ChildMeetings, MeetingsDialog, person_words

# The form first offered for the person chosen (the child's in its plain look; anyone not
# named here gets the partner form, as ``questions.questions_for`` asks them).
FORM_FOR_ROLE = {"child": "consultation", "parent": "consultation-parent", "carer": "consultation-carer"}

class PreparationController(QObject):
    def __init__(self, ctx: WindowContext, child_name: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_name = child_name
        # Set by the window: open a record's editor, and a child's print preview at a variant.
        self.open_record: Callable[[str, int], None] = lambda kind, record_id: None
        self.preview: Callable[[str, str], Any] = lambda child_id, variant: None
        self.dialog: Any = None  # the form dialog open now, if any (for the tests)
        self.meetings_dialog: MeetingsDialog | None = None
        self.message: QMessageBox | None = None  # the last message shown (for the tests)
        ctx.worker.changed.connect(self.on_changes)

    # ---- helpers ---------------------------------------------------------------------------

    def _today(self) -> date:
        return date.today()

    def _read_meetings(self, child_id: str, child_name: str, show: Callable[[ChildMeetings], None]) -> None:
        """Read the child's meetings and each one's people, then ``show`` them."""
        vault = self.ctx.vault()
        if vault is None:
            return

        def job() -> ChildMeetings:
            found = meetings.meetings_for_child(vault, child_id)
            return ChildMeetings(child_id, child_name, tuple(found),
                                 {m.id: tuple(consultation.consultees(vault, m.id)) for m in found})

        self._read(job, show, "The child's meetings could not be read")

    def _read_limit(self, child_id: str, show: Callable[[tuple], None]) -> None:
        """Read the review's statutory limit (by the one rule My week and the booking use) and
        the child's meetings not cancelled, then ``show`` them."""
        vault = self.ctx.vault()
        if vault is None:
            return

        def job() -> tuple:
            with vault.read() as db:
                limit = due.next_review_on(db.conn, child_id).due
            return limit, meetings.meetings_for_child(vault, child_id, include_cancelled=False)

        self._read(job, show, "The review's limit could not be read")

    def _parent(self) -> QWidget:
        d = self.meetings_dialog
        return d if d is not None and shiboken6.isValid(d) and d.isVisible() else self.ctx.window

    def _read(self, job: Callable[[], Any], show: Callable[[Any], None], what: str) -> None:
        ctx = self.ctx
        session = ctx.session()
        ctx.worker.run(job, text="Opening…", done=lambda r: show(r) if ctx.current(session) else None,
                       failed=lambda exc: ctx.show_error(what, exc, session), quiet=True)

    def _run(self, dialog: FormDialog | None, job: Callable[[], Any], text: str, status: str,
             then: Callable[[Any], None] | None = None) -> None:
        ctx = self.ctx
        session = ctx.session()

        def done(result: Any) -> None:
            if not ctx.current(session):
                return
            if dialog is not None:
                dialog.done_ok()
            ctx.status(status, session)
            if then is not None:
                then(result)

        def failed(exc: BaseException) -> None:
            if not ctx.current(session):
                return
            problems = refusal(exc)
            if dialog is not None and problems is not None:
                dialog.refused(problems)
                return
            if problems is not None:  # no dialog to show it in: the core's words, plainly
                self._tell("Not done", "\n".join(p[1] if isinstance(p, tuple) else p for p in problems),
                           QMessageBox.Icon.Warning)
                return
            if dialog is not None:
                dialog.refused(["This was not saved."])
            ctx.show_error("This was not saved", exc, session)

        ctx.worker.run(job, text=text, done=done, failed=failed)

    def _open(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = box
        box.open()
        return box

    def _shown_meetings(self) -> MeetingsDialog | None:
        d = self.meetings_dialog
        return d if d is not None and shiboken6.isValid(d) and d.isVisible() else None

    def on_changes(self, change: changes.Changes) -> None:
        if self._shown_meetings() is not None and any(
                change.changed(key) for key in (changes.CASELOAD, changes.DUE, changes.RECORDS)):
            self.reload_meetings()

    def clear(self) -> None:
        """The vault is locking: forget the dialogs (the window closes them)."""
        self.dialog = None
        self.meetings_dialog = None
        self.message = None

    # ---- booking ---------------------------------------------------------------------------

    def book(self, child_id: str, suggested: date | None = None) -> None:
        """The booking dialog for ``child_id``, once the review's limit and the child's meetings
        are read (the limit is shown, and a day after it flagged, before anything is booked)."""
        vault = self.ctx.vault()
        if vault is None:
            return
        name = self.child_name(child_id)

        def show(found: tuple) -> None:
            limit, booked = found
            firsts = [m for m in booked if m.state == BOOKED and m.series_first_id is None]
            dialog = BookMeetingDialog(self._parent(), name, self._today(), limit, firsts, suggested=suggested)

            def submitted(v) -> None:
                self._run(dialog, lambda: consultation.book_with_list(
                    vault, child_id, v.meeting_date, v.start_time, v.end_time, v.how, v.venue_child,
                    v.venue_professional, series_first_id=v.series_first_id, return_by=v.return_by),
                    "Booking the meeting…", "Review meeting booked.", lambda booking: self._booked(child_id, booking))

            dialog.submitted.connect(submitted)
            self._open(dialog)

        self._read_limit(child_id, show)

    def _booked(self, child_id: str, booking: meetings.Booking) -> None:
        if booking.warning:  # said again once booked, so it is not missed
            self._tell("Booked after the review's limit", booking.warning, QMessageBox.Icon.Warning)
        shown = self._shown_meetings()
        if shown is not None and shown.data is not None and shown.data.child_id == child_id:
            self.reload_meetings(booking.meeting.id)

    # ---- the child's meetings --------------------------------------------------------------

    def show_meetings(self, child_id: str, select_meeting: int | None = None) -> None:
        vault = self.ctx.vault()
        if vault is None:
            return
        name = self.child_name(child_id)

        def show(data: ChildMeetings) -> None:
            dialog = self._shown_meetings()
            if dialog is None or dialog.data is None or dialog.data.child_id != child_id:
                if dialog is not None:
                    dialog.close()
                dialog = self._make_meetings_dialog()
            dialog.set_data(data, select_meeting)
            dialog.raise_()

        self._read_meetings(child_id, name, show)

    def _make_meetings_dialog(self) -> MeetingsDialog:
        d = MeetingsDialog(self.ctx.window)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.book_requested.connect(lambda: d.data and self.book(d.data.child_id))
        d.move_requested.connect(self.move)
        d.cancel_requested.connect(self.cancel)
        d.start_record_requested.connect(self.start_record)
        d.open_record_requested.connect(lambda record_id: self.open_record("review", record_id))
        d.export_requested.connect(self.export_calendar)
        d.add_person_requested.connect(self.add_person)
        d.remove_person_requested.connect(self.remove_person)
        d.sent_requested.connect(self.mark_sent)
        d.returned_requested.connect(self.returned)
        d.print_requested.connect(self.print_forms)
        self.meetings_dialog = d
        # Not modal: the review record it starts opens beside it, and My week stays usable.
        d.show()
        d.activateWindow()
        return d

    def reload_meetings(self, select_meeting: int | None = None) -> None:
        dialog, vault = self._shown_meetings(), self.ctx.vault()
        if dialog is None or dialog.data is None or vault is None:
            return
        child_id, name = dialog.data.child_id, dialog.data.child_name

        def show(data: ChildMeetings) -> None:
            if shiboken6.isValid(dialog):
                dialog.set_data(data, select_meeting)

        self._read_meetings(child_id, name, show)

    def _meeting(self, meeting_id: int):
        dialog = self._shown_meetings()
        if dialog is None or dialog.data is None:
            return None
        return next((m for m in dialog.data.meetings if m.id == meeting_id), None)

    def _consultee(self, consultee_id: int):
        dialog = self._shown_meetings()
        if dialog is None or dialog.data is None:
            return None
        return next((c for people in dialog.data.people.values() for c in people if c.id == consultee_id), None)

    def move(self, meeting_id: int) -> None:
        m, vault = self._meeting(meeting_id), self.ctx.vault()
        if m is None or vault is None:
            return

        def show(found: tuple) -> None:
            dialog = MoveMeetingDialog(self._parent(), m, found[0])
            dialog.submitted.connect(lambda v: self._run(dialog, lambda: meetings.move(
                vault, meeting_id, v.meeting_date, v.start_time, v.end_time, reason=v.reason),
                "Moving the meeting…", "Review meeting moved.", lambda booking: self._moved(booking)))
            self._open(dialog)

        self._read_limit(m.child_id, show)

    def _moved(self, booking: meetings.Booking) -> None:
        if booking.warning:
            self._tell("Moved to after the review's limit", booking.warning, QMessageBox.Icon.Warning)
        self.reload_meetings(booking.meeting.id)

    def cancel(self, meeting_id: int) -> CancelMeetingDialog | None:
        m, vault = self._meeting(meeting_id), self.ctx.vault()
        if m is None or vault is None:
            return None
        dialog = CancelMeetingDialog(self._parent(), m)
        dialog.submitted.connect(lambda reason: self._run(dialog, lambda: meetings.cancel(vault, meeting_id, reason),
                                                          "Cancelling the meeting…", "Review meeting cancelled.",
                                                          lambda _m: self.reload_meetings(meeting_id)))
        return self._open(dialog)

    def start_record(self, meeting_id: int) -> None:
        """Start the review record from the meeting, then open it in its editor."""
        vault = self.ctx.vault()
        if vault is None:
            return

        def started(rec) -> None:
            self.reload_meetings(meeting_id)
            self.open_record("review", rec.id)

        self._run(None, lambda: records.start_review_from_meeting(vault, meeting_id), "Starting the record…",
                  "Review record started from the meeting.", started)

    def start_record_for_child(self, child_id: str, meeting_id: int | None) -> None:
        """My week's "Start the review record" on a booked meeting's row."""
        if meeting_id is not None:
            self.start_record(meeting_id)
        else:
            self.show_meetings(child_id)

    # ---- consultation ----------------------------------------------------------------------

    def add_person(self, meeting_id: int) -> AddPersonDialog | None:
        vault = self.ctx.vault()
        if vault is None:
            return None
        dialog = AddPersonDialog(self._parent())
        dialog.submitted.connect(lambda v: self._run(dialog, lambda: consultation.add(
            vault, meeting_id, v.role, v.name, v.agency), "Adding…", "Added to the consultation list.",
            lambda _c: self.reload_meetings(meeting_id)))
        return self._open(dialog)

    def remove_person(self, consultee_id: int) -> QMessageBox | None:
        c, vault = self._consultee(consultee_id), self.ctx.vault()
        if c is None or vault is None:
            return None
        who = ROLES.get(c.role, c.role) + (f" ({person_words(c)})" if person_words(c) else "")
        box = QMessageBox(QMessageBox.Icon.Question, "Remove from the list",
                          f"Remove {who} from this meeting's consultation list? What came back from them goes too.",
                          QMessageBox.StandardButton.Cancel, self._parent())
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        remove.setAccessibleName("Remove the person")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button) -> None:
            if button is remove:
                self._run(None, lambda: consultation.remove(vault, consultee_id), "Removing…",
                          "Removed from the consultation list.", lambda _r: self.reload_meetings())

        box.buttonClicked.connect(answered)
        self.message = box
        box.open()
        return box

    def _who(self, c) -> str:
        return ROLES.get(c.role, c.role).lower() + (f" ({person_words(c)})" if person_words(c) else "")

    def mark_sent(self, consultee_id: int) -> SentDialog | None:
        c, vault = self._consultee(consultee_id), self.ctx.vault()
        if c is None or vault is None:
            return None
        dialog = SentDialog(self._parent(), self._who(c), self._today(), c)
        dialog.submitted.connect(lambda v: self._run(dialog, lambda: consultation.record_sent(
            vault, consultee_id, v.on, v.how), "Saving…", "Marked sent.", lambda _c: self.reload_meetings()))
        return self._open(dialog)

    def returned(self, consultee_id: int) -> ReturnedDialog | None:
        c, vault = self._consultee(consultee_id), self.ctx.vault()
        if c is None or vault is None:
            return None
        dialog = ReturnedDialog(self._parent(), self._who(c), self._today(), c, questions_for(c.role))
        dialog.submitted.connect(lambda v: self._run(dialog, lambda: consultation.record_returned(
            vault, consultee_id, v.on, v.how, v.answers, v.note), "Saving what came back…",
            "What came back is saved.", lambda _c: self.reload_meetings()))
        return self._open(dialog)

    # ---- printing and the calendar file -------------------------------------------------------

    def print_forms(self, meeting_id: int) -> FormChoiceDialog | None:
        """Choose a form, then show it in the child's print preview (printed or saved from there)."""
        m = self._meeting(meeting_id)
        dialog_list = self._shown_meetings()
        if m is None:
            return None
        chosen = dialog_list.consultee() if dialog_list is not None else None
        suggested = FORM_FOR_ROLE.get(chosen.role, "consultation-partner") if chosen is not None else None
        dialog = FormChoiceDialog(self._parent(), FORM_LABELS, suggested)

        def submitted(variant: str) -> None:
            dialog.done_ok()
            self.show_form(m.child_id, variant)

        dialog.submitted.connect(submitted)
        return self._open(dialog)

    def show_form(self, child_id: str, variant: str) -> Any:
        return self.preview(child_id, variant)

    def export_calendar(self) -> QFileDialog | None:
        """Every meeting still booked, to a calendar file (initials and ids only: the core's file)."""
        ctx = self.ctx
        vault = ctx.vault()
        if vault is None:
            return None
        session = ctx.session()
        return choose_calendar_file(self._parent(), "Export booked review meetings to a calendar file",
                                    f"review-meetings-{self._today():%Y-%m-%d}.ics",
                                    lambda path: self.save_calendar(path, session))

    def save_calendar(self, path: Path, session: int | None = None) -> None:
        ctx = self.ctx
        vault = ctx.vault()
        session = ctx.session() if session is None else session
        if vault is None or not ctx.current(session):
            return
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        from iro_desktop.preparation import calendar_export  # on the first export, like the trips' calendar

        ctx.worker.run(lambda: calendar_export.save_meetings_calendar(vault, path, calendar_export.vault_ics(vault)),
                       text="Saving the calendar file…",
                       done=lambda _r: ctx.status(f"Calendar file saved: {path.name}", session),
                       failed=lambda exc: ctx.show_error("The calendar file was not saved", exc, session))
