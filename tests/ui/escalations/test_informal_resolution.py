"""An amber or red quality rating at a review offers to open an informal resolution record: the
escalation tracker's raise dialog, for that child and that review record."""

from __future__ import annotations

from PySide6.QtCore import Qt

from iro_desktop.escalations import tracker
from tests.ui.review_support import no_network, review_vault, start_review  # noqa: F401 - fixtures
from tests.ui.window_support import closed, opened, settle, unlock
from ui.escalations.dialogs import RaiseDialog


def test_an_amber_rating_offers_an_informal_resolution(no_network, review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot, "C200")
    page = editor.quality_page
    editor.tabs.setCurrentWidget(page)
    assert not page.informal_offer.isVisible()
    page.care_planning.set_value("green")
    assert not page.informal_offer.isVisible(), "green offers nothing"
    page.care_planning.set_value("amber")
    assert page.informal_offer.isVisible()
    qtbot.mouseClick(page.informal_button, Qt.MouseButton.LeftButton)
    dialog = opened(RaiseDialog, qtbot)
    assert dialog.child.currentData() == "C200" and not dialog.child.isEnabled()
    assert dialog.theme.value() == "care_planning" and "care planning rated amber" in dialog.description.toPlainText()
    assert dialog.stage.currentData() == "informal"
    qtbot.keyClicks(dialog.description, "The care plan has no permanence plan.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5_000)
    settle(window, qtbot)
    [esc] = tracker.list_escalations(window.vault, "C200")
    assert (esc.record_id, esc.theme, esc.current_step.stage_key) == (editor.record.id, "care_planning", "informal")
    page.care_planning.set_value("")
    assert not page.informal_offer.isVisible()
