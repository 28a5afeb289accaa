"""Schema migrations: an ordered list, the version in ``PRAGMA user_version``.

Each migration runs in one transaction together with the version bump, after a backup of the
encrypted file. A vault whose version is newer than this list is refused untouched. Never edit
a migration that has shipped: add a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from iro_desktop.errors import VaultFromNewerVersion
from iro_desktop.vault import audit


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable  # (conn) -> None, inside the migration's transaction


def _m1_core(conn) -> None:
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for stmt in audit.SCHEMA:
        conn.execute(stmt)


def _m2_caseload(conn) -> None:
    statements = [
        """CREATE TABLE child (
            child_id TEXT PRIMARY KEY,
            first_name TEXT NOT NULL,
            preferred_name TEXT,
            last_name TEXT NOT NULL,
            date_of_birth TEXT NOT NULL,
            gender TEXT,
            pronouns TEXT,
            ethnicity TEXT,
            first_language TEXT,
            interpreter_needed INTEGER NOT NULL DEFAULT 0,
            disability INTEGER NOT NULL DEFAULT 0,
            communication_needs TEXT,
            uasc INTEGER NOT NULL DEFAULT 0,
            care_leaver INTEGER NOT NULL DEFAULT 0,
            school TEXT,
            social_worker_name TEXT,
            social_worker_email TEXT,
            social_worker_team TEXT,
            sibling_group TEXT,
            allocated INTEGER NOT NULL DEFAULT 1,
            not_allocated_since TEXT,
            iro_notes TEXT,
            seed_last_review_date TEXT,
            seed_reviews_held INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE period_of_care (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            start_date TEXT NOT NULL,
            end_date TEXT,
            legal_status TEXT,
            UNIQUE (child_id, start_date)
        )""",
        """CREATE TABLE placement (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            placement_type TEXT,
            carer_name TEXT,
            area TEXT,
            postcode_district TEXT,
            start_date TEXT NOT NULL,
            end_date TEXT,
            out_of_area INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE key_person (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            name TEXT NOT NULL,
            contact TEXT
        )""",
        """CREATE TABLE review (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            period_id INTEGER REFERENCES period_of_care(id) ON DELETE SET NULL,
            review_date TEXT NOT NULL,
            review_type TEXT NOT NULL,
            held_as_series INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_period_child ON period_of_care(child_id, start_date)",
        "CREATE INDEX idx_placement_child ON placement(child_id, start_date)",
        "CREATE INDEX idx_key_person_child ON key_person(child_id)",
        "CREATE INDEX idx_review_child ON review(child_id, review_date)",
    ]
    for stmt in statements:
        conn.execute(stmt)


def _m3_due_dates(conn) -> None:
    statements = [
        # When the record (the letter to the child) and the decisions went out: the timescales
        # mark those deadlines done from these.
        "ALTER TABLE review ADD COLUMN record_sent_date TEXT",
        "ALTER TABLE review ADD COLUMN decisions_circulated_date TEXT",
        # Regulation 36: the IRO speaks to the child in private before each review.
        """CREATE TABLE visit (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            visit_date TEXT NOT NULL,
            purpose TEXT NOT NULL,
            seen_alone INTEGER,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE trip (
            id INTEGER PRIMARY KEY,
            area TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE trip_child (
            trip_id INTEGER NOT NULL REFERENCES trip(id) ON DELETE CASCADE,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            PRIMARY KEY (trip_id, child_id)
        )""",
        "CREATE INDEX idx_visit_child ON visit(child_id, visit_date)",
        "CREATE INDEX idx_trip_child_child ON trip_child(child_id)",
    ]
    for stmt in statements:
        conn.execute(stmt)


MIGRATIONS: list[Migration] = [
    Migration(1, "settings and audit log", _m1_core),
    Migration(2, "caseload: children, periods of care, placements, key people, reviews", _m2_caseload),
    Migration(3, "due dates: record and decision dates, regulation 36 visits, trips", _m3_due_dates),
]

LATEST = MIGRATIONS[-1].version


def current_version(conn) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_not_from_future(conn) -> int:
    version = current_version(conn)
    if version > LATEST:
        raise VaultFromNewerVersion(version, LATEST)
    return version


def pending(conn) -> list[Migration]:
    version = check_not_from_future(conn)
    return [m for m in MIGRATIONS if m.version > version]


def apply(conn, migrations: list[Migration]) -> None:
    """Run each migration and its version bump in one transaction."""
    for m in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            m.apply(conn)
            # PRAGMA cannot take a bound parameter; the version is our own integer.
            conn.execute(f"PRAGMA user_version = {int(m.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
