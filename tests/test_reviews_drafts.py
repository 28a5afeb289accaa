"""Autosave: drafts saved cheaply, recovered after unlock, and few audit rows."""

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


def test_the_unaudited_path_changes_nothing_but_the_draft(vault):
    r = _record(vault)
    before = audit_rows(vault)
    with pytest.raises(AuditMissing):
        with vault.draft_transaction() as conn:
            conn.execute("INSERT INTO draft (draft_key, content, content_sha256, first_saved_at, saved_at) "
                         "VALUES ('a', 'x', 'y', 'now', 'now')")
            conn.execute("UPDATE record SET record_date = '2020-01-01' WHERE id = ?", (r.id,))
    assert reviews.get_review(vault, r.id).record.record_date == date(2026, 1, 6)
    assert drafts.recover_drafts(vault) == [] and audit_rows(vault) == before
