"""``python -m iro_desktop.bench``: what the IRO waits for, measured on realistic data and printed
as one JSON object (README.md, "Benchmarks", says what each key measures).

A benchmark, not a test: it reports figures and asserts nothing. ``--quick`` runs every part on
small data in a few seconds (the tests use it to check that every key is there); its figures
mean nothing. The pieces live in ``iro_desktop.benchmarks``; the parts that need the real
windows run in a process of their own (``python -m ui.app.bench_gui``), as the core never imports Qt.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from iro_desktop.benchmarks import gui, large_vault, startup, storage, sync, work
from iro_desktop.benchmarks import reports as report_bench
from iro_desktop.benchmarks import trips as trip_bench


def run(quick: bool = False) -> dict:
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="iro-bench-") as tmp:
        scratch = Path(tmp)
        built = large_vault.build(scratch / "large", large_vault.QUICK if quick else large_vault.Size())
        results.update(storage.bench_open(built, 3 if quick else 15))
        results.update(storage.bench_encryption(built, scratch, 4 if quick else 60))
        results.update(work.bench_search(built, 20 if quick else 300))
        results.update(gui.bench_due(built, scratch, quick))
        results.update(storage.bench_unlock(built, 1 if quick else 5, calibrate=not quick))
        shutil.rmtree(built.home)
        demo_home = gui.demo_vault(scratch / "demo")
        results.update(gui.bench_editor(demo_home, quick))
        results.update(gui.bench_previews(demo_home, quick))
        results.update(work.bench_render(scratch / "render", 3 if quick else 70, 2 if quick else 15))
        results.update(sync.bench_sync(scratch / "sync", *((12, 5, 0.05, 20) if quick else (200, 70, 0.05, 100))))
        results.update(report_bench.bench_reports(scratch, quick))
        results.update(trip_bench.bench_trips(quick))
    results.update(startup.bench_startup(1 if quick else 9))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iro_desktop.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, few runs: checks the keys, not the speed")
    args = parser.parse_args(argv)
    print(json.dumps(run(quick=args.quick), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
