"""Helpers for the caseload tests: a valid child to start from, and a whole-vault snapshot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from iro_desktop.caseload.model import Child, KeyPerson, PeriodOfCare, Placement, Review

TODAY = date(2026, 1, 10)
# The repository's own copy of the council's example extract (the one the app offers as a template).
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "caseload-example.csv"

TABLES = ("child", "period_of_care", "placement", "key_person", "review", "settings", "audit_log")


def make_child(child_id: str = "C900001", **overrides) -> Child:
    """A child that passes every check on TODAY; override any field."""
    child = Child(
        child_id=child_id, first_name="Lumen", last_name="Puddlewick", date_of_birth=date(2013, 4, 2),
        preferred_name="Lu", gender="F", pronouns="she/her", ethnicity="White British",
        first_language="English", interpreter_needed=False, disability=True,
        communication_needs="Short visual plans", uasc=False, care_leaver=False,
        school="Brookfield Primary Academy", social_worker_name="Robin Dovecote",
        social_worker_email="robin.dovecote@example.gov.uk", social_worker_team="Children in Care Team North",
        sibling_group="SG99", iro_notes="Likes drawing; ask about the dog.",
        seed_last_review_date=date(2025, 9, 1), seed_reviews_held=4,
        periods=[PeriodOfCare(date(2021, 5, 4), "C2")],
        placements=[Placement(date(2021, 5, 4), "U6", "Jo and Sam Bramblewick", "Kent", "CT1",
                              end_date=date(2022, 2, 27)),
                    Placement(date(2022, 2, 28), "U4", "Pat and Lee Gorsebeck", "Cornwall", "TR1")],
        key_people=[KeyPerson("advocate", "Kim Harebell", "kim.harebell@advocacy.example.org.uk"),
                    KeyPerson("independent_visitor", "Terry Silverbeck", "07700 900123")],
        reviews=[Review(date(2021, 6, 1), "first"), Review(date(2021, 9, 1), "second")],
    )
    for name, value in overrides.items():
        setattr(child, name, value)
    return child


def snapshot(vault) -> dict[str, list[tuple]]:
    """Every row of every caseload table, the settings and the audit log."""
    with vault.read() as db:
        return {t: sorted(db.conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def audit_rows(vault) -> list[tuple[str, str, str]]:
    with vault.read() as db:
        return db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()


def strip_ids(child: Child) -> Child:
    """The child with database ids cleared, for comparing what was saved with what was given."""
    import copy

    c = copy.deepcopy(child)
    for item in c.periods + c.placements + c.key_people + c.reviews:
        item.id = None
    for r in c.reviews:
        r.period_id = None
    return c
