"""Autosave: drafts saved cheaply, recovered after unlock, and few audit rows."""

import copy
from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.reviews import drafts, records
from iro_desktop.reviews.drafts import AUDIT_INTERVAL_S
from iro_desktop.vault import Vault
from iro_desktop.vault.vault import AuditMissing
from tests.conftest import PASSPHRASE
from tests.support.caseload_helpers import TODAY, audit_rows
from tests.support.review_helpers import CHILD, IRO, complete, setup


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _record(vault):
    setup(vault)
    return reviews.start_review(vault, CHILD, date(2026, 1, 6), "subsequent", today=TODAY)


def test_save_recover_load_and_discard(vault, vault_home, keychain):
    r = _record(vault)
    key = records.draft_key(r.id)
    c = r.content
    c.letter.set_body("home", "You live with Pat and Lee")
    payload = drafts.prepare_draft(c)
    assert drafts.save_draft(vault, key, payload)
    assert not drafts.save_draft(vault, key, payload)  # unchanged: nothing written
    c.letter.set_body("home", "You live with Pat and Lee and Biscuit the cat.")
    assert drafts.save_draft(vault, key, c)
    vault.close()

    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        [found] = drafts.recover_drafts(again)
        assert (found.draft_key, found.kind, found.record_id, found.child_id, found.saves) == (
            key, "review", r.id, CHILD, 2)
        assert found.record_state == "draft" and not found.record_is_finalised
        back = drafts.load_draft(again, key)
        assert back == c
        assert drafts.discard_draft(again, key)
        assert drafts.recover_drafts(again) == [] and drafts.load_draft(again, key) is None
        assert not drafts.discard_draft(again, key)


def test_saving_the_record_clears_its_draft(vault):
    r = _record(vault)
    key = records.draft_key(r.id)
    c = r.content
    c.letter.set_body("home", "typed")
    drafts.save_draft(vault, key, c)
    reviews.save_review(vault, r.id, c, today=TODAY)
    assert drafts.recover_drafts(vault) == []
    # The worker's next autosave of the same screen writes nothing: it is already in the record.
    assert not drafts.save_draft(vault, key, c)
    assert drafts.recover_drafts(vault) == []
    # Typing after a save, then undoing back to what was saved: still nothing unsaved.
    c.letter.set_body("home", "typed more")
    assert drafts.save_draft(vault, key, c)
    c.letter.set_body("home", "typed")
    assert not drafts.save_draft(vault, key, c)
    assert drafts.recover_drafts(vault) == []
    c.letter.set_body("home", "typed again")
    drafts.save_draft(vault, key, c)
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=complete(c), today=TODAY)
    assert drafts.recover_drafts(vault) == []


def test_work_left_after_finalising_elsewhere_is_flagged(vault):
    r = _record(vault)
    key = records.draft_key(r.id)
    final = reviews.finalise_review(vault, r.id, finalised_by=IRO, content=complete(r.content), today=TODAY)
    c = final.content
    c.letter.set_body("worries", "typed after finalising, in another window")
    drafts.save_draft(vault, key, c)
    [found] = drafts.recover_drafts(vault)
    assert found.record_is_finalised


def test_free_form_drafts_and_midway_keys(vault):
    setup(vault)
    assert drafts.save_draft(vault, "note:C900001", {"text": "ring the school"})
    assert drafts.load_draft(vault, "note:C900001") == {"text": "ring the school"}
    assert drafts.save_draft(vault, "scratch", "plain text")
    assert drafts.load_draft(vault, "scratch") == "plain text"
    assert {d.draft_key for d in drafts.recover_drafts(vault)} == {"note:C900001", "scratch"}


def test_one_audit_row_per_draft_per_minute(vault):
    r = _record(vault)
    key = records.draft_key(r.id)
    clock = Clock()
    before = len(audit_rows(vault))
    c = r.content
    for i in range(90):  # three minutes of saving every two seconds
        c.letter.set_body("home", "word " * (i + 1))
        assert drafts.save_draft(vault, key, c, clock=clock)
        clock.now += 2
    rows = audit_rows(vault)[before:]
    assert rows == [("draft.autosave", "draft", key)] * 3
    # Another draft gets its own first row; a new unlock (a new vault object) starts afresh.
    drafts.save_draft(vault, "midway:99", {"x": 1}, clock=clock)
    assert audit_rows(vault)[-1] == ("draft.autosave", "draft", "midway:99")
    assert vault.verify_audit().ok
    assert AUDIT_INTERVAL_S == 60


def _everything(vault) -> dict:
    """Every row of every table, the schema and the format version: the whole vault."""
    with vault.read() as db:
        conn = db.conn
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {"schema": conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall(),
                "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
                **{t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}}


_DRAFT_ROW = ("INSERT INTO draft (draft_key, content, content_sha256, first_saved_at, saved_at) "
              "VALUES ('a', 'x', 'y', 'now', 'now')")
_MOVE_RECORD = "UPDATE record SET record_date = '2020-01-01' WHERE id = ?"

