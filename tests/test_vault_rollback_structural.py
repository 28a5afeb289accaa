"""The audit guarantee is structural: no connection of an open vault may change the schema (the
migrations' alone), and the migrations of an existing vault and restores write audit rows."""

from __future__ import annotations

import pytest

from iro_desktop.reviews import drafts  # noqa: F401 - the drafts lane's user
from iro_desktop.vault import Vault, audit, migrations
from iro_desktop.vault.connection import DatabaseError

from tests.conftest import PASSPHRASE
from tests.support.vault_helpers import seed_children

ATTACKS = {
    "drop the audit log's delete trigger": "DROP TRIGGER audit_log_no_delete",
    "drop the audit log": "DROP TABLE audit_log",
    "add a table": "CREATE TABLE sneaky (a)",
    "add a trigger": "CREATE TRIGGER t AFTER INSERT ON child BEGIN SELECT 1; END",
    "alter a table": "ALTER TABLE child ADD COLUMN sneaky TEXT",
    "add an index": "CREATE INDEX sneaky ON child(school)",
    "writable schema": "PRAGMA writable_schema = ON",
}


def _triggers(vault) -> list[str]:
    with vault.read() as db:
        return sorted(r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                   "AND tbl_name = 'audit_log'"))


@pytest.mark.parametrize("sql", ATTACKS.values(), ids=ATTACKS.keys())
def test_schema_changes_are_refused_on_every_connection(vault, sql):
    before = _triggers(vault)
    assert before == ["audit_log_no_delete", "audit_log_no_update"]
    for owner in (vault, vault.lane("test")):
        with pytest.raises(DatabaseError, match="not authorized"):
            with owner.transaction() as tx:
                tx.db.conn.execute(sql)
                tx.audit("setting.update", "setting", "x")  # an audit row does not make it allowed
    # After a draft save (which sets an authoriser of its own) the guard is back.
    with vault.draft_transaction():
        pass
    with pytest.raises(DatabaseError, match="not authorized"):
        with vault.transaction() as tx:
            tx.db.conn.execute(sql)
            tx.audit("setting.update", "setting", "x")
    assert _triggers(vault) == before
    with vault.read() as db:
        assert db.conn.execute("PRAGMA writable_schema").fetchone()[0] == 0


def test_temporary_tables_stay_allowed(vault):
    with vault.read() as db:
        db.conn.execute("PRAGMA query_only = OFF")
        db.conn.execute("CREATE TEMP TABLE scratch (a)")
        db.conn.execute("DROP TABLE temp.scratch")
        db.conn.execute("PRAGMA query_only = ON")


def test_a_migration_of_an_existing_vault_writes_its_audit_row(vault, vault_home, keychain, monkeypatch):
    seed_children(vault, count=2)
    vault.close()
    added = migrations.Migration(
        migrations.LATEST + 1, "test: a new column",
        lambda conn: conn.execute("ALTER TABLE child ADD COLUMN nickname TEXT"))
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, added])
    monkeypatch.setattr(migrations, "LATEST", added.version)
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert again.integrity_warning is None
        with again.read() as db:
            rows = db.conn.execute("SELECT action, record_id FROM audit_log ORDER BY seq").fetchall()
        assert rows[-1] == ("vault.migrated", f"v{added.version}")
        result = again.verify_audit()
        assert result.ok, str(result)


def test_a_new_vault_log_begins_with_vault_create(vault):
    with vault.read() as db:
        first = db.conn.execute("SELECT action FROM audit_log ORDER BY seq LIMIT 1").fetchone()
    assert first == (audit.FIRST_ACTION,)


def test_a_restore_writes_its_audit_row(vault):
    seed_children(vault, count=1)
    made = vault.backup_now()
    vault.restore(made)
    with vault.read() as db:
        assert db.conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() == (
            "vault.restore",)
