"""Storage and encryption: nothing readable lands on disk, in any file, at any moment."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import stat

import pytest
import sqlcipher3

from iro_desktop.errors import WrongPassphrase
from iro_desktop.vault import Vault
from iro_desktop.vault.connection import KeyCheckFailed, connect

from tests.conftest import FAST_KDF, MARKERS, PASSPHRASE
from tests.support.vault_helpers import (
    assert_no_markers, child_ids, child_row, data_key, files_under, key_needles, leaks_in,
    keychain_entry, marker_needles, seed_children,
)


def test_round_trip(vault, vault_home, keychain):
    ids = seed_children(vault, count=3)
    with vault.transaction() as tx:
        tx.set_setting("council_area", "Northshire")
    vault.close()
    assert not vault.is_open

    again = Vault.unlock(vault_home, PASSPHRASE, keychain)
    try:
        assert child_ids(again) == ids
        with again.read() as db:
            row = db["child"].get("CH0001")
        assert (row["first_name"], row["last_name"]) == (MARKERS[0], MARKERS[1])
        assert row["iro_notes"].startswith(MARKERS[2])
        assert again.setting("council_area") == "Northshire"
        assert again.verify_audit().ok
    finally:
        again.close()


def test_marker_scan_finds_plaintext_in_an_ordinary_database(tmp_path):
    """Control: the scanner does find the markers where they are stored in the clear."""
    for encoding in ("UTF-8", "UTF-16le", "UTF-16be"):
        folder = tmp_path / encoding
        folder.mkdir()
        conn = sqlite3.connect(folder / "plain.db")
        conn.execute(f"PRAGMA encoding = '{encoding}'")
        conn.execute("CREATE TABLE t (a, b, c)")
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", MARKERS)
        conn.commit()
        conn.close()
        with pytest.raises(AssertionError, match="plaintext found"):
            assert_no_markers(folder)


def test_no_markers_in_any_file_while_open_and_after_close(vault, vault_home, keychain):
    key = data_key(vault_home, keychain)
    needles = key_needles(key)
    # A small page cache makes SQLite spill uncommitted pages into the WAL before COMMIT.
    vault.conn.execute("PRAGMA cache_size = 5")
    wal = vault_home / "vault.db-wal"
    shm = vault_home / "vault.db-shm"
    wal_before = wal.stat().st_size

    with vault.transaction() as tx:
        for i in range(300):
            row = child_row(i)
            tx.db["child"].insert(row)
            tx.audit("child.create", "child", row["child_id"])
        # Uncommitted: most of the new rows' pages are in the WAL already.
        assert wal.stat().st_size > wal_before + 100 * 1024
        assert shm.exists()
        scanned = assert_no_markers(vault_home, needles)
        assert {wal, shm, vault_home / "vault.db", vault_home / "keyslots.json"} <= set(scanned)

    # Committed, still in the WAL (no checkpoint yet).
    assert wal.stat().st_size > wal_before + 100 * 1024
    assert_no_markers(vault_home, needles)
    vault.backup_now("manual")
    assert vault.backup_if_due() is not None
    assert_no_markers(vault_home, needles)

    vault.close()
    names = {p.name for p in files_under(vault_home)}
    assert "vault.db" in names and any(n.startswith("manual-") for n in names)
    scanned = assert_no_markers(vault_home, needles)
    assert len(scanned) >= 5  # db, key slots, lock, two backups


def test_after_restore_and_set_aside_no_file_holds_markers(vault, vault_home, keychain):
    seed_children(vault, count=20)
    backup = vault.backup_now()
    seed_children(vault, start=20, count=5)
    vault.restore(backup)
    assert any(p.name.startswith("replaced-") for p in files_under(vault_home / "backups"))
    assert_no_markers(vault_home, key_needles(data_key(vault_home, keychain)))


def test_no_secret_reaches_any_file(vault_and_code, vault_home, keychain):
    vault, code = vault_and_code
    seed_children(vault)
    vault.backup_now()
    vault.close()
    secret = keychain.device_secret(keychain_entry(vault_home))
    needles = key_needles(data_key(vault_home, keychain)) + [
        ("passphrase", PASSPHRASE.encode()),
        ("passphrase utf-16", PASSPHRASE.encode("utf-16-le")),
        ("recovery code", code.encode()),
        ("recovery code without dashes", code.replace("-", "").encode()),
        ("device secret", secret),
        ("device secret base64", base64.b64encode(secret)),
    ]
    assert_no_markers(vault_home, needles)


def test_key_slots_file_holds_only_wrapped_keys(vault, vault_home):
    doc = json.loads((vault_home / "keyslots.json").read_text())
    assert set(doc["slots"]) == {"passphrase", "recovery"}
    for slot in doc["slots"].values():
        assert set(slot) - {"public_key", "ephemeral"} == {
            "kind", "kdf", "salt", "nonce", "wrapped_key", "keychain_entry", "mac"}
        # 32-byte key + 16-byte GCM tag, base64: ciphertext only.
        assert len(slot["wrapped_key"]) == 64
    assert doc["format"] == 2
    assert doc["slots"]["passphrase"]["keychain_entry"] == keychain_entry(vault_home) is not None
    assert doc["slots"]["recovery"]["keychain_entry"] is None


@pytest.mark.parametrize("which", ["vault", "backup"])
def test_standard_library_sqlite_cannot_read_the_files(vault, vault_home, which):
    seed_children(vault)
    path = vault.backup_now() if which == "backup" else vault_home / "vault.db"
    vault.close()
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            conn.execute("SELECT * FROM sqlite_master").fetchall()
    finally:
        conn.close()


def test_file_header_is_not_the_sqlite_magic(vault, vault_home):
    vault.close()
    assert not (vault_home / "vault.db").read_bytes().startswith(b"SQLite format 3\x00")


def test_cipher_version_is_reported_on_the_connection(vault):
    version = vault.conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert version and version[0].isdigit()
    assert int(version.split(".")[0]) >= 4


def test_connection_settings(vault):
    assert vault.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert vault.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert vault.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert vault.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY


def test_the_wrong_key_cannot_read_the_database(vault, vault_home, keychain):
    seed_children(vault)
    vault.close()
    with pytest.raises(KeyCheckFailed, match="file is not a database"):
        connect(vault_home / "vault.db", os.urandom(32))
    conn = connect(vault_home / "vault.db", data_key(vault_home, keychain))
    try:
        assert conn.execute("SELECT count(*) FROM child").fetchone()[0] == 5
    finally:
        conn.close()


def test_vault_files_are_owner_only(vault, vault_home):
    seed_children(vault)
    vault.backup_now()
    assert stat.S_IMODE(vault_home.stat().st_mode) == 0o700
    assert stat.S_IMODE((vault_home / "backups").stat().st_mode) == 0o700
    checked = 0
    for p in files_under(vault_home):
        if p.name == "vault.lock":
            assert p.stat().st_size == 0  # holds nothing
            continue
        assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p.name
        checked += 1
    assert checked >= 5  # db, -wal, -shm, key slots, backup


def test_failed_attempt_counter_is_owner_only_and_holds_nothing_personal(vault, vault_home, keychain):
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, "Not-the-right-one-99", keychain)
    attempts = vault_home / "unlock-attempts.json"
    assert stat.S_IMODE(attempts.stat().st_mode) & 0o077 == 0
    assert b"Not-the-right" not in attempts.read_bytes()
    assert not leaks_in(attempts, marker_needles())


# ---- SQLCipher settings are pinned, not left to the library's defaults ---------------------

V4_SETTINGS = {
    "cipher_page_size": "4096",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
    "kdf_iter": "256000",
    "cipher_plaintext_header_size": "0",
}


def _cipher_settings(conn) -> dict[str, str]:
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in V4_SETTINGS}


@pytest.fixture
def other_library_defaults():
    """Make SQLCipher's process-wide defaults those of another version (3.x), as a future
    release with new defaults would; put the 4.x defaults back afterwards."""
    scratch = sqlcipher3.connect(":memory:")
    scratch.execute("PRAGMA cipher_default_compatibility = 3")
    try:
        control = sqlcipher3.connect(":memory:")
        control.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")
        # Control: an unpinned connection really does pick up the changed defaults.
        assert control.execute("PRAGMA cipher_page_size").fetchone()[0] == "1024"
        control.close()
        yield
    finally:
        scratch.execute("PRAGMA cipher_default_compatibility = 4")
        scratch.close()


def test_cipher_settings_are_sqlcipher_4(vault):
    assert _cipher_settings(vault.conn) == V4_SETTINGS


def _read_as_sqlcipher_4(path, key: bytes) -> int:
    """Children in ``path``, read by a connection that asks for SQLCipher 4 settings explicitly."""
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
        return conn.execute("SELECT count(*) FROM child").fetchone()[0]
    finally:
        conn.close()


def test_vault_opens_when_the_library_defaults_change(vault, vault_home, keychain, other_library_defaults):
    seed_children(vault, count=3)
    vault.close()
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert _cipher_settings(again.conn) == V4_SETTINGS
        assert len(child_ids(again)) == 3


def test_vault_made_under_other_defaults_is_still_sqlcipher_4(tmp_path, keychain, other_library_defaults):
    home = tmp_path / "made-elsewhere"
    vault, _ = Vault.create(home, PASSPHRASE, keychain, kdf=FAST_KDF)
    seed_children(vault, count=2)
    assert _cipher_settings(vault.conn) == V4_SETTINGS
    vault.close()
    assert _read_as_sqlcipher_4(home / "vault.db", data_key(home, keychain)) == 2


def test_backup_made_under_other_defaults_is_still_sqlcipher_4(vault, vault_home, keychain,
                                                               other_library_defaults):
    seed_children(vault, count=3)
    backup = vault.backup_now()
    daily = vault.backup_if_due()
    for made in (backup, daily):
        assert _read_as_sqlcipher_4(made, data_key(vault_home, keychain)) == 3
    seed_children(vault, start=3, count=2)
    vault.restore(backup)  # checked and opened the same way as the vault
    assert len(child_ids(vault)) == 3
