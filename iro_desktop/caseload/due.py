"""What is due across the caseload: the vault's records turned into timescale facts.

The rules themselves live in ``iro_desktop.timescales`` (pure functions); this module only
reads what they need, in a fixed handful of queries, and keeps the local standards (record and
decision deadlines, "due soon" window) as vault settings.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Iterable

from iro_desktop.caseload.repository import UnknownChild
from iro_desktop.errors import ValidationError
from iro_desktop.timescales import (DUE_SOON, ON_TRACK, OVERDUE, CarePeriod, CaseFacts, ChildDue, HeldReview,
                                   NextReview, TimescaleSettings, all_due, next_review)
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


def _whose(table: str, child_id: str | None) -> str:
    """``FROM table x`` cut to the children asked for: every allocated child (a join, which reads
    each table once), or the one child (by the table's child index)."""
    if child_id is None:
        return f"FROM {table} x JOIN child c ON c.child_id = x.child_id AND c.allocated = 1 WHERE 1"
    return f"FROM {table} x WHERE x.child_id = :cid"


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def case_facts(vault: Vault) -> list[CaseFacts]:
    """Timescale facts for every allocated child: their whole history, every period of care."""
    with vault.read() as db:
        return facts_from_conn(db.conn)


def facts_from_conn(conn, child_id: str | None = None) -> list[CaseFacts]:
    """The facts for every allocated child, or for one child (allocated or not), in a fixed
    handful of queries. Which periods and reviews count is ``timescales.next_review``'s to say."""
    params = {"cid": child_id, "pre": PRE_REVIEW, "mid": MIDWAY}
    iso = date.fromisoformat
    periods: dict[str, list[CarePeriod]] = {}
    for cid, start, end in conn.execute(f"SELECT x.child_id, x.start_date, x.end_date "
                                        f"{_whose('period_of_care', child_id)}", params):
        periods.setdefault(cid, []).append(CarePeriod(iso(start), iso(end) if end else None))
    reviews: dict[str, list[HeldReview]] = {}
    for rid, cid, held, kind, sent, circulated in conn.execute(
            "SELECT x.id, x.child_id, x.review_date, x.review_type, x.record_sent_date, x.decisions_circulated_date "
            f"{_whose('review', child_id)} ORDER BY x.review_date, x.id", params):
        reviews.setdefault(cid, []).append(HeldReview(iso(held), kind, iso(sent) if sent else None,
                                                      iso(circulated) if circulated else None, rid))
    visits: dict[tuple[str, str], list[date]] = {}
    for cid, when, purpose in conn.execute(
            f"SELECT x.child_id, x.visit_date, x.purpose {_whose('visit', child_id)} AND x.purpose IN (:pre, :mid)",
            params):
        visits.setdefault((cid, purpose), []).append(iso(when))
    # A midway review counts once it has been finalised (an amendment under way included).
    for cid, when in conn.execute(
            f"SELECT x.child_id, x.record_date {_whose('record', child_id)} "
            "AND x.kind = 'midway' AND x.first_finalised_on IS NOT NULL", params):
        visits.setdefault((cid, MIDWAY), []).append(iso(when))
    return [CaseFacts(
        child_id=cid, date_of_birth=iso(dob), periods=tuple(periods.get(cid, ())), care_leaver=bool(leaver),
        reviews=tuple(reviews.get(cid, ())), seed_last_review=_d(seed_last), seed_reviews_held=seed_held,
        pre_review_visits=tuple(visits.get((cid, PRE_REVIEW), ())),
        midways_done=tuple(visits.get((cid, MIDWAY), ())),
    ) for cid, dob, leaver, seed_last, seed_held in conn.execute(
        "SELECT x.child_id, x.date_of_birth, x.care_leaver, x.seed_last_review_date, x.seed_reviews_held "
        f"FROM child x WHERE {'x.allocated = 1' if child_id is None else 'x.child_id = :cid'}", params)]


def child_facts(conn, child_id: str) -> CaseFacts:
    found = facts_from_conn(conn, child_id)
    if not found:
        raise UnknownChild(child_id)
    return found[0]


def next_review_on(conn, child_id: str, as_of: date | None = None, *,
                   facts: CaseFacts | None = None) -> NextReview:
    """The child's next review as it stood on ``as_of`` (see ``timescales.next_review``), under
    the council's local standards: what a letter, a midway note, the leaflet and the
    professional record print, so they always agree with My week. ``facts`` stands in for the
    vault's (a preview of a review date not yet saved)."""
    return next_review(facts or child_facts(conn, child_id), settings_from_conn(conn), as_of=as_of)


def caseload_due(vault: Vault, today: date | None = None,
                 settings: TimescaleSettings | None = None) -> list[ChildDue]:
    """Every allocated child's next review, midway and outstanding paperwork, most urgent first."""
    return all_due(case_facts(vault), today or date.today(), settings or timescale_settings(vault))


# ---- the next review's standing, as the caseload list shows it ------------------------------

BOOKED = "booked"  # not yet overdue, and a trip to see the child is planned by the limit
STANDING_ORDER = {OVERDUE: 0, DUE_SOON: 1, BOOKED: 2, ON_TRACK: 3}
STANDING_WORDS = {OVERDUE: "Overdue", DUE_SOON: "Due soon", BOOKED: "Booked", ON_TRACK: "On track"}


@dataclass(frozen=True)
class ReviewStanding:
    """A child's next review: when it is due and where it stands. ``status`` is None when no
    review is due (the child is no longer looked after, or there is nothing to count from)."""

    due: date | None
    status: str | None
    booked: date | None = None  # the first day of the trip planned to see the child

    @property
    def words(self) -> str:
        return STANDING_WORDS.get(self.status, "") if self.status else ""

    @property
    def order(self) -> int:
        return STANDING_ORDER.get(self.status, len(STANDING_ORDER)) if self.status else len(STANDING_ORDER)


def review_standing(child_due: ChildDue, trips: Iterable[tuple[date, date]], today: date) -> ReviewStanding:
    """The next review's status: the timescales' own (overdue, due soon, on track), except that a
    review not yet overdue is "booked" once a trip that includes the child is planned to start by
    its limit and has not ended. An overdue review stays overdue whatever is planned: the limit
    has passed."""
    review = next((i for i in child_due.items if i.kind == "review"), None)
    if review is None or child_due.next_review_due is None:
        return ReviewStanding(child_due.next_review_due, None)
    if review.status == OVERDUE:
        return ReviewStanding(review.due, OVERDUE)
    booked = min((start for start, end in trips if end >= today and start <= review.due), default=None)
    if booked is not None:
        return ReviewStanding(review.due, BOOKED, max(booked, today))
    return ReviewStanding(review.due, review.status if review.status in (DUE_SOON, ON_TRACK) else ON_TRACK)
