"""What a piece of work changed, in terms of what the screens show, so each screen reloads only
when its data changed.

Every change to the vault writes audit rows in its own transaction, so the rows a job committed
say exactly what it changed (``vault.committed``). ``run`` does the job and turns its rows into
``Changes``: the caseload list, what is due, the written records, and which children. The app's
vault thread runs every job through it; each controller looks at the answer and refreshes its
screens, or not. Saving a letter, say, changes the records and no list or date, so My week and
the caseload are left as they are.

An audit action this module does not know counts as changing everything: a new kind of change
can make the app refresh more than it needs to, never less (and a test lists every action the
core writes, so a new one is noticed here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, TypeVar

from iro_desktop.caseload.due import SETTING_PREFIX as TIMESCALE_SETTINGS
from iro_desktop.caseload.repository import COUNCIL_AREA
from iro_desktop.errors import VaultLocked
from iro_desktop.places.settings import BASE_DISTRICT, COUNCIL_AUTHORITY
from iro_desktop.vault.committed import Audited, watch

T = TypeVar("T")

CASELOAD = "caseload"  # the caseload list's rows: names, placements, legal status, last review
DUE = "due"  # what is due: My week, the calendar, the trips and each child's due line
RECORDS = "records"  # written records: letters, midway reviews, escalations
CHILD = "child"  # a child's own record: the details beside the list, their visits
OUTBOX = "outbox"  # what waits to be sent to the council, and the sync settings
EVERYTHING = frozenset({CASELOAD, DUE, RECORDS, CHILD, OUTBOX})
NOTHING: frozenset[str] = frozenset()

# What each audit action changes on screen, by the action's first word(s). Kept together so
# that one place says which screens a change reaches.
_SHOWN_BY_ACTION: dict[str, frozenset[str]] = {
    "child": frozenset({CASELOAD, DUE, CHILD}),
    "review.create": frozenset({CASELOAD, DUE, CHILD}),  # the list's "Last review" moves too
    "review.paperwork": frozenset({DUE, CHILD}),
    # Imported review history: new reviews (the list's "Last review"), their dates and midway visits.
    "review.import_history": frozenset({CASELOAD, DUE, CHILD}),
    "visit": frozenset({DUE, CHILD}),
    "review_record.create": frozenset({RECORDS}),
    "review_record.save": frozenset({RECORDS}),
    "midway_record.create": frozenset({RECORDS}),
    "midway_record.save": frozenset({RECORDS}),
    # A finalised midway review marks the midway done, and an amendment reopens a record.
    "review_record.finalise": frozenset({RECORDS, DUE}),
    "review_record.amend": frozenset({RECORDS, DUE}),
    "midway_record.finalise": frozenset({RECORDS, DUE}),
    "midway_record.amend": frozenset({RECORDS, DUE}),
    "escalation": frozenset({RECORDS}),
    # The tracker's escalations: their deadlines are on My week and the calendar.
    "escalation.raise": frozenset({RECORDS, DUE}),
    "escalation.move_up": frozenset({RECORDS, DUE}),
    "escalation.skip": frozenset({RECORDS, DUE}),
    "escalation.refer": frozenset({RECORDS, DUE}),
    "escalation.resolve": frozenset({RECORDS, DUE}),
    "good_practice.record": frozenset({RECORDS}),
    "trip": frozenset({DUE}),
    # Booked review meetings sit on My week and the calendar, and the caseload's next review.
    "meeting": frozenset({CASELOAD, DUE, CHILD}),
    # Who is consulted and what they said: beside the letter while the record is written.
    "consultation": frozenset({RECORDS}),
    "outbox": frozenset({OUTBOX}),
    "sync": frozenset({OUTBOX}),
    "import": EVERYTHING,
    "vault.restore": EVERYTHING,
    # Shown on no screen that reloads: autosaved drafts, what was printed, the print look and
    # pictures, the phrase bank and wording, the keys.
    "draft": NOTHING, "spelling": NOTHING, "output": NOTHING, "print_style": NOTHING, "image": NOTHING,
    "wording": NOTHING, "phrase": NOTHING, "template": NOTHING, "key": NOTHING,
    "vault.create": NOTHING, "vault.migrated": NOTHING,
    # Written at unlock, before any screen is read; the warning itself is shown by the window.
    "vault.rollback_detected": NOTHING, "vault.audit_broken_detected": NOTHING,
}

# Records named in audit rows whose table says which child they belong to.
# Each with the query that finds the children of some of its rows (``{ids}``: their ids).
_CHILD_TABLES = {table: f"SELECT DISTINCT child_id FROM {table} WHERE id IN ({{ids}})"
                 for table in ("review", "visit", "record", "escalation_intent", "escalation", "good_practice",
                               "review_meeting")}
# Who is consulted for a meeting belongs to the meeting's child.
_CHILD_TABLES["consultee"] = ("SELECT DISTINCT m.child_id FROM consultee c JOIN review_meeting m ON m.id = c.meeting_id "
                              "WHERE c.id IN ({ids})")


@dataclass(frozen=True)
class Changes:
    """What screens a job changed. ``children`` are the children concerned; ``everyone`` says
    any child may have changed (an import, a restore)."""

    shown: frozenset[str] = NOTHING
    children: frozenset[str] = frozenset()
    everyone: bool = False

    def __bool__(self) -> bool:
        return bool(self.shown)

    def changed(self, what: str) -> bool:
        return what in self.shown

    def concerns(self, child_id: str | None) -> bool:
        """True if ``child_id``'s own data may have changed."""
        return child_id is not None and bool(self.shown) and (self.everyone or child_id in self.children)


