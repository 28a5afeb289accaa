"""A new review record's pages start from what the app knows: the attendees from the caseload
(read with the editor's data on the vault thread), and a new decision's "who" the social
worker they list, with everyone attending a click away."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from iro_desktop import reviews
from iro_desktop.reviews.editor_data import load_for_editor
from iro_desktop.reviews.model import Attendee
from tests.support.caseload_helpers import TODAY
from tests.support.review_helpers import CHILD, IRO, setup
from tests.ui.window_support import unlock
from ui.records.review_decisions_page import DecisionsPage
from ui.records.review_details_page import DetailsPage

HELD = date(2025, 9, 1)


def pages(qtbot, vault, record_id: int) -> tuple[DetailsPage, DecisionsPage, object]:
    data, shared = load_for_editor(vault, "review", record_id, None)
    details, decisions = DetailsPage(shared.child.date_of_birth), DecisionsPage(lambda r: "")
    qtbot.addWidget(details)
    qtbot.addWidget(decisions)
    details.people_changed.connect(decisions.set_people)  # as the review editor joins them
    content = data.record.content
    details.load(content.details)
    decisions.load(content.recommendations, content.previous, data.extra["tracked"])
    return details, decisions, content


def test_a_new_decision_is_given_to_the_social_worker(vault, qtbot):
    setup(vault)
    record = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    details, decisions, content = pages(qtbot, vault, record.id)
    assert details.collect().attendees == content.details.attendees, "an untouched page gives back what it got"
    assert [(a.name, a.role) for a in details.people()] == [
        (IRO, "iro"), ("Lu Puddlewick", "child"), ("Pat and Lee Gorsebeck", "foster_carer"),
        ("Robin Dovecote", "social_worker")]
    decisions.add_decision()
    made = decisions.recommendations()[0]
    assert (made.who_role, made.who_name) == ("social_worker", "Robin Dovecote")

    row = decisions.rows[0]
    row._fill_people()
    assert [a.text() for a in row.people_menu.actions()] == [
        f"{IRO} (Independent Reviewing Officer)", "Lu Puddlewick (Child or young person)",
        "Pat and Lee Gorsebeck (Foster carer)", "Robin Dovecote (Social worker)"]
    next(a for a in row.people_menu.actions() if a.text().startswith("Pat and Lee")).trigger()
    assert (row.value().who_role, row.value().who_name) == ("foster_carer", "Pat and Lee Gorsebeck")
    assert row.people_button.accessibleName() == "Choose who will do it from the people at the review"


def test_the_people_follow_the_attendees_on_screen(vault, qtbot):
    setup(vault)
    record = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    content = record.content
    content.details.attendees = [Attendee(IRO, "iro"), Attendee("Lu", "child")]  # no social worker came
    reviews.save_review(vault, record.id, content, today=TODAY)
    details, decisions, _content = pages(qtbot, vault, record.id)
    assert [a.name for a in details.people()] == [IRO, "Lu"], "a record with attendees is not filled in"
    decisions.add_decision()
    assert (decisions.recommendations()[0].who_role, decisions.recommendations()[0].who_name) == ("", "")
    details.attendees.add_row(["Robin Dovecote", "social_worker", "", None])
    decisions.add_decision()
    assert decisions.recommendations()[1].who_name == "Robin Dovecote"


def test_a_new_record_opens_with_its_attendees_and_a_reopened_one_as_saved(vault_home, keychain, window, qtbot):
    from iro_desktop.vault import Vault
    from tests.conftest import FAST_KDF, PASSPHRASE

    made, _code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    try:
        setup(made)
        fresh = reviews.start_review(made, CHILD, HELD, "subsequent", today=TODAY)
        other = reviews.start_review(made, CHILD, date(2025, 3, 1), "subsequent", today=TODAY)
        content = other.content
        content.details.attendees = [Attendee(IRO, "iro"), Attendee("Mrs Gorsebeck", "other", "Carer")]
        reviews.save_review(made, other.id, content, today=TODAY)
    finally:
        made.close()
    unlock(window, qtbot)
    for record_id, expected in ((fresh.id, [(IRO, "iro"), ("Lu Puddlewick", "child"),
                                            ("Pat and Lee Gorsebeck", "foster_carer"),
                                            ("Robin Dovecote", "social_worker")]),
                                (other.id, [(IRO, "iro"), ("Mrs Gorsebeck", "other")])):
        window.records.open_record("review", record_id)
        qtbot.waitUntil(lambda: any(e.record.id == record_id for e in window.records.editors.values()),
                        timeout=10_000)
        editor = next(e for e in window.records.editors.values() if e.record.id == record_id)
        assert [(a.name, a.role) for a in editor.details_page.people()] == expected
        if record_id == fresh.id:  # the editor joins its pages: a new decision goes to the social worker
            qtbot.mouseClick(editor.decisions_page.add_button, Qt.MouseButton.LeftButton)
            made_here = editor.decisions_page.recommendations()[-1]
            assert (made_here.who_role, made_here.who_name) == ("social_worker", "Robin Dovecote")
