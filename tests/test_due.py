"""What is due, read from the vault: periods of care, seeds, paperwork, visits, settings."""

from datetime import date

import pytest

from iro_desktop.caseload import due, repository
from iro_desktop.caseload.model import Child, PeriodOfCare, Review
from iro_desktop.caseload.visits import Visit, add_visit, visits_for
from iro_desktop.errors import ValidationError
from iro_desktop.timescales import TimescaleSettings

D = date
TODAY = D(2026, 11, 23)


def _child(cid="C1", periods=None, reviews=(), **kw):
    return Child(cid, "Ada", "Test", D(2012, 5, 17),
                 periods=periods or [PeriodOfCare(D(2025, 1, 6), "C2")], reviews=list(reviews), **kw)


def _by_id(vault, today=TODAY):
    return {d.child_id: d for d in due.caseload_due(vault, today)}


def test_reviews_from_an_earlier_period_of_care_do_not_count(vault):
    child = _child(periods=[PeriodOfCare(D(2020, 1, 6), "V2", D(2024, 12, 31)),
                            PeriodOfCare(D(2026, 11, 2), "C1")],
                   reviews=[Review(D(2020, 2, 1), "first"), Review(D(2020, 5, 1), "second")])
    repository.add_child(vault, child, today=TODAY)
    got = _by_id(vault)["C1"]
    assert (got.review_kind, got.next_review_due) == ("first", D(2026, 11, 30))


def test_seed_from_the_extract_counts_with_the_reviews_recorded_after_it(vault):
    repository.add_child(vault, _child(seed_last_review_date=D(2026, 5, 12), seed_reviews_held=1), today=TODAY)
    got = _by_id(vault)["C1"]
    assert (got.review_kind, got.next_review_due, got.counts_from) == ("second", D(2026, 8, 12), D(2026, 5, 12))
    repository.add_review(vault, "C1", Review(D(2026, 8, 10), "second"), today=TODAY)
    got = _by_id(vault)["C1"]
    # The extract's first review and the second recorded here: the next is 6 months on, not a
    # second "second review".
    assert (got.review_kind, got.next_review_due) == ("subsequent", D(2027, 2, 10))


def test_a_seed_from_before_the_current_period_of_care_is_history(vault):
    """A child looked after again on 2 November 2026 whose extract still says 4 reviews, the
    last in June 2024: that was an earlier period, so the first review is due."""
    child = _child(periods=[PeriodOfCare(D(2022, 3, 1), "V2", D(2025, 2, 1)), PeriodOfCare(D(2026, 11, 2), "C1")],
                   seed_last_review_date=D(2024, 6, 10), seed_reviews_held=4)
    repository.add_child(vault, child, today=TODAY)
    got = _by_id(vault)["C1"]
    assert (got.review_kind, got.next_review_due, got.status) == ("first", D(2026, 11, 30), "due_soon")
    assert got.previous_review is None and got.counts_from == D(2026, 11, 2)


def test_a_care_leaver_newly_looked_after_still_has_a_first_and_second_review(vault):
    repository.add_child(vault, _child(periods=[PeriodOfCare(D(2026, 11, 2), "V2")], care_leaver=True), today=TODAY)
    assert (_by_id(vault)["C1"].review_kind, _by_id(vault)["C1"].next_review_due) == ("first", D(2026, 11, 30))
    repository.add_review(vault, "C1", Review(D(2026, 11, 20), "first"), today=TODAY)
    assert (_by_id(vault)["C1"].review_kind, _by_id(vault)["C1"].next_review_due) == ("second", D(2027, 2, 20))


def test_entering_a_review_moves_the_due_date_and_paperwork_can_be_marked_done(vault):
    repository.add_child(vault, _child(reviews=[Review(D(2025, 2, 1), "first")]), today=TODAY)
    review = repository.add_review(vault, "C1", Review(D(2026, 11, 20), "additional"), today=TODAY)
    got = _by_id(vault)["C1"]
    assert got.next_review_due == D(2027, 5, 20)
    assert {i.kind for i in got.items} >= {"record", "decisions"}
    repository.record_review_paperwork(vault, review.id, record_sent=D(2026, 11, 23),
                                       decisions_circulated=D(2026, 11, 21), today=TODAY)
    assert not {i.kind for i in _by_id(vault)["C1"].items} & {"record", "decisions"}


def test_paperwork_dates_are_checked_and_nothing_is_half_saved(vault):
    repository.add_child(vault, _child(reviews=[Review(D(2026, 11, 2), "first")]), today=TODAY)
    rid = repository.get_child(vault, "C1").reviews[0].id
    with pytest.raises(ValidationError) as err:
        repository.record_review_paperwork(vault, rid, record_sent=D(2026, 11, 1),
                                           decisions_circulated=D(2026, 11, 3), today=TODAY)
    assert err.value.problems[0][0] == "record_sent_date"
    r = repository.get_child(vault, "C1").reviews[0]
    assert r.record_sent_date is None and r.decisions_circulated_date is None


def test_a_regulation_36_visit_clears_the_visit_item(vault):
    repository.add_child(vault, _child(reviews=[Review(D(2026, 5, 26), "first")]), today=TODAY)
    assert "visit" in {i.kind for i in _by_id(vault)["C1"].items}
    add_visit(vault, Visit("C1", D(2026, 11, 20), "pre_review", True), today=TODAY)
    assert "visit" not in {i.kind for i in _by_id(vault)["C1"].items}
    assert visits_for(vault, "C1")[0].seen_alone is True


