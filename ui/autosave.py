"""Autosave for an editor: what is on screen reaches the vault within 2 seconds of the last keystroke.

Each change restarts a single-shot timer. When it fires, the content is serialised and hashed on
the GUI thread (``prepare_draft``, a few milliseconds even for a long letter) and written on the
vault thread (``save_draft``). At most one write is in flight; a newer payload prepared meanwhile
waits in a one-place queue, replacing any older one, so typing never waits for the disk and the
disk never falls behind by more than one save.

``flush_blocking`` is for the lock routine and for closing an editor: it writes the newest
content at once and returns when it is on disk.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from iro_desktop.reviews import drafts

from ui.workers import Worker, log_unexpected

DELAY_MS = 1500  # after the last keystroke; the write itself takes a few milliseconds more

UNSAVED, SAVING, SAVED, FAILED = "unsaved", "saving", "saved", "failed"


class Autosaver(QObject):
    state_changed = Signal(str)

    def __init__(self, worker: Worker, vault: Any, draft_key: str, collect: Callable[[], Any],
                 parent: QObject | None = None, *, delay_ms: int = DELAY_MS) -> None:
        super().__init__(parent)
        self._worker = worker
        self._vault = vault
        self._key = draft_key
        self._collect = collect
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        self._in_flight = False
        self._queued: drafts.DraftPayload | None = None
        self._enabled = True
        self.state = SAVED
        self.last_saved_at: float | None = None  # time.monotonic() of the last confirmed write
        self.last_payload: drafts.DraftPayload | None = None

    def set_delay_ms(self, ms: int) -> None:
        self._timer.setInterval(max(1, int(ms)))

    @property
    def draft_key(self) -> str:
        return self._key

    @property
    def pending(self) -> bool:
        """True while a change is not yet on disk."""
        return self._timer.isActive() or self._in_flight or self._queued is not None

    def set_enabled(self, enabled: bool) -> None:
        """Read-only editors have nothing to save."""
        self._enabled = enabled
        if not enabled:
            self._timer.stop()
            self._queued = None

    def changed(self) -> None:
        if not self._enabled:
            return
        self._timer.start()
        self._set_state(UNSAVED)

    def save_now(self) -> None:
        """Serialise what is on screen and hand it to the vault thread."""
        self._timer.stop()
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
        self._worker.run(lambda: drafts.save_draft(vault, key, payload), text="Saving your draft…", quiet=True,
                         done=lambda _wrote: self._finished(payload, None),
                         failed=lambda exc: self._finished(payload, exc))

    def _finished(self, payload: drafts.DraftPayload, exc: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._in_flight = False
        if exc is not None:
            log_unexpected(exc)
            self._set_state(FAILED)
        else:
            self.last_payload = payload
            self.last_saved_at = time.monotonic()
        queued, self._queued = self._queued, None
        if queued is not None:
            self._start(queued)
        elif exc is None:
            self._set_state(UNSAVED if self._timer.isActive() else SAVED)

    def flush_blocking(self) -> None:
        """Write the newest content now and wait until it is on disk (the lock routine's save)."""
        self._timer.stop()
        self._queued = None
        if not self._enabled:
            return
        payload = drafts.prepare_draft(self._collect())
        vault, key = self._vault, self._key
        # Runs after anything already queued on the vault thread, so this newest text lands last.
        self._worker.call_blocking(lambda: drafts.save_draft(vault, key, payload))
        self.last_payload = payload
        self.last_saved_at = time.monotonic()
        self._set_state(SAVED)

    def mark_saved(self) -> None:
        """The record itself was just saved: nothing is waiting."""
        self._timer.stop()
        self._queued = None
        self.last_saved_at = time.monotonic()
        self._set_state(SAVED)

    def stop(self) -> None:
        self._enabled = False
        self._timer.stop()
        self._queued = None

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
        self.state_changed.emit(state)
