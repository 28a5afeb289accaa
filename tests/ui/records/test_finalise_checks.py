"""One Finalise button, in the footer, always on screen at 1280x720, with its shortcut; when
something is missing it opens the checks, which point at each field; and a finalised record
that contradicts itself says so, calmly, when it is opened."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from iro_desktop.reviews import checks as core_checks, records
from iro_desktop.reviews.model import Attendee
from tests.ui.review_support import (  # noqa: F401 - fixtures
    TODAY, answer_name, fill_for_finalising, press, review_vault, section_editor, start_review, type_into, unlock,
)


def finalise_buttons(editor) -> list[QPushButton]:
    return [b for b in editor.findChildren(QPushButton) if b.text().replace("&", "").startswith("Finalise")]


def check_lines(editor) -> list[tuple[str, str]]:
    lst = editor.checks_page.list
    return [(lst.item(i).text(), lst.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(lst.count())]


def test_one_finalise_button_in_the_footer_inside_a_1280x720_window(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    editor.resize(1280, 720)
    qtbot.waitUntil(lambda: editor.width() <= 1280 and editor.height() <= 720, timeout=2_000)
    [button] = finalise_buttons(editor)
    assert button is editor.finalise_button and button.isVisible()
    inside = QRect(button.mapTo(editor, button.rect().topLeft()), button.size())
    assert editor.rect().contains(inside), (inside, editor.rect())
    assert editor.finalise_action.shortcut().toString() == "Ctrl+Shift+F"
    assert "Ctrl+Shift+F" in button.toolTip()
    # On every page, the checks included: the footer is outside the tabs.
    for i in range(editor.tabs.count()):
        if editor.tabs.isTabVisible(i):
            editor.tabs.setCurrentIndex(i)
            assert finalise_buttons(editor) == [button] and button.isVisible()


def test_the_shortcut_opens_the_checks_which_point_at_each_field(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    type_into(qtbot, section_editor(editor, "how_you_are"), "It was lovely to see you.")
    # The case: PN1 (the child attended and spoke), with only the IRO attending.
    editor.details_page.attendees.set_values([["Sam Ravensmoss", "iro", "", ""]])
    editor.details_page.participation.setCurrentIndex(editor.details_page.participation.findData("PN1"))
    editor.activateWindow()
    QTest.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: editor.tabs.currentWidget() is editor.checks_page, timeout=5_000)
    qtbot.waitUntil(lambda: editor.checks_page.list.count() > 0, timeout=5_000)
    lines = dict((where, text) for text, where in check_lines(editor) if where)
    assert "PN1" in lines["details.participation_code"] and "does not list the child" in lines[
        "details.participation_code"]
    assert "“School and learning” is empty" in lines["letter.school"]
    assert "letter.how_you_are" not in lines, "a written section needs nothing"
    assert editor.pending_dialog is None, "nothing offered to finalise"

    # Enter on a line goes to its field: the section, with the cursor in it.
    row = next(i for i, (_t, where) in enumerate(check_lines(editor)) if where == "letter.school")
    editor.checks_page.list.setCurrentRow(row)
    editor.checks_page.list.itemActivated.emit(editor.checks_page.list.item(row))
    assert editor.tabs.currentWidget() is editor.letter_page
    assert editor.letter_page.current_key() == "school"
    assert editor.focusWidget() is editor.letter_page.editors["school"]
    editor.go_to_field("details.participation_code")
    assert editor.tabs.currentWidget() is editor.details_page
    assert editor.focusWidget() is editor.details_page.participation

    # Put right, it finalises from the same button.
    fill_for_finalising(editor)
    editor.finalise_button.click()
    answer_name(qtbot, editor)
    press(qtbot, editor, "Finalise")
    qtbot.waitUntil(lambda: editor.record.read_only, timeout=10_000)
    assert finalise_buttons(editor) == [editor.finalise_button] and not editor.finalise_button.isVisible()


def test_a_finalised_record_that_contradicts_itself_shows_a_calm_banner(review_vault, window, qtbot, monkeypatch):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    editor.close()
    vault = window.vault

    def finalise_as_an_older_version_did() -> None:
        rec = records.get_review(vault, record_id)
        c = rec.content
        d = c.details
        d.venue_mode, d.venue, d.seen_alone, d.seen_alone_date = "in_person", "Home", True, TODAY
        d.participation_code = "PN5"
        d.attendees.append(Attendee("Mira Quillfeather", "child"))
        c.letter.set_body("how_you_are", "It was lovely to see you.")
        for s in c.letter.sections:
            s.hidden = not s.body.strip()
        for p in c.previous:
            p.outcome = "done"
        records.finalise_review(vault, record_id, finalised_by="Sam Ravensmoss", content=c)

    # Before the check existed, such a record could be finalised (the demo keeps one).
    monkeypatch.setattr(core_checks, "participation_contradiction", lambda details: None)
    window.worker.call_blocking(finalise_as_an_older_version_did)
    monkeypatch.undo()

    window.records.open_record("review", record_id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    opened = window.records.editor_for("review", record_id)
    assert opened.contradiction_bar.isVisible()
    assert opened.contradiction_bar.label.text() == (
        "This record says PN5 (the child did not attend in person) but lists the child as attending in person. "
        "Amend it to put it right.")
    assert "Mira" not in opened.contradiction_bar.label.text()
    assert opened.amend_button.isVisible()
