"""Booked review meetings: booking one, moving it, cancelling it, and finding them again.

A booked meeting is not a deadline: the deadline is the review's statutory limit, which the
timescales give (``caseload.due.next_review_on``, and so ``timescales.next_review``). When a
meeting is booked or moved, that limit is asked for and kept with it (``limit_on``), so a meeting
booked for after the limit is said to be late there and then (``Booking.warning``), not after.

A moved meeting keeps every move with its reason (``review_meeting_move``): councils count
rearranged reviews, and the review record started from the meeting says it was rearranged. A
cancelled meeting stays, cancelled, with its reason. A later meeting of a review held as a
series names the first (``series_first_id``); the review counts from the first meeting, so only
the first is held to the limit.

Every change is one transaction with its audit row (``meeting.book``, ``meeting.move``,
``meeting.cancel``), by the meeting's id only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from iro_desktop.caseload import due
from iro_desktop.errors import ValidationError
from iro_desktop.preparation.model import BOOKED, CANCELLED, HOW, Meeting, MeetingMove
from iro_desktop.workdays import england

MAX_VENUE = 500
MAX_REASON = 2000
_COLUMNS = ("id, child_id, series_first_id, meeting_date, start_time, end_time, how, venue_child, "
            "venue_professional, state, cancelled_reason, limit_on, return_by, review_id, record_id")


@dataclass(frozen=True)
class Booking:
    """A meeting just booked or moved, and what the screen should say about it at once.

    ``warning`` is "" when the meeting is within the review's limit (or no limit applies)."""

    meeting: Meeting
    warning: str = ""

    @property
    def beyond_limit(self) -> bool:
        return self.meeting.beyond_limit


# ---- words ---------------------------------------------------------------------------------

def day_words(d: date) -> str:
    """"Thu 4 Mar 2027": how a meeting's day and a limit are said on screen."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def limit_warning(meeting_date: date, limit_on: date | None) -> str:
    """The words for a meeting booked after the review's limit; "" when it is not."""
    if limit_on is None or meeting_date <= limit_on:
        return ""
    late = england().working_days_between(limit_on, meeting_date)
    return (f"This is after the review's limit of {day_words(limit_on)}: the review would be held "
            f"{late} working day{'s' if late != 1 else ''} late and counted as out of timescale. "
            "Choose a day on or before the limit if you can; if not, record why in the review.")


def time_words(t: time | None) -> str:
    return f"{t:%H:%M}" if t else ""


# ---- reading -------------------------------------------------------------------------------

def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _t(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _moves(conn, ids: list[int]) -> dict[int, list[MeetingMove]]:
    out: dict[int, list[MeetingMove]] = {}
    if not ids:
        return out
    for mid, fd, ft, td, tt, reason, on in conn.execute(
            "SELECT meeting_id, from_date, from_time, to_date, to_time, reason, moved_on FROM review_meeting_move "
            f"WHERE meeting_id IN ({','.join('?' * len(ids))}) ORDER BY id", ids):
        out.setdefault(mid, []).append(MeetingMove(_d(fd), _t(ft), _d(td), _t(tt), reason, _d(on)))
    return out


def _meetings(conn, where: str, params: tuple) -> list[Meeting]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM review_meeting WHERE {where} "
                        "ORDER BY meeting_date, start_time, id", params).fetchall()
    moves = _moves(conn, [r[0] for r in rows])
    return [Meeting(id=r[0], child_id=r[1], series_first_id=r[2], meeting_date=_d(r[3]), start_time=_t(r[4]),
                    end_time=_t(r[5]), how=r[6], venue_child=r[7], venue_professional=r[8], state=r[9],
                    cancelled_reason=r[10], limit_on=_d(r[11]), return_by=_d(r[12]), review_id=r[13],
                    record_id=r[14], moves=tuple(moves.get(r[0], ()))) for r in rows]


def meeting_conn(conn, meeting_id: int) -> Meeting:
    found = _meetings(conn, "id = ?", (meeting_id,))
    if not found:
        raise ValidationError([("meeting", f"There is no booked meeting with the id {int(meeting_id)}.")])
    return found[0]


def get_meeting(vault, meeting_id: int) -> Meeting:
    """One meeting with its moves; a ValidationError when there is none with that id."""
    with vault.read() as db:
        return meeting_conn(db.conn, meeting_id)


def meetings_for_child(vault, child_id: str, *, include_cancelled: bool = True) -> list[Meeting]:
    """A child's meetings, earliest first, with their moves."""
    with vault.read() as db:
        return child_meetings_conn(db.conn, child_id, include_cancelled=include_cancelled)


def child_meetings_conn(conn, child_id: str, *, include_cancelled: bool = True) -> list[Meeting]:
    where = "child_id = ?" + ("" if include_cancelled else " AND state != 'cancelled'")
    return _meetings(conn, where, (child_id,))


def meetings_between_conn(conn, start: date, end: date, *, include_cancelled: bool = False) -> list[Meeting]:
    where = "meeting_date BETWEEN ? AND ?" + ("" if include_cancelled else " AND state != 'cancelled'")
    return _meetings(conn, where, (start.isoformat(), end.isoformat()))


