"""The letter's sections down the side of the letter page: the opening, each section of the
``Letter`` (hidden ones greyed and marked), the signing off, and the buttons that move, hide, add
and remove sections or lay the letter out like a template. The list shows the layout; the page
changes it, only through the ``Letter``'s own methods."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu, QPushButton
from PySide6.QtWidgets import QVBoxLayout, QWidget

from iro_desktop.documents.letter import Letter

from ui.records.writing_tools import menu_button

OPENING = "__opening"
SIGN_OFF = "__sign_off"
OPENING_HEADING = "Opening"
SIGN_OFF_HEADING = "Signing off"


class SectionList(QWidget):
    """The list of sections and the buttons under it. The page connects the buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections of the letter")
        self.sections.setStyleSheet("QListWidget::item { padding: 3px 2px; }")
        self.up_button = QPushButton("↑ Up")
        self.up_button.setAccessibleName("Move the section up")
        self.down_button = QPushButton("↓ Down")
        self.down_button.setAccessibleName("Move the section down")
        self.hide_button = QPushButton("Hide")
        self.add_button = QPushButton("Add a section…")
        self.remove_button = QPushButton("Remove")
        self.template_menu = QMenu(self)
        self.template_button = menu_button("Use a template", "Lay the letter out like one of your templates: "
                                           "nothing you have written is lost", "Use a template", self.template_menu)
        self.template_button.setSizePolicy(self.add_button.sizePolicy())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Sections</b>"))
        layout.addWidget(self.sections, 1)
        row1 = QHBoxLayout()
        row1.addWidget(self.up_button)
        row1.addWidget(self.down_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.hide_button)
        row2.addWidget(self.remove_button)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.add_button)
        layout.addWidget(self.template_button)
        self.setMinimumWidth(190)
        self.setMaximumWidth(260)

    def current_key(self) -> str | None:
        item = self.sections.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, key: str) -> None:
        for i in range(self.sections.count()):
            if self.sections.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.sections.setCurrentRow(i)
                return

    def show_letter(self, letter: Letter, select: str | None) -> None:
        """List the letter's sections again, selecting ``select`` (or the first, if it is gone),
        without telling the page the selection changed: the page shows the section itself."""
        self.sections.blockSignals(True)
        self.sections.clear()
        entries = [(OPENING, OPENING_HEADING, False)] + [(s.key, s.heading, s.hidden) for s in letter.sections] \
            + [(SIGN_OFF, SIGN_OFF_HEADING, False)]
        for key, heading, hidden in entries:
            item = QListWidgetItem(f"{heading} (hidden)" if hidden else heading)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if hidden:
                item.setForeground(QColor("#777"))
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip("Hidden: not part of the letter")
            self.sections.addItem(item)
        self.sections.blockSignals(False)
        self.select(select or OPENING)
        if self.sections.currentRow() < 0:
            self.sections.setCurrentRow(0)  # the section shown before is gone

    def update_buttons(self, letter: Letter | None, read_only: bool) -> None:
        key = self.current_key()
        movable = key not in (None, OPENING, SIGN_OFF) and not read_only
        keys = [s.key for s in letter.sections] if letter else []
        index = keys.index(key) if key in keys else -1
        self.up_button.setEnabled(movable and index > 0)
        self.down_button.setEnabled(movable and 0 <= index < len(keys) - 1)
        self.hide_button.setEnabled(movable)
        hidden = bool(movable and letter and letter.section(key).hidden)
        self.hide_button.setText("Show" if hidden else "Hide")
        self.hide_button.setAccessibleName("Show the section in the letter" if hidden
                                           else "Hide the section from the letter")
        self.remove_button.setEnabled(movable and bool(key) and key.startswith("own-"))
        self.remove_button.setToolTip("Remove a section you added (built-in sections can be hidden)")
