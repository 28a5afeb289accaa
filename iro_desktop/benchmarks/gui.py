"""The figures measured in the real windows: run as ``python -m ui.app.bench_gui`` in a process of
its own (offscreen), since the core never imports Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from iro_desktop.caseload import demo
from iro_desktop.demo_vault import DEMO_PASSPHRASE, open_demo_vault
from iro_desktop.vault import Vault

from iro_desktop.benchmarks.common import BENCH_PASSPHRASE, FAST_BUILD_KDF
from iro_desktop.benchmarks.large_vault import TODAY, BuiltVault

ROOT = Path(__file__).resolve().parents[2]


def run_gui(scenario: str, args: dict, timeout_s: float = 900) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "ui.app.bench_gui", scenario], input=json.dumps(args), cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=timeout_s)
    if out.returncode != 0:
        raise RuntimeError(f"the {scenario} scenario failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def demo_vault(home: Path) -> Path:
    """The demo vault, as ``--demo`` makes it (70 invented children, their letters and reviews)."""
    open_demo_vault(home, kdf=FAST_BUILD_KDF).close()
    return home


def bench_editor(demo_home: Path, quick: bool) -> dict:
    args = {"home": str(demo_home), "passphrase": DEMO_PASSPHRASE, "words": 400 if quick else 3000,
            "runs": 5 if quick else 100, "seconds": 2.0 if quick else 10.0, "every_ms": 300}
    return run_gui("editor", args)


def bench_previews(demo_home: Path, quick: bool) -> dict:
    return run_gui("previews", {"home": str(demo_home), "passphrase": DEMO_PASSPHRASE, "count": 2 if quick else 10})


def _stress_vault(home: Path, children: int) -> bytes:
    vault, _code = Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)
    key = bytes(vault._key)
    with vault:
        # Every child with their whole history (about nine reviews each), padded a little.
        kids = demo.demo_children(children, demo.DEFAULT_SEED, TODAY)
        reviews = sum(len(c.reviews) for c in kids)
        others = sum(len(c.periods) + len(c.placements) + len(c.key_people) for c in kids)
        demo.load_large(vault, children=children, reviews=reviews, other_rows=others, today=TODAY)
    return key


def bench_due(large: BuiltVault, scratch: Path, quick: bool) -> dict:
    """What is due as the app loads it: the large vault's 85 children, and a 5,000-child vault
    as a stress figure."""
    stress = scratch / "stress"
    key = _stress_vault(stress, 200 if quick else 5000)
    return run_gui("due", {"today": TODAY.isoformat(), "runs": 2 if quick else 5,
                           "vaults": [("due_all_ms", str(large.home), large.key.hex()),
                                      ("due_all_stress_ms", str(stress), key.hex())]})
