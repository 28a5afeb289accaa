"""Schema migrations: each step, the version, the backup first, and refusal of newer vaults."""

from __future__ import annotations

import os

import pytest

from iro_desktop.errors import VaultFromNewerVersion
from iro_desktop.vault import Vault, backups, migrations
from iro_desktop.vault.connection import connect

from tests.conftest import PASSPHRASE
from tests.support.vault_helpers import child_ids, data_key, files_under, seed_children, snapshot

# What each migration adds. A new migration without an entry here fails the coverage test below.
EXPECTED = {
    1: {
        "settings": {"key", "value"},
        "audit_log": {"seq", "at_utc", "action", "record_type", "record_id", "prev_mac", "mac"},
    },
    2: {
        "child": {"child_id", "first_name", "preferred_name", "last_name", "date_of_birth",
                  "gender", "pronouns", "ethnicity", "first_language", "interpreter_needed",
                  "disability", "communication_needs", "uasc", "care_leaver", "school",
                  "social_worker_name", "social_worker_email", "social_worker_team",
                  "sibling_group", "allocated", "not_allocated_since", "iro_notes",
                  "seed_last_review_date", "seed_reviews_held", "created_at", "updated_at"},
        "period_of_care": {"id", "child_id", "start_date", "end_date", "legal_status"},
        "placement": {"id", "child_id", "placement_type", "carer_name", "area",
                      "postcode_district", "start_date", "end_date", "out_of_area"},
        "key_person": {"id", "child_id", "role", "name", "contact"},
        "review": {"id", "child_id", "period_id", "review_date", "review_type",
                   "held_as_series", "created_at"},
    },
    3: {
        "visit": {"id", "child_id", "visit_date", "purpose", "seen_alone", "created_at"},
        "trip": {"id", "area", "start_date", "end_date", "created_at"},
        "trip_child": {"trip_id", "child_id"},
    },
    4: {
        "record": {"id", "kind", "child_id", "review_id", "record_date", "state", "current_version",
                   "first_finalised_on", "created_at", "updated_at"},
        "record_version": {"id", "record_id", "version", "status", "content", "content_sha256",
                           "amendment_reason", "finalised_by", "finalised_on", "created_at", "updated_at"},
        "recommendation": {"id", "uid", "child_id", "record_id", "position", "what", "who_role", "who_name",
                           "by_when", "child_words", "carried_from", "status", "status_on", "status_note",
                           "status_record_id", "created_at", "updated_at"},
        "escalation_intent": {"id", "child_id", "record_id", "raised_on", "details", "state", "created_at"},
    },
    5: {
        "phrase": {"id", "kind", "title", "section_key", "body", "position", "created_at", "updated_at"},
        "child_wording": {"term_key", "term", "child_words", "created_at", "updated_at"},
        "draft": {"draft_key", "child_id", "content", "content_sha256", "first_saved_at", "saved_at", "saves"},
    },
    6: {
        "search_doc": {"id", "kind", "ref", "child_id"},
        # The FTS5 table and the shadow tables SQLite keeps for it.
        "search_text": {"child_key", "title", "body"},
        "search_text_data": {"id", "block"},
        "search_text_idx": {"segid", "term", "pgno"},
        "search_text_content": {"id", "c0", "c1", "c2"},
        "search_text_docsize": {"id", "sz"},
        "search_text_config": {"k", "v"},
    },
    7: {
        "child_print_style": {"child_id", "theme", "picture", "picture_type", "updated_at"},
        "stored_image": {"name", "media_type", "data", "updated_at"},
    },
    8: {
        "outbox": {"id", "bundle_id", "kind", "record_id", "version", "child_id", "folder", "state", "attempts",
                   "last_error", "next_try_at", "target", "synced_at", "receipt", "built_at", "blobs_dropped_at",
                   "created_at", "updated_at"},
        "outbox_file": {"bundle_id", "position", "name", "size", "sha256", "data"},
        "sync_credential": {"name", "username", "password", "token", "updated_at"},
        "sync_inbox_seen": {"name", "sha256", "size", "seen_at"},
    },
    9: {
        "escalation": {"id", "child_id", "review_id", "record_id", "intent_id", "raised_on", "theme",
                       "raised_with_role", "raised_with_name", "partner_agency", "description", "asked", "stages",
                       "overall_working_days", "referred_to_cafcass_on", "resolved_on", "outcome", "outcome_note",
                       "created_at", "updated_at"},
        "escalation_step": {"id", "escalation_id", "position", "stage_key", "stage_label", "working_days",
                            "started_on", "ended_on", "ended_how", "raised_with_role", "raised_with_name", "note"},
        "good_practice": {"id", "child_id", "record_id", "noted_on", "about", "who", "what", "created_at",
                          "updated_at"},
    },
    10: {},
    11: {"spelling_word": {"word_key", "word", "created_at"}},
    12: {"review_report_copy": {"record_id", "version", "facts"}},
    13: {"review_meeting": {"id", "child_id", "series_first_id", "meeting_date", "start_time", "end_time", "how",
                            "venue_child", "venue_professional", "state", "cancelled_reason", "limit_on", "return_by",
                            "review_id", "record_id", "created_at", "updated_at"},
         "review_meeting_move": {"id", "meeting_id", "from_date", "from_time", "to_date", "to_time", "reason",
                                 "moved_on"},
         "consultee": {"id", "meeting_id", "role", "name", "agency", "invited", "consulted", "sent_on", "sent_how",
                       "returned_on", "returned_how", "answers", "note", "created_at", "updated_at"}},
    14: {},
}
# Columns a migration adds to tables that already existed.
EXPECTED_NEW_COLUMNS = {3: {"review": {"record_sent_date", "decisions_circulated_date"}},
                        10: {"review": {"source", "participation_code", "child_seen_alone", "child_attended",
                                        "parent_participated", "advocate_offered", "advocate_involved",
                                        "health_assessment_up_to_date", "pep_up_to_date",
                                        "permanence_plan_in_place", "rearranged", "rearranged_reason",
                                        "rag_care_planning", "rag_preparation"}},
                        14: {"review_report_copy": {"held_on", "participation_code", "child_attended",
                                                    "child_seen_alone", "parent_participated", "advocate_offered",
                                                    "advocate_involved", "health_assessment_up_to_date",
                                                    "pep_up_to_date", "permanence_plan_in_place", "rearranged",
                                                    "rag_care_planning", "rag_preparation", "good_practice"}}}
