"""Review records: start (the timescales move), save, finalise (read-only, hashed), amend
(a new version with a reason), every version kept, paperwork dates."""

from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.caseload import repository
from iro_desktop.caseload.due import caseload_due
from iro_desktop.caseload.model import PeriodOfCare, Placement
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.reviews import lifecycle
from iro_desktop.reviews.model import content_json, sha256_text
from iro_desktop.vault.connection import DatabaseError
from tests.conftest import MARKERS
from tests.support.caseload_helpers import TODAY, audit_rows
from tests.support.review_helpers import CHILD, IRO, complete, rec, setup

HELD = date(2026, 1, 6)


def _due(vault, kind):
    [child] = caseload_due(vault, today=TODAY)
    return {i.kind: i for i in child.items}.get(kind), child


def test_starting_a_review_adds_the_review_row_and_moves_the_due_dates(vault):
    setup(vault)
    _item, before = _due(vault, "review")
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    assert r.record.review_id is not None and r.record.state == "draft" and r.version.version == 1
    stored = repository.get_child(vault, CHILD).reviews
    assert [(x.review_date, x.review_type) for x in stored] == [(HELD, "subsequent")]
    _item, after = _due(vault, "review")
    # The extract counted 4 reviews up to September 2025, so this is the fifth: 6 months on.
    assert after.previous_review == HELD and after.next_review_due == date(2026, 7, 6)
    assert after.next_review_due != before.next_review_due
    # The record deadlines now run from the review held.
    record_item, _ = _due(vault, "record")
    assert record_item.review_date == HELD


def test_new_record_is_addressed_by_preferred_name_and_suggests_pn0_under_four(vault):
    setup(vault, child_id="C1", preferred_name="Mira", date_of_birth=date(2023, 5, 1),
          periods=[PeriodOfCare(date(2024, 1, 2), "C2")], placements=[Placement(date(2024, 1, 2), "U4")])
    r = reviews.start_review(vault, "C1", HELD, "subsequent", today=TODAY)
    c = r.content
    assert c.letter.greeting == "Dear Mira,"
    assert c.details.participation_code == "PN0"
    assert IRO in c.letter.sign_off
    assert [a.role for a in c.details.attendees] == ["iro"]
    # The extract's 4 reviews of this period and this one: the next is 6 months on, the same
    # limit My week shows.
    assert "6 July 2026" in c.letter.section("next_review").body
    assert caseload_due(vault, today=TODAY)[0].next_review_due == date(2026, 7, 6)


def test_pn0_for_a_child_of_four_is_refused_on_save(vault):
    setup(vault)  # born 2013
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    r.content.details.participation_code = "PN0"
    with pytest.raises(ValidationError) as info:
        reviews.save_review(vault, r.id, r.content, today=TODAY)
    assert info.value.problems[0][0] == "details.participation_code"
    assert reviews.get_review(vault, r.id).content.details.participation_code is None


