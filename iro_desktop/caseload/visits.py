"""Visits to the child, above all the regulation 36 conversation before each review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from iro_desktop.errors import IroError, ValidationError
from iro_desktop.vault import Vault

PURPOSES = {
    "pre_review": "Spoke with the child before the review (regulation 36)",
    "midway": "Midway visit",
    "other": "Other visit",
}


@dataclass(frozen=True)
class Visit:
    child_id: str
    visit_date: date
    purpose: str
    seen_alone: bool | None
    id: int | None = None


def add_visit(vault: Vault, visit: Visit, today: date | None = None) -> int:
    today = today or date.today()
    problems = []
    if visit.purpose not in PURPOSES:
        problems.append(("purpose", f"'{visit.purpose}' is not a visit purpose; use one of: {', '.join(PURPOSES)}."))
    if visit.visit_date > today:
        problems.append(("visit_date", f"{visit.visit_date:%d/%m/%Y} is in the future; record a visit once it has happened."))
    if problems:
        raise ValidationError(problems)
    with vault.transaction() as tx:
        conn = tx.db.conn
        if conn.execute("SELECT 1 FROM child WHERE child_id = ?", (visit.child_id,)).fetchone() is None:
            raise IroError(f"There is no child with the id {visit.child_id}. Nothing was recorded.")
        cur = conn.execute(
            "INSERT INTO visit (child_id, visit_date, purpose, seen_alone, created_at) VALUES (?, ?, ?, ?, ?)",
            (visit.child_id, visit.visit_date.isoformat(), visit.purpose,
             None if visit.seen_alone is None else int(visit.seen_alone),
             datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
        tx.audit("visit.create", "visit", cur.lastrowid)
    return cur.lastrowid


def visits_for(vault: Vault, child_id: str) -> list[Visit]:
    with vault.read() as db:
        rows = db.conn.execute(
            "SELECT id, visit_date, purpose, seen_alone FROM visit WHERE child_id = ? ORDER BY visit_date DESC",
            (child_id,)).fetchall()
    return [Visit(child_id, date.fromisoformat(d), p, None if s is None else bool(s), i) for i, d, p, s in rows]
