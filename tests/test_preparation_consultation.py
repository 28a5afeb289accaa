"""Who is consulted for a booked meeting, the default list, forms sent and returned, answers
checked against the questions, and "What people told me". Real vaults."""

from __future__ import annotations

from datetime import date, time

import pytest

from iro_desktop import changes
from iro_desktop.caseload import repository
from iro_desktop.caseload.model import KeyPerson
from iro_desktop.errors import ValidationError
from iro_desktop.preparation import consultation, meetings
from iro_desktop.preparation.questions import questions_for
from tests.support.caseload_helpers import audit_rows, make_child

TODAY = date(2026, 1, 12)


@pytest.fixture
def meeting(vault):
    child = make_child("C1")
    child.key_people += [KeyPerson("parent", "Dana Puddlewick"), KeyPerson("health", "Nurse Ash Fernbrook"),
                         KeyPerson("solicitor", "Sol Ickle")]
    repository.add_child(vault, child, today=TODAY)
    return consultation.book_with_list(vault, "C1", date(2026, 2, 20), time(10), how="in_person",
                                       venue_child="at school", venue_professional="Brookfield, room 2",
                                       today=TODAY).meeting


def _by_role(vault, meeting_id):
    return {c.role: c for c in consultation.consultees(vault, meeting_id)}


def test_a_new_booking_starts_with_the_childs_people_the_child_first(vault, meeting):
    people = consultation.consultees(vault, meeting.id)
    assert [(c.role, c.name, c.agency) for c in people] == [
        ("child", "Lu", ""),
        ("parent", "Dana Puddlewick", ""),
        ("carer", "Pat and Lee Gorsebeck", ""),  # the current home's carers, not the ended placement's
        ("social_worker", "Robin Dovecote", "Children in Care Team North"),
        ("school", "", "Brookfield Primary Academy"),
        ("health", "Nurse Ash Fernbrook", ""),
        ("advocate", "Kim Harebell", ""),
        ("independent_visitor", "Terry Silverbeck", ""),
    ]  # the solicitor is not on the default list
    assert all(c.invited and c.consulted and not c.returned for c in people)
    assert [a for a, t, _i in audit_rows(vault) if t == "consultee"] == ["consultation.add"] * 8
    # Asking again keeps the list as it is.
    assert len(consultation.add_defaults(vault, meeting.id)) == 8


def test_a_child_without_an_advocate_or_school_gets_no_empty_rows(vault):
    repository.add_child(vault, make_child("C2", school=None, key_people=[], social_worker_name=None),
                         today=TODAY)
    m = consultation.book_with_list(vault, "C2", date(2026, 2, 2), how="virtual", today=TODAY).meeting
    assert [c.role for c in consultation.consultees(vault, m.id)] == ["child", "carer"]


def test_sent_and_returned_with_answers_by_question(vault, meeting):
    kid = _by_role(vault, meeting.id)["child"]
    consultation.record_sent(vault, kid.id, date(2026, 1, 12), "paper", today=TODAY)
    back = consultation.record_returned(vault, kid.id, date(2026, 2, 2), "paper", {
        "going_well": "I got into the football team", "worries": "Not seeing my brother enough",
        "chair": "yes", "agenda": "not_sure", "where": ""}, today=date(2026, 2, 3))
    assert back.answers == {"going_well": "I got into the football team", "worries": "Not seeing my brother enough",
                            "chair": "yes", "agenda": "not_sure"}  # the empty answer is left out
    assert (back.sent_on, back.sent_how, back.returned_on, back.returned_how) == (
        date(2026, 1, 12), "paper", date(2026, 2, 2), "paper")
    assert ("consultation.returned", "consultee", str(kid.id)) in audit_rows(vault)


