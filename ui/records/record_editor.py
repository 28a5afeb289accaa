"""The window a record is written in: what review records and midway reviews share.

One window per record, never modal, so the IRO can keep the child's details or another record
open beside it. The window holds no rule of its own: saving, checking, finalising and amending
are the core's (``reviews.records``, ``reviews.midway``), called on the vault thread; autosave
is ``ui.records.autosave``. A subclass supplies the pages (``build_pages``), fills them from content
(``load``), reads them back (``collect``) and makes them read-only. The record kinds and what an
editor is given are in ``record_kinds``; the checks and versions tabs in ``record_tabs``.

The title bar says only what kind of record this is: window titles reach task bars and window
lists, so the child's name is shown inside the window, never in its title.

One kind of saved. A record is "Being written", "Finalised" or "Amending", and while it is being
written (or amended) what is typed is saved as it is typed: the autosave keeps every word in the
vault within a moment, and the words go into the record itself (an audited save through the
core, which drops the autosaved copy) when the IRO closes the window, locks, stops typing for a
while (``autosave.IDLE_MS``) or presses Ctrl+S. The footer's one indicator says "Saved at 14:32".
Only a crash leaves words that are not in the record: the next opening brings them back.

Why this module is long: it is the one record lifecycle on screen (open, restore a draft, save,
check, finalise, amend, close), each step a short method on the same state; split, each part
would have to reach into the others' state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QScrollArea, QTabWidget, QVBoxLayout,
    QWidget,
)

from iro_desktop.documents import spelling
from iro_desktop.errors import ValidationError
from iro_desktop.reviews import drafts, records
from iro_desktop.reviews.checks import Checks, record_contradictions
from iro_desktop.reviews.editor_data import OpenData
from iro_desktop.reviews.lifecycle import AMENDING
from iro_desktop.reviews.record_kinds import RecordApi, versions_with_checks

from ui.records.autosave import Autosaver
from ui.common.focus import keep_last
from ui.common.formatting import uk_date
from ui.common.garbage import collect_soon
from ui.common.messages import error_text
from ui.common.save_states import SAVED, SavedIndicator, local_moment, state_name
from ui.common.screen_fit import fit_to_screen
from ui.common.widgets import Banner, InfoBar, heading_label
from ui.common.workers import log_unexpected
from ui.records.record_kinds import EditorContext, local_time_words
from ui.records.record_tabs import ChecksPage, VersionsPage
from ui.records.text.markup_edit import MarkupTextEdit
from ui.records.text.spelling_qt import app_spell_check


FINALISE_KEYS = "Ctrl+Shift+F"


@dataclass(frozen=True)
class FinalWords:
    """What an editor hands the lock routine: its autosave key, the words on screen, and the
    core's save for its kind of record (``RecordApi.save``)."""

    key: str
    payload: drafts.DraftPayload
    save: Callable[[Any, int, Any], Any]


