"""Previewing printed documents inside the app: made on the vault thread, shown with QtPdf from
memory, any variant of any record or version, the leaflet, and dropped on close and on lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView

from iro_desktop import printing
from tests.conftest import MARKERS
from tests.ui.print_support import (AMENDED_WORDS, FIRST_WORDS, HELD, choose_and_wait, deleted, open_preview,
                                    pdf_text, print_vault, wait_rendered)  # noqa: F401 - fixtures
from tests.ui.window_support import unlock
from ui.printing.batch_output import BatchDialog
from ui.printing.preview_window import VARIANT_NAMES, WINDOW_TITLE, PreviewWindow
from ui.printing.print_settings_dialog import ChildStyleDialog, PrintSettingsDialog


@pytest.fixture
def unlocked(print_vault, window, qtbot):
    unlock(window, qtbot)
    return window


def shows_a_real_pdf(preview: PreviewWindow) -> None:
    document = preview.viewer.document
    assert document.status() == QPdfDocument.Status.Ready
    assert document.pageCount() > 0
    assert preview.viewer.page_count() == document.pageCount()
    assert preview.pages.currentWidget() is preview.viewer
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()


@pytest.mark.parametrize("variant", printing.VARIANTS)
def test_every_variant_is_shown_from_memory(unlocked, qtbot, print_vault, variant):
    preview = open_preview(unlocked, qtbot, "C100")
    choose_and_wait(preview, qtbot, variant=variant)
    shows_a_real_pdf(preview)
    assert preview.rendered.variant == variant
    assert preview.variant_box.currentText() == VARIANT_NAMES[variant]
    text = pdf_text(preview.rendered.pdf)
    if variant in ("child", "large-print", "dyslexia"):
        assert "Dear Zebediah" in text
    if variant == printing.LEAFLET:
        assert preview.rendered.audit_id == "C100" and not preview.record_box.isEnabled()
    else:
        assert preview.rendered.record_id == preview.rendered.audit_id == print_vault.records["C100"]
    assert preview.windowTitle() == WINDOW_TITLE
    assert not any(m in preview.windowTitle() for m in MARKERS)


def test_offered_from_the_child_detail_and_the_child_menu(unlocked, qtbot, print_vault):
    unlocked.open_child("C100")
    assert unlocked.caseload.preview_button.isEnabled()
    qtbot.mouseClick(unlocked.caseload.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(unlocked.outputs.open_windows()) == 1, timeout=5_000)
    preview = unlocked.outputs.open_windows()[0]
    assert isinstance(preview, PreviewWindow) and preview.child_id == "C100"
    wait_rendered(preview, qtbot)
    shows_a_real_pdf(preview)
    assert preview.rendered.record_id == print_vault.records["C100"], "the latest review record's letter"
    assert preview.rendered.variant == "child"
    preview.close()

    unlocked.open_child("C300")
    assert unlocked.preview_action.isEnabled()
    unlocked.preview_action.trigger()
    qtbot.waitUntil(lambda: any(getattr(w, "child_id", None) == "C300" for w in unlocked.outputs.open_windows()),
                    timeout=5_000)
    preview = next(w for w in unlocked.outputs.open_windows() if w.child_id == "C300")
    wait_rendered(preview, qtbot)
    # C300's latest review record is a draft, held after the finalised one: that is the latest.
    assert preview.rendered.record_id == print_vault.draft_record
    assert "Draft: this letter may still change" in pdf_text(preview.rendered.pdf)


def test_a_chosen_record_and_version(unlocked, qtbot, print_vault):
    record = print_vault.records["C200"]
    preview = open_preview(unlocked, qtbot, "C200")
    assert "Review record, meeting on" in preview.record_box.itemText(1)
    # The latest version is the amendment in progress.
    assert AMENDED_WORDS in pdf_text(preview.rendered.pdf)

    choose_and_wait(preview, qtbot, record_id=record, version=1)
    shows_a_real_pdf(preview)
    assert (preview.rendered.record_id, preview.rendered.version) == (record, 1)
    assert FIRST_WORDS in pdf_text(preview.rendered.pdf)
    assert AMENDED_WORDS not in pdf_text(preview.rendered.pdf)
    assert preview.version_box.currentText().startswith("Version 1, finalised")
    assert preview.suggested_file_name() == f"C200-review-{HELD['C200']:%Y-%m-%d}-v1-child.pdf"

    choose_and_wait(preview, qtbot, variant=printing.PROFESSIONAL)
    shows_a_real_pdf(preview)
    assert (preview.rendered.record_id, preview.rendered.version) == (record, 1)

    # Opened straight at a record and version (as the records list and the editor do).
    direct = open_preview(unlocked, qtbot, "C200", record_id=record, version=1, variant="easy-read")
    assert (direct.rendered.record_id, direct.rendered.version, direct.rendered.variant) == (record, 1, "easy-read")
    assert direct.record_box.currentData() == record and direct.version_box.currentData() == 1


def test_a_child_with_no_review_gets_the_leaflet_and_the_reason_there_is_no_letter(unlocked, qtbot):
    preview = open_preview(unlocked, qtbot, "C400")
    assert preview.variant == printing.LEAFLET, "the leaflet can be printed for any child"
    shows_a_real_pdf(preview)
    assert "Xanthippe-Marker" in pdf_text(preview.rendered.pdf)

    choose_and_wait(preview, qtbot, variant="child")
    assert preview.pages.currentWidget() is preview.message
    assert "no review record yet" in preview.message.text()
    assert preview.rendered is None and preview.viewer.page_count() == 0
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()


def test_page_navigation_and_zoom(unlocked, qtbot):
    preview = open_preview(unlocked, qtbot, "C100", variant="easy-read")
    viewer = preview.viewer
    assert viewer.page_count() > 1
    assert viewer.current_page() == 0 and not viewer.previous_button.isEnabled()
    assert viewer.page_total.text() == f"of {viewer.page_count()}"
    qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=3_000)
    assert viewer.page_box.value() == 2 and viewer.previous_button.isEnabled()
    viewer.page_box.setValue(viewer.page_count())
    qtbot.waitUntil(lambda: viewer.current_page() == viewer.page_count() - 1, timeout=3_000)
    assert not viewer.next_button.isEnabled()

    assert viewer.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    qtbot.mouseClick(viewer.zoom_in_button, Qt.MouseButton.LeftButton)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.Custom
    bigger = viewer.view.zoomFactor()
    qtbot.mouseClick(viewer.zoom_out_button, Qt.MouseButton.LeftButton)
    assert viewer.view.zoomFactor() < bigger
    viewer.zoom_box.setCurrentIndex(viewer.zoom_box.findText("Whole page"))
    viewer.zoom_box.activated.emit(viewer.zoom_box.currentIndex())
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert viewer.zoom_box.currentText() == "Whole page"


def test_closing_the_preview_drops_the_pdf(unlocked, qtbot):
    preview = open_preview(unlocked, qtbot, "C100")
    shows_a_real_pdf(preview)
    preview.close()
    assert preview.rendered is None
    assert preview.viewer.document.status() == QPdfDocument.Status.Null
    assert preview.viewer._buffer is None
    qtbot.waitUntil(lambda: deleted(preview), timeout=5_000)
    assert unlocked.outputs.open_windows() == []


def test_the_lock_routine_closes_every_viewer_and_print_window(unlocked, qtbot):
    first = open_preview(unlocked, qtbot, "C100")
    second = open_preview(unlocked, qtbot, "C200", variant=printing.PROFESSIONAL)
    settings = unlocked.outputs.print_settings(unlocked)
    style = unlocked.child_style("C100")
    batch = unlocked.outputs.batch(unlocked)
    qtbot.waitUntil(lambda: not unlocked.worker.is_busy, timeout=10_000)
    assert isinstance(settings, PrintSettingsDialog) and isinstance(style, ChildStyleDialog)
    assert isinstance(batch, BatchDialog)
    assert len(unlocked.outputs.open_windows()) == 5
    viewers = [first.viewer, second.viewer]

    unlocked.lock_action.trigger()

    assert unlocked.vault is None
    assert unlocked.outputs.open_windows() == []
    for preview, viewer in zip((first, second), viewers):
        assert preview.rendered is None, "the PDF is dropped"
        assert viewer.document.status() == QPdfDocument.Status.Null
        assert viewer._buffer is None
    for widget in (first, second, settings, style, batch):
        qtbot.waitUntil(lambda w=widget: deleted(w), timeout=5_000)


def test_a_document_still_being_made_when_the_vault_locks_is_never_shown(unlocked, qtbot):
    unlocked.open_child("C100")
    preview = unlocked.outputs.preview(unlocked, "C100", "Zebediah Quillfeather")
    unlocked.lock()  # the preview's work is queued on the vault thread; the lock waits for it
    qtbot.waitUntil(lambda: deleted(preview), timeout=5_000)
    assert unlocked.outputs.open_windows() == []


def test_without_the_iros_name_the_preview_says_so_and_offers_my_details_for_children(closed_vault, window, qtbot):
    from iro_desktop.printing import profile

    unlock(window, qtbot)  # a vault with no details for children yet, and no reviews
    preview = open_preview(window, qtbot, "C100")
    assert preview.variant == printing.LEAFLET
    assert preview.profile_hint.isVisible()
    assert preview.settings_button.text() == "My details for children…"
    assert "your Independent Reviewing Officer" in pdf_text(preview.rendered.pdf)

    dialog = preview.open_print_settings()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    dialog.name.setText("Robin Fairweather")
    dialog.save()
    qtbot.waitUntil(lambda: deleted(dialog) or not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not preview.profile_hint.isVisible(), timeout=10_000)
    wait_rendered(preview, qtbot)
    assert profile.iro_profile(window.vault).name == "Robin Fairweather"
    assert "Robin Fairweather" in pdf_text(preview.rendered.pdf), "made again with the new settings"
    assert preview.variant == printing.LEAFLET
