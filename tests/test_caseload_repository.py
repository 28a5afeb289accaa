"""The repository: round trips, the caseload list, allocation, reviews, council area, audit."""

import time
from datetime import date

import pytest

from iro_desktop.caseload import demo, repository
from iro_desktop.caseload.model import KeyPerson, PeriodOfCare, Placement, Review
from iro_desktop.errors import IroError, ValidationError
from tests.conftest import MARKERS
from tests.support.caseload_helpers import TODAY, audit_rows, make_child, snapshot, strip_ids


def test_round_trip_keeps_every_field(vault):
    child = make_child()
    repository.add_child(vault, child, today=TODAY)
    stored = repository.get_child(vault, child.child_id)
    expected = strip_ids(child)
    # Out of area is worked out on saving; with no council area set it stays as given.
    assert strip_ids(stored) == expected
    assert all(x.id for x in stored.periods + stored.placements + stored.key_people + stored.reviews)
    assert [r.period_id for r in stored.reviews] == [stored.periods[0].id] * 2


def test_add_child_writes_one_audit_row_without_names(vault):
    before = len(audit_rows(vault))
    repository.add_child(vault, make_child(first_name=MARKERS[0], last_name=MARKERS[1]), today=TODAY)
    rows = audit_rows(vault)
    assert rows[before:] == [("child.create", "child", "C900001")]
    with vault.read() as db:
        dump = repr(db.conn.execute("SELECT * FROM audit_log").fetchall())
    assert not any(m in dump for m in MARKERS)
    assert vault.verify_audit().ok


def test_add_invalid_child_writes_nothing(vault):
    before = snapshot(vault)
    with pytest.raises(ValidationError) as err:
        repository.add_child(vault, make_child(first_name="", date_of_birth=date(2030, 1, 1)), today=TODAY)
    fields = [where for where, _ in err.value.problems]
    assert "first_name" in fields and "date_of_birth" in fields
    assert snapshot(vault) == before


def test_add_duplicate_child_is_refused(vault):
    repository.add_child(vault, make_child(), today=TODAY)
    before = snapshot(vault)
    with pytest.raises(ValidationError) as err:
        repository.add_child(vault, make_child(first_name="Other"), today=TODAY)
    assert err.value.problems == [("child_id", "A child with the id C900001 is already in this vault.")]
    assert snapshot(vault) == before


def test_unknown_child(vault):
    with pytest.raises(IroError) as err:
        repository.get_child(vault, "C404")
    assert "no child with the id C404" in str(err.value)
    with pytest.raises(IroError):
        repository.set_allocated(vault, "C404", False)
    with pytest.raises(IroError):
        repository.add_review(vault, "C404", Review(date(2025, 1, 1), "first"))
    with pytest.raises(IroError):
        repository.update_child(vault, make_child("C404"), today=TODAY)


def test_update_child_replaces_lists_and_keeps_reviews(vault, monkeypatch):
    monkeypatch.setattr(repository, "_now_utc", lambda: "2026-01-10T09:00:00Z")
    repository.add_child(vault, make_child(), today=TODAY)
    with vault.read() as db:
        created_before, updated_before = db.conn.execute(
            "SELECT created_at, updated_at FROM child WHERE child_id = 'C900001'").fetchone()
    monkeypatch.setattr(repository, "_now_utc", lambda: "2026-01-10T09:30:00Z")
    child = repository.get_child(vault, "C900001")
    period_id = child.periods[0].id
    child.school = "Kingsmoor High School"
    child.iro_notes = "New note"
    child.key_people = [child.key_people[1], KeyPerson("personal_adviser", "Morgan Tidewhistle")]
    child.placements[-1].end_date = date(2025, 12, 31)
    child.placements.append(Placement(date(2026, 1, 1), "K2", "Hillcrest View", "Devon", "EX4"))
    repository.update_child(vault, child, today=TODAY)

    stored = repository.get_child(vault, "C900001")
    assert stored.school == "Kingsmoor High School" and stored.iro_notes == "New note"
    assert [k.role for k in stored.key_people] == ["independent_visitor", "personal_adviser"]
    assert [p.placement_type for p in stored.placements] == ["U6", "U4", "K2"]
    assert stored.current_placement.area == "Devon"
    assert len(stored.reviews) == 2 and stored.reviews[0].period_id == period_id
    assert stored.periods[0].id == period_id
    with vault.read() as db:
        created_after, updated_after = db.conn.execute(
            "SELECT created_at, updated_at FROM child WHERE child_id = 'C900001'").fetchone()
        assert db.conn.execute("SELECT count(*) FROM key_person").fetchone()[0] == 2
    assert (created_before, updated_before) == ("2026-01-10T09:00:00Z", "2026-01-10T09:00:00Z")
    assert (created_after, updated_after) == ("2026-01-10T09:00:00Z", "2026-01-10T09:30:00Z")
    assert audit_rows(vault)[-1] == ("child.update", "child", "C900001")


