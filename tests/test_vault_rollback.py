"""Rollback and truncation are found, attacked the way an intruder or an accident would: every
audit row deleted, the last rows removed, an old backup copied over vault.db by hand, a -wal
deleted after a crash with committed writes. Each is found at the next unlock (a warning, and an
audit row) and by ``audit verify``; ordinary use (lock and unlock, a restore through the app, a
change of key) never is."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iro_desktop.vault import Vault, audit, chain_head
from iro_desktop.vault.connection import connect
from iro_desktop.vault.vault import ROLLBACK_DETECTED

from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.vault_helpers import child_ids, data_key, seed_children

REPO = Path(__file__).resolve().parents[1]
NEW = "a different long passphrase for the rotation test 7"


def _unlock(home: Path, passphrase: str = PASSPHRASE) -> Vault:
    return Vault.unlock(home, passphrase, None, allow_no_keychain=True)


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        seed_children(vault, count=3)           # rows 2-4
        vault.backup_now()                      # an older copy, for the attacks below
        seed_children(vault, start=3, count=3)  # rows 5-7
        with vault.transaction() as tx:
            tx.set_setting("council_area", "Northshire")  # row 8
    return home


def _db(home: Path, key: bytes, *statements) -> list:
    """Run statements on the database file directly (the triggers dropped first), as someone
    with the key and a SQLite shell would."""
    conn = connect(home / "vault.db", key)
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for sql in statements:
            conn.execute(sql)
        conn.commit()
        return conn.execute("SELECT seq, action FROM audit_log ORDER BY seq").fetchall()
    finally:
        conn.close()


def _found_at_unlock(home: Path, passphrase: str = PASSPHRASE) -> tuple[str | None, audit.VerifyResult, list]:
    with _unlock(home, passphrase) as vault:
        warning = vault.integrity_warning
        result = vault.verify_audit()
        with vault.read() as db:
            rows = db.conn.execute("SELECT action, record_id FROM audit_log ORDER BY seq").fetchall()
    return warning, result, rows


def _not_flagged(home: Path, passphrase: str = PASSPHRASE) -> None:
    warning, result, rows = _found_at_unlock(home, passphrase)
    assert warning is None, warning
    assert result.ok and not result.regressed, str(result)
    assert ROLLBACK_DETECTED not in [a for a, _r in rows]


def test_every_audit_row_deleted_is_found(home):
    key = data_key(home, None)
    assert _db(home, key, "DELETE FROM audit_log") == []  # the attack happened
    warning, result, rows = _found_at_unlock(home)
    assert warning and "gone back in time" in warning and "restore your latest backup" in warning
    assert not result.ok and "empty" not in str(result)  # the unlock's own rows are there now
    assert "vault.create" in str(result)  # the log no longer begins with it: broken
    assert (ROLLBACK_DETECTED, chain_head.ROWS_MISSING) in rows


def test_the_last_rows_removed_are_found(home):
    key = data_key(home, None)
    assert [s for s, _a in _db(home, key, "DELETE FROM audit_log WHERE seq > 5")] == [1, 2, 3, 4, 5]
    warning, result, rows = _found_at_unlock(home)
    assert warning and "ends at row 5" in warning and "reached row 8" in warning
    assert not result.ok and result.regressed and "gone back in time" in str(result)
    assert rows[-1] == (ROLLBACK_DETECTED, chain_head.ROWS_MISSING)
    # Recorded once: the next unlock compares with the database as it now is, and verify
    # goes on reporting what was found.
    warning, result, rows = _found_at_unlock(home)
    assert warning is None and result.regressed and not result.ok
    assert [a for a, _r in rows].count(ROLLBACK_DETECTED) == 1


def test_an_old_backup_copied_over_the_database_by_hand_is_found(home):
    old = sorted((home / "backups").glob("manual-*.db"))[0]
    for suffix in ("-wal", "-shm"):
        Path(str(home / "vault.db") + suffix).unlink(missing_ok=True)
    shutil.copyfile(old, home / "vault.db")
    warning, result, rows = _found_at_unlock(home)
    assert warning and "gone back in time" in warning
    assert not result.ok and result.regressed
    assert rows[-1] == (ROLLBACK_DETECTED, chain_head.ROWS_MISSING)


def test_a_different_database_at_the_same_length_is_found(home, tmp_path):
    """Another copy that reached the same row number with other rows (a chain rewritten)."""
    key = data_key(home, None)
    head = chain_head.load(home, audit.mac_key(key))
    _db(home, key, "DELETE FROM audit_log WHERE seq = 8",
        "INSERT INTO audit_log VALUES (8, '2026-01-01T00:00:00.000000Z', 'x', 'x', 'x', 'x', 'x')")
    assert _db(home, key)[-1] == (8, "x") and head.seq == 8
    warning, _result, rows = _found_at_unlock(home)
    assert warning and "not the row recorded" in warning
    assert (ROLLBACK_DETECTED, chain_head.DIVERGED) in rows


def test_a_changed_head_file_is_found_and_a_missing_one_written_fresh(home):
    head_file = chain_head.path(home)
    doc = json.loads(head_file.read_text())
    doc["seq"] = 2  # point the head back, to hide a truncation
    head_file.write_text(json.dumps(doc))
    warning, _result, rows = _found_at_unlock(home)
    assert warning and "changed or damaged" in warning
    assert rows[-1] == (ROLLBACK_DETECTED, chain_head.HEAD_DAMAGED)
    # No head file at all (a vault from before this check): written fresh, not an error.
    head_file.unlink()
    warning, result, _rows = _found_at_unlock(home)
    assert warning is None and head_file.exists()
    key = audit.mac_key(data_key(home, None))
    assert chain_head.load(home, key).seq == result.rows


def test_ordinary_lock_and_unlock_is_not_flagged(home):
    for _ in range(3):
        with _unlock(home) as vault:
            seed_children(vault, start=10 + len(child_ids(vault)), count=1)
    _not_flagged(home)
    assert chain_head.load(home, audit.mac_key(data_key(home, None))).writes > 3


def test_a_restore_through_the_app_is_not_flagged(home):
    old = sorted((home / "backups").glob("manual-*.db"))[0]
    with _unlock(home) as vault:
        vault.restore(old)  # on the open vault (the Backups dialog)
        assert len(child_ids(vault)) == 3
    _not_flagged(home)
    old = sorted((home / "backups").glob("manual-*.db"))[0]
    Vault.restore_backup(home, PASSPHRASE, None, old, allow_no_keychain=True).close()  # at unlock
    _not_flagged(home)


def test_a_key_rotation_is_not_flagged(home):
    with _unlock(home) as vault:
        vault.change_passphrase(PASSPHRASE, NEW, None, allow_no_keychain=True)
        seed_children(vault, start=20, count=1)
    _not_flagged(home, NEW)


def test_the_wal_is_empty_or_gone_after_lock(home):
    with _unlock(home) as vault:
        seed_children(vault, start=30, count=20)
        wal = Path(str(home / "vault.db") + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the writes were in the -wal
    assert not wal.exists() or wal.stat().st_size == 0
    # Deleting it now loses nothing.
    wal.unlink(missing_ok=True)
    _not_flagged(home)
    with _unlock(home) as vault:
        assert len(child_ids(vault)) == 26


def test_the_command_line_reports_a_regression(home, tmp_path):
    key = data_key(home, None)
    _db(home, key, "DELETE FROM audit_log WHERE seq > 2")
    secret = tmp_path / "p.txt"
    secret.write_text(PASSPHRASE + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    env["PYTHONPATH"] = str(REPO)
    out = subprocess.run([sys.executable, "-c", "import tests.conftest; from iro_desktop.cli import main; "
                          "raise SystemExit(main())", "audit", "verify", "--vault", str(home),
                          "--passphrase-file", str(secret), "--no-keychain"],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert out.returncode != 0, out.stdout + out.stderr
    assert "gone back in time" in out.stdout and "Traceback" not in out.stderr
    assert out.stderr.startswith("Warning: This vault may have gone back in time")  # every command says it


def _kill_while_committing(home: Path, after: float) -> int:
    """Run the committing worker, SIGKILL it after ``after`` seconds; the last acknowledged seq."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "tests.support.commit_kill_worker", str(home),
                             PASSPHRASE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=REPO)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL  # the kill really happened
    acknowledged = [int(line) for line in out.split()]
    assert acknowledged, "nothing was committed before the kill"
    return acknowledged[-1]