@pytest.mark.parametrize("answers, where", [
    ({"favourite_colour": "blue"}, "answers"),  # not a question the child's form asks
    ({"plan": "fine"}, "answers"),  # a parent's question, not the child's
    ({"chair": "maybe"}, "answers.chair"),  # a yes/no question
    ({"going_well": 3}, "answers.going_well"),
])
def test_answers_the_form_does_not_ask_are_refused_and_nothing_is_saved(vault, meeting, answers, where):
    kid = _by_role(vault, meeting.id)["child"]
    with pytest.raises(ValidationError) as err:
        consultation.record_returned(vault, kid.id, date(2026, 1, 12), "paper", answers, today=TODAY)
    assert where in [w for w, _m in err.value.problems]
    assert not consultation.get_consultee(vault, kid.id).returned


def test_an_unknown_key_is_named_only_when_it_looks_like_a_key(vault, meeting):
    kid = _by_role(vault, meeting.id)["child"]
    with pytest.raises(ValidationError) as err:
        consultation.record_returned(vault, kid.id, TODAY, "paper", {"Zebediah lives at 4 Elm Road": "x"},
                                     today=TODAY)
    assert "Zebediah" not in str(err.value) and "one of them" in str(err.value)


def test_dates_are_checked(vault, meeting):
    kid = _by_role(vault, meeting.id)["child"]
    with pytest.raises(ValidationError):
        consultation.record_sent(vault, kid.id, date(2026, 1, 13), "paper", today=TODAY)  # the future
    with pytest.raises(ValidationError):
        consultation.record_sent(vault, kid.id, TODAY, "pigeon", today=TODAY)
    consultation.record_sent(vault, kid.id, TODAY, "email", today=TODAY)
    with pytest.raises(ValidationError):
        consultation.record_returned(vault, kid.id, date(2026, 1, 5), "email", today=TODAY)  # before it went


def test_told_me_by_phone_is_a_note(vault, meeting):
    sw = _by_role(vault, meeting.id)["social_worker"]
    back = consultation.record_returned(vault, sw.id, TODAY, "phone", note="Told me by phone: school going well",
                                        today=TODAY)
    assert back.returned_how == "phone" and back.note == "Told me by phone: school going well" and back.answers == {}


def test_what_people_told_me_by_person_the_child_first_with_words_to_quote(vault, meeting):
    people = _by_role(vault, meeting.id)
    consultation.record_returned(vault, people["carer"].id, TODAY, "email",
                                 {"going_well": "Settled and happy", "attend": "yes"}, today=TODAY)
    consultation.record_returned(vault, people["child"].id, TODAY, "in_person",
                                 {"worries": "My  bike got   stolen", "going_well": "I like my new school",
                                  "chair": "yes"}, today=TODAY)
    told = consultation.told_me(vault, "C1")
    assert told.meeting.id == meeting.id
    assert [p.consultee.role for p in told.people] == ["child", "carer"]
    assert [(s.question.key, s.answer) for s in told.people[0].said] == [
        ("going_well", "I like my new school"), ("worries", "My  bike got   stolen"), ("chair", "yes")]
    assert told.people[1].role_words == "Carer"
    # The child's own words, not their ticks, ready to quote.
    assert told.quotes() == ["\u201cI like my new school\u201d", "\u201cMy bike got stolen\u201d"]
    assert {c.role for c in told.waiting} == {"parent", "social_worker", "school", "health", "advocate",
                                              "independent_visitor"}
    assert [q.key for q in questions_for("carer")][:1] == ["going_well"]


def test_told_me_with_no_meeting_is_empty(vault):
    repository.add_child(vault, make_child("C3"), today=TODAY)
    told = consultation.told_me(vault, "C3")
    assert told.meeting is None and told.people == () and told.quotes() == []


def test_people_are_added_and_removed_and_a_cancelled_meeting_takes_no_one(vault, meeting):
    extra = consultation.add(vault, meeting.id, "partner_agency", "Jo Example", "Youth Offending Service")
    assert extra.partner and _by_role(vault, meeting.id)["partner_agency"].agency == "Youth Offending Service"
    with pytest.raises(ValidationError):
        consultation.add(vault, meeting.id, "uncle")
    _r, change = changes.run(lambda: consultation.remove(vault, extra.id))
    assert change.shown == {changes.RECORDS}
    meetings.cancel(vault, meeting.id, "Rebooked")
    with pytest.raises(ValidationError):
        consultation.add(vault, meeting.id, "other", "Someone")
