"""Who is consulted and invited for a booked meeting, and what came back from them.

Each person (a ``consultee`` row) has a role (``model.ROLES``), a name and agency, whether they
are invited and consulted, when and how their form went out and came back. What came back is
typed in by question (``questions.questions_for(role)``: answers are stored as JSON keyed by the
question's key, and a key the form does not ask is refused), or noted ("told me by phone").

``default_people`` is the list a new booking starts with, from the child's record: the child,
their carers, parents, social worker, school, health, advocate and independent visitor when the
child has them. ``told_me`` is "What people told me" for the child's latest meeting, by person,
the child first, with the child's own words ready to quote into the letter.

Every change is one transaction with its audit row (``consultation.*``), by the row's id only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import Child
from iro_desktop.errors import ValidationError
from iro_desktop.preparation import meetings
from iro_desktop.preparation.model import RETURNED_HOW, ROLES, SENT_HOW, Consultee, Meeting
from iro_desktop.preparation.questions import YES_NO_ANSWERS, Question, questions_for

MAX_NAME = 200
MAX_ANSWER = 20000
ROLE_ORDER = {role: n for n, role in enumerate(ROLES)}  # the child first, as the letter-writer reads
_KEY = re.compile(r"^[a-z_]{1,40}$")
_COLUMNS = ("id, meeting_id, role, name, agency, invited, consulted, sent_on, sent_how, returned_on, "
            "returned_how, answers, note")
# Key people whose role is one of ours, and the role they are consulted as.
_KEY_PERSON_ROLES = {"parent": "parent", "advocate": "advocate", "independent_visitor": "independent_visitor",
                     "health": "health"}


@dataclass(frozen=True)
class Person:
    """Someone to consult, before they are saved: a default list's row."""

    role: str
    name: str = ""
    agency: str = ""


@dataclass(frozen=True)
class Said:
    """One answer, under its question."""

    question: Question
    answer: str


@dataclass(frozen=True)
class PersonSaid:
    """What one person told the IRO: their answers in the form's order, and any note."""

    consultee: Consultee
    role_words: str  # "Carer", "Social worker"
    said: tuple[Said, ...] = ()

    @property
    def note(self) -> str:
        return self.consultee.note


@dataclass(frozen=True)
class ToldMe:
    """"What people told me" for one meeting: everyone who came back, the child first, and who
    has not (yet)."""

    meeting: Meeting | None
    people: tuple[PersonSaid, ...] = ()
    waiting: tuple[Consultee, ...] = ()  # consulted, not returned
    child_words: tuple[Said, ...] = field(default=())  # the child's own words, ready to quote

    def quotes(self) -> list[str]:
        """The child's words as a letter quotes them: “…”."""
        return [quote(s.answer) for s in self.child_words]


def quote(text: str) -> str:
    return "\u201c" + " ".join(text.split()) + "\u201d"


# ---- reading -------------------------------------------------------------------------------

def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _row(r) -> Consultee:
    return Consultee(id=r[0], meeting_id=r[1], role=r[2], name=r[3], agency=r[4], invited=bool(r[5]),
                     consulted=bool(r[6]), sent_on=_d(r[7]), sent_how=r[8], returned_on=_d(r[9]),
                     returned_how=r[10], answers=json.loads(r[11] or "{}"), note=r[12])


def _order(c: Consultee) -> tuple:
    return (ROLE_ORDER.get(c.role, len(ROLE_ORDER)), c.id)


def consultees_conn(conn, meeting_id: int) -> list[Consultee]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM consultee WHERE meeting_id = ?", (meeting_id,)).fetchall()
    return sorted((_row(r) for r in rows), key=_order)


def consultees(vault, meeting_id: int) -> list[Consultee]:
    """Everyone consulted or invited for a meeting, in the letter-writer's order (the child first,
    then ``model.ROLES``' order, then as added)."""
    with vault.read() as db:
        meetings.meeting_conn(db.conn, meeting_id)
        return consultees_conn(db.conn, meeting_id)


