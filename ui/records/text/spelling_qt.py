"""The spell check drawn in the text boxes: wavy red lines under words the speller does not know,
and on right-click a few suggestions and "Add to my words".

The speller (``iro_desktop.documents.spelling``) takes a second or two to load and up to half
a second to suggest, so both run on threads of their own and report back by signal: the GUI
thread only looks words up, which takes microseconds. One ``SpellCheck`` serves every box in
the app; the IRO's words come from the vault with the editor's data and go back to it through
the editor (a vault job), never from here.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QMenu

from iro_desktop.documents import spelling

UNDERLINE = QColor("#c62828")


class SpellCheck(QObject):
    """The app's speller, loaded once off the GUI thread, and the IRO's words."""

    ready = Signal()  # the speller has loaded
    words_changed = Signal()  # the IRO's words changed: every box draws its lines again
    _suggested = Signal(object, str, list)  # (reply, word, suggestions), from a thread

    def __init__(self) -> None:
        super().__init__()
        self._speller: spelling.Speller | None = None
        self._own: list[str] = []
        self._loading = False
        self._suggested.connect(lambda reply, word, found: reply(word, found), Qt.ConnectionType.QueuedConnection)

    @property
    def speller(self) -> spelling.Speller | None:
        return self._speller

    def load(self) -> None:
        """Start loading the speller (once); ``ready`` says when it is there."""
        if self._speller is not None or self._loading:
            return
        self._loading = True
        threading.Thread(target=self._load, name="speller", daemon=True).start()

    def _load(self) -> None:
        try:
            made = spelling.speller()
        except Exception:  # noqa: BLE001 - no spell check is better than no editor
            self._loading = False
            return
        made.set_own_words(self._own)
        self._speller = made
        self.ready.emit()

    def set_own_words(self, words: list[str]) -> None:
        self._own = list(words)
        if self._speller is not None:
            self._speller.set_own_words(self._own)
        self.words_changed.emit()

    def add_own_word(self, word: str) -> None:
        """Shown as correct at once; the editor stores it in the vault."""
        self.set_own_words(self._own + [word])

    def misspelled(self, word: str) -> bool:
        return self._speller is not None and not self._speller.is_correct(word)

    def suggest(self, word: str, reply: Callable[[str, list[str]], None]) -> None:
        """Suggestions for ``word``, handed to ``reply`` on the GUI thread when found."""
        speller = self._speller
        if speller is None:
            return

        def work() -> None:
            try:
                found = speller.suggestions(word)
            except Exception:  # noqa: BLE001 - no suggestions, then
                found = []
            self._suggested.emit(reply, word, found)

        threading.Thread(target=work, name="spelling-suggestions", daemon=True).start()


_app_check: SpellCheck | None = None


def app_spell_check() -> SpellCheck:
    """The one SpellCheck of the app (made on first use, on the GUI thread)."""
    global _app_check
    if _app_check is None:
        _app_check = SpellCheck()
    return _app_check


class SpellHighlighter(QSyntaxHighlighter):
    """Draws the wavy lines in one document, and again whenever the speller or the words change."""

    def __init__(self, document: QTextDocument, check: SpellCheck) -> None:
        super().__init__(document)
        self._check = check
        self.enabled = True
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(UNDERLINE)
        check.ready.connect(self.rehighlight)
        check.words_changed.connect(self.rehighlight)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        speller = self._check.speller
        if speller is None or not self.enabled:
            return
        for m in speller.check(text):
            self.setFormat(m.start, m.end - m.start, self._format)


def word_at(cursor: QTextCursor) -> QTextCursor | None:
    """The whole word under ``cursor`` (apostrophes and hyphens inside it included), selected."""
    block = cursor.block()
    text, at = block.text(), cursor.positionInBlock()
    for m in spelling.words_in(text):
        if m.start <= at <= m.end:
            found = QTextCursor(block)
            found.setPosition(block.position() + m.start)
            found.setPosition(block.position() + m.end, QTextCursor.MoveMode.KeepAnchor)
            return found
    return None


def add_spelling_actions(menu: QMenu, check: SpellCheck, word_cursor: QTextCursor,
                         add_word: Callable[[str], None] | None, replace: Callable[[QTextCursor, str], None]) -> None:
    """Put the suggestions for the misspelled word under the click at the top of ``menu``
    (they arrive a moment later: the menu says it is looking meanwhile), and "Add to my words"."""
    word = word_cursor.selectedText()
    first = menu.actions()[0] if menu.actions() else None
    looking = menu.addAction("Looking for suggestions…")
    looking.setEnabled(False)
    menu.insertAction(first, looking)
    if add_word is not None:
        add = menu.addAction(f"Add “{word}” to my words")
        add.triggered.connect(lambda: add_word(word))
        menu.insertAction(first, add)
    menu.insertSeparator(first)

    def show(asked: str, found: list[str]) -> None:
        try:
            if not menu.isVisible() or asked != word:
                return
        except RuntimeError:  # the menu has gone (closed and deleted)
            return
        if not found:
            looking.setText("No suggestions")
            return
        for suggestion in found:
            action = QMenu.addAction(menu, suggestion)
            action.triggered.connect(lambda _checked=False, s=suggestion: replace(word_cursor, s))
            menu.insertAction(looking, action)
        menu.removeAction(looking)

    check.suggest(word, show)
