"""What every box written to a child has around it, whichever page it is on: the formatting bar
(bold, italics, bullet list, undo and redo, each with its shortcut in its tooltip and an
accessible name), the phrase bank's menu (insert a phrase at the cursor, keep the selected words
as one) and the bar offering the words children asked for.

The letter page (one box per section) and the midway review's note to the child (one box) both
use them: the tools act on whichever box is being written in, which the page tells them
(``current``). The boxes themselves are ``MarkupTextEdit``; the phrases are the IRO's phrase bank,
read and kept by the editor window through the vault thread.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QMenu, QToolButton, QWidget

from iro_desktop.documents import phrasebank

from ui.common.widgets import InfoBar
from ui.records.phrase_menus import fill_phrase_menu
from ui.records.text.markup_edit import LiveSuggestion, MarkupTextEdit

CurrentBox = Callable[[], "MarkupTextEdit | None"]


def _tool(text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    button.setMinimumWidth(34)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def menu_button(text: str, tip: str, accessible: str, menu: QMenu) -> QToolButton:
    """A button that opens ``menu`` at once (by Space or Enter too)."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(accessible)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setMenu(menu)
    return button


class FormattingBar(QWidget):
    """Bold, italics, bullets and the phrase bank on the left, undo and redo on the right."""

    def __init__(self, current: CurrentBox, *, phrases: Callable[[], list[phrasebank.Phrase]],
                 keep_phrase: Callable[[str, str, str | None], None], add_starters: Callable[[], None],
                 section_key: Callable[[], str | None] = lambda: None,
                 keepable_key: Callable[[str | None], str | None] = lambda key: key,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = current
        self._phrases = phrases
        self._keep_phrase = keep_phrase
        self._add_starters = add_starters
        self._section_key = section_key
        self._keepable_key = keepable_key  # which section a kept phrase belongs to (None: any)
        self._read_only = False
        self.pending_dialog: QWidget | None = None  # the question the bar is waiting on (tests answer it)

        self.bold_button = _tool("B", "Bold (Ctrl+B)", lambda: self.call("toggle_bold"))
        bold_font = self.bold_button.font()
        bold_font.setBold(True)
        self.bold_button.setFont(bold_font)
        self.italic_button = _tool("I", "Italics (Ctrl+I)", lambda: self.call("toggle_italic"))
        italic_font = self.italic_button.font()
        italic_font.setItalic(True)
        self.italic_button.setFont(italic_font)
        self.bullets_button = _tool("• List", "Bullet list (Ctrl+Shift+8)", lambda: self.call("toggle_bullets"))
        for button in (self.bold_button, self.italic_button, self.bullets_button):
            button.setCheckable(True)
        self.undo_button = _tool("Undo", "Undo (Ctrl+Z)", lambda: self.call("undo"))
        self.redo_button = _tool("Redo", "Redo (Ctrl+Shift+Z)", lambda: self.call("redo"))
        self.phrase_menu = QMenu(self)
        self.phrase_menu.aboutToShow.connect(self.fill_phrase_menu)
        self.phrase_button = menu_button("Insert a phrase", "Your phrase bank: insert a phrase where the cursor is",
                                         "Insert a phrase from your phrase bank", self.phrase_menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for w in (self.bold_button, self.italic_button, self.bullets_button):
            row.addWidget(w)
        row.addSpacing(12)
        row.addWidget(self.phrase_button)
        row.addStretch(1)
        row.addWidget(self.undo_button)
        row.addWidget(self.redo_button)

    def watch(self, box: MarkupTextEdit) -> None:
        """Keep the buttons in step with ``box`` (bold shown pressed inside bold text, and so on)."""
        box.currentCharFormatChanged.connect(lambda _f: self.update_tools())
        box.cursorPositionChanged.connect(self.update_tools)
        box.undoAvailable.connect(lambda _a: self.update_tools())
        box.redoAvailable.connect(lambda _a: self.update_tools())

    def call(self, name: str) -> None:
        box = self._current()
        if box is not None and not self._read_only:
            getattr(box, name)()
            box.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.update_tools()

    def update_tools(self) -> None:
        box = self._current()
        usable = box is not None and not self._read_only
        for w in (self.bold_button, self.italic_button, self.bullets_button, self.phrase_button):
            w.setEnabled(usable)
        self.undo_button.setEnabled(usable and box.document().isUndoAvailable())
        self.redo_button.setEnabled(usable and box.document().isRedoAvailable())
        if box is not None:
            self.bold_button.setChecked(box.fontWeight() >= QFont.Weight.DemiBold.value)
            self.italic_button.setChecked(box.fontItalic())
            self.bullets_button.setChecked(box.in_bullets())

    # ---- the phrase bank -------------------------------------------------------------------

    def fill_phrase_menu(self) -> None:
        box = self._current()
        fill_phrase_menu(self.phrase_menu, self._phrases(), self._section_key(), insert=self.insert_phrase,
                         add_starters=self._add_starters, keep=self.ask_keep_phrase,
                         can_keep=box is not None and box.textCursor().hasSelection())

    def insert_phrase(self, body: str) -> None:
        box = self._current()
        if box is not None and not self._read_only:
            box.insert_markup(body)

    def ask_keep_phrase(self) -> None:
        box = self._current()
        if box is None:
            return
        body = box.selected_markup()
        if not body.strip():
            return
        key = self._keepable_key(self._section_key())
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Keep as a phrase")
        dialog.setLabelText("A short name for this phrase, so you can find it again:")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda title: self._keep_phrase(title, body, key))
        dialog.open()
        self.pending_dialog = dialog


class SuggestionBar(InfoBar):
    """"Did you mean the child's words?" under the box being written in: replace, or keep the
    IRO's words (that term is then not offered again in that box)."""

    def __init__(self, current: CurrentBox, parent: QWidget | None = None) -> None:
        super().__init__(parent, tone="info")
        self._current = current
        self._read_only = False
        self.add_button("Replace", lambda: self.end(accept=True), "Use the child's words")
        self.add_button("Keep my words", lambda: self.end(accept=False))

    def follow(self, box: MarkupTextEdit) -> None:
        box.suggestion_changed.connect(lambda live, b=box: self._suggestion(b, live))

    def _suggestion(self, box: MarkupTextEdit, live: LiveSuggestion | None) -> None:
        if box is not self._current() or self._read_only:
            return
        if live is None:
            self.hide()
        else:
            self.show_text(live.suggestion.message)

    def end(self, *, accept: bool) -> None:
        """Use the child's words (``accept``) or keep the IRO's, then carry on typing."""
        box = self._current()
        if box is not None:
            if accept:
                box.accept_suggestion()
            else:
                box.dismiss_suggestion()
            box.setFocus()
        self.hide()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setEnabled(not read_only)
        if read_only:
            self.hide()
