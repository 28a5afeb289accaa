"""Opening, starting and keeping track of the record editors, and the search glue.

The main window owns one ``RecordsController``. It starts records (a review record, a midway
review) through the core, opens one editor per record (asking again raises the open one), puts
every open editor's words into its record and closes them when the vault locks, and after the
next unlock offers back any words that never reached their record (the app was stopped before
it could put them there: a crash, a power cut).

Every read and write runs on the vault thread (``Worker``); answers that arrive after a lock
are dropped by comparing the window's lock counter.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from iro_desktop import changes, search
from iro_desktop.caseload import repository
from iro_desktop.errors import ValidationError
from iro_desktop.reviews import drafts, midway, records
from iro_desktop.reviews.editor_data import EditorShared, OpenData, load_for_editor
from iro_desktop.reviews.record_kinds import APIS

from ui.records.child_records import ChildRecordsDialog, NewMidwayDialog, WriteReviewDialog
from ui.records.midway_editor import MidwayEditor
from ui.records.record_editor import FinalWords, RecordEditor
from ui.records.record_kinds import EditorContext, local_time_words
from ui.records.review_editor import ReviewEditor
from ui.records.text.spelling_qt import app_spell_check
from ui.search.search_view import SearchView
from ui.common.workers import Worker, log_unexpected

KIND_TITLES = {"review": "Review record", "midway": "Midway review"}
SEARCH_LIMIT = search.RESULTS_SHOWN


class RecordsController(QObject):
    def __init__(self, parent: QWidget, *, vault: Callable[[], Any], worker: Worker, session: Callable[[], int],
                 status: Callable[[str], None], show_error: Callable[[str, BaseException], None],
                 open_child: Callable[[str], None],
                 review_kind: Callable[[str], str | None] = lambda child_id: None,
                 adopt_clipboard: Callable[[str], None] | None = None,
                 search_view: SearchView | None = None,
                 preview: Callable[[RecordEditor], None] | None = None) -> None:
        super().__init__(parent)
        self._window = parent
        self._preview = preview
        self._vault = vault
        self.worker = worker
        self._session = session
        self._status = status
        self._show_error = show_error
        self._open_child = open_child
        self._review_kind = review_kind  # the review the timescales expect next: the likely type
        self._adopt_clipboard = adopt_clipboard
        self.editors: dict[str, RecordEditor] = {}
        self._opening: set[str] = set()
        self.recovery_box: QMessageBox | None = None
        self.dialog: QWidget | None = None  # the last question asked (tests answer it)
        self.raise_escalation: Callable[..., Any] | None = None  # set by the window: the escalation tracker
        self.record_good_practice: Callable[..., Any] | None = None  # and its good-practice notifications
        self._search_generation = 0
        self.search_view = search_view
        self._last_search: tuple[str, str | None, list[str] | None] | None = None
        worker.changed.connect(self.on_changes)
        if search_view is not None:
            search_view.query_changed.connect(self.search)
            search_view.open_requested.connect(self.open_hit)

    # ---- helpers ---------------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], text: str, done: Callable[[Any], None], what: str, *,
             quiet: bool = False) -> None:
        session = self._session()

        def ok(result: Any) -> None:
            if session == self._session():
                done(result)

        def failed(exc: BaseException) -> None:
            if session == self._session():
                self._show_error(what, exc)

        self.worker.run(fn, text=text, done=ok, failed=failed, quiet=quiet)

    def editor_for(self, kind: str, record_id: int, version: int | None = None) -> RecordEditor | None:
        key = APIS[kind].draft_key(record_id) + (f":v{version}" if version is not None else "")
        editor = self.editors.get(key)
        return editor if editor is not None and shiboken6.isValid(editor) else None

    # ---- opening ---------------------------------------------------------------------------

    def open_record(self, kind: str, record_id: int, version: int | None = None) -> None:
        vault = self._vault()
        if vault is None or kind not in APIS:
            return
        editor = self.editor_for(kind, record_id, version)
        if editor is not None:
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return
        key = f"{kind}:{record_id}:{version}"
        if key in self._opening:
            return
        self._opening.add(key)

        def loaded(result: tuple[OpenData, EditorShared]) -> None:
            self._opening.discard(key)
            self._show_editor(kind, result[0], result[1], version)

        session = self._session()

        def failed(exc: BaseException) -> None:
            self._opening.discard(key)
            if session == self._session():
                self._show_error("The record could not be opened", exc)

        self.worker.run(lambda: load_for_editor(vault, kind, record_id, version), text="Opening the record…",
                        done=lambda r: loaded(r) if session == self._session() else self._opening.discard(key),
                        failed=failed)

    def _show_editor(self, kind: str, data: OpenData, shared: EditorShared, version: int | None) -> RecordEditor:
        child = shared.child
        ctx = EditorContext(
            vault=self._vault(), worker=self.worker, session=self._session, child_id=child.child_id,
            child_name=child.display_name, date_of_birth=child.date_of_birth, wording=shared.wording,
            phrases=shared.phrases, templates=shared.templates, iro_name=shared.iro_name,
            open_version=self.open_record,
            status=self._status, adopt_clipboard=self._adopt_clipboard, preview=self._preview,
            raise_escalation=self.raise_escalation, record_good_practice=self.record_good_practice)
        app_spell_check().set_own_words(shared.own_words)
        cls = ReviewEditor if kind == "review" else MidwayEditor
        editor = cls(ctx, data, version=version, parent=self._window)
        self.editors[editor.key] = editor
        editor.closed.connect(lambda key: self.editors.pop(key, None))
        editor.show()
        editor.raise_()
        return editor

    # ---- starting --------------------------------------------------------------------------

    def write_review(self, child_id: str, review_date: date | None = None) -> None:
        """Start (or open) the review record: for the review held on ``review_date`` if given and
        known, otherwise asking which review it is for."""
        vault = self._vault()
        if vault is None:
            return

        def read():
            return repository.get_child(vault, child_id), records.review_records(vault, child_id)

        def show(result) -> None:
            child, existing = result
            record_of = {info.review_id: info.id for info in existing}
            match = [r for r in child.reviews if review_date is not None and r.review_date == review_date]
            if match:
                self._record_review(match[-1].id, record_of)
                return
            waiting = [r for r in child.reviews if r.id not in record_of]
            dialog = WriteReviewDialog(self._window, child.display_name, waiting, self._review_kind(child_id))
            dialog.chosen.connect(lambda choice: self._start_chosen(child_id, choice, child.reviews, record_of))
            self.dialog = dialog
            dialog.open()

        self._run(read, "Opening…", show, "This child's reviews could not be read", quiet=True)

    def _start_chosen(self, child_id: str, choice: tuple, reviews: list, record_of: dict[int, int]) -> None:
        vault = self._vault()
        if vault is None:
            return
        if choice[0] == "existing":
            self._record_review(choice[1], record_of)
            return
        _new, when, kind = choice
        held = [r for r in reviews if r.review_date == when]
        if held:
            # A review already on the child's history that day: its record, never a second review.
            self._record_review(held[-1].id, record_of)
            return
        self._start(lambda: records.start_review(vault, child_id, when, kind))

    def _record_review(self, review_id: int, record_of: dict[int, int]) -> None:
        """Open the record of the review ``review_id`` if it has one (``record_of``: record ids
        by review id), otherwise start it."""
        if review_id in record_of:
            self.open_record("review", record_of[review_id])
            return
        vault = self._vault()
        if vault is not None:
            self._start(lambda: records.start_record_for_review(vault, review_id))

    def _start(self, make: Callable[[], Any]) -> None:
        def started(record) -> None:
            self.open_record(record.record.kind, record.id)

        self._run(make, "Starting the record…", started, "The record was not started")

    def new_midway(self, child_id: str, child_name: str) -> None:
        vault = self._vault()
        if vault is None:
            return
        dialog = NewMidwayDialog(self._window, child_name)

        def chosen(value) -> None:
            when, how = value
            self._start(lambda: midway.start_midway(vault, child_id, when, how=how))

        dialog.chosen.connect(chosen)
        self.dialog = dialog
        dialog.open()

    def show_records(self, child_id: str) -> None:
        vault = self._vault()
        if vault is None:
            return

        def read():
            child = repository.get_child(vault, child_id)
            return child, records.review_records(vault, child_id) + midway.midway_records(vault, child_id)

        def show(result) -> None:
            child, rows = result
            dialog = ChildRecordsDialog(self._window, child.display_name, rows)
            dialog.open_requested.connect(self.open_record)
            dialog.write_requested.connect(lambda: self.write_review(child_id))
            dialog.midway_requested.connect(lambda: self.new_midway(child_id, child.display_name))
            self.dialog = dialog
            dialog.open()

        self._run(read, "Opening…", show, "This child's records could not be read", quiet=True)

    # ---- locking ---------------------------------------------------------------------------

    def save_and_close_all(self) -> None:
        """Before a restore: every open editor's words into the vault, then close them all."""
        editors = [e for e in self.editors.values() if shiboken6.isValid(e)]
        for editor in editors:
            try:
                editor.save_draft_now()
            except Exception as exc:  # noqa: BLE001 - closing must finish; log and carry on
                log_unexpected(exc)
        self._close_editors(editors)

    def close_all(self) -> list[FinalWords]:
        """The lock routine's first step: take every open editor's newest words (the tiny part
        of a save that runs here), then close them all. The lock puts the words into their
        records with ``save_final`` once nothing of the caseload is left on screen."""
        editors = [e for e in self.editors.values() if shiboken6.isValid(e)]
        finals = []
        for editor in editors:
            try:
                final = editor.final_draft()
            except Exception as exc:  # noqa: BLE001 - locking must finish; log and carry on
                log_unexpected(exc)
                continue
            if final is not None:
                finals.append(final)
        self._close_editors(editors)
        return finals

    def save_final(self, vault, finals: list[FinalWords]) -> None:
        """Put what ``close_all`` took into the records in ``vault`` and wait until it is on
        disk: each editor's words are autosaved, then saved into the record with its audit row
        (``drafts.put_into_record``). It goes through the drafts' lane, after any autosave still
        in flight there (so the newest words land last), and never behind a long job on the
        vault thread."""
        if not finals:
            return

        def write() -> None:
            lane = drafts.lane(vault)
            for final in finals:
                try:
                    drafts.put_into_record(lane, final.key, final.payload, final.save)
                except Exception as exc:  # noqa: BLE001 - the other editors' words still go in
                    log_unexpected(exc)

        try:
            self.worker.drafts.call_blocking(write)
        except Exception as exc:  # noqa: BLE001 - locking must finish
            log_unexpected(exc)

    def _close_editors(self, editors: list[RecordEditor]) -> None:
        for editor in editors:
            if shiboken6.isValid(editor):
                editor.close_for_lock()
        self.editors.clear()
        self._opening.clear()
        if self.recovery_box is not None and shiboken6.isValid(self.recovery_box):
            self.recovery_box.close()
        self.recovery_box = None
        self.dialog = None
        self._search_generation += 1
        if self.search_view is not None:
            self.search_view.clear()

    # ---- recovering after an unlock --------------------------------------------------------

    def offer_recovery(self) -> None:
        vault = self._vault()
        if vault is None:
            return

        def read():
            found = [d for d in drafts.recover_drafts(vault) if d.kind in APIS and d.record_id is not None]
            names = {}
            for d in found:
                if d.child_id and d.child_id not in names:
                    try:
                        names[d.child_id] = repository.get_child(vault, d.child_id).display_name
                    except Exception:  # noqa: BLE001 - a name is only a label here
                        names[d.child_id] = d.child_id
            return found, names

        self._run(read, "Looking for words to bring back…", lambda r: self._ask_recovery(*r),
                  "The app could not look for words to bring back", quiet=True)

    def _ask_recovery(self, found: list[drafts.RecoveredDraft], names: dict[str, str]) -> None:
        if not found:
            return
        n = len(found)
        lines = "\n".join(f"• {KIND_TITLES.get(d.kind, d.kind)} for {names.get(d.child_id or '', 'a child')}, "
                          f"saved at {local_time_words(d.saved_at)}" for d in found)
        box = QMessageBox(QMessageBox.Icon.Question, "Carry on where you left off",
                          f"The app closed before it could put your latest words into {n} "
                          f"record{'s' if n != 1 else ''}. The words are saved:\n\n{lines}\n\n"
                          f"Open {'them' if n != 1 else 'it'} to check the words and carry on.",
                          QMessageBox.StandardButton.NoButton, self._window)
        reopen = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Throw the words away…", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(reopen)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def clicked(button) -> None:
            self.recovery_box = None
            if button is reopen:
                for d in found:
                    self.open_record(d.kind, d.record_id)
            elif button is discard:
                self._confirm_discard(found)

        box.buttonClicked.connect(clicked)
        self.recovery_box = box
        box.open()

    def _confirm_discard(self, found: list[drafts.RecoveredDraft]) -> None:
        n = len(found)
        box = QMessageBox(QMessageBox.Icon.Warning, "Throw these words away?",
                          f"Throw away the words that never reached {'their' if n != 1 else 'the'} "
                          f"record{'s' if n != 1 else ''}? The record{'s keep' if n != 1 else ' keeps'} what it "
                          "held before them. This cannot be undone.", QMessageBox.StandardButton.Cancel, self._window)
        discard = box.addButton("Throw them away", QMessageBox.ButtonRole.DestructiveRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        vault = self._vault()

        def clicked(button) -> None:
            if button is discard and vault is not None:
                keys = [d.draft_key for d in found]
                self._run(lambda: [drafts.discard_draft(vault, k) for k in keys], "Throwing the words away…",
                          lambda _r: self._status("The words were thrown away; the records are as they were."),
                          "The words were not thrown away")

        box.buttonClicked.connect(clicked)
        self.dialog = box
        box.open()

    # ---- search ----------------------------------------------------------------------------

    def on_changes(self, change: changes.Changes) -> None:
        """Saved words change what a search finds: ask the shown search again."""
        if change.changed(changes.RECORDS) and self._last_search is not None and self._last_search[0].strip():
            self.search(*self._last_search)

    def search(self, text: str, child_id: str | None, kinds: list[str] | None) -> None:
        vault = self._vault()
        if vault is None or self.search_view is None:
            return
        self._last_search = (text, child_id, kinds)
        self._search_generation += 1
        generation = self._search_generation
        view = self.search_view

        def done(hits) -> None:
            if generation == self._search_generation:
                view.show_hits(hits)

        def failed(exc: BaseException) -> None:
            if generation == self._search_generation:
                view.show_failure("The search did not work: " + (str(exc) if isinstance(exc, ValidationError)
                                                                 else "try other words."))
                log_unexpected(exc)

        session = self._session()
        self.worker.run(lambda: search.search(vault, text, child_id=child_id, kinds=kinds, limit=SEARCH_LIMIT),
                        text="Searching…", quiet=True,
                        done=lambda hits: done(hits) if session == self._session() else None,
                        failed=lambda exc: failed(exc) if session == self._session() else None)

    def open_hit(self, hit: search.SearchHit) -> None:
        if hit.kind in APIS and hit.record_id is not None:
            self.open_record(hit.kind, hit.record_id)
        else:
            self._open_child(hit.child_id)

