"""Small widgets the record editors share: yes/no answers that may be unanswered, editable lists of
rows (people, meetings, parents), a dismissible information bar and a banner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QRadioButton, QSizePolicy, QVBoxLayout, QWidget,
)

from ui.common.form_widgets import CodeCombo, OptionalDateEdit
from ui.common.focus import place_before


class YesNo(QWidget):
    """Yes / No / Not recorded: a bool that may be None."""

    changed = Signal()

    def __init__(self, yes: str = "Yes", no: str = "No", unknown: str = "Not recorded",
                 parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[Any, QRadioButton] = {}
        for value, text in ((True, yes), (False, no), (None, unknown)):
            button = QRadioButton(text)
            if name:
                button.setAccessibleName(f"{name}: {text}")
            self.group.addButton(button)
            self.buttons[value] = button
            row.addWidget(button)
            button.toggled.connect(lambda on: self.changed.emit() if on else None)
        row.addStretch(1)
        self.buttons[None].setChecked(True)

    def value(self) -> bool | None:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value: bool | None) -> None:
        self.buttons[value].setChecked(True)


@dataclass
class Column:
    """One column of a RowsEditor: how to make its widget, read it and fill it."""

    header: str
    make: Callable[[], QWidget]
    get: Callable[[QWidget], Any]
    put: Callable[[QWidget, Any], None]
    stretch: int = 0


def text_column(header: str, placeholder: str = "", stretch: int = 1) -> Column:
    def make() -> QWidget:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(header)
        return edit
    return Column(header, make, lambda w: w.text(), lambda w, v: w.setText(v or ""), stretch)


def code_column(header: str, table, blank: str = "Choose…", stretch: int = 0) -> Column:
    def make() -> QWidget:
        combo = CodeCombo(table, blank_text=blank, show_code=False)
        combo.setAccessibleName(header)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        return combo
    return Column(header, make, lambda w: w.value() or "", lambda w, v: w.set_value(v or None), stretch)


def date_column(header: str) -> Column:
    def make() -> QWidget:
        edit = OptionalDateEdit()
        edit.setAccessibleName(header)
        return edit
    return Column(header, make, lambda w: w.value(), lambda w, v: w.set_value(v))


def _notify(widget: QWidget, slot: Callable[[], None]) -> None:
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(lambda _t: slot())
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: slot())
    elif isinstance(widget, OptionalDateEdit):
        widget.dateChanged.connect(lambda _d: slot())
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(lambda _on: slot())


class RowsEditor(QWidget):
    """Rows of small fields with Add and Remove, for lists such as who attended."""

    changed = Signal()

    def __init__(self, columns: Sequence[Column], add_text: str, *, empty_text: str = "None yet.",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[tuple[list[QWidget], QPushButton]] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        self._headers = []
        for c, column in enumerate(self.columns):
            label = QLabel(column.header)
            label.setStyleSheet("color: #444; font-size: 90%;")
            self._headers.append(label)
            self.grid.addWidget(label, 0, c)
            self.grid.setColumnStretch(c, column.stretch)
        self.empty = QLabel(empty_text)
        self.empty.setStyleSheet("color: #666;")
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        bottom = QHBoxLayout()
        bottom.addWidget(self.empty)
        bottom.addStretch(1)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addLayout(bottom)
        self._update_empty()

    def add_row(self, values: Sequence[Any] | None = None, *, focus: bool = False, notify: bool = True) -> None:
        widgets = []
        r = len(self._rows) + 1
        for c, column in enumerate(self.columns):
            widget = column.make()
            if values is not None:
                column.put(widget, values[c])
            _notify(widget, self.changed.emit)
            self.grid.addWidget(widget, r, c)
            widgets.append(widget)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove this row")
        remove.clicked.connect(lambda: self._remove(remove))
        self.grid.addWidget(remove, r, len(self.columns))
        self._rows.append((widgets, remove))
        place_before(self.add_button, [*widgets, remove])
        self._update_empty()
        if focus and widgets:
            widgets[0].setFocus()
        if notify:
            self.changed.emit()

    def _remove(self, button: QPushButton) -> None:
        values = [row for row in self.values()]
        index = next(i for i, (_w, b) in enumerate(self._rows) if b is button)
        del values[index]
        self.set_values(values)
        self.changed.emit()

    def values(self) -> list[list[Any]]:
        return [[column.get(w) for column, w in zip(self.columns, widgets)] for widgets, _b in self._rows]

    def set_values(self, rows: Sequence[Sequence[Any]]) -> None:
        for widgets, button in self._rows:
            for w in widgets + [button]:
                self.grid.removeWidget(w)
                w.setParent(None)  # out of the window (and its Tab order) now, not when Qt deletes it
                w.deleteLater()
        self._rows = []
        for values in rows:
            self.add_row(values, notify=False)
        self._update_empty()

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        for widgets, button in self._rows:
            button.setEnabled(not read_only)
            for w in widgets:
                w.setEnabled(not read_only)

    def _update_empty(self) -> None:
        has_rows = bool(self._rows)
        self.empty.setVisible(not has_rows)
        for label in self._headers:
            label.setVisible(has_rows)


class InfoBar(QFrame):
    """A quiet bar above the text: a message and one or two buttons."""

    def __init__(self, parent: QWidget | None = None, *, tone: str = "info") -> None:
        super().__init__(parent)
        colours = {"info": ("#e8f0fe", "#a8c1ef"), "warn": ("#fff4e0", "#e5c07b"),
                   "done": ("#e6f4ea", "#9bcfa9")}[tone]
        self.setObjectName("infoBar")
        self.setStyleSheet(f"QFrame#infoBar {{ background: {colours[0]}; border: 1px solid {colours[1]}; "
                           "border-radius: 4px; } QFrame#infoBar QLabel { background: transparent; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(10, 6, 6, 6)
        self.row.addWidget(self.label, 1)
        self.hide()

    def add_button(self, text: str, slot: Callable[[], None], accessible: str = "") -> QPushButton:
        button = QPushButton(text)
        if accessible:
            button.setAccessibleName(accessible)
        button.clicked.connect(lambda _checked=False: slot())
        self.row.addWidget(button)
        return button

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class Banner(QLabel):
    """A full-width line saying what state the record is in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("recordBanner")
        self.setContentsMargins(10, 6, 10, 6)
        self.hide()

    def show_state(self, text: str, tone: str) -> None:
        colours = {"final": ("#e6f4ea", "#1e4620", "#9bcfa9"), "amend": ("#fff4e0", "#5c3b00", "#e5c07b"),
                   "view": ("#eceff1", "#263238", "#b0bec5")}[tone]
        self.setStyleSheet(f"QLabel#recordBanner {{ background: {colours[0]}; color: {colours[1]}; "
                           f"border: 1px solid {colours[2]}; border-radius: 4px; font-weight: bold; }}")
        self.setText(text)
        self.show()


def heading_label(text: str, size: float = 1.15) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(True)
    label.setFont(font)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


def plain_note_edit(accessible: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return edit
