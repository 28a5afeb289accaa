"""Windows open whole on a small laptop's screen: the checks in ``small_screen_windows.py``
run in a pytest of their own whose Qt has one 1280 by 720 screen (the offscreen platform's
screen is set when Qt starts, so it cannot change inside this process). A window made too big
for it fails there, as the last test here shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_checks(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 720,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                           str(ROOT / "tests/ui/app/small_screen_windows.py"), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_every_window_fits_and_its_buttons_show(tmp_path):
    out = run_checks(tmp_path)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "1 passed" in out.stdout


def test_a_window_too_big_for_the_screen_is_caught(tmp_path):
    """With the editor's fitting switched off (it opens at 1180 by 800), the check fails."""
    plugin = tmp_path / "unfit.py"
    plugin.write_text("import ui.records.record_editor as e\n"
                      "e.fit_to_screen = lambda window, w, h: window.resize(w, h)\n")
    env_path = f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"
    os.environ["PYTHONPATH"], saved = env_path, os.environ.get("PYTHONPATH")
    try:
        out = run_checks(tmp_path, "-p", "unfit")
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = saved
    assert out.returncode != 0 and "is not inside" in out.stdout, out.stdout[-3000:]
