"""The checks before finalising: the participation code agrees with the attendance (every code
and attendance, against the DfE's wording), each letter section is written or hidden, decisions
have an owner and a date, regulation 36 is recorded, and a finalised record that contradicts
itself says so."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from iro_desktop import reviews
from iro_desktop.documents.letter import default_letter
from iro_desktop.errors import ValidationError
from iro_desktop.reviews import codes
from iro_desktop.reviews.checks import check_midway, check_review, record_contradictions
from iro_desktop.reviews.model import Attendee, MidwayContent, Recommendation, ReviewContent, ReviewDetails
from tests.support.review_helpers import CHILD, IRO, complete, setup
from tests.support.caseload_helpers import TODAY

HELD = date(2026, 1, 6)
DOB_TEN = date(2015, 6, 1)
DOB_TWO = date(2024, 1, 1)
CHILD_NAME = "Mira Quillfeather"

# The DfE's wording, read by hand: which codes say the child was at the meeting, and which say
# they were not in the room. Kept apart from codes.py on purpose, so the two must agree.
IN_THE_MEETING = {"PN1": True, "PN2": True, "PN3": True, "PN4": True}
NOT_IN_THE_ROOM = {"PN5"}
NOT_THERE_AT_ALL = {"PN6", "PN7"}


def finished(code: str | None, *, child: str | None, venue: str | None = "in_person",
             attended_flag: bool | None = None) -> ReviewContent:
    """A record complete in every other way; ``child``: None (not attending) or how they joined."""
    letter = default_letter("Mira")
    for s in letter.sections:
        s.body = "Written."
    d = ReviewDetails(HELD, "subsequent", venue_mode=venue, venue="Home", seen_alone=True, seen_alone_date=HELD,
                      participation_code=code, child_attended=attended_flag)
    d.attendees = [Attendee("Sam Ravensmoss", "iro")]
    if child is not None:
        d.attendees.append(Attendee(CHILD_NAME, "child", how=child))
    return ReviewContent(d, letter, [Recommendation("Book the dentist", "foster_carer", date(2026, 3, 1), "Pat")])


def expected_contradiction(code: str | None, child: str | None, venue: str | None) -> bool:
    attended = child is not None
    in_person = attended and (child or venue or "in_person") != "virtual"
    if code in IN_THE_MEETING:
        return not attended
    if code in NOT_IN_THE_ROOM:
        return in_person
    if code in NOT_THERE_AT_ALL:
        return attended
    return False  # PN0 (under 4), or no code yet


CODES = st.sampled_from([None] + list(codes.PARTICIPATION))
HOW = st.sampled_from([None, "", "in_person", "virtual", "hybrid"])  # None: the child did not attend
VENUE = st.sampled_from([None, "in_person", "virtual", "hybrid"])


@settings(max_examples=300, deadline=None)
@given(code=CODES, child=HOW, venue=VENUE)
def test_the_code_and_the_attendance_agree_for_every_code_and_attendance(code, child, venue):
    dob = DOB_TWO if code == "PN0" else DOB_TEN
    content = finished(code, child=child, venue=venue)
    checks = check_review(content, dob, TODAY)
    about_code = [m for f, m in checks.missing if f == "details.participation_code"]
    contradicts = expected_contradiction(code, child, venue)
    if code is None:
        assert about_code == ["Choose the participation code (PN0 to PN7)."]
    else:
        assert bool(about_code) is contradicts, (code, child, venue, about_code)
    # The rule, the check and the banner of a finalised record say the same thing.
    rule = codes.attendance_contradiction(code, child is not None,
                                          child is not None and (child or venue or "in_person") != "virtual")
    assert (rule is not None) is contradicts
    assert record_contradictions(content) == ([rule] if rule else [])
    if contradicts:
        [message] = about_code
        assert message.startswith(f"This record says {code} ") and CHILD_NAME not in message
        assert checks.problems == [] and not checks.can_finalise, "a contradiction blocks finalising, not saving"
    elif code is not None:
        assert [f for f, _m in checks.missing if f != "details.venue_mode"] == [], checks.missing
        assert checks.can_finalise is (venue is not None)


def _disagreements() -> list[tuple]:
    """Every code and attendance where the check and the hand-read table differ."""
    out = []
    for code in list(codes.PARTICIPATION):
        for child in (None, "", "in_person", "virtual", "hybrid"):
            for venue in (None, "in_person", "virtual", "hybrid"):
                checks = check_review(finished(code, child=child, venue=venue),
                                      DOB_TWO if code == "PN0" else DOB_TEN, TODAY)
                found = any(f == "details.participation_code" for f, _m in checks.missing)
                if found is not expected_contradiction(code, child, venue):
                    out.append((code, child, venue))
    return out


def test_a_wrong_rule_would_be_caught(monkeypatch):
    """The comparison above catches a rule that forgets a code: PN4 (attended, gave no view)
    left out of the codes that need the child there."""
    assert _disagreements() == []
    monkeypatch.setattr(codes, "ATTENDED", frozenset({"PN1", "PN2", "PN3"}))
    assert ("PN4", None, "in_person") in _disagreements()


def test_the_attendance_question_counts_as_attending_too():
    content = finished("PN1", child=None, attended_flag=True)
    assert check_review(content, DOB_TEN, TODAY).can_finalise
    pn6 = finished("PN6", child=None, attended_flag=True)
    assert [f for f, _m in check_review(pn6, DOB_TEN, TODAY).missing] == ["details.participation_code"]


def test_the_issue_s_case_pn1_with_only_the_iro_and_two_sections_is_refused_with_clear_words(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    c = r.content
    c.details.venue_mode, c.details.venue = "in_person", "Home"
    c.details.seen_alone, c.details.seen_alone_date = True, HELD
    c.details.participation_code = "PN1"
    c.letter.set_body("how_you_are", "You are doing well.")
    c.letter.set_body("home", "You like your room.")
    assert [a.role for a in c.details.attendees] == ["iro"]
    with pytest.raises(ValidationError) as info:
        reviews.finalise_review(vault, r.id, finalised_by=IRO, content=c, today=TODAY)
    found = dict(info.value.problems)
    assert found["details.participation_code"] == (
        "This record says PN1 (the child attended and spoke for themselves) but does not list the child as "
        "attending. Add the child to those who attended, or choose the code that says how they took part.")
    # Two written by the IRO, two written by the app (what happens next, the next review).
    assert [f for f in found if f.startswith("letter.")] == [
        "letter.family_time", "letter.school", "letter.health", "letter.what_you_told_me", "letter.going_well",
        "letter.worries"]
    assert found["letter.school"] == ("The letter's section “School and learning” is empty: write it, or hide it "
                                      "if it is not needed for this child.")
    assert reviews.get_review(vault, r.id).record.state == "draft"
    # The same record saves: it is being written, and may disagree with itself for now.
    assert reviews.save_review(vault, r.id, c, today=TODAY).content.details.participation_code == "PN1"


def test_a_hidden_section_is_a_deliberate_choice_and_needs_no_words():
    content = finished("PN7", child=None)
    content.letter.section("health").body = ""
    [(where, message)] = check_review(content, DOB_TEN, TODAY).missing
    assert where == "letter.health" and "“Health and feelings”" in message
    content.letter.hide_section("health")
    assert check_review(content, DOB_TEN, TODAY).can_finalise
    content.letter.rename_section("school", "Your football")
    content.letter.section("school").body = "  "
    assert "“Your football”" in dict(check_review(content, DOB_TEN, TODAY).missing)["letter.school"]


def test_decisions_and_regulation_36_say_which_and_what():
    content = finished("PN7", child=None)
    content.recommendations.append(Recommendation("", "", None))
    content.details.seen_alone, content.details.seen_alone_date = False, None
    missing = dict(check_review(content, DOB_TEN, TODAY).missing)
    assert missing["recommendations[1].what"] == "Decision 2: say what will be done."
    assert missing["recommendations[1].who_role"] == "Decision 2: say who will do it (their role)."
    assert missing["recommendations[1].by_when"] == "Decision 2: give the date it will be done by."
    assert missing["details.not_seen_alone_reason"].startswith("Regulation 36: say why you did not speak")
    content.details.seen_alone = True
    assert dict(check_review(content, DOB_TEN, TODAY).missing)["details.seen_alone_date"].startswith(
        "Regulation 36: give the date")


def test_a_finalised_record_that_contradicts_itself_says_so(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    r.content.details.participation_code = "PN7"
    c = complete(r.content, seen=HELD)
    final = reviews.finalise_review(vault, r.id, finalised_by=IRO, content=c, today=TODAY)
    assert record_contradictions(final.content) == []
    # As an older version of the app let through (the demo keeps one such record).
    c.details.participation_code = "PN5"
    c.details.attendees.append(Attendee(CHILD_NAME, "child"))
    assert record_contradictions(c) == [
        "This record says PN5 (the child did not attend in person) but lists the child as attending in person."]


def test_a_midway_review_records_no_attendance_so_nothing_contradicts():
    content = MidwayContent(date(2026, 1, 8), how="visit")
    assert record_contradictions(content) == []
    assert check_midway(content, HELD, TODAY).can_finalise
