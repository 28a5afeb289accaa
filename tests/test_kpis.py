"""The annual report's figures, from a hand-built caseload with a known answer for each one
(tests/support/kpi_dataset.py), and the edges the issue names: a review exactly on its limit is
in time and one day after is late; a series counts by its first meeting; PN0 is left out of the
4+ figure; a new period of care restarts the first-review rule; a bank holiday inside the 20
working days of a first review."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import jsonschema
import pytest

from iro_desktop import resources
from iro_desktop.caseload import due
from iro_desktop.reports import kpis, review_facts, team
from iro_desktop.reviews import series
from iro_desktop.timescales import first_review_due, next_review
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support import kpi_dataset as ds


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    home = tmp_path_factory.mktemp("kpis") / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    ds.build(vault)
    yield vault
    vault.close()


def figures(vault, start=ds.START, end=ds.END):
    return kpis.figures(vault, start, end)


@pytest.mark.parametrize("key", list(ds.EXPECTED))
def test_each_figure_of_the_hand_built_caseload(built, key):
    assert figures(built)[key] == ds.EXPECTED[key]


def test_the_figures_are_exactly_the_known_answer(built):
    assert figures(built) == ds.EXPECTED


def test_a_review_exactly_on_its_limit_is_in_time_and_one_day_after_is_late(built):
    # E on 26/03/2026 (limit 26/03), L on 27/03 (the same limit).
    day_of, day_after = figures(built, date(2026, 3, 26), date(2026, 3, 26)), figures(built, date(2026, 3, 27),
                                                                                      date(2026, 3, 27))
    assert day_of["in_timescale"] == {"count": 1, "total": 1, "percent": 100.0}
    assert day_after["in_timescale"] == {"count": 0, "total": 1, "percent": 0.0}


def test_a_series_counts_from_its_first_meeting(built, monkeypatch, tmp_path):
    with built.read() as db:
        s = [f for f in review_facts.review_facts(db.conn, ds.START, ds.END) if f.child_id == "S"]
    assert [(f.held_on, f.held_as_series) for f in s] == [(date(2026, 5, 5), True)]
    may = figures(built, date(2026, 5, 1), date(2026, 5, 20))
    assert may["reviews_held"] == 1 and may["in_timescale"]["count"] == 1  # limit 07/05, first meeting 05/05
    # The same review counted by its last meeting (19/05) would be late: the test above would fail.
    # (The day is worked out as the record is finalised, so the caseload is built again.)
    monkeypatch.setattr(series, "counted_date",
                        lambda d: max((m.meeting_date for m in d.meetings), default=d.review_date))
    vault, _code = Vault.create(tmp_path / "vault", PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    try:
        ds.build(vault)
        assert figures(vault, date(2026, 5, 1), date(2026, 5, 20))["in_timescale"]["count"] == 0
    finally:
        vault.close()


def test_a_series_whose_first_meeting_is_before_the_period_belongs_to_the_period_before(built):
    assert figures(built, date(2026, 5, 6), date(2026, 5, 20))["reviews_held"] == 0
    assert figures(built, date(2026, 5, 5), date(2026, 5, 5))["reviews_held"] == 1


def test_pn0_is_left_out_of_the_4_plus_figure(built):
    # Y, aged 2, PN0: counted in the participation table, not in "children 4+ who took part".
    y = figures(built, date(2026, 1, 30), date(2026, 1, 30))
    assert y["participation"]["PN0"] == {"count": 1, "percent": 100.0}
    assert y["participated_4plus"] == {"count": 0, "total": 0, "percent": None}
    assert y["attended_4plus"]["total"] == 0
    # FOUR turned 4 on the day of the review: in the figure, with PN7 (did not take part).
    four = figures(built, date(2026, 3, 10), date(2026, 3, 10))
    assert four["participated_4plus"] == {"count": 0, "total": 1, "percent": 0.0}


def test_a_new_period_of_care_restarts_the_first_review_rule(built):
    # N's first review of the period begun 02/02/2026 is due by 02/03: held 27/02, in time.
    n = figures(built, date(2026, 2, 27), date(2026, 2, 27))
    assert n["first_reviews_in_timescale"] == {"count": 1, "total": 1, "percent": 100.0}
    assert n["in_timescale"]["count"] == 1
    # Without the new period the same review would be a later review, due by 01/11/2025: late.
    with built.read() as db:
        facts = due.child_facts(db.conn, "N")
    first_period_only = replace(facts, periods=facts.periods[:1], reviews=tuple(
        r for r in facts.reviews if r.review_date < date(2026, 1, 1)))
    assert next_review(first_period_only, as_of=date(2026, 2, 27)).due == date(2025, 11, 1)


def test_a_bank_holiday_inside_the_20_working_days_of_a_first_review(built):
    # Looked after from 20/03/2026: Good Friday (03/04) and Easter Monday (06/04) move the limit
    # from 17/04 to 21/04. F held on 21/04 is in time; F2 on 22/04 is late.
    assert first_review_due(date(2026, 3, 20)) == date(2026, 4, 21)
    weekdays_only = [d for d in (date(2026, 3, 20).toordinal() + i for i in range(1, 40))
                     if date.fromordinal(d).weekday() < 5][19]
    assert date.fromordinal(weekdays_only) == date(2026, 4, 17)  # what a count ignoring them gives
    april = figures(built, date(2026, 4, 17), date(2026, 4, 22))
    assert april["first_reviews_in_timescale"] == {"count": 1, "total": 2, "percent": 50.0}


def test_paperwork_not_yet_due_at_the_end_is_not_counted(built):
    # N's second review (27/05): its record is due by 24/06. A period ending 20/06 leaves it out;
    # its decisions (due 03/06) are counted, late.
    early = figures(built, ds.START, date(2026, 6, 20))
    assert early["records_in_time"] == {"count": 4, "total": 10, "percent": 40.0}
    assert early["decisions_in_time"] == {"count": 6, "total": 11, "percent": 54.5}


def test_the_caseload_on_the_last_day_is_the_children_allocated_and_in_care_then(built):
    # On 19/03/2026 F and F2 were not yet looked after; Z was still allocated (until 01/06).
    march = figures(built, ds.START, date(2026, 3, 19))["caseload"]
    assert march["children"] == 9
    assert march["placed_out_of_area"] == {"count": 4, "total": 9, "percent": 44.4}  # N, FOUR, H, O
    assert march["areas"] == {"Cornwall": 3, "Kent": 1}


def test_the_figures_are_read_in_a_fixed_number_of_queries(built):
    # As many for seven reviews as for none: nothing is read review by review. (A child who has
    # left the IRO since the period is read on their own, so both periods end after Z left.)
    statements: list[str] = []
    with built.read() as db:
        db.conn.set_trace_callback(statements.append)
        try:
            assert kpis.compute(db.conn, date(2026, 3, 1), ds.END)["reviews_held"] == 7
            many = len(statements)
            statements.clear()
            assert kpis.compute(db.conn, date(2026, 6, 1), ds.END)["reviews_held"] == 0
            none = len(statements)
        finally:
            db.conn.set_trace_callback(None)
    assert many == none, (many, none)


def test_each_percentage_comes_from_its_counts(built):
    figs = figures(built)
    for path, value in kpis.percents(figs).items():
        assert value is None or value == round(value, 1), path
    assert figs["in_timescale"]["percent"] == round(100 * 8 / 11, 1) == 72.7


def test_the_figures_follow_the_schema(built):
    schema = json.loads(resources.resource_path("schemas", team.SCHEMA).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    figs = figures(built)
    jsonschema.Draft202012Validator(schema).validate(figs)
    # The schema does catch a figure that is wrong.
    broken = json.loads(json.dumps(figs))
    broken["in_timescale"]["percent"] = "72.7%"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_an_empty_vault_gives_zeros_and_no_percentages(vault):
    figs = kpis.figures(vault, ds.START, ds.END)
    assert figs["reviews_held"] == 0 and figs["in_timescale"] == {"count": 0, "total": 0, "percent": None}
    assert figs["participation"]["PN1"] == {"count": 0, "percent": None}
    assert figs["caseload"] == {"children": 0, "placed_out_of_area": {"count": 0, "total": 0, "percent": None},
                                "areas": {}, "by_distance": {"under_20": 0, "20_to_49": 0, "50_plus": 0,
                                                             "not_known": 0}}


def test_the_period_before_has_the_same_length():
    assert kpis.previous_period(date(2025, 4, 1), date(2026, 3, 31)) == (date(2024, 4, 1), date(2025, 3, 31))
    assert kpis.previous_period(date(2024, 4, 1), date(2025, 3, 31)) == (date(2023, 4, 1), date(2024, 3, 31))
    assert kpis.previous_period(date(2026, 1, 1), date(2026, 3, 31)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert kpis.previous_period(date(2026, 3, 10), date(2026, 3, 19)) == (date(2026, 2, 28), date(2026, 3, 9))


def test_the_comparison_is_in_percentage_points(built):
    now = figures(built)
    before = figures(built, *kpis.previous_period(ds.START, ds.END))
    change = kpis.compare(now, before)
    assert change["in_timescale"] == round(now["in_timescale"]["percent"] - before["in_timescale"]["percent"], 1)
    assert change["participation.PN1"] is not None and "rag.care_planning.G" in change
    empty = kpis.figures(built, date(1990, 1, 1), date(1990, 1, 31))
    assert kpis.compare(now, empty)["in_timescale"] is None  # nothing to compare with


def test_history_reviews_count_from_their_columns(built):
    with built.read() as db:
        h = [f for f in review_facts.review_facts(db.conn, ds.START, ds.END) if f.child_id == "H"]
    assert len(h) == 1 and h[0].source == "history" and not h[0].from_record
    assert (h[0].participation_code, h[0].seen_alone, h[0].parent_participated,
            h[0].rag_care_planning, h[0].rag_preparation) == ("PN1", True, False, "green", "amber")


def test_only_the_latest_finalised_version_counts(built):
    from iro_desktop.reviews import records

    with built.read() as db:
        rid = db.conn.execute("SELECT r.id FROM record r JOIN review v ON v.id = r.review_id "
                              "WHERE r.child_id = 'E' AND v.review_date = '2026-03-26'").fetchone()[0]
    before = figures(built)
    amending = records.amend_review(built, rid, "The rating was wrong.")
    # A draft amendment does not count until it is finalised.
    amending.content.qa.care_planning_rag = "red"
    records.save_review(built, rid, amending.content, today=ds.BUILT_ON)
    assert figures(built)["rag"] == before["rag"]
    records.finalise_review(built, rid, finalised_by="Sam Ravensmoss", on=ds.BUILT_ON, today=ds.BUILT_ON)
    after = figures(built)["rag"]["care_planning"]
    assert (after["G"]["count"], after["R"]["count"]) == (3, 2)
    # Put back for the other tests (module-scoped data): a second amendment restores green.
    again = records.amend_review(built, rid, "Back as it was.")
    again.content.qa.care_planning_rag = "green"
    records.finalise_review(built, rid, finalised_by="Sam Ravensmoss", on=ds.BUILT_ON, content=again.content,
                            today=ds.BUILT_ON)
    assert figures(built) == before


def test_a_review_whose_record_is_still_a_draft_has_said_nothing_yet(vault):
    from iro_desktop.reviews import records
    from tests.support.review_helpers import complete, setup

    setup(vault, seed_last_review_date=None, seed_reviews_held=None)
    rec = records.start_review(vault, "C900001", date(2026, 1, 5), "subsequent", today=date(2026, 1, 10))
    content = complete(rec.content)
    content.qa.care_planning_rag = "green"
    records.save_review(vault, rec.id, content, today=date(2026, 1, 10))
    figs = kpis.figures(vault, date(2026, 1, 1), date(2026, 1, 31))
    assert figs["reviews_held"] == 1 and figs["participation_no_code"] == 1
    assert figs["rag"]["care_planning"]["not_rated"] == 1 and figs["seen_alone"]["total"] == 0
    # Finalised, the same content counts.
    records.finalise_review(vault, rec.id, finalised_by="Sam Ravensmoss", on=date(2026, 1, 6), today=date(2026, 1, 10))
    figs = kpis.figures(vault, date(2026, 1, 1), date(2026, 1, 31))
    assert figs["participation"]["PN1"]["count"] == 1 and figs["rag"]["care_planning"]["G"]["count"] == 1
    assert figs["seen_alone"] == {"count": 1, "total": 1, "percent": 100.0}


def test_out_of_area_and_the_areas_come_from_the_placement_district_where_it_is_known(tmp_path):
    """A Cornish council: "Kernow" typed over TR1 is in its area, "Cornwall" typed over a
    Plymouth district is not (and counts as Plymouth), and a placement with no district keeps
    what the caseload recorded. Each is counted in a distance band from the council's base."""
    from iro_desktop.caseload import repository
    from iro_desktop.caseload.model import PeriodOfCare, Placement
    from iro_desktop.places import settings as place_settings
    from tests.support.caseload_helpers import TODAY, make_child

    vault, _code = Vault.create(tmp_path / "v", PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    try:
        repository.set_council_area(vault, "Cornwall")
        place_settings.set_council_authority(vault, "E06000052")
        start = date(2024, 1, 8)
        for cid, area, district, recorded in (("K1", "Kernow", "TR1", True), ("P1", "Cornwall", "PL1", False),
                                              ("D1", "Devon", None, True), ("C1", "Cornwall", None, False)):
            repository.add_child(vault, make_child(cid, periods=[PeriodOfCare(start, "C2")], reviews=[],
                                                   placements=[Placement(start, "U4", "Carers", area, district,
                                                                         recorded)]), today=TODAY)
        caseload = kpis.figures(vault, date(2025, 4, 1), date(2026, 1, 10))["caseload"]
    finally:
        vault.close()
    assert caseload["placed_out_of_area"] == {"count": 2, "total": 4, "percent": 50.0}
    assert caseload["areas"] == {"Devon": 1, "Plymouth": 1}
    # From Cornwall's own base (its district nearest the middle of its postcodes): Truro is
    # near, Plymouth farther, and the two with no district have no distance.
    assert caseload["by_distance"]["not_known"] == 2
    assert caseload["by_distance"]["under_20"] + caseload["by_distance"]["20_to_49"] == 2