def shown_by(row: Audited) -> frozenset[str]:
    """The screens an audit row's change reaches (everything for an action not known here)."""
    if row.action == "setting.update":
        if row.record_id.startswith(TIMESCALE_SETTINGS):
            return frozenset({DUE})
        if row.record_id == COUNCIL_AREA:
            return EVERYTHING  # who is placed out of area, for every child
        if row.record_id in (COUNCIL_AUTHORITY, BASE_DISTRICT):
            return EVERYTHING  # each child's out of area and miles from the base
        return NOTHING  # the IRO's name, the print settings, the word limit: read when used
    words = row.action.split(".")
    for n in range(len(words), 0, -1):
        shown = _SHOWN_BY_ACTION.get(".".join(words[:n]))
        if shown is not None:
            return shown
    return EVERYTHING


def changes_of(rows: Iterable[Audited]) -> Changes:
    """Turn committed audit rows into ``Changes``, reading which child each record belongs to
    from the vault it was committed on."""
    shown: set[str] = set()
    children: set[str] = set()
    everyone = False
    asks: dict[tuple[int, str], tuple[Any, set[str]]] = {}  # (vault, table) -> ids
    for row in rows:
        reaches = shown_by(row)
        if not reaches:
            continue
        shown |= reaches
        if reaches == EVERYTHING:
            everyone = True
        elif row.record_type == "child":
            children.add(row.record_id)
        elif row.record_type in _CHILD_TABLES:
            asks.setdefault((id(row.source), row.record_type), (row.source, set()))[1].add(row.record_id)
    if everyone:
        return Changes(frozenset(shown), everyone=True)
    for (_source, table), (vault, ids) in asks.items():
        try:
            with vault.read() as db:
                # A good-practice note need not be about a child: its child_id is NULL.
                children.update(cid for (cid,) in db.conn.execute(
                    _CHILD_TABLES[table].format(ids=",".join("?" * len(ids))), tuple(ids)) if cid)
        except VaultLocked:
            return Changes(frozenset(shown), everyone=True)  # locked meanwhile: nothing will be shown
    # A change to children's rows that named none of them (nothing yet does) reaches them all.
    everyone = not children and bool(shown & {CASELOAD, CHILD})
    return Changes(frozenset(shown), frozenset(children), everyone)


def run(job: Callable[[], T]) -> tuple[T, Changes]:
    """Do ``job`` and say what it changed, on the thread that does the work. A job that changes
    nothing (a read) costs nothing more."""
    with watch() as rows:
        result = job()
    return result, (changes_of(rows) if rows else Changes())
