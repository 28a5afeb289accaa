"""Find opens a record at the words it matched (the page, the section or decision, the words
selected and marked), and its snippets keep a heading apart from the text under it."""

from __future__ import annotations

from iro_desktop import search
from tests.ui.review_support import review_vault, unlock  # noqa: F401 - fixtures
from tests.ui.search.test_review_search import search_for
from ui.search.open_at_match import show_match, text_fields
from ui.search.search_view import HTML_ROLE


def _open_first(window, qtbot):
    view = window.search_view
    view.results.doubleClicked.emit(view.model.index(0, 0))
    hit = view.model.hit(0)
    qtbot.waitUntil(lambda: window.records.editor_for(hit.kind, hit.record_id) is not None, timeout=10_000)
    return window.records.editor_for(hit.kind, hit.record_id)


def test_a_letter_match_opens_at_its_section_with_the_words_marked(review_vault, window, qtbot):
    unlock(window, qtbot)
    hits = search_for(window, qtbot, "lovel")
    assert [h.kind for h in hits] == ["review"]
    # The heading and the letter's words are kept apart in the snippet.
    assert search.SEPARATOR + "It was lovely" in hits[0].snippet
    assert "you are It" not in hits[0].snippet.replace(search.SEPARATOR, " | ")
    assert search.SEPARATOR.strip() in window.search_view.model.index(0, 0).data(HTML_ROLE)
    editor = _open_first(window, qtbot)
    text = editor.letter_page.editors["how_you_are"]
    qtbot.waitUntil(lambda: text.textCursor().selectedText() == "lovely", timeout=5_000)
    assert editor.tabs.currentWidget() is editor.letter_page
    assert [s.cursor.selectedText() for s in text.extraSelections()] == ["lovely"]
    assert text.toPlainText() == "It was lovely to see you.", "marking changes nothing"


def test_a_decision_match_opens_at_that_decision(review_vault, window, qtbot):
    unlock(window, qtbot)
    assert len(search_for(window, qtbot, "swimming")) == 1
    editor = _open_first(window, qtbot)
    row = editor.decisions_page.rows[1]
    qtbot.waitUntil(lambda: row.what.selectedText() == "swimming", timeout=5_000)
    assert editor.tabs.currentWidget() is editor.decisions_page
    assert editor.decisions_page.rows[0].what.selectedText() == ""


def test_the_field_with_most_of_the_words_is_chosen_and_a_match_elsewhere_leaves_the_editor_be(
        review_vault, window, qtbot):
    unlock(window, qtbot)
    search_for(window, qtbot, "lovely")
    editor = _open_first(window, qtbot)
    qtbot.waitUntil(lambda: editor.letter_page.editors["how_you_are"].textCursor().hasSelection(), timeout=5_000)
    fields = dict(text_fields(editor))
    assert "letter.how_you_are" in fields and "recommendations[0].what" in fields
    found = show_match(editor, "family Nan")  # both words in the first decision, one nowhere else
    assert found is not None and found.field == "recommendations[0].what"
    assert fields[found.field].selectedText() == "family"
    assert show_match(editor, "Quillfeather") is None  # in the title only: nothing to mark


def test_a_midway_match_opens_at_its_field(review_vault, window, qtbot):
    from datetime import date, timedelta

    from iro_desktop.reviews import midway

    unlock(window, qtbot)
    m = midway.start_midway(window.vault, "C100", date.today() - timedelta(days=3), how="call")
    m.content.child_views = "Mira said the trampolining club is the best part of her week."
    midway.save_midway(window.vault, m.id, m.content)
    hits = search_for(window, qtbot, "trampolining")
    assert [h.kind for h in hits] == ["midway"]
    editor = _open_first(window, qtbot)
    qtbot.waitUntil(lambda: editor.child_views.textCursor().selectedText() == "trampolining", timeout=5_000)
    assert editor.tabs.currentWidget() is editor.views_page
