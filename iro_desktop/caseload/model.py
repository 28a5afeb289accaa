"""The caseload records as plain data. Dates are ``datetime.date``; codes are 903 codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class PeriodOfCare:
    start_date: date  # the day the child became looked after
    legal_status: str | None = None  # 903 code, e.g. "C2"
    end_date: date | None = None
    id: int | None = None


@dataclass
class Placement:
    start_date: date
    placement_type: str | None = None  # 903 code, e.g. "U4", "K2"
    carer_name: str | None = None
    area: str | None = None  # local authority area of the placement
    postcode_district: str | None = None  # e.g. "TR1": never a full postcode
    out_of_area: bool = False
    end_date: date | None = None
    id: int | None = None


@dataclass
class KeyPerson:
    role: str  # one of codes.KEY_PERSON_ROLES
    name: str
    contact: str | None = None
    id: int | None = None


@dataclass
class Review:
    review_date: date
    review_type: str  # first / second / subsequent / pathway / additional
    held_as_series: bool = False
    period_id: int | None = None
    id: int | None = None
    record_sent_date: date | None = None  # the record (letter to the child) went out
    decisions_circulated_date: date | None = None


@dataclass
class Child:
    child_id: str  # the council's id
    first_name: str
    last_name: str
    date_of_birth: date
    preferred_name: str | None = None
    gender: str | None = None
    pronouns: str | None = None
    ethnicity: str | None = None
    first_language: str | None = None
    interpreter_needed: bool = False
    disability: bool = False
    communication_needs: str | None = None
    uasc: bool = False
    care_leaver: bool = False
    school: str | None = None
    social_worker_name: str | None = None
    social_worker_email: str | None = None
    social_worker_team: str | None = None
    sibling_group: str | None = None
    allocated: bool = True
    not_allocated_since: date | None = None
    iro_notes: str | None = None  # the IRO's own notes: an import never overwrites them
    seed_last_review_date: date | None = None  # from the extract, until review records exist
    seed_reviews_held: int | None = None
    periods: list[PeriodOfCare] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    key_people: list[KeyPerson] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def display_name(self) -> str:
        return f"{self.known_as} {self.last_name}"

    @property
    def current_period(self) -> PeriodOfCare | None:
        open_periods = [p for p in self.periods if p.end_date is None]
        pool = open_periods or self.periods
        return max(pool, key=lambda p: p.start_date) if pool else None

    @property
    def current_placement(self) -> Placement | None:
        open_pl = [p for p in self.placements if p.end_date is None]
        pool = open_pl or self.placements
        return max(pool, key=lambda p: p.start_date) if pool else None


@dataclass(frozen=True)
class ChildSummary:
    """One row of the caseload list, as the main window shows it."""

    child_id: str
    display_name: str
    date_of_birth: date
    age: int
    legal_status: str | None
    placement_type: str | None
    placement_area: str | None
    out_of_area: bool
    social_worker_name: str | None
    last_review_date: date | None
    allocated: bool
    placement_district: str | None = None  # the current placement's postcode district