def test_update_child_relinks_reviews_when_periods_change(vault):
    repository.add_child(vault, make_child(), today=TODAY)
    child = repository.get_child(vault, "C900001")
    # Replace the period with one that has no id: the old row goes, reviews are re-linked.
    child.periods = [PeriodOfCare(date(2021, 5, 1), "C2")]
    repository.update_child(vault, child, today=TODAY)
    stored = repository.get_child(vault, "C900001")
    assert stored.periods[0].start_date == date(2021, 5, 1)
    assert [r.period_id for r in stored.reviews] == [stored.periods[0].id] * 2


def test_update_invalid_child_writes_nothing(vault):
    repository.add_child(vault, make_child(), today=TODAY)
    before = snapshot(vault)
    child = repository.get_child(vault, "C900001")
    child.school = "Changed"
    child.placements.append(Placement(date(2026, 1, 1), "Q7"))
    with pytest.raises(ValidationError) as err:
        repository.update_child(vault, child, today=TODAY)
    assert err.value.problems[0][0] == "placements[2].placement_type"
    assert snapshot(vault) == before


def test_update_child_records_allocation_change(vault):
    repository.add_child(vault, make_child(), today=TODAY)
    child = repository.get_child(vault, "C900001")
    child.allocated = False
    repository.update_child(vault, child, today=TODAY)
    assert audit_rows(vault)[-2:] == [("child.update", "child", "C900001"),
                                      ("child.not_allocated", "child", "C900001")]
    assert repository.get_child(vault, "C900001").not_allocated_since == TODAY


def test_set_allocated(vault):
    repository.add_child(vault, make_child(), today=TODAY)
    repository.add_child(vault, make_child("C900002"), today=TODAY)
    repository.set_allocated(vault, "C900001", False, today=TODAY)
    child = repository.get_child(vault, "C900001")
    assert child.allocated is False and child.not_allocated_since == TODAY
    assert [r.child_id for r in repository.list_children(vault, today=TODAY)] == ["C900002"]
    everyone = repository.list_children(vault, include_not_allocated=True, today=TODAY)
    assert {r.child_id: r.allocated for r in everyone} == {"C900001": False, "C900002": True}
    assert audit_rows(vault)[-1] == ("child.not_allocated", "child", "C900001")

    count = len(audit_rows(vault))
    repository.set_allocated(vault, "C900001", False, today=TODAY)  # no change: nothing written
    assert len(audit_rows(vault)) == count

    repository.set_allocated(vault, "C900001", True, today=TODAY)
    child = repository.get_child(vault, "C900001")
    assert child.allocated is True and child.not_allocated_since is None
    assert audit_rows(vault)[-1] == ("child.allocated", "child", "C900001")


def test_add_review(vault):
    repository.add_child(vault, make_child(reviews=[]), today=TODAY)
    review = repository.add_review(vault, "C900001", Review(date(2025, 12, 1), "subsequent"), today=TODAY)
    assert review.id is not None
    child = repository.get_child(vault, "C900001")
    assert child.reviews == [review]
    assert review.period_id == child.periods[0].id
    assert audit_rows(vault)[-1] == ("review.create", "review", str(review.id))


def test_add_review_checks_the_review(vault):
    repository.add_child(vault, make_child(reviews=[]), today=TODAY)
    before = snapshot(vault)
    with pytest.raises(ValidationError) as err:
        repository.add_review(vault, "C900001", Review(date(2026, 2, 1), "termly"), today=TODAY)
    assert {w for w, _ in err.value.problems} == {"review.review_date", "review.review_type"}
    with pytest.raises(ValidationError):
        repository.add_review(vault, "C900001", Review(date(2013, 1, 1), "first"), today=TODAY)
    assert snapshot(vault) == before


def test_council_area_and_out_of_area(vault):
    assert repository.council_area(vault) is None
    repository.add_child(vault, make_child(), today=TODAY)  # placements in Kent, then Cornwall
    assert [p.out_of_area for p in repository.get_child(vault, "C900001").placements] == [False, False]

    repository.set_council_area(vault, "  cornwall ")
    assert repository.council_area(vault) == "cornwall"
    assert [p.out_of_area for p in repository.get_child(vault, "C900001").placements] == [True, False]
    assert audit_rows(vault)[-1] == ("setting.update", "setting", "council_area")

    repository.add_child(vault, make_child("C900002", placements=[
        Placement(date(2022, 2, 28), "U4", area="CORNWALL"),
        Placement(date(2021, 5, 4), "U4", area="Bath and  North East Somerset", end_date=date(2022, 2, 27)),
        Placement(date(2021, 5, 4), "U4", area=None, out_of_area=True, end_date=date(2021, 5, 4))]), today=TODAY)
    flags = {p.area: p.out_of_area for p in repository.get_child(vault, "C900002").placements}
    assert flags == {"CORNWALL": False, "Bath and  North East Somerset": True, None: True}
    summary = {r.child_id: r for r in repository.list_children(vault, today=TODAY)}
    assert summary["C900001"].placement_area == "Cornwall" and summary["C900001"].out_of_area is False


