"""The spell check in the text boxes: wavy lines under unknown words that change nothing in the
text, suggestions on right-click that arrive without holding up the window, and "Add to my
words" kept in the vault."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from iro_desktop.documents import spelling
from tests.ui.review_support import (  # noqa: F401 - fixtures
    no_network, review_vault, section_editor, start_review, type_into, unlock,
)
from ui.records.text.markup_edit import MarkupTextEdit
from ui.records.text.spelling_qt import SpellCheck, add_spelling_actions, word_at


def underlined(edit: MarkupTextEdit) -> list[str]:
    out = []
    block = edit.document().firstBlock()
    while block.isValid():
        out += [block.text()[f.start:f.start + f.length] for f in block.layout().formats()]
        block = block.next()
    return out


def loaded(qtbot, check: SpellCheck) -> None:
    qtbot.waitUntil(lambda: check.speller is not None, timeout=20000)


def test_lines_under_unknown_words_change_nothing_in_the_text(qtbot):
    edit = MarkupTextEdit(accessible_name="Letter text")
    qtbot.addWidget(edit)
    edit.set_markup("Your famly time is on **Tuesday**, colour and recieve.")
    changes = []
    edit.markup_changed.connect(lambda: changes.append(1))
    check = SpellCheck()
    edit.enable_spelling(check)
    loaded(qtbot, check)
    qtbot.waitUntil(lambda: underlined(edit) == ["famly", "recieve"])
    assert changes == [] and not edit.document().isModified(), "drawing the lines is not an edit"
    assert edit.markup() == "Your famly time is on **Tuesday**, colour and recieve."
    # Typing still reports each change once, and new words are checked as they are typed.
    edit.moveCursor(QTextCursor.MoveOperation.End)
    type_into(qtbot, edit, " Wensday")
    assert len(changes) == len(" Wensday")
    qtbot.waitUntil(lambda: underlined(edit) == ["famly", "recieve", "Wensday"])


def test_suggestions_arrive_in_the_open_menu_and_replace_the_word(qtbot):
    edit = MarkupTextEdit(accessible_name="Letter text")
    qtbot.addWidget(edit)
    edit.set_markup("I will recieve it.")
    check = SpellCheck()
    edit.enable_spelling(check)
    loaded(qtbot, check)
    at = edit.textCursor()
    at.setPosition(9)
    word = word_at(at)
    assert word.selectedText() == "recieve" and check.misspelled("recieve")
    added = []
    menu = QMenu(edit)
    menu.addAction("Copy")
    add_spelling_actions(menu, check, word, added.append, edit._replace_word)
    menu.popup(edit.mapToGlobal(edit.rect().center()))
    texts = lambda: [a.text() for a in menu.actions() if not a.isSeparator()]  # noqa: E731
    assert "Looking for suggestions…" in texts(), "the menu opens at once; suggestions follow"
    qtbot.waitUntil(lambda: "receive" in texts(), timeout=10000)
    assert texts()[0] == "receive" and "Looking for suggestions…" not in texts()
    assert "Add “recieve” to my words" in texts() and texts()[-1] == "Copy"
    next(a for a in menu.actions() if a.text() == "receive").trigger()
    menu.close()
    assert edit.markup() == "I will receive it."


def test_add_to_my_words_in_the_editor_is_kept_in_the_vault(no_network, review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    text = section_editor(editor, "how_you_are")
    type_into(qtbot, text, "Zephyrine came with you.")
    check = text._spelling
    assert check is not None, "the letter's boxes are spell checked"
    loaded(qtbot, check)
    qtbot.waitUntil(lambda: "Zephyrine" in underlined(text))
    check.add_own_word("Zephyrine")
    editor._keep_own_word("Zephyrine")
    qtbot.waitUntil(lambda: spelling.own_words(window.vault) == ["Zephyrine"])
    qtbot.waitUntil(lambda: "Zephyrine" not in underlined(text))
    assert no_network == []
