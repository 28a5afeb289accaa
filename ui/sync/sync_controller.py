"""Sync in the app: when to drain the outbox, what the status bar says, the Outbox screen, the
sync settings and the council's inbox.

A drain runs on sync's own thread (``SyncThread``) at unlock, when a record is finalised (an
outbox change on ``Worker.changed``), when a failed export's retry comes due, when the network
comes back (QNetworkInformation, where a backend loads) and on "Sync now". While the target
cannot be reached it is probed (``Target.check``, which writes nothing) every
``PROBE_INTERVAL_S``, and drained once it answers. After the target refused the sign-in nothing
is tried by itself until a new sign-in is saved (or the IRO asks). Locking sets the stop event
at once and drops the Outbox's rows; nothing waits for the network on the GUI thread.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt, QTimer

from iro_desktop import changes
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.sync import inbox, outbox, settings_form
from ui.common.messages import error_text
from ui.common.window_context import WindowContext
from ui.common.workers import log_unexpected
from ui.sync.outbox_view import OutboxView
from ui.sync.status_indicator import SyncIndicator, status_words
from ui.sync.sync_thread import DRAIN, LIST, OFFLINE, PROBE, PROBLEM, SIGNIN, STATUS, UNKNOWN, Snapshot, SyncThread

if TYPE_CHECKING:
    from iro_desktop.caseload import importer

PROBE_INTERVAL_S = 60  # how often an unreachable target is tried again
RELOAD_DELAY_MS = 200  # outbox changes that come close together read the list once
MAX_TIMER_S = 3600  # a retry further away is looked at again within the hour
_RANK = {STATUS: 0, DRAIN: 1, PROBE: 2}
_QUEUED = Qt.ConnectionType.QueuedConnection  # the sync thread's answers, always on the GUI thread


def _seconds_until(stamp: str) -> float:
    when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (when - datetime.now(timezone.utc)).total_seconds()


class SyncController(QObject):
    def __init__(self, ctx: WindowContext, apply_import: Callable[[importer.ImportPlan], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._apply_import = apply_import
        self.thread = SyncThread()  # not a child of the window: it may still emit while the window goes
        self.view = OutboxView()
        self.indicator = SyncIndicator()
        self.indicator.hide()
        self.shot: Snapshot | None = None
        self.reach = UNKNOWN
        self.sending: tuple[int, int] | None = None
        self._running: str | None = None  # the mode of the job in hand
        self._again: tuple[str, bool] | None = None  # the next one asked for meanwhile
        self._extract: inbox.Extract | None = None
        self._offered: set[str] = set()
        self._list_dirty = True
        self._tickets = 0
        self._told: dict[int, Callable[[str, bool], None]] = {}  # Test connection's callbacks

        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(PROBE_INTERVAL_S * 1000)
        self.probe_timer.timeout.connect(lambda: self.request(PROBE))
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(lambda: self.request(DRAIN))
        self.reload_timer = QTimer(self)
        self.reload_timer.setSingleShot(True)
        self.reload_timer.setInterval(RELOAD_DELAY_MS)
        self.reload_timer.timeout.connect(self.reload_list)

        self.thread.finished.connect(self._finished, _QUEUED)
        self.thread.failed.connect(self._failed, _QUEUED)
        self.thread.progress.connect(self._progress, _QUEUED)
        # Bound methods of this GUI-thread object, so Qt queues each call to the GUI thread (a
        # plain function or a lambda would run on the sync thread itself).
        self.thread.changed.connect(self._sync_changed, _QUEUED)
        self.thread.tested.connect(self._tested, _QUEUED)
        self.thread.listed.connect(self._listed, _QUEUED)
        ctx.worker.changed.connect(self.on_changes)
        self.indicator.clicked.connect(lambda: self.show_outbox())
        self.view.sync_now.connect(self.sync_now)
        self.view.retry_now.connect(self.retry_now)
        self.view.settings_requested.connect(self.show_settings)
        self.view.preview_extract.connect(self.preview_extract)
        self.view.shown.connect(self.view_shown)
        self.show_outbox: Callable[[], None] = lambda: None  # the window shows its tab
        self._watch_network()

    # ---- connectivity ----------------------------------------------------------------------

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
                return
            info = QNetworkInformation.instance()
        except (ImportError, RuntimeError):
            return
        if info is None:
            return
        info.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if self.ctx.vault() is None:
            return
        if reachability == QNetworkInformation.Reachability.Online:
            self.request(PROBE, look_in_inbox=True)
        elif (reachability == QNetworkInformation.Reachability.Disconnected and self.shot is not None
              and self.shot.configured):
            self.reach = OFFLINE
            self._show()
            self.probe_timer.start()

    # ---- the session -----------------------------------------------------------------------

    def unlocked(self) -> None:
        self.thread.start_session()
        self.shot, self.reach, self.sending = None, UNKNOWN, None
        self._running, self._again = None, None
        self._list_dirty = True
        self._show()
        self.request(PROBE, look_in_inbox=True, requeue=True)
        if self.view.isVisible():
            self.reload_list()

    def lock(self) -> None:
        """At once, before the vault closes: stop the drain, drop the rows, show nothing."""
        self.thread.stop()
        for timer in (self.probe_timer, self.retry_timer, self.reload_timer):
            timer.stop()
        self.shot, self.sending, self._extract = None, None, None
        self._running, self._again = None, None
        self.view.clear()
        self.indicator.hide()

    def shutdown(self) -> None:
        self.lock()
        self.thread.shutdown()

    # ---- asking for sync work --------------------------------------------------------------

    def request(self, mode: str, *, look_in_inbox: bool = False, requeue: bool = False) -> None:
        vault = self.ctx.vault()
        if vault is None:
            return
        if mode == LIST:  # never waits for the job in hand: read between two of its bundles
            self.thread.run(vault, self.ctx.session(), mode)
            return
        if self._running is not None:
            old_mode, old_inbox = self._again or (STATUS, False)
            self._again = (max(mode, old_mode, key=_RANK.get), old_inbox or look_in_inbox)
            return
        self._running = mode
        self.thread.run(vault, self.ctx.session(), mode, look_in_inbox=look_in_inbox, requeue=requeue)

    def sync_now(self) -> None:
        if self.ctx.vault() is not None:
            self.ctx.status("Syncing…")
            self.request(PROBE, look_in_inbox=True)

    def on_changes(self, change: changes.Changes) -> None:
        """A change on the vault thread: a finalised record (or "Retry now") is sent now."""
        if self.ctx.vault() is None or not change.changed(changes.OUTBOX):
            return
        self._list_changed()
        auto = self.shot is None or (self.shot.configured and self.reach not in (SIGNIN, OFFLINE))
        self.request(DRAIN if auto else STATUS)

    # ---- what the sync thread said ---------------------------------------------------------

    def _progress(self, session: int, n: int, total: int) -> None:
        if self.ctx.current(session):
            self.sending = (n, total)
            self._show()

    def _next(self) -> None:
        self._running = None
        if self._again is not None:
            (mode, look), self._again = self._again, None
            self.request(mode, look_in_inbox=look)

    def _failed(self, exc: BaseException) -> None:
        self.sending = None
        if self.ctx.vault() is None:
            return
        if not isinstance(exc, IroError):
            log_unexpected(exc)
        self.reach = PROBLEM
        self.indicator.show_text("Sync problem", error_text(exc))
        self._next()

    def _finished(self, shot: Snapshot) -> None:
        if not self.ctx.current(shot.session) or self.ctx.vault() is None:
            return
        self.shot, self.sending = shot, None
        if shot.reach != UNKNOWN:
            self.reach = shot.reach
        if not shot.configured:
            self.reach = UNKNOWN
        if shot.configured and self.reach in (OFFLINE, PROBLEM):
            if not self.probe_timer.isActive():
                self.probe_timer.start()
        else:
            self.probe_timer.stop()
        self.retry_timer.stop()
        if shot.next_try and self.reach not in (SIGNIN, OFFLINE):
            delay = min(MAX_TIMER_S, max(1.0, _seconds_until(shot.next_try) + 0.5))
            self.retry_timer.start(int(delay * 1000))
        for extract in shot.extracts:
            if extract.sha256 not in self._offered:
                self._offer(extract)
                break
        if shot.inbox_problem:
            self.ctx.status(shot.inbox_problem)
        self._show()
        self._next()

    def _show(self) -> None:
        if self.ctx.vault() is None:
            self.indicator.hide()
            return
        self.indicator.show_text(status_words(self.shot, self.reach, self.sending),
                                 self.shot.reason if self.shot else None)
        self.indicator.show_progress(self.sending)

    # ---- the Outbox screen -----------------------------------------------------------------

    def _sync_changed(self, _change: changes.Changes) -> None:
        self._list_changed()

    def _list_changed(self) -> None:
        self._list_dirty = True
        if self.view.isVisible() and not self.reload_timer.isActive():
            self.reload_timer.start()

    def view_shown(self) -> None:
        if self._list_dirty:
            self.reload_list()

    def reload_list(self) -> None:
        vault = self.ctx.vault()
        if vault is None:
            return
        self._list_dirty = False
        self.request(LIST)

    def _listed(self, session: int, entries: list[outbox.Entry]) -> None:
        if self.ctx.current(session) and self.ctx.vault() is not None:
            self.view.set_entries(entries)

    def retry_now(self, bundle_id: str) -> None:
        vault, session = self.ctx.vault(), self.ctx.session()
        if vault is None:
            return
        # Its outbox change reaches on_changes; the IRO asked, so it goes even after a refused sign-in.
        self.ctx.worker.run(lambda: outbox.retry_now(vault, bundle_id), text="Retrying…",
                            done=lambda _r: self.request(PROBE) if self.ctx.current(session) else None,
                            failed=lambda exc: self.ctx.show_error("The export was not retried", exc, session))

    # ---- the sync settings -----------------------------------------------------------------

    def show_settings(self) -> None:
        vault, session = self.ctx.vault(), self.ctx.session()
        if vault is None:
            return
        from ui.sync.sync_settings_dialog import SyncSettingsDialog

        def opened(current) -> None:
            if not self.ctx.current(session):
                return
            self.settings_dialog = SyncSettingsDialog(
                self.ctx.window, current, lambda e, saved, refused: self._save(vault, session, e, current, saved,
                                                                               refused),
                lambda e, told: self._test(vault, e, told))
            self.settings_dialog.open()

        self.ctx.worker.run(lambda: settings_form.read_current(vault), text="Reading the sync settings…",
                            done=opened,
                            failed=lambda exc: self.ctx.show_error("The sync settings could not be read", exc, session))

    def _save(self, vault, session, entered, current, saved, refused) -> None:
        def done(problems: dict[str, str]) -> None:
            if not self.ctx.current(session):
                return
            if problems:
                refused(problems)
                return
            saved()
            self.ctx.status("Sync settings saved.")
            self.reach = UNKNOWN  # a new target or sign-in: try it now
            self.request(PROBE, look_in_inbox=True)

        self.ctx.worker.run(lambda: settings_form.save(vault, entered, current), text="Saving the sync settings…",
                            done=done, failed=lambda exc: refused({"": error_text(exc)})
                            if self.ctx.current(session) else None)

    def _test(self, vault, entered, told: Callable[[str, bool], None]) -> None:
        self._tickets += 1
        self._told[self._tickets] = told
        self.thread.test_connection(lambda: settings_form.config_to_test(vault.lane("sync"), entered), self._tickets)

    def _tested(self, ticket: int, exc: BaseException | None, where: str | None) -> None:
        told = self._told.pop(ticket, None)
        if told is None or self.ctx.vault() is None:
            return
        if exc is None:
            told(f"Reached {where}. Records can be sent there.", True)
        else:
            told(error_text(exc), False)

    # ---- the council's inbox ---------------------------------------------------------------

    def _offer(self, extract: inbox.Extract) -> None:
        self._extract = extract
        self._offered.add(extract.sha256)
        self.view.show_extract_offer(extract.name)
        self.ctx.status("A new caseload extract from the council is ready — Preview the import from the Outbox.")

    def preview_extract(self) -> None:
        vault, session, extract = self.ctx.vault(), self.ctx.session(), self._extract
        if vault is None or extract is None:
            return
        self._extract = None
        self.view.show_extract_offer(None)

        def read():
            inbox.mark_seen(vault, extract)
            return inbox.preview(vault, extract)

        def shown(plan) -> None:
            if self.ctx.current(session):
                from ui.caseload.import_dialog import ImportPreviewDialog

                ImportPreviewDialog(self.ctx.window, plan, self._apply_import).open()

        def failed(exc: BaseException) -> None:
            if not self.ctx.current(session):
                return
            if isinstance(exc, ValidationError):
                from ui.caseload.import_dialog import ImportProblemsDialog

                ImportProblemsDialog(self.ctx.window, exc.problems).open()
            else:
                self.ctx.show_error("The council's caseload extract could not be read", exc)

        self.ctx.worker.run(read, text="Reading the council's caseload extract…", done=shown, failed=failed)
