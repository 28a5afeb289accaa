"""Consultation for a booked meeting, from the child's meetings: add someone, mark their form
sent, type in what came back under their form's questions (yes / no / not sure for the tick-box
ones, a note for a phone call), remove someone; and Print forms, which opens the preview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QComboBox, QMessageBox, QPlainTextEdit

from iro_desktop.preparation import consultation
from iro_desktop.preparation.questions import questions_for
from tests.ui.preparation.support import book_before_unlock, click, meetings_dialog, set_day, unlocked
from tests.ui.review_support import TODAY, review_vault  # noqa: F401 - fixture
from tests.ui.window_support import closed, opened, settle
from ui.preparation.dialogs import AddPersonDialog, FormChoiceDialog, ReturnedDialog, SentDialog


@pytest.fixture
def booked(review_vault, keychain):
    home, _code = review_vault
    return book_before_unlock(home, keychain, "C100", TODAY + timedelta(days=6))


def _choose_person(dialog, qtbot, role: str) -> None:
    row = next(i for i in range(dialog.people_model.rowCount()) if dialog.people_model.row(i).role == role)
    dialog.people_table.selectRow(row)
    assert dialog.consultee().role == role


def test_the_childs_form_came_back_with_answers(booked, window, qtbot):
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    _choose_person(dialog, qtbot, "child")
    child_id = dialog.consultee_id()

    click(qtbot, dialog.sent_button)
    sent = opened(SentDialog, qtbot)
    set_day(sent.on, TODAY)
    sent.how.set_value("paper")
    click(qtbot, sent.ok_button)
    qtbot.waitUntil(lambda: closed(sent), timeout=10_000)
    settle(window, qtbot)
    assert consultation.get_consultee(window.vault, child_id).sent_how == "paper"

    click(qtbot, dialog.returned_button)
    back = opened(ReturnedDialog, qtbot)
    assert back.height() <= 690
    # One box per question of the child's form, a choice for the yes-no ones.
    keys = [q.key for q in questions_for("child")]
    assert list(back.answers) == keys
    for q in questions_for("child"):
        assert isinstance(back.answers[q.key], QComboBox if q.yes_no else QPlainTextEdit)
        assert back.answers[q.key].accessibleName() == q.text
    set_day(back.on, TODAY)
    back.how.set_value("paper")
    qtbot.keyClicks(back.answers["going_well"], "I got a reading certificate")
    qtbot.keyClicks(back.answers["worries"], "Moving school")
    chair = back.answers["chair"]
    chair.setCurrentIndex(chair.findData("yes"))
    agenda = back.answers["agenda"]
    agenda.setCurrentIndex(agenda.findData("not_sure"))
    click(qtbot, back.ok_button)
    qtbot.waitUntil(lambda: closed(back), timeout=10_000)
    settle(window, qtbot)
    c = consultation.get_consultee(window.vault, child_id)
    assert (c.returned_on, c.returned_how) == (TODAY, "paper")
    assert c.answers == {"going_well": "I got a reading certificate", "worries": "Moving school", "chair": "yes",
                         "agenda": "not_sure"}, "only the questions answered, the yes-no ones by key"
    qtbot.waitUntil(lambda: "reading certificate" in dialog.said.text(), timeout=10_000)
    assert "Chair part of it: Yes" in dialog.said.text() and "Set the agenda: Not sure" in dialog.said.text()
    row = dialog.people_model.rowCount() and [dialog.people_model.index(0, col).data() for col in range(6)]
    assert row[2:] == [TODAY.strftime("%d/%m/%Y"), "On paper", TODAY.strftime("%d/%m/%Y"), "On paper"]


def test_a_phone_call_noted_and_a_refusal_shown_under_its_field(booked, window, qtbot):
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    _choose_person(dialog, qtbot, "social_worker")
    sw = dialog.consultee_id()
    click(qtbot, dialog.returned_button)
    back = opened(ReturnedDialog, qtbot)
    assert list(back.answers) == [q.key for q in questions_for("social_worker")]
    set_day(back.on, TODAY + timedelta(days=3))  # in the future: refused by the core, under the day
    back.how.set_value("phone")
    qtbot.keyClicks(back.note, "Told me by phone that school is going well")
    click(qtbot, back.ok_button)
    qtbot.waitUntil(back.field_problems["returned_on"].isVisible, timeout=10_000)
    assert back.isVisible() and back.note.toPlainText() == "Told me by phone that school is going well"
    assert consultation.get_consultee(window.vault, sw).returned_on is None
    set_day(back.on, TODAY)
    click(qtbot, back.ok_button)
    qtbot.waitUntil(lambda: closed(back), timeout=10_000)
    settle(window, qtbot)
    c = consultation.get_consultee(window.vault, sw)
    assert (c.returned_how, c.note, c.answers) == ("phone", "Told me by phone that school is going well", {})


def test_add_and_remove_someone(booked, window, qtbot):
    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    before = dialog.people_model.rowCount()
    click(qtbot, dialog.add_button)
    add = opened(AddPersonDialog, qtbot)
    click(qtbot, add.ok_button)  # no role chosen: the core says so, under it
    qtbot.waitUntil(lambda: add.field_problems["role"].isVisible() or add.problems.isVisible(), timeout=10_000)
    add.role.set_value("partner_agency")
    qtbot.keyClicks(add.name, "Lee Marsh")
    qtbot.keyClicks(add.agency, "Youth Offending Service")
    click(qtbot, add.ok_button)
    qtbot.waitUntil(lambda: closed(add), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.people_model.rowCount() == before + 1, timeout=10_000)
    _choose_person(dialog, qtbot, "partner_agency")
    added = dialog.consultee()
    assert (added.name, added.agency) == ("Lee Marsh", "Youth Offending Service")
    click(qtbot, dialog.remove_button)
    box = window.preparation_controller.message
    assert isinstance(box, QMessageBox) and "Partner agency" in box.text()
    remove = next(b for b in box.buttons() if b.text() == "Remove")
    click(qtbot, remove)
    qtbot.waitUntil(lambda: dialog.people_model.rowCount() == before, timeout=10_000)
    settle(window, qtbot)
    assert all(c.id != added.id for c in consultation.consultees(window.vault, booked))


def test_print_forms_opens_the_preview_with_the_form_read_back(booked, window, qtbot):
    import io

    import pypdf

    unlocked(window, qtbot)
    dialog = meetings_dialog(window, qtbot)
    _choose_person(dialog, qtbot, "social_worker")
    click(qtbot, dialog.print_button)
    choice = opened(FormChoiceDialog, qtbot)
    assert choice.form_box.currentData() == "consultation-partner", "the chosen person's form is offered first"
    choice.form_box.setCurrentIndex(choice.form_box.findData("consultation"))
    click(qtbot, choice.ok_button)
    qtbot.waitUntil(lambda: closed(choice), timeout=10_000)
    qtbot.waitUntil(lambda: any(w.isVisible() and w.rendered is not None for w in window.outputs.open_windows()),
                    timeout=20_000)
    [preview] = [w for w in window.outputs.open_windows() if w.isVisible()]
    assert preview.variant == "consultation", "the form chosen, never another document"
    assert not preview.record_box.isEnabled() and not preview.version_box.isEnabled(), "a form is for no record"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(preview.rendered.pdf)).pages)
    assert "My review meeting" in text and "C100" not in text, "the child's form: no id"
    assert preview.suggested_file_name() == "C100-meeting-consultation.pdf"
    # The professional form for the same meeting, chosen in the preview itself.
    preview.choose(variant="consultation-partner")
    qtbot.waitUntil(lambda: preview.rendered is not None and preview.rendered.variant == "consultation-partner",
                    timeout=20_000)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(preview.rendered.pdf)).pages)
    assert "C100" in text, "a professional form names the child's id"
