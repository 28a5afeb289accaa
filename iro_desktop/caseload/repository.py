"""The only code that reads and writes the caseload tables.

Public functions taking a ``Vault`` each run one transaction (writes) or one read. The ``*_tx``
functions take an open ``Tx`` instead, so a caller that must change many children atomically
(the import) composes them inside a single transaction; each writes its own audit row.

Audit rows name the action and the child's id only: never a name or other case content.
Dates are stored as ISO text, booleans as 0/1.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timezone
from typing import Iterable

from iro_desktop.caseload.model import Child, ChildSummary, KeyPerson, PeriodOfCare, Placement, Review
from iro_desktop.caseload.validation import normalise_postcode_district, validate_child, validate_review
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.vault import Tx, Vault

COUNCIL_AREA = "council_area"

# Child columns stored as written; the nested lists and timestamps are handled separately.
_CHILD_COLUMNS = [
    "child_id", "first_name", "preferred_name", "last_name", "date_of_birth", "gender", "pronouns",
    "ethnicity", "first_language", "interpreter_needed", "disability", "communication_needs",
    "uasc", "care_leaver", "school", "social_worker_name", "social_worker_email",
    "social_worker_team", "sibling_group", "allocated", "not_allocated_since", "iro_notes",
    "seed_last_review_date", "seed_reviews_held",
]
_CHILD_DATES = {"date_of_birth", "not_allocated_since", "seed_last_review_date"}
_CHILD_BOOLS = {"interpreter_needed", "disability", "uasc", "care_leaver", "allocated"}


class UnknownChild(IroError):
    def __init__(self, child_id: str) -> None:
        super().__init__(f"There is no child with the id {child_id} in this vault. "
                         "Check the id, or import the caseload again.")
        self.child_id = child_id


# ---- conversions ---------------------------------------------------------------------------

def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _child_values(child: Child) -> list:
    out = []
    for name in _CHILD_COLUMNS:
        value = getattr(child, name)
        if name in _CHILD_DATES:
            value = _iso(value)
        elif name in _CHILD_BOOLS:
            value = int(bool(value))
        out.append(value)
    return out


def _child_from_row(row: tuple) -> Child:
    kwargs = {}
    for name, value in zip(_CHILD_COLUMNS, row):
        if name in _CHILD_DATES:
            value = _date(value)
        elif name in _CHILD_BOOLS:
            value = bool(value)
        kwargs[name] = value
    return Child(**kwargs)


def same_area(a: str | None, b: str | None) -> bool:
    """Area names compared as people type them: case and spacing do not matter."""
    def norm(s: str) -> str:
        return " ".join(s.split()).casefold()
    return bool(a and b) and norm(a) == norm(b)


def out_of_area(placement: Placement, council: str | None) -> bool:
    """Out of area when both areas are known and differ; otherwise whatever was recorded."""
    if council and placement.area and placement.area.strip():
        return not same_area(placement.area, council)
    return placement.out_of_area


# ---- reading -------------------------------------------------------------------------------

# The current period of care: the open one started last (or, if all have ended, the latest).
CURRENT_PERIOD_CTE = """cur_period AS (
    SELECT child_id, legal_status, start_date,
           ROW_NUMBER() OVER (PARTITION BY child_id
                              ORDER BY end_date IS NULL DESC, start_date DESC, id DESC) AS rn
    FROM period_of_care
)"""

_LIST_SQL = "WITH " + CURRENT_PERIOD_CTE + """, cur_placement AS (
    SELECT child_id, placement_type, area, out_of_area, postcode_district,
           ROW_NUMBER() OVER (PARTITION BY child_id
                              ORDER BY end_date IS NULL DESC, start_date DESC, id DESC) AS rn
    FROM placement
), last_review AS (
    SELECT child_id, MAX(review_date) AS review_date FROM review GROUP BY child_id
)
SELECT c.child_id, c.first_name, c.preferred_name, c.last_name, c.date_of_birth,
       p.legal_status, pl.placement_type, pl.area, pl.out_of_area, c.social_worker_name,
       COALESCE(lr.review_date, c.seed_last_review_date), c.allocated, pl.postcode_district
