"""The ``meetings`` and ``consultation`` commands of ``iro-desktop``.

``meetings book`` books a review meeting (and gives it the default consultation list),
``meetings move`` and ``meetings cancel`` change one with its reason, ``meetings list`` lists
them, ``meetings export-ics`` saves the booked ones as a calendar (initials and ids only).
``consultation list`` shows who is consulted for a meeting; ``consultation sent`` and
``consultation returned`` record a form going out and coming back (answers from a JSON file keyed
by the questions' keys, or a note).

``iro_desktop.cli`` adds these to its parser and hands in its own unlock, so this module never
imports the command line. Exit codes: 0 done; 1 an error said in one sentence (nothing saved);
2 a date, time or file given wrongly. Messages never quote what a child's record holds.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, time
from pathlib import Path
from typing import Callable

from iro_desktop.preparation.model import HOW, RETURNED_HOW, SENT_HOW

EXIT_USAGE = 2
EARLIEST, LATEST = date(1970, 1, 1), date(2199, 12, 31)
MAX_ANSWERS_BYTES = 1 * 2**20


def add_parsers(sub, parents: list[argparse.ArgumentParser], *, unlock: Callable,
                read_secret: Callable) -> None:
    def bind(func: Callable) -> Callable:
        return lambda args: func(args, unlock)

    p = sub.add_parser("meetings", help="booked review meetings: book, move, cancel, list, export to a calendar")
    msub = p.add_subparsers(dest="meetings_command", metavar="ACTION", required=True)
    c = msub.add_parser("book", parents=parents, help="book a review meeting for a child")
    c.add_argument("--child", required=True, metavar="CHILD_ID", help="the council's id of the child")
    c.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    c.add_argument("--time", metavar="HH:MM", help="when it starts")
    c.add_argument("--end", metavar="HH:MM", help="when it ends")
    c.add_argument("--how", required=True, choices=tuple(HOW), help="in_person, virtual or hybrid")
    c.add_argument("--venue-child", default="", metavar="TEXT", help="where, in the child's words")
    c.add_argument("--venue", default="", metavar="TEXT", help="where, as professionals say it")
    c.add_argument("--series-first", type=int, metavar="MEETING_ID",
                   help="a later meeting of a review held as a series: the series' first meeting")
    c.add_argument("--return-by", metavar="YYYY-MM-DD", help="consultation forms back by")
    c.add_argument("--no-consultation-list", action="store_true",
                   help="do not start the meeting's consultation list from the child's record")
    c.add_argument("--json", action="store_true", help="one JSON object")
    c.set_defaults(func=bind(cmd_book))
    c = msub.add_parser("move", parents=parents, help="move a booked meeting (the reason is kept)")
    c.add_argument("meeting_id", type=int, metavar="MEETING_ID")
    c.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    c.add_argument("--time", metavar="HH:MM", help="when it starts (default: the same hours as before)")
    c.add_argument("--end", metavar="HH:MM")
    c.add_argument("--reason", required=True, metavar="TEXT", help="why it is moved (councils count them)")
    c.add_argument("--json", action="store_true", help="one JSON object")
    c.set_defaults(func=bind(cmd_move))
    c = msub.add_parser("cancel", parents=parents, help="cancel a booked meeting")
    c.add_argument("meeting_id", type=int, metavar="MEETING_ID")
    c.add_argument("--reason", required=True, metavar="TEXT")
    c.set_defaults(func=bind(cmd_cancel))
    c = msub.add_parser("list", parents=parents, help="the booked meetings (default: from today on)")
    c.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
    c.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
    c.add_argument("--child", metavar="CHILD_ID", help="one child's meetings, whenever they are")
    c.add_argument("--cancelled", action="store_true", help="cancelled meetings too")
    c.add_argument("--json", action="store_true", help="one JSON object")
    c.set_defaults(func=bind(cmd_list))
    c = msub.add_parser("export-ics", parents=parents,
                        help="save the booked meetings as a calendar file (initials and ids only)")
    c.add_argument("--out", required=True, type=Path, metavar="FILE.ics")
    c.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="default: today")
    c.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
    c.set_defaults(func=bind(cmd_export_ics))

    p = sub.add_parser("consultation", help="who is consulted for a meeting, and what came back")
    csub = p.add_subparsers(dest="consultation_command", metavar="ACTION", required=True)
    c = csub.add_parser("list", parents=parents, help="who is consulted and invited for a meeting")
    c.add_argument("meeting_id", type=int, metavar="MEETING_ID")
    c.add_argument("--json", action="store_true", help="one JSON object")
    c.set_defaults(func=bind(cmd_consultation_list))
    c = csub.add_parser("sent", parents=parents, help="a form or invitation went out")
    c.add_argument("consultee_id", type=int, metavar="CONSULTEE_ID")
    c.add_argument("--on", required=True, metavar="YYYY-MM-DD")
    c.add_argument("--how", required=True, choices=tuple(SENT_HOW))
    c.set_defaults(func=bind(cmd_sent))
    c = csub.add_parser("returned", parents=parents, help="a form came back (or they told you by phone)")
    c.add_argument("consultee_id", type=int, metavar="CONSULTEE_ID")
    c.add_argument("--on", required=True, metavar="YYYY-MM-DD")
    c.add_argument("--how", required=True, choices=tuple(RETURNED_HOW))
    c.add_argument("--answers-file", type=Path, metavar="FILE.json",
                   help="the answers as a JSON object keyed by the form's question keys")
    c.add_argument("--note", metavar="TEXT", help="what they said, in a note (\"told me by phone\")")
    c.set_defaults(func=bind(cmd_returned))


# ---- parsing -------------------------------------------------------------------------------

def _say(text: str) -> None:
    print(f"iro-desktop: {text}", file=sys.stderr)


def _day(text: str | None, option: str) -> date | None:
    try:
        value = date.fromisoformat(text or "")
    except ValueError:
        value = None
    if value is None or not EARLIEST <= value <= LATEST:
        _say(f"{option} needs a date as YYYY-MM-DD between {EARLIEST:%d/%m/%Y} and {LATEST:%d/%m/%Y}.")
        return None
    return value


class _Bad(Exception):
    """A date or time given wrongly; already said."""


def _day_or_none(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    found = _day(text, option)
    if found is None:
        raise _Bad()
    return found


def _time(text: str | None, option: str) -> time | None:
    if text is None:
        return None
    try:
        if len(text) != 5 or text[2] != ":":
            raise ValueError
        return time.fromisoformat(text)
    except ValueError:
        _say(f"{option} needs a time as HH:MM on the 24-hour clock, such as 09:30 or 14:00.")
        raise _Bad() from None


def _usage(func: Callable) -> Callable:
    def run(args, unlock: Callable) -> int:
        try:
            return func(args, unlock)
        except _Bad:
            return EXIT_USAGE
    return run


# ---- output --------------------------------------------------------------------------------

def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _t(value: time | None) -> str | None:
    return f"{value:%H:%M}" if value else None


def meeting_json(m, warning: str = "") -> dict:
    return {"id": m.id, "child_id": m.child_id, "date": _iso(m.meeting_date), "start_time": _t(m.start_time),
            "end_time": _t(m.end_time), "how": m.how, "venue_child": m.venue_child,
            "venue_professional": m.venue_professional, "state": m.state, "cancelled_reason": m.cancelled_reason,
            "limit_on": _iso(m.limit_on), "beyond_limit": m.beyond_limit, "return_by": _iso(m.return_by),
            "series_first_id": m.series_first_id, "review_id": m.review_id, "record_id": m.record_id,
            "moves": [{"from_date": _iso(mv.from_date), "from_time": _t(mv.from_time), "to_date": _iso(mv.to_date),
                       "to_time": _t(mv.to_time), "reason": mv.reason, "moved_on": _iso(mv.moved_on)}
                      for mv in m.moves],
            **({"warning": warning} if warning else {})}


def _line(m) -> str:
    from iro_desktop.preparation.meetings import day_words

    when = day_words(m.meeting_date) + (f" {m.start_time:%H:%M}" if m.start_time else "")
    extra = []
    if m.state != "booked":
        extra.append(m.state)
    if m.rearranged:
        extra.append(f"moved {len(m.moves)}x")
    if m.beyond_limit:
        extra.append(f"after the limit of {day_words(m.limit_on)}")
    tail = f"  ({'; '.join(extra)})" if extra else ""
    return f"{m.id:>5}  {m.child_id:<12} {when:<22} {HOW[m.how]:<30}{tail}"


def _print_booking(b, doing: str, as_json: bool) -> None:
    from iro_desktop.preparation.meetings import day_words

    m = b.meeting
    if as_json:
        print(json.dumps(meeting_json(m, b.warning), indent=2, ensure_ascii=False))
        return
    at = f" at {m.start_time:%H:%M}" if m.start_time else ""
    print(f"Meeting {m.id} {doing} for {day_words(m.meeting_date)}{at} ({HOW[m.how].lower()}).")
    if b.warning:
        print(b.warning)


# ---- commands ------------------------------------------------------------------------------

@_usage
def cmd_book(args, unlock: Callable) -> int:
    from iro_desktop.preparation import consultation, meetings

    day = _day_or_none(args.date, "--date")
    start, end = _time(args.time, "--time"), _time(args.end, "--end")
    return_by = _day_or_none(args.return_by, "--return-by")
    booker = meetings.book if args.no_consultation_list else consultation.book_with_list
    with unlock(args) as vault:
        booking = booker(vault, args.child, day, start, end, args.how, args.venue_child, args.venue,
                         series_first_id=args.series_first, return_by=return_by)
    _print_booking(booking, "booked", args.json)
    return 0


@_usage
def cmd_move(args, unlock: Callable) -> int:
    from iro_desktop.preparation import meetings

    day = _day_or_none(args.date, "--date")
    start, end = _time(args.time, "--time"), _time(args.end, "--end")
    with unlock(args) as vault:
        if args.time is None and args.end is None:  # a new day only: the same hours
            was = meetings.get_meeting(vault, args.meeting_id)
            start, end = was.start_time, was.end_time
        booking = meetings.move(vault, args.meeting_id, day, start, end, reason=args.reason)
    _print_booking(booking, "moved", args.json)
    return 0


def cmd_cancel(args, unlock: Callable) -> int:
    from iro_desktop.preparation import meetings

    with unlock(args) as vault:
        m = meetings.cancel(vault, args.meeting_id, args.reason)
    print(f"Meeting {m.id} cancelled.")
    return 0


@_usage
def cmd_list(args, unlock: Callable) -> int:
    from iro_desktop.preparation import meetings

    start = _day_or_none(args.start, "--from")
    end = _day_or_none(args.end, "--to")
    if start and end and end < start:
        _say(f"--to ({end:%d/%m/%Y}) is before --from ({start:%d/%m/%Y}); give the first day, then the last.")
        return EXIT_USAGE
    with unlock(args) as vault:
        if args.child:
            found = meetings.meetings_for_child(vault, args.child, include_cancelled=args.cancelled)
            found = [m for m in found if (start is None or m.meeting_date >= start)
                     and (end is None or m.meeting_date <= end)]
        else:
            found = meetings.meetings_between(vault, start or date.today(), end or LATEST,
                                              include_cancelled=args.cancelled)
    if args.json:
        print(json.dumps({"from": _iso(start), "to": _iso(end), "meetings": [meeting_json(m) for m in found]},
                         indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("No meetings booked in that time.")
    for m in found:
        print(_line(m))
    return 0


@_usage
def cmd_export_ics(args, unlock: Callable) -> int:
    from iro_desktop.preparation import calendar_export

    start = _day_or_none(args.start, "--from")
    end = _day_or_none(args.end, "--to")
    with unlock(args) as vault:
        ics = calendar_export.vault_ics(vault, start, end)
        calendar_export.save_meetings_calendar(vault, args.out, ics)
    n = ics.count(b"BEGIN:VEVENT")
    print(f"Saved {n} booked {'meeting' if n == 1 else 'meetings'} to {args.out} (initials and ids only).")
    return 0


def consultee_json(c) -> dict:
    return {"id": c.id, "meeting_id": c.meeting_id, "role": c.role, "name": c.name, "agency": c.agency,
            "invited": c.invited, "consulted": c.consulted, "sent_on": _iso(c.sent_on), "sent_how": c.sent_how,
            "returned_on": _iso(c.returned_on), "returned_how": c.returned_how, "answers": c.answers,
            "note": c.note}


def cmd_consultation_list(args, unlock: Callable) -> int:
    from iro_desktop.preparation import consultation
    from iro_desktop.preparation.model import ROLES

    with unlock(args) as vault:
        people = consultation.consultees(vault, args.meeting_id)
    if args.json:
        print(json.dumps({"meeting_id": args.meeting_id, "consultees": [consultee_json(c) for c in people]},
                         indent=2, ensure_ascii=False))
        return 0
    if not people:
        print("No one is on this meeting's consultation list yet.")
    for c in people:
        who = ", ".join(x for x in (c.name, c.agency) if x)
        sent = f"sent {c.sent_on:%d/%m/%Y} ({SENT_HOW[c.sent_how].lower()})" if c.sent_on else "not sent"
        back = f"back {c.returned_on:%d/%m/%Y} ({RETURNED_HOW[c.returned_how].lower()})" if c.returned_on \
            else "not back"
        print(f"{c.id:>5}  {ROLES.get(c.role, c.role):<20} {who:<40} {sent}; {back}")
    return 0


@_usage
def cmd_sent(args, unlock: Callable) -> int:
    from iro_desktop.preparation import consultation

    on = _day_or_none(args.on, "--on")
    with unlock(args) as vault:
        c = consultation.record_sent(vault, args.consultee_id, on, args.how)
    print(f"Recorded: the form for {c.id} went out on {c.sent_on:%d/%m/%Y}.")
    return 0


def _answers(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        data = Path(path).read_bytes()
        if len(data) > MAX_ANSWERS_BYTES:
            _say(f"{path} is too large to be a file of answers.")
            raise _Bad()
        found = json.loads(data.decode("utf-8"))
    except OSError as exc:
        _say(f"{path} cannot be read ({exc.strerror or 'error'}).")
        raise _Bad() from None
    except UnicodeDecodeError:
        _say(f"{path} is not UTF-8 text.")
        raise _Bad() from None
    except json.JSONDecodeError as exc:
        _say(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}).")
        raise _Bad() from None
    if not isinstance(found, dict):
        _say(f"{path} must hold one JSON object, keyed by the form's question keys.")
        raise _Bad()
    return found


@_usage
def cmd_returned(args, unlock: Callable) -> int:
    from iro_desktop.preparation import consultation

    on = _day_or_none(args.on, "--on")
    answers = _answers(args.answers_file)
    with unlock(args) as vault:
        c = consultation.record_returned(vault, args.consultee_id, on, args.how, answers, args.note)
    print(f"Recorded: the form for {c.id} came back on {c.returned_on:%d/%m/%Y}, {len(c.answers)} "
          f"{'answer' if len(c.answers) == 1 else 'answers'}.")
    return 0
