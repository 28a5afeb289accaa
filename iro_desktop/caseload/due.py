"""What is due across the caseload: the vault's records turned into timescale facts.

The rules themselves live in ``iro_desktop.timescales`` (pure functions); this module only
reads what they need, in a fixed handful of queries, and keeps the local standards (record and
decision deadlines, "due soon" window) as vault settings.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from iro_desktop.caseload.repository import CURRENT_PERIOD_CTE
from iro_desktop.errors import ValidationError
from iro_desktop.timescales import CaseFacts, ChildDue, HeldReview, TimescaleSettings, all_due, next_review
from iro_desktop.vault import Vault

SETTING_PREFIX = "timescales."
PRE_REVIEW = "pre_review"
MIDWAY = "midway"  # a midway visit, or a finalised midway review, marks the midway done

# The range a council may set for each local standard, in working days (or months).
LIMITS = {
    "record_deadline_working_days": (1, 40),
    "decisions_deadline_working_days": (1, 20),
    "due_soon_working_days": (1, 60),
    "under5_review_interval_months": (1, 6),
    "first_review_working_days": (20, 20),  # statutory: shown, never changed
}


def timescale_settings(vault: Vault) -> TimescaleSettings:
    with vault.read() as db:
        return settings_from_conn(db.conn)


def settings_from_conn(conn) -> TimescaleSettings:
    stored = dict(conn.execute("SELECT key, value FROM settings WHERE key LIKE ?",
                               (SETTING_PREFIX + "%",)).fetchall())
    values = {}
    for f in fields(TimescaleSettings):
        raw = stored.get(SETTING_PREFIX + f.name)
        if raw not in (None, ""):
            values[f.name] = int(raw)
    return TimescaleSettings(**values)


def save_timescale_settings(vault: Vault, settings: TimescaleSettings) -> None:
    problems = []
    for f in fields(TimescaleSettings):
        value = getattr(settings, f.name)
        low, high = LIMITS[f.name]
        if value is not None and not (low <= value <= high):
            problems.append((f.name, f"must be between {low} and {high}; {value} was given."))
    if problems:
        raise ValidationError(problems)
    with vault.transaction() as tx:
        for f in fields(TimescaleSettings):
            value = getattr(settings, f.name)
            tx.set_setting(SETTING_PREFIX + f.name, "" if value is None else str(value))


_CHILDREN_SQL = "WITH " + CURRENT_PERIOD_CTE + """
SELECT c.child_id, c.date_of_birth, c.care_leaver, p.start_date, c.seed_last_review_date,
       c.seed_reviews_held
FROM child c LEFT JOIN cur_period p ON p.child_id = c.child_id AND p.rn = 1
WHERE (c.allocated = 1 AND :cid IS NULL) OR c.child_id = :cid
"""


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def case_facts(vault: Vault) -> list[CaseFacts]:
    """Timescale facts for every allocated child, in the current period of care only."""
    with vault.read() as db:
        return facts_from_conn(db.conn)


def facts_from_conn(conn, child_id: str | None = None, reviews_up_to: date | None = None) -> list[CaseFacts]:
    """The facts for every allocated child, or for one child (allocated or not); with
    ``reviews_up_to``, as they stood just after the review held that day."""
    only = " AND r.child_id = :cid" if child_id else ""
    up_to = " AND r.review_date <= :up_to" if reviews_up_to else ""
    params = {"cid": child_id, "up_to": reviews_up_to.isoformat() if reviews_up_to else None}
    children = conn.execute(_CHILDREN_SQL, params).fetchall()
    reviews: dict[str, list[HeldReview]] = {}
    for cid, held, kind, sent, circulated in conn.execute(
            "SELECT r.child_id, r.review_date, r.review_type, r.record_sent_date, "
            "r.decisions_circulated_date FROM review r JOIN child c ON c.child_id = r.child_id "
            f"WHERE (c.allocated = 1 OR :cid IS NOT NULL){only}{up_to} ORDER BY r.review_date", params):
        reviews.setdefault(cid, []).append(HeldReview(_d(held), kind, _d(sent), _d(circulated)))
    visits: dict[tuple[str, str], list[date]] = {}
    for cid, when, purpose in conn.execute(
            "SELECT child_id, visit_date, purpose FROM visit WHERE purpose IN (?, ?)", (PRE_REVIEW, MIDWAY)):
        visits.setdefault((cid, purpose), []).append(_d(when))
    # A midway review counts once it has been finalised (an amendment under way included).
    for cid, when in conn.execute(
            "SELECT child_id, record_date FROM record WHERE kind = 'midway' AND first_finalised_on IS NOT NULL"):
        visits.setdefault((cid, MIDWAY), []).append(_d(when))
    out = []
    for cid, dob, leaver, start, seed_last, seed_held in children:
        period_start = _d(start)
        # A new period of care starts the sequence again: earlier reviews do not count.
        held = tuple(r for r in reviews.get(cid, ()) if period_start is None or r.review_date >= period_start)
        seeded = not reviews.get(cid)
        out.append(CaseFacts(
            child_id=cid, date_of_birth=_d(dob), period_start=period_start, care_leaver=bool(leaver),
            reviews=held,
            seed_last_review=_d(seed_last) if seeded else None,
            seed_reviews_held=seed_held if seeded else None,
            pre_review_visits=tuple(visits.get((cid, PRE_REVIEW), ())),
            midways_done=tuple(visits.get((cid, MIDWAY), ())),
        ))
    return out


def next_review_after(conn, child_id: str, review_date: date) -> date | None:
    """The limit of the review after the one held on ``review_date``: what a letter tells the
    child, so it always agrees with My week (same rules, same local settings)."""
    facts = facts_from_conn(conn, child_id, reviews_up_to=review_date)
    if not facts:
        return None
    return next_review(facts[0], settings_from_conn(conn))[1]


def caseload_due(vault: Vault, today: date | None = None,
                 settings: TimescaleSettings | None = None) -> list[ChildDue]:
    """Every allocated child's next review, midway and outstanding paperwork, most urgent first."""
    return all_due(case_facts(vault), today or date.today(), settings or timescale_settings(vault))