def meetings_between(vault, start: date, end: date, *, include_cancelled: bool = False) -> list[Meeting]:
    """Every child's meetings from ``start`` to ``end`` (both days included), earliest first;
    cancelled ones only when asked for."""
    with vault.read() as db:
        return meetings_between_conn(db.conn, start, end, include_cancelled=include_cancelled)


def latest_meeting_conn(conn, child_id: str) -> Meeting | None:
    """The child's latest meeting not cancelled: the one being prepared for, or last held."""
    found = child_meetings_conn(conn, child_id, include_cancelled=False)
    return found[-1] if found else None


def latest_meeting(vault, child_id: str) -> Meeting | None:
    with vault.read() as db:
        return latest_meeting_conn(db.conn, child_id)


# ---- checking ------------------------------------------------------------------------------

def _check_times(meeting_date: date | None, start_time: time | None, end_time: time | None, today: date,
                 problems: list[tuple[str, str]]) -> None:
    if meeting_date is None:
        problems.append(("date", "Give the day of the meeting."))
    elif meeting_date < today:
        problems.append(("date", f"The meeting is on {meeting_date:%d/%m/%Y}, which is in the past: a meeting "
                                 "is booked for today or later (a review already held is recorded as held)."))
    if end_time is not None and start_time is None:
        problems.append(("start_time", "Give the start time as well as the end time."))
    if start_time is not None and end_time is not None and end_time <= start_time:
        problems.append(("end_time", f"The meeting ends ({end_time:%H:%M}) before it starts ({start_time:%H:%M})."))


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _limit_tx(conn, child_id: str) -> date | None:
    # The one next-review rule, with the council's local standards: the date My week shows.
    return due.next_review_on(conn, child_id).due


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_time(t: time | None) -> str | None:
    return t.strftime("%H:%M") if t else None


# ---- booking -------------------------------------------------------------------------------

def book_tx(tx, child_id: str, meeting_date: date, start_time: time | None, end_time: time | None, how: str,
            venue_child: str = "", venue_professional: str = "", *, series_first_id: int | None = None,
            return_by: date | None = None, today: date | None = None) -> Booking:
    today = today or date.today()
    conn = tx.db.conn
    problems: list[tuple[str, str]] = []
    if not conn.execute("SELECT 1 FROM child WHERE child_id = ?", (child_id,)).fetchone():
        problems.append(("child", "There is no child with this id in the vault. Check the id."))
    _check_times(meeting_date, start_time, end_time, today, problems)
    if how not in HOW:
        problems.append(("how", "Say how the meeting is held: " + ", ".join(HOW) + "."))
    venue_child, venue_professional = _text(venue_child), _text(venue_professional)
    for field, value in (("venue_child", venue_child), ("venue", venue_professional)):
        if len(value) > MAX_VENUE:
            problems.append((field, f"Keep the venue under {MAX_VENUE} characters."))
    if return_by is not None and meeting_date is not None and return_by > meeting_date:
        problems.append(("return_by", "Forms are wanted back by the meeting at the latest."))
    first = None
    if series_first_id is not None:
        rows = _meetings(conn, "id = ?", (series_first_id,))
        first = rows[0] if rows else None
        if first is None or first.child_id != child_id:
            problems.append(("series_first_id", "The first meeting of the series is not one of this child's."))
        elif first.series_first_id is not None:
            problems.append(("series_first_id", "Name the series' first meeting, not a later one."))
        elif first.state == CANCELLED:
            problems.append(("series_first_id", "The first meeting of the series was cancelled."))
        elif meeting_date is not None and meeting_date < first.meeting_date:
            problems.append(("date", "A later meeting of a series comes after its first meeting."))
    if problems:
        raise ValidationError(problems)
    # Only the first meeting is held to the limit: the review counts from it.
    limit = None if first is not None else _limit_tx(conn, child_id)
    now = _now()
    cur = conn.execute(
        "INSERT INTO review_meeting (child_id, series_first_id, meeting_date, start_time, end_time, how, venue_child, "
        "venue_professional, state, limit_on, return_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (child_id, series_first_id, meeting_date.isoformat(), _iso_time(start_time), _iso_time(end_time), how,
         venue_child, venue_professional, BOOKED, limit.isoformat() if limit else None,
         return_by.isoformat() if return_by else None, now, now))
    tx.audit("meeting.book", "review_meeting", cur.lastrowid)
    meeting = meeting_conn(conn, cur.lastrowid)
    return Booking(meeting, limit_warning(meeting.meeting_date, meeting.limit_on))


