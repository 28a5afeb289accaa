"""The text box a letter section (or a midway note) is written in.

Only what the letter's markup can hold is offered: bold (Ctrl+B), italics (Ctrl+I) and bullet
lists (Ctrl+Shift+8). Anything pasted arrives as plain text. Each box keeps its own undo history
(Ctrl+Z, and Ctrl+Shift+Z or Ctrl+Y to redo). ``markup()`` gives the text in the core's markup,
``set_markup()`` shows some; the box never stores Qt HTML anywhere.

Two things are drawn over the text without changing it: highlighted spans (the readability
check's long sentences, as extra selections) and, through ``suggestion_changed``, the words
children asked for when the IRO has just typed a professional term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (QColor, QContextMenuEvent, QFont, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor, QTextDocument,
                           QTextFormat)
from PySide6.QtWidgets import QTextEdit, QWidget

from iro_desktop.documents import markup, wording

from ui.records.text import markup_qt
from ui.records.text.spelling_qt import SpellCheck, SpellHighlighter, add_spelling_actions, word_at

LONG_SENTENCE_COLOUR = QColor("#fdf0c2")  # a soft yellow: a hint, not an alarm
_PLACEHOLDER = re.compile(r"\{[^{}\n]{1,40}\}")


@dataclass
class LiveSuggestion:
    """A suggestion of the child's words, tied to the term in the document."""

    suggestion: wording.Suggestion
    cursor: QTextCursor  # selects the term; moves with the text as the IRO types elsewhere

    def still_there(self) -> bool:
        found = " ".join(self.cursor.selectedText().replace("\u2029", " ").split())
        return found.casefold() == " ".join(self.suggestion.found.split()).casefold()


