"""Record checks: every rule names the field and says plainly what is wrong."""

from datetime import date

import pytest

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import KeyPerson, PeriodOfCare, Placement, Review
from iro_desktop.caseload.validation import (
    normalise_postcode_district, postcode_district_problem, validate_child,
)
from tests.support.caseload_helpers import TODAY, make_child


def problems_for(child, today=TODAY):
    return dict(validate_child(child, today))


def test_a_complete_child_passes():
    assert validate_child(make_child(), TODAY) == []


def test_today_defaults_to_the_real_date():
    assert validate_child(make_child()) == []


@pytest.mark.parametrize("field, value, expected", [
    ("child_id", "", "id"),
    ("child_id", "   ", "id"),
    ("first_name", "", "first name is missing"),
    ("first_name", None, "first name is missing"),
    ("last_name", "  ", "last name is missing"),
    ("date_of_birth", None, "date of birth is missing"),
])
def test_required_fields(field, value, expected):
    found = problems_for(make_child(**{field: value}))
    assert field in found
    assert expected in found[field]


def test_child_id_with_spaces_is_refused():
    found = problems_for(make_child(child_id="C 123"))
    assert "spaces" in found["child_id"]


def test_at_least_one_period_of_care():
    found = problems_for(make_child(periods=[]))
    assert "became looked after is missing" in found["periods[0].start_date"]


def test_birth_date_in_the_future():
    found = problems_for(make_child(date_of_birth=date(2026, 1, 11), periods=[PeriodOfCare(date(2026, 1, 11))],
                                    placements=[], reviews=[], seed_last_review_date=None))
    assert found["date_of_birth"] == "The date of birth is in the future; it cannot be after today (2026-01-10)."


def test_birth_today_is_fine():
    child = make_child(date_of_birth=TODAY, periods=[PeriodOfCare(TODAY, "L2")], placements=[], reviews=[],
                       seed_last_review_date=None, school=None)
    assert validate_child(child, TODAY) == []


def test_implausibly_old_birth_date():
    found = problems_for(make_child(date_of_birth=date(1913, 4, 2)))
    assert "check the year" in found["date_of_birth"]


def test_looked_after_before_birth():
    found = problems_for(make_child(periods=[PeriodOfCare(date(2013, 4, 1), "C2")]))
    assert found["periods[0].start_date"] == "The date the child became looked after is before the date of birth."


def test_looked_after_in_the_future():
    found = problems_for(make_child(periods=[PeriodOfCare(date(2026, 2, 1), "C2")], placements=[]))
    assert "in the future" in found["periods[0].start_date"]


def test_placement_start_before_birth_and_in_future():
    child = make_child(placements=[Placement(date(2012, 1, 1), "U4", end_date=date(2013, 5, 1)),
                                   Placement(date(2026, 3, 1), "U4")])
    found = problems_for(child)
    assert "before the date of birth" in found["placements[0].start_date"]
    assert "in the future" in found["placements[1].start_date"]


def test_last_review_in_the_future():
    found = problems_for(make_child(seed_last_review_date=date(2026, 1, 12)))
    assert "last review date is in the future" in found["seed_last_review_date"]


def test_review_records_checked():
    child = make_child(reviews=[Review(date(2026, 2, 1), "first"), Review(date(2021, 6, 1), "annual")])
    found = problems_for(child)
    assert "in the future" in found["reviews[0].review_date"]
    assert "'annual' is not a review type" in found["reviews[1].review_type"]
    assert "first, second, subsequent, pathway, additional" in found["reviews[1].review_type"]


def test_unknown_legal_status_lists_the_valid_codes():
    found = problems_for(make_child(periods=[PeriodOfCare(date(2021, 5, 4), "C3")]))
    message = found["periods[0].legal_status"]
    assert message.startswith("'C3' is not a 903 legal status code.")
    assert "C1, C2, D1, E1, V2, V3, V4, L1, L2, L3, J1, J2, J3" in message


