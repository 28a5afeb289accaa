"""The annual report's copy of each finalised review: made in the finalisation's transaction, one
per finalised version, holding only what the report reads; and migration 12 makes the same copy
of versions finalised before it."""

from __future__ import annotations

import json
from datetime import date

from iro_desktop import reviews
from iro_desktop.reports import review_facts
from iro_desktop.reviews import report_copy
from iro_desktop.vault import Vault
from iro_desktop.vault.connection import connect
from tests.conftest import PASSPHRASE
from tests.support.caseload_helpers import TODAY
from tests.support.review_helpers import CHILD, IRO, complete, setup
from tests.support.vault_helpers import data_key

HELD = date(2026, 1, 6)


def copies(vault) -> dict[tuple[int, int], dict]:
    with vault.read() as db:
        return {(r, v): json.loads(f) for r, v, f in db.conn.execute(
            f"SELECT record_id, version, facts FROM {report_copy.TABLE} ORDER BY record_id, version")}


def finalised_twice(vault) -> int:
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    content = complete(r.content)
    content.qa.care_planning_rag, content.qa.good_practice = "amber", True
    content.details.child_attended = True
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=content, today=TODAY)
    amended = reviews.amend_review(vault, r.id, "The code was wrong")
    amended.content.details.participation_code = "PN2"
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=amended.content, today=TODAY)
    return r.id


def test_each_finalised_version_is_copied_with_only_what_the_report_reads(vault):
    record_id = finalised_twice(vault)
    found = copies(vault)
    assert sorted(found) == [(record_id, 1), (record_id, 2)]
    first, second = found[(record_id, 1)], found[(record_id, 2)]
    assert set(first["details"]) == set(report_copy.DETAIL_KEYS) and set(first["qa"]) == set(report_copy.QA_KEYS)
    assert (first["details"]["participation_code"], second["details"]["participation_code"]) == ("PN1", "PN2")
    assert first["qa"]["care_planning_rag"] == "amber" and first["qa"]["good_practice"] is True
    assert first["details"]["child_attended"] is True
    assert "venue" not in first["details"] and "letter" not in first, "the letter and the rest stay out"


def test_migration_12_copies_versions_finalised_before_it(vault, vault_home, keychain):
    record_id = finalised_twice(vault)
    made_by_finalising = copies(vault)
    vault.close()
    conn = connect(vault_home / "vault.db", data_key(vault_home, keychain))
    try:
        conn.execute(f"DROP TABLE {report_copy.TABLE}")
        # The vault as version 11 left it: what later migrations made goes too (13: meetings).
        for table in ("consultee", "review_meeting_move", "review_meeting"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("PRAGMA user_version = 11")
        conn.commit()
    finally:
        conn.close()
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert copies(again) == made_by_finalising
        assert record_id in {r for r, _v in copies(again)}


def test_the_report_reads_only_fields_the_copy_holds():
    # A field the report reads but the copy leaves out would read as "not recorded" in every
    # finalised review, silently.
    assert set(review_facts._DETAILS) <= set(report_copy.DETAIL_KEYS)
    assert set(review_facts._QA) <= set(report_copy.QA_KEYS)
