"""Argon2id settings: the bounds a key slot's settings must keep, and calibration.

The settings are read from ``keyslots.json``, a file anyone with the vault folder can edit, so
they are untrusted input: checked against fixed bounds before anything is derived (a planted
``time_cost=1, memory=8 KiB`` would make offline guessing thousands of times cheaper, and
``time_cost=10**9`` would hang the unlock), and authenticated after unwrapping (the slot's MAC,
see ``keyslots``). Every new slot gets settings calibrated here and now, never copied from disk.

Tests need vaults that open in milliseconds. ``use_test_kdf`` lets a test process name exact
weak settings that it accepts and writes; it is a function call, so nothing in a file on disk
can switch it on, and the app never calls it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from iro_desktop.errors import KdfSettingsRefused

# Bounds for settings read from disk (argon2-cffi itself accepts time_cost >= 1, memory >= 8 KiB
# per lane, parallelism 1..2**24-1: far too weak at one end and a hang at the other).
MIN_MEMORY_KIB = 64 * 1024
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB: more would page or fail on a council laptop
MIN_TIME_COST = 2
MAX_TIME_COST = 40
MIN_PARALLELISM = 1
MAX_PARALLELISM = 8

# What calibration never goes below for a new slot (the bounds above accept t=2, from vaults
# written before this floor existed).
FLOOR_TIME_COST = 3
DEFAULT_MEMORY_KIB = 64 * 1024
DEFAULT_PARALLELISM = 2
TARGET_SECONDS = 0.5
SALT_BYTES = 16

_test_params: set["KdfParams"] = set()
_test_default: "KdfParams | None" = None


@dataclass(frozen=True)
class KdfParams:
    time_cost: int
    memory_kib: int
    parallelism: int

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        check(self)
        return hash_secret_raw(
            secret, salt, time_cost=self.time_cost, memory_cost=self.memory_kib,
            parallelism=self.parallelism, hash_len=32, type=Type.ID,
        )


def allow_weak(*params: KdfParams) -> None:
    """Tests and benchmarks only: accept exactly these ``params`` below the bounds in this
    process (vaults they build to be filled quickly). Never called by the app."""
    _test_params.update(params)


def use_test_kdf(params: KdfParams) -> None:
    """Tests only: accept ``params`` below the bounds, and give them to every new slot in this
    process. Never called by the app."""
    global _test_default
    allow_weak(params)
    _test_default = params


def is_test_kdf(params: KdfParams) -> bool:
    return params in _test_params


def _within(value: object, low: int, high: int) -> bool:
    # bool is an int in Python; True must not pass for a time cost of 1.
    return type(value) is int and low <= value <= high


def check(params: KdfParams) -> None:
    """Refuse settings outside the bounds (or of the wrong type) before any derivation."""
    if params in _test_params:
        return
    if not (_within(params.time_cost, MIN_TIME_COST, MAX_TIME_COST)
            and _within(params.memory_kib, MIN_MEMORY_KIB, MAX_MEMORY_KIB)
            and _within(params.parallelism, MIN_PARALLELISM, MAX_PARALLELISM)):
        raise KdfSettingsRefused()


def from_json(doc: object) -> KdfParams:
    """Settings from a key slot's JSON: exactly the three whole numbers, within the bounds."""
    if not isinstance(doc, dict) or set(doc) != {"time_cost", "memory_kib", "parallelism"}:
        raise KdfSettingsRefused()
    params = KdfParams(doc["time_cost"], doc["memory_kib"], doc["parallelism"])
    try:
        hash(params)
    except TypeError:  # a list or a dict where a number belongs
        raise KdfSettingsRefused() from None
    check(params)
    return params


def _seconds(params: KdfParams, runs: int) -> float:
    """The fastest of ``runs`` derivations: a busy moment on the machine only ever slows a run,
    so the fastest is the closest to what the machine can do."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        hash_secret_raw(b"calibration", b"0" * SALT_BYTES, time_cost=params.time_cost,
                        memory_cost=params.memory_kib, parallelism=params.parallelism,
                        hash_len=32, type=Type.ID)
        best = min(best, time.perf_counter() - start)
    return max(best, 1e-6)


def calibrate(target_seconds: float = TARGET_SECONDS, memory_kib: int = DEFAULT_MEMORY_KIB,
              parallelism: int = DEFAULT_PARALLELISM, runs: int = 3,
              floor: int = FLOOR_TIME_COST) -> KdfParams:
    """The time cost that makes one derivation take about ``target_seconds`` here, never below
    ``floor``. Argon2's time is about a + b * time_cost (allocating the memory is the fixed
    part): two costs far apart, each the best of several runs, give a and b; one run at the
    chosen cost then checks the estimate and rescales it if a busy moment skewed it."""
    low, high = floor, floor * 4
    t_low = _seconds(KdfParams(low, memory_kib, parallelism), runs)
    t_high = _seconds(KdfParams(high, memory_kib, parallelism), max(1, runs - 1))
    per_pass = max((t_high - t_low) / (high - low), t_high / high / 4, 1e-6)
    fixed = max(t_low - per_pass * low, 0.0)
    clamp = lambda t: max(floor, min(MAX_TIME_COST, int(round(t))))  # noqa: E731
    chosen = clamp((target_seconds - fixed) / per_pass)
    took = _seconds(KdfParams(chosen, memory_kib, parallelism), 1)
    if not 0.7 * target_seconds <= took <= 1.4 * target_seconds:
        chosen = clamp(chosen * target_seconds / took)
    return KdfParams(chosen, memory_kib, parallelism)


def fresh() -> KdfParams:
    """The settings for a slot written now: calibrated on this machine (a test's own settings
    in a test process)."""
    return _test_default if _test_default is not None else calibrate()


def could_afford_more(params: KdfParams, measured_seconds: float,
                      target_seconds: float = TARGET_SECONDS) -> bool:
    """True if a derivation with ``params`` took so much less than the target here that a
    fresh calibration is worth making (a slot written on a slower or busier machine)."""
    if params in _test_params:
        return False
    return measured_seconds < 0.6 * target_seconds and params.time_cost < MAX_TIME_COST


def guesses_per_second(params: KdfParams, runs: int = 3) -> float:
    """How many guesses a second one core of this machine can try against ``params``."""
    return 1.0 / _seconds(params, runs)