def test_unknown_placement_type_lists_the_valid_codes():
    child = make_child(placements=[Placement(date(2022, 2, 28), "U9")])
    message = problems_for(child)["placements[0].placement_type"]
    assert message.startswith("'U9' is not a 903 placement type code.")
    for code in ("U1", "U6", "K2", "H5", "Z1"):
        assert code in message


def test_unknown_gender():
    assert "not a gender code" in problems_for(make_child(gender="Q"))["gender"]


@pytest.mark.parametrize("email", ["dan.okafor@example.gov.uk", "a@b.co", None, ""])
def test_good_emails(email):
    assert "social_worker_email" not in problems_for(make_child(social_worker_email=email))


@pytest.mark.parametrize("email", ["dan.okafor", "dan@", "@example.gov.uk", "dan okafor@example.gov.uk",
                                   "dan@example", "dan@@example.gov.uk"])
def test_bad_emails(email):
    assert "not an email address" in problems_for(make_child(social_worker_email=email))["social_worker_email"]


@pytest.mark.parametrize("district", ["TR1", "B15", "SW1A", "EC1A", "M1", "tr1", " ne61 ", "W1A"])
def test_postcode_districts_accepted(district):
    assert postcode_district_problem(district) is None
    child = make_child(placements=[Placement(date(2022, 2, 28), "U4", postcode_district=district)])
    assert validate_child(child, TODAY) == []


@pytest.mark.parametrize("postcode", ["TR1 1AA", "B15 2TT", "SW1A1AA", "sw1a 1aa"])
def test_full_postcodes_refused(postcode):
    child = make_child(placements=[Placement(date(2022, 2, 28), "U4", postcode_district=postcode)])
    message = problems_for(child)["placements[0].postcode_district"]
    assert message.startswith("This is a full postcode.")
    assert "so that no address is kept" in message


@pytest.mark.parametrize("junk", ["12345", "Truro", "1TR", "TR", "TR1 1", "TR1-1AA"])
def test_non_districts_refused(junk):
    assert "not a postcode district" in postcode_district_problem(junk)


def test_normalise_postcode_district():
    assert normalise_postcode_district(" tr1 ") == "TR1"
    assert normalise_postcode_district("   ") is None
    assert normalise_postcode_district(None) is None


@pytest.mark.parametrize("held, expected", [(-1, "cannot be negative"), (2.5, "whole number"),
                                            (True, "whole number"), ("3", "whole number")])
def test_reviews_held_must_be_a_non_negative_whole_number(held, expected):
    assert expected in problems_for(make_child(seed_reviews_held=held))["seed_reviews_held"]


@pytest.mark.parametrize("held", [0, 12, None])
def test_reviews_held_accepted(held):
    assert validate_child(make_child(seed_reviews_held=held), TODAY) == []


def test_periods_may_not_overlap():
    still_open = make_child(periods=[PeriodOfCare(date(2019, 1, 1), "V2"), PeriodOfCare(date(2021, 5, 4), "C2")])
    assert "still open" in problems_for(still_open)["periods[1].start_date"]
    overlapping = make_child(periods=[PeriodOfCare(date(2019, 1, 1), "V2", date(2021, 5, 4)),
                                      PeriodOfCare(date(2021, 5, 4), "C2")])
    assert "overlaps" in problems_for(overlapping)["periods[1].start_date"]
    same_day = make_child(periods=[PeriodOfCare(date(2021, 5, 4), "V2", date(2021, 6, 1)),
                                   PeriodOfCare(date(2021, 5, 4), "C2")])
    assert "Two periods of care start on the same day" in " ".join(problems_for(same_day).values())
    consecutive = make_child(periods=[PeriodOfCare(date(2019, 1, 1), "V2", date(2021, 5, 3)),
                                      PeriodOfCare(date(2021, 5, 4), "C2")])
    assert validate_child(consecutive, TODAY) == []