EXPECTED_TRIGGERS = {1: {"audit_log_no_update", "audit_log_no_delete"},
                     4: {"record_version_finalised_no_update", "record_version_finalised_no_delete"},
                     6: {"search_note_insert", "search_note_update", "search_note_delete",
                         "search_record_delete"}}
EXPECTED_INDEXES = {2: {"idx_period_child", "idx_placement_child", "idx_key_person_child",
                        "idx_review_child"},
                    3: {"idx_visit_child", "idx_trip_child_child"},
                    4: {"idx_record_review", "idx_record_child", "idx_recommendation_child",
                        "idx_recommendation_record", "idx_escalation_intent_child"},
                    5: {"idx_phrase_kind"},
                    8: {"idx_outbox_state"},
                    9: {"idx_escalation_child", "idx_good_practice_record", "idx_good_practice_noted"},
                    13: {"idx_review_meeting_child", "idx_review_meeting_date", "idx_consultee_meeting"}}


def _schema(conn) -> dict[str, set[str]]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in tables}


def _names(conn, kind: str) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'", (kind,))}


@pytest.fixture
def fresh_conn(tmp_path):
    conn = connect(tmp_path / "fresh.db", os.urandom(32))
    yield conn
    conn.close()


def test_every_migration_has_expectations():
    versions = [m.version for m in migrations.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1)), "versions must run 1, 2, 3 … in order"
    assert set(EXPECTED) == set(versions)
    assert migrations.LATEST == versions[-1]
    assert all(m.name for m in migrations.MIGRATIONS)