def consultee_conn(conn, consultee_id: int) -> Consultee:
    r = conn.execute(f"SELECT {_COLUMNS} FROM consultee WHERE id = ?", (consultee_id,)).fetchone()
    if r is None:
        raise ValidationError([("consultee", f"There is no one consulted with the id {int(consultee_id)}.")])
    return _row(r)


def get_consultee(vault, consultee_id: int) -> Consultee:
    with vault.read() as db:
        return consultee_conn(db.conn, consultee_id)


# ---- the default list ----------------------------------------------------------------------

def default_people(child: Child) -> list[Person]:
    """Who a new booking consults, from the child's record: the child, the current carers, the
    parents among the key people, the social worker, the school, health, the advocate and the
    independent visitor when the child has them. In the letter-writer's order."""
    people = [Person("child", child.known_as)]
    placement = child.current_placement
    if placement is not None and placement.end_date is None and placement.carer_name:
        people.append(Person("carer", placement.carer_name))
    if child.social_worker_name:
        people.append(Person("social_worker", child.social_worker_name, child.social_worker_team or ""))
    teacher = next((k for k in child.key_people if k.role == "designated_teacher"), None)
    if child.school or teacher:
        people.append(Person("school", teacher.name if teacher else "", child.school or ""))
    for k in child.key_people:
        role = _KEY_PERSON_ROLES.get(k.role)
        if role:
            people.append(Person(role, k.name))
    return sorted(people, key=lambda p: ROLE_ORDER[p.role])


# ---- changing ------------------------------------------------------------------------------

def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean(value: str | None, field_name: str, problems: list) -> str:
    text = " ".join((value or "").split())
    if len(text) > MAX_NAME:
        problems.append((field_name, f"Keep it under {MAX_NAME} characters."))
    return text


def _open_meeting(conn, meeting_id: int) -> Meeting:
    meeting = meetings.meeting_conn(conn, meeting_id)
    if meeting.state == "cancelled":
        raise ValidationError([("meeting", "This meeting was cancelled: no one is consulted for it.")])
    return meeting


