"""Sync's own thread: drains the outbox, probes the target and looks in the council's inbox,
on a connection of its own (the vault's ``sync`` lane), never on the vault thread and never
on the drafts' lane, so neither a backup nor an autosave waits for the network, nor it for them.

Every job runs inside ``vault.committed.watch``: the audit rows its transactions commit are
turned into ``Changes`` and sent on ``changed`` (to the GUI thread, by a queued signal) as the
drain moves from one bundle to the next and when it ends, so the Outbox screen follows it.
A job ends with a ``Snapshot`` (``finished``): what the status bar shows. A job started after a
lock, or caught by one (``VaultLocked`` once the vault's lanes are closed), ends quietly.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from iro_desktop import changes
from iro_desktop.errors import IroError, VaultLocked
from iro_desktop.sync import config, drain, inbox, outbox
from iro_desktop.sync.errors import Offline, SignInNeeded, SyncError
from iro_desktop.vault.committed import watch
from ui.common.workers import log_unexpected

# LIST reads the outbox for the Outbox screen (``listed``): now if the thread is free, else
# between two bundles of the drain in hand (see ``_list_wanted``).
STATUS, PROBE, DRAIN, LIST = "status", "probe", "drain", "list"
# How the last try at the target went, for the indicator.
REACHED, OFFLINE, SIGNIN, PROBLEM, UNKNOWN = "reached", "offline", "signin", "problem", "unknown"


@dataclass(frozen=True)
class Snapshot:
    """What one job found: the outbox's counts and how the target answered. No case content:
    the extracts' bytes stay in memory and are only shown in the import preview."""

    session: int
    configured: bool
    where: str | None
    counts: dict[str, int]
    conflicts: int = 0  # failed and waiting for the IRO (different bytes already there)
    next_try: str | None = None  # the earliest automatic retry of a failed export (UTC stamp)
    last_synced: str | None = None  # UTC stamp
    reach: str = UNKNOWN
    reason: str | None = None  # what the target said, when it did not take the records
    results: tuple[drain.BundleResult, ...] = ()
    extracts: tuple[inbox.Extract, ...] = ()
    inbox_problem: str | None = None

    @property
    def waiting(self) -> int:
        return sum(n for state, n in self.counts.items() if state != outbox.SYNCED)


@dataclass
class _Job:
    session: int
    stop: threading.Event
    mode: str
    look_in_inbox: bool
    rows: list = field(default_factory=list)
    told: int = 0  # how many of ``rows`` have been sent on ``changed``


class _Progress:
    """The target, telling the GUI which bundle is being sent (``ensure_folder`` begins each
    one) and what the drain has committed so far."""

    def __init__(self, target, total: int, tell: Callable[[int, int], None]) -> None:
        self._target = target
        self.where = target.where
        self._total = total
        self._done = 0
        self._tell = tell

    def ensure_folder(self, folder: str) -> None:
        self._done += 1
        self._tell(self._done, max(self._total, self._done))
        self._target.ensure_folder(folder)

    def check(self) -> None:
        self._target.check()

    def put(self, path: str, data: bytes, sha256: str) -> None:
        self._target.put(path, data, sha256)

    def list(self, folder: str) -> list[str]:
        return self._target.list(folder)

    def get(self, path: str) -> bytes:
        return self._target.get(path)


def snapshot(lane, session: int, **found: Any) -> Snapshot:
    """Read the outbox's counts and the configuration (on the sync thread)."""
    cfg = config.load(lane)
    counts = outbox.counts(lane)
    failed = outbox.entries(lane, (outbox.FAILED,)) if counts[outbox.FAILED] else []
    synced = outbox.entries(lane, (outbox.SYNCED,)) if counts[outbox.SYNCED] else []
    retries = [e.next_try_at for e in failed if e.next_try_at]
    return Snapshot(session, bool(cfg.target), cfg.target, counts,
                    conflicts=sum(1 for e in failed if not e.retried_automatically),
                    next_try=min(retries) if retries else None,
                    last_synced=max((e.synced_at for e in synced if e.synced_at), default=None), **found)


def _close(target) -> None:
    close = getattr(target, "close", None)
    if close is not None:
        close()