@pytest.mark.parametrize("migration", migrations.MIGRATIONS, ids=lambda m: f"v{m.version}")
def test_each_migration(fresh_conn, migration):
    before = [m for m in migrations.MIGRATIONS if m.version < migration.version]
    migrations.apply(fresh_conn, before)
    assert migrations.current_version(fresh_conn) == migration.version - 1
    schema_before = _schema(fresh_conn)
    triggers_before, indexes_before = _names(fresh_conn, "trigger"), _names(fresh_conn, "index")
    assert migrations.pending(fresh_conn)[0] is migration

    migrations.apply(fresh_conn, [migration])

    assert migrations.current_version(fresh_conn) == migration.version
    schema_after = _schema(fresh_conn)
    added = {t: cols for t, cols in schema_after.items() if t not in schema_before}
    assert added == EXPECTED[migration.version]
    new_columns = EXPECTED_NEW_COLUMNS.get(migration.version, {})
    for table, cols in schema_before.items():
        assert schema_after[table] - cols == new_columns.get(table, set()), f"{table} changed unexpectedly"
        assert cols <= schema_after[table], f"{table} lost columns"
    assert _names(fresh_conn, "trigger") - triggers_before == EXPECTED_TRIGGERS.get(migration.version, set())
    assert _names(fresh_conn, "index") - indexes_before == EXPECTED_INDEXES.get(migration.version, set())
    assert fresh_conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert fresh_conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_all_migrations_from_nothing_match_a_new_vault(fresh_conn, vault):
    migrations.apply(fresh_conn, migrations.pending(fresh_conn))
    assert migrations.pending(fresh_conn) == []
    assert _schema(fresh_conn) == _schema(vault.conn)
    assert migrations.current_version(vault.conn) == migrations.LATEST


def test_a_failing_migration_leaves_the_version_and_schema_as_they_were(fresh_conn):
    migrations.apply(fresh_conn, migrations.MIGRATIONS[:1])

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError, match="step failed"):
        migrations.apply(fresh_conn, [migrations.Migration(2, "broken", broken)])
    assert migrations.current_version(fresh_conn) == 1
    assert "half_done" not in _schema(fresh_conn)
    assert not fresh_conn.in_transaction


def _make_version_1(home, keychain) -> None:
    """Turn a closed vault into one written by the first release (schema version 1)."""
    conn = connect(home / "vault.db", data_key(home, keychain))
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        # Every table but version 1's (the virtual ones first: their shadow tables go with them).
        for virtual_first in (True, False):
            for (table,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    "AND name NOT IN ('settings', 'audit_log') AND (sql LIKE 'CREATE VIRTUAL%') = ?",
                    (virtual_first,)).fetchall():
                conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    finally:
        conn.close()


def test_opening_an_older_vault_backs_it_up_then_migrates(vault, vault_home, keychain):
    with vault.transaction() as tx:
        tx.set_setting("council_area", "Northshire")
    vault.close()
    _make_version_1(vault_home, keychain)
    assert backups.list_backups(vault_home) == []

    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert migrations.current_version(again.conn) == migrations.LATEST
        assert again.setting("council_area") == "Northshire"
        assert again.verify_audit().ok
        assert set(EXPECTED[2]) <= set(again.db.table_names())

    made = backups.list_backups(vault_home)
    assert len(made) == 1 and made[0].name.startswith("pre-migration-v1-")
    conn = connect(made[0], data_key(vault_home, keychain))
    try:
        assert migrations.current_version(conn) == 1
        assert "child" not in _schema(conn)
        assert conn.execute("SELECT value FROM settings WHERE key = 'council_area'").fetchone() == ("Northshire",)
    finally:
        conn.close()
    # Opening again: nothing pending, no further backup.
    Vault.unlock(vault_home, PASSPHRASE, keychain).close()
    assert len(backups.list_backups(vault_home)) == 1


