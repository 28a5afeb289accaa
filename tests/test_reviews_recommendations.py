"""Decisions: tracked once finalised, carried forward into the midway and the next review,
and "What will happen next" written from them in the child's words."""

import re
from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.documents.letter import WHAT_NEXT
from iro_desktop.documents.wording import acronyms
from iro_desktop.errors import ValidationError
from iro_desktop.reviews import codes
from iro_desktop.reviews.model import Recommendation
from iro_desktop.reviews.recommendations import sentence_for, what_happens_next
from tests.support.caseload_helpers import TODAY
from tests.support.review_helpers import CHILD, IRO, complete, rec, setup

FIRST, SECOND = date(2025, 7, 1), date(2026, 1, 6)


def _finalised_first(vault, *recs):
    r = reviews.start_review(vault, CHILD, FIRST, "subsequent", today=TODAY)
    c = complete(r.content)
    c.recommendations += list(recs)
    return reviews.finalise_review(vault, r.id, finalised_by=IRO, on=date(2025, 7, 3), content=c, today=TODAY)


def test_decisions_are_tracked_once_finalised(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, FIRST, "subsequent", today=TODAY)
    r.content.recommendations.append(rec())
    reviews.save_review(vault, r.id, r.content, today=TODAY)
    assert reviews.open_recommendations(vault, CHILD) == []  # a draft decides nothing yet
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=complete(r.content), today=TODAY)
    [t] = reviews.open_recommendations(vault, CHILD)
    assert (t.what, t.who_role, t.who_name, t.by_when, t.status, t.made_on) == (
        "Arrange contact with Nan every month", "social_worker", "Robin Dovecote", date(2026, 3, 31), "open", FIRST)


def test_carried_forward_into_the_midway_and_the_next_review(vault):
    setup(vault)
    a, b, c3 = rec("Arrange contact with Nan", by=date(2025, 9, 30)), \
        rec("Book swimming lessons", "foster_carer", date(2025, 8, 31), "Pat Gorsebeck"), \
        rec("Refer to CAMHS", by=date(2025, 10, 31))
    _finalised_first(vault, a, b, c3)

    m = reviews.start_midway(vault, CHILD, date(2025, 10, 1), how="visit", today=TODAY)
    assert [p.uid for p in m.content.progress] == [a.uid, b.uid, c3.uid]
    progress = {a.uid: "on_track", b.uid: "done", c3.uid: "delayed"}
    for p in m.content.progress:
        p.progress = progress[p.uid]
        p.note = "Checked with the carers"
    reviews.finalise_midway(vault, m.id, finalised_by=IRO, content=m.content, today=TODAY)
    assert {t.uid: t.status for t in reviews.recommendations_for_child(vault, CHILD)} == {
        a.uid: "open", b.uid: "done", c3.uid: "open"}

    nxt = reviews.start_review(vault, CHILD, SECOND, "subsequent", today=TODAY)
    assert [p.uid for p in nxt.content.previous] == [a.uid, c3.uid]
    content = complete(nxt.content)
    with pytest.raises(ValidationError) as info:
        reviews.finalise_review(vault, nxt.id, finalised_by=IRO, content=content, today=TODAY)
    assert any(f.startswith("previous.") for f, _m in info.value.problems)

    [earlier_c] = [t for t in reviews.open_recommendations(vault, CHILD) if t.uid == c3.uid]
    carried = reviews.carry_forward(content, earlier_c, by_when=date(2026, 3, 31))
    reviews.set_outcome(content, a.uid, codes.DONE, "Family time with Nan happens every month now")
    reviews.finalise_review(vault, nxt.id, finalised_by=IRO, content=content, today=TODAY)

    tracked = {t.uid: t for t in reviews.recommendations_for_child(vault, CHILD)}
    assert tracked[a.uid].status == "done" and tracked[a.uid].status_on == SECOND
    assert tracked[a.uid].status_note == "Family time with Nan happens every month now"
    assert tracked[c3.uid].status == "superseded"
    assert tracked[carried.uid].carried_from == c3.uid and tracked[carried.uid].status == "open"
    assert tracked[carried.uid].what == "Refer to CAMHS" and tracked[carried.uid].made_on == SECOND
    assert [t.uid for t in reviews.open_recommendations(vault, CHILD)] == [carried.uid]


