"""The midway review in its own window: progress on each open decision, the child's views,
an escalation started from the button, the note to the child, finalising and amending."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QLabel

from iro_desktop.reviews import codes, drafts, midway
from iro_desktop.reviews.recommendations import recommendations_for_child
from tests.ui.review_support import (  # noqa: F401 - fixtures
    IRO, TODAY, answer_name, no_network, press, review_vault, type_into, unlock,
)
from ui.common.formatting import uk_date
from ui.escalations.dialogs import RaiseDialog


def start_midway(window, qtbot, child_id: str = "C100", name: str = "Mira Quillfeather"):
    window.records.new_midway(child_id, name)
    qtbot.waitUntil(lambda: window.records.dialog is not None and window.records.dialog.isVisible(), timeout=5_000)
    dialog = window.records.dialog
    assert dialog.windowTitle() == "Write a midway review"
    dialog.how.set_value("visit")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(k.startswith("midway:") for k in window.records.editors), timeout=10_000)
    editor = next(e for k, e in window.records.editors.items() if k.startswith("midway:"))
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=5_000)
    return editor


def test_midway_review_with_an_escalation(no_network, review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_midway(window, qtbot)
    assert editor.windowTitle() == "Midway review — IRO Desktop"
    assert editor.name_label.text() == "Mira Quillfeather"
    assert len(editor.rows) == 2, "each open decision from the review is listed"
    assert "Arrange family time with Nan every month" in editor.rows[0].findChildren(QLabel)[0].text()

    editor.rows[0].progress.set_value("done")
    QTest.keyClicks(editor.rows[0].note, "Nan visits on the first Saturday")
    editor.rows[1].progress.set_value("delayed")
    QTest.keyClicks(editor.rows[1].note, "No place at the club until spring")
    editor.tabs.setCurrentWidget(editor.views_page)
    type_into(qtbot, editor.child_views, "Mira says she wants to learn to swim this year.")
    type_into(qtbot, editor.new_concerns, "The school has not had the swimming money.")

    qtbot.mouseClick(editor.escalate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.pending_dialog, RaiseDialog), timeout=5_000)
    dialog = editor.pending_dialog
    dialog.description.setPlainText("Swimming lessons agreed at the review have not been paid for.")
    dialog.theme.set_value("care_planning")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(midway.escalation_intents(window.vault, "C100")), timeout=5_000)
    intents = midway.escalation_intents(window.vault, "C100")
    assert len(intents) == 1
    assert intents[0].details == "Swimming lessons agreed at the review have not been paid for."
    assert intents[0].record_id == editor.record.id and intents[0].state == "open"
    qtbot.waitUntil(lambda: editor.escalations.isVisible(), timeout=2_000)
    assert editor.escalation_needed.isChecked()
    assert f"Escalation started on {uk_date(TODAY)}" in editor.escalations.label.text()

    editor.tabs.setCurrentWidget(editor.note_page)
    assert editor.addressed_to.text() == "Mira"
    type_into(qtbot, editor.child_note, "It was good to talk about your contact ")
    assert editor.note_suggestion.isVisible() and "family time" in editor.note_suggestion.label.text()

    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    answer_name(qtbot, editor)
    press(qtbot, editor, "Finalise")
    qtbot.waitUntil(lambda: editor.record.read_only, timeout=10_000)
    assert editor.banner.text().startswith(f"Finalised by {IRO} on {uk_date(TODAY)}")
    assert not editor.how.isEnabled() and editor.child_views.isReadOnly() and not editor.escalate_button.isEnabled()
    stored = midway.get_midway(window.vault, editor.record.id).content
    assert stored.escalation_needed and "swimming money" in stored.new_concerns
    assert [p.progress for p in stored.progress] == ["done", "delayed"]
    assert len(midway.escalation_intents(window.vault, "C100")) == 1, "finalising does not start a second one"
    statuses = {t.what: t.status for t in recommendations_for_child(window.vault, "C100")}
    assert statuses["Arrange family time with Nan every month"] == codes.DONE
    assert statuses["Find a swimming club"] == codes.OPEN
    assert no_network == []


def test_midway_is_checked_before_finalising_and_can_be_amended(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_midway(window, qtbot)
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.tabs.currentWidget() is editor.checks_page, timeout=5_000)
    checks = editor.checks_page
    assert "Not ready to finalise yet" in checks.summary.text()
    lines = [checks.list.item(i).text() for i in range(checks.list.count())]
    assert any("progress on each open decision" in line for line in lines)

    for row in editor.rows:
        row.progress.set_value("on_track")
    qtbot.mouseClick(checks.recheck, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: checks.summary.text().startswith("✔ Ready to finalise"), timeout=5_000)
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    answer_name(qtbot, editor)
    press(qtbot, editor, "Finalise")
    qtbot.waitUntil(lambda: editor.record.read_only, timeout=10_000)

    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.pending_dialog, QInputDialog), timeout=5_000)
    editor.pending_dialog.setTextValue("The club confirmed a place")
    editor.pending_dialog.accept()
    qtbot.waitUntil(lambda: not editor.read_only and editor.record.version.version == 2, timeout=5_000)
    editor.rows[1].progress.set_value("done")
    assert [v.version for v in midway.midway_versions(window.vault, editor.record.id)] == [1, 2]


def test_midway_autosave_and_lock(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_midway(window, qtbot)
    record_id = editor.record.id
    editor.tabs.setCurrentWidget(editor.views_page)
    type_into(qtbot, editor.child_views, "Mira is proud of her spelling test")
    qtbot.waitUntil(lambda: drafts.load_draft(window.vault, midway.draft_key(record_id)) is not None, timeout=2_500)
    assert drafts.load_draft(window.vault, midway.draft_key(record_id)).child_views == \
        "Mira is proud of her spelling test"
    window.lock()
    unlock(window, qtbot)
    # The lock put the words into the record itself: nothing to bring back, no question asked.
    assert midway.get_midway(window.vault, record_id).content.child_views == "Mira is proud of her spelling test"
    assert drafts.recover_drafts(window.vault) == []
    qtbot.wait(300)
    assert window.records.recovery_box is None
