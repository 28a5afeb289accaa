"""The start-up tidy (iro_desktop.housekeeping): what a killed run of the app left in the vault's
folders is removed when the app or a command starts, and nothing else ever is."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from iro_desktop import files, housekeeping
from tests.support.cli_runner import ROOT, run_cli

OLD = files.STALE_AFTER_S + 60


def _age(path: Path, seconds: float = OLD) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def _plant(home: Path) -> tuple[list[Path], list[Path]]:
    """Stale leftovers of the app's own making, and files that must stay."""
    backups = home / "backups"
    backups.mkdir(parents=True)
    stale = [home / files.temp_name("keyslots.json"), home / files.temp_name("unlock-attempts.json"),
             home / housekeeping.RESTORING_NAME, backups / ".manual-20260101T000000000000Z.partial",
             backups / files.temp_name("daily-2026-01-01.db")]
    kept = [home / "vault.db", home / "vault.db-wal", home / "vault.db-shm", home / "keyslots.json",
            home / ".hidden-of-someone-else", home / "notes.tmp", backups / "daily-2026-01-01.db",
            backups / "manual-20260101T000000000000Z.db"]
    for p in stale + kept:
        p.write_bytes(b"x")
    for p in stale + kept:
        _age(p)
    fresh = [home / files.temp_name("keyslots.json"), backups / ".pre-import-20260101T000000000000Z.partial"]
    for p in fresh:
        p.write_bytes(b"x")
    return stale, kept + fresh


def test_tidy_removes_only_stale_leftovers_of_the_apps_own_making(tmp_path):
    home = tmp_path / "vault"
    stale, kept = _plant(home)
    done = housekeeping.tidy(home)
    assert sorted(done.removed) == sorted(stale)
    assert all(p.exists() for p in kept)
    assert not any(p.exists() for p in stale)


def test_tidy_never_fails(tmp_path):
    assert not housekeeping.tidy(tmp_path / "does-not-exist")
    (tmp_path / "file").write_text("x")
    assert not housekeeping.tidy(tmp_path / "file")


KILLED_BACKUP = """
import os, signal, sys
from pathlib import Path
from iro_desktop.vault import Vault, backups
try:
    from iro_desktop.vault.kdf import KdfParams, use_test_kdf
    use_test_kdf(KdfParams(1, 1024, 1))
except ImportError:
    pass
real = os.replace
def kill_instead(src, dst):
    if str(src).endswith(".partial"):
        os.kill(os.getpid(), signal.SIGKILL)  # the backup is written, not yet renamed
    return real(src, dst)
backups.os.replace = kill_instead
vault = Vault.unlock(Path(sys.argv[1]), sys.argv[2], None, allow_no_keychain=True)
vault.backup_now("manual")
"""


def test_a_backup_killed_before_its_rename_leaves_a_partial_the_next_command_removes(tmp_path):
    from iro_desktop.vault import Vault
    from tests.conftest import FAST_KDF, PASSPHRASE
    from tests.support.kdf_helpers import enable_fast_kdf

    enable_fast_kdf()
    home = tmp_path / "vault"
    Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)[0].close()
    out = subprocess.run([sys.executable, "-c", KILLED_BACKUP, str(home), PASSPHRASE], cwd=ROOT,
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert out.returncode == -signal.SIGKILL, out.stderr
    [partial] = [p for p in (home / "backups").iterdir() if p.name.endswith(".partial")]
    assert partial.stat().st_size > 0  # the attack: a whole encrypted copy left behind
    listed = run_cli("backup", "list", "--vault", home)
    assert listed.returncode == 0 and partial.exists()  # too young: maybe another copy is writing it
    _age(partial)
    listed = run_cli("backup", "list", "--vault", home)
    assert listed.returncode == 0, listed.stderr
    assert not partial.exists()


def test_the_app_tidies_its_vault_folder_at_start(tmp_path, monkeypatch):
    import ui.app.app as app_module
    from ui.app import launch

    home = tmp_path / "vault"
    stale, kept = _plant(home)
    started = []
    monkeypatch.setattr(app_module, "run", lambda options: started.append(options) or 0)
    assert launch._start_gui(argparse.Namespace(vault=str(home), demo=False, no_keychain=True)) == 0
    assert started and not any(p.exists() for p in stale) and all(p.exists() for p in kept)
