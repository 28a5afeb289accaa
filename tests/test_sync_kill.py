"""A process syncing to a folder is killed (SIGKILL) at random moments, 50 times, while it also
finalises amended records. After every kill nothing is marked synced that is not at the target
intact; after a last drain every export is synced exactly once, none lost, none duplicated."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from iro_desktop.sync import drain, outbox
from iro_desktop.sync.folder_target import FolderTarget
from iro_desktop.sync.manifest import read as read_manifest
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.sync_helpers import finalised_review

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 50

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run_and_kill(home: Path, share: Path, rng: random.Random) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "tests.support.sync_kill_worker", str(home), str(share),
                             str(rng.randrange(1 << 30))],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready, aimed = threading.Event(), threading.Event()
    errors: list[str] = []
    # Half the rounds aim at the middle of an upload: just after the n-th file starts.
    aim = rng.randint(1, 8) if rng.random() < 0.5 else None

    def read() -> None:
        puts = 0
        for line in proc.stdout:
            if line.strip() == "ready":
                ready.set()
            elif line.strip() == "put":
                puts += 1
                if puts == aim:
                    aimed.set()

    def read_err() -> None:
        errors.extend(proc.stderr)

    threads = [threading.Thread(target=f, daemon=True) for f in (read, read_err)]
    for t in threads:
        t.start()
    if rng.random() < 0.1:
        time.sleep(rng.uniform(0.0, 0.3))  # sometimes while it is still opening the vault
    else:
        if not ready.wait(30):
            proc.kill()
            pytest.fail("the worker never opened the vault: " + "".join(errors))
        if aim is not None and aimed.wait(10):
            time.sleep(rng.uniform(0.0, 0.004))
        else:
            time.sleep(rng.uniform(0.0, 0.6))
    alive = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    for t in threads:
        t.join(10)
    assert alive, "the worker stopped by itself: " + "".join(errors)


def _folder_intact(share: Path, e: outbox.Entry) -> None:
    folder = share / e.folder
    doc, listed = read_manifest((folder / "manifest.json").read_bytes())
    assert doc["bundle_id"] == e.bundle_id
    for x in listed:
        data = (folder / x.name).read_bytes()
        assert (len(data), _sha(data)) == (x.size, x.sha256), x.name
    # The receipt names exactly what is there, the manifest included.
    there = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith(".partial")}
    assert {(r.name, r.size, r.sha256) for r in e.receipts} == {(n, len(d), _sha(d)) for n, d in there.items()}


def _synced_are_there(home: Path, share: Path) -> int:
    """Check every row marked synced; return how many the kill left in flight."""
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        for e in outbox.entries(vault, (outbox.SYNCED,)):
            _folder_intact(share, e)
        return len(outbox.entries(vault, outbox.IN_FLIGHT))


def test_sigkill_while_syncing_loses_nothing_and_sends_each_export_once(tmp_path):
    seed = random.randrange(1 << 30)
    print(f"random seed {seed}")  # shown if the test fails, so the rounds can be replayed
    rng = random.Random(seed)
    home, share = tmp_path / "vault", tmp_path / "share"
    share.mkdir()
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        finalised_review(vault)
        finalised_review(vault, "C2")
        finalised_review(vault, "C3")
    started = time.monotonic()
    mid_upload = 0
    for _round in range(ROUNDS):
        _run_and_kill(home, share, rng)
        mid_upload += _synced_are_there(home, share) > 0
    print(f"{mid_upload} of {ROUNDS} kills left an upload in flight")
    # The kills did land in the middle of uploads, the moments this test is about.
    assert mid_upload >= 5, mid_upload
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        lane = vault.lane(drain.LANE)
        report = drain.drain(lane, FolderTarget(share))
        assert {r.outcome for r in report.results} <= {"synced"}, report
        rows = outbox.entries(vault)
        with vault.read() as db:
            finalised = db.conn.execute(
                "SELECT record_id, version FROM record_version WHERE status = 'finalised' ORDER BY 1, 2").fetchall()
            synced_audits = db.conn.execute(
                "SELECT record_id, COUNT(*) FROM audit_log WHERE action = 'outbox.synced' GROUP BY record_id"
            ).fetchall()
        assert vault.verify_audit().ok
    assert len(finalised) > 3 + ROUNDS // 4, "the worker finalised records as it went"
    # No export lost, none twice: one row per finalised version.
    assert sorted((e.record_id, e.version) for e in rows) == sorted(finalised)
    assert {e.state for e in rows} == {"synced"}
    # Each marked synced exactly once, each at the target intact, nothing else there.
    assert dict(synced_audits) == {e.bundle_id: 1 for e in rows}
    assert sorted(p.name for p in share.iterdir()) == sorted(e.folder for e in rows)
    for e in rows:
        _folder_intact(share, e)
    assert time.monotonic() - started < 120
