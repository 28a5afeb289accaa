"""Checks on a child's record before anything is saved.

``validate_child`` returns every problem at once as (field, message) pairs, so a form or an
import can show the whole list rather than one complaint per attempt. Field names are the
dataclass attribute paths (``date_of_birth``, ``periods[0].start_date``); callers that show
the record differently (the importer's CSV columns) translate them.

A message says what is wrong with a field, never what the field holds (a date of birth or a
name in a message would reach the import's stderr and anything that logs it): the form or the
import preview shows the value beside it. Only today's date and the lists of valid codes are
quoted.
"""

from __future__ import annotations

import re
from datetime import date

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import Child, KeyPerson, PeriodOfCare, Placement, Review

Problem = tuple[str, str]

# An outward code (district): area letters, a digit, then an optional digit or letter.
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# District, optional space, inward code: the whole postcode, which would locate a home.
_FULL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

# Care leavers are supported to 25; anything older is almost certainly a mistyped year.
MAX_AGE_YEARS = 26
MAX_ID_LENGTH = 40


def normalise_postcode_district(value: str | None) -> str | None:
    """Upper case without spaces ("tr1" -> "TR1"); None for blank."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", value.strip().upper())
    return text or None


def postcode_district_problem(value: str | None) -> str | None:
    """Why ``value`` is not a postcode district, or None if it is one (or blank)."""
    text = normalise_postcode_district(value)
    if text is None:
        return None
    if _FULL_POSTCODE.match(text):
        return ("This is a full postcode. Enter only the first part (the district, like TR1, "
                "B15 or SW1A) so that no address is kept.")
    if not _DISTRICT.match(text):
        return ("This is not a postcode district. Enter only the first part of the postcode, "
                "like TR1, B15 or SW1A.")
    return None


def email_problem(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not _EMAIL.match(value.strip()):
        return "This is not an email address: it needs a name, one @ and a domain, like name@council.gov.uk."
    return None


def fmt(d: date) -> str:
    return d.isoformat()


def _date_checks(where: str, what: str, value: date | None, dob: date | None, today: date,
                 *, required: bool = False, future_ok: bool = False) -> list[Problem]:
    if value is None:
        return [(where, f"The {what} is missing.")] if required else []
    if not isinstance(value, date):
        return [(where, f"The {what} must be a date.")]
    problems: list[Problem] = []
    if not future_ok and value > today:
        problems.append((where, f"The {what} is in the future; it cannot be after today ({fmt(today)})."))
    if dob is not None and value < dob:
        problems.append((where, f"The {what} is before the date of birth."))
    return problems


def _code_check(where: str, what: str, value: str | None, valid) -> list[Problem]:
    if value is None or value == "":
        return []
    if value not in valid:
        return [(where, f"'{value}' is not a {what}. Use one of: {codes.hint(valid)}.")]
    return []


def _text_required(where: str, what: str, value: str | None) -> list[Problem]:
    if value is None or not str(value).strip():
        return [(where, f"The {what} is missing; every child needs one.")]
    return []


def validate_period(period: PeriodOfCare, dob: date | None, today: date, where: str = "period") -> list[Problem]:
    problems = _date_checks(f"{where}.start_date", "date the child became looked after",
                            period.start_date, dob, today, required=True)
    if period.end_date is not None:
        problems += _date_checks(f"{where}.end_date", "end of the period of care", period.end_date, None, today)
        if period.start_date and period.end_date < period.start_date:
            problems.append((f"{where}.end_date", "The period of care ends before it starts."))
    problems += _code_check(f"{where}.legal_status", "903 legal status code", period.legal_status,
                            codes.LEGAL_STATUSES)
    return problems


def validate_placement(placement: Placement, dob: date | None, today: date,
                       where: str = "placement") -> list[Problem]:
    problems = _date_checks(f"{where}.start_date", "placement start date", placement.start_date,
                            dob, today, required=True)
    if placement.end_date is not None and placement.start_date and placement.end_date < placement.start_date:
        problems.append((f"{where}.end_date", "The placement ends before it starts."))
    problems += _code_check(f"{where}.placement_type", "903 placement type code",
                            placement.placement_type, codes.PLACEMENT_TYPES)
    district = postcode_district_problem(placement.postcode_district)
    if district:
        problems.append((f"{where}.postcode_district", district))
    return problems


def validate_key_person(person: KeyPerson, where: str = "key_person") -> list[Problem]:
    problems = _code_check(f"{where}.role", "key person role", person.role, codes.KEY_PERSON_ROLES)
    if not person.role:
        problems.append((f"{where}.role", "The role is missing. Use one of: "
                         f"{codes.hint(codes.KEY_PERSON_ROLES)}."))
    if not (person.name or "").strip():
        problems.append((f"{where}.name", "The name is missing."))
    # A contact may be a phone number; only something that tries to be an email is checked.
    if person.contact and "@" in person.contact:
        problem = email_problem(person.contact)
        if problem:
            problems.append((f"{where}.contact", problem))
    return problems


def validate_review(review: Review, dob: date | None, today: date, where: str = "review") -> list[Problem]:
    problems = _date_checks(f"{where}.review_date", "review date", review.review_date, dob, today,
                            required=True)
    if not review.review_type:
        problems.append((f"{where}.review_type",
                         f"The review type is missing. Use one of: {codes.hint(codes.REVIEW_TYPES)}."))
    problems += _code_check(f"{where}.review_type", "review type", review.review_type, codes.REVIEW_TYPES)
    return problems


def _periods_in_order(periods: list[PeriodOfCare]) -> list[Problem]:
    """Periods of care never overlap: each must end before the next begins."""
    problems: list[Problem] = []
    indexed = sorted((p.start_date, i, p) for i, p in enumerate(periods) if isinstance(p.start_date, date))
    for (start_a, _ia, a), (start_b, ib, _b) in zip(indexed, indexed[1:]):
        where = f"periods[{ib}].start_date"
        if start_a == start_b:
            problems.append((where, "Two periods of care start on the same day; each needs its own start date."))
        elif a.end_date is None:
            problems.append((where, "This period of care begins while an earlier one is still open; end the "
                             "earlier one first."))
        elif a.end_date >= start_b:
            problems.append((where, "This period of care overlaps the one before it, which ends after this "
                             "one starts."))
    return problems


def validate_child(child: Child, today: date | None = None) -> list[Problem]:
    """Every problem with ``child`` and its periods, placements, key people and reviews."""
    today = today or date.today()
    problems: list[Problem] = []

    child_id = (child.child_id or "").strip()
    if not child_id:
        problems.append(("child_id", "The child's id (the council's case number) is missing."))
    elif child_id != child.child_id or any(ch.isspace() for ch in child_id):
        problems.append(("child_id", "The child's id must not contain spaces."))
    elif len(child_id) > MAX_ID_LENGTH:
        problems.append(("child_id", f"The child's id is longer than {MAX_ID_LENGTH} characters."))
    problems += _text_required("first_name", "first name", child.first_name)
    problems += _text_required("last_name", "last name", child.last_name)

    dob = child.date_of_birth if isinstance(child.date_of_birth, date) else None
    problems += _date_checks("date_of_birth", "date of birth", child.date_of_birth, None, today, required=True)
    if dob is not None and dob <= today and (today.year - dob.year) > MAX_AGE_YEARS:
        problems.append(("date_of_birth", f"The date of birth is more than {MAX_AGE_YEARS} "
                         "years ago; check the year."))
    if dob is not None and dob > today:
        dob = None  # already reported; comparing other dates with it would only add noise

    problems += _code_check("gender", "gender code", child.gender, codes.GENDERS)
    problem = email_problem(child.social_worker_email)
    if problem:
        problems.append(("social_worker_email", problem))

    if child.seed_last_review_date is not None:
        problems += _date_checks("seed_last_review_date", "last review date", child.seed_last_review_date, dob, today)
    held = child.seed_reviews_held
    if held is not None and (isinstance(held, bool) or not isinstance(held, int)):
        problems.append(("seed_reviews_held", "The number of reviews held must be a whole number."))
    elif held is not None and held < 0:
        problems.append(("seed_reviews_held", "The number of reviews held cannot be negative; use 0 or more."))

    if not child.periods:
        problems.append(("periods[0].start_date", "The date the child became looked after is missing; "
                         "every child needs at least one period of care."))
    for i, period in enumerate(child.periods):
        problems += validate_period(period, dob, today, f"periods[{i}]")
    problems += _periods_in_order(child.periods)
    for i, placement in enumerate(child.placements):
        problems += validate_placement(placement, dob, today, f"placements[{i}]")
    for i, person in enumerate(child.key_people):
        problems += validate_key_person(person, f"key_people[{i}]")
    for i, review in enumerate(child.reviews):
        problems += validate_review(review, dob, today, f"reviews[{i}]")
    return problems