# Each way of writing more than one draft row without an audit row, as the statements to run.
UNAUDITED_WRITES = {
    "a draft row and a record": [(_DRAFT_ROW, ()), (_MOVE_RECORD, "rid")],
    "one row of the record alone": [(_MOVE_RECORD, "rid")],
    "one row of another table": [("INSERT INTO settings (key, value) VALUES ('council_area', 'Elsewhere')", ())],
    "every draft in one statement": [("DELETE FROM draft", ())],
    "a draft row after the record": [(_MOVE_RECORD, "rid"), (_DRAFT_ROW, ())],
    "a schema change (which changes no row)": [("DROP TRIGGER audit_log_no_delete", ())],
    "the format version (no row either)": [("PRAGMA user_version = 99", ())],
}


@pytest.mark.parametrize("statements", UNAUDITED_WRITES.values(), ids=UNAUDITED_WRITES.keys())
def test_the_unaudited_path_changes_nothing_but_the_draft(vault, statements):
    """Guards ``Vault.draft_transaction``, the one write that needs no audit row (the autosaves
    between the audited once-a-minute ones, ``reviews.drafts.save_draft``): it may change one row
    of the draft table and nothing else. Anything more is refused as AuditMissing and rolled
    back whole: the vault (every table, the schema and the format version) is exactly as before,
    with no new audit row. Checked with two drafts already saved, so a statement that touches
    several draft rows has rows to touch, and with the record's UPDATE already prepared and cached
    by an audited transaction, so the check cannot be skipped by reusing a prepared statement."""
    r = _record(vault)
    drafts.save_draft(vault, records.draft_key(r.id), {"text": "typed"})
    drafts.save_draft(vault, "note:C900001", {"text": "ring the school"})
    with vault.transaction() as tx:
        tx.db.conn.execute(_MOVE_RECORD, (r.id,))
        tx.db.conn.execute("UPDATE record SET record_date = '2026-01-06' WHERE id = ?", (r.id,))
        tx.audit("test.touch", "record", r.id)
    before = _everything(vault)

    with pytest.raises(AuditMissing):
        with vault.draft_transaction() as conn:
            for sql, params in statements:
                conn.execute(sql, (r.id,) if params == "rid" else params)

    assert _everything(vault) == before
    assert reviews.get_review(vault, r.id).record.record_date == date(2026, 1, 6)
    assert vault.verify_audit().ok
    # What it is for still works: one draft row, written without an audit row.
    audit_before = audit_rows(vault)
    with vault.draft_transaction() as conn:
        conn.execute("UPDATE draft SET content = ? WHERE draft_key = 'note:C900001'", ('{"text": "rang"}',))
    assert drafts.load_draft(vault, "note:C900001") == {"text": "rang"}
    assert audit_rows(vault) == audit_before


def test_a_refused_unaudited_write_cannot_be_swallowed(vault):
    """A caller that catches the refusal of a statement inside draft_transaction still gets the
    whole transaction refused: nothing of it is kept."""
    r = _record(vault)
    before = _everything(vault)
    with pytest.raises(AuditMissing):
        with vault.draft_transaction() as conn:
            conn.execute(_DRAFT_ROW)
            try:
                conn.execute(_MOVE_RECORD, (r.id,))
            except Exception:  # noqa: BLE001 - the point: swallowing it must not help
                pass
    assert _everything(vault) == before


def test_a_save_drops_only_the_autosaved_copy_of_its_own_words(vault):
    """A pause in typing puts the words into the record on the vault thread while the autosave
    may already have written newer ones: the save keeps that newer copy, never loses it."""
    r = _record(vault)
    key = records.draft_key(r.id)
    c = r.content
    c.letter.set_body("home", "You live with Pat")
    older = copy.deepcopy(c)  # what the save took from the screen
    c.letter.set_body("home", "You live with Pat and Lee")
    drafts.save_draft(vault, key, c)  # the IRO typed on; the autosave wrote this meanwhile
    reviews.save_review(vault, r.id, older, today=TODAY)
    assert drafts.load_draft(vault, key).letter.section("home").body == "You live with Pat and Lee"
    assert [d.draft_key for d in drafts.recover_drafts(vault)] == [key], "the newer words are kept"
    reviews.save_review(vault, r.id, c, today=TODAY)
    assert drafts.load_draft_text(vault, key) is None, "its own words: the copy goes"


def test_put_into_record_saves_through_the_core_and_keeps_words_the_record_refuses(vault):
    r = _record(vault)
    key = records.draft_key(r.id)
    c = r.content
    c.letter.set_body("school", "Year 7 is going well")
    assert drafts.put_into_record(vault, key, drafts.prepare_draft(c), records.save_review)
    assert records.get_review(vault, r.id).content.letter.section("school").body == "Year 7 is going well"
    assert drafts.load_draft_text(vault, key) is None
    assert audit_rows(vault)[-1] == ("review_record.save", "record", str(r.id))
    # A date in the future is wrong, so the record refuses it: the words stay safe beside it.
    c.details.seen_alone, c.details.seen_alone_date = True, date(2099, 1, 1)
    c.letter.set_body("school", "Year 7 is going really well")
    assert not drafts.put_into_record(vault, key, drafts.prepare_draft(c), records.save_review)
    assert drafts.load_draft(vault, key).letter.section("school").body == "Year 7 is going really well"
    assert records.get_review(vault, r.id).content.letter.section("school").body == "Year 7 is going well"