def _committed(home: Path, key: bytes) -> int:
    """The newest audit row committed, read from a copy of the database and its -wal (opening
    the real ones would checkpoint the -wal and undo the attack)."""
    scratch = home.parent / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(str(home / "vault.db") + suffix, str(scratch / "vault.db") + suffix)
    conn = connect(scratch / "vault.db", key)
    try:
        return conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    finally:
        conn.close()


def test_a_wal_deleted_after_a_kill_with_committed_writes_is_found(home):
    """SIGKILL in the middle of a stream of commits, then the -wal deleted (a crash and a
    careless tidy, or a sync tool copying only vault.db). Rounds at random moments."""
    import random

    rng = random.Random(11)
    key = data_key(home, None)
    mac_key = audit.mac_key(key)
    found = lost_rounds = 0
    for _round in range(6):
        acknowledged = _kill_while_committing(home, rng.uniform(0.3, 0.8))
        wal = Path(str(home / "vault.db") + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # committed writes live in the -wal
        head = chain_head.load(home, mac_key)
        assert head.seq <= _committed(home, key)  # the head is never ahead of what was committed
        assert acknowledged <= _committed(home, key)
        wal.unlink()
        Path(str(home / "vault.db") + "-shm").unlink(missing_ok=True)
        conn = connect(home / "vault.db", key)
        try:
            on_file = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        finally:
            conn.close()
        warning, _result, rows = _found_at_unlock(home)
        if on_file < head.seq:
            lost_rounds += 1
            found += warning is not None and rows[-1][0] == ROLLBACK_DETECTED
        else:
            assert warning is None
    assert lost_rounds >= 4, "the attack did not lose acknowledged commits often enough to test"
    assert found == lost_rounds


def test_a_kill_without_touching_the_wal_is_not_flagged(home):
    for after in (0.3, 0.5):
        acknowledged = _kill_while_committing(home, after)
        with _unlock(home) as vault:
            assert vault.integrity_warning is None
            with vault.read() as db:
                assert db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0] >= acknowledged
    _not_flagged(home)