def add_tx(tx, meeting_id: int, role: str, name: str = "", agency: str = "", *, invited: bool = True,
           consulted: bool = True) -> Consultee:
    conn = tx.db.conn
    _open_meeting(conn, meeting_id)
    problems: list[tuple[str, str]] = []
    if role not in ROLES:
        problems.append(("role", "Choose who they are: " + ", ".join(ROLES) + "."))
    name, agency = _clean(name, "name", problems), _clean(agency, "agency", problems)
    if problems:
        raise ValidationError(problems)
    now = _now()
    cur = conn.execute("INSERT INTO consultee (meeting_id, role, name, agency, invited, consulted, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (meeting_id, role, name, agency, int(invited), int(consulted), now, now))
    tx.audit("consultation.add", "consultee", cur.lastrowid)
    return consultee_conn(conn, cur.lastrowid)


def add(vault, meeting_id: int, role: str, name: str = "", agency: str = "", *, invited: bool = True,
        consulted: bool = True) -> Consultee:
    """Add someone to a meeting's list (``role`` a ``model.ROLES`` key)."""
    with vault.transaction() as tx:
        return add_tx(tx, meeting_id, role, name, agency, invited=invited, consulted=consulted)


def add_defaults_tx(tx, meeting_id: int, child: Child) -> list[Consultee]:
    """The default list (``default_people``) for a meeting that has no one on it yet."""
    conn = tx.db.conn
    if conn.execute("SELECT 1 FROM consultee WHERE meeting_id = ?", (meeting_id,)).fetchone():
        return consultees_conn(conn, meeting_id)
    for p in default_people(child):
        add_tx(tx, meeting_id, p.role, p.name, p.agency)
    return consultees_conn(conn, meeting_id)


def add_defaults(vault, meeting_id: int) -> list[Consultee]:
    """Give a meeting its default list from the child's record (one transaction); a meeting that
    already has people on its list keeps it as it is. Returns the list."""
    meeting = meetings.get_meeting(vault, meeting_id)
    child = repository.get_child(vault, meeting.child_id)
    with vault.transaction() as tx:
        return add_defaults_tx(tx, meeting_id, child)


def book_with_list(vault, child_id: str, meeting_date: date, start_time: time | None = None,
                   end_time: time | None = None,
                   how: str = "in_person", venue_child: str = "", venue_professional: str = "", *,
                   series_first_id: int | None = None, return_by: date | None = None,
                   today: date | None = None) -> meetings.Booking:
    """Book a meeting (``meetings.book``) and start its consultation list from the child's record
    (``default_people``), in one transaction: what a new booking does. A later meeting of a
    series gets no list of its own (its people are the first meeting's)."""
    try:
        child = repository.get_child(vault, child_id)
    except repository.UnknownChild:
        child = None  # book_tx says so, with the other problems
    with vault.transaction() as tx:
        booking = meetings.book_tx(tx, child_id, meeting_date, start_time, end_time, how, venue_child,
                                   venue_professional, series_first_id=series_first_id, return_by=return_by,
                                   today=today)
        if child is not None and series_first_id is None:
            add_defaults_tx(tx, booking.meeting.id, child)
    return booking


def remove(vault, consultee_id: int) -> None:
    """Take someone off a meeting's list (what they said goes with them)."""
    with vault.transaction() as tx:
        consultee_conn(tx.db.conn, consultee_id)
        tx.db.conn.execute("DELETE FROM consultee WHERE id = ?", (consultee_id,))
        tx.audit("consultation.remove", "consultee", consultee_id)


def _check_day(on: date | None, today: date, field_name: str, problems: list) -> None:
    if on is None:
        problems.append((field_name, "Give the day."))
    elif on > today:
        problems.append((field_name, f"{on:%d/%m/%Y} is in the future: record it on the day or after."))


def record_sent_tx(tx, consultee_id: int, on: date, how: str, *, today: date | None = None) -> Consultee:
    today = today or date.today()
    conn = tx.db.conn
    c = consultee_conn(conn, consultee_id)
    problems: list[tuple[str, str]] = []
    _check_day(on, today, "sent_on", problems)
    if how not in SENT_HOW:
        problems.append(("sent_how", "Say how it was sent: " + ", ".join(SENT_HOW) + "."))
    if c.returned_on is not None and on is not None and on > c.returned_on:
        problems.append(("sent_on", "It came back before that day."))
    if problems:
        raise ValidationError(problems)
    conn.execute("UPDATE consultee SET sent_on = ?, sent_how = ?, updated_at = ? WHERE id = ?",
                 (on.isoformat(), how, _now(), consultee_id))
    tx.audit("consultation.sent", "consultee", consultee_id)
    return consultee_conn(conn, consultee_id)


def record_sent(vault, consultee_id: int, on: date, how: str, *, today: date | None = None) -> Consultee:
    """The form (or invitation) went out on ``on``, ``how`` a ``model.SENT_HOW`` key."""
    with vault.transaction() as tx:
        return record_sent_tx(tx, consultee_id, on, how, today=today)


def check_answers(role: str, answers: dict[str, str]) -> dict[str, str]:
    """The answers as stored: each key a question the form for ``role`` asks, each yes/no answer
    one of ``questions.YES_NO_ANSWERS``, empty answers left out. A ValidationError otherwise,
    naming the question, never the answer."""
    asked = {q.key: q for q in questions_for(role)}
    problems: list[tuple[str, str]] = []
    out: dict[str, str] = {}
    for key, value in (answers or {}).items():
        q = asked.get(key)
        if q is None:
            which = f"'{key}'" if isinstance(key, str) and _KEY.match(key) else "one of them"
            problems.append(("answers", f"The {ROLES.get(role, 'form').lower()} form asks no question {which}; "
                                        "the questions it asks are: " + ", ".join(asked) + "."))
            continue
        text = (value if isinstance(value, str) else "").strip()
        if not isinstance(value, str):
            problems.append((f"answers.{key}", "An answer is text."))
        elif q.yes_no and text and text not in YES_NO_ANSWERS:
            problems.append((f"answers.{key}", "Answer " + ", ".join(YES_NO_ANSWERS) + "."))
        elif len(text) > MAX_ANSWER:
            problems.append((f"answers.{key}", f"Keep each answer under {MAX_ANSWER} characters."))
        elif text:
            out[key] = text
    if problems:
        raise ValidationError(problems)
    return out


def record_returned_tx(tx, consultee_id: int, on: date, how: str, answers: dict[str, str] | None = None,
                       note: str | None = None, *, today: date | None = None) -> Consultee:
    today = today or date.today()
    conn = tx.db.conn
    c = consultee_conn(conn, consultee_id)
    problems: list[tuple[str, str]] = []
    _check_day(on, today, "returned_on", problems)
    if how not in RETURNED_HOW:
        problems.append(("returned_how", "Say how it came back: " + ", ".join(RETURNED_HOW) + "."))
    if c.sent_on is not None and on is not None and on < c.sent_on:
        problems.append(("returned_on", f"It was sent on {c.sent_on:%d/%m/%Y}, after that day."))
    note_text = c.note if note is None else note.strip()
    if len(note_text) > MAX_ANSWER:
        problems.append(("note", f"Keep the note under {MAX_ANSWER} characters."))
    try:
        stored = check_answers(c.role, c.answers if answers is None else answers)
    except ValidationError as exc:
        problems.extend(exc.problems)
        stored = {}
    if problems:
        raise ValidationError(problems)
    conn.execute("UPDATE consultee SET returned_on = ?, returned_how = ?, answers = ?, note = ?, updated_at = ? "
                 "WHERE id = ?", (on.isoformat(), how, json.dumps(stored, ensure_ascii=False), note_text, _now(),
                                  consultee_id))
    tx.audit("consultation.returned", "consultee", consultee_id)
    return consultee_conn(conn, consultee_id)


def record_returned(vault, consultee_id: int, on: date, how: str, answers: dict[str, str] | None = None,
                    note: str | None = None, *, today: date | None = None) -> Consultee:
    """What came back on ``on`` (``how`` a ``model.RETURNED_HOW`` key: "phone" for "told me by
    phone"), typed in by question (``answers``, keyed by ``questions`` keys: replaces what was
    typed before; None keeps it) and/or as a ``note``. One transaction."""
    with vault.transaction() as tx:
        return record_returned_tx(tx, consultee_id, on, how, answers, note, today=today)


# ---- what people told me -------------------------------------------------------------------

def said(c: Consultee) -> tuple[Said, ...]:
    """A person's answers under their questions, in the form's order."""
    return tuple(Said(q, c.answers[q.key]) for q in questions_for(c.role) if c.answers.get(q.key))


def told_me_for_meeting_conn(conn, meeting: Meeting | None) -> ToldMe:
    if meeting is None:
        return ToldMe(None)
    people = consultees_conn(conn, meeting.id)
    back = tuple(PersonSaid(c, ROLES.get(c.role, c.role), said(c)) for c in people if c.returned)
    waiting = tuple(c for c in people if c.consulted and not c.returned)
    child = [s for p in back if p.consultee.role == "child" for s in p.said if not s.question.yes_no]
    return ToldMe(meeting, back, waiting, tuple(child))


def told_me(vault, child_id: str) -> ToldMe:
    """"What people told me" for the child's latest meeting (not cancelled): each person who came
    back, the child first, with their answers under the questions; who has not come back yet;
    and the child's own words (their written answers) ready to quote."""
    with vault.read() as db:
        return told_me_for_meeting_conn(db.conn, meetings.latest_meeting_conn(db.conn, child_id))
