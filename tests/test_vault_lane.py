"""The drafts' lane: a second connection to the vault that writes while the vault's own
connection is busy, keeps the audit and transaction rules, and follows a restore and a lock."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.caseload import importer, repository
from iro_desktop.errors import VaultLocked
from iro_desktop.reviews import drafts, records
from iro_desktop.vault import backups
from iro_desktop.vault.backups import list_backups
from iro_desktop.vault.connection import connect
from iro_desktop.vault.vault import BACKUP_LANE, AuditMissing
from tests.support.caseload_helpers import TODAY, audit_rows
from tests.support.review_helpers import CHILD, add_child, setup


def _record(vault, child_id: str = CHILD):
    return reviews.start_review(vault, child_id, date(2026, 1, 6), "subsequent", today=TODAY)


def _in_background(fn) -> tuple[threading.Thread, threading.Event, threading.Event]:
    """Run ``fn(release)`` on a thread; returns it, the event it sets once holding what it
    holds, and the event that lets it go."""
    holding, release = threading.Event(), threading.Event()

    def run() -> None:
        fn(holding, release)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert holding.wait(5)
    return thread, holding, release


def test_the_lane_writes_while_a_long_job_holds_the_vaults_own_connection(vault):
    setup(vault)
    r = _record(vault)
    key = records.draft_key(r.id)

    def long_job(holding, release):
        with vault.read():  # what a backup or a batch of letters does: the vault's mutex, for long
            holding.set()
            release.wait(10)

    thread, _holding, release = _in_background(long_job)
    try:
        started = time.monotonic()
        assert drafts.save_draft(drafts.lane(vault), key, {"text": "typed while the backup runs"})
        assert time.monotonic() - started < 1.0, "the draft did not wait for the long job"
        assert drafts.load_draft_text(drafts.lane(vault), key) == '{"text":"typed while the backup runs"}'
    finally:
        release.set()
        thread.join(5)
    assert drafts.load_draft(vault, key) == {"text": "typed while the backup runs"}
    assert audit_rows(vault)[-1] == ("draft.autosave", "draft", key)
    assert vault.verify_audit().ok


def test_a_write_waits_for_the_other_connections_write_transaction_and_never_fails(vault):
    """Every write transaction begins IMMEDIATE: one that read first and wrote later would
    otherwise fail at once whenever the other connection committed in between."""
    setup(vault)
    lane = drafts.lane(vault)
    failures: list[BaseException] = []
    stop = threading.Event()

    def autosaves() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                with lane.transaction() as tx:  # an audited save each time: the chain must hold
                    tx.db.conn.execute("INSERT OR REPLACE INTO draft (draft_key, content, content_sha256, "
                                       "first_saved_at, saved_at) VALUES ('note:x', ?, 'h', 'a', 'b')", (str(n),))
                    tx.audit("draft.autosave", "draft", "note:x")
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                failures.append(exc)
            time.sleep(0.003)  # SQLite's busy wait is not fair: a writer that never pauses starves the other

    thread = threading.Thread(target=autosaves, daemon=True)
    thread.start()
    try:
        for n in range(60):
            with vault.transaction() as tx:
                tx.db.conn.execute("SELECT count(*) FROM audit_log").fetchone()  # a read first…
                time.sleep(0.002)  # …while the lane commits…
                tx.set_setting("lane-test", str(n))  # …then a write
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join(5)
    assert failures == []
    assert vault.setting("lane-test") == "59"
    result = vault.verify_audit()
    lane_rows = sum(1 for row in audit_rows(vault) if row == ("draft.autosave", "draft", "note:x"))
    assert result.ok and lane_rows >= 20, lane_rows


def test_the_lane_keeps_the_vaults_rules(vault):
    setup(vault)
    lane = drafts.lane(vault)
    with pytest.raises(AuditMissing):
        with lane.transaction() as tx:  # a change with no audit row
            tx.db.conn.execute("UPDATE child SET school = 'Elsewhere'")
    with pytest.raises(AuditMissing):
        with lane.draft_transaction() as conn:
            conn.execute("UPDATE child SET school = 'Elsewhere'")
    with lane.read() as db:
        with pytest.raises(Exception):
            db.conn.execute("DELETE FROM draft")
    assert vault.verify_audit().ok


def test_a_restore_closes_the_lane_and_carries_the_drafts_that_fit(vault, vault_home):
    setup(vault)
    kept = _record(vault)
    backup = vault.backup_now("before")
    add_child(vault, "C900002")
    later = _record(vault, "C900002")  # made after the backup: not in it
    lane = drafts.lane(vault)
    drafts.save_draft(lane, records.draft_key(kept.id), {"text": "words for the kept record"})
    drafts.save_draft(lane, records.draft_key(later.id), {"text": "words for a record the backup lacks"})
    old_conn = lane.conn

    blocked: list[float] = []

    def restore_holding(holding, release):
        # A restore in progress holds every lane: a draft saved meanwhile waits, then goes into
        # the restored file.
        original = vault.restore

        def slow_restore(path, carry=None):
            def carry_slowly(conn):
                holding.set()
                release.wait(10)
                return carry(conn)
            return original(path, carry=carry_slowly)

        vault.restore = slow_restore
        try:
            blocked.append(drafts.restore_keeping_drafts(vault, backup))
        finally:
            vault.restore = original

    thread, _holding, release = _in_background(restore_holding)
    wrote = threading.Thread(target=lambda: drafts.save_draft(lane, "scratch:during", {"text": "typed meanwhile"}))
    wrote.start()
    time.sleep(0.2)
    assert wrote.is_alive(), "the lane waits while the restore runs"
    release.set()
    thread.join(10)
    wrote.join(10)

    assert blocked == [drafts.RestoredWork(carried=1, left_behind=1)]
    assert lane.conn is not old_conn
    assert drafts.load_draft(vault, records.draft_key(kept.id)) == {"text": "words for the kept record"}
    assert drafts.load_draft(vault, records.draft_key(later.id)) is None
    assert drafts.load_draft(vault, "scratch:during") == {"text": "typed meanwhile"}
    assert [d.draft_key for d in drafts.recover_drafts(vault)].count(records.draft_key(kept.id)) == 1
    assert ("draft.carried", "draft", records.draft_key(kept.id)) in audit_rows(vault)
    assert vault.verify_audit().ok

    # The file set aside has the words of the record the backup lacks, and nothing written after.
    [aside] = [p for p in list_backups(vault_home) if p.name.startswith("replaced-")]
    conn = connect(aside, bytes(vault._key))
    try:
        keys = {k for (k,) in conn.execute("SELECT draft_key FROM draft")}
    finally:
        conn.close()
    assert keys == {records.draft_key(kept.id), records.draft_key(later.id)}


def test_closing_the_vault_waits_for_a_lane_write_then_refuses_more(vault):
    setup(vault)
    lane = drafts.lane(vault)

    def long_write(holding, release):
        with lane.draft_transaction() as conn:
            conn.execute("INSERT INTO draft (draft_key, content, content_sha256, first_saved_at, saved_at) "
                         "VALUES ('note:y', 'in flight', 'h', 'a', 'b')")
            holding.set()
            release.wait(10)

    thread, _holding, release = _in_background(long_write)
    closed = threading.Thread(target=vault.close)
    closed.start()
    time.sleep(0.2)
    assert closed.is_alive(), "the vault does not close under a write in flight"
    release.set()
    closed.join(10)
    thread.join(10)
    assert not lane.is_open and lane.conn is None
    with pytest.raises(VaultLocked):
        drafts.save_draft(lane, "note:y", {"text": "after the lock"})
    with pytest.raises(VaultLocked):
        vault.lane(drafts.LANE)


def test_autosaves_while_an_import_is_previewed_do_not_make_it_stale(vault):
    """The IRO may go on typing a letter while reading an import's preview: the drafts' audit
    rows change nothing the import reads, so applying it still works; a real change still
    makes the preview stale."""
    setup(vault)
    r = _record(vault)
    csv = ("child_id,first_name,last_name,date_of_birth,date_became_looked_after,legal_status\n"
           "C900777,Invented,Newchild,17/05/2012,01/03/2021,C2\n").encode()
    plan = importer.plan(vault, importer.parse(csv), TODAY)
    drafts.save_draft(drafts.lane(vault), records.draft_key(r.id), {"text": "typed while reading"})
    assert audit_rows(vault)[-1][0] == "draft.autosave"
    importer.apply(vault, plan)
    assert repository.child_count(vault) == 2

    again = importer.plan(vault, importer.parse(csv.replace(b"Newchild", b"Renamed")), TODAY)
    repository.set_council_area(vault, "Northshire")
    with pytest.raises(importer.StalePlan):
        importer.apply(vault, again)


def test_a_backup_leaves_the_vaults_own_connection_free(vault, monkeypatch):
    """A backup of a large vault takes seconds; it runs on a connection of its own, so reads and
    changes on the vault's connection (the screens) do not wait for it."""
    setup(vault)
    gate, backing_up = threading.Event(), threading.Event()
    write_backup = backups.write_backup

    def slow_backup(conn, home, name):
        backing_up.set()
        gate.wait(10)
        return write_backup(conn, home, name)

    monkeypatch.setattr(backups, "write_backup", slow_backup)
    made: list = []
    thread = threading.Thread(target=lambda: made.append(vault.backup_now("manual")), daemon=True)
    thread.start()
    try:
        assert backing_up.wait(5)
        started = time.monotonic()
        assert repository.child_count(vault) == 1
        repository.set_council_area(vault, "Northshire")
        assert time.monotonic() - started < 1.0
    finally:
        gate.set()
        thread.join(10)
    [path] = made
    conn = connect(path, bytes(vault._key))
    try:
        assert conn.execute("SELECT count(*) FROM child").fetchone() == (1,)
    finally:
        conn.close()
    assert vault.lane(BACKUP_LANE).conn is None, "no connection is kept open for backups"
