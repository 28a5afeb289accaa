"""Replacing a secret revokes the old one: the data key is replaced, the database and backups
re-encrypted, and an older copy of keyslots.json opens nothing. Attacked the way a reviewer
would: an old key file kept aside, and SIGKILL at every step and at random moments."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iro_desktop.errors import KeyFileOutOfDate, WrongPassphrase, WrongRecoveryCode
from iro_desktop.vault import Vault, keyslots, rotation
from iro_desktop.vault.connection import KeyCheckFailed, connect

from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.vault_helpers import child_ids, seed_children

NEW = "Harbour-lantern-copper-57"
THIRD = "Fresh-lantern-quarry-93"
REPO = Path(__file__).resolve().parents[1]
STEPS = ("backups staged", "journal written", "database rekeyed", "generation stamped",
         "checkpointed", "backups replaced", "committed")


def _key_of(home: Path, passphrase: str, slots_file: Path | None = None) -> bytes | None:
    slots = keyslots.KeySlotsFile.load(slots_file or home / "keyslots.json")
    return keyslots.open_slot(slots.vault_id, slots.slots[keyslots.PASSPHRASE], passphrase.encode())


def _opens(db: Path, key: bytes | None) -> bool:
    if key is None:
        return False
    try:
        connect(db, key).close()
    except KeyCheckFailed:
        return False
    return True


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "vault"
    vault, code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        seed_children(vault, count=20)
        vault.backup_now()
        vault.backup_if_due()
    (home / "code.txt").write_text(code)  # kept beside for the test only
    return home


def test_an_old_key_file_and_the_old_passphrase_open_nothing_after_a_change(home):
    old_slots = (home / "keyslots.json").read_bytes()
    old_key = _key_of(home, PASSPHRASE)
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        vault.change_passphrase(PASSPHRASE, NEW, None, allow_no_keychain=True)
        seed_children(vault, start=100, count=1)  # written after the change
    # The attack: put the old key file back and use the old passphrase.
    current = (home / "keyslots.json").read_bytes()
    (home / "keyslots.json").write_bytes(old_slots)
    assert _key_of(home, PASSPHRASE) == old_key  # the old file does still unwrap the old key...
    with pytest.raises(KeyFileOutOfDate) as refused:
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)
    assert "older copy" in str(refused.value) and "Traceback" not in str(refused.value)
    # ...which opens neither the database nor any backup.
    assert not _opens(home / "vault.db", old_key)
    made = sorted((home / "backups").glob("*.db"))
    assert len(made) == 2 and not any(_opens(p, old_key) for p in made)
    # The old recovery code with the old file: nothing either.
    with pytest.raises(KeyFileOutOfDate):
        Vault.unlock_with_recovery(home, (home / "code.txt").read_text(), THIRD, None,
                                   allow_no_keychain=True)
    (home / "keyslots.json").write_bytes(current)
    with Vault.unlock(home, NEW, None, allow_no_keychain=True) as vault:
        assert len(child_ids(vault)) == 21
        assert vault.verify_audit().ok
    assert all(_opens(p, _key_of(home, NEW)) for p in made)  # backups re-encrypted, not lost


def test_after_a_new_recovery_code_the_old_code_opens_nothing_with_any_key_file(home):
    old_code = (home / "code.txt").read_text()
    old_slots = (home / "keyslots.json").read_bytes()
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        new_code = vault.replace_recovery_code(PASSPHRASE, None, allow_no_keychain=True)
    with pytest.raises(WrongRecoveryCode):
        Vault.unlock_with_recovery(home, old_code, THIRD, None, allow_no_keychain=True)
    kept = (home / "keyslots.json").read_bytes()
    (home / "keyslots.json").write_bytes(old_slots)
    with pytest.raises(KeyFileOutOfDate):
        Vault.unlock_with_recovery(home, old_code, THIRD, None, allow_no_keychain=True)
    with pytest.raises(KeyFileOutOfDate):  # and the same passphrase with the old file
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)
    (home / "keyslots.json").write_bytes(kept)
    Vault.unlock_with_recovery(home, new_code, THIRD, None, allow_no_keychain=True).close()
    Vault.unlock(home, THIRD, None, allow_no_keychain=True).close()


def test_recovering_revokes_the_forgotten_passphrase_but_keeps_the_code(home):
    code = (home / "code.txt").read_text()
    old_slots = (home / "keyslots.json").read_bytes()
    Vault.unlock_with_recovery(home, code, NEW, None, allow_no_keychain=True).close()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)
    (home / "keyslots.json").write_bytes(old_slots)
    with pytest.raises(KeyFileOutOfDate):
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)


def test_generation_is_stamped_in_the_key_file_and_the_database(home):
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        assert json.loads((home / "keyslots.json").read_text())["generation"] == 1
        vault.change_passphrase(PASSPHRASE, NEW, None, allow_no_keychain=True)
        vault.change_passphrase(NEW, THIRD, None, allow_no_keychain=True)
        assert vault.setting(rotation.GENERATION_SETTING) == "3"
    assert json.loads((home / "keyslots.json").read_text())["generation"] == 3
    assert not rotation.journal_path(home).exists()
    assert not list((home / "backups").glob(".rekey-*"))


def test_the_lanes_follow_the_new_key(home):
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        lane = vault.lane("drafts")
        with lane.read() as db:
            db.conn.execute("SELECT count(*) FROM child").fetchone()
        vault.change_passphrase(PASSPHRASE, NEW, None, allow_no_keychain=True)
        with lane.transaction() as tx:
            tx.set_setting("lane-after-rotation", "yes")
        assert vault.setting("lane-after-rotation") == "yes"


def test_a_failed_rekey_leaves_the_old_passphrase_working(home, monkeypatch):
    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rotation, "rekey", full)
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        with pytest.raises(OSError):
            vault.change_passphrase(PASSPHRASE, NEW, None, allow_no_keychain=True)
        assert len(child_ids(vault)) == 20  # still open, on the old key
        # ...and its new connection keeps the schema guard every connection has.
        with pytest.raises(Exception, match="not authori[sz]ed"):
            vault.conn.execute("DROP TRIGGER audit_log_no_delete")
    assert not rotation.journal_path(home).exists()
    Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True).close()


def _run_worker(home: Path, old: str, new: str, mode: str, kill_after: float | None):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "tests.support.rotation_kill_worker", str(home),
                             old, new, mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=REPO)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    if kill_after is not None:
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


def _which_opens(home: Path) -> str:
    """The one passphrase that opens the vault now (settling a half-done rotation)."""
    opened = []
    children = int((home / "children.txt").read_text()) if (home / "children.txt").exists() else 20
    for candidate in (PASSPHRASE, NEW):
        try:
            with Vault.unlock(home, candidate, None, allow_no_keychain=True) as vault:
                assert len(child_ids(vault)) == children
                assert vault.verify_audit().ok
            opened.append(candidate)
        except WrongPassphrase:
            pass
    assert len(opened) == 1, f"opened by {len(opened)} passphrases"
    return opened[0]


def _assert_settled(home: Path) -> None:
    assert not rotation.journal_path(home).exists()
    assert not list((home / "backups").glob(".rekey-*"))
    key = _key_of(home, _which_opens(home))
    assert all(_opens(p, key) for p in (home / "backups").glob("*.db"))


@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_each_step_leaves_a_vault_one_passphrase_opens(home, step):
    code, _out, _err = _run_worker(home, PASSPHRASE, NEW, f"step:{step}", None)
    assert code == -signal.SIGKILL  # the kill really happened, at that step
    committed = STEPS.index(step) >= STEPS.index("database rekeyed")
    assert _which_opens(home) == (NEW if committed else PASSPHRASE)
    _assert_settled(home)
    # The recovery code still opens it, whichever way it was settled.
    Vault.unlock_with_recovery(home, (home / "code.txt").read_text(), THIRD, None,
                               allow_no_keychain=True).close()


def test_sigkill_at_random_moments_never_leaves_a_vault_no_secret_opens(home):
    # A larger database, so the rekey and what follows it take long enough to aim at.
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        seed_children(vault, start=1000, count=4000)
    (home / "children.txt").write_text("4020")
    # How long one rotation takes here (clean runs, both ways), so kills land inside it.
    durations = []
    for old, new in ((PASSPHRASE, NEW), (NEW, PASSPHRASE)):
        code, out, _err = _run_worker(home, old, new, "timer", None)
        assert code == 0
        durations.append(float(out.split()[-1]))
    clean = min(durations)
    rng = random.Random(1121)
    current, killed, outcomes = PASSPHRASE, 0, {"old": 0, "new": 0}
    rounds = 36
    for _ in range(rounds):
        other = NEW if current == PASSPHRASE else PASSPHRASE
        code, _out, _err = _run_worker(home, current, other, "timer",
                                       # half over the whole rotation, half
                                       # around its end, where the rekey commits
                                       rng.uniform(0, clean) if rng.random() < 0.5
                                       else rng.uniform(0.6 * clean, 1.1 * clean))
        killed += code == -signal.SIGKILL
        opened = _which_opens(home)
        assert opened in (current, other)
        outcomes["new" if opened == other else "old"] += 1
        _assert_settled(home)
        current = opened
    assert killed >= 25, f"only {killed} of {rounds} rounds were killed mid-way"
    assert outcomes["old"] and outcomes["new"], outcomes  # kills landed both sides of the commit
    Vault.unlock_with_recovery(home, (home / "code.txt").read_text(), THIRD, None,
                               allow_no_keychain=True).close()


def test_rotation_time_on_a_demo_sized_vault(tmp_path, capsys):
    """The figure for the report: one rotation on the demo vault (70 children)."""
    from iro_desktop.demo_vault import DEMO_PASSPHRASE, open_demo_vault

    home = tmp_path / "demo"
    with open_demo_vault(home, kdf=FAST_KDF) as vault:
        vault.backup_if_due()
        start = time.perf_counter()
        vault.change_passphrase(DEMO_PASSPHRASE, NEW, None, allow_no_keychain=True)
        took = time.perf_counter() - start
    size = (home / "vault.db").stat().st_size
    with capsys.disabled():
        print(f"\nrotation on the demo vault ({size // 1024} KiB, 1 backup): {took * 1000:.0f} ms")
    assert took < 30
