"""Start-up, measured as whole processes: the app from its command to the unlock screen on
screen, against the smallest PySide6 program that shows an empty window, both offscreen.

Each run is a new process timed from just before it is started to the line it prints once its
window has been painted; its peak memory is its high-water mark at that moment. Python's bytecode
cache is kept in a folder of the benchmark's (written by a first run that is not counted), as
an installed app has its bytecode compiled.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from iro_desktop.vault import Vault

from iro_desktop.benchmarks.common import BENCH_PASSPHRASE, FAST_BUILD_KDF

# Keep in step with ui.app.app (the core never imports the Qt client).
STARTUP_PROBE = "IRO_DESKTOP_STARTUP_PROBE"
UNLOCK_SHOWN = "iro-desktop: unlock screen shown"

# Run as a program of its own; importlib, so that no line of the core reads as importing Qt.
EMPTY_WINDOW = """
import importlib, sys
QtCore, QtWidgets = (importlib.import_module("PySide6." + m) for m in ("QtCore", "QtWidgets"))

app = QtWidgets.QApplication(sys.argv[:1])
window = QtWidgets.QWidget()

class Probe(QtCore.QObject):
    def eventFilter(self, watched, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("shown", flush=True)
            QtCore.QTimer.singleShot(0, app.quit)
        return False

probe = Probe()
window.installEventFilter(probe)
window.resize(1200, 760)
window.show()
sys.exit(app.exec())
"""

APP = "import sys; from ui.app.launch import main; sys.exit(main())"


def _environment(scratch: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(scratch / "pycache"),
               XDG_CONFIG_HOME=str(scratch / "config"), XDG_DATA_HOME=str(scratch / "data"),
               XDG_CACHE_HOME=str(scratch / "cache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _peak_mib(pid: int) -> float | None:
    """The process's peak resident memory so far (Linux), read while it is still running: a
    child's ``ru_maxrss`` would also count the parent's memory at the time it was started."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _run(args: list[str], env: dict[str, str], marker: str, cwd: Path) -> tuple[float, float]:
    """Seconds from starting the process to ``marker`` on its output, and its peak MiB by then."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=cwd, text=True)
    assert child.stdout is not None
    shown = peak = None
    for line in child.stdout:
        if line.strip() == marker and shown is None:
            shown = time.perf_counter() - start
            peak = _peak_mib(child.pid)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if shown is None:
        raise RuntimeError(f"the process ended (status {child.returncode}) without showing its window")
    return shown, peak if peak is not None else usage.ru_maxrss / 1024


BUNDLE_ENV = "IRO_DESKTOP_BUNDLE"


def _bundle(root: Path) -> Path | None:
    """The packaged app to time beside the source install: ``IRO_DESKTOP_BUNDLE``, or what
    ``./dev package`` last built in ``dist/``."""
    folder = Path(os.environ.get(BUNDLE_ENV) or root / "dist" / "iro-desktop")
    return folder if (folder / "iro-desktop").is_file() else None


def _size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def bench_startup(runs: int) -> dict:
    root = Path(__file__).resolve().parents[2]
    bundle = _bundle(root)
    with tempfile.TemporaryDirectory(prefix="iro-bench-startup-") as tmp:
        scratch = Path(tmp)
        home = scratch / "vault"
        Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)[0].close()
        env = _environment(scratch)
        app_args = [sys.executable, "-c", APP, "--vault", str(home), "--no-keychain"]
        empty_args = [sys.executable, "-c", EMPTY_WINDOW]
        app_env = dict(env, **{STARTUP_PROBE: "1"})
        _run(app_args, app_env, UNLOCK_SHOWN, root)  # writes the bytecode cache
        _run(empty_args, env, "shown", root)
        frozen_args = [str(bundle / "iro-desktop"), "--vault", str(home), "--no-keychain"] if bundle else None
        if frozen_args:
            _run(frozen_args, app_env, UNLOCK_SHOWN, scratch)  # as the first start after installing
        app, empty, frozen = [], [], []
        for _ in range(runs):  # interleaved, so a busy moment on the machine hits all of them
            app.append(_run(app_args, app_env, UNLOCK_SHOWN, root))
            empty.append(_run(empty_args, env, "shown", root))
            if frozen_args:
                frozen.append(_run(frozen_args, app_env, UNLOCK_SHOWN, scratch))
    app_s = statistics.median(t for t, _m in app)
    empty_s = statistics.median(t for t, _m in empty)
    frozen_s = statistics.median(t for t, _m in frozen) if frozen else 0.0
    packaged = {} if bundle is None else {
        "bundle_startup_unlock_screen_ratio": round(frozen_s / empty_s, 2),
        "bundle_startup_unlock_screen_ms": round(frozen_s * 1000, 1), "bundle_size_mib": round(_size_mib(bundle), 1)}
    return {**packaged, "startup_unlock_screen_ratio": round(app_s / empty_s, 2),
            "startup_unlock_screen_ms": round(app_s * 1000, 1), "startup_empty_window_ms": round(empty_s * 1000, 1),
            "startup_peak_mib": round(statistics.median(m for _t, m in app), 1),
            "startup_empty_window_peak_mib": round(statistics.median(m for _t, m in empty), 1)}
