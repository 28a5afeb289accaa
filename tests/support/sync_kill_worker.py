"""A process that keeps finalising amended records and draining the outbox to a folder, until it
is killed (tests/test_sync_kill.py). Usage: python -m tests.support.sync_kill_worker HOME SHARE SEED"""

from __future__ import annotations

import random
import sys

from iro_desktop.reviews import records
from iro_desktop.sync import bundles, drain  # noqa: F401 - loaded before "ready", as the app would
from iro_desktop.sync.folder_target import FolderTarget
from iro_desktop.vault import Vault
from tests.conftest import PASSPHRASE
from tests.support.caseload_helpers import TODAY
from tests.support.review_helpers import IRO


def amend_one(vault, rng: random.Random) -> None:
    """Amend a random record and finalise the new version: one more export on the outbox."""
    with vault.read() as db:
        ids = [r[0] for r in db.conn.execute("SELECT id FROM record WHERE kind = 'review' ORDER BY id")]
    record_id = rng.choice(ids)
    rec = records.get_review(vault, record_id)
    if rec.read_only:
        rec = records.amend_review(vault, record_id, "A correction")
    records.finalise_review(vault, record_id, finalised_by=IRO, content=rec.content, today=TODAY)


class Announcing(FolderTarget):
    """The folder target, saying on stdout as each file starts, so the test can aim its kill
    at the middle of an upload as well as at random moments."""

    def put(self, path: str, data: bytes, sha256: str) -> None:
        print("put", flush=True)
        super().put(path, data, sha256)


def main(home: str, share: str, seed: str) -> None:
    rng = random.Random(int(seed))
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        lane = vault.lane(drain.LANE)
        target = Announcing(share)
        print("ready", flush=True)
        while True:
            if rng.random() < 0.5:
                amend_one(vault, rng)
            drain.drain(lane, target)


if __name__ == "__main__":
    main(*sys.argv[1:4])
