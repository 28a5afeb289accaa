"""A new review record is given its attendees from the caseload (the child, their carer and
their social worker), read from the vault with the editor's data; a record the IRO has already
filled in, or one that is finalised, is left exactly as it is."""

from __future__ import annotations

import copy
from datetime import date

from iro_desktop import reviews
from iro_desktop.caseload import repository
from iro_desktop.caseload.model import Placement
from iro_desktop.reviews import prefill
from iro_desktop.reviews.editor_data import load_for_editor
from iro_desktop.reviews.model import Attendee
from tests.support.caseload_helpers import TODAY, make_child
from tests.support.review_helpers import CHILD, IRO, complete, setup

HELD = date(2025, 9, 1)


def people(content) -> list[tuple[str, str, str]]:
    return [(a.name, a.role, a.role_detail) for a in content.details.attendees]


def test_a_new_record_starts_with_the_child_the_carer_and_the_social_worker(vault):
    setup(vault)  # Lu Puddlewick, with Pat and Lee Gorsebeck (U4, foster care) and Robin Dovecote
    record = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    assert people(record.content) == [(IRO, "iro", "")], "the vault holds only what the record started with"
    data, _shared = load_for_editor(vault, "review", record.id, None)
    assert people(data.record.content) == [
        (IRO, "iro", ""), ("Lu Puddlewick", "child", ""), ("Pat and Lee Gorsebeck", "foster_carer", ""),
        ("Robin Dovecote", "social_worker", "")]
    assert data.extra["prefilled"] == 3
    # Opening it wrote nothing: the names are on screen until the IRO saves.
    assert people(reviews.get_review(vault, record.id).content) == [(IRO, "iro", "")]


def test_a_reopened_record_with_attendees_is_left_alone(vault):
    setup(vault)
    record = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    content = record.content
    content.details.attendees = [Attendee(IRO, "iro"), Attendee("Lu", "child"), Attendee("Mrs Gorsebeck", "other",
                                                                                           "Carer")]
    reviews.save_review(vault, record.id, content, today=TODAY)
    data, _shared = load_for_editor(vault, "review", record.id, None)
    assert people(data.record.content) == [(IRO, "iro", ""), ("Lu", "child", ""), ("Mrs Gorsebeck", "other", "Carer")]
    assert "prefilled" not in data.extra


def test_a_finalised_record_and_an_earlier_version_are_left_alone(vault):
    setup(vault)
    record = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    content = complete(record.content)
    content.details.attendees = [Attendee(IRO, "iro")]
    content.details.participation_code = "PN5"  # took part without attending: nobody else listed
    reviews.finalise_review(vault, record.id, finalised_by=IRO, on=HELD, content=content, today=TODAY)
    for version in (None, 1):
        data, _shared = load_for_editor(vault, "review", record.id, version)
        assert people(data.record.content) == [(IRO, "iro", "")]
        assert "prefilled" not in data.extra


def test_who_is_known_depends_on_the_placement_and_the_caseload():
    child = make_child()
    assert [(a.name, a.role) for a in prefill.known_people(child)] == [
        ("Lu Puddlewick", "child"), ("Pat and Lee Gorsebeck", "foster_carer"), ("Robin Dovecote", "social_worker")]
    home = copy.deepcopy(child)
    home.placements.append(Placement(date(2025, 5, 1), "K2", "Willowbank House", "Kent", "CT1"))
    home.social_worker_name = None
    assert [(a.name, a.role) for a in prefill.known_people(home)] == [
        ("Lu Puddlewick", "child"), ("Willowbank House", "residential_worker")]
    moved_out = copy.deepcopy(child)
    for p in moved_out.placements:
        p.end_date = p.end_date or date(2025, 12, 1)
    assert [a.role for a in prefill.known_people(moved_out)] == ["child", "social_worker"]


def test_a_new_decision_is_given_to_the_social_worker_the_record_lists():
    listed = [Attendee(IRO, "iro"), Attendee("Lu Puddlewick", "child"), Attendee("Robin Dovecote", "social_worker")]
    assert prefill.default_who(listed) == Attendee("Robin Dovecote", "social_worker")
    assert prefill.default_who(listed[:2]) is None
    twice = listed + [Attendee("Robin Dovecote", "social_worker"), Attendee("", "parent")]
    assert [a.name for a in prefill.who_choices(twice)] == [IRO, "Lu Puddlewick", "Robin Dovecote"]


def test_the_names_are_the_caseload_s_as_it_is_when_the_record_is_opened(vault):
    setup(vault)
    record = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    child = repository.get_child(vault, CHILD)
    child.social_worker_name = "Ash Fernhollow"  # a new social worker since the record was started
    repository.update_child(vault, child, today=TODAY)
    data, _shared = load_for_editor(vault, "review", record.id, None)
    assert [a.name for a in data.record.content.details.attendees if a.role == "social_worker"] == ["Ash Fernhollow"]