def test_end_before_start():
    child = make_child(periods=[PeriodOfCare(date(2021, 5, 4), "C2", date(2021, 5, 1))],
                       placements=[Placement(date(2022, 2, 28), "U4", end_date=date(2022, 2, 1))])
    found = problems_for(child)
    assert "period of care ends before it starts" in found["periods[0].end_date"]
    assert "placement ends before it starts" in found["placements[0].end_date"]


def test_key_people_checked():
    child = make_child(key_people=[KeyPerson("godparent", "Ana Ravensmoss"), KeyPerson("advocate", " "),
                                   KeyPerson("advocate", "Ana Ravensmoss", "ana@"),
                                   KeyPerson("independent_visitor", "Ana Ravensmoss", "07700 900001")])
    found = problems_for(child)
    assert "'godparent' is not a key person role" in found["key_people[0].role"]
    assert "independent_visitor" in found["key_people[0].role"]
    assert found["key_people[1].name"] == "The name is missing."
    assert "not an email address" in found["key_people[2].contact"]
    assert not any(k.startswith("key_people[3]") for k in found)


def test_every_problem_is_reported_at_once():
    child = make_child(first_name="", last_name="", gender="Q", social_worker_email="nope",
                       seed_reviews_held=-2, periods=[PeriodOfCare(date(2021, 5, 4), "XX")])
    fields = {where for where, _ in validate_child(child, TODAY)}
    assert fields == {"first_name", "last_name", "gender", "social_worker_email", "seed_reviews_held",
                      "periods[0].legal_status"}


def test_messages_are_full_sentences():
    child = make_child(first_name="", gender="Q", social_worker_email="nope", seed_reviews_held=-2,
                       date_of_birth=date(2030, 1, 1))
    for _where, message in validate_child(child, TODAY):
        assert message[0].isupper() or message.startswith("'")
        assert message.endswith(".")


# ---- the code lists ------------------------------------------------------------------------

def test_legal_status_codes_are_the_903_list():
    assert list(codes.LEGAL_STATUSES) == ["C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3",
                                          "J1", "J2", "J3"]
    assert codes.LEGAL_STATUSES["C2"] == "Full care order"
    assert codes.LEGAL_STATUSES["C1"] == "Interim care order"
    assert "section 20" in codes.LEGAL_STATUSES["V2"]


@pytest.mark.parametrize("code", ["U1", "U2", "U3", "U4", "U5", "U6", "K1", "K2", "H5", "P1", "P2", "P3",
                                  "A3", "A4", "A5", "A6", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2",
                                  "T3", "T4", "Z1"])
def test_placement_types_cover_the_903_list(code):
    assert len(codes.PLACEMENT_TYPES[code]) > 5


def test_code_descriptions():
    assert "relatives or friends" in codes.PLACEMENT_TYPES["U1"]
    assert codes.PLACEMENT_TYPES["K2"].startswith("Children's home")
    assert codes.KINSHIP_PLACEMENT_TYPES == {"U1", "U2", "U3"}
    assert codes.describe(codes.LEGAL_STATUSES, "C2") == "C2 – Full care order"
    assert codes.describe(codes.LEGAL_STATUSES, None) == ""
    assert codes.describe(codes.LEGAL_STATUSES, "Q9") == "Q9"
    assert {"advocate", "independent_visitor"} <= set(codes.KEY_PERSON_ROLES)
    assert list(codes.REVIEW_TYPES) == ["first", "second", "subsequent", "pathway", "additional"]
    assert {"F", "M"} <= set(codes.GENDERS)
    assert all(codes.GENDER_WORDS[w] in codes.GENDERS for w in codes.GENDER_WORDS)


def test_code_lists_cannot_be_changed_by_accident():
    with pytest.raises(TypeError):
        codes.LEGAL_STATUSES["C9"] = "Made up"  # type: ignore[index]