FROM child c
LEFT JOIN cur_period p ON p.child_id = c.child_id AND p.rn = 1
LEFT JOIN cur_placement pl ON pl.child_id = c.child_id AND pl.rn = 1
LEFT JOIN last_review lr ON lr.child_id = c.child_id
WHERE (c.allocated = 1 OR :everyone) AND (:ids IS NULL OR c.child_id IN (SELECT value FROM json_each(:ids)))
ORDER BY c.last_name COLLATE NOCASE, COALESCE(c.preferred_name, c.first_name) COLLATE NOCASE, c.child_id
"""


def age_on(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def list_children(vault: Vault, include_not_allocated: bool = False,
                  today: date | None = None, child_ids: Iterable[str] | None = None) -> list[ChildSummary]:
    """The caseload list in one query: current legal status and placement, last review. With
    ``child_ids``, only those of them on the list (the rows a change touched)."""
    today = today or date.today()
    ids = None if child_ids is None else json.dumps(sorted(child_ids))
    with vault.read() as db:
        rows = db.conn.execute(_LIST_SQL, {"everyone": int(include_not_allocated), "ids": ids}).fetchall()
    out = []
    for (child_id, first, preferred, last, dob, legal, ptype, area, ooa, sw, last_review, allocated,
         district) in rows:
        born = date.fromisoformat(dob)
        out.append(ChildSummary(
            child_id=child_id, display_name=f"{preferred or first} {last}", date_of_birth=born,
            age=age_on(born, today), legal_status=legal, placement_type=ptype, placement_area=area,
            out_of_area=bool(ooa), social_worker_name=sw, last_review_date=_date(last_review),
            allocated=bool(allocated), placement_district=district))
    return out


def _load(db, child_ids: list[str] | None) -> dict[str, Child]:
    """Children with all their lists, in five queries whatever the number of children."""
    where, params = "", ()
    if child_ids is not None:
        where = f" WHERE child_id IN ({','.join('?' * len(child_ids))})"
        params = tuple(child_ids)
    children: dict[str, Child] = {}
    for row in db.conn.execute(f"SELECT {', '.join(_CHILD_COLUMNS)} FROM child{where}", params):
        child = _child_from_row(row)
        children[child.child_id] = child
    for cid, pid, start, end, legal in db.conn.execute(
            f"SELECT child_id, id, start_date, end_date, legal_status FROM period_of_care{where} "
            "ORDER BY start_date, id", params):
        children[cid].periods.append(PeriodOfCare(_date(start), legal, _date(end), pid))
    for cid, pid, ptype, carer, area, district, start, end, ooa in db.conn.execute(
            "SELECT child_id, id, placement_type, carer_name, area, postcode_district, start_date, "
            f"end_date, out_of_area FROM placement{where} ORDER BY start_date, id", params):
        children[cid].placements.append(Placement(_date(start), ptype, carer, area, district, bool(ooa),
                                                  _date(end), pid))
    for cid, pid, role, name, contact in db.conn.execute(
            f"SELECT child_id, id, role, name, contact FROM key_person{where} ORDER BY id", params):
        children[cid].key_people.append(KeyPerson(role, name, contact, pid))
    for cid, rid, rdate, rtype, series, period_id, sent, circulated in db.conn.execute(
            "SELECT child_id, id, review_date, review_type, held_as_series, period_id, "
            f"record_sent_date, decisions_circulated_date FROM review{where} ORDER BY review_date, id",
            params):
        children[cid].reviews.append(Review(_date(rdate), rtype, bool(series), period_id, rid,
                                            _date(sent), _date(circulated)))
    return children


def get_child(vault: Vault, child_id: str) -> Child:
    """One child with periods, placements, key people and reviews; UnknownChild if absent."""
    with vault.read() as db:
        found = _load(db, [child_id])
    if child_id not in found:
        raise UnknownChild(child_id)
    return found[child_id]


def load_children(vault: Vault) -> dict[str, Child]:
    """Every child (allocated or not) with all their records, keyed by child id."""
    with vault.read() as db:
        return _load(db, None)


def child_count(vault: Vault) -> int:
    with vault.read() as db:
        return db.conn.execute("SELECT count(*) FROM child").fetchone()[0]


# ---- settings ------------------------------------------------------------------------------

def council_area(vault: Vault) -> str | None:
    return vault.setting(COUNCIL_AREA)


def council_area_tx(tx: Tx) -> str | None:
    """The council area as seen inside an open transaction."""
    row = tx.db.conn.execute("SELECT value FROM settings WHERE key = ?", (COUNCIL_AREA,)).fetchone()
    return row[0] if row else None


def set_council_area(vault: Vault, area: str) -> None:
    """Set the IRO's own council area and re-mark every placement in or out of area."""
    with vault.transaction() as tx:
        set_council_area_tx(tx, area)


