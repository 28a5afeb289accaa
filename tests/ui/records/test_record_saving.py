"""One kind of saved: closing, locking, a pause or Ctrl+S put the words into the record itself
(with its audit row) and leave no copy beside it, nothing asks about "unsaved work" afterwards,
and the footer's one indicator says "Saved at 14:32", "Saving…" or "Finalised"."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QAbstractButton, QLabel

from iro_desktop.reviews import drafts, records
from tests.support.caseload_helpers import audit_rows
from ui.common.save_states import FAILED, SAVED, SAVING, UNSAVED, saved_words, state_name, state_words
from tests.ui.review_support import (  # noqa: F401 - fixtures
    answer_name, fill_for_finalising, press, review_vault, section_editor, start_review, type_into, unlock,
)

WORDS = "You said the new bike is the best thing this year"
NEVER_SHOWN = ("draft", "unsaved", "saved in the record", "saved into the record")


def body(window, record_id: int, key: str) -> str:
    return records.get_review(window.vault, record_id).content.letter.section(key).body


def saves_of(window, record_id: int) -> int:
    return sum(1 for action, _t, rid in audit_rows(window.vault)
               if action == "review_record.save" and rid == str(record_id))


def words_on_screen(editor) -> list[str]:
    """Every text the IRO can read in the editor's own frame: labels, buttons and their tips."""
    texts = []
    for w in editor.findChildren(QLabel) + editor.findChildren(QAbstractButton):
        if w.isVisibleTo(editor):
            texts += [w.text(), w.toolTip()]
    for i in range(editor.tabs.count()):
        texts.append(editor.tabs.tabText(i))
    return texts


def no_draft_words(editor) -> None:
    for text in words_on_screen(editor):
        assert not any(word in text.lower() for word in NEVER_SHOWN), text


