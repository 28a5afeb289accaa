"""How far the vault lags behind the screen while the IRO types.

A watcher reads one autosaved draft over and over through a connection of its own (the vault's
"watch" lane: reads only) and notes, each time, how many of the typed characters the stored
draft holds. Set against when each character was typed, that gives every character's wait: from
its keystroke to the first read that found it in the vault. ``staleness_max`` is the longest
wait; "everything typed is in the vault within 2 seconds" means it stays under 2 seconds. The
typing tests assert it and the benchmark reports it (``autosave_staleness_s_max``).

Only counts and times are kept, never the text.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from iro_desktop.errors import VaultLocked
from iro_desktop.reviews import drafts

WATCH_LANE = "watch"


class DraftWatcher:
    """Reads the draft ``draft_key`` every ``interval_s`` on a thread of its own. ``stored``
    turns the draft's stored text (None while there is none) into the number of typed
    characters it holds. ``samples`` are (time.monotonic() just after the read, that number)."""

    def __init__(self, vault, draft_key: str, stored: Callable[[str | None], int], *,
                 interval_s: float = 0.05) -> None:
        self._lane = vault.lane(WATCH_LANE)
        self._key = draft_key
        self._stored = stored
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="draft-watch", daemon=True)
        self.samples: list[tuple[float, int]] = []
        self.failed: BaseException | None = None

    def start(self) -> "DraftWatcher":
        self._thread.start()
        return self

    def stop(self) -> list[tuple[float, int]]:
        self._stop.set()
        self._thread.join(10)
        return self.samples

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                count = self._stored(drafts.load_draft_text(self._lane, self._key))
            except VaultLocked:
                return  # locked: nothing more to watch
            except BaseException as exc:  # noqa: BLE001 - handed to whoever reads the figures
                self.failed = exc
                return
            self.samples.append((time.monotonic(), count))
            self._stop.wait(self._interval)


def waits(typed_at: list[float], samples: list[tuple[float, int]]) -> list[float]:
    """Each typed character's wait: from its keystroke (``typed_at[i]``, time.monotonic()) to
    the first sample that found it stored, or to the last sample if none did. A sample taken
    before the keystroke does not count."""
    out = []
    for i, at in enumerate(typed_at):
        seen = next((t for t, count in samples if count > i and t >= at), None)
        if seen is None:
            later = [t for t, _count in samples if t >= at]
            seen = later[-1] if later else at
        out.append(seen - at)
    return out


def staleness_max(typed_at: list[float], samples: list[tuple[float, int]]) -> float:
    """The longest any typed character waited to be seen in the vault, in seconds."""
    return max(waits(typed_at, samples), default=0.0)


def never_lost(samples: list[tuple[float, int]]) -> bool:
    """True if no read ever found fewer characters stored than an earlier read did."""
    counts = [count for _t, count in samples]
    return all(a <= b for a, b in zip(counts, counts[1:]))