def test_visit_validation(vault):
    repository.add_child(vault, _child(), today=TODAY)
    with pytest.raises(ValidationError) as err:
        add_visit(vault, Visit("C1", D(2026, 12, 1), "tea", None), today=TODAY)
    assert {w for w, _ in err.value.problems} == {"purpose", "visit_date"}
    assert visits_for(vault, "C1") == []


def test_children_no_longer_allocated_are_left_out(vault):
    repository.add_child(vault, _child(), today=TODAY)
    repository.set_allocated(vault, "C1", False, today=TODAY)
    assert due.caseload_due(vault, TODAY) == []


def test_local_standards_are_vault_settings(vault):
    assert due.timescale_settings(vault) == TimescaleSettings()
    due.save_timescale_settings(vault, TimescaleSettings(record_deadline_working_days=15,
                                                         under5_review_interval_months=3))
    got = due.timescale_settings(vault)
    assert (got.record_deadline_working_days, got.under5_review_interval_months) == (15, 3)
    with pytest.raises(ValidationError):
        due.save_timescale_settings(vault, TimescaleSettings(record_deadline_working_days=0))
    assert due.timescale_settings(vault).record_deadline_working_days == 15
    assert vault.verify_audit().ok


# ---- the next review's standing (the caseload list) and "by Fri 4 Sep" ---------------------------

def _standing(vault, today=TODAY):
    from iro_desktop.caseload import overview

    return overview.load(vault, today).reviews["C1"]


def test_the_next_review_is_booked_once_a_trip_to_see_the_child_starts_by_its_limit(vault):
    from iro_desktop.trips import store

    # Looked after on 2 Nov 2026: the first review is due on 30 Nov, 5 working days from 23 Nov.
    repository.add_child(vault, _child(periods=[PeriodOfCare(D(2026, 11, 2), "C1")]), today=TODAY)
    got = _standing(vault)
    assert (got.due, got.status, got.words) == (D(2026, 11, 30), "due_soon", "Due soon")
    late = store.plan_trip(vault, "Cornwall", D(2026, 12, 1), D(2026, 12, 2), ["C1"])  # after the limit
    assert _standing(vault).status == "due_soon"
    store.plan_trip(vault, "Cornwall", D(2026, 11, 26), D(2026, 11, 27), ["C1"])
    got = _standing(vault)
    assert (got.status, got.words, got.booked) == ("booked", "Booked", D(2026, 11, 26))
    # Overdue is overdue, whatever is planned: the limit has passed.
    store.plan_trip(vault, "Cornwall", D(2026, 12, 3), D(2026, 12, 4), ["C1"])
    got = _standing(vault, today=D(2026, 12, 2))
    assert got.status == "overdue" and got.words == "Overdue"
    store.cancel_trip(vault, late)


def test_a_trip_already_over_books_nothing_and_an_empty_vault_counts_no_children(vault):
    from iro_desktop.caseload import overview
    from iro_desktop.trips import store

    assert overview.load(vault, TODAY).children == 0
    repository.add_child(vault, _child(periods=[PeriodOfCare(D(2026, 9, 7), "C2")],
                                       reviews=[Review(D(2026, 10, 5), "first")]), today=TODAY)
    store.plan_trip(vault, "Devon", D(2026, 11, 2), D(2026, 11, 4), ["C1"])  # last month: the visit is done
    got = _standing(vault)
    assert got.status == "on_track" and got.due == D(2027, 1, 5) and got.booked is None
    assert overview.load(vault, TODAY).children == 1


def test_standing_order_puts_overdue_first_and_no_review_last():
    order = sorted([due.ReviewStanding(D(2027, 1, 1), s) for s in ("on_track", "booked", "overdue", "due_soon")]
                   + [due.ReviewStanding(None, None)], key=lambda s: s.order)
    assert [s.status for s in order] == ["overdue", "due_soon", "booked", "on_track", None]


def test_a_limit_on_a_weekend_or_bank_holiday_names_the_working_day_before_it():
    from iro_desktop.caseload.week import by_words

    assert by_words(D(2026, 9, 5)) == "by Fri 4 Sep"  # a Saturday
    assert by_words(D(2026, 9, 6)) == "by Fri 4 Sep"  # a Sunday
    assert by_words(D(2026, 9, 4)) == ""  # a working day needs no "by"
    assert by_words(D(2026, 12, 28)) == "by Thu 24 Dec"  # Boxing Day's substitute, after Christmas
    assert by_words(D(2027, 3, 29)) == "by Thu 25 Mar"  # Easter Monday, after Good Friday


@pytest.mark.parametrize("offset", range(0, 800, 7))
def test_the_working_day_before_agrees_with_the_working_day_count(offset):
    """``last_working_day_on_or_before`` and ``working_days_between`` (the count every limit
    uses) agree: nothing between the day named and the limit is a working day."""
    from datetime import timedelta

    from iro_desktop.workdays import england, last_working_day_on_or_before

    cal = england()
    for d in (D(2026, 1, 1) + timedelta(days=offset + k) for k in range(7)):
        before = last_working_day_on_or_before(d)
        assert before <= d and cal.is_working_day(before)
        assert cal.working_days_between(before, d) == 0
