"""A growing delay after repeated wrong passphrases, kept across restarts.

The counter lives in its own small file so a wrong passphrase never writes to the vault or the
key slots.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from iro_desktop.files import atomic_write_bytes

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300.0


class Throttle:
    def __init__(self, path: Path, clock=time.time) -> None:
        self.path = path
        self._clock = clock

    def _read(self) -> tuple[int, float]:
        try:
            doc = json.loads(self.path.read_text())
            return int(doc["failures"]), float(doc["last"])
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return 0, 0.0

    @staticmethod
    def delay_for(failures: int) -> float:
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(2.0 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS)

    def retry_after(self) -> float:
        failures, last = self._read()
        delay = self.delay_for(failures)
        # Never more than the delay itself: a clock set back must not lock the IRO out for days.
        return min(delay, max(0.0, last + delay - self._clock()))

    def record_failure(self) -> tuple[int, float]:
        failures, _ = self._read()
        failures += 1
        atomic_write_bytes(self.path, json.dumps({"failures": failures, "last": self._clock()}).encode())
        return failures, self.delay_for(failures)

    def reset(self) -> None:
        self.path.unlink(missing_ok=True)
