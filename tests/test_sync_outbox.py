"""The outbox: a row in the very transaction that finalises a record, a new bundle per amended
version, the table's own rules (migration 8), start-up recovery, retention, the demo's exports."""

from __future__ import annotations

from datetime import timedelta

import pytest

from iro_desktop import reviews
from iro_desktop.errors import ValidationError
from iro_desktop.reviews import records
from iro_desktop.sync import bundles, outbox
from iro_desktop.vault.connection import DatabaseError
from tests.support.caseload_helpers import TODAY, audit_rows
from tests.support.review_helpers import CHILD, IRO, complete, setup
from tests.support.sync_helpers import HELD, finalised_midway, finalised_review


def _rows(vault):
    with vault.read() as db:
        return db.conn.execute("SELECT kind, record_id, version, child_id, folder, state FROM outbox "
                               "ORDER BY id").fetchall()


def test_finalising_a_review_puts_its_export_on_the_outbox(vault):
    final = finalised_review(vault)
    assert _rows(vault) == [("review_record", final.id, 1, CHILD, f"{CHILD}-review-2026-01-06-v1", "queued")]
    actions = [a for a, _t, _i in audit_rows(vault)]
    # Written by the finalising transaction itself: straight after the finalisation's own rows.
    assert actions[actions.index("review_record.finalise"):][-1] == "outbox.queued"
    [e] = outbox.entries(vault)
    assert not e.built and e.attempts == 0 and e.receipts == ()


def test_a_finalisation_that_fails_leaves_no_export(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    # Refused by its checks: nothing at all.
    with pytest.raises(ValidationError):
        reviews.finalise_review(vault, r.id, finalised_by=IRO, content=r.content, today=TODAY)
    assert _rows(vault) == []
    # Rolled back after the outbox row was written (whatever fails later in the transaction).
    with pytest.raises(RuntimeError):
        with vault.transaction() as tx:
            records.finalise_review_tx(tx, r.id, finalised_by=IRO, content=complete(r.content), today=TODAY)
            assert tx.db.conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1  # it was there
            raise RuntimeError("power cut")
    assert _rows(vault) == []
    assert reviews.get_review(vault, r.id).record.state == "draft"
    # The same finalisation, committed, has its row: the check above would have seen one.
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=complete(r.content), today=TODAY)
    assert len(_rows(vault)) == 1


def test_an_outbox_that_cannot_take_the_row_stops_the_finalisation(vault, monkeypatch):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)

    def broken(*_a, **_k):
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(outbox, "enqueue_record_tx", broken)
    with pytest.raises(DatabaseError):
        reviews.finalise_review(vault, r.id, finalised_by=IRO, content=complete(r.content), today=TODAY)
    assert reviews.get_review(vault, r.id).record.state == "draft"  # not finalised without its export


def test_an_amended_version_is_a_new_bundle_beside_the_old(vault):
    final = finalised_review(vault)
    amended = reviews.amend_review(vault, final.id, "The date of the next meeting was wrong")
    assert len(_rows(vault)) == 1  # starting an amendment sends nothing
    reviews.finalise_review(vault, final.id, finalised_by=IRO, content=amended.content, today=TODAY)
    rows = _rows(vault)
    assert [(r[1], r[2], r[4]) for r in rows] == [
        (final.id, 1, f"{CHILD}-review-2026-01-06-v1"), (final.id, 2, f"{CHILD}-review-2026-01-06-v2")]
    ids = [e.bundle_id for e in outbox.entries(vault)]
    assert len(set(ids)) == 2


def test_a_finalised_midway_review_has_its_own_export(vault):
    m = finalised_midway(vault)
    kinds = [(r[0], r[1]) for r in _rows(vault)]
    assert kinds[-1] == ("midway_record", m.id)
    assert _rows(vault)[-1][4] == f"{CHILD}-midway-2025-11-28-v1"


def test_two_records_on_one_day_get_folders_of_their_own(vault):
    finalised_review(vault)
    with vault.transaction() as tx:
        bundle = outbox.enqueue_record_tx(tx, "review", 99, 1, CHILD, HELD)
    assert outbox.entry(vault, bundle).folder == f"{CHILD}-review-2026-01-06-v1-r99"