def test_an_amendment_works_the_outcomes_out_again(vault):
    setup(vault)
    a = rec("Arrange contact with Nan")
    _finalised_first(vault, a)
    nxt = reviews.start_review(vault, CHILD, SECOND, "subsequent", today=TODAY)
    content = complete(nxt.content)
    reviews.set_outcome(content, a.uid, codes.DONE)
    reviews.finalise_review(vault, nxt.id, finalised_by=IRO, content=content, today=TODAY)
    assert reviews.open_recommendations(vault, CHILD) == []
    amended = reviews.amend_review(vault, nxt.id, "That decision was not done after all")
    reviews.set_outcome(amended.content, a.uid, codes.CARRY_FORWARD)
    new = Recommendation("Arrange contact with Nan", "social_worker", date(2026, 4, 30), "Robin Dovecote",
                         carried_from=a.uid)
    amended.content.recommendations.append(new)
    reviews.finalise_review(vault, nxt.id, finalised_by=IRO, content=amended.content, today=TODAY)
    tracked = {t.uid: t for t in reviews.recommendations_for_child(vault, CHILD)}
    assert tracked[a.uid].status == "superseded" and tracked[new.uid].status == "open"


def test_a_decision_already_dealt_with_cannot_be_taken_out(vault):
    setup(vault)
    a = rec()
    first = _finalised_first(vault, a)
    nxt = reviews.start_review(vault, CHILD, SECOND, "subsequent", today=TODAY)
    content = complete(nxt.content)
    reviews.set_outcome(content, a.uid, codes.DONE)
    reviews.finalise_review(vault, nxt.id, finalised_by=IRO, content=content, today=TODAY)
    amended = reviews.amend_review(vault, first.id, "Remove a decision")
    amended.content.recommendations.clear()
    with pytest.raises(ValidationError, match="superseded"):
        reviews.finalise_review(vault, first.id, finalised_by=IRO, content=amended.content, today=TODAY)


def test_what_happens_next_in_childrens_words():
    recs = [
        Recommendation("Arrange contact with Nan every month", "social_worker", date(2026, 3, 31), "Robin"),
        Recommendation("Update the care plan and the PEP", "designated_teacher", date(2026, 2, 14), "Ms Kim"),
        Recommendation("Visit Mira at her placement before the next LAC review", "iro", date(2026, 6, 30)),
        Recommendation("Choose a new club", "child", date(2027, 1, 15)),
        Recommendation("Refer to CAMHS", "health", date(2026, 4, 1)),
    ]
    text = what_happens_next(recs, review_date=date(2026, 1, 6))
    assert text.splitlines() == [
        "This is what we agreed at your review meeting:",
        "",
        "- Robin, your social worker, will arrange family time with Nan every month by the end of March.",
        "- Ms Kim, your teacher who helps children in care, will update your plan and your school plan by 14 February.",
        "- I will visit Mira at her home before your next review meeting by the end of June.",
        "- You will choose a new club by 15 January 2027.",
        "- Your nurse or doctor will refer to the team who help with feelings by 1 April.",
    ]
    assert acronyms(text) == []
    for word in ("contact", "placement", "care plan", "LAC"):
        assert not re.search(rf"\b{word}\b", text)
    assert what_happens_next([]) .startswith("Nothing needs to change")


def test_the_iros_own_wording_wins():
    r = Recommendation("Arrange contact", "social_worker", date(2026, 3, 31), "Robin",
                       child_words="Robin will sort out more time with your nan.")
    assert sentence_for(r) == "Robin will sort out more time with your nan."


def test_generated_section_follows_the_decisions_until_the_iro_edits_it(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, SECOND, "subsequent", today=TODAY)
    c = r.content
    section = c.letter.section(WHAT_NEXT)
    assert section.follows_generated and section.body.startswith("Nothing needs to change")
    c.recommendations.append(rec())
    assert reviews.refresh_what_next(c)
    assert "family time with Nan" in section.body
    section.body += "\n\nAnd we will have pizza."
    c.recommendations.append(rec("Book a dentist visit", "foster_carer", date(2026, 2, 28), "Pat"))
    assert not reviews.refresh_what_next(c)  # the IRO's words are kept
    assert section.body.endswith("And we will have pizza.")
    assert reviews.refresh_what_next(c, force=True) and "dentist" in section.body
    saved = reviews.save_review(vault, r.id, c, today=TODAY)
    assert saved.content.letter.section(WHAT_NEXT).follows_generated
