"""Tab moves through every window's controls in reading order (top to bottom, left to right
along a row, one column after another), reaches every control, and leaves every table and
text editor: the arrow keys move inside a table, and Tab in the app's text editors goes on to
the next control (none of them uses Tab to indent). Every window and dialog is walked by
pressing Tab (``tests/ui/every_window.py``), each of its tabs shown in turn."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication, QDateEdit, QDialog, QHBoxLayout, QLineEdit, QPushButton, QTableView, QTabWidget, QTextEdit,
    QVBoxLayout,
)

from tests.ui.accessibility_support import TRAPPED, describe, out_of_order, tab_chain, tabbable
from tests.ui.every_window import every_window_vault, look_at_every_window  # noqa: F401 - fixture
from tests.ui.review_support import review_vault  # noqa: F401 - fixture
from tests.ui.window_support import unlock
from ui.common.focus import FOCUS_COLOUR
from ui.common.form_widgets import OptionalDateEdit

def tab_problems(top, title: str, qtbot) -> list[str]:
    chain, traps = tab_chain(top, qtbot)
    if not chain:
        return [f"{title}: Tab reaches no control at all"]
    problems = [f"{title}: {t}" for t in traps] + [f"{title}: {p}" for p in out_of_order(chain)]
    if not traps:  # a trap stops the walk: what it did not reach is not missed
        problems += [f"{title}: Tab never reaches {describe(w)}" for w in tabbable(top) if w not in chain]
    return problems


def test_tab_goes_through_every_window_in_reading_order(every_window_vault, window, qtbot):
    assert tab_problems(window, "unlock screen", qtbot) == []
    unlock(window, qtbot)
    problems = look_at_every_window(window, qtbot, lambda top, title: tab_problems(top, title, qtbot))
    assert problems == [], "\n".join(problems)


def test_the_set_up_tabs_in_order(window, qtbot):
    wizard = window.wizard
    assert tab_problems(window, "set-up: welcome", qtbot) == []
    wizard.next()
    assert wizard.currentPage() is wizard.passphrase_page
    assert tab_problems(window, "set-up: passphrase", qtbot) == []


def _dialog(qtbot, *rows) -> QDialog:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    for row in rows:
        line = QHBoxLayout()
        for w in row:
            line.addWidget(w)
        layout.addLayout(line)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_walk_finds_a_control_out_of_order_and_a_table_or_editor_that_keeps_tab(qtbot):
    first, second, ok, cancel = QLineEdit(), QLineEdit(), QPushButton("OK"), QPushButton("Cancel")
    dialog = _dialog(qtbot, [first], [second], [ok, cancel])
    chain, traps = tab_chain(dialog, qtbot)
    assert chain == [first, second, ok, cancel] and traps == [] and out_of_order(chain) == []

    QDialog.setTabOrder(second, cancel)  # Tab from the second field jumps over OK; Tab from Cancel goes back to it
    chain, _ = tab_chain(dialog, qtbot)
    assert chain == [first, second, cancel, ok]
    assert out_of_order(chain) == ["QPushButton 'Cancel' → QPushButton 'OK': back to the left on the same row"]

    model = QStandardItemModel(3, 3)
    table, editor, after = QTableView(), QTextEdit(), QLineEdit()
    table.setModel(model)
    dialog = _dialog(qtbot, [table], [editor], [after])
    _, traps = tab_chain(dialog, qtbot)
    assert traps == [f"QTableView {TRAPPED}"], "a table that walks its cells keeps the focus"
    table.setTabKeyNavigation(False)
    _, traps = tab_chain(dialog, qtbot)
    assert traps == [f"QTextEdit {TRAPPED}"], "a text editor that types a tab keeps it too"
    editor.setTabChangesFocus(True)
    chain, traps = tab_chain(dialog, qtbot)
    assert traps == [] and chain == [table, editor, after]


def test_tab_leaves_a_date_that_is_not_set(qtbot):
    """Qt's own date box, showing its "not set" words, kept the focus on every Tab; the app's
    date box lets it go, and with a date still steps through day, month and year first."""
    plain = QDateEdit()
    plain.setMinimumDate(QDate(1900, 1, 1))
    plain.setSpecialValueText("Not set")
    plain.setDate(QDate(1900, 1, 1))
    _, traps = tab_chain(_dialog(qtbot, [QLineEdit()], [plain], [QLineEdit()]), qtbot)
    assert traps == [f"QDateEdit {TRAPPED}"]

    before, blank, after = QLineEdit(), OptionalDateEdit(), QLineEdit()
    dialog = _dialog(qtbot, [before], [blank], [after])
    chain, traps = tab_chain(dialog, qtbot)
    assert traps == [] and chain == [before, blank, after]
    blank.setFocus()
    QTest.keyClick(blank, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is before, "Shift+Tab goes back out of it too"

    blank.set_value(date(2026, 3, 9))
    blank.setFocus(Qt.FocusReason.TabFocusReason)
    for section in (1, 2):
        QTest.keyClick(blank, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is blank and blank.currentSectionIndex() == section
    QTest.keyClick(blank, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after


def _focus_pixels(widget) -> int:
    """How many pixels of ``widget`` are drawn in the focus colour."""
    image = widget.grab().toImage()
    wanted = QColor(FOCUS_COLOUR).rgb()
    return sum(1 for x in range(image.width()) for y in range(image.height()) if image.pixel(x, y) == wanted)


def test_the_tab_and_the_card_with_the_focus_show_a_frame(every_window_vault, window, qtbot):
    unlock(window, qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    bar = window.home.tabBar()
    window.week.table.setFocus()
    qtbot.waitUntil(window.week.table.hasFocus, timeout=5_000)
    assert _focus_pixels(bar) == 0
    QTest.keyClick(window.week.table, Qt.Key.Key_Backtab)  # Shift+Tab from the table: the cards, then the tabs
    card = QApplication.focusWidget()
    assert card.objectName() == "countCard" and _focus_pixels(card) > 20
    while QApplication.focusWidget() is not bar:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert _focus_pixels(bar) > 20, "the tab with the focus has a frame"

    plain = QTabWidget()  # the platform's own look: no frame the eye can find
    qtbot.addWidget(plain)
    plain.addTab(QLineEdit(), "My week")
    plain.show()
    plain.activateWindow()
    qtbot.waitUntil(plain.isActiveWindow, timeout=5_000)
    plain.tabBar().setFocus()
    qtbot.waitUntil(plain.tabBar().hasFocus, timeout=5_000)
    assert _focus_pixels(plain.tabBar()) == 0
