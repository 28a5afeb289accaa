"""Ticking "Notify good practice" at a review offers to record the notification itself: the
escalation tracker's good-practice dialog, for that child and that review record, with the
review's note as what was done well. The notification then stands for the review's tick in the
annual report's count (``good_practice.entries``), so the review is not counted twice."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from iro_desktop.escalations import good_practice
from tests.ui.review_support import no_network, review_vault, start_review  # noqa: F401 - fixtures
from tests.ui.window_support import closed, opened, settle, unlock
from ui.escalations.dialogs import GoodPracticeDialog


def test_the_review_tick_opens_the_notification_for_that_review(no_network, review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot, "C200")
    page = editor.quality_page
    editor.tabs.setCurrentWidget(page)
    assert not page.notify_button.isVisible(), "nothing to record until the box is ticked"
    qtbot.mouseClick(page.good_practice, Qt.MouseButton.LeftButton)
    assert page.notify_button.isVisible()
    qtbot.keyClicks(page.good_practice_note, "The carers prepared the child for the meeting well.")
    qtbot.mouseClick(page.notify_button, Qt.MouseButton.LeftButton)
    dialog = opened(GoodPracticeDialog, qtbot)
    assert dialog.child.currentData() == "C200"
    assert "prepared the child" in dialog.what.toPlainText()
    dialog.about.set_value(dialog.about.itemData(1))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5_000)
    settle(window, qtbot)
    found = good_practice.good_practice_list(window.vault, start=date(2000, 1, 1), end=date(2100, 1, 1))
    assert [(g.child_id, g.record_id, g.source) for g in found] == [("C200", editor.record.id,
                                                                     good_practice.NOTIFICATION)]
    qtbot.mouseClick(page.good_practice, Qt.MouseButton.LeftButton)
    assert not page.notify_button.isVisible()
