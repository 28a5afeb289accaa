"""Participation codes: the official wording, and PN0 if and only if the child is under 4."""

from datetime import date

import pytest

from iro_desktop.reviews import codes

DOB = date(2022, 2, 28)  # fourth birthday 28 February 2026


def test_official_wording_for_every_code():
    assert list(codes.PARTICIPATION) == [f"PN{i}" for i in range(8)]
    assert codes.PARTICIPATION["PN0"] == "Child aged under 4 at the time of the review"
    assert codes.PARTICIPATION["PN7"] == ("Child does not attend, nor are his or her views conveyed to the "
                                          "review")
    assert codes.participation_label("PN1") == "PN1: Child physically attends and speaks for him or herself"


@pytest.mark.parametrize("review_date, under_four", [
    (date(2026, 2, 27), True), (date(2026, 2, 28), False), (date(2022, 2, 28), True), (date(2030, 1, 1), False)])
def test_pn0_if_and_only_if_under_four(review_date, under_four):
    assert (codes.suggest_participation(DOB, review_date) == "PN0") is under_four
    assert (codes.participation_problem("PN0", DOB, review_date) is None) is under_four
    for other in ("PN1", "PN4", "PN7"):
        assert (codes.participation_problem(other, DOB, review_date) is None) is not under_four
    allowed = codes.participation_codes_allowed(DOB, review_date)
    assert allowed == (["PN0"] if under_four else [f"PN{i}" for i in range(1, 8)])


def test_leap_day_birthday_and_unknown_codes():
    leap = date(2020, 2, 29)
    assert codes.suggest_participation(leap, date(2024, 2, 28)) == "PN0"
    assert codes.suggest_participation(leap, date(2024, 2, 29)) is None
    assert "not a participation code" in codes.participation_problem("PN9", leap, date(2026, 1, 1))
    assert codes.participation_problem(None, leap, date(2026, 1, 1)) is None


def test_the_form_offers_pn0_alone_under_four_and_says_why():
    young = codes.participation_offer(date(2023, 5, 1), date(2027, 4, 30))
    assert (young.allowed, young.suggested) == (["PN0"], "PN0")
    assert "was 3 on the day of the review (under 4)" in young.hint
    four = codes.participation_offer(date(2023, 5, 1), date(2027, 5, 1))
    assert "PN0" not in four.allowed and four.suggested is None and len(four.allowed) == 7
    assert "the child was 4" in four.hint
    undated = codes.participation_offer(date(2023, 5, 1), None)
    assert "PN0" not in undated.allowed and undated.hint == "Choose the review date first."