def test_a_new_migration_runs_on_open_after_a_backup(vault, vault_home, keychain, monkeypatch):
    seed_children(vault, count=3)
    vault.close()
    added = migrations.Migration(
        migrations.LATEST + 1, "test: a new column",
        lambda conn: conn.execute("ALTER TABLE child ADD COLUMN nickname TEXT"))
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, added])
    monkeypatch.setattr(migrations, "LATEST", added.version)

    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert migrations.current_version(again.conn) == added.version
        assert "nickname" in _schema(again.conn)["child"]
        assert len(child_ids(again)) == 3
    made = backups.list_backups(vault_home)
    assert len(made) == 1
    assert made[0].name.startswith(f"pre-migration-v{added.version - 1}-")


def test_restoring_an_older_backup_backs_it_up_before_migrating(vault, vault_home, keychain, monkeypatch):
    """Guards the rule that every migration has a backup first on the in-app restore too
    (``Vault.restore``, the Backups dialog), not only on unlock: restoring a backup made by an
    older version upgrades it, and the copy as it was before the upgrade is kept."""
    seed_children(vault, count=3)
    older = vault.backup_now("manual")
    added = migrations.Migration(
        migrations.LATEST + 1, "test: a new column",
        lambda conn: conn.execute("ALTER TABLE child ADD COLUMN nickname TEXT"))
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, added])
    monkeypatch.setattr(migrations, "LATEST", added.version)

    vault.restore(older)
    assert migrations.current_version(vault.conn) == added.version
    assert "nickname" in _schema(vault.conn)["child"]
    made = [p for p in backups.list_backups(vault_home) if p.name.startswith("pre-migration-")]
    assert len(made) == 1 and made[0].name.startswith(f"pre-migration-v{added.version - 1}-")
    conn = connect(made[0], data_key(vault_home, keychain))
    try:
        assert migrations.current_version(conn) == added.version - 1
        assert "nickname" not in _schema(conn)["child"]
        assert conn.execute("SELECT count(*) FROM child").fetchone() == (3,)
    finally:
        conn.close()


def test_a_migration_that_fails_on_open_leaves_the_vault_usable(vault, vault_home, keychain, monkeypatch):
    seed_children(vault, count=3)
    vault.close()

    def broken(conn):
        conn.execute("ALTER TABLE child ADD COLUMN nickname TEXT")
        raise RuntimeError("step failed")

    monkeypatch.setattr(migrations, "MIGRATIONS",
                        [*migrations.MIGRATIONS, migrations.Migration(migrations.LATEST + 1, "broken", broken)])
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST + 1)
    with pytest.raises(RuntimeError, match="step failed"):
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert len(backups.list_backups(vault_home)) == 1
    monkeypatch.undo()

    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:  # the lock was released
        assert migrations.current_version(again.conn) == migrations.LATEST
        assert "nickname" not in _schema(again.conn)["child"]
        assert len(child_ids(again)) == 3


def test_a_vault_from_a_newer_version_is_refused_untouched(vault, vault_home, keychain):
    seed_children(vault, count=3)
    vault.close()
    conn = connect(vault_home / "vault.db", data_key(vault_home, keychain))
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    before = snapshot(vault_home)
    db_before = (vault_home / "vault.db").read_bytes()

    with pytest.raises(VaultFromNewerVersion) as info:
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert f"format {migrations.LATEST + 1}" in str(info.value)
    assert "Nothing was changed" in str(info.value)

    assert (vault_home / "vault.db").read_bytes() == db_before
    assert snapshot(vault_home) == before
    assert not any(p.name.startswith("pre-migration") for p in files_under(vault_home))
    # The instance lock was released: a second attempt gives the same answer, not "in use".
    with pytest.raises(VaultFromNewerVersion):
        Vault.unlock(vault_home, PASSPHRASE, keychain)


def test_a_backup_from_a_newer_version_is_not_restored(vault, vault_home, keychain):
    backup = vault.backup_now()
    key = data_key(vault_home, keychain)
    vault.close()
    conn = connect(backup, key)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    before = snapshot(vault_home)
    with pytest.raises(VaultFromNewerVersion):
        Vault.restore_backup(vault_home, PASSPHRASE, keychain, backup)
    assert snapshot(vault_home) == before
