"""The extract's columns and their values: the column contract (names, kinds, what each
fills in on the child) and how one cell's text becomes a value, or a problem that says why not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

from iro_desktop.caseload import codes
from iro_desktop.caseload.validation import email_problem, normalise_postcode_district, postcode_district_problem


# A caseload of 85 children is a few kilobytes; anything this large is the wrong file.
MAX_FILE_BYTES = 20 * 1024 * 1024

DATE_FORMATS_HINT = "use YYYY-MM-DD or DD/MM/YYYY"


# ---- the column contract -------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, date, bool, int, legal_status, placement_type, gender, postcode, email
    attr: str | None  # the Child attribute it fills; None for period/placement columns
    label: str  # for preview lines


COLUMNS: dict[str, Column] = {c.name: c for c in [
    Column("child_id", "text", "child_id", "id"),
    Column("first_name", "text", "first_name", "first name"),
    Column("preferred_name", "text", "preferred_name", "preferred name"),
    Column("last_name", "text", "last_name", "last name"),
    Column("date_of_birth", "date", "date_of_birth", "date of birth"),
    Column("gender", "gender", "gender", "gender"),
    Column("pronouns", "text", "pronouns", "pronouns"),
    Column("ethnicity", "text", "ethnicity", "ethnicity"),
    Column("first_language", "text", "first_language", "first language"),
    Column("interpreter_needed", "bool", "interpreter_needed", "interpreter needed"),
    Column("communication_needs", "text", "communication_needs", "communication needs"),
    Column("legal_status", "legal_status", None, "legal status"),
    Column("date_became_looked_after", "date", None, "date became looked after"),
    Column("placement_type", "placement_type", None, "placement type"),
    Column("placement_start", "date", None, "placement start"),
    Column("placement_area", "text", None, "placement area"),
    Column("placement_postcode", "postcode", None, "placement postcode district"),
    Column("carer_name", "text", None, "carer"),
    Column("social_worker_name", "text", "social_worker_name", "social worker"),
    Column("social_worker_email", "email", "social_worker_email", "social worker email"),
    Column("social_worker_team", "text", "social_worker_team", "social worker team"),
    Column("school", "text", "school", "school"),
    Column("disability", "bool", "disability", "disability"),
    Column("uasc", "bool", "uasc", "unaccompanied asylum-seeking child"),
    Column("care_leaver", "bool", "care_leaver", "care leaver"),
    Column("last_review_date", "date", "seed_last_review_date", "last review date (from the extract)"),
    Column("reviews_held", "int", "seed_reviews_held", "reviews held (from the extract)"),
    Column("sibling_group", "text", "sibling_group", "sibling group"),
]}

REQUIRED = ("child_id", "first_name", "last_name", "date_of_birth", "date_became_looked_after")
PLACEMENT_COLUMNS = {  # column -> Placement attribute
    "placement_type": "placement_type", "carer_name": "carer_name", "placement_area": "area",
    "placement_postcode": "postcode_district", "placement_start": "start_date",
}

# validate_child's field names -> the column that holds that value in the file.
_FIELD_TO_COLUMN = {c.attr: c.name for c in COLUMNS.values() if c.attr}
_LIST_FIELD_TO_COLUMN = {
    ("periods", "start_date"): "date_became_looked_after",
    ("periods", "end_date"): "date_became_looked_after",
    ("periods", "legal_status"): "legal_status",
    ("placements", "start_date"): "placement_start",
    ("placements", "end_date"): "placement_start",
    ("placements", "placement_type"): "placement_type",
    ("placements", "postcode_district"): "placement_postcode",
}

_TRUE = {"y", "yes", "true", "1"}
_FALSE = {"n", "no", "false", "0"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_FORMULA_QUOTED = re.compile(r'^="(.*)"$', re.S)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The 903 return codes gender 1 (male) and 2 (female); some extracts keep those digits.
_GENDER_DIGITS = {"1": "M", "2": "F"}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names the column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def normalise_heading(text: str) -> str:
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def clean_cell(value: str) -> str:
    """Undo what Excel does to a cell: stray spaces and ``="0123"`` formula quoting."""
    text = value.replace("\xa0", " ").strip()
    m = _FORMULA_QUOTED.match(text)
    if m:
        text = m.group(1).strip()
    return text


# ---- parsing values ------------------------------------------------------------------------

class BadCell(Exception):
    """A cell value that cannot be used; the message says why, and never quotes the cell (a name
    typed into the wrong column would reach the command's stderr and anything that logs it)."""


def parse_date(text: str) -> date:
    m = _ISO_DATE.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _UK_DATE.match(text)
        if not m:
            raise BadCell(f"This is not a date in YYYY-MM-DD or DD/MM/YYYY form; {DATE_FORMATS_HINT}.")
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        raise BadCell(f"This is not a real date (there is no such day); {DATE_FORMATS_HINT}.") from None


def parse_bool(text: str) -> bool:
    low = text.lower()
    if low == "" or low in _FALSE:
        return False
    if low in _TRUE:
        return True
    raise BadCell("This is not a yes/no value; use Y or N (blank means N).")


def _parse_int(text: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise BadCell("This is not a whole number; use 0 or more.")
    value = int(text)
    if value < 0:
        raise BadCell("This is negative; the number of reviews held must be 0 or more.")
    return value


def _parse_code(text: str, valid, what: str) -> str:
    code = text.upper()
    if code not in valid:
        raise BadCell(f"This is not a {what}. Use one of: {codes.hint(valid)}.")
    return code


def _parse_gender(text: str) -> str:
    code = text.upper()
    if code in codes.GENDERS:
        return code
    word = codes.GENDER_WORDS.get(text.lower()) or _GENDER_DIGITS.get(text)
    if word:
        return word
    raise BadCell(f"This is not a gender this import knows. Use one of: {codes.hint(codes.GENDERS)} "
               "(or Female, Male).")


def _parse_postcode(text: str) -> str:
    problem = postcode_district_problem(text)
    if problem:
        raise BadCell(problem)
    return normalise_postcode_district(text)  # type: ignore[return-value]


def _parse_email(text: str) -> str:
    problem = email_problem(text)
    if problem:
        raise BadCell(problem)
    return text


_PARSERS: dict[str, Callable[[str], object]] = {
    "text": lambda t: t,
    "date": parse_date,
    "bool": parse_bool,
    "int": _parse_int,
    "legal_status": lambda t: _parse_code(t, codes.LEGAL_STATUSES, "903 legal status code"),
    "placement_type": lambda t: _parse_code(t, codes.PLACEMENT_TYPES, "903 placement type code"),
    "gender": _parse_gender,
    "postcode": _parse_postcode,
    "email": _parse_email,
}

_REQUIRED_MESSAGES = {
    "child_id": "The child's id is missing; every row needs the council's id for the child.",
    "first_name": "The first name is missing; every child needs one.",
    "last_name": "The last name is missing; every child needs one.",
    "date_of_birth": "The date of birth is missing; every child needs one.",
    "date_became_looked_after": "The date the child became looked after is missing; every child needs one.",
}