def test_the_table_refuses_unknown_states_and_a_second_row_for_one_version(vault):
    finalised_review(vault)
    [e] = outbox.entries(vault)
    with pytest.raises(DatabaseError):
        with vault.transaction() as tx:
            tx.db.conn.execute("UPDATE outbox SET state = 'sent' WHERE bundle_id = ?", (e.bundle_id,))
            tx.audit("outbox.test", "outbox", e.bundle_id)
    with pytest.raises(DatabaseError):
        with vault.transaction() as tx:
            outbox.enqueue_tx(tx, outbox.REVIEW_RECORD, "other-folder", record_id=e.record_id, version=1,
                              child_id=CHILD)
    with pytest.raises(ValueError):
        with vault.transaction() as tx:
            outbox.enqueue_tx(tx, "letters", "x")
    assert [x.state for x in outbox.entries(vault)] == ["queued"]


def test_the_outbox_is_designed_for_exports_without_a_record(vault):
    with vault.transaction() as tx:
        bundle = outbox.enqueue_tx(tx, outbox.FIGURES, "figures-2026-q1")
    e = outbox.entry(vault, bundle)
    assert (e.kind, e.record_id, e.child_id, e.state) == ("figures", None, None, "queued")


def test_start_up_puts_interrupted_uploads_back_in_the_queue(vault, vault_home, keychain):
    from iro_desktop.vault import Vault
    from tests.conftest import PASSPHRASE

    finalised_review(vault)
    finalised_review(vault, "C2")
    a, b = [e.bundle_id for e in outbox.entries(vault)]
    outbox.set_state(vault, a, outbox.UPLOADING)
    outbox.set_state(vault, b, outbox.VERIFYING)
    vault.close()
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert outbox.requeue_interrupted(again) == [a, b]
        assert [e.state for e in outbox.entries(again)] == ["queued", "queued"]
        assert [i for act, _t, i in audit_rows(again) if act == "outbox.requeued"] == [a, b]
        assert outbox.requeue_interrupted(again) == []


def test_retention_drops_the_bytes_of_synced_bundles_only_and_keeps_the_receipt(vault):
    finalised_review(vault)
    finalised_review(vault, "C2")
    a, b = [e.bundle_id for e in outbox.entries(vault)]
    files = bundles.ensure_built(vault, a)
    bundles.ensure_built(vault, b)
    receipts = [outbox.Receipt(f.name, f.size, f.sha256) for f in files]
    synced_at = outbox.now_utc()
    outbox.set_state(vault, a, outbox.SYNCED, receipts=receipts, now=synced_at)
    assert outbox.retention_days(vault) == outbox.DEFAULT_RETENTION_DAYS == 30
    assert outbox.drop_expired_bytes(vault, synced_at + timedelta(days=29)) == []
    assert outbox.entry(vault, a).bytes_kept
    # b is not synced: however old, its bytes stay.
    assert outbox.drop_expired_bytes(vault, synced_at + timedelta(days=400)) == [a]
    kept, gone = outbox.entry(vault, b), outbox.entry(vault, a)
    assert kept.bytes_kept and not gone.bytes_kept
    assert gone.state == "synced" and list(gone.receipts) == receipts
    with vault.read() as db:
        assert db.conn.execute("SELECT COUNT(*) FROM outbox_file WHERE bundle_id = ? AND data IS NULL",
                               (a,)).fetchone()[0] == len(files)
    # The setting shortens it.
    with vault.transaction() as tx:
        tx.set_setting(outbox.RETENTION_SETTING, "0")
    assert outbox.retention_days(vault) == 0


def test_audit_rows_and_reasons_hold_no_case_content(vault):
    finalised_review(vault)
    [e] = outbox.entries(vault)
    outbox.set_state(vault, e.bundle_id, outbox.FAILED, reason="x " * 400, attempts_add=1)
    assert len(outbox.entry(vault, e.bundle_id).last_error) <= outbox.MAX_REASON
    rows = [(a, t, i) for a, t, i in audit_rows(vault) if t == "outbox"]
    assert rows == [("outbox.queued", "outbox", e.bundle_id), ("outbox.failed", "outbox", e.bundle_id)]
    assert vault.verify_audit().ok


def test_the_demo_vault_has_its_finalised_records_waiting_in_the_outbox(tmp_path):
    from iro_desktop.demo_vault import open_demo_vault
    from tests.conftest import FAST_KDF

    with open_demo_vault(tmp_path / "demo", children=6, kdf=FAST_KDF) as demo:
        with demo.read() as db:
            finalised = db.conn.execute(
                "SELECT r.id, v.version FROM record r JOIN record_version v ON v.record_id = r.id "
                "WHERE v.status = 'finalised' ORDER BY r.id, v.version").fetchall()
        rows = outbox.entries(demo)
    assert finalised, "the demo has finalised records"
    assert sorted((e.record_id, e.version) for e in rows) == sorted(finalised)
    assert {e.state for e in rows} == {"queued"}
