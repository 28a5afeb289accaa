"""A process that keeps committing audited changes to a vault until it is killed (SIGKILL).

Run as: python -m tests.support.commit_kill_worker HOME PASSPHRASE
Prints "ready", then the audit sequence number of every commit once it has committed.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(home: str, passphrase: str) -> None:
    from iro_desktop.vault import Vault

    vault = Vault.unlock(Path(home), passphrase, None, allow_no_keychain=True)
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        with vault.transaction() as tx:
            tx.set_setting(f"kill.test.{i % 7}", str(i))
        with vault.read() as db:
            seq = db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        print(seq, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