def set_council_area_tx(tx: Tx, area: str) -> None:
    area = " ".join((area or "").split())
    if not area:
        raise ValidationError([("council_area", "The council area is missing; enter your council's "
                                "area, like Northshire.")])
    tx.set_setting(COUNCIL_AREA, area)
    rows = tx.db.conn.execute("SELECT id, area, out_of_area FROM placement WHERE area IS NOT NULL "
                              "AND trim(area) != ''").fetchall()
    changes = [(int(not same_area(a, area)), pid) for pid, a, ooa in rows
               if bool(ooa) != (not same_area(a, area))]
    tx.db.conn.executemany("UPDATE placement SET out_of_area = ? WHERE id = ?", changes)


# ---- writing -------------------------------------------------------------------------------

def _require_valid(children: Iterable[Child], today: date | None) -> None:
    problems = []
    for child in children:
        problems += validate_child(child, today)
    if problems:
        raise ValidationError(problems)


def _prepare(child: Child) -> Child:
    """A copy with text tidied as stored: trimmed ids, upper-case codes and districts."""
    c = copy.deepcopy(child)
    c.child_id = c.child_id.strip()
    for pl in c.placements:
        pl.postcode_district = normalise_postcode_district(pl.postcode_district)
        pl.placement_type = (pl.placement_type or None) and pl.placement_type.strip().upper()
    for p in c.periods:
        p.legal_status = (p.legal_status or None) and p.legal_status.strip().upper()
    return c


def prepare(children: Iterable[Child], today: date | None = None) -> list[Child]:
    """Check ``children`` and tidy copies of them as they will be stored, before a transaction:
    ``insert_children_tx`` and ``update_child_tx`` take the copies with ``prepared=True`` and
    then only write, so a transaction writing many children holds the write lock for the writes
    alone. Raises ValidationError listing every problem."""
    children = list(children)
    _require_valid(children, today)
    return [_prepare(c) for c in children]


def _insert_lists(db, children: list[Child], council: str | None, now: str) -> None:
    """Insert the nested rows of ``children`` (whose child rows exist) in a few statements."""
    conn = db.conn
    # Periods go first, one by one, so reviews can be linked to the id of the period they fall in.
    for child in children:
        for period in child.periods:
            cur = conn.execute("INSERT INTO period_of_care (child_id, start_date, end_date, legal_status) "
                               "VALUES (?, ?, ?, ?)",
                               (child.child_id, _iso(period.start_date), _iso(period.end_date), period.legal_status))
            period.id = cur.lastrowid
    conn.executemany(
        "INSERT INTO placement (child_id, placement_type, carer_name, area, postcode_district, "
        "start_date, end_date, out_of_area) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(c.child_id, p.placement_type, p.carer_name, p.area, p.postcode_district, _iso(p.start_date),
          _iso(p.end_date), int(out_of_area(p, council))) for c in children for p in c.placements])
    conn.executemany(
        "INSERT INTO key_person (child_id, role, name, contact) VALUES (?, ?, ?, ?)",
        [(c.child_id, k.role, k.name, k.contact) for c in children for k in c.key_people])
    conn.executemany(
        "INSERT INTO review (child_id, period_id, review_date, review_type, held_as_series, "
        "record_sent_date, decisions_circulated_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(c.child_id, r.period_id or _period_for(c.periods, r.review_date), _iso(r.review_date),
          r.review_type, int(r.held_as_series), _iso(r.record_sent_date), _iso(r.decisions_circulated_date),
          now) for c in children for r in c.reviews])


def _period_for(periods: list[PeriodOfCare], day: date) -> int | None:
    """The id of the period of care ``day`` falls in (the latest one started, if several)."""
    best = None
    for p in periods:
        if p.start_date <= day and (p.end_date is None or day <= p.end_date):
            if best is None or p.start_date > best.start_date:
                best = p
    return best.id if best else None


def _exists(db, child_id: str) -> bool:
    return db.conn.execute("SELECT 1 FROM child WHERE child_id = ?", (child_id,)).fetchone() is not None


