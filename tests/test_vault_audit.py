"""The audit log: a hash chain that shows tampering, append-only, written with every change."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from iro_desktop.vault import Vault, audit
from iro_desktop.vault.connection import DatabaseError, connect
from iro_desktop.vault.vault import AuditMissing

from tests.conftest import MARKERS, PASSPHRASE
from tests.support.vault_helpers import child_ids, child_row, data_key, marker_needles, seed_children


@pytest.fixture
def logged(vault, vault_home, keychain):
    """A closed vault with a few audit rows (seq 1 is vault.create), and its data key."""
    seed_children(vault, count=4)   # rows 2..5
    with vault.transaction() as tx:
        tx.set_setting("council_area", "Northshire")  # row 6
    vault.close()
    return vault_home, data_key(vault_home, keychain)


def _tamper(home, key, *statements):
    conn = connect(home / "vault.db", key)
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for sql, *params in statements:
            conn.execute(sql, *params)
        conn.commit()
    finally:
        conn.close()


def _verify(home, keychain) -> audit.VerifyResult:
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        return vault.verify_audit()


def _rows(vault):
    with vault.read() as db:
        return db.conn.execute(
            "SELECT seq, action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()


def _last_row(home, key) -> tuple[int, str]:
    conn = connect(home / "vault.db", key)
    try:
        return conn.execute("SELECT seq, at_utc FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()


def test_chain_verifies(logged, keychain):
    home, key = logged
    result = _verify(home, keychain)
    last_seq, last_at = _last_row(home, key)
    assert (result.ok, result.rows, result.last_seq, result.last_at_utc) == (True, 6, 6, last_at)
    assert not result.regressed
    assert last_seq == 6
    assert str(result).startswith("OK: 6 audit rows, chain intact.")
    assert f"The last is row 6, written {last_at} (UTC)." in str(result)
    assert "nothing is missing from its end" in str(result)


def test_rows_removed_from_the_end_are_found_against_the_head_kept_outside(logged, keychain):
    """The chain alone cannot show a truncation; the head kept beside the database does."""
    home, key = logged
    earlier = _verify(home, keychain)
    _tamper(home, key, ("DELETE FROM audit_log WHERE seq > 4",))
    assert _last_row(home, key)[0] == 4  # the attack happened
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        assert vault.integrity_warning and "gone back in time" in vault.integrity_warning
        later = vault.verify_audit()
        actions = [r[1] for r in _rows(vault)]
    assert earlier.ok and not later.ok and later.regressed
    assert actions[4:] == ["vault.rollback_detected"]  # row 5, where the missing rows were
    assert "gone back in time" in str(later)


def test_an_empty_log_and_a_broken_one_say_so_plainly():
    assert str(audit.VerifyResult(True, 0)) == "OK: 0 audit rows, chain intact."
    broken = audit.VerifyResult(False, 2, 3, "row 3 is missing")
    assert str(broken) == "BROKEN at row 3: row 3 is missing."


def test_a_log_without_its_first_row_is_broken(logged, keychain):
    home, key = logged
    _tamper(home, key, ("DELETE FROM audit_log",))
    conn = connect(home / "vault.db", key)
    try:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
        result = audit.verify(conn, audit.mac_key(key))
    finally:
        conn.close()
    assert not result.ok and "vault.create" in str(result) and "empty" in str(result)


def test_rows_say_what_was_done_to_which_record(vault):
    seed_children(vault, count=2)
    with vault.transaction() as tx:
        tx.set_setting("council_area", "Northshire")
    rows = _rows(vault)
    assert [r[1:] for r in rows[1:]] == [
        ("child.create", "child", "CH0000"),
        ("child.create", "child", "CH0001"),
        ("setting.update", "setting", "council_area"),
    ]
    assert rows[0][1:3] == ("vault.create", "vault")
    assert [r[0] for r in rows] == [1, 2, 3, 4]


@pytest.mark.parametrize("seq", [1, 3, 6])
def test_a_changed_row_is_found(logged, keychain, seq):
    home, key = logged
    _tamper(home, key, ("UPDATE audit_log SET action = 'child.view' WHERE seq = ?", (seq,)))
    result = _verify(home, keychain)
    assert (result.ok, result.first_bad_seq, result.rows) == (False, seq, seq - 1)
    assert "changed" in result.reason
    assert str(result).startswith(f"BROKEN at row {seq}:")


@pytest.mark.parametrize("column,value", [
    ("record_id", "CH9999"), ("record_type", "setting"), ("at_utc", "2020-01-01T00:00:00.000000Z"),
])
def test_any_changed_field_is_found(logged, keychain, column, value):
    home, key = logged
    _tamper(home, key, (f"UPDATE audit_log SET {column} = ? WHERE seq = 4", (value,)))
    result = _verify(home, keychain)
    assert (result.ok, result.first_bad_seq) == (False, 4)


def test_a_deleted_middle_row_is_found(logged, keychain):
    home, key = logged
    _tamper(home, key, ("DELETE FROM audit_log WHERE seq = 3",))
    result = _verify(home, keychain)
    assert (result.ok, result.first_bad_seq, result.rows) == (False, 3, 2)
    assert "missing" in result.reason


def test_a_deleted_and_renumbered_row_is_found(logged, keychain):
    home, key = logged
    _tamper(home, key, ("DELETE FROM audit_log WHERE seq = 3",),
            ("UPDATE audit_log SET seq = seq - 1 WHERE seq > 3",))
    result = _verify(home, keychain)
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_swapped_rows_are_found(logged, keychain):
    home, key = logged
    _tamper(home, key,
            ("UPDATE audit_log SET seq = 100 WHERE seq = 2",),
            ("UPDATE audit_log SET seq = 2 WHERE seq = 3",),
            ("UPDATE audit_log SET seq = 3 WHERE seq = 100",))
    result = _verify(home, keychain)
    assert (result.ok, result.first_bad_seq) == (False, 2)


def _forged_insert(home, key, seq, prev, mac_key):
    at = "2026-01-06T10:00:00.000000Z"
    msg = "\x1f".join([str(seq), at, "child.delete", "child", "CH0001", prev]).encode()
    mac = hmac.new(mac_key, msg, hashlib.sha256).hexdigest()
    _tamper(home, key, ("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (seq, at, "child.delete", "child", "CH0001", prev, mac)))


def test_a_forged_row_at_the_end_is_found(logged, keychain):
    home, key = logged
    conn = connect(home / "vault.db", key)
    last_mac = conn.execute("SELECT mac FROM audit_log WHERE seq = 6").fetchone()[0]
    conn.close()
    # Right place in the chain, but made without the audit key (here: with the data key itself).
    _forged_insert(home, key, 7, last_mac, key)
    result = _verify(home, keychain)
    assert (result.ok, result.first_bad_seq, result.rows) == (False, 7, 6)


def test_a_forged_row_in_a_gap_is_found(logged, keychain):
    home, key = logged
    _tamper(home, key, ("DELETE FROM audit_log WHERE seq = 4",))
    _forged_insert(home, key, 4, "0" * 64, b"k" * 32)
    result = _verify(home, keychain)
    assert (result.ok, result.first_bad_seq) == (False, 4)


def test_the_forgery_check_is_not_vacuous(logged, keychain):
    """Control: a row made with the real audit key does verify, so the tests above can fail."""
    home, key = logged
    conn = connect(home / "vault.db", key)
    last_mac = conn.execute("SELECT mac FROM audit_log WHERE seq = 6").fetchone()[0]
    conn.close()
    _forged_insert(home, key, 7, last_mac, audit.mac_key(key))
    result = _verify(home, keychain)
    assert (result.ok, result.rows, result.last_seq) == (True, 7, 7)
    assert result.last_at_utc == "2026-01-06T10:00:00.000000Z"


def test_audit_key_is_not_the_data_key(logged):
    _, key = logged
    assert audit.mac_key(key) != key and len(audit.mac_key(key)) == 32


@pytest.mark.parametrize("sql", [
    "UPDATE audit_log SET action = 'child.view' WHERE seq = 1",
    "DELETE FROM audit_log WHERE seq = 1",
    "DELETE FROM audit_log",
    "UPDATE audit_log SET seq = seq + 100",
])
def test_update_and_delete_are_refused(vault, sql):
    seed_children(vault, count=1)
    before = _rows(vault)
    with pytest.raises(DatabaseError, match="append-only"):
        with vault.transaction() as tx:
            tx.audit("audit.edit", "audit_log", "1")
            tx.db.conn.execute(sql)
    assert _rows(vault) == before
    assert vault.verify_audit().ok
    seed_children(vault, start=1, count=1)  # the vault still commits normally afterwards
    assert len(_rows(vault)) == len(before) + 1


def test_a_change_without_an_audit_row_raises_and_commits_nothing(vault, vault_home, keychain):
    before = _rows(vault)
    with pytest.raises(AuditMissing):
        with vault.transaction() as tx:
            tx.db["child"].insert(child_row(1))
    with pytest.raises(AuditMissing):
        with vault.transaction() as tx:
            tx.db.conn.execute("INSERT INTO settings VALUES ('council_area', 'Northshire')")
    assert child_ids(vault) == []
    assert vault.setting("council_area") is None
    assert _rows(vault) == before
    vault.close()
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert child_ids(again) == []
        assert again.setting("council_area") is None


def test_a_failed_transaction_takes_its_audit_rows_with_it(vault):
    before = _rows(vault)
    with pytest.raises(ValueError):
        with vault.transaction() as tx:
            tx.db["child"].insert(child_row(1))
            tx.audit("child.create", "child", "CH0001")
            raise ValueError("the IRO pressed Cancel")
    assert child_ids(vault) == [] and _rows(vault) == before
    assert vault.verify_audit().ok


def test_a_read_only_transaction_needs_no_audit_row(vault):
    before = _rows(vault)
    with vault.transaction() as tx:
        tx.db.conn.execute("SELECT count(*) FROM child").fetchone()
    assert _rows(vault) == before


def test_audit_rows_hold_no_case_content(vault):
    seed_children(vault, count=10)
    with vault.transaction() as tx:
        tx.db["child"].update("CH0003", {"iro_notes": MARKERS[2] + " updated"})
        tx.audit("child.update", "child", "CH0003")
        tx.set_setting("council_area", "Northshire")
    with vault.read() as db:
        rows = db.conn.execute("SELECT * FROM audit_log").fetchall()
    text = "\x00".join(str(v) for row in rows for v in row)
    assert len(rows) == 13
    for marker in MARKERS:
        assert marker.lower() not in text.lower()
    blob = text.encode("utf-8")
    assert not [label for label, needle in marker_needles() if needle in blob]


# ---- read() only reads ----------------------------------------------------------------------

_WRITES = {
    "insert a child": lambda db: db["child"].insert(child_row(1)),
    "insert a setting": lambda db: db.conn.execute(
        "INSERT INTO settings(key, value) VALUES ('council_area', 'Northshire')"),
    "update children": lambda db: db.conn.execute("UPDATE child SET iro_notes = 'x'"),
    "delete children": lambda db: db.conn.execute("DELETE FROM child"),
    "create a table": lambda db: db.conn.execute("CREATE TABLE sneaky (a)"),
    "write an audit row too": lambda db: (
        db["child"].insert(child_row(1)),
        audit.append(db.conn, b"k" * 32, "child.create", "child", "CH0001")),
}


def _everything(vault):
    with vault.read() as db:
        return {name: db.conn.execute(f"SELECT * FROM {name}").fetchall()
                for (name,) in db.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()}


@pytest.mark.parametrize("write", _WRITES.values(), ids=_WRITES.keys())
def test_a_write_inside_read_raises_and_nothing_is_saved(vault, vault_home, keychain, write):
    seed_children(vault, count=2)
    before = _everything(vault)
    with pytest.raises(DatabaseError, match="readonly|not authorized"):
        with vault.read() as db:
            write(db)
    assert _everything(vault) == before
    # The same, with the error swallowed inside the block: still nothing saved.
    with vault.read() as db:
        with pytest.raises(DatabaseError, match="readonly|not authorized"):
            write(db)
    assert _everything(vault) == before
    # The vault still writes through a transaction afterwards, and nothing stray is committed.
    seed_children(vault, start=2, count=1)
    vault.close()
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert child_ids(again) == ["CH0000", "CH0001", "CH0002"]
        assert again.setting("council_area") is None
        assert again.verify_audit().ok
        assert [r[1] for r in _rows(again)] == ["vault.create", "child.create", "child.create",
                                                "child.create"]


def test_turning_read_only_off_inside_read_is_caught_and_undone(vault):
    before = _everything(vault)
    with pytest.raises(AuditMissing):
        with vault.read() as db:
            db.conn.execute("PRAGMA query_only = OFF")
            db.conn.execute("INSERT INTO settings(key, value) VALUES ('council_area', 'Northshire')")
    assert _everything(vault) == before
    assert vault.conn.execute("PRAGMA query_only").fetchone()[0] == 0


def test_read_only_is_restored_after_nesting_and_errors(vault):
    def query_only() -> int:
        return vault.conn.execute("PRAGMA query_only").fetchone()[0]

    assert query_only() == 0
    with vault.read():
        assert query_only() == 1
        with vault.read():
            assert query_only() == 1
        assert query_only() == 1  # the inner block does not switch writes back on
    assert query_only() == 0
    with pytest.raises(ValueError):
        with vault.read():
            raise ValueError("the IRO closed the window")
    assert query_only() == 0
    # A read inside a transaction does not end it, and the transaction still writes afterwards.
    with vault.transaction() as tx:
        tx.db["child"].insert(child_row(1))
        with vault.read() as db:
            assert db.conn.execute("SELECT count(*) FROM child").fetchone()[0] == 1
            assert query_only() == 1
        tx.db["child"].insert(child_row(2))
        tx.audit("child.create", "child", "CH0001")
        tx.audit("child.create", "child", "CH0002")
    assert query_only() == 0
    assert child_ids(vault) == ["CH0001", "CH0002"]


def test_backups_are_made_while_reads_are_read_only(vault):
    seed_children(vault, count=2)
    assert vault.backup_now() is not None
    assert vault.backup_if_due() is not None
    with vault.read():
        pass
    assert vault.conn.execute("PRAGMA query_only").fetchone()[0] == 0


def test_locking_inside_read_is_harmless(vault):
    with vault.read():
        vault.close()
    assert not vault.is_open
