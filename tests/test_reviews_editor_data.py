"""What a record's editor is opened with (``reviews.editor_data``), read in one go on the vault
thread: the record, its versions with their checks, autosaved work, and what editors share."""

from datetime import date

from iro_desktop import reviews
from iro_desktop.reviews import drafts, records
from iro_desktop.reviews.editor_data import load_for_editor
from iro_desktop.reviews.record_kinds import APIS, MIDWAY_API, REVIEW_API, versions_with_checks
from tests.support.caseload_helpers import TODAY
from tests.support.review_helpers import CHILD, IRO, complete, setup

HELD = date(2025, 9, 1)


def test_the_kinds_table_names_both_kinds_with_their_own_calls():
    assert APIS == {"review": REVIEW_API, "midway": MIDWAY_API}
    assert REVIEW_API.get is records.get_review and MIDWAY_API.get is reviews.get_midway
    assert REVIEW_API.draft_key(7) != MIDWAY_API.draft_key(7)


def test_a_review_record_opens_with_its_unsaved_work_versions_review_and_what_editors_share(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    reviews.finalise_review(vault, r.id, finalised_by=IRO, on=HELD, content=complete(r.content), today=TODAY)
    amended = reviews.amend_review(vault, r.id, "The venue was wrong.")
    typed = amended.content
    typed.letter.set_body("home", "Typed after the amendment began, not yet saved.")
    drafts.save_draft(vault, records.draft_key(r.id), typed)

    data, shared = load_for_editor(vault, "review", r.id, None)
    assert data.record.version.version == 2
    assert [(v.version, v.status, intact) for v, intact in data.versions] == [(1, "finalised", True),
                                                                              (2, "draft", True)]
    assert data.versions == versions_with_checks(vault, REVIEW_API, r.id)
    assert data.draft == typed and data.draft_saved_at
    assert data.extra["review"].id == r.record.review_id and data.extra["review"].review_date == HELD
    assert data.extra["tracked"] == {}
    assert (shared.child.child_id, shared.iro_name) == (CHILD, IRO)
    assert isinstance(shared.wording, list) and isinstance(shared.phrases, list)

    # An earlier version opens to be read: the unsaved work belongs to the current one.
    old, _shared = load_for_editor(vault, "review", r.id, 1)
    assert old.record.version.version == 1 and (old.draft, old.draft_saved_at) == (None, None)


def test_a_midway_review_opens_with_the_escalations_it_started_and_no_others(vault):
    setup(vault)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    reviews.finalise_review(vault, r.id, finalised_by=IRO, on=HELD, content=complete(r.content), today=TODAY)
    m = reviews.start_midway(vault, CHILD, date(2025, 12, 1), how="call", today=TODAY)
    m.content.escalation_needed = True
    m.content.escalation_details = "The health assessment is late."
    reviews.finalise_midway(vault, m.id, finalised_by=IRO, on=date(2025, 12, 2), content=m.content, today=TODAY)
    reviews.start_escalation(vault, CHILD, "Raised from the button, not from this midway.", today=TODAY)
    assert len(reviews.escalation_intents(vault, CHILD)) == 2

    data, shared = load_for_editor(vault, "midway", m.id, None)
    [mine] = data.extra["escalations"]
    assert mine.record_id == m.id and "health assessment" in mine.details
    assert "review" not in data.extra and data.draft is None
    assert shared.child.child_id == CHILD
