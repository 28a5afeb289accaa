"""The one window: it composes the screens and their controllers, and holds the single lock routine.

The window holds the open vault and the lock counter, and hands both to each feature's
controller in a ``WindowContext``: the session's start (the demo, the set-up, the unlock screen:
ui/session/start.py) and its backups and keys, the caseload's, what is due, the trips, the
preferences, the records and the printed documents. Every vault call goes to the vault thread
through ``Worker``: the GUI thread never touches the vault (the UI tests check it:
``iro_desktop/vault/thread_guard.py``), and each screen reloads when the vault thread says its
data changed (``Worker.changed``). The lock stays here because it clears every screen before
the vault closes.

Why this module is long: it wires every feature's screen and controller to the others, and the
lock, which reaches every screen, belongs to the window; each feature's work is in its
controller, the menus in ``menus.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication, QDialog, QLabel, QMainWindow, QMessageBox, QProgressBar,
    QStackedWidget, QTabWidget, QVBoxLayout, QWidget,
)

from iro_desktop.caseload import overview, week
from iro_desktop.vault import Vault

from ui.common.clipboard import ClipboardGuard
from ui.session.idle_lock import IdleLock
from ui.app.first_paint import after_first_paint
from ui.app.home_keys import keyboard_through_home
from ui.common.garbage import collect_on_gui_thread
from ui.common.messages import error_text
from ui.common.focus import show_tab_focus
from ui.common.screen_fit import fit_to_screen, remember_sizes_in
from ui.app.menus import build_menus, update_actions
from ui.settings.controller import SettingsController
from ui.settings.preferences import Preferences
from ui.common.services import Services
from ui.session.controller import SessionController
from ui.session.start import SessionStart
from ui.common.window_context import WindowContext
from ui.common.workers import Worker

if TYPE_CHECKING:
    # The home screens are imported by _build_home, and each dialog when it is first opened, so
    # that starting the app to the unlock screen loads only what that screen needs.
    from iro_desktop.caseload import importer
    from ui.session.security_dialogs import ChangePassphraseDialog, NewRecoveryCodeDialog
    from ui.session.setup_wizard import SetupWizard
    from ui.session.unlock_screen import UnlockScreen

# How long the lock waits, with the screen already clear, for the vault thread to close the vault
# before leaving it to close once the job in hand (a backup, an import) ends.
LOCK_CLOSE_WAIT_S = 1.0
WINDOW_TITLE = "IRO Desktop"  # never a child's name: titles reach task bars and window lists
DEMO_BANNER = "Demo caseload — invented children"
LOCKED = "Locked"


class MainWindow(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()  # before any worker thread exists: see ui/common/garbage.py
        self.setWindowTitle(WINDOW_TITLE)
        self.services = services
        self.prefs = Preferences(services.settings)
        self.clipboard = ClipboardGuard()
        self.worker = Worker(busy=self, parent=self)
        self.vault: Vault | None = None
        # Bumped by every lock: work started before a lock must not show its result after it.
        self._session = 0
        self._busy_count = 0
        self._closed = False
        self.context = WindowContext(self, self.worker, lambda: self.vault, lambda: self._session,
                                     self._status_message, self._show_error)
        # Backups and restore, the passphrase and recovery code, closing the vault.
        self.session_controller = SessionController(self.context, services, self.clipboard, lambda: self._closed)

        self.banner = QLabel(DEMO_BANNER)
        self.banner.setObjectName("demoBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("QLabel#demoBanner { background: #fff3c4; color: #3d2c00; "
                                  "font-weight: bold; padding: 6px; border-bottom: 1px solid #d9c27a; }")
        self.banner.setVisible(services.demo)
        # The home screens (My week, Calendar, Caseload, Trips, Find), the record editors and the
        # printed documents are built by _build_home once the first screen has been painted, so
        # the unlock screen comes up without waiting for them (they are built while the IRO types
        # the passphrase; anything that asks for one sooner builds them there and then).
        self.home = QTabWidget()
        self.home.setDocumentMode(True)
        show_tab_focus(self.home)  # a plain frame on the tab with the keyboard focus
        self._home_built = False

        self.stack = QStackedWidget()
        # The pages before the home screens: opening the demo, the set-up, the unlock screen.
        self.session_start = SessionStart(
            self.context, services, self.clipboard, self.stack, opened=self.on_unlocked,
            close_vault=self._close_vault, closed=lambda: self._closed, page_shown=self._update_status,
            demo_banner=self.banner.setVisible)
        self.stack.addWidget(self.home)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.lock_state = QLabel(LOCKED)
        self.count_label = QLabel()
        self.busy_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no known end: a moving bar says "working"
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setAccessibleName("Working")
        self.count_label.setContentsMargins(16, 0, 0, 0)
        self.statusBar().addWidget(self.lock_state)
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.busy_bar.hide()

        self.idle_lock = IdleLock(self)
        self.idle_lock.idle.connect(self.lock)
        self.settings_controller = SettingsController(self.context, self.prefs, self.idle_lock,
                                                      services.idle_lock_policy)
        self._set_idle_minutes()

        build_menus(self)
        remember_sizes_in(services.settings)  # the sizes the IRO gives the app's windows
        self._fit_to_screen()
        geometry = self.prefs.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._update_status()
        after_first_paint(self, self._build_home)

    def _fit_to_screen(self) -> None:
        """1200 by 760, or less on a small laptop: the whole window, status bar included, on
        the screen's free area (a 1280 by 720 screen leaves about 690 pixels under a panel)."""
        fit_to_screen(self, 1200, 760)

    # ---- the home screens ------------------------------------------------------------------

    _HOME_PARTS = frozenset({"caseload", "outputs", "week", "calendar_view", "trips", "search_view", "records",
                             "due_controller", "trips_controller", "caseload_controller", "sync_controller",
                             "escalations_controller", "preparation_controller"})

    def __getattr__(self, name: str) -> Any:
        # Only for attributes not set yet: a home screen asked for before _build_home has run.
        if name in MainWindow._HOME_PARTS and not self.__dict__.get("_home_built", True):
            self._build_home()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _build_home(self) -> None:
        if self._home_built:
            return
        self._home_built = True
        from ui.caseload.caseload_view import CaseloadView
        from ui.caseload.controller import CaseloadController
        from ui.due.controller import DueController
        from ui.due.due_calendar import DueCalendarView
        from ui.printing.outputs import OutputContext, PrintOutputs
        from ui.records.records_controller import RecordsController
        from ui.search.search_view import SearchView
        from ui.search.open_at_match import open_at_match
        from ui.sync.sync_controller import SyncController
        from ui.trips.controller import TripsController
        from ui.trips.trips_view import TripsView
        from ui.due.week_view import WeekView

        self.caseload = CaseloadView()
        self.caseload.record_requested.connect(lambda *args: self.due_controller.record(*args))
        self.caseload.preview_requested.connect(self.preview_child)
        self.caseload.style_requested.connect(self.child_style)
        self.view_menu.addSeparator()
        self.view_menu.addMenu(self.caseload.columns_menu)
        # Printed documents: previews, printing, saving, the batch and your details for children.
        self.outputs = PrintOutputs(OutputContext(self.worker, lambda: self.vault, lambda: self._session,
                                                  self._status_message), self)

        self.week = WeekView()
        self.week.open_child.connect(self.open_child)
        self.calendar_view = DueCalendarView()
        self.calendar_view.open_child.connect(self.open_child)
        self.trips = TripsView()
        self.trips.open_child.connect(self.open_child)
        self.due_controller = DueController(self.context, self.week, self.calendar_view, self._due_shown, self)
        self.due_controller.child_name = self._child_name
        self.caseload_controller = CaseloadController(self.context, self.caseload, self.due_controller,
                                                      self._update_status)
        self.caseload_controller.on_import_applied = lambda counts, session: self._import_applied(counts, session)
        self.trips_controller = TripsController(self.context, self.trips, lambda: self.due_controller.data)
        for panel in (self.week.empty_panel, self.caseload.empty_panel):  # an empty vault's two ways in
            panel.use_actions(self.import_action, self.add_action)
        self.home.addTab(self.week, "My week")
        self.home.addTab(self.calendar_view, "Calendar")
        self.home.addTab(self.caseload, "Caseload")
        self.home.addTab(self.trips, "Trips")
        # Letters, midway reviews and notes: the search, and one editor window per record.
        self.search_view = SearchView()
        self.home.addTab(self.search_view, "Find")
        # Sync: its own thread, the Outbox tab and the indicator in the status bar.
        self.sync_controller = SyncController(self.context, lambda plan: self.caseload_controller.apply_import(plan),
                                              self)
        self.sync_controller.show_outbox = self.show_outbox
        self.home.addTab(self.sync_controller.view, "Outbox")
        # Reports: the period's figures, charts and outputs, read when the tab is first shown.
        from ui.reports.controller import ReportsController

        self.reports_controller = ReportsController(self.context, parent=self)
        self.home.addTab(self.reports_controller.view, "Reports")
        # Escalations: the dispute resolution tracker, good practice and the quality ratings.
        from ui.escalations.controller import EscalationsController

        self.escalations_controller = EscalationsController(self.context, self.clipboard.copy, self)
        self.escalations_controller.open_child = self.open_child
        self.home.addTab(self.escalations_controller.view, "Escalations")
        self.due_controller.open_escalation = self.show_escalation
        # Before the review meeting: booking it, who is consulted and what came back (ui/preparation).
        from ui.preparation.controller import PreparationController

        self.preparation_controller = prep = PreparationController(self.context, self._child_name, self)
        prep.open_record = lambda kind, record_id: self.records.open_record(kind, record_id)
        prep.preview = lambda child_id, variant: self.outputs.preview(self, child_id, self._child_name(child_id),
                                                                      variant=variant)
        self.caseload.book_meeting_requested.connect(prep.book)
        self.caseload.meetings_requested.connect(prep.show_meetings)
        self.week.book_meeting_requested.connect(lambda item: prep.book(item.child_id))
        self.week.meetings_requested.connect(lambda item: prep.show_meetings(item.child_id, item.meeting_id))
        self.week.start_record_requested.connect(lambda item: prep.start_record_for_child(item.child_id,
                                                                                          item.meeting_id))
        self.statusBar().addPermanentWidget(self.sync_controller.indicator)
        for changed in (self.caseload.model.modelReset, self.caseload.model.rowsInserted,
                        self.caseload.model.rowsRemoved, self.caseload.model.dataChanged):
            changed.connect(self._children_for_search)
        self.records = RecordsController(
            self, vault=lambda: self.vault, worker=self.worker, session=lambda: self._session,
            status=self._status_message, show_error=self._show_error, open_child=self.open_child,
            review_kind=self.due_controller.review_kind,
            adopt_clipboard=self.clipboard.adopt, search_view=self.search_view, preview=self.preview_editor)
        self.search_view.open_requested.connect(  # a result opens at the words it matched
            lambda hit: open_at_match(self.records, hit, self.search_view.shown_query()))
        self.due_controller.records = self.records
        self.records.raise_escalation = self.escalations_controller.raise_escalation  # an amber or red rating
        self.records.record_good_practice = self.escalations_controller.record_good_practice  # a review's tick
        self.session_controller.records = self.records
        header = self.prefs.header_state()
        if header is not None:
            self.caseload.table.horizontalHeader().restoreState(header)
        splitter = self.prefs.splitter_state()
        if splitter is not None:
            self.caseload.splitter.restoreState(splitter)
        keyboard_through_home(self, self.home)
        # Look for the system's keychain now, on the vault thread, rather than once Unlock is
        # pressed: finding keyring's backend takes a noticeable part of a second.
        self.worker.run(self.services.keychain_source, text="Looking for the keychain…", quiet=True)

    # ---- menus -----------------------------------------------------------------------------

    def show_words_and_phrases(self) -> None:
        from ui.records.words_and_phrases import show_words_and_phrases

        show_words_and_phrases(self.context)

    def _update_actions(self) -> None:
        update_actions(self)

    # ---- busy indicator (for Worker) -------------------------------------------------------

    def begin_busy(self, text: str) -> None:
        self._busy_count += 1
        self.busy_label.setText(text)
        self.busy_bar.show()
        self._update_actions()
        self.session_controller.set_busy(True)

    def end_busy(self) -> None:
        self._busy_count = max(0, self._busy_count - 1)
        if self._busy_count == 0:
            self.busy_label.clear()
            self.busy_bar.hide()
            self.session_controller.set_busy(False)
        self._update_actions()

    # ---- starting (ui/session/start.py) ----------------------------------------------------

    @property
    def unlock_screen(self) -> UnlockScreen:
        return self.session_start.unlock_screen

    @property
    def wizard(self) -> SetupWizard | None:
        return self.session_start.wizard

    def start(self) -> None:
        self.session_start.start()

    def show_unlock(self) -> None:
        self.session_start.show_unlock()

    def on_unlocked(self, vault: Vault) -> None:
        """An open vault: show the home screens, read them, and arm the idle lock."""
        self.vault = vault
        self.home.setCurrentWidget(self.week)  # "My week" is the home screen
        self.stack.setCurrentWidget(self.home)
        self.refresh()
        self.week.table.setFocus()
        self._set_idle_minutes()
        self.idle_lock.arm()
        self._update_status()
        self.week.table.setFocus()  # again: the home tabs take the focus only once enabled
        self.records.offer_recovery()
        self.sync_controller.unlocked()
        if vault.integrity_warning:  # gone back in time, or its audit log broken (vault.chain_head)
            box = QMessageBox(QMessageBox.Icon.Warning, "Check your recent work", vault.integrity_warning,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    # ---- the caseload ----------------------------------------------------------------------

    def refresh(self, keep: str | None = None) -> None:
        """Read every screen again (at unlock). A change reaches only its screens by itself
        (``Worker.changed``)."""
        self.caseload_controller.refresh(keep)
        self.due_controller.reload()
        self.escalations_controller.reload()

    def open_child(self, child_id: str) -> None:
        """Show one child in the caseload: selected in the list, their record beside it."""
        if self.vault is None:
            return
        self.home.setCurrentWidget(self.caseload)
        if not self.caseload.select(child_id) and self.caseload.search.text():
            self.caseload.search.clear()  # the search was hiding them
            self.caseload.select(child_id)
        self.caseload.table.setFocus()

    # ---- what is due (ui/due/controller.py) ------------------------------------------------

    @property
    def due_data(self) -> overview.Overview | None:
        return self.due_controller.data

    def reload_due(self) -> None:
        self.due_controller.reload()

    def _due_shown(self, data: overview.Overview) -> None:
        self.trips_controller.show(data)
        self.caseload_controller.show_selected_child()
        self.caseload_controller.show_due(data)

    # ---- recording -------------------------------------------------------------------------

    def _child_name(self, child_id: str) -> str:
        row = self.caseload.model.row_for(child_id)
        if row is not None:
            return self.caseload.model.summary(row).display_name
        return self.due_controller.placed_name(child_id) or child_id

    def record_item(self, item: week.WeekItem) -> None:
        self.due_controller.record_item(item)

    def write_item(self, item: week.WeekItem) -> None:
        self.due_controller.write_item(item)

    def _children_for_search(self, *_changed: object) -> None:
        model = self.caseload.model
        self.search_view.set_children([(model.summary(i).child_id, model.summary(i).display_name)
                                       for i in range(model.rowCount())])

    def show_search(self) -> None:
        if self.vault is None:
            return
        self.home.setCurrentWidget(self.search_view)
        self.raise_()
        self.activateWindow()
        self.search_view.focus_search()

    def show_reports(self) -> None:
        if self.vault is not None:
            self.home.setCurrentWidget(self.reports_controller.view)
            self.reports_controller.view.show_button.setFocus()

    def show_escalation(self, escalation_id: int) -> None:
        if self.vault is not None:
            self.home.setCurrentWidget(self.escalations_controller.view)
            self.escalations_controller.view.setCurrentWidget(self.escalations_controller.view.escalations)
            self.escalations_controller.show_escalation(escalation_id)

    def show_outbox(self) -> None:
        if self.vault is not None:
            self.home.setCurrentWidget(self.sync_controller.view)
            self.sync_controller.view.table.setFocus()

    # ---- printed documents ----------------------------------------------------------------

    def preview_child(self, child_id: str):
        if self.vault is None:
            return None
        return self.outputs.preview(self, child_id, self._child_name(child_id))

    def preview_editor(self, editor):
        """An editor's Preview: the letter as on screen now, unsaved words too (a version open
        read-only is shown as it was saved)."""
        if self.vault is None:
            return None
        ctx = editor.ctx
        if editor.read_only:
            return self.outputs.preview(editor, ctx.child_id, ctx.child_name, record_id=editor.record.id,
                                        version=editor.view_version)
        return self.outputs.preview_unsaved(editor, ctx.child_id, ctx.child_name, editor.collect(), editor.record.id)

    def child_style(self, child_id: str):
        if self.vault is None:
            return None
        return self.outputs.child_style(self, child_id, self._child_name(child_id))

    def _with_selected(self, then: Callable[[str], object]) -> None:
        """A Child menu command: for the child selected in the caseload, or say to choose one."""
        child_id = self.caseload.current_child_id()
        if child_id is None:
            self.home.setCurrentWidget(self.caseload)
            self._status_message("Choose a child in the caseload first.")
            return
        then(child_id)

    def _record_selected(self, what: str) -> None:
        self._with_selected(lambda child_id: self.due_controller.record(what, child_id))

    # ---- the child dialog ------------------------------------------------------------------

    # ---- the caseload (ui/caseload/controller.py) ------------------------------------------

    def add_child(self) -> None:
        self.caseload_controller.add_child()

    def edit_child(self, child_id: str) -> None:
        self.caseload_controller.edit_child(child_id)

    def history_import(self) -> Any:
        """The review history import's flow (``ui.reports``), made when first used."""
        if self.__dict__.get("_history_import") is None:
            from ui.reports.history_import_dialog import HistoryImport

            self._history_import = HistoryImport(self.context)
        return self._history_import

    def preview_import(self, path: Path) -> None:
        self.caseload_controller.preview_import(path)

    def apply_import(self, plan: importer.ImportPlan) -> None:
        self.caseload_controller.apply_import(plan)

    def _import_applied(self, counts: dict[str, int], session: int) -> None:
        self.caseload_controller.import_applied(counts, session)

    # ---- backups (ui/session/controller.py) ----------------------------------------------

    def back_up_now(self) -> None:
        self.session_controller.back_up_now()

    def show_backups(self) -> None:
        self.session_controller.show_backups()

    def restore_backup(self, backup: Path) -> None:
        self.session_controller.restore_backup(backup)

    # ---- preferences (ui/settings/controller.py) -------------------------------------------

    def _set_idle_minutes(self) -> None:
        self.settings_controller.set_idle_minutes()

    def show_preferences(self) -> None:
        self.settings_controller.show_preferences()

    # ---- passphrase and recovery code (ui/session/controller.py) -----------------------------

    def change_passphrase(self) -> ChangePassphraseDialog | None:
        return self.session_controller.change_passphrase()

    def new_recovery_code(self) -> NewRecoveryCodeDialog | None:
        return self.session_controller.new_recovery_code()

    # ---- locking ---------------------------------------------------------------------------

    def lock(self) -> None:
        """The one lock routine: leave nothing of the caseload on screen or in memory-held models.

        The screen is cleared first: every open editor's newest words are taken as it closes,
        and previews, dialogs, models and the caseload go. Only then are those words written
        (on the drafts' lane, which never waits behind the vault thread) and the vault closed,
        so a long job still running on the vault thread (a backup, an import, a batch of
        letters) never keeps the caseload on screen. The vault closes on the vault thread: at
        once if it is free, else as soon as the job in hand ends (no new job can start)."""
        if self.vault is None:
            return
        vault = self.vault
        finals = self.records.close_all()
        self._session += 1
        self.sync_controller.lock()  # at once: the drain stops before its next file
        self.idle_lock.disarm()
        self.outputs.close_all()  # previews drop their PDFs; a batch stops after the letter in hand
        self._close_dialogs()
        self.clipboard.clear_if_ours()
        self.caseload_controller.clear()
        self.due_controller.clear()
        self.trips_controller.clear()
        self.reports_controller.clear()
        self.escalations_controller.clear()
        self.preparation_controller.clear()
        self.vault = None
        self.show_unlock()
        self.statusBar().clearMessage()
        self._update_status()
        self.repaint()  # the cleared window reaches the screen before anything below waits
        # Then finish saving, and close the vault.
        self.records.save_final(vault, finals)
        self._close_vault(vault, wait_s=LOCK_CLOSE_WAIT_S)
        del vault

    def _close_vault(self, vault: Vault, wait_s: float | None = None) -> None:
        self.session_controller.close_vault(vault, wait_s)

    def _close_dialogs(self) -> None:
        popup = QApplication.activePopupWidget()
        while popup is not None:
            popup.close()
            next_popup = QApplication.activePopupWidget()
            popup = None if next_popup is popup else next_popup
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and shiboken6.isValid(widget) and widget.isVisible():
                widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                widget.reject()
                widget.close()
        self.session_controller.forget_backups_dialog()

    # ---- status ----------------------------------------------------------------------------

    def _update_status(self) -> None:
        if self.vault is None:
            self.lock_state.setText(LOCKED)
            self.count_label.clear()
        else:
            self.lock_state.setText(f"Unlocked — vault {self.services.home.name}")
            rows = self.caseload.model.rowCount()
            allocated = sum(1 for i in range(rows) if self.caseload.model.summary(i).allocated)
            text = f"{allocated} {'child' if allocated == 1 else 'children'} on your caseload"
            if rows > allocated:
                text += f" (and {rows - allocated} no longer allocated)"
            self.count_label.setText(text)
        self._update_actions()

    def _status_message(self, text: str, session: int | None = None) -> None:
        if session is None or session == self._session:
            self.statusBar().showMessage(text, 8000)

    def _show_error(self, what: str, exc: BaseException, session: int | None = None) -> None:
        if session is not None and session != self._session:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, what, error_text(exc), QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ---- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.prefs.set_geometry(self.saveGeometry())
        if self._home_built:
            self.prefs.set_header_state(self.caseload.table.horizontalHeader().saveState())
            self.prefs.set_splitter_state(self.caseload.splitter.saveState())
        self.prefs.sync()
        self.lock()
        unfinished = self.session_start.take_unfinished()
        if unfinished is not None:
            self._close_vault(unfinished)
        self.clipboard.clear_if_ours()
        self.idle_lock.detach()
        self._closed = True
        if self._home_built:
            self.sync_controller.shutdown()
        self.worker.shutdown()
        super().closeEvent(event)
