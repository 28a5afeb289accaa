"""A damaged vault is reported, never replaced; backups rotate, stay encrypted and restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from iro_desktop.errors import IroError, VaultCorrupt, VaultInUse, WrongPassphrase
from iro_desktop.vault import KdfParams, Keychain, Vault, audit, backups
from iro_desktop.vault.connection import connect

from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.memory_keyring import MemoryKeyring
from tests.support.vault_helpers import (
    assert_no_markers, child_ids, data_key, files_under, seed_children, snapshot,
)


def _overwrite_middle(db: Path) -> None:
    data = db.read_bytes()
    mid = len(data) // 2
    db.write_bytes(data[:mid] + b"\xa5" * 200 + data[mid + 200:])


def _truncate_half(db: Path) -> None:
    os.truncate(db, db.stat().st_size // 2)


def _truncate_to_zero(db: Path) -> None:
    os.truncate(db, 0)


def _truncate_to_header(db: Path) -> None:
    os.truncate(db, 100)


def _garbage(db: Path) -> None:
    db.write_bytes(os.urandom(db.stat().st_size))


def _delete(db: Path) -> None:
    db.unlink()


DAMAGE = {
    "bytes overwritten in the middle": _overwrite_middle,
    "truncated to half": _truncate_half,
    "truncated to nothing": _truncate_to_zero,
    "truncated inside the first page": _truncate_to_header,
    "replaced with garbage": _garbage,
    "deleted": _delete,
}


@pytest.fixture
def populated(vault, vault_home):
    """A vault with enough children to span many pages, a backup, then closed."""
    seed_children(vault, count=300)
    backup = vault.backup_now("manual")
    vault.close()
    return backup


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damaged_database_is_reported_and_left_alone(populated, vault_home, keychain, damage):
    db = vault_home / "vault.db"
    DAMAGE[damage](db)
    before = snapshot(vault_home)

    for _ in range(2):  # a second attempt must not "repair" anything either
        with pytest.raises(VaultCorrupt) as info:
            Vault.unlock(vault_home, PASSPHRASE, keychain)
        message = str(info.value)
        assert str(db) in message
        assert populated.name in message
        assert info.value.latest_backup == populated
        assert "Nothing was overwritten" in message

    # No new empty vault over the damaged one: every file is exactly as the damage left it.
    assert snapshot(vault_home) == before
    assert db.exists() == (damage != "deleted")


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_restore_backup_brings_the_data_back_and_keeps_the_damaged_file(
        populated, vault_home, keychain, damage):
    db = vault_home / "vault.db"
    DAMAGE[damage](db)
    damaged = db.read_bytes() if db.exists() else None
    with pytest.raises(VaultCorrupt):
        Vault.unlock(vault_home, PASSPHRASE, keychain)

    with Vault.restore_backup(vault_home, PASSPHRASE, keychain, populated) as vault:
        assert len(child_ids(vault)) == 300
        assert vault.verify_audit().ok
        with vault.read() as db_:
            last = db_.conn.execute(
                "SELECT action, record_id FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        assert last == ("vault.restore", populated.name)

    kept = [p for p in files_under(vault_home / "backups") if p.name.startswith("replaced-")
            and p.suffix == ".db"]
    if damaged is None:
        assert kept == []
    else:
        assert [p.read_bytes() for p in kept] == [damaged]
    assert populated.exists()  # the backup itself is kept
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as vault:
        assert len(child_ids(vault)) == 300


def test_damaged_vault_without_backup_says_so(vault, vault_home, keychain):
    seed_children(vault)
    vault.close()
    _garbage(vault_home / "vault.db")
    with pytest.raises(VaultCorrupt, match="No backup was found") as info:
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert info.value.latest_backup is None


def test_set_aside_copies_are_not_offered_as_the_latest_backup(populated, vault_home, keychain):
    with Vault.restore_backup(vault_home, PASSPHRASE, keychain, populated):
        pass
    # The newest file in backups/ is now the set-aside copy; the message must still name the real one.
    _garbage(vault_home / "vault.db")
    with pytest.raises(VaultCorrupt) as info:
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert info.value.latest_backup == populated


def _unchanged_after(vault_home, call):
    before = snapshot(vault_home)
    call()
    after = snapshot(vault_home)
    assert {k: v for k, v in after.items() if k != "unlock-attempts.json"} == before


def test_restore_backup_with_wrong_passphrase_changes_nothing(populated, vault_home, keychain):
    def call():
        with pytest.raises(WrongPassphrase):
            Vault.restore_backup(vault_home, "Wrong-passphrase-entirely-7", keychain, populated)
    _unchanged_after(vault_home, call)


def test_restore_refuses_a_backup_from_another_vault(populated, vault_home, keychain, tmp_path):
    other, _ = Vault.create(tmp_path / "other", PASSPHRASE, Keychain(MemoryKeyring()), kdf=FAST_KDF)
    foreign = other.backup_now()
    other.close()

    def call():
        with pytest.raises(IroError, match="cannot be read with this vault's key"):
            Vault.restore_backup(vault_home, PASSPHRASE, keychain, foreign)
    _unchanged_after(vault_home, call)


@pytest.mark.parametrize("damage", [_overwrite_middle, _truncate_to_zero, _garbage],
                         ids=["middle", "empty", "garbage"])
def test_restore_refuses_a_damaged_backup(populated, vault_home, keychain, damage):
    damage(populated)

    def call():
        with pytest.raises(IroError, match=populated.name) as info:
            Vault.restore_backup(vault_home, PASSPHRASE, keychain, populated)
        assert "Nothing was changed" in str(info.value)
    _unchanged_after(vault_home, call)
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as vault:
        assert len(child_ids(vault)) == 300


def test_restore_backup_while_open_elsewhere_is_refused(populated, vault_home, keychain):
    with Vault.unlock(vault_home, PASSPHRASE, keychain):
        before = snapshot(vault_home)
        with pytest.raises(VaultInUse):
            Vault.restore_backup(vault_home, PASSPHRASE, keychain, populated)
        assert snapshot(vault_home) == before


def test_restore_on_an_open_vault(vault, vault_home):
    seed_children(vault, count=3)
    backup = vault.backup_now()
    seed_children(vault, start=3, count=4)
    assert len(child_ids(vault)) == 7
    vault.restore(backup)
    assert len(child_ids(vault)) == 3
    assert vault.verify_audit().ok
    assert any(p.name.startswith("replaced-") for p in files_under(vault_home / "backups"))


# ---- backups ------------------------------------------------------------------------------

def test_daily_backups_rotate_keeping_seven(vault, vault_home):
    seed_children(vault)
    first = date(2026, 3, 1)
    for n in range(10):
        made = backups.backup_daily(vault.conn, vault_home, today=first + timedelta(days=n))
        assert made is not None and made.name == f"daily-{first + timedelta(days=n)}.db"
    names = sorted(p.name for p in (vault_home / "backups").glob("daily-*"))
    assert names == [f"daily-{first + timedelta(days=n)}.db" for n in range(3, 10)]
    assert backups.KEEP_DAILY == 7


def test_daily_backup_is_made_once_a_day(vault, vault_home):
    today = date(2026, 3, 1)
    assert backups.backup_daily(vault.conn, vault_home, today=today) is not None
    assert backups.backup_daily(vault.conn, vault_home, today=today) is None
    assert len(list((vault_home / "backups").glob("daily-*"))) == 1
    assert vault.backup_if_due() is not None  # today's real date: a new daily backup
    assert vault.backup_if_due() is None


def test_rotation_never_removes_named_backups(vault, vault_home):
    named = vault.backup_now("manual")
    for n in range(9):
        backups.backup_daily(vault.conn, vault_home, today=date(2026, 4, 1) + timedelta(days=n))
    assert named.exists()


def test_backups_are_encrypted_and_open_with_the_vault_key(vault, vault_home, keychain):
    seed_children(vault, count=12)
    made = [backups.backup_daily(vault.conn, vault_home, today=date(2026, 5, d)) for d in (1, 2)]
    made.append(vault.backup_now("manual"))
    key = data_key(vault_home, keychain)
    assert_no_markers(vault_home / "backups")
    for path in made:
        plain = sqlite3.connect(path)
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
        plain.close()
        with pytest.raises(Exception, match="file is not a database"):
            connect(path, os.urandom(32))
        conn = connect(path, key)
        try:
            assert conn.execute("SELECT count(*) FROM child").fetchone()[0] == 12
            assert audit.verify(conn, audit.mac_key(key)).ok
        finally:
            conn.close()


def test_backups_leave_no_partial_or_scratch_files(populated, vault_home, keychain):
    with Vault.restore_backup(vault_home, PASSPHRASE, keychain, populated) as vault:
        vault.backup_now()
    leftovers = [p.name for p in files_under(vault_home) if p.name.startswith(".")]
    assert leftovers == []


def test_backups_open_with_a_kdf_independent_key(tmp_path):
    """Backups use the data key itself, so a changed passphrase still restores old backups."""
    keychain = Keychain(MemoryKeyring())
    home = tmp_path / "v"
    vault, _ = Vault.create(home, PASSPHRASE, keychain, kdf=KdfParams(1, 1024, 1))
    seed_children(vault, count=2)
    old = vault.backup_now()
    vault.change_passphrase(PASSPHRASE, "Lantern-copper-harbour-88", keychain)
    vault.close()
    _garbage(home / "vault.db")
    with Vault.restore_backup(home, "Lantern-copper-harbour-88", keychain, old) as again:
        assert len(child_ids(again)) == 2


def test_committed_data_still_in_the_wal_survives_a_crash(vault, vault_home, keychain, tmp_path):
    """Copy the folder while the vault is open, as a power cut would leave it: nothing is lost."""
    seed_children(vault, count=4)
    assert (vault_home / "vault.db-wal").stat().st_size > 0
    crashed = tmp_path / "crashed"
    shutil.copytree(vault_home, crashed)
    with Vault.unlock(crashed, PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 4
        assert again.verify_audit().ok
