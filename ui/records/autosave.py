"""Autosave for an editor: what is on screen reaches the vault within 2 seconds, even while the
IRO keeps typing.

Two single-shot timers decide when to save, and whichever fires first saves:

* the pause timer, restarted by every change (``DELAY_MS``): a pause in typing saves;
* the deadline, started by the first change not yet saved and never restarted by later ones
  (``MAX_WAIT_MS``): however fast and long the IRO types, no change waits longer than this for
  its save to start.

A save serialises and hashes the content on the GUI thread (``prepare_draft``, a few
milliseconds even for a long letter) and writes it on the drafts' lane (``Worker.drafts``: a
thread and a vault connection of their own), so it never queues behind a backup, an import or a
batch of letters on the vault thread (a restore closes the editors first). At most one write is
in flight; a newer payload prepared meanwhile waits in a one-place queue, replacing any older one,
so typing never waits for the disk and the disk never falls behind by more than one save. A write
takes a few milliseconds; it can wait only for another connection's write transaction to commit,
and those are kept short (an import checks every child before it takes the write lock).

``flush_blocking`` is for closing an editor: it writes the newest content at once and returns
when it is on disk. The lock routine uses ``final_payload`` instead: it takes the newest content
while the editor is still there, and writes it once the screen is clear.

The autosaved copy is the fast, small write that keeps every word safe; the record itself is
changed by the editor (an audited save through the core) when the IRO closes it, locks, or
stops typing for ``IDLE_MS``: ``idle`` says when. To the IRO it is all one "Saved".
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from iro_desktop.reviews import drafts

from ui.common.save_states import FAILED, SAVED, SAVING, UNSAVED
from ui.common.workers import Worker, log_unexpected

DELAY_MS = 500  # a pause in typing this long saves
MAX_WAIT_MS = 500  # the longest a change waits for its save to start, however long the typing goes on
RETRY_MS = 2_000  # after a failed write, the next try
IDLE_MS = 20_000  # a pause this long after the last autosave puts the words into the record itself


class Autosaver(QObject):
    state_changed = Signal(str)
    idle = Signal()  # everything typed is autosaved and the IRO has paused: time to fold it into the record

    def __init__(self, worker: Worker, vault: Any, draft_key: str, collect: Callable[[], Any],
                 parent: QObject | None = None, *, delay_ms: int = DELAY_MS,
                 max_wait_ms: int = MAX_WAIT_MS) -> None:
        super().__init__(parent)
        self._lane = worker.drafts
        self._vault = vault
        self._key = draft_key
        self._collect = collect
        self._timer = QTimer(self)  # the pause
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        self._deadline = QTimer(self)
        self._deadline.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire 5 % late
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(max(delay_ms, max_wait_ms))
        self._deadline.timeout.connect(self.save_now)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.save_now)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._went_idle)
        self._in_flight = False
        self._queued: drafts.DraftPayload | None = None
        self._enabled = True
        self.state = SAVED
        self.last_saved_at: float | None = None  # time.monotonic() of the last confirmed write
        self.saved_at_time: datetime | None = None  # the same moment on the clock, for "Saved at 14:32"
        self.last_payload: drafts.DraftPayload | None = None

    def set_idle_ms(self, ms: int) -> None:
        self._idle.setInterval(max(1, int(ms)))

    def set_delay_ms(self, ms: int, max_wait_ms: int | None = None) -> None:
        """The pause that saves, and the longest wait (never shorter than the pause; by default
        ``MAX_WAIT_MS``, or the pause if that is longer)."""
        ms = max(1, int(ms))
        self._timer.setInterval(ms)
        self._deadline.setInterval(max(ms, int(max_wait_ms) if max_wait_ms is not None else MAX_WAIT_MS))

    @property
    def draft_key(self) -> str:
        return self._key

    @property
    def pending(self) -> bool:
        """True while a change is not yet on disk."""
        return (self._timer.isActive() or self._deadline.isActive() or self._retry.isActive() or self._in_flight
                or self._queued is not None)

    def set_enabled(self, enabled: bool) -> None:
        """Read-only editors have nothing to save."""
        self._enabled = enabled
        if not enabled:
            self._stop_timers()
            self._queued = None

    def changed(self) -> None:
        if not self._enabled:
            return
        self._timer.start()
        self._idle.stop()
        if not self._deadline.isActive():
            self._deadline.start()  # from the first change not yet saved; later ones leave it
        self._set_state(UNSAVED)

    def save_now(self) -> None:
        """Serialise what is on screen and hand it to the drafts' lane."""
        self._stop_timers()
        if not self._enabled:
            return
        payload = drafts.prepare_draft(self._collect())
        if self._in_flight:
            self._queued = payload  # replaces any older one still waiting
        else:
            self._start(payload)

    def _start(self, payload: drafts.DraftPayload) -> None:
        self._in_flight = True
        self._set_state(SAVING)
        vault, key = self._vault, self._key
        self._lane.run(lambda: drafts.save_draft_on_lane(vault, key, payload),
                       done=lambda _wrote: self._finished(payload, None),
                       failed=lambda exc: self._finished(payload, exc))

    def _finished(self, payload: drafts.DraftPayload, exc: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._in_flight = False
        if exc is not None:
            log_unexpected(exc)
            self._set_state(FAILED)
            if self._enabled and self._queued is None:
                self._retry.start()  # the indicator says "trying again": it does
        else:
            self.last_payload = payload
            self._note_saved()
        queued, self._queued = self._queued, None
        if queued is not None:
            self._start(queued)
        elif exc is None:
            self._set_state(UNSAVED if self._timer.isActive() else SAVED)
            if not self.pending and self._enabled:
                self._idle.start()

    def _went_idle(self) -> None:
        if self._enabled and not self.pending:
            self.idle.emit()

    def _note_saved(self) -> None:
        self.last_saved_at = time.monotonic()
        self.saved_at_time = datetime.now()

    def flush_blocking(self) -> None:
        """Write the newest content now and wait until it is on disk (closing the editor)."""
        self._stop_timers()
        self._queued = None
        if not self._enabled:
            return
        payload = drafts.prepare_draft(self._collect())
        vault, key = self._vault, self._key
        # Runs after a write already in flight on the lane, so this newest text lands last.
        self._lane.call_blocking(lambda: drafts.save_draft_on_lane(vault, key, payload))
        self.last_payload = payload
        self._note_saved()
        self._set_state(SAVED)

    def final_payload(self) -> drafts.DraftPayload | None:
        """The lock routine's part: stop, and hand over the newest content (None if there is
        nothing to save), for the lock to write with ``drafts.save_draft_on_lane`` once the screen
        is clear. A write already in flight still finishes first on the lane."""
        enabled = self._enabled
        self.stop()
        return drafts.prepare_draft(self._collect()) if enabled else None

    def mark_saved(self, payload: drafts.DraftPayload | None = None) -> None:
        """The record itself was just saved (with ``payload``, if known): if nothing was typed
        meanwhile, nothing is waiting."""
        if payload is not None:
            self.last_payload = payload
        self._note_saved()
        if not self.pending:
            self._idle.stop()
            self._set_state(SAVED)

    def stop(self) -> None:
        self._enabled = False
        self._stop_timers()
        self._queued = None

    def _stop_timers(self) -> None:
        self._timer.stop()
        self._deadline.stop()
        self._idle.stop()
        self._retry.stop()

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
        self.state_changed.emit(state)
