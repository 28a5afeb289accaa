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
    # Created on the GUI thread, so connections to GUI-thread receivers are queued when the
    # worker thread emits.
    done = Signal(object)
    failed = Signal(object)


class _Job:
    def __init__(self, fn: Callable[[], Any], signals: _Signals,
                 changed: Callable[[Changes], None] | None = None) -> None:
        self._fn = fn
        self._signals = signals  # kept alive by the job until it has emitted
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
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class Op(QObject):
    """One piece of background work in flight; delivers its outcome on the GUI thread."""

    def __init__(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None,
                 on_failed: Callable[[BaseException], None] | None, parent: QObject,
                 changed: Callable[[Changes], None] | None = None) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_failed = on_failed
        self.signals = _Signals()
        self.signals.done.connect(self._deliver_result)
        self.signals.failed.connect(self._deliver_error)
        self.job = _Job(fn, self.signals, changed)
        self.finished_callbacks: list[Callable[[], None]] = []

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        self._finish()
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, exc: object) -> None:
        self._finish()
        if self._on_failed is not None:
            self._on_failed(exc)  # type: ignore[arg-type]
        else:
            log_unexpected(exc)  # type: ignore[arg-type]

    def _finish(self) -> None:
        for callback in self.finished_callbacks:
            callback()
        self.finished_callbacks.clear()
        self.deleteLater()


class Lane(QObject):
    """A background thread of its own, one job at a time in the order given, with no busy
    indicator: the autosaved drafts' lane, which must never wait behind the vault thread."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._running = 0

    @property
    def is_busy(self) -> bool:
        return self._running > 0

    def run(self, fn: Callable[[], Any], *, done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None) -> Op:
        """Call ``fn`` on this lane's thread; then ``done(result)`` or ``failed(exc)`` on the GUI thread."""
        op = Op(fn, done, failed, self)
        self._running += 1
        op.finished_callbacks.append(self._op_finished)
        self._executor.submit(op.job)
        return op

    def _op_finished(self) -> None:
        self._running -= 1

    def submit(self, fn: Callable[[], Any]) -> Future:
        """Call ``fn`` on this lane's thread (after the work already given it)."""
        return self._executor.submit(fn)

    def call_blocking(self, fn: Callable[[], Any]) -> Any:
        return self.submit(fn).result()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


class Worker(QObject):
    """The vault's background thread, and the busy indicator shown while it works; and the
    drafts' lane beside it (``drafts``).

    ``changed`` tells, on the GUI thread and before the job's own ``done`` or ``failed``, what
    each job changed in the vault (``iro_desktop.changes``), so each screen's controller can
    reload only when what it shows has changed, whoever made the change."""

    changed = Signal(object)  # Changes

    def __init__(self, busy: BusyIndicator | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
        self._running = 0
        self.drafts = Lane("drafts", self)

    @property
    def is_busy(self) -> bool:
        return self._running > 0

    def run(self, fn: Callable[[], Any], *, text: str,
            done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None,
            quiet: bool = False) -> Op:
        """Call ``fn`` on the vault thread; then ``done(result)`` or ``failed(exc)`` on the GUI thread.

        ``quiet`` work (a quick read that refreshes a screen) shows no busy indicator, so it never
        greys out the IRO's commands; it still counts in ``is_busy`` and still waits its turn.
        """
        op = Op(fn, done, failed, self, self.changed.emit)
        self._running += 1
        shown = self._busy is not None and not quiet
        if shown:
            self._busy.begin_busy(text)  # type: ignore[union-attr]
        op.finished_callbacks.append(lambda: self._op_finished(shown))
        self._executor.submit(op.job)
        return op

    def _op_finished(self, shown: bool) -> None:
        self._running -= 1
        if shown:
            self._busy.end_busy()  # type: ignore[union-attr]

    def call_blocking(self, fn: Callable[[], Any]) -> Any:
        """Call ``fn`` on the vault thread and wait for it (after any work already queued)."""
        return self._executor.submit(fn).result()

    def submit(self, fn: Callable[[], Any]) -> Future:
        """Call ``fn`` on the vault thread (after any work already queued) without waiting."""
        return self._executor.submit(fn)

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