class RecordEditor(QWidget):
    closed = Signal(str)  # the editor's key

    CHECKS_DELAY_MS = 1200

    def __init__(self, ctx: EditorContext, api: RecordApi, data: OpenData, *, version: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.api = api
        self.record = data.record
        self.extra = data.extra
        self.view_version = version
        self.key = api.draft_key(self.record.id) if version is None else f"{api.draft_key(self.record.id)}:v{version}"
        self._loading = False
        self._for_lock = False
        self._session = ctx.session()
        self.pending_dialog: QWidget | None = None  # the question this window is waiting on (tests answer it)
        self.setWindowTitle(f"{api.title} — IRO Desktop")  # never the child's name
        fit_to_screen(self, 1180, 800)

        self.name_label = heading_label(ctx.child_name, 1.35)
        self.name_label.setAccessibleName("Child")
        self.sub_label = QLabel()
        self.sub_label.setStyleSheet("color: #444;")
        self.banner = Banner()
        self.restore_bar = InfoBar(tone="warn")
        self.problems_bar = InfoBar(tone="warn")
        self.problems_bar.add_button("Show the checks", self.show_checks, "Show the checks before finalising")
        self.problems_bar.add_button("Close this message", self.problems_bar.hide)
        self.contradiction_bar = InfoBar(tone="info")  # a finalised record that says two things at once
        self.contradiction_bar.add_button("Amend…", lambda: self.amend(), "Amend the record to put it right")

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.build_pages()
        self.checks_page = ChecksPage(api.noun)
        self.checks_page.item_activated.connect(self.go_to_field)
        self.checks_page.recheck_requested.connect(self.refresh_checks)
        self.tabs.addTab(self.checks_page, "Ready to finalise?")
        self.versions_page = VersionsPage()
        self.versions_page.open_requested.connect(lambda n: ctx.open_version(api.kind, self.record.id, n))
        self.tabs.addTab(self.versions_page, "Versions")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.indicator = SavedIndicator()
        self.finalise_button = QPushButton("Finalise…")
        self.finalise_button.setToolTip(f"Check the {api.noun} and finalise it ({FINALISE_KEYS}). If anything is "
                                        "missing, the checks show what and where.")
        self.finalise_button.clicked.connect(lambda _checked=False: self.finalise())
        self.amend_button = QPushButton("Amend…")
        self.amend_button.setToolTip("Correct a finalised record: a new version, with the reason kept.")
        self.amend_button.clicked.connect(lambda _checked=False: self.amend())
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        self.preview_button = QPushButton("Preview…")
        self.preview_button.setToolTip("See the letter to the child as it will print, with what is on screen now")
        self.preview_button.clicked.connect(lambda _checked=False: ctx.preview and ctx.preview(self))
        self.preview_button.setVisible(ctx.preview is not None)
        # Ctrl+S is "save now": the same saved, at once, for an IRO used to pressing it.
        save_action = QAction("Save now", self)
        save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        save_action.triggered.connect(lambda _checked=False: self.save())
        self.addAction(save_action)
        self.finalise_action = QAction("Finalise", self)
        self.finalise_action.setShortcut(QKeySequence(FINALISE_KEYS))
        self.finalise_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.finalise_action.triggered.connect(lambda _checked=False: self.finalise())
        self.addAction(self.finalise_action)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.name_label)
        titles.addWidget(self.sub_label)
        top.addLayout(titles, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.indicator)
        bottom.addStretch(1)
        for button in (self.preview_button, self.finalise_button, self.amend_button, self.close_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.restore_bar)
        layout.addWidget(self.problems_bar)
        layout.addWidget(self.contradiction_bar)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.autosaver = Autosaver(ctx.worker, ctx.vault, api.draft_key(self.record.id), self.collect, self)
        self.autosaver.state_changed.connect(
            lambda state: self.indicator.set_state(state, self.autosaver.saved_at_time))
        self.autosaver.idle.connect(lambda: self.save(quiet=True))
        self._folding = False  # a save into the record is on its way
        self._checks_timer = QTimer(self)
        self._checks_timer.setSingleShot(True)
        self._checks_timer.setInterval(self.CHECKS_DELAY_MS)
        self._checks_timer.timeout.connect(self.refresh_checks)

        self.show_record(self.record)
        self.indicator.set_state(SAVED, local_moment(self.record.record.updated_at))
        if self.read_only:
            self.indicator.show_finalised()
        self.versions_page.show_versions(data.versions)
        if version is None:
            self._offer_restored(data)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt's names
        # Rows made after the window (attendees, decisions, a version's dates) join the Tab
        # order after the footer: it is put back at the end before each move.
        keep_last(self, [self.preview_button, self.finalise_button, self.amend_button, self.close_button])
        return super().focusNextPrevChild(next)

    # ---- for subclasses --------------------------------------------------------------------

    def build_pages(self) -> None:
        raise NotImplementedError

    def load(self, content: Any) -> None:
        raise NotImplementedError

    def collect(self) -> Any:
        raise NotImplementedError

    def set_pages_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def tab_for_field(self, where: str) -> QWidget | None:
        return None

    def widget_for_field(self, where: str) -> QWidget | None:
        """The control a check's field path (``details.venue_mode``) is entered in, if known;
        its tab is already showing."""
        return None

    def record_date(self, content: Any) -> date | None:
        return content.record_date

    # ---- state -----------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.view_version is not None or self.record.read_only

    @property
    def vault(self) -> Any:
        return self.ctx.vault

    def session_ok(self) -> bool:
        return shiboken6.isValid(self) and self.ctx.session() == self._session

    def changed(self) -> None:
        """Anything on a page changed (the pages call this)."""
        if self._loading or self.read_only:
            return
        self.autosaver.changed()
        if self.tabs.currentWidget() is self.checks_page:
            self._checks_timer.start()

    def show_record(self, record: Any) -> None:
        self.record = record
        self._loading = True
        try:
            self.load(record.content)
        finally:
            self._loading = False
        self._update_state()

    def _update_state(self) -> None:
        record, ro = self.record, self.read_only
        v = record.version
        self.set_pages_read_only(ro)
        self.autosaver.set_enabled(not ro)
        self._show_sub_label()
        if self.view_version is not None:
            who = f", finalised by {v.finalised_by} on {uk_date(v.finalised_on)}" if v.read_only else ""
            self.banner.show_state(f"Version {v.version} as it was kept{who}. Read-only.", "view")
        elif v.read_only:
            self.banner.show_state(f"Finalised by {v.finalised_by} on {uk_date(v.finalised_on)} (version "
                                   f"{v.version}). Read-only: to correct it, amend it and give the reason.", "final")
        elif record.record.state == AMENDING:
            self.banner.show_state(f"Amending: version {v.version}, saved as you write it. Reason: "
                                   f"{v.amendment_reason or ''}", "amend")
        else:
            self.banner.hide()
        # A finalised record that says two things at once (kept before the checks caught it).
        said = record_contradictions(record.content) if v.read_only and self.view_version is None else []
        if said:
            self.contradiction_bar.show_text(" ".join(said) + " Amend it to put it right.")
        else:
            self.contradiction_bar.hide()
        editable = not ro
        self.finalise_button.setVisible(editable)
        self.finalise_action.setEnabled(editable)
        self.amend_button.setVisible(self.view_version is None and v.read_only)
        self.indicator.setVisible(self.view_version is None)
        if v.read_only:
            self.indicator.show_finalised()
        self.tabs.setTabVisible(self.tabs.indexOf(self.checks_page), editable)

    def _show_sub_label(self) -> None:
        record = self.record
        state = state_name(record.version.read_only, record.record.state)
        self.sub_label.setText(f"{self.api.title} · {uk_date(self.record_date(record.content))} · {state} · "
                               f"version {record.version.version}")

    # ---- restored work ---------------------------------------------------------------------

    def _offer_restored(self, data: OpenData) -> None:
        """Words autosaved but never put into the record (the app was stopped, or the record
        refused them) come back: in the editor, saved, to go into the record like any others."""
        if data.draft is None:
            return
        payload = drafts.prepare_draft(data.draft)
        if payload.sha256 == self.record.version.content_sha256:
            return
        when = local_time_words(data.draft_saved_at)
        bar = self.restore_bar
        if not self.record.read_only:
            self._loading = True
            try:
                self.load(data.draft)
            finally:
                self._loading = False
            self.autosaver.last_payload = payload
            self.indicator.set_state(SAVED, local_moment(data.draft_saved_at))
            bar.show_text(f"Your words from {when} are back, just as you left them: the app closed before it could "
                          "put them into the record. They are saved; carry on writing.")
            bar.add_button("Go back to the record as it was…", self.discard_restored,
                           "Go back to the record as it was before these words")
        else:
            self._restored_draft = data.draft
            bar.show_text(f"Words you wrote on this {self.api.noun} at {when}, before it was finalised, are kept "
                          "apart from it. To use them, amend the record.")
            bar.add_button("Amend with these words…", lambda: self.amend(then=self._use_restored),
                           "Amend the record with the words kept apart")
            bar.add_button("Throw them away…", self.discard_restored, "Throw away the words kept apart")

    def _use_restored(self) -> None:
        draft = getattr(self, "_restored_draft", None)
        if draft is None:
            return
        self._loading = True
        try:
            self.load(draft)
        finally:
            self._loading = False
        self._restored_draft = None
        self.restore_bar.hide()
        self.autosaver.changed()

    def discard_restored(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Throw these words away?",
                          "Throw away the words that came back, and keep the record as it was before them? This "
                          "cannot be undone.", QMessageBox.StandardButton.Cancel, self)
        discard = box.addButton("Throw them away", QMessageBox.ButtonRole.DestructiveRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._discard() if button is discard else None)
        self.pending_dialog = box
        box.open()

    def _discard(self) -> None:
        vault, key, record_id = self.vault, self.api.draft_key(self.record.id), self.record.id
        self.autosaver.stop()

        def work():
            drafts.discard_draft(vault, key)
            return self.api.get(vault, record_id)

        def done(record) -> None:
            if not self.session_ok():
                return
            self.restore_bar.hide()
            self.show_record(record)
            self.autosaver.set_enabled(not self.read_only)
            self.autosaver.mark_saved(drafts.prepare_draft(self.collect()))
            self.ctx.status(f"The {self.api.noun} is back as it was.")

        self.ctx.worker.run(work, text="Throwing the words away…", done=done,
                            failed=self._failed("The words were not thrown away"))

    # ---- spelling --------------------------------------------------------------------------

    def enable_spelling(self, edit: MarkupTextEdit) -> None:
        """The app's spell check in ``edit``; "Add to my words" is kept in the vault."""
        edit.enable_spelling(app_spell_check(), self._keep_own_word)

    def _keep_own_word(self, word: str) -> None:
        vault = self.vault
        self.ctx.worker.run(lambda: spelling.add_own_word(vault, word), text="Adding the word…", quiet=True,
                            failed=self._failed("The word was not added to your words"))

    # ---- saving ----------------------------------------------------------------------------

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if not self.session_ok():
                return
            if isinstance(exc, ValidationError):
                self.problems_bar.show_text(f"{what}: " + " ".join(m for _w, m in exc.problems))
            else:
                self.problems_bar.show_text(f"{what}. {error_text(exc)}")
        return failed

    def save(self, *, quiet: bool = False) -> None:
        """What is on screen into the record itself, now (Ctrl+S, and a pause in typing:
        ``quiet``). The autosave writes it first, so the words are safe whatever the record
        says; the record's own save then runs on the vault thread with its audit row."""
        if self.read_only or self._folding:
            return
        try:
            self.autosaver.flush_blocking()
        except Exception as exc:  # noqa: BLE001 - the autosave retries; the record's save still runs
            log_unexpected(exc)
        content = self.collect()
        payload = drafts.prepare_draft(content)
        if payload.sha256 == self.record.version.content_sha256:
            self.autosaver.mark_saved(payload)
            return
        vault, record_id = self.vault, self.record.id
        self._folding = True

        def done(record) -> None:
            if not self.session_ok():
                return
            self._folding = False
            self.record = record
            self.autosaver.mark_saved(payload)
            self.restore_bar.hide()
            if not quiet:
                self.problems_bar.hide()
            self._show_sub_label()  # the state is as it was: the pages are left alone while the IRO types

        def failed(exc: BaseException) -> None:
            if not self.session_ok():
                return
            self._folding = False
            self._failed("Saved, but not yet put into the record")(exc)

        self.ctx.worker.run(lambda: self.api.save(vault, record_id, content), text="Saving…", quiet=quiet, done=done,
                            failed=failed)

    # ---- checks and finalising -------------------------------------------------------------

    def show_checks(self) -> None:
        self.problems_bar.hide()
        self.tabs.setCurrentWidget(self.checks_page)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.checks_page and not self.read_only:
            self.refresh_checks()
        elif self.tabs.currentWidget() is self.versions_page:
            self.refresh_versions()

    def refresh_checks(self, then: Callable[[Checks], None] | None = None) -> None:
        if self.read_only:
            return
        content = self.collect()
        vault, record_id = self.vault, self.record.id

        def done(checks: Checks) -> None:
            if not self.session_ok():
                return
            self.checks_page.show_checks(checks)
            if then is not None:
                then(checks)

        self.ctx.worker.run(lambda: self.api.checks(vault, record_id, content), text="Checking…", quiet=True,
                            done=done, failed=self._failed("The checks could not be made"))

    def go_to_field(self, where: str) -> None:
        """Show the page a check is about, and put the cursor in its field where the page can."""
        tab = self.tab_for_field(where or "")
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
            widget = self.widget_for_field(where or "")
            if widget is not None:
                if isinstance(tab, QScrollArea):
                    tab.ensureWidgetVisible(widget)
                widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def finalise(self) -> None:
        if self.read_only:
            return

        def checked(checks: Checks) -> None:
            if not checks.can_finalise:
                self.tabs.setCurrentWidget(self.checks_page)
                self.checks_page.list.setFocus()  # Enter on a line goes to its field
                return
            self._ask_name(self._confirm_finalise)

        self.refresh_checks(checked)

    def _ask_name(self, then: Callable[[str], None]) -> None:
        if self.ctx.iro_name:
            then(self.ctx.iro_name)
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Your name")
        dialog.setLabelText("Your name as it should appear on letters and records.\n"
                            "You are asked once; it is kept in your vault.")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.findChild(QLineEdit).setAccessibleName("Your name")

        def chosen(name: str) -> None:
            name = " ".join(name.split())
            if not name:
                return
            vault = self.vault

            def saved(_r) -> None:
                if not self.session_ok():
                    return
                self.ctx.iro_name = name
                then(name)

            self.ctx.worker.run(lambda: records.set_iro_name(vault, name), text="Saving your name…", done=saved,
                                failed=self._failed("Your name was not saved"))

        dialog.textValueSelected.connect(chosen)
        self.pending_dialog = dialog
        dialog.open()

    def _confirm_finalise(self, name: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Finalise this record?",
                          f"Finalise this {self.api.noun}?\n\nIt will be finalised by {name} on "
                          f"{uk_date(date.today())}, and a fingerprint of its content is kept. After this it "
                          "cannot be changed; a correction is made by amending it, with the reason.",
                          QMessageBox.StandardButton.Cancel, self)
        go = box.addButton("Finalise", QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._finalise(name) if button is go else None)
        self.pending_dialog = box
        box.open()

    def _finalise(self, name: str) -> None:
        content = self.collect()
        vault, record_id = self.vault, self.record.id

        def done(record) -> None:
            if not self.session_ok():
                return
            self.autosaver.mark_saved()
            self.problems_bar.hide()
            self.restore_bar.hide()
            self.show_record(record)
            self.refresh_versions()
            self.ctx.status(f"The {self.api.noun} is finalised.")

        self.ctx.worker.run(lambda: self.api.finalise(vault, record_id, finalised_by=name, content=content),
                            text="Finalising…", done=done, failed=self._failed("Not finalised"))

    # ---- amending --------------------------------------------------------------------------

    def amend(self, then: Callable[[], None] | None = None) -> None:
        if self.view_version is not None or not self.record.read_only:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Amend the record")
        dialog.setLabelText(f"Why does this {self.api.noun} need amending?\n"
                            "The reason is kept with the new version, and the finalised one stays as it was.")
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setOkButtonText("Start the amendment")
        vault, record_id = self.vault, self.record.id

        def chosen(reason: str) -> None:
            def done(record) -> None:
                if not self.session_ok():
                    return
                self.show_record(record)
                self.refresh_versions()
                if then is not None:
                    then()

            self.ctx.worker.run(lambda: self.api.amend(vault, record_id, reason), text="Starting the amendment…",
                                done=done, failed=self._failed("The amendment was not started"))

        dialog.textValueSelected.connect(chosen)
        self.pending_dialog = dialog
        dialog.open()

    # ---- versions --------------------------------------------------------------------------

    def refresh_versions(self) -> None:
        vault, record_id, api = self.vault, self.record.id, self.api

        def done(versions) -> None:
            if self.session_ok():
                self.versions_page.show_versions(versions)

        self.ctx.worker.run(lambda: versions_with_checks(vault, api, record_id), text="Reading the versions…",
                            quiet=True, done=done, failed=self._failed("The versions could not be read"))

    # ---- closing ---------------------------------------------------------------------------

    def save_draft_now(self) -> None:
        """Put what is on screen into the vault and wait for it (before a restore)."""
        if self.read_only or not shiboken6.isValid(self):
            return
        self.autosaver.flush_blocking()

    def final_draft(self) -> FinalWords | None:
        """The lock routine's first step: what is on screen, taken before the editor closes and
        put into the record by the lock once the screen is clear (None: nothing to save)."""
        if self.read_only or not shiboken6.isValid(self):
            return None
        payload = self.autosaver.final_payload()
        return FinalWords(self.autosaver.draft_key, payload, self.api.save) if payload is not None else None

    def _put_into_record_on_close(self) -> None:
        """Closing: the words on screen are autosaved at once (waiting for the disk, a few
        milliseconds), then put into the record on the vault thread once this window has gone."""
        self.autosaver.flush_blocking()  # words the record already holds leave no copy behind
        payload = self.autosaver.last_payload
        if payload is None or payload.sha256 == self.record.version.content_sha256:
            return
        vault, status, noun, save = self.vault, self.ctx.status, self.api.noun, self.api.save
        key, session, current = self.autosaver.draft_key, self._session, self.ctx.session

        def done(into_record: bool) -> None:
            if current() == session and not into_record:
                status(f"Your words on the {noun} are saved; some of them need putting right before they go into "
                       "the record. Open it again to see what.")

        self.ctx.worker.run(lambda: drafts.put_into_record(vault, key, payload, save), text="Saving…", quiet=True,
                            done=done, failed=log_unexpected)

    def close_for_lock(self) -> None:
        self._for_lock = True
        self.autosaver.stop()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._for_lock and not self.read_only and self.session_ok():
            try:
                self._put_into_record_on_close()
            except Exception as exc:  # noqa: BLE001 - closing must finish; the autosave has the words
                log_unexpected(exc)
        self.autosaver.stop()
        self._checks_timer.stop()
        self.closed.emit(self.key)
        super().closeEvent(event)
        collect_soon()  # the letter and its drafts leave memory now, not whenever the collector runs

