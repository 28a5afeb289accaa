"""The record editor's Preview: the letter to the child as it will print, made from what is on
screen (words not yet saved into the record too), marked as a draft; and a finalised record as
it was saved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from iro_desktop import printing
from iro_desktop.preparation.forms import FORM_VARIANTS
from iro_desktop.reviews import records
from tests.ui.print_support import deleted, pdf_text, wait_rendered
from tests.ui.review_support import (review_vault, section_editor, start_review,  # noqa: F401 - fixtures
                                     type_into, unlock)
from tests.ui.records.test_review_midway import start_midway
from ui.printing.preview_window import CHILD_VARIANTS, WINDOW_TITLE, PreviewWindow

UNSAVED = "You told me about the pony club and the red rosette."


def preview_from(editor, window, qtbot) -> PreviewWindow:
    before = set(window.outputs.open_windows())
    assert editor.preview_button.isVisible()
    qtbot.mouseClick(editor.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(set(window.outputs.open_windows()) - before), timeout=5_000)
    preview = (set(window.outputs.open_windows()) - before).pop()
    wait_rendered(preview, qtbot)
    return preview


def test_the_editors_preview_shows_words_not_yet_saved(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    type_into(qtbot, section_editor(editor, "how_you_are"), UNSAVED)
    saved = records.get_review(window.vault, editor.record.id)
    assert UNSAVED not in saved.content.letter.section("how_you_are").body, "not saved into the record"

    preview = preview_from(editor, window, qtbot)
    assert preview.windowTitle() == WINDOW_TITLE
    assert preview.viewer.page_count() > 0
    text = pdf_text(preview.rendered.pdf)
    assert UNSAVED in text
    assert "Draft: this letter may still change" in text
    assert [preview.variant_box.itemData(i) for i in range(preview.variant_box.count())] == list(CHILD_VARIANTS)
    assert not preview.record_box.isEnabled() and not preview.version_box.isEnabled()
    assert preview.rendered.audit_id == editor.record.id

    preview.choose(variant="easy-read")
    wait_rendered(preview, qtbot)
    assert "pony club" in pdf_text(preview.rendered.pdf)
    assert preview.suggested_file_name().endswith("-easy-read-draft.pdf")
    assert preview.suggested_file_name().startswith("C100-review-")

    editor.close()  # the preview belongs to the editor's window
    qtbot.waitUntil(lambda: deleted(preview), timeout=5_000)


def test_a_finalised_record_is_previewed_as_saved(review_vault, window, qtbot):
    unlock(window, qtbot)
    found = records.review_records(window.vault, "C100")
    window.records.open_record("review", found[0].id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", found[0].id) is not None, timeout=10_000)
    editor = window.records.editor_for("review", found[0].id)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    assert editor.read_only
    preview = preview_from(editor, window, qtbot)
    assert preview.rendered.record_id == found[0].id
    # Every document for the child: the record's, the leaflet and the forms before the next review.
    assert preview.variant_box.count() == len(printing.VARIANTS) + len(FORM_VARIANTS), \
        "a saved record offers every document"
    assert "Draft" not in pdf_text(preview.rendered.pdf)


def test_a_midway_reviews_note_to_the_child(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_midway(window, qtbot)
    preview = preview_from(editor, window, qtbot)
    assert preview.pages.currentWidget() is preview.message, "no note yet: the core says so"
    assert "no note for the child" in preview.message.text()
    preview.close()

    editor.tabs.setCurrentWidget(editor.views_page)
    type_into(qtbot, editor.child_note, "Dear Mira, it was good to see you at the stables.")
    preview = preview_from(editor, window, qtbot)
    assert "good to see you at the stables" in pdf_text(preview.rendered.pdf)
