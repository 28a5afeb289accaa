"""The command line in a real subprocess, as council IT and scripts run it, for vaults made by
the tests with cheap key settings.

The program run is ``iro_desktop.cli.main`` itself; before it, the child process accepts the
tests' cheap Argon2 settings (``kdf.use_test_kdf``: a function call, which nothing on disk can
make), so a vault made in the test process opens in milliseconds there too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import sys
from iro_desktop.vault.kdf import KdfParams, use_test_kdf
use_test_kdf(KdfParams(time_cost=1, memory_kib=1024, parallelism=1))
from iro_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_cli(*args, stdin: str | None = None, home: Path | None = None, timeout: float = 60,
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(env_extra or {})
    if home is not None:
        env["IRO_DESKTOP_HOME"] = str(home)
    return subprocess.run([sys.executable, "-c", PROGRAM, *map(str, args)], input=stdin, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=timeout)
