"""The annual report's copy of each finalised review: made in the finalisation's transaction, one
per finalised version, holding only what the report reads; migration 12 makes the same copy of
versions finalised before it, and migration 14 the same columns beside it."""

from __future__ import annotations

import json
from datetime import date

import sqlcipher3
from hypothesis import given, settings, strategies as st

from iro_desktop import reviews
from iro_desktop.reports import review_facts
from iro_desktop.reviews import report_copy
from iro_desktop.vault import Vault, migrations
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


def columns(vault) -> dict[tuple[int, int], tuple]:
    with vault.read() as db:
        return {(row[0], row[1]): row[2:] for row in db.conn.execute(
            f"SELECT record_id, version, {', '.join(report_copy.COLUMN_NAMES)} FROM {report_copy.TABLE}")}


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
    by_column = [dict(zip(report_copy.COLUMN_NAMES, row)) for row in (columns(vault)[(record_id, n)] for n in (1, 2))]
    assert [c["participation_code"] for c in by_column] == ["PN1", "PN2"]
    assert by_column[0]["held_on"] == HELD.isoformat() and by_column[0]["child_attended"] == 1
    assert by_column[0]["rag_care_planning"] == "amber" and by_column[0]["good_practice"] == 1


def test_migration_12_copies_versions_finalised_before_it(vault, vault_home, keychain):
    record_id = finalised_twice(vault)
    made_by_finalising, columns_by_finalising = copies(vault), columns(vault)
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
        assert columns(again) == columns_by_finalising  # migration 14 filled them from the copy
        assert record_id in {r for r, _v in copies(again)}


def test_the_copy_columns_are_the_review_rows_history_columns(vault):
    # The report reads each column from the copy, or from the review row when there is no
    # record: the same name must mean the same thing in both.
    with vault.read() as db:
        review_columns = {r[1] for r in db.conn.execute("PRAGMA table_info(review)")}
    assert set(review_facts._RECORDED) <= review_columns
    assert set(review_facts._RECORDED) | {"held_on", "good_practice"} == set(report_copy.COLUMN_NAMES)


_DAY = st.dates(date(2024, 1, 1), date(2026, 12, 31)).map(date.isoformat)
_YES_NO = st.sampled_from([True, False, None])
_DETAILS = st.fixed_dictionaries({
    "review_date": st.one_of(st.none(), _DAY), "held_as_series": _YES_NO,
    "meetings": st.lists(st.fixed_dictionaries({"date": st.one_of(st.none(), _DAY)}), max_size=3),
    "participation_code": st.sampled_from(["PN0", "PN1", "PN7", None]), "child_attended": _YES_NO,
    "seen_alone": _YES_NO, "advocate_offered": _YES_NO, "advocate_used": _YES_NO,
    "health_assessment_up_to_date": _YES_NO, "pep_up_to_date": _YES_NO, "permanence_plan_in_place": _YES_NO,
    "rearranged": _YES_NO, "review_type": st.just("subsequent"),
    "parents": st.lists(st.fixed_dictionaries({}, optional={"how": st.sampled_from(
        ["attended", "views_given", "invited_no_part", "not_invited", "not_applicable", ""])}), max_size=3)})
_QA = st.fixed_dictionaries({"care_planning_rag": st.sampled_from(["green", "amber", "red", None]),
                             "preparation_rag": st.sampled_from(["green", None]), "good_practice": _YES_NO,
                             "good_practice_note": st.just("")})


def _filled_by_migration(copies_made: list[dict]) -> list[tuple]:
    conn = sqlcipher3.connect(":memory:")
    conn.execute("CREATE TABLE review_report_copy (record_id INTEGER, version INTEGER, facts TEXT, "
                 "PRIMARY KEY (record_id, version))")
    conn.executemany("INSERT INTO review_report_copy VALUES (?, 1, ?)",
                     [(n, json.dumps(f)) for n, f in enumerate(copies_made)])
    migrations._m14_report_copy_columns(conn)
    return conn.execute(f"SELECT {', '.join(report_copy.COLUMN_NAMES)} FROM review_report_copy "
                        "ORDER BY record_id").fetchall()


def _worked_out(copies_made: list[dict]) -> list[tuple]:
    return [tuple(int(v) if isinstance(v, bool) else v for v in report_copy.columns_of(f)) for f in copies_made]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({"details": _DETAILS, "qa": _QA}), min_size=1, max_size=8))
def test_migration_14_fills_the_columns_as_finalising_does(copies_made):
    # Migration 14 works the columns out in SQL, finalising in Python: the two must agree.
    assert _filled_by_migration(copies_made) == _worked_out(copies_made)


def test_the_comparison_catches_a_column_worked_out_differently(monkeypatch):
    series_of_two = {"details": {"review_date": "2026-05-19", "held_as_series": True, "review_type": "subsequent",
                                 "meetings": [{"date": "2026-05-05"}, {"date": "2026-05-19"}], "parents": []},
                     "qa": {}}
    assert _filled_by_migration([series_of_two]) == _worked_out([series_of_two])
    # A series counted from its last meeting in Python only: the two no longer agree.
    monkeypatch.setattr(report_copy.series, "counted_date",
                        lambda d: max((m.meeting_date for m in d.meetings), default=d.review_date))
    assert _filled_by_migration([series_of_two]) != _worked_out([series_of_two])
