"""A process that changes a vault's passphrase and is killed (SIGKILL) part of the way through:
at a named step of the rotation (``step:<name>``), or whenever the test decides (``timer``).

Run as: python -m tests.support.rotation_kill_worker HOME OLD NEW MODE
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path


def main(home: str, old: str, new: str, mode: str) -> None:
    from iro_desktop.vault import Vault, rotation

    vault = Vault.unlock(Path(home), old, None, allow_no_keychain=True)
    if mode.startswith("step:"):
        target = mode[len("step:"):]

        def hook(name: str) -> None:
            if name == target:
                os.kill(os.getpid(), signal.SIGKILL)

        rotation.crash_hook = hook
    print("ready", flush=True)
    start = time.perf_counter()
    vault.change_passphrase(old, new, None, allow_no_keychain=True)
    print(f"done {time.perf_counter() - start:.4f}", flush=True)
    vault.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
