"""Timing helpers and the words the benchmark's letters are made of."""

from __future__ import annotations

import random
import statistics
import time
from typing import Callable

from iro_desktop.vault import kdf, keyslots

BENCH_PASSPHRASE = "benchmark-passphrase-not-secret-1"
# Building only: every figure about unlocking uses the parameters calibrated for this machine.
FAST_BUILD_KDF = keyslots.KdfParams(1, 1024, 1)
# Below the bounds a key file's settings must keep, so allowed by name in benchmark processes
# (with the small cost --quick unlocks with, see large_vault.use_calibrated_kdf).
kdf.allow_weak(FAST_BUILD_KDF, keyslots.KdfParams(1, 8 * 1024, 1))

LETTER_WORDS = ("it was lovely to see you at home on Tuesday and hear about your swimming your friends at "
                "school family time with Nan the new puppy called Biscuit you told me you want to stay "
                "where you are until you finish school and you should be really proud of yourself").split()


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def p95_ms(times_s: list[float]) -> float:
    ordered = sorted(times_s)
    return round(ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] * 1000, 3)


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(LETTER_WORDS) for _ in range(n))
