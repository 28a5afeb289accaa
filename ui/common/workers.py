"""Work that must not freeze the window: run a callable off the GUI thread, report back by signal.

In the spirit of Anki's CollectionOp/QueryOp, but small: ``Worker.run(fn, ...)`` calls ``fn`` on a
background thread and hands its result (or the exception it raised) to a callback on the GUI
thread, showing a busy indicator meanwhile.

All vault work runs on ONE long-lived Python thread. The vault's single-instance lock is a
``filelock`` lock, whose state is kept in a ``threading.local``: a vault opened on one thread and
closed on another keeps its lock file locked, and the next unlock is refused as "in use". So the
thread that opens a vault is always the thread that closes it (``Worker.call_blocking``). It is a
thread Python started (a one-thread ThreadPoolExecutor) rather than a QThreadPool thread: Python
gives a Qt-started thread a fresh thread state, and so fresh thread-local data, on every call.

Autosaved drafts have a lane of their own (``Worker.drafts``): a second thread, using the vault's
second connection (``reviews.drafts.lane``), so a save never waits behind a backup, an import or
a batch of letters on the vault thread. That connection holds no lock file, opens and closes with
the vault, and waits only while a restore replaces the database file (``Vault.lane``).
"""

from __future__ import annotations

import itertools
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from iro_desktop import changes, unexpected
from iro_desktop.changes import Changes
from iro_desktop.vault.committed import watch

log = logging.getLogger(__name__)


class BusyIndicator(Protocol):
    """Whatever shows the IRO that something is happening (the main window's status bar)."""

    def begin_busy(self, text: str) -> None: ...

    def end_busy(self) -> None: ...


class _Signals(QObject):
    """The one pair of signals a worker's jobs report on, made on the GUI thread and kept for the
    worker's life, so a connection to GUI-thread receivers is queued when a job's thread emits.

    One pair for every job, never an object per job: a job's own QObject could lose its last
    reference on the job's thread once the GUI thread had let it go, and a QObject destroyed
    on a thread it does not belong to can bring the app down."""

    done = Signal(int, object)  # op number, result
    failed = Signal(int, object)  # op number, exception


class _Job:
    """What the background thread runs: plain Python, holding no QObject of its own."""

    def __init__(self, number: int, fn: Callable[[], Any], signals: _Signals,
                 changed: Callable[[Changes], None] | None = None) -> None:
        self._number = number
        self._fn = fn
        self._signals = signals
        self._changed = changed

    def __call__(self) -> None:
        try:
            if self._changed is None:
                result = self._fn()
            else:
                with watch() as committed:
                    try:
                        result = self._fn()
                    finally:
                        # Told before done or failed, and for a job that failed after a first
                        # transaction committed too: what was committed is on the vault.
                        if committed:
                            self._changed(changes.changes_of(committed))
        except BaseException as exc:  # noqa: BLE001 - every failure is handed to the GUI
            self._signals.failed.emit(self._number, exc)
        else:
            self._signals.done.emit(self._number, result)
        finally:
            self._fn = None  # type: ignore[assignment]  # let the closure's vault go with the job


class Op:
    """One piece of background work in flight; its outcome is delivered on the GUI thread."""

    def __init__(self, on_done: Callable[[Any], None] | None,
                 on_failed: Callable[[BaseException], None] | None) -> None:
        self._on_done = on_done
        self._on_failed = on_failed
        self.finished_callbacks: list[Callable[[], None]] = []

    def deliver(self, ok: bool, value: Any) -> None:
        for callback in self.finished_callbacks:
            callback()
        self.finished_callbacks.clear()
        if ok:
            if self._on_done is not None:
                self._on_done(value)
        elif self._on_failed is not None:
            self._on_failed(value)
        else:
            log_unexpected(value)


class _Runner(QObject):
    """A one-thread executor whose jobs report back on the GUI thread, in the order given."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._running = 0
        self._ops: dict[int, Op] = {}
        self._numbers = itertools.count()
        self._signals = _Signals(self)
        self._signals.done.connect(self._delivered)
        self._signals.failed.connect(self._failed)

    @property
    def is_busy(self) -> bool:
        return self._running > 0

    def _start(self, fn: Callable[[], Any], done: Callable[[Any], None] | None,
               failed: Callable[[BaseException], None] | None,
               changed: Callable[[Changes], None] | None = None) -> Op:
        op = Op(done, failed)
        number = next(self._numbers)
        self._ops[number] = op
        self._running += 1
        op.finished_callbacks.append(self._op_finished)
        self._executor.submit(_Job(number, fn, self._signals, changed))
        return op

    def _op_finished(self) -> None:
        self._running -= 1

    @Slot(int, object)
    def _delivered(self, number: int, result: object) -> None:
        self._ops.pop(number).deliver(True, result)

    @Slot(int, object)
    def _failed(self, number: int, exc: object) -> None:
        self._ops.pop(number).deliver(False, exc)

    def submit(self, fn: Callable[[], Any]) -> Future:
        """Call ``fn`` on this thread (after the work already given it) without waiting."""
        return self._executor.submit(fn)

    def call_blocking(self, fn: Callable[[], Any]) -> Any:
        """Call ``fn`` on this thread and wait for it (after any work already queued)."""
        return self.submit(fn).result()


class Lane(_Runner):
    """A background thread of its own, one job at a time in the order given, with no busy
    indicator: the autosaved drafts' lane, which must never wait behind the vault thread."""

    def run(self, fn: Callable[[], Any], *, done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None) -> Op:
        """Call ``fn`` on this lane's thread; then ``done(result)`` or ``failed(exc)`` on the GUI thread."""
        return self._start(fn, done, failed)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


class Worker(_Runner):
    """The vault's background thread, and the busy indicator shown while it works; and the
    drafts' lane beside it (``drafts``).

    ``changed`` tells, on the GUI thread and before the job's own ``done`` or ``failed``, what
    each job changed in the vault (``iro_desktop.changes``), so each screen's controller can
    reload only when what it shows has changed, whoever made the change."""

    changed = Signal(object)  # Changes

    def __init__(self, busy: BusyIndicator | None = None, parent: QObject | None = None) -> None:
        super().__init__("vault", parent)
        self._busy = busy
        self.drafts = Lane("drafts", self)

    def run(self, fn: Callable[[], Any], *, text: str,
            done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None,
            quiet: bool = False) -> Op:
        """Call ``fn`` on the vault thread; then ``done(result)`` or ``failed(exc)`` on the GUI thread.

        ``quiet`` work (a quick read that refreshes a screen) shows no busy indicator, so it never
        greys out the IRO's commands; it still counts in ``is_busy`` and still waits its turn.
        """
        shown = self._busy is not None and not quiet
        if shown:
            self._busy.begin_busy(text)  # type: ignore[union-attr]
        op = self._start(fn, done, failed, self.changed.emit)
        if shown:
            op.finished_callbacks.append(self._busy.end_busy)  # type: ignore[union-attr]
        return op

    def shutdown(self) -> None:
        # The vault thread first: its last job (closing a vault) may still hand work to the lane.
        self._executor.shutdown(wait=True)
        self.drafts.shutdown()


def log_unexpected(exc: BaseException) -> None:
    """Log an unexpected failure by type and code location only.

    The exception's message is left out on purpose: a database or library error can quote the
    values it choked on, and those may be a child's details.
    """
    log.error("Unexpected %s (%s)", type(exc).__name__, unexpected.where(exc))
