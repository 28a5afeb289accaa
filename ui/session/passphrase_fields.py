"""Choosing a new passphrase: two fields, live strength feedback from the core, a match check.

Whether a passphrase is acceptable is the core's decision (``passphrase.strength``); this widget
only shows it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget,
)

from iro_desktop.vault.passphrase import strength

# Bar colours back up the words next to them; the words alone carry the meaning.
_BAR_COLOURS = ["#b3261e", "#b3261e", "#b36b00", "#2e7d32", "#1b5e20"]


class StrengthMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.setAccessibleName("Passphrase strength")
        self.label = QLabel()
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        layout.addWidget(self.advice)
        self.show_for("")

    def show_for(self, passphrase: str) -> bool:
        s = strength(passphrase)
        self.bar.setValue(s.score if passphrase else 0)
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {_BAR_COLOURS[s.score]}; }}")
        verdict = "good enough" if s.acceptable else "not strong enough yet"
        self.label.setText(f"Strength: <b>{s.label}</b> — {verdict}" if passphrase else "Strength: —")
        self.advice.setText(s.advice)
        return s.acceptable


class NewPassphraseFields(QWidget):
    """Passphrase, the same again, and whether together they are good to use."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, first_label: str = "Passphrase",
                 second_label: str = "Type it again") -> None:
        super().__init__(parent)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(first_label)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(second_label)
        self.meter = StrengthMeter()
        self.match = QLabel()
        self.show_text = QCheckBox("Show what I type")
        self.show_text.toggled.connect(self._toggle_echo)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(first_label + ":", self.first)
        form.addRow("", self.meter)
        form.addRow(second_label + ":", self.second)
        form.addRow("", self.match)
        form.addRow("", self.show_text)

        self._acceptable = False
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def _toggle_echo(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _update(self) -> None:
        self._acceptable = self.meter.show_for(self.first.text())
        if not self.second.text():
            self.match.setText("")
        elif self.first.text() == self.second.text():
            self.match.setText("✓ The two passphrases match.")
        else:
            self.match.setText("✗ The two passphrases do not match yet.")
        self.changed.emit()

    def is_acceptable(self) -> bool:
        return self._acceptable and self.first.text() == self.second.text()

    def passphrase(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
        self.show_text.setChecked(False)
