"""A growing delay after repeated wrong passphrases, kept across restarts.

The counter lives in its own small file so a wrong passphrase never writes to the vault or the
key slots. Anyone with the folder can edit that file, so it is untrusted: anything but a small
whole number of failures and a finite time (a folder, not JSON, a negative or huge count, a
string) counts as the most failures, i.e. the longest delay, never as none and never a crash.
The delay only slows guessing in this app; the real protection against a copied vault is the
Argon2 cost of each guess and the passphrase rules.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from iro_desktop.files import atomic_write_bytes

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300.0
MAX_FAILURES = 1000  # far past the longest delay; a count above it is not this app's
_MAX_FILE_BYTES = 4096


class Throttle:
    def __init__(self, path: Path, clock=time.time) -> None:
        self.path = path
        self._clock = clock

    def _read(self) -> tuple[int, float]:
        try:
            if not self.path.is_file():
                raise FileNotFoundError(self.path) if not self.path.exists() else ValueError("not a file")
            with open(self.path, "rb") as fh:
                doc = json.loads(fh.read(_MAX_FILE_BYTES + 1))
            failures, last = doc["failures"], doc["last"]
            if type(failures) is not int or not 0 <= failures <= MAX_FAILURES:
                raise ValueError("failures")
            if type(last) not in (int, float) or not math.isfinite(last):
                raise ValueError("last")
            return failures, float(last)
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError, RecursionError, AttributeError):
            # Tampered or damaged: the longest delay, counted from now. Written back as a
            # sound file, so the delay then runs out like any other.
            now = self._clock()
            self._write(MAX_FAILURES, now)
            return MAX_FAILURES, now

    def _write(self, failures: int, last: float) -> None:
        if self.path.is_dir():
            return  # not ours to remove: the delay stays at its longest until someone does
        try:
            atomic_write_bytes(self.path, json.dumps({"failures": failures, "last": last}).encode())
        except OSError:
            pass  # a full disk must not stop the IRO from unlocking; the delay is still applied

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
        failures = min(failures + 1, MAX_FAILURES)
        self._write(failures, self._clock())
        return failures, self.delay_for(failures)

    def reset(self) -> None:
        if not self.path.is_dir():
            self.path.unlink(missing_ok=True)