class SyncThread(QObject):
    """One Python thread (a one-thread executor) for every sync job, in the order asked."""

    finished = Signal(object)  # Snapshot
    failed = Signal(object)  # an unexpected exception (never VaultLocked)
    progress = Signal(int, int, int)  # session, bundle n, of total
    changed = Signal(object)  # Changes committed by sync's jobs
    listed = Signal(int, object)  # session, the outbox's entries (for the Outbox screen)
    tested = Signal(object, object, object)  # Test connection: (ticket, None or the exception, where)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync")
        self._stop = threading.Event()
        self._pending = 0
        self._lock = threading.Lock()
        # The Outbox screen wants the list read again: read between two bundles of a drain, or
        # by a job of its own. Read here rather than by a job per change on the vault thread: a
        # drain changes the outbox several times a second.
        self._list_wanted = threading.Event()

    # ---- asked on the GUI thread -----------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        with self._lock:
            return self._pending > 0

    def start_session(self) -> None:
        """A new unlock: jobs from now on run (those of an earlier session keep their own stop)."""
        self._stop = threading.Event()

    def stop(self) -> None:
        """Lock: the drain stops before the next file; jobs not yet started do nothing."""
        self._stop.set()

    def run(self, vault, session: int, mode: str, *, look_in_inbox: bool = False,
            requeue: bool = False) -> Future:
        job = _Job(session, self._stop, mode, look_in_inbox)
        if mode == LIST:
            self._list_wanted.set()
        return self._submit(lambda: self._run(vault, job, requeue))

    def _read_list(self, lane, job: _Job) -> None:
        if not self._list_wanted.is_set():
            return  # read already, between two bundles of a drain
        self._list_wanted.clear()
        entries = outbox.entries(lane)
        if not job.stop.is_set():
            self.listed.emit(job.session, entries)

    def test_connection(self, make_config: Callable[[], config.SyncConfig], ticket: object) -> Future:
        """Reach the target ``make_config()`` names (called here: it may read the saved sign-in)
        and say how it went on ``tested``: (ticket, None or the exception, where it reached)."""
        def test() -> None:
            target = None
            try:
                target = config.make_target(make_config())
                target.check()
            except Exception as exc:  # noqa: BLE001 - every answer is told to the IRO
                self.tested.emit(ticket, exc, None)
            else:
                self.tested.emit(ticket, None, target.where)
            finally:
                if target is not None:
                    _close(target)

        return self._submit(test)

    def shutdown(self, wait: bool = False) -> None:
        """End the thread: nothing new starts; a file being sent may finish first (it is never
        waited for on the GUI thread unless ``wait``)."""
        self._stop.set()
        self._executor.shutdown(wait=wait, cancel_futures=True)

    def _submit(self, fn: Callable[[], None]) -> Future:
        with self._lock:
            self._pending += 1

        def counted() -> None:
            try:
                fn()
            finally:
                with self._lock:
                    self._pending -= 1

        return self._executor.submit(counted)

    # ---- on the sync thread ----------------------------------------------------------------

    def _tell_changes(self, job: _Job) -> None:
        new, job.told = job.rows[job.told:], len(job.rows)
        if new:
            try:
                self.changed.emit(changes.changes_of(new))
            except VaultLocked:
                pass

    def _run(self, vault, job: _Job, requeue: bool) -> None:
        if job.stop.is_set():
            return
        try:
            if job.mode == LIST:
                self._read_list(vault.lane(drain.LANE), job)
                return
            with watch() as rows:
                job.rows = rows
                try:
                    shot = self._work(vault.lane(drain.LANE), job, requeue)
                finally:
                    self._tell_changes(job)
        except VaultLocked:
            return  # locked meanwhile: whatever was in flight stays queued
        except Exception as exc:  # noqa: BLE001 - handed to the GUI, never lost
            if not job.stop.is_set():
                self.failed.emit(exc)
            else:
                log_unexpected(exc)
            return
        if not job.stop.is_set():
            self.finished.emit(shot)

    def _work(self, lane, job: _Job, requeue: bool) -> Snapshot:
        if requeue:  # at unlock: anything a lock or a crash left in flight goes back to queued
            outbox.requeue_interrupted(lane)
        cfg = config.load(lane)
        if job.mode == STATUS or not cfg.target:
            return snapshot(lane, job.session)
        try:
            target = config.make_target(cfg)
        except IroError as exc:
            return snapshot(lane, job.session, reach=PROBLEM, reason=str(exc))
        try:
            return self._with_target(lane, target, job)
        finally:
            _close(target)

    def _with_target(self, lane, target, job: _Job) -> Snapshot:
        if job.mode == PROBE:
            try:
                target.check()
            except Offline as exc:
                return snapshot(lane, job.session, reach=OFFLINE, reason=str(exc))
            except SignInNeeded as exc:
                return snapshot(lane, job.session, reach=SIGNIN, reason=str(exc))
            except SyncError as exc:
                return snapshot(lane, job.session, reach=PROBLEM, reason=str(exc))
        total = len(outbox.due_ids(lane, outbox.now_utc()))

        def tell(n: int, of: int) -> None:
            self._tell_changes(job)
            self.progress.emit(job.session, n, of)
            if self._list_wanted.is_set():
                self._list_wanted.clear()
                self.listed.emit(job.session, outbox.entries(lane))

        report = drain.drain(lane, _Progress(target, total, tell), stop=job.stop)
        self._tell_changes(job)
        # A drain with nothing due asks the target nothing: it learnt nothing about reaching it.
        reach, reason = (REACHED if report.results or job.mode == PROBE else UNKNOWN), None
        if report.stopped_by in ("offline", "signin", "tls"):
            reach = {"offline": OFFLINE, "signin": SIGNIN, "tls": PROBLEM}[report.stopped_by]
            reason = next((r.reason for r in reversed(report.results) if r.reason), None)
        extracts: tuple[inbox.Extract, ...] = ()
        problem = None
        if job.look_in_inbox and reach in (REACHED, UNKNOWN) and not job.stop.is_set():
            try:
                extracts = tuple(inbox.new_extracts(lane, target))
                reach = REACHED
            except Offline:
                reach = OFFLINE
            except SignInNeeded:
                reach = SIGNIN
            except IroError as exc:
                problem = str(exc)
        return snapshot(lane, job.session, reach=reach, reason=reason, results=tuple(report.results),
                        extracts=extracts, inbox_problem=problem)
