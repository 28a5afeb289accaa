"""Booked review meetings: booking, the limit flag, moving, cancelling, series, My week and the
calendar, and starting the review record from a meeting. Real vaults."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, strategies as st

from iro_desktop import changes
from iro_desktop.caseload import due, overview, repository, week
from iro_desktop.errors import ValidationError
from iro_desktop.preparation import meetings
from iro_desktop.reviews import records
from iro_desktop.timescales import OVERDUE
from tests.support.caseload_helpers import audit_rows, make_child

TODAY = date(2026, 1, 12)  # a Monday
# make_child's last review (the extract's) is 1 Sep 2025, its 5th: the next is due 6 months on.
LIMIT = date(2026, 3, 1)


@pytest.fixture
def child(vault):
    repository.add_child(vault, make_child("C1"), today=TODAY)
    return "C1"


def _book(vault, day=date(2026, 2, 20), **kw):
    args = dict(start_time=time(10), end_time=time(11, 30), how="virtual",
                venue_child="on a video call from home", venue_professional="Teams call, carers' home",
                today=TODAY)
    args.update(kw)
    return meetings.book(vault, "C1", day, **args)


def _count(vault, table):
    with vault.read() as db:
        return db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_booking_keeps_the_limit_the_timescales_give_and_is_not_flagged_within_it(vault, child):
    b = _book(vault)
    with vault.read() as db:
        assert b.meeting.limit_on == due.next_review_on(db.conn, "C1").due == LIMIT
    assert not b.beyond_limit and b.warning == ""
    m = meetings.get_meeting(vault, b.meeting.id)
    assert (m.meeting_date, m.start_time, m.end_time, m.how) == (date(2026, 2, 20), time(10), time(11, 30), "virtual")
    assert (m.venue_child, m.venue_professional, m.state) == ("on a video call from home", "Teams call, carers' home",
                                                              "booked")
    assert ("meeting.book", "review_meeting", str(m.id)) in audit_rows(vault)


def test_a_meeting_after_the_limit_is_flagged_when_it_is_booked(vault, child):
    b = _book(vault, date(2026, 3, 4))
    assert b.beyond_limit and b.meeting.limit_on == LIMIT
    # The limit falls on a Sunday; Mon 2, Tue 3 and Wed 4 March are the working days late.
    assert b.warning.startswith("This is after the review's limit of Sun 1 Mar 2026: ")
    assert "3 working days late" in b.warning


def test_the_limit_moves_with_the_timescales(vault, child):
    """A review recorded since changes the next limit: the booking asks, it never keeps a rule."""
    repository.add_review(vault, "C1", repository.Review(date(2026, 1, 5), "subsequent"), today=TODAY)
    b = _book(vault, date(2026, 3, 4))
    assert b.meeting.limit_on == date(2026, 7, 5) and not b.beyond_limit


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_the_warning_and_the_flag_always_agree(day, limit):
    assert bool(meetings.limit_warning(day, limit)) == (day > limit)
    assert meetings.limit_warning(day, None) == ""


@pytest.mark.parametrize("kw, field", [
    (dict(day=date(2026, 1, 9)), "date"),
    (dict(start_time=time(11), end_time=time(10)), "end_time"),
    (dict(start_time=time(11), end_time=time(11)), "end_time"),
    (dict(start_time=None, end_time=time(11)), "start_time"),
    (dict(how="by_pigeon"), "how"),
    (dict(venue_child="x" * 501), "venue_child"),
    (dict(return_by=date(2026, 3, 1)), "return_by"),
])
def test_bad_bookings_say_what_is_wrong_and_save_nothing(vault, child, kw, field):
    before = _count(vault, "review_meeting"), len(audit_rows(vault))
    with pytest.raises(ValidationError) as err:
        _book(vault, **kw)
    assert field in [w for w, _m in err.value.problems]
    assert (_count(vault, "review_meeting"), len(audit_rows(vault))) == before


def test_an_unknown_child_is_refused_without_quoting_the_id(vault, child):
    with pytest.raises(ValidationError) as err:
        meetings.book(vault, "ZEBEDIAH-99", date(2026, 2, 20), how="in_person", today=TODAY)
    assert [w for w, _m in err.value.problems] == ["child"]
    assert "ZEBEDIAH" not in str(err.value)
    assert _count(vault, "review_meeting") == 0


def test_moving_keeps_each_move_with_its_reason_and_checks_the_limit_again(vault, child):
    m = _book(vault).meeting
    with pytest.raises(ValidationError) as err:
        meetings.move(vault, m.id, date(2026, 2, 24), reason="  ", today=TODAY)
    assert [w for w, _m in err.value.problems] == ["reason"]
    b = meetings.move(vault, m.id, date(2026, 2, 24), time(14), reason="Social worker off sick", today=TODAY)
    assert not b.beyond_limit and b.meeting.rearranged
    b = meetings.move(vault, m.id, date(2026, 3, 3), time(9, 30), reason="Carer's hospital appointment",
                      today=date(2026, 1, 20))
    assert b.beyond_limit and b.warning.startswith("This is after the review's limit of Sun 1 Mar 2026")
    moved = meetings.get_meeting(vault, m.id)
    assert [(mv.from_date, mv.from_time, mv.to_date, mv.to_time, mv.reason, mv.moved_on) for mv in moved.moves] == [
        (date(2026, 2, 20), time(10), date(2026, 2, 24), time(14), "Social worker off sick", TODAY),
        (date(2026, 2, 24), time(14), date(2026, 3, 3), time(9, 30), "Carer's hospital appointment",
         date(2026, 1, 20))]
    assert (moved.meeting_date, moved.start_time, moved.end_time) == (date(2026, 3, 3), time(9, 30), None)
    assert [a for a, _t, i in audit_rows(vault) if i == str(m.id)] == ["meeting.book", "meeting.move", "meeting.move"]
    with pytest.raises(ValidationError):
        meetings.move(vault, m.id, date(2026, 1, 5), reason="Too late", today=TODAY)  # into the past


def test_a_cancelled_meeting_stays_cancelled_and_cannot_be_moved(vault, child):
    m = _book(vault).meeting
    with pytest.raises(ValidationError):
        meetings.cancel(vault, m.id, "")
    c = meetings.cancel(vault, m.id, "Child moved to a new home; review rebooked")
    assert (c.state, c.cancelled_reason) == ("cancelled", "Child moved to a new home; review rebooked")
    with pytest.raises(ValidationError) as err:
        meetings.move(vault, m.id, date(2026, 2, 25), reason="Try again", today=TODAY)
    assert "cancelled" in str(err.value)
    assert meetings.meetings_between(vault, TODAY, date(2026, 12, 31)) == []
    assert [x.id for x in meetings.meetings_between(vault, TODAY, date(2026, 12, 31), include_cancelled=True)] == [m.id]
    assert ("meeting.cancel", "review_meeting", str(m.id)) in audit_rows(vault)


def test_a_series_is_held_to_the_limit_by_its_first_meeting(vault, child):
    first = _book(vault, date(2026, 2, 26)).meeting
    later = _book(vault, date(2026, 3, 12), series_first_id=first.id)
    assert later.meeting.series_first_id == first.id and later.meeting.limit_on is None and not later.beyond_limit
    with pytest.raises(ValidationError):
        _book(vault, date(2026, 2, 20), series_first_id=first.id)  # before the first
    with pytest.raises(ValidationError):
        _book(vault, date(2026, 3, 20), series_first_id=later.meeting.id)  # a later one named as the first
    meetings.cancel(vault, first.id, "Rebooked as one meeting")
    assert meetings.get_meeting(vault, later.meeting.id).state == "cancelled"


def test_a_childs_meetings_and_a_date_range_in_order(vault, child):
    repository.add_child(vault, make_child("C2"), today=TODAY)
    a = _book(vault, date(2026, 2, 20)).meeting
    b = meetings.book(vault, "C2", date(2026, 2, 3), time(9), how="in_person", today=TODAY).meeting
    c = _book(vault, date(2026, 4, 1), start_time=time(9)).meeting
    assert [m.id for m in meetings.meetings_for_child(vault, "C1")] == [a.id, c.id]
    assert [m.id for m in meetings.meetings_between(vault, date(2026, 2, 1), date(2026, 2, 28))] == [b.id, a.id]
    assert meetings.latest_meeting(vault, "C1").id == c.id


def test_a_booking_tells_my_week_the_calendar_and_the_caseload_for_that_child(vault, child):
    booking, change = changes.run(lambda: _book(vault))
    assert {changes.DUE, changes.CASELOAD, changes.CHILD} <= change.shown
    assert change.children == {"C1"} and not change.everyone
    _moved, change = changes.run(lambda: meetings.move(vault, booking.meeting.id, date(2026, 2, 23),
                                                       reason="School trip", today=TODAY))
    assert change.changed(changes.DUE) and change.children == {"C1"}


def test_booked_meetings_sit_beside_the_deadlines_and_never_make_a_child_overdue(vault, child):
    soon = _book(vault, date(2026, 1, 19), start_time=time(10), how="virtual").meeting
    late = _book(vault, date(2026, 3, 4), start_time=None, end_time=None, how="hybrid").meeting
    ov = overview.load(vault, TODAY)
    booked = [i for i in ov.open_items if i.kind == week.MEETING]
    assert [(i.meeting_id, i.due, i.words, i.status) for i in booked] == [
        (soon.id, date(2026, 1, 19), "Review meeting booked, 10:00, online", "on_track"),
        (late.id, date(2026, 3, 4), "Review meeting booked, in person and online (after the review's limit)",
         "on_track")]
    # My week holds the meeting in the "due soon" window only, and counts it in no card.
    assert [i.meeting_id for i in ov.week_items if i.kind == week.MEETING] == [soon.id]
    assert week.counts(ov.week_items) == week.counts([i for i in ov.week_items if i.kind != week.MEETING])
    assert week.worst_status(i for i in ov.open_items if i.child_id == "C1" and i.kind == week.MEETING) != OVERDUE
    assert [m.id for m in ov.booked] == [soon.id, late.id]
    assert ov.reviews["C1"].status != OVERDUE
    # Once cancelled, it is gone from both.
    meetings.cancel(vault, soon.id, "Rebooked")
    assert soon.id not in [i.meeting_id for i in overview.load(vault, TODAY).open_items]


def test_the_review_record_starts_from_the_meeting(vault, child):
    m = _book(vault, date(2026, 2, 20), how="hybrid", venue_professional="Carers' home and Teams").meeting
    meetings.move(vault, m.id, date(2026, 2, 24), reason="Social worker off sick", today=TODAY)
    rec = records.start_review_from_meeting(vault, m.id, today=date(2026, 2, 24))
    d = rec.content.details
    assert (d.review_date, d.venue_mode, d.venue, d.held_as_series) == (
        date(2026, 2, 24), "hybrid", "Carers' home and Teams", False)
    assert d.rearranged and d.rearranged_reason == "Social worker off sick"
    assert d.review_type == "subsequent"
    held = meetings.get_meeting(vault, m.id)
    assert (held.state, held.record_id, held.review_id) == ("held", rec.id, rec.record.review_id)
    with pytest.raises(ValidationError):
        meetings.move(vault, m.id, date(2026, 3, 1), reason="No", today=date(2026, 2, 24))
    with pytest.raises(Exception):
        records.start_review_from_meeting(vault, m.id, today=date(2026, 2, 24))


def test_a_series_starts_its_record_from_the_first_meeting(vault, child):
    first = _book(vault, date(2026, 2, 20), how="in_person", venue_professional="School, meeting room 2").meeting
    later = _book(vault, date(2026, 3, 2), how="virtual", venue_professional="Teams",
                  series_first_id=first.id).meeting
    rec = records.start_review_from_meeting(vault, later.id, today=date(2026, 3, 2))
    d = rec.content.details
    assert d.review_date == date(2026, 2, 20) and d.held_as_series and not d.rearranged
    assert [(x.meeting_date, x.venue_mode, x.venue) for x in d.meetings] == [
        (date(2026, 2, 20), "in_person", "School, meeting room 2"), (date(2026, 3, 2), "virtual", "Teams")]
    assert {meetings.get_meeting(vault, i).record_id for i in (first.id, later.id)} == {rec.id}


def test_the_demo_books_a_believable_handful(tmp_path):
    from iro_desktop.caseload import demo
    from iro_desktop.preparation import consultation
    from iro_desktop.vault import Vault
    from iro_desktop.workdays import england
    from tests.conftest import FAST_KDF, PASSPHRASE

    v, _code = Vault.create(tmp_path / "demo", PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with v:
        demo.load_demo(v, n=70, today=TODAY)
        found = meetings.meetings_between(v, TODAY, date(2026, 12, 31))
        assert len(found) == 5 and all(england().is_working_day(m.meeting_date) for m in found)
        assert [m.moves[0].reason for m in found if m.rearranged] == ["The social worker is on leave that week"]
        assert sum(m.beyond_limit for m in found) == 1 and sum(m.how == "hybrid" for m in found) == 1
        people = {m.id: consultation.consultees(v, m.id) for m in found}
        assert all(p and p[0].role == "child" for p in people.values())
        assert any(c.sent_on and not c.returned for p in people.values() for c in p)
        words = [consultation.told_me(v, m.child_id).quotes() for m in found]
        assert sum(bool(w) for w in words) == 3
        assert any(i.kind == week.MEETING for i in overview.load(v, TODAY).week_items)


def test_a_meeting_booked_by_the_limit_shows_the_review_as_booked_in_the_caseload(vault, child):
    assert overview.load(vault, TODAY).reviews["C1"].status != due.BOOKED
    _book(vault, date(2026, 3, 4))
    assert overview.load(vault, TODAY).reviews["C1"].status != due.BOOKED  # after the limit books nothing
    on_time = _book(vault, date(2026, 2, 26)).meeting
    standing = overview.load(vault, TODAY).reviews["C1"]
    assert (standing.status, standing.booked, standing.due) == (due.BOOKED, on_time.meeting_date, LIMIT)
    meetings.cancel(vault, on_time.id, "Rebooked")
    assert overview.load(vault, TODAY).reviews["C1"].status != due.BOOKED
