"""Input widgets for record forms: dates that may be blank, and code lists with their meanings."""

from __future__ import annotations

from datetime import date
from typing import Mapping

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

# QDateEdit cannot be empty, so its lowest date stands for "not set" and shows as words.
_BLANK = QDate(1900, 1, 1)
UK_DATE_FORMAT = "dd/MM/yyyy"


class OptionalDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None, *, blank_text: str = "Not set") -> None:
        super().__init__(parent)
        self.setDisplayFormat(UK_DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setMinimumDate(_BLANK)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(blank_text)
        self.setDate(_BLANK)
        self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # A blank date would open the calendar in January 1900; show this month instead.
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return False

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt's name
        # Tab moves through the day, month and year, then on; "Not set" has none of them, and
        # Qt's date box then kept the focus for ever: a keyboard user could not leave it.
        if self.value() is None:
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if self.value() is None and plain and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            QWidget.focusNextPrevChild(self, not back)
            event.accept()
            return
        super().keyPressEvent(event)

    def value(self) -> date | None:
        d = self.date()
        return None if d == _BLANK else date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else _BLANK)


class CodeCombo(QComboBox):
    """A drop-down of codes, each shown with its meaning, plus "not recorded"."""

    def __init__(self, table: Mapping[str, str], parent: QWidget | None = None, *,
                 blank_text: str = "Not recorded", show_code: bool = True) -> None:
        super().__init__(parent)
        self._table = table
        self.addItem(blank_text, None)
        for code, words in table.items():
            self.addItem(f"{code} – {words}" if show_code else words, code)
        self.setMaxVisibleItems(20)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, code: str | None) -> None:
        if not code:
            self.setCurrentIndex(0)
            return
        i = self.findData(code)
        if i < 0:
            # A code not in today's list (from an older extract) is kept, never silently dropped.
            self.addItem(f"{code} – not a code IRO Desktop knows", code)
            i = self.count() - 1
        self.setCurrentIndex(i)


class FieldProblem(QLabel):
    """The problem with one field, shown right under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("fieldProblem")
        self.setStyleSheet("QLabel#fieldProblem { color: #b3261e; }")
        self.hide()

    def show_problems(self, messages: list[str]) -> None:
        self.setText("\n".join(f"⚠ {m}" for m in messages))
        self.setVisible(bool(messages))


def text_or_none(text: str) -> str | None:
    """An empty box means "not recorded", not an empty string."""
    return text if text.strip() else None