class MarkupTextEdit(QTextEdit):
    suggestion_changed = Signal(object)  # LiveSuggestion or None
    markup_changed = Signal()  # the text (or its formatting) changed

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setAutoFormatting(QTextEdit.AutoFormattingFlag.AutoNone)
        if accessible_name:
            self.setAccessibleName(accessible_name)
        self._cached: str | None = None
        self._loaded = ""
        self._highlights: list[tuple[int, int, QColor]] = []
        self._suggestion: LiveSuggestion | None = None
        self.wording_table: Sequence[wording.Wording] | None = wording.DEFAULT_WORDING
        self._ignored_terms: set[str] = set()
        self.on_copied: Callable[[str], None] | None = None
        self._spelling: SpellCheck | None = None
        self._spell_lines: SpellHighlighter | None = None
        self._add_word: Callable[[str], None] | None = None
        doc = self.document()
        doc.contentsChange.connect(self._contents_change)
        doc.contentsChanged.connect(self._forget_cache)
        self.cursorPositionChanged.connect(self._cursor_moved)

    # ---- the text as markup ----------------------------------------------------------------

    def markup(self) -> str:
        """The text in the letter's markup. An untouched box gives back exactly what it was
        given, so a generated section still reads as generated."""
        if not self.document().isModified():
            return self._loaded
        if self._cached is None:
            self._cached = markup_qt.document_markup(self.document())
        return self._cached

    def set_markup(self, body: str) -> None:
        self.blockSignals(True)
        try:
            markup_qt.set_document_markup(self.document(), body)
        finally:
            self.blockSignals(False)
        self._loaded = body
        self._cached = None
        self._highlights = []
        self._set_suggestion(None)
        self._apply_extra_selections()
        self.moveCursor(QTextCursor.MoveOperation.End)

    def plain_map(self) -> markup_qt.PlainMap:
        return markup_qt.PlainMap(self.document())

    def _forget_cache(self) -> None:
        self._cached = None

    def use_letter_style(self) -> None:
        """Roomier type and margins for writing to a child (how it looks on screen only)."""
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.document().setDocumentMargin(12)

    # ---- formatting ------------------------------------------------------------------------

    def toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.fontWeight() < QFont.Weight.DemiBold.value
        fmt.setFontWeight(QFont.Weight.Bold.value if bold else QFont.Weight.Normal.value)
        self.mergeCurrentCharFormat(fmt)
        self._formatting_changed()

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.fontItalic())
        self.mergeCurrentCharFormat(fmt)
        self._formatting_changed()

    def toggle_bullets(self) -> None:
        cursor = self.textCursor()
        cursor.beginEditBlock()
        current = cursor.currentList()
        if current is not None:
            start, end = sorted((cursor.anchor(), cursor.position()))
            block = self.document().findBlock(start)
            while block.isValid() and block.position() <= end:
                if block.textList() is not None:
                    block.textList().remove(block)
                    c = QTextCursor(block)
                    fmt = block.blockFormat()
                    fmt.setIndent(0)
                    c.setBlockFormat(fmt)
                block = block.next()
        else:
            cursor.createList(markup_qt.bullet_format())
        cursor.endEditBlock()
        self._formatting_changed()

    def in_bullets(self) -> bool:
        return self.textCursor().currentList() is not None

    def _formatting_changed(self) -> None:
        # A format change with no text selected changes nothing in the document yet.
        self._cached = None
        self.markup_changed.emit()

    # ---- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.isReadOnly():
            super().keyPressEvent(event)
            return
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        key = event.key()
        if mods == ctrl and key == Qt.Key.Key_B:
            self.toggle_bold()
            return
        if mods == ctrl and key == Qt.Key.Key_I:
            self.toggle_italic()
            return
        if mods == ctrl | shift and key in (Qt.Key.Key_8, Qt.Key.Key_Asterisk):
            self.toggle_bullets()
            return
        if (mods == ctrl | shift and key == Qt.Key.Key_Z) or (mods == ctrl and key == Qt.Key.Key_Y):
            self.redo()
            return
        if mods == ctrl and key == Qt.Key.Key_Z:
            self.undo()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            cursor = self.textCursor()
            text_list = cursor.currentList()
            if text_list is not None and not cursor.block().text().strip():
                # Enter on an empty bullet ends the list, as in any word processor.
                self.toggle_bullets()
                return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        super().keyPressEvent(event)

    # ---- spelling --------------------------------------------------------------------------

    def enable_spelling(self, check: SpellCheck, add_word: Callable[[str], None] | None = None) -> None:
        """Wavy lines under unknown words, and suggestions on right-click (or the menu key).
        ``add_word`` keeps a word among the IRO's own (in the vault)."""
        self._spelling, self._add_word = check, add_word
        self._spell_lines = SpellHighlighter(self.document(), check)
        check.load()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        menu = self.createStandardContextMenu(event.pos())
        by_keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
        at = self.textCursor() if by_keyboard else self.cursorForPosition(event.pos())
        word = word_at(at) if self._spelling is not None and not self.isReadOnly() else None
        if word is not None and self._spelling.misspelled(word.selectedText()):
            add = None
            if self._add_word is not None:
                def add(w: str) -> None:
                    self._spelling.add_own_word(w)
                    self._add_word(w)
            add_spelling_actions(menu, self._spelling, word, add, self._replace_word)
        menu.setAccessibleName("Text actions")
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _replace_word(self, word: QTextCursor, replacement: str) -> None:
        if word.hasSelection():
            word.insertText(replacement)

    # ---- pasting and copying ---------------------------------------------------------------

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt's name
        return source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's name
        # Always plain text: fonts, colours and tables from elsewhere have no place in a letter.
        if source.hasText():
            cursor = self.textCursor()
            cursor.insertText(source.text().replace("\r\n", "\n").replace("\r", "\n"), cursor.charFormat())
            self.ensureCursorVisible()

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt's name
        data = QMimeData()
        text = self.textCursor().selection().toPlainText()
        data.setText(text)
        if self.on_copied is not None:
            self.on_copied(text)
        return data

    # ---- inserting phrases -----------------------------------------------------------------

    def insert_markup(self, body: str) -> None:
        """Insert marked-up text (a phrase) at the cursor, as one step to undo. A placeholder
        in it ("{date}") is selected, so typing replaces it."""
        blocks = markup.parse(body)
        if not blocks or self.isReadOnly():
            return
        cursor = self.textCursor()
        cursor.beginEditBlock()
        if cursor.hasSelection():
            cursor.removeSelectedText()
        start = cursor.position()
        before = cursor.block().text()[:cursor.positionInBlock()]
        if before and not before.endswith((" ", "\t")) and isinstance(blocks[0], markup.Paragraph):
            cursor.insertText(" ", cursor.charFormat())
            start += 1
        markup_qt.insert_blocks(cursor, blocks, first_inline=isinstance(blocks[0], markup.Paragraph))
        end = cursor.position()
        cursor.endEditBlock()
        text = self.document().toPlainText()
        match = _PLACEHOLDER.search(text.replace("\u2029", "\n"), start, end)
        if match:
            cursor.setPosition(match.start())
            cursor.setPosition(match.end(), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.setFocus()

    def selected_markup(self) -> str:
        """The selected text in markup (to keep as a phrase)."""
        fragment = self.textCursor().selection()
        doc = QTextDocument()
        QTextCursor(doc).insertFragment(fragment)
        return markup_qt.document_markup(doc)

    # ---- highlighting ----------------------------------------------------------------------

    def set_highlights(self, spans: Sequence[tuple[int, int]], colour: QColor = LONG_SENTENCE_COLOUR) -> None:
        """Highlight plain-text spans (offsets as the core reports them)."""
        mapping = self.plain_map()
        self._highlights = []
        for start, end in spans:
            span = mapping.span(start, end)
            if span is not None:
                self._highlights.append((span[0], span[1], colour))
        self._apply_extra_selections()

    def highlighted_spans(self) -> list[tuple[int, int]]:
        return [(a, b) for a, b, _c in self._highlights]

    def select_plain_span(self, start: int, end: int) -> bool:
        span = self.plain_map().span(start, end)
        if span is None:
            return False
        cursor = self.textCursor()
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def _apply_extra_selections(self) -> None:
        selections = []
        for start, end, colour in self._highlights:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(start, self.document().characterCount() - 1))
            cursor.setPosition(min(end, self.document().characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(colour)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            sel.format = fmt
            selections.append(sel)
        self.setExtraSelections(selections)

    # ---- children's words ------------------------------------------------------------------

    @property
    def suggestion(self) -> LiveSuggestion | None:
        return self._suggestion

    def _set_suggestion(self, live: LiveSuggestion | None) -> None:
        if live is self._suggestion:
            return
        self._suggestion = live
        self.suggestion_changed.emit(live)

    def _contents_change(self, position: int, removed: int, added: int) -> None:
        if self._highlights and (removed or added):
            # Offsets are stale until the next check; leave the words unmarked meanwhile.
            self._highlights = []
            self._apply_extra_selections()
        if added and not self.isReadOnly() and not self.signalsBlocked():
            self._look_for_term(position + added)
        elif self._suggestion is not None and not self._suggestion.still_there():
            self._set_suggestion(None)
        if not self.signalsBlocked():
            self.markup_changed.emit()

    def _look_for_term(self, position: int) -> None:
        if self._suggestion is not None and not self._suggestion.still_there():
            self._set_suggestion(None)
        block = self.document().findBlock(position)
        text = block.text()
        at = position - block.position()
        if at <= 0 or at > len(text) or text[at - 1].isalnum() or text[at - 1] in "'’-":
            return  # still inside a word: wait until the term is finished
        found = wording.suggest_at(text, at - 1, self.wording_table) if self.wording_table else None
        if found is None or found.found.casefold() in self._ignored_terms:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(block.position() + found.start)
        cursor.setPosition(block.position() + found.end, QTextCursor.MoveMode.KeepAnchor)
        self._set_suggestion(LiveSuggestion(found, cursor))

    def _cursor_moved(self) -> None:
        live = self._suggestion
        if live is not None and self.textCursor().block() != live.cursor.block():
            self._set_suggestion(None)

    def accept_suggestion(self) -> bool:
        """Put the child's words in place of the term (one step to undo)."""
        live = self._suggestion
        if live is None or not live.still_there() or self.isReadOnly():
            self._set_suggestion(None)
            return False
        cursor = QTextCursor(live.cursor)
        fmt = cursor.charFormat()
        cursor.insertText(live.suggestion.child_words, fmt)
        self._set_suggestion(None)
        return True

    def dismiss_suggestion(self) -> None:
        live = self._suggestion
        if live is not None:
            self._ignored_terms.add(live.suggestion.found.casefold())
        self._set_suggestion(None)

    # ---- read-only -------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
            if read_only else Qt.TextInteractionFlag.TextEditorInteraction)
        if read_only:
            self._set_suggestion(None)
