"""Run by ``test_small_screen.py`` in a process of its own whose only screen is 1280 by 720:
the main window, a record editor and the print preview each open whole on it, every visible
button inside, and Esc closes the preview. Not collected on its own (its name does not start
with "test_"), since the screen must be set before Qt starts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from tests.ui.printing.test_print_editor_preview import preview_from
from tests.ui.records.test_review_midway import start_midway
from tests.ui.review_support import review_vault, start_review  # noqa: F401 - fixtures
from tests.ui.window_support import unlock


def outside(window: QWidget) -> list[str]:
    """What of ``window`` falls off the screen's free area: the window, or its visible buttons."""
    free = QApplication.primaryScreen().availableGeometry()
    problems = []
    if not free.contains(window.frameGeometry()):
        problems.append(f"{window.windowTitle()}: {window.frameGeometry()} is not inside {free}")
    inside = window.rect()
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and button.window() is window:
            where = button.rect().translated(button.mapTo(window, button.rect().topLeft()))
            if not inside.contains(where):
                problems.append(f"{window.windowTitle()}: the button {button.text() or button.accessibleName()!r} "
                                f"at {where} is outside the window {inside}")
    return problems


def test_the_main_windows_fit_a_1280_by_720_screen(review_vault, window, qtbot):
    assert QApplication.primaryScreen().size().toTuple() == (1280, 720)
    unlock(window, qtbot)
    assert outside(window) == []
    editor = start_review(window, qtbot)
    qtbot.waitExposed(editor)
    assert outside(editor) == []
    preview = preview_from(editor, window, qtbot)
    qtbot.waitExposed(preview)
    assert outside(preview) == []
    preview.activateWindow()
    QTest.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: preview not in window.outputs.open_windows(), timeout=5_000)
    # The midway review's editor, on the note to the child (its writing tools and readability beside it).
    midway_editor = start_midway(window, qtbot)
    midway_editor.tabs.setCurrentWidget(midway_editor.note_page)
    qtbot.waitExposed(midway_editor)
    assert outside(midway_editor) == []