def test_council_area_cannot_be_blank(vault):
    with pytest.raises(ValidationError):
        repository.set_council_area(vault, "   ")
    assert repository.council_area(vault) is None


def test_list_children_shows_the_current_state(vault):
    repository.add_child(vault, make_child(
        "C1", first_name="Ada", last_name="Yarrowmoss", preferred_name=None, date_of_birth=date(2012, 1, 11),
        periods=[PeriodOfCare(date(2019, 1, 1), "V2", date(2020, 1, 1)), PeriodOfCare(date(2023, 3, 1), "C1")],
        placements=[Placement(date(2023, 3, 1), "K2", area="Cumbria", out_of_area=True),
                    Placement(date(2019, 1, 1), "U6", area="Devon", end_date=date(2020, 1, 1))],
        reviews=[Review(date(2019, 2, 1), "first"), Review(date(2023, 3, 20), "first")],
        seed_last_review_date=date(2025, 12, 1)), today=TODAY)
    repository.add_child(vault, make_child(
        "C2", first_name="Bo", last_name="acornvale", preferred_name="Bobo", reviews=[],
        seed_last_review_date=date(2025, 6, 5), placements=[], social_worker_name=None), today=TODAY)
    repository.add_child(vault, make_child("C3", last_name="Acornvale", first_name="Al", preferred_name=None,
                                           reviews=[], seed_last_review_date=None), today=TODAY)
    rows = repository.list_children(vault, today=TODAY)
    assert [r.child_id for r in rows] == ["C3", "C2", "C1"]
    c1, c2, c3 = rows[2], rows[1], rows[0]
    assert c1.display_name == "Ada Yarrowmoss" and c1.age == 13  # 14 tomorrow
    assert (c1.legal_status, c1.placement_type, c1.placement_area, c1.out_of_area) == ("C1", "K2", "Cumbria", True)
    # The latest review record wins over the extract's seed, even when the seed is later.
    assert c1.last_review_date == date(2023, 3, 20)
    assert c2.display_name == "Bobo acornvale" and c2.last_review_date == date(2025, 6, 5)
    assert (c2.placement_type, c2.placement_area, c2.social_worker_name) == (None, None, None)
    assert c3.last_review_date is None and c3.legal_status == "C2"
    assert repository.list_children(vault, today=date(2026, 1, 11))[2].age == 14


def test_list_children_on_an_empty_vault(vault):
    assert repository.list_children(vault) == []


def test_list_children_is_one_query_and_fast(vault):
    demo.load_large(vault, children=85, reviews=2000, other_rows=10000, today=TODAY)
    statements: list[str] = []
    vault.conn.set_trace_callback(statements.append)
    try:
        rows = repository.list_children(vault, today=TODAY)
    finally:
        vault.conn.set_trace_callback(None)
    assert len(rows) == 85
    assert len([s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]) == 1
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        repository.list_children(vault, today=TODAY)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.050, f"caseload list took {min(timings) * 1000:.1f} ms"


def test_get_child_reads_a_fixed_number_of_queries(vault):
    repository.add_child(vault, make_child(), today=TODAY)
    statements: list[str] = []
    vault.conn.set_trace_callback(statements.append)
    try:
        repository.get_child(vault, "C900001")
    finally:
        vault.conn.set_trace_callback(None)
    # Not counting the PRAGMAs with which read() makes the connection read-only and back.
    assert len([s for s in statements if not s.lstrip().upper().startswith("PRAGMA")]) == 5


def test_ids_and_codes_are_tidied_on_saving(vault):
    child = make_child(child_id="C777", placements=[Placement(date(2022, 2, 28), "u4", postcode_district=" tr1 ")],
                       periods=[PeriodOfCare(date(2021, 5, 4), "c2")])
    # Lower-case codes are not valid input for validation...
    with pytest.raises(ValidationError):
        repository.add_child(vault, child, today=TODAY)
    # ...but a lower-case district is, and it is stored in capitals.
    child.placements[0].placement_type = "U4"
    child.periods[0].legal_status = "C2"
    repository.add_child(vault, child, today=TODAY)
    assert repository.get_child(vault, "C777").placements[0].postcode_district == "TR1"