def test_save_keeps_the_draft_and_updates_the_review_row(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    c = r.content
    c.details.review_date = date(2026, 1, 5)
    c.details.held_as_series = True
    c.letter.set_body("home", "You live with **Pat** and Lee.")
    saved = reviews.save_review(vault, r.id, c, today=TODAY)
    assert saved.content == c and saved.record.record_date == date(2026, 1, 5)
    [row] = repository.get_child(vault, CHILD).reviews
    assert row.review_date == date(2026, 1, 5) and row.held_as_series
    assert saved.version.content_sha256 == sha256_text(content_json(c))


def test_finalising_needs_everything_a_record_needs(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    r.content.recommendations.append(reviews.Recommendation("Book a dentist visit", "foster_carer", None))
    with pytest.raises(ValidationError) as info:
        reviews.finalise_review(vault, r.id, finalised_by=IRO, content=r.content, today=TODAY)
    fields = {f for f, _m in info.value.problems}
    assert {"details.venue_mode", "details.seen_alone", "details.participation_code",
            "recommendations[0].who_name", "recommendations[0].by_when"} <= fields
    assert reviews.get_review(vault, r.id).record.state == "draft"
    with pytest.raises(ValidationError):
        reviews.finalise_review(vault, r.id, finalised_by="   ", content=complete(r.content), today=TODAY)


def test_regulation_36_needs_a_date_or_a_reason(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    c = complete(r.content)
    c.details.seen_alone = False
    c.details.seen_alone_date = None
    checks = reviews.review_checks(vault, r.id, c, today=TODAY)
    assert [f for f, _m in checks.missing] == ["details.not_seen_alone_reason"]
    c.details.not_seen_alone_reason = "Did not want to talk on their own this time"
    assert reviews.review_checks(vault, r.id, c, today=TODAY).can_finalise
    c.details.seen_alone, c.details.seen_alone_date = True, date(2026, 1, 8)
    assert [f for f, _m in reviews.review_checks(vault, r.id, c, today=TODAY).problems] == \
        ["details.seen_alone_date"]  # after the review


def test_finalised_version_is_read_only_and_hashed(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    final = reviews.finalise_review(vault, r.id, finalised_by=IRO, on=date(2026, 1, 8),
                                    content=complete(r.content), today=TODAY)
    v = final.version
    assert (v.status, v.finalised_by, v.finalised_on) == ("finalised", IRO, date(2026, 1, 8))
    assert v.content_sha256 == sha256_text(content_json(final.content))
    assert reviews.verify_version(vault, r.id, 1)
    assert final.read_only and final.record.state == "finalised"
    final.content.letter.set_body("home", "changed")
    with pytest.raises(lifecycle.RecordFinalised, match="start an amendment"):
        reviews.save_review(vault, r.id, final.content, today=TODAY)
    with pytest.raises(lifecycle.RecordFinalised):
        reviews.finalise_review(vault, r.id, finalised_by=IRO, today=TODAY)
    # The database itself refuses too, whatever code tries.
    with pytest.raises(DatabaseError, match="read-only"):
        with vault.transaction() as tx:
            tx.db.conn.execute("UPDATE record_version SET content = '{}' WHERE record_id = ?", (r.id,))
            tx.audit("test", "record", r.id)
    with pytest.raises(DatabaseError, match="kept for good"):
        with vault.transaction() as tx:
            tx.db.conn.execute("DELETE FROM record_version WHERE record_id = ?", (r.id,))
            tx.audit("test", "record", r.id)
    assert reviews.get_review(vault, r.id).content.letter.section("home").body == ""


def test_amendments_make_new_versions_and_every_version_is_kept(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=complete(r.content), today=TODAY)
    with pytest.raises(ValidationError):
        reviews.amend_review(vault, r.id, "  ")
    amended = reviews.amend_review(vault, r.id, "Nan's name was spelt wrongly")
    assert amended.version.version == 2 and not amended.read_only
    assert amended.record.state == "amending" and amended.version.amendment_reason == "Nan's name was spelt wrongly"
    with pytest.raises(lifecycle.NotFinalised):
        reviews.amend_review(vault, r.id, "again")
    c = amended.content
    c.letter.set_body("family_time", "You see Nan every month.")
    reviews.save_review(vault, r.id, c, today=TODAY)
    v2 = reviews.finalise_review(vault, r.id, finalised_by="Alex Moonwhistle", today=TODAY)
    reviews.amend_review(vault, r.id, "Second correction")
    history = reviews.review_versions(vault, r.id)
    assert [(v.version, v.status, v.amendment_reason) for v in history] == [
        (1, "finalised", None), (2, "finalised", "Nan's name was spelt wrongly"), (3, "draft", "Second correction")]
    assert history[1].finalised_by == "Alex Moonwhistle" and v2.version.version == 2
    assert reviews.review_version(vault, r.id, 1).content.letter.section("family_time").body == ""
    assert reviews.review_version(vault, r.id, 2).content.letter.section("family_time").body == \
        "You see Nan every month."
    assert all(reviews.verify_version(vault, r.id, n) for n in (1, 2, 3))
    actions = [a for a, t, _i in audit_rows(vault) if t == "record"]
    assert actions == ["review_record.create", "review_record.save", "review_record.finalise",
                       "review_record.amend", "review_record.save", "review_record.finalise",
                       "review_record.amend"]
    assert vault.verify_audit().ok


def test_paperwork_dates_mark_the_deadlines_done(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    reviews.record_decisions_circulated(vault, r.id, date(2026, 1, 8), today=TODAY)
    decisions, _ = _due(vault, "decisions")
    assert decisions is None
    with pytest.raises(IroError, match="Finalise"):
        reviews.record_letter_sent(vault, r.id, date(2026, 1, 9), today=TODAY)
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=complete(r.content), today=TODAY)
    with pytest.raises(ValidationError):
        reviews.record_letter_sent(vault, r.id, date(2026, 1, 5), today=TODAY)  # before the review
    reviews.record_letter_sent(vault, r.id, date(2026, 1, 9), today=TODAY)
    record_item, _ = _due(vault, "record")
    assert record_item is None
    [row] = repository.get_child(vault, CHILD).reviews
    assert (row.record_sent_date, row.decisions_circulated_date) == (date(2026, 1, 9), date(2026, 1, 8))


def test_a_record_for_an_existing_review_and_only_one(vault):
    setup(vault)
    review = repository.add_review(vault, CHILD, repository.Review(HELD, "subsequent"), today=TODAY)
    r = reviews.start_record_for_review(vault, review.id)
    assert reviews.record_for_review(vault, review.id).id == r.id
    with pytest.raises(IroError, match="already has a record"):
        reviews.start_record_for_review(vault, review.id)
    assert [x.id for x in reviews.review_records(vault, CHILD)] == [r.id]
    with pytest.raises(lifecycle.UnknownRecord):
        reviews.get_review(vault, 999)


def test_no_case_content_in_the_audit_log(vault):
    setup(vault, preferred_name=MARKERS[0])
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    c = complete(r.content)
    c.letter.set_body("home", MARKERS[1])
    c.recommendations.append(rec(MARKERS[2]))
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=c, today=TODAY)
    text = repr(audit_rows(vault))
    assert not any(m.lower() in text.lower() for m in MARKERS)
