"""Find anything: a word typed into a finalised letter is found, the child filter narrows it,
a double-click opens the record, and the lock empties the results."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.review_support import (  # noqa: F401 - fixtures
    answer_name, fill_for_finalising, press, review_vault, section_editor, start_review, type_into, unlock,
)
from ui.search.search_view import HIT_ROLE, HTML_ROLE

WORD = "trampolining"


def search_for(window, qtbot, text: str, child_id: str | None = None) -> list:
    view = window.search_view
    view.set_child_filter(child_id)
    view.box.setText(text)
    view.search_now()
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=5_000)
    return [view.model.index(i, 0).data(HIT_ROLE) for i in range(view.model.rowCount())]


def test_search_finds_a_word_in_a_finalised_letter(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    type_into(qtbot, section_editor(editor, "going_well"), f"You told me {WORD} is your favourite thing.")
    fill_for_finalising(editor)
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    answer_name(qtbot, editor)
    press(qtbot, editor, "Finalise")
    qtbot.waitUntil(lambda: editor.record.read_only, timeout=10_000)
    record_id = editor.record.id
    editor.close()

    assert window.find_action.shortcut().toString() == "Ctrl+F"
    window.find_action.trigger()
    assert window.home.currentWidget() is window.search_view
    hits = search_for(window, qtbot, WORD)
    assert [(h.kind, h.record_id, h.child_id) for h in hits] == [("review", record_id, "C100")]
    html = window.search_view.model.index(0, 0).data(HTML_ROLE)
    assert f">{WORD}</span>" in html and "background-color" in html, "the match is marked from the core's offsets"
    assert "Mira Quillfeather" in html
    assert search_for(window, qtbot, WORD, "C200") == [], "another child's filter finds nothing"
    assert len(search_for(window, qtbot, WORD, "C100")) == 1
    assert len(search_for(window, qtbot, WORD[:5])) == 1, "the last word matches as the IRO types"

    view = window.search_view
    index = view.model.index(0, 0)
    view.results.doubleClicked.emit(index)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    assert window.records.editor_for("review", record_id).read_only

    window.lock()
    assert view.model.rowCount() == 0
    assert view.box.text() == ""
    assert view.child.count() == 1, "no child's name is left in the filter"


def test_search_needs_the_vault_and_typing_nothing_shows_nothing(review_vault, window, qtbot):
    unlock(window, qtbot)
    assert search_for(window, qtbot, "   ") == []
    assert "Type a word" in window.search_view.status.text()
    assert window.search_view.child.count() == 4, "All children, and the three on the caseload"
    window.lock()
    assert not window.find_action.isEnabled()
