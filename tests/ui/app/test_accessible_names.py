"""Every control a keyboard can reach has a name a screen reader can say, and every form label is
said with its input. The name is what Qt's accessibility layer hands a screen reader
(``QAccessible``): a button's text counts, an icon-only button does not; a form label counts
when it is the input's buddy. Every window and dialog is walked (``tests/ui/every_window.py``),
each tab of each shown in turn, and the unlock screen, its recovery page and the set-up."""

from __future__ import annotations

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QToolButton, QVBoxLayout

from tests.ui.accessibility_support import focusable, nameless, unlabelled_rows
from tests.ui.every_window import WINDOWS, every_window_vault, look_at_every_window  # noqa: F401 - fixture
from tests.ui.review_support import review_vault  # noqa: F401 - fixture
from tests.ui.window_support import unlock

def names_and_labels(top, title: str, seen: dict[str, int] | None = None) -> list[str]:
    if seen is not None:
        seen[title] = len(focusable(top))
    return nameless(top, title) + unlabelled_rows(top, title)


def test_every_window_and_dialog_names_its_controls(every_window_vault, window, qtbot):
    assert names_and_labels(window, "unlock screen") == []
    window.unlock_screen.show_recovery()
    assert names_and_labels(window, "unlock with the recovery code") == []
    window.unlock_screen.show_passphrase()
    unlock(window, qtbot)
    seen: dict[str, int] = {}
    problems = look_at_every_window(window, qtbot, lambda top, title: names_and_labels(top, title, seen))
    assert len(seen) >= len(WINDOWS) + 10 and all(seen.values()), f"every page was looked at: {seen}"
    assert problems == [], "\n".join(problems)


def test_the_set_up_names_its_controls(window, qtbot):
    wizard = window.wizard
    assert names_and_labels(window, "set-up: welcome") == []
    wizard.next()
    assert wizard.currentPage() is wizard.passphrase_page
    assert names_and_labels(window, "set-up: passphrase") == []


def test_the_walk_finds_a_nameless_control_and_an_unlabelled_field(qtbot):
    """An icon-only button, and a field whose label is beside it but not its buddy, are
    reported; a button with words, and a field given its label by addRow, are not."""
    dialog = QDialog()
    dialog.setWindowTitle("Made up")
    qtbot.addWidget(dialog)
    icon_only = QToolButton()
    picture = QPixmap(16, 16)
    picture.fill()
    icon_only.setIcon(QIcon(picture))
    icon_only.setObjectName("zoomIn")
    worded = QPushButton("Save")
    labelled = QLineEdit()
    beside = QLineEdit()
    beside_label = QLabel("Venue:")
    form = QFormLayout()
    form.addRow("Who:", labelled)
    form.addRow(beside_label, beside)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(icon_only)
    layout.addWidget(worded)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert sorted(nameless(dialog)) == ["Made up: QLineEdit", "Made up: QToolButton #zoomIn"]
    assert unlabelled_rows(dialog) == ["Made up: the label 'Venue:' is not the buddy of QLineEdit"]

    icon_only.setAccessibleName("Zoom in")
    beside_label.setBuddy(beside)
    assert nameless(dialog) == [] and unlabelled_rows(dialog) == []
