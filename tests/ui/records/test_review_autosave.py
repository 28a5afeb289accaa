"""Never lose a word: autosave within 2 seconds, the lock puts the words into the record first,
and after a crash the next unlock and the next opening bring back the words that never reached
the record."""

from __future__ import annotations

import time

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from iro_desktop.reviews import drafts, records
from tests.ui.review_support import (  # noqa: F401 - fixtures
    no_network, review_vault, section_editor, start_review, type_into, unlock,
)
from ui.records.record_editor import RecordEditor

WORDS = "You told me the new bike is the best thing this year"


def draft_text(window, record_id: int) -> str | None:
    return drafts.load_draft_text(window.vault, records.draft_key(record_id))


def letter_in_draft(window, record_id: int, key: str = "how_you_are") -> str | None:
    content = drafts.load_draft(window.vault, records.draft_key(record_id))
    return content.letter.section(key).body if content is not None else None


def recovery_box(window, qtbot) -> QMessageBox:
    qtbot.waitUntil(lambda: window.records.recovery_box is not None and window.records.recovery_box.isVisible(),
                    timeout=5_000)
    return window.records.recovery_box


def click(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def test_typing_is_autosaved_within_two_seconds_and_offered_back_after_a_crash(
        no_network, review_vault, window, qtbot, monkeypatch):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    text = section_editor(editor, "how_you_are")
    type_into(qtbot, text, WORDS)
    typed_at = time.monotonic()
    qtbot.waitUntil(lambda: letter_in_draft(window, record_id) == WORDS, timeout=2_500)
    assert time.monotonic() - typed_at <= 2.5
    qtbot.waitUntil(lambda: editor.indicator.text().startswith("Saved at "), timeout=2_000)

    # A crash: the lock routine's own save never happens, so only what autosave wrote survives.
    monkeypatch.setattr(RecordEditor, "final_draft", lambda self: None)
    QTest.keyClicks(text, " and more words that never reached the disk")
    window.lock()
    assert window.records.editors == {}
    monkeypatch.undo()

    unlock(window, qtbot)
    found = drafts.recover_drafts(window.vault)
    assert [d.draft_key for d in found] == [records.draft_key(record_id)]
    box = recovery_box(window, qtbot)
    assert "closed before it could put your latest words into 1 record" in box.text()
    assert "Review record for Mira Quillfeather" in box.text()
    assert box.windowTitle() == "Carry on where you left off"
    assert "unsaved" not in box.text().lower() and "draft" not in box.text().lower()
    click(box, "Open")
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    reopened = window.records.editor_for("review", record_id)
    assert reopened.letter_page.editors["how_you_are"].markup() == WORDS
    bar = reopened.restore_bar.label.text()
    assert reopened.restore_bar.isVisible() and "are back, just as you left them" in bar
    assert "unsaved" not in bar.lower() and "draft" not in bar.lower()
    assert reopened.indicator.text().startswith("Saved at ")
    assert records.get_review(window.vault, record_id).content.letter.section("how_you_are").body == ""
    # Closing it puts the words that came back into the record: one truth again.
    reopened.close()
    qtbot.waitUntil(lambda: records.get_review(window.vault, record_id).content.letter.section(
        "how_you_are").body == WORDS, timeout=5_000)
    assert drafts.recover_drafts(window.vault) == []
    assert no_network == []


def test_locking_puts_the_words_into_the_record_even_mid_sentence_and_asks_nothing(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    editor.autosaver.set_delay_ms(60_000)  # so only the lock's own save can write these words
    text = section_editor(editor, "home")
    type_into(qtbot, text, "Joan says you make the best pancakes")
    assert draft_text(window, record_id) is None
    window.lock_action.trigger()
    assert window.vault is None and window.records.editors == {}

    unlock(window, qtbot)
    assert records.get_review(window.vault, record_id).content.letter.section("home").body == (
        "Joan says you make the best pancakes")
    assert draft_text(window, record_id) is None, "no copy left beside the record"
    qtbot.wait(300)
    assert window.records.recovery_box is None, "an ordinary lock asks nothing at the next unlock"
    window.records.open_record("review", record_id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    reopened = window.records.editor_for("review", record_id)
    assert reopened.letter_page.editors["home"].markup() == "Joan says you make the best pancakes"
    assert not reopened.restore_bar.isVisible()


def test_the_idle_lock_puts_the_words_into_the_record_too(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    editor.autosaver.set_delay_ms(60_000)
    type_into(qtbot, section_editor(editor, "school"), "Year 7 is going well")
    window.idle_lock.set_interval_ms(200)
    qtbot.waitUntil(lambda: window.vault is None, timeout=5_000)
    window.idle_lock.set_interval_ms(600_000)
    unlock(window, qtbot)
    assert records.get_review(window.vault, record_id).content.letter.section("school").body == "Year 7 is going well"
    assert drafts.recover_drafts(window.vault) == []
    qtbot.wait(300)
    assert window.records.recovery_box is None


def _crash_while_typing(window, qtbot, monkeypatch, key: str, words: str) -> int:
    """Type, let the autosave write, then lock as a crash would leave things: the lock's own
    save never happens, so only what autosave wrote survives."""
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    type_into(qtbot, section_editor(editor, key), words)
    qtbot.waitUntil(lambda: letter_in_draft(window, record_id, key) == words, timeout=2_500)
    monkeypatch.setattr(RecordEditor, "final_draft", lambda self: None)
    window.lock()
    monkeypatch.undo()
    return record_id


def test_throwing_away_words_that_came_back_asks_first_and_keeps_the_record(
        review_vault, window, qtbot, monkeypatch):
    unlock(window, qtbot)
    record_id = _crash_while_typing(window, qtbot, monkeypatch, "home", "Words to throw away")
    unlock(window, qtbot)
    click(recovery_box(window, qtbot), "Throw the words away…")
    qtbot.waitUntil(lambda: isinstance(window.records.dialog, QMessageBox) and window.records.dialog.isVisible(),
                    timeout=5_000)
    assert draft_text(window, record_id) is not None, "nothing is thrown away before the IRO confirms"
    click(window.records.dialog, "Throw them away")
    qtbot.waitUntil(lambda: draft_text(window, record_id) is None, timeout=5_000)
    assert records.get_review(window.vault, record_id) is not None


def test_opening_a_record_after_a_crash_brings_the_words_back_in_the_editor(
        review_vault, window, qtbot, monkeypatch):
    unlock(window, qtbot)
    record_id = _crash_while_typing(window, qtbot, monkeypatch, "worries", "You worry about moving school")
    unlock(window, qtbot)
    click(recovery_box(window, qtbot), "Later")
    window.records.open_record("review", record_id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    again = window.records.editor_for("review", record_id)
    assert again.letter_page.editors["worries"].markup() == "You worry about moving school"
    assert again.restore_bar.isVisible()
    # Going back to the record as it was: asked first, then the words go.
    next(b for b in again.restore_bar.findChildren(QPushButton) if b.text().startswith("Go back")).click()
    click(again.pending_dialog, "Throw them away")
    qtbot.waitUntil(lambda: draft_text(window, record_id) is None, timeout=5_000)
    qtbot.waitUntil(lambda: again.letter_page.editors["worries"].markup() == "", timeout=5_000)
    assert not again.restore_bar.isVisible()


def test_save_puts_the_words_in_the_record_and_leaves_no_draft(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    text = section_editor(editor, "going_well")
    type_into(qtbot, text, "You learnt to swim")
    qtbot.waitUntil(lambda: draft_text(window, record_id) is not None, timeout=2_500)
    editor.activateWindow()
    editor.save()  # Ctrl+S: "save now"
    qtbot.waitUntil(lambda: draft_text(window, record_id) is None, timeout=5_000)
    assert records.get_review(window.vault, record_id).content.letter.section("going_well").body == "You learnt to swim"
    editor.close()
    window.lock()
    unlock(window, qtbot)
    assert drafts.recover_drafts(window.vault) == []
    assert window.records.recovery_box is None


def test_opening_a_record_and_closing_it_leaves_nothing_to_recover(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    editor.close()
    window.records.open_record("review", record_id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    window.lock()
    unlock(window, qtbot)
    assert drafts.recover_drafts(window.vault) == [], "looking at a record is not a change"


def test_restoring_a_backup_carries_the_words_being_written_over(review_vault, window, qtbot):
    unlock(window, qtbot)
    kept = start_review(window, qtbot)
    kept_id = kept.record.id
    backup = window.worker.call_blocking(lambda: window.vault.backup_now("before"))
    later = start_review(window, qtbot, child_id="C200")  # made after the backup: not in it
    type_into(qtbot, section_editor(kept, "home"), "Joan says you make the best pancakes")
    type_into(qtbot, section_editor(later, "home"), "Words for a record the backup never had")

    window.restore_backup(backup)
    assert window.records.editors == {}, "the editors close first, their words saved"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Restored"), timeout=10_000)
    assert "The words you were writing on 1 record made after this backup are kept in that previous database" in (
        window.statusBar().currentMessage())
    box = recovery_box(window, qtbot)
    assert "latest words into 1 record" in box.text()
    click(box, "Open")
    qtbot.waitUntil(lambda: window.records.editor_for("review", kept_id) is not None, timeout=5_000)
    reopened = window.records.editor_for("review", kept_id)
    assert reopened.letter_page.editors["home"].markup() == "Joan says you make the best pancakes"