def test_type_close_reopen_the_words_are_in_the_record_and_nothing_is_asked(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    editor.autosaver.set_delay_ms(60_000)  # so only the close puts these words anywhere
    type_into(qtbot, section_editor(editor, "how_you_are"), WORDS)
    before = saves_of(window, record_id)
    editor.close()
    qtbot.waitUntil(lambda: body(window, record_id, "how_you_are") == WORDS, timeout=5_000)
    assert drafts.load_draft_text(window.vault, records.draft_key(record_id)) is None, "no copy beside the record"
    assert saves_of(window, record_id) == before + 1, "the close saved through the core, with its audit row"
    assert "draft" not in window.statusBar().currentMessage().lower()

    window.records.open_record("review", record_id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    again = window.records.editor_for("review", record_id)
    assert again.letter_page.editors["how_you_are"].markup() == WORDS
    assert not again.restore_bar.isVisible() and again.pending_dialog is None
    assert again.indicator.text().startswith("Saved at ")
    no_draft_words(again)


def test_type_lock_unlock_reopen_the_words_are_there_and_nothing_is_asked(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    type_into(qtbot, section_editor(editor, "home"), "Joan says you make the best pancakes")
    qtbot.waitUntil(lambda: drafts.load_draft_text(window.vault, records.draft_key(record_id)) is not None,
                    timeout=2_500)  # the autosave wrote its copy: the lock must fold it into the record
    before = saves_of(window, record_id)
    window.lock()
    unlock(window, qtbot)
    assert body(window, record_id, "home") == "Joan says you make the best pancakes"
    assert drafts.recover_drafts(window.vault) == []
    assert saves_of(window, record_id) == before + 1
    qtbot.wait(300)
    assert window.records.recovery_box is None
    window.records.open_record("review", record_id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    again = window.records.editor_for("review", record_id)
    assert again.letter_page.editors["home"].markup() == "Joan says you make the best pancakes"
    assert not again.restore_bar.isVisible()


def test_a_pause_in_typing_puts_the_words_into_the_record(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    editor.autosaver.set_idle_ms(300)
    text = section_editor(editor, "school")
    type_into(qtbot, text, "Year 7 is going well")
    qtbot.waitUntil(lambda: body(window, record_id, "school") == "Year 7 is going well", timeout=5_000)
    qtbot.waitUntil(lambda: drafts.load_draft_text(window.vault, records.draft_key(record_id)) is None,
                    timeout=5_000)
    assert editor.indicator.text().startswith("Saved at ")
    # Typing on after the pause: the autosave keeps the newer words, and the next pause folds them in.
    type_into(qtbot, text, " and you like maths")
    qtbot.waitUntil(lambda: body(window, record_id, "school") == "Year 7 is going well and you like maths",
                    timeout=5_000)


def test_the_indicator_in_each_state(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    assert "· Being written ·" in editor.sub_label.text()
    assert editor.indicator.text().startswith("Saved at "), "a new record is saved from the start"
    no_draft_words(editor)
    editor.autosaver.set_delay_ms(60_000)
    text = section_editor(editor, "how_you_are")
    type_into(qtbot, text, "It was lovely to see you.")
    assert editor.indicator.text() == "Saving…", "a change on its way"
    editor.autosaver.set_delay_ms(50)
    editor.changed()
    qtbot.waitUntil(lambda: editor.indicator.text().startswith("Saved at "), timeout=3_000)

    fill_for_finalising(editor)
    editor.finalise_button.click()
    answer_name(qtbot, editor)
    press(qtbot, editor, "Finalise")
    qtbot.waitUntil(lambda: editor.record.read_only, timeout=10_000)
    assert editor.indicator.text() == "Finalised" and "· Finalised ·" in editor.sub_label.text()
    no_draft_words(editor)

    editor.amend()
    qtbot.waitUntil(lambda: editor.pending_dialog is not None and editor.pending_dialog.isVisible(), timeout=5_000)
    editor.pending_dialog.setTextValue("The school's name was wrong")
    editor.pending_dialog.accept()
    qtbot.waitUntil(lambda: not editor.read_only, timeout=5_000)
    assert "· Amending ·" in editor.sub_label.text()
    assert editor.banner.text().startswith("Amending: version 2, saved as you write it.")
    type_into(qtbot, section_editor(editor, "how_you_are"), " Well done.")
    qtbot.waitUntil(lambda: editor.indicator.text().startswith("Saved at "), timeout=3_000)
    no_draft_words(editor)
    record_id = editor.record.id
    editor.close()
    qtbot.waitUntil(lambda: body(window, record_id, "how_you_are").endswith("Well done."), timeout=5_000)
    assert records.get_review(window.vault, record_id).record.state == "amending", "saved, still being amended"


def test_ctrl_s_is_the_same_saved_at_once(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    editor.autosaver.set_delay_ms(60_000)
    type_into(qtbot, section_editor(editor, "going_well"), "You learnt to swim")
    save = next(a for a in editor.actions() if a.shortcut().toString() == "Ctrl+S")
    save.trigger()
    qtbot.waitUntil(lambda: body(window, record_id, "going_well") == "You learnt to swim", timeout=5_000)
    assert editor.indicator.text().startswith("Saved at ")
    assert drafts.load_draft_text(window.vault, records.draft_key(record_id)) is None


def test_the_words_of_each_state():
    at = datetime(2026, 12, 1, 14, 32)
    assert saved_words(at, today=date(2026, 12, 1)) == "Saved at 14:32"
    assert saved_words(at, today=date(2026, 12, 2)) == "Saved on 01/12/2026 at 14:32"
    assert saved_words(None) == "Saved"
    assert state_words(UNSAVED, at) == state_words(SAVING, at) == "Saving…"
    assert state_words(FAILED, at) == "⚠ Not saved yet: trying again"
    assert state_words(SAVED, None) == "Saved"
    assert [state_name(False, "draft"), state_name(False, "amending"), state_name(True, "finalised"),
            state_name(True, "amending")] == ["Being written", "Amending", "Finalised", "Finalised"]
