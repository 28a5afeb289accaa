"""A stage's letter or email, for the IRO to copy into their own mail: the app sends nothing.

The text comes whole from the core (``iro_desktop.escalations.letters``). Copy puts it on the
clipboard through the window's guard, so the lock takes it off again.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from iro_desktop.escalations.letters import StageLetter

from ui.common.focus import buttons_in_reading_order
from ui.common.widgets import hint_label


class LetterDialog(QDialog):
    def __init__(self, parent: QWidget | None, letter: StageLetter, copy: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Letter or email for this stage")
        self._letter = letter
        self._copy = copy
        self.subject = QLineEdit(letter.subject)
        self.subject.setReadOnly(True)
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit(letter.body)
        self.body.setReadOnly(True)
        self.body.setTabChangesFocus(True)
        self.body.setAccessibleName("Letter text")
        self.copied = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setAccessibleName("Copy the letter")
        self.copy_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_text)
        buttons.rejected.connect(self.reject)
        buttons_in_reading_order(buttons)
        subject_label = QLabel("Subject:")
        subject_label.setBuddy(self.subject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("IRO Desktop sends nothing: copy this into your email or letter, and check "
                                    "it before you send it."))
        layout.addWidget(subject_label)
        layout.addWidget(self.subject)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.copied)
        layout.addWidget(buttons)
        self.resize(680, 560)

    def copy_text(self) -> None:
        self._copy(self._letter.text)
        self.copied.setText("Copied. Paste it into your email or letter.")