def insert_children_tx(tx: Tx, children: list[Child], *, today: date | None = None,
                       validate: bool = True, prepared: bool = False) -> None:
    """Add new children inside ``tx``: one ``child.create`` audit row each. ``prepared``:
    the children are ``prepare``'s copies, already checked and tidied."""
    if not prepared:
        if validate:
            _require_valid(children, today)
        children = [_prepare(c) for c in children]
    ids = [c.child_id for c in children]
    problems = [("child_id", f"A child with the id {cid} is already in this vault.")
                for cid in ids if _exists(tx.db, cid)]
    seen: set[str] = set()
    for cid in ids:
        if cid in seen:
            problems.append(("child_id", f"The id {cid} is given to more than one new child."))
        seen.add(cid)
    if problems:
        raise ValidationError(problems)
    now = _now_utc()
    cols = _CHILD_COLUMNS + ["created_at", "updated_at"]
    tx.db.conn.executemany(
        f"INSERT INTO child ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [_child_values(c) + [now, now] for c in children])
    _insert_lists(tx.db, children, council_area_tx(tx), now)
    for cid in ids:
        tx.audit("child.create", "child", cid)


def add_child(vault: Vault, child: Child, today: date | None = None) -> None:
    """Add a new child (validated first; ValidationError and nothing written if invalid)."""
    _require_valid([child], today)
    with vault.transaction() as tx:
        insert_children_tx(tx, [child], today=today, validate=False)


def _sync_list(conn, table: str, child_id: str, items: list, columns: list[str], values) -> None:
    """Make ``table``'s rows for the child match ``items``: keep ids, update, insert, delete."""
    existing = {r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE child_id = ?", (child_id,))}
    keep = {item.id for item in items if item.id in existing}
    gone = existing - keep
    conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in gone])
    sets = ", ".join(f"{c} = ?" for c in columns)
    for item in items:
        if item.id in keep:
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values(item), item.id))
        else:
            cur = conn.execute(f"INSERT INTO {table} (child_id, {', '.join(columns)}) "
                               f"VALUES (?, {', '.join('?' * len(columns))})", (child_id, *values(item)))
            item.id = cur.lastrowid


def _link_reviews(conn, child_id: str) -> None:
    """Give reviews with no period of care the period their date falls in."""
    conn.execute(
        """UPDATE review SET period_id = (
               SELECT p.id FROM period_of_care p
               WHERE p.child_id = review.child_id AND p.start_date <= review.review_date
                 AND (p.end_date IS NULL OR review.review_date <= p.end_date)
               ORDER BY p.start_date DESC LIMIT 1)
           WHERE child_id = ? AND period_id IS NULL""", (child_id,))


def update_child_tx(tx: Tx, child: Child, *, today: date | None = None, validate: bool = True,
                    prepared: bool = False) -> None:
    """Replace the child's details and period/placement/key person lists inside ``tx``.

    Reviews are not touched (they are added one by one with ``add_review``). A change of
    ``allocated`` is written too, with its own audit row. ``prepared``: ``child`` is
    ``prepare``'s copy, already checked and tidied.
    """
    if validate and not prepared:
        _require_valid([child], today)
    c = child if prepared else _prepare(child)
    conn = tx.db.conn
    row = conn.execute("SELECT allocated, not_allocated_since FROM child WHERE child_id = ?",
                       (c.child_id,)).fetchone()
    if row is None:
        raise UnknownChild(c.child_id)
    was_allocated = bool(row[0])
    if c.allocated:
        c.not_allocated_since = None
    elif c.not_allocated_since is None:
        c.not_allocated_since = _date(row[1]) or (today or date.today())
    cols = [n for n in _CHILD_COLUMNS if n != "child_id"]
    values = _child_values(c)[1:]
    conn.execute(f"UPDATE child SET {', '.join(f'{n} = ?' for n in cols)}, updated_at = ? WHERE child_id = ?",
                 (*values, _now_utc(), c.child_id))
    council = council_area_tx(tx)
    # Periods that no longer exist are removed before any start date changes, so the
    # (child, start date) uniqueness cannot trip over a row that is about to go.
    _sync_list(conn, "period_of_care", c.child_id, c.periods, ["start_date", "end_date", "legal_status"],
               lambda p: (_iso(p.start_date), _iso(p.end_date), p.legal_status))
    _sync_list(conn, "placement", c.child_id, c.placements,
               ["placement_type", "carer_name", "area", "postcode_district", "start_date", "end_date",
                "out_of_area"],
               lambda p: (p.placement_type, p.carer_name, p.area, p.postcode_district, _iso(p.start_date),
                          _iso(p.end_date), int(out_of_area(p, council))))
    _sync_list(conn, "key_person", c.child_id, c.key_people, ["role", "name", "contact"],
               lambda k: (k.role, k.name, k.contact))
    _link_reviews(conn, c.child_id)
    # Hand the new row ids back so the caller's object matches what is stored.
    for mine, stored in ((child.periods, c.periods), (child.placements, c.placements),
                         (child.key_people, c.key_people)):
        for a, b in zip(mine, stored):
            a.id = b.id
    tx.audit("child.update", "child", c.child_id)
    if was_allocated != c.allocated:
        tx.audit("child.allocated" if c.allocated else "child.not_allocated", "child", c.child_id)


