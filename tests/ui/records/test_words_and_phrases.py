"""The IRO's own lists in a window of their own: phrases and templates, the children's words,
and the spell check's words, each listed, changed and deleted through the vault."""

from __future__ import annotations

from iro_desktop.documents import phrasebank, spelling, wording
from tests.ui.review_support import review_vault  # noqa: F401 - fixture
from tests.ui.window_support import opened, settle, unlock
from ui.records.words_and_phrases import WordsAndPhrasesDialog, show_words_and_phrases


def row_of(table, text: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == text)


def test_list_change_and_delete_every_kind(review_vault, window, qtbot):
    unlock(window, qtbot)
    vault = window.vault
    kept = phrasebank.add_phrase(vault, "Proud of you", "You should be proud.", None)
    spelling.add_own_word(vault, "Blethwood")
    show_words_and_phrases(window.context)
    dialog = opened(WordsAndPhrasesDialog, qtbot)
    assert dialog.width() <= 1280 and dialog.height() <= 720

    # A phrase: changed, then deleted.
    dialog.phrase_table.selectRow(row_of(dialog.phrase_table, "Proud of you"))
    assert dialog.phrase_body.toPlainText() == "You should be proud."
    dialog.phrase_body.setPlainText("You should be really proud.")
    dialog.save_phrase_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "Saved.")
    assert [p.body for p in phrasebank.list_phrases(vault) if p.id == kept.id] == ["You should be really proud."]
    dialog.phrase_table.selectRow(row_of(dialog.phrase_table, "Proud of you"))
    dialog.delete_phrase_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "Deleted.")
    assert all(p.id != kept.id for p in phrasebank.list_phrases(vault))

    # A built-in children's word: changed, switched off, restored.
    dialog.tabs.setCurrentIndex(1)
    dialog.wording_table.selectRow(row_of(dialog.wording_table, "contact"))
    assert dialog.child_words.text() == "family time"
    dialog.child_words.setText("time with your family")
    dialog.save_wording_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "Saved.")
    assert {w.term: w.child_words for w in wording.wording_list(vault)}["contact"] == "time with your family"
    dialog.remove_wording_button.click()
    qtbot.waitUntil(lambda: "not be offered" in dialog.message.text())
    assert "contact" not in {w.term for w in wording.wording_list(vault)}
    assert dialog.wording_table.item(row_of(dialog.wording_table, "contact"), 2).text() == "Built in, switched off"
    dialog.restore_wording_button.click()
    qtbot.waitUntil(lambda: "built-in words are back" in dialog.message.text())
    assert {w.term: w.child_words for w in wording.wording_list(vault)}["contact"] == "family time"

    # A bad entry says what is wrong and changes nothing.
    dialog.term.setText("")
    dialog.child_words.setText("")
    dialog.save_wording_button.click()
    qtbot.waitUntil(lambda: "Type the professional term" in dialog.message.text())

    # The spell check's words.
    dialog.tabs.setCurrentIndex(2)
    dialog.spelling_table.selectRow(0)
    dialog.remove_word_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "Removed from your words.")
    assert spelling.own_words(vault) == [] and dialog.spelling_table.rowCount() == 0

    settle(window, qtbot)
