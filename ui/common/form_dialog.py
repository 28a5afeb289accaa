"""A small form in a dialog: fields, each with the core's problems shown under it, and an OK
that hands the form on and waits for the answer (the controller runs the core call on the vault
thread, then ``done_ok`` closes the dialog or ``refused`` shows what is wrong, with everything
typed kept). The escalations' and the review meetings' dialogs are made of these."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from iro_desktop.errors import IroError, ValidationError

from ui.common.focus import buttons_in_reading_order
from ui.common.form_widgets import FieldProblem


def date_edit(value: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setAccessibleName(name)
    return edit


def day_of(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def line_edit(name: str, placeholder: str = "", max_length: int = 500) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    return edit


def text_edit(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class FormDialog(QDialog):
    """A dialog whose OK hands the form on and waits for the answer (``done_ok`` or ``refused``).

    Fields are added with ``add_field(key, label, widget)``: a problem the core names by ``key``
    is shown under that field; any other problem under the form."""

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, ok_text: str, ok_name: str | None = None, *,
                 scroll: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.problems = FieldProblem()
        self.field_problems: dict[str, FieldProblem] = {}
        self._first_field: QWidget | None = None
        self._shown_once = False
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName(ok_name or ok_text)
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        if scroll:
            # A long form in a scroll area: it still fits a small laptop's screen.
            holder = QWidget()
            holder.setLayout(self.form)
            area = QScrollArea()
            area.setAccessibleName(f"{title}: the questions")
            area.setWidgetResizable(True)
            area.setWidget(holder)
            self.layout_.addWidget(area, 1)
        else:
            self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.problems)
        if not scroll:
            self.layout_.addStretch(1)  # any room to spare below the form, not between its lines
        self.layout_.addWidget(self.buttons)
        buttons_in_reading_order(self.buttons)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Enter in any field does what the dialog is for: only the OK button is ever the default
        # (Qt makes any button that has had the focus the default, Cancel too). The focus starts
        # in the first field, where the IRO begins typing.
        super().showEvent(event)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(button is self.ok_button)
                button.setDefault(button is self.ok_button)
        if self._first_field is not None and not self._shown_once:
            self._first_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self._shown_once = True

    def add_field(self, key: str | Sequence[str], label: str, widget: QWidget,
                  form: QFormLayout | None = None) -> None:
        form = form or self.form
        form.addRow(label, widget)
        if self._first_field is None:
            self._first_field = widget
        problem = FieldProblem()
        form.addRow("", problem)
        for k in ([key] if isinstance(key, str) else key):
            self.field_problems[k] = problem

    def values(self) -> Any:
        raise NotImplementedError

    def check(self) -> list[tuple[str, str]]:
        """Problems the dialog itself can see (a time it cannot read); the core checks the rest."""
        return []

    def _submit(self) -> None:
        problems = self.check()
        if problems:
            self.refused(problems)
            return
        self.refused([])
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.values())

    def refused(self, problems: Sequence[tuple[str, str] | str]) -> None:
        """Show each problem under its field (``(field, message)``), the rest under the form;
        the form keeps everything typed."""
        by_field: dict[FieldProblem, list[str]] = {p: [] for p in self.field_problems.values()}
        general: list[str] = []
        for problem in problems:
            field, message = problem if isinstance(problem, tuple) else ("", problem)
            target = self.field_problems.get(field)
            (by_field[target] if target is not None else general).append(message)
        for label, messages in by_field.items():
            label.show_problems(messages)
        self.problems.show_problems(general)
        self.ok_button.setEnabled(True)

    def done_ok(self) -> None:
        self.accept()


def refusal(exc: BaseException) -> list[tuple[str, str] | str] | None:
    """What a form dialog shows (``FormDialog.refused``) when the core refused its change: the
    ``ValidationError``'s (field, message) pairs, or an ``IroError``'s words; None for anything
    else (a fault, reported as one)."""
    if isinstance(exc, ValidationError):
        return list(exc.problems)
    if isinstance(exc, IroError):
        return [str(exc)]
    return None