def update_child(vault: Vault, child: Child, today: date | None = None) -> None:
    """Save changes to an existing child (validated first; nothing written on error)."""
    _require_valid([child], today)
    with vault.transaction() as tx:
        update_child_tx(tx, child, today=today, validate=False)


def set_allocated_tx(tx: Tx, child_id: str, allocated: bool, today: date | None = None) -> bool:
    """Mark the child allocated to this IRO or not; False if it already was so (nothing written)."""
    row = tx.db.conn.execute("SELECT allocated FROM child WHERE child_id = ?", (child_id,)).fetchone()
    if row is None:
        raise UnknownChild(child_id)
    if bool(row[0]) == allocated:
        return False
    since = None if allocated else _iso(today or date.today())
    tx.db.conn.execute("UPDATE child SET allocated = ?, not_allocated_since = ?, updated_at = ? "
                       "WHERE child_id = ?", (int(allocated), since, _now_utc(), child_id))
    tx.audit("child.allocated" if allocated else "child.not_allocated", "child", child_id)
    return True


def set_allocated(vault: Vault, child_id: str, allocated: bool, today: date | None = None) -> None:
    """A child leaves (or rejoins) this IRO's caseload. Records are never deleted."""
    with vault.transaction() as tx:
        set_allocated_tx(tx, child_id, allocated, today)


def add_review(vault: Vault, child_id: str, review: Review, today: date | None = None) -> Review:
    """Record a review held; returns it with its new id and period of care."""
    with vault.transaction() as tx:
        return add_review_tx(tx, child_id, review, today)


def add_review_tx(tx: Tx, child_id: str, review: Review, today: date | None = None) -> Review:
    """``add_review`` inside an open transaction (one ``review.create`` audit row)."""
    today = today or date.today()
    conn = tx.db.conn
    row = conn.execute("SELECT date_of_birth FROM child WHERE child_id = ?", (child_id,)).fetchone()
    if row is None:
        raise UnknownChild(child_id)
    problems = validate_review(review, _date(row[0]), today, "review")
    if problems:
        raise ValidationError(problems)
    periods = [PeriodOfCare(_date(s), None, _date(e), pid) for pid, s, e in conn.execute(
        "SELECT id, start_date, end_date FROM period_of_care WHERE child_id = ?", (child_id,))]
    period_id = review.period_id or _period_for(periods, review.review_date)
    cur = conn.execute(
        "INSERT INTO review (child_id, period_id, review_date, review_type, held_as_series, "
        "record_sent_date, decisions_circulated_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (child_id, period_id, _iso(review.review_date), review.review_type, int(review.held_as_series),
         _iso(review.record_sent_date), _iso(review.decisions_circulated_date), _now_utc()))
    tx.audit("review.create", "review", cur.lastrowid)
    review.id = cur.lastrowid
    review.period_id = period_id
    return review


def record_review_paperwork(vault: Vault, review_id: int, *, record_sent: date | None = None,
                            decisions_circulated: date | None = None, today: date | None = None) -> None:
    """Record when the record (letter) and the decisions went out; None leaves a date as it is."""
    with vault.transaction() as tx:
        record_review_paperwork_tx(tx, review_id, record_sent=record_sent,
                                   decisions_circulated=decisions_circulated, today=today)


def record_review_paperwork_tx(tx: Tx, review_id: int, *, record_sent: date | None = None,
                               decisions_circulated: date | None = None, today: date | None = None) -> None:
    """``record_review_paperwork`` inside an open transaction."""
    today = today or date.today()
    conn = tx.db.conn
    row = conn.execute("SELECT review_date FROM review WHERE id = ?", (review_id,)).fetchone()
    if row is None:
        raise IroError(f"There is no review with the id {review_id}. Nothing was changed.")
    held = _date(row[0])
    problems = []
    for name, value in (("record_sent_date", record_sent), ("decisions_circulated_date", decisions_circulated)):
        if value is not None and value < held:
            problems.append((name, f"{value:%d/%m/%Y} is before the review was held ({held:%d/%m/%Y})."))
        if value is not None and value > today:
            problems.append((name, f"{value:%d/%m/%Y} is in the future."))
    if problems:
        raise ValidationError(problems)
    conn.execute(
        "UPDATE review SET record_sent_date = COALESCE(?, record_sent_date), "
        "decisions_circulated_date = COALESCE(?, decisions_circulated_date) WHERE id = ?",
        (_iso(record_sent), _iso(decisions_circulated), review_id))
    tx.audit("review.paperwork", "review", review_id)
