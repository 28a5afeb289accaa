"""The home screens by keyboard: Tab leaves a table for the next control instead of walking it
cell by cell, and Ctrl+Tab / Ctrl+Shift+Tab move between the tabs from anywhere in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from tests.ui.review_support import review_vault  # noqa: F401 - fixture
from tests.ui.window_support import settle, unlock

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_tab_leaves_the_tables_and_ctrl_tab_changes_tab(review_vault, window, qtbot):
    unlock(window, qtbot)
    settle(window, qtbot)
    views = window.home.findChildren(QAbstractItemView)
    assert views and not any(v.tabKeyNavigation() for v in views)

    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.home.setCurrentWidget(window.caseload)
    table = window.caseload.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table, "Tab went on to the next control"

    start = window.home.currentIndex()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab, CTRL)
    assert window.home.currentIndex() == (start + 1) % window.home.count()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab, CTRL | SHIFT)
    assert window.home.currentIndex() == start