def book(vault, child_id: str, meeting_date: date, start_time: time | None = None, end_time: time | None = None,
         how: str = "in_person", venue_child: str = "", venue_professional: str = "", *,
         series_first_id: int | None = None, return_by: date | None = None, today: date | None = None) -> Booking:
    """Book a review meeting for ``child_id`` (one transaction, audited ``meeting.book``).

    ``how`` is a ``model.HOW`` key; ``venue_child`` is where, in the child's words ("at home with
    Joan and Pete"), ``venue_professional`` the wording for professionals. ``series_first_id``
    makes this a later meeting of a review held as a series. Returns the ``Booking``: the meeting
    with the limit it was checked against, and the warning to show when it is after that limit.
    A ValidationError says every problem at once (an unknown child, a day in the past, an end
    before the start); nothing is saved then."""
    with vault.transaction() as tx:
        return book_tx(tx, child_id, meeting_date, start_time, end_time, how, venue_child, venue_professional,
                       series_first_id=series_first_id, return_by=return_by, today=today)


def _changeable(meeting: Meeting, doing: str) -> None:
    if meeting.state == CANCELLED:
        raise ValidationError([("meeting", f"This meeting was cancelled, so it cannot be {doing}. "
                                           "Book a new meeting instead.")])
    if meeting.state != BOOKED or meeting.record_id is not None:
        raise ValidationError([("meeting", f"This meeting has been held (its review record is started), so it "
                                           f"cannot be {doing}.")])


def move_tx(tx, meeting_id: int, meeting_date: date, start_time: time | None = None,
            end_time: time | None = None, *, reason: str, today: date | None = None) -> Booking:
    today = today or date.today()
    conn = tx.db.conn
    meeting = meeting_conn(conn, meeting_id)
    _changeable(meeting, "moved")
    problems: list[tuple[str, str]] = []
    reason = (reason or "").strip()
    if not reason:
        problems.append(("reason", "Say why the meeting is moved: councils count rearranged reviews and why."))
    elif len(reason) > MAX_REASON:
        problems.append(("reason", f"Keep the reason under {MAX_REASON} characters."))
    _check_times(meeting_date, start_time, end_time, today, problems)
    if meeting_date is not None and meeting_date == meeting.meeting_date and start_time == meeting.start_time:
        problems.append(("date", "The meeting is already booked for that day and time."))
    if problems:
        raise ValidationError(problems)
    limit = None if meeting.series_first_id is not None else _limit_tx(conn, meeting.child_id)
    conn.execute("INSERT INTO review_meeting_move (meeting_id, from_date, from_time, to_date, to_time, reason, "
                 "moved_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (meeting_id, meeting.meeting_date.isoformat(), _iso_time(meeting.start_time),
                  meeting_date.isoformat(), _iso_time(start_time), reason, today.isoformat()))
    conn.execute("UPDATE review_meeting SET meeting_date = ?, start_time = ?, end_time = ?, limit_on = ?, "
                 "updated_at = ? WHERE id = ?",
                 (meeting_date.isoformat(), _iso_time(start_time), _iso_time(end_time),
                  limit.isoformat() if limit else None, _now(), meeting_id))
    tx.audit("meeting.move", "review_meeting", meeting_id)
    moved = meeting_conn(conn, meeting_id)
    return Booking(moved, limit_warning(moved.meeting_date, moved.limit_on))


def move(vault, meeting_id: int, meeting_date: date, start_time: time | None = None, end_time: time | None = None,
         *, reason: str, today: date | None = None) -> Booking:
    """Move a booked meeting to another day (and time), keeping the move and its reason (one
    transaction, audited ``meeting.move``). The limit is asked for again; the ``Booking`` says if
    the new day is after it. A cancelled or held meeting cannot be moved; a reason is required."""
    with vault.transaction() as tx:
        return move_tx(tx, meeting_id, meeting_date, start_time, end_time, reason=reason, today=today)


def cancel(vault, meeting_id: int, reason: str) -> Meeting:
    """Cancel a booked meeting with its reason (one transaction, audited ``meeting.cancel``). It
    stays in the vault, cancelled; a later meeting of its series is cancelled with it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError([("reason", "Say why the meeting is cancelled.")])
    if len(reason) > MAX_REASON:
        raise ValidationError([("reason", f"Keep the reason under {MAX_REASON} characters.")])
    with vault.transaction() as tx:
        conn = tx.db.conn
        meeting = meeting_conn(conn, meeting_id)
        _changeable(meeting, "cancelled")
        later = [m.id for m in _meetings(conn, "series_first_id = ? AND state = 'booked'", (meeting_id,))]
        for mid in [meeting_id, *later]:
            conn.execute("UPDATE review_meeting SET state = ?, cancelled_reason = ?, updated_at = ? WHERE id = ?",
                         (CANCELLED, reason, _now(), mid))
            tx.audit("meeting.cancel", "review_meeting", mid)
        return meeting_conn(conn, meeting_id)


def series_of_conn(conn, meeting: Meeting) -> list[Meeting]:
    """The meetings of ``meeting``'s series, first meeting first (just itself when not a series)."""
    first_id = meeting.series_first_id or meeting.id
    return _meetings(conn, "(id = ? OR series_first_id = ?) AND state != 'cancelled'", (first_id, first_id))


def booked_from_conn(conn, today: date) -> list[Meeting]:
    """Every meeting still booked for ``today`` or later: what My week and the calendar show."""
    return _meetings(conn, "state = 'booked' AND meeting_date >= ?", (today.isoformat(),))
