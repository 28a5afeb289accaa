"""Statutory timescales, checked against dates worked out by hand on a calendar."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from iro_desktop import timescales as ts
from iro_desktop.timescales import CarePeriod, CaseFacts, HeldReview, TimescaleSettings
from iro_desktop.workdays import england

D = date


def facts(period_start=None, reviews=(), care_leaver=False, dob=D(2012, 5, 17), **kw):
    periods = (CarePeriod(period_start),) if period_start else ()
    return CaseFacts("C1", dob, periods, care_leaver, tuple(reviews), **kw)


def kind_due(nxt: ts.NextReview) -> tuple[str, date | None]:
    return nxt.kind, nxt.due


# (case, became looked after, 20th working day after it) — each counted by hand.
FIRST_REVIEWS = [
    ("start on a Friday", D(2026, 1, 9), D(2026, 2, 6)),
    ("across Christmas and New Year", D(2026, 12, 18), D(2027, 1, 20)),
    ("Christmas Eve start", D(2026, 12, 24), D(2027, 1, 26)),
    ("substitute Boxing Day 2026 (Sat 26 -> Mon 28)", D(2026, 12, 23), D(2027, 1, 25)),
    ("both substitute days in 2027 and New Year 2028 on a Saturday", D(2027, 12, 20), D(2028, 1, 20)),
    ("across Easter 2026", D(2026, 3, 23), D(2026, 4, 22)),
    ("across early May and spring bank holidays", D(2026, 4, 24), D(2026, 5, 26)),
    ("across the summer bank holiday", D(2026, 8, 14), D(2026, 9, 14)),
    ("start on a bank holiday", D(2026, 5, 25), D(2026, 6, 22)),
    ("start on a Saturday", D(2026, 6, 13), D(2026, 7, 10)),
    ("start on a Sunday", D(2026, 6, 14), D(2026, 7, 10)),
    ("leap year February", D(2028, 2, 25), D(2028, 3, 24)),
    ("May Day moved to VE Day in 2020", D(2020, 5, 1), D(2020, 6, 2)),
    ("new period of care starts on a Monday", D(2026, 3, 2), D(2026, 3, 30)),
]


@pytest.mark.parametrize("case, start, expected", FIRST_REVIEWS, ids=[c[0] for c in FIRST_REVIEWS])
def test_first_review_is_20th_working_day(case, start, expected):
    assert ts.first_review_due(start) == expected
    nxt = ts.next_review(facts(start))
    assert (nxt.kind, nxt.due, nxt.previous, nxt.counts_from) == ("first", expected, None, start)


# (case, reviews held in this period, expected kind, expected limit)
LATER_REVIEWS = [
    ("30 November + 3 months", [HeldReview(D(2025, 11, 30), "first")], "second", D(2026, 2, 28)),
    ("30 November + 3 months in a leap year", [HeldReview(D(2027, 11, 30), "first")], "second", D(2028, 2, 29)),
    ("31 August + 6 months", [HeldReview(D(2026, 3, 1), "first"), HeldReview(D(2026, 8, 31), "second")],
     "subsequent", D(2027, 2, 28)),
    ("31 August + 6 months into a leap February",
     [HeldReview(D(2027, 5, 1), "first"), HeldReview(D(2027, 8, 31), "second")], "subsequent", D(2028, 2, 29)),
    ("31 March + 6 months", [HeldReview(D(2025, 12, 1), "first"), HeldReview(D(2026, 3, 31), "second")],
     "subsequent", D(2026, 9, 30)),
    ("an additional review is the previous review",
     [HeldReview(D(2026, 1, 10), "first"), HeldReview(D(2026, 2, 15), "additional")], "subsequent", D(2026, 8, 15)),
    ("reviews given out of order are sorted",
     [HeldReview(D(2026, 7, 2), "subsequent"), HeldReview(D(2025, 7, 2), "first"), HeldReview(D(2026, 1, 2), "second")],
     "subsequent", D(2027, 1, 2)),
]


@pytest.mark.parametrize("case, reviews, kind, expected", LATER_REVIEWS, ids=[c[0] for c in LATER_REVIEWS])
def test_later_reviews(case, reviews, kind, expected):
    nxt = ts.next_review(facts(D(2025, 1, 6), reviews))
    assert kind_due(nxt) == (kind, expected)
    assert nxt.previous == nxt.counts_from == max(r.review_date for r in reviews)


def test_care_leaver_pathway_review_every_six_months():
    reviews = [HeldReview(D(2020, 1, 30), "first"), HeldReview(D(2020, 4, 30), "second"),
               HeldReview(D(2026, 5, 15), "pathway")]
    assert kind_due(ts.next_review(facts(D(2020, 1, 1), reviews, care_leaver=True))) == ("pathway", D(2026, 11, 15))


@pytest.mark.parametrize("held, last, kind, expected", [
    (0, None, "first", D(2026, 2, 6)),
    (1, D(2026, 5, 12), "second", D(2026, 8, 12)),
    (5, D(2025, 7, 2), "subsequent", D(2026, 1, 2)),
])
def test_extract_seed_stands_for_history(held, last, kind, expected):
    got = ts.next_review(facts(D(2024, 1, 9), seed_reviews_held=held, seed_last_review=last))
    assert kind_due(got) == (kind, expected if held else D(2024, 2, 6))


def test_review_records_win_over_the_seed():
    got = ts.next_review(facts(D(2025, 1, 6), [HeldReview(D(2026, 1, 5), "first")],
                               seed_reviews_held=4, seed_last_review=D(2024, 1, 1)))
    assert kind_due(got) == ("second", D(2026, 4, 5))


def test_shorter_interval_for_under_fives_is_a_setting():
    reviews = [HeldReview(D(2025, 12, 1), "first"), HeldReview(D(2026, 3, 1), "second")]
    young = facts(D(2025, 11, 3), reviews, dob=D(2024, 1, 1))
    assert ts.next_review(young).due == D(2026, 9, 1)
    assert ts.next_review(young, TimescaleSettings(under5_review_interval_months=3)).due == D(2026, 6, 1)
    older = facts(D(2025, 11, 3), reviews, dob=D(2015, 1, 1))
    assert ts.next_review(older, TimescaleSettings(under5_review_interval_months=3)).due == D(2026, 9, 1)


def test_midway_is_the_calendar_midpoint_rounded_down():
    assert ts.midway_between(D(2026, 1, 10), D(2026, 7, 10)) == D(2026, 4, 10)
    assert ts.midway_between(D(2026, 1, 1), D(2026, 1, 4)) == D(2026, 1, 2)


def test_record_and_decision_deadlines_in_working_days():
    due = ts.child_due(facts(D(2026, 6, 1), [HeldReview(D(2026, 12, 17), "first")]), today=D(2026, 12, 18))
    by_kind = {i.kind: i.due for i in due.items}
    assert by_kind["record"] == D(2027, 1, 19)
    due = ts.child_due(facts(D(2026, 1, 1), [HeldReview(D(2026, 4, 1), "first")]), today=D(2026, 4, 2))
    assert {i.kind: i.due for i in due.items}["decisions"] == D(2026, 4, 10)
    fifteen = TimescaleSettings(record_deadline_working_days=15)
    due = ts.child_due(facts(D(2026, 6, 1), [HeldReview(D(2026, 12, 17), "first")]), D(2026, 12, 18), fifteen)
    assert {i.kind: i.due for i in due.items}["record"] == D(2027, 1, 12)


def test_sent_records_are_done_and_only_the_latest_review_has_paperwork_due():
    reviews = [HeldReview(D(2026, 1, 5), "first"),
               HeldReview(D(2026, 4, 1), "second", record_sent=D(2026, 4, 20), decisions_circulated=D(2026, 4, 3))]
    due = ts.child_due(facts(D(2025, 12, 1), reviews), today=D(2026, 5, 1))
    assert [i.kind for i in due.items] == ["review", "midway"]


@pytest.mark.parametrize("today, status, remaining", [
    (D(2026, 2, 9), "overdue", -1),      # Monday after a Friday limit
    (D(2026, 2, 6), "due_soon", 0),      # the limit day itself
    (D(2026, 1, 23), "due_soon", 10),    # exactly 10 working days left
    (D(2026, 1, 22), "on_track", 11),
])
def test_status_and_working_days_remaining(today, status, remaining):
    due = ts.child_due(facts(D(2026, 1, 9)), today)
    assert (due.status, due.working_days_remaining, due.next_review_due) == (status, remaining, D(2026, 2, 6))


def test_all_due_puts_overdue_first():
    cases = [CaseFacts("LATER", D(2010, 1, 1), (CarePeriod(D(2026, 11, 2)),)),
             CaseFacts("LATE", D(2010, 1, 1), (CarePeriod(D(2026, 1, 5)),)),
             CaseFacts("SOON", D(2010, 1, 1), (CarePeriod(D(2026, 10, 26)),))]
    assert [d.child_id for d in ts.all_due(cases, D(2026, 11, 20))] == ["LATE", "SOON", "LATER"]


working_dates = st.dates(min_value=D(1995, 1, 1), max_value=D(2055, 12, 31))


@settings(max_examples=400, deadline=None)
@given(start=working_dates)
def test_20th_working_day_properties(start):
    cal = england()
    due = ts.first_review_due(start)
    assert cal.is_working_day(due)
    assert due > start
    between = sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, (due - start).days))
    assert between == 19
    assert cal.working_days_between(start, due) == 20


def test_regulation_36_visit_is_flagged_only_when_the_review_is_near_and_none_recorded():
    reviews = [HeldReview(D(2026, 1, 5), "first")]
    near = D(2026, 3, 30)  # second review due 5 April
    kinds = [i.kind for i in ts.child_due(facts(D(2025, 12, 1), reviews), near).items]
    assert "visit" in kinds
    visited = facts(D(2025, 12, 1), reviews, pre_review_visits=(D(2026, 3, 20),))
    assert "visit" not in [i.kind for i in ts.child_due(visited, near).items]
    before_last_review = facts(D(2025, 12, 1), reviews, pre_review_visits=(D(2026, 1, 2),))
    assert "visit" in [i.kind for i in ts.child_due(before_last_review, near).items]
    far = D(2026, 2, 2)
    assert "visit" not in [i.kind for i in ts.child_due(facts(D(2025, 12, 1), reviews), far).items]


# ---- which history counts -----------------------------------------------------------------

def test_a_seed_older_than_the_period_of_care_is_an_earlier_periods_history():
    """Looked after again on 2 November 2026; the extract still says 4 reviews, last 10 June 2024."""
    back = CaseFacts("C1", D(2012, 5, 17), (CarePeriod(D(2022, 1, 3), D(2025, 1, 31)), CarePeriod(D(2026, 11, 2))),
                     seed_last_review=D(2024, 6, 10), seed_reviews_held=4)
    nxt = ts.next_review(back)
    assert (nxt.kind, nxt.due, nxt.counts_from, nxt.previous) == ("first", D(2026, 11, 30), D(2026, 11, 2), None)
    # As it stood in the earlier period, the seed was that period's history.
    assert kind_due(ts.next_review(back, as_of=D(2024, 7, 1))) == ("subsequent", D(2024, 12, 10))


def test_reviews_recorded_after_the_seed_add_to_its_count():
    seeded = facts(D(2025, 1, 6), [HeldReview(D(2025, 9, 1), "second"), HeldReview(D(2026, 3, 1), "subsequent")],
                   seed_last_review=D(2025, 9, 1), seed_reviews_held=2)
    nxt = ts.next_review(seeded)
    assert (nxt.kind, nxt.due, nxt.reviews_held, nxt.from_extract) == ("subsequent", D(2026, 9, 1), 3, False)
    newer_seed = facts(D(2025, 1, 6), [HeldReview(D(2025, 2, 1), "first")],
                       seed_last_review=D(2025, 5, 1), seed_reviews_held=2)
    nxt = ts.next_review(newer_seed)
    assert (nxt.kind, nxt.due, nxt.from_extract) == ("subsequent", D(2025, 11, 1), True)


def test_as_of_counts_only_the_reviews_held_by_then():
    history = facts(D(2025, 1, 6), [HeldReview(D(2025, 2, 1), "first"), HeldReview(D(2025, 5, 1), "second"),
                                    HeldReview(D(2025, 11, 1), "subsequent")])
    assert kind_due(ts.next_review(history, as_of=D(2025, 2, 1))) == ("second", D(2025, 5, 1))
    assert kind_due(ts.next_review(history, as_of=D(2025, 6, 1))) == ("subsequent", D(2025, 11, 1))
    assert kind_due(ts.next_review(history)) == ("subsequent", D(2026, 5, 1))


@pytest.mark.parametrize("reviews, kind, expected", [
    ([], "first", D(2026, 11, 30)),
    ([HeldReview(D(2026, 11, 20), "first")], "second", D(2027, 2, 20)),
    ([HeldReview(D(2026, 11, 20), "first"), HeldReview(D(2027, 2, 1), "second")], "pathway", D(2027, 8, 1)),
])
def test_a_care_leaver_newly_looked_after_has_a_first_and_second_review_before_pathway_reviews(
        reviews, kind, expected):
    assert kind_due(ts.next_review(facts(D(2026, 11, 2), reviews, care_leaver=True))) == (kind, expected)


def test_a_care_leaver_who_has_left_care_keeps_six_monthly_pathway_reviews():
    left = CaseFacts("C1", D(2007, 3, 1), (CarePeriod(D(2023, 1, 9), D(2025, 3, 1)),), care_leaver=True,
                     reviews=(HeldReview(D(2023, 2, 1), "first"), HeldReview(D(2023, 5, 1), "second"),
                              HeldReview(D(2026, 6, 15), "pathway")))
    assert kind_due(ts.next_review(left)) == ("pathway", D(2026, 12, 15))


@settings(max_examples=500)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31)), st.integers(-120, 120))
def test_add_months_is_what_dateutil_says(d, months):
    from dateutil.relativedelta import relativedelta

    assert ts.add_months(d, months) == d + relativedelta(months=months)


def test_add_months_clamps_to_the_last_day():
    assert ts.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert ts.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert ts.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


# ---- History: the rule asked of each review a child has had --------------------------------

def _as_it_stood(f: CaseFacts, held_on: date, review_date: date, review_id: int,
                 settings: TimescaleSettings) -> tuple[ts.NextReview, bool | None]:
    """What ``History`` must answer, worked out the long way: the child's history cut to the day
    the review was held and given to ``next_review`` and ``midway_due``."""
    seed_ok = f.seed_last_review is not None and f.seed_last_review < held_on
    cut = CaseFacts(
        f.child_id, f.date_of_birth, tuple(p for p in f.periods if p.start <= held_on), f.care_leaver,
        tuple(r for r in f.reviews if (r.review_date, r.review_id) < (review_date, review_id)),
        f.seed_last_review if seed_ok else None, f.seed_reviews_held if seed_ok else None,
        tuple(d for d in f.midways_done if d < held_on))
    nxt = ts.next_review(cut, settings, england())
    item = ts.midway_due(cut, nxt, held_on, settings, england())
    return nxt, None if item is None else item.status == ts.DONE


_DAYS = st.dates(D(2018, 1, 1), D(2026, 12, 31))


@st.composite
def _histories(draw) -> CaseFacts:
    periods = tuple(CarePeriod(start, draw(st.one_of(st.none(), st.just(start + timedelta(days=300)))))
                    for start in sorted(draw(st.lists(_DAYS, min_size=0, max_size=3, unique=True))))
    reviews = tuple(HeldReview(day, draw(st.sampled_from(["first", "second", "subsequent", "additional",
                                                          "pathway"])), review_id=n + 1)
                    for n, day in enumerate(draw(st.lists(_DAYS, min_size=1, max_size=8))))
    seed = draw(st.one_of(st.none(), _DAYS))
    return CaseFacts("C1", draw(st.dates(D(2005, 1, 1), D(2024, 1, 1))), periods, draw(st.booleans()),
                     reviews, seed, draw(st.one_of(st.none(), st.integers(1, 6))) if seed else None,
                     tuple(draw(st.lists(_DAYS, max_size=6))))


def _agree(f: CaseFacts, early: list[int], settings: TimescaleSettings) -> None:
    history = ts.History(f)
    for r, days_early in zip(f.reviews, early):
        held_on = r.review_date - timedelta(days=days_early)  # a series counts from an earlier meeting
        assert history.as_it_stood(held_on, r.review_date, r.review_id, settings, england()) == _as_it_stood(
            f, held_on, r.review_date, r.review_id, settings)


@settings(max_examples=300, deadline=None)
@given(_histories(), st.lists(st.sampled_from([0, 0, 0, 3, 40]), min_size=8, max_size=8),
       st.sampled_from([TimescaleSettings(), TimescaleSettings(under5_review_interval_months=3)]))
def test_history_answers_as_next_review_does_on_the_cut_history(f, early, settings):
    _agree(f, early, settings)


def test_the_comparison_catches_a_history_cut_a_review_late(monkeypatch):
    # Two reviews three months apart: cut after (not before) the second, it would count itself.
    f = facts(D(2025, 1, 6), [HeldReview(D(2025, 2, 3), "first", review_id=1),
                              HeldReview(D(2025, 5, 1), "second", review_id=2)])
    _agree(f, [0, 0], TimescaleSettings())
    monkeypatch.setattr(ts, "bisect_left", ts.bisect_right)
    with pytest.raises(AssertionError):
        _agree(f, [0, 0], TimescaleSettings())
