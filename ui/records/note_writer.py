"""One box for writing to a child, with everything the letter's boxes have: the formatting bar and
phrase bank, the children's words, the spell check and, beside it, how easy it is to read (with
the child's age). The midway review's note to the child is written in one.

The figures are the core's and are worked out on the vault thread: the writer only says when
they are worth asking for again (``readability_wanted``, a moment after the IRO stops typing) and
shows the answer (``show_readability``).
"""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from iro_desktop.documents import markup, phrasebank, wording
from iro_desktop.documents.readability import Readability

from ui.records.readability_panel import ReadabilityPanel, long_sentence_spans
from ui.records.text.markup_edit import MarkupTextEdit
from ui.records.writing_tools import FormattingBar, SuggestionBar

READABILITY_DELAY_MS = 700
NOTE_PART = ""  # the one part of a single box, as the core's figures name it
PHRASE_KEY = "midway_note"  # no letter section has this key: the phrases "for any section" come first


class NoteWriter(QWidget):
    changed = Signal()
    readability_wanted = Signal()

    def __init__(self, *, accessible_name: str, heading: str,
                 phrases: Callable[[], list[phrasebank.Phrase]],
                 keep_phrase: Callable[[str, str, str | None], None], add_starters: Callable[[], None],
                 table: Sequence[wording.Wording] | None = None,
                 adopt_clipboard: Callable[[str], None] | None = None,
                 spell: Callable[[MarkupTextEdit], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heading = heading
        self._read_only = False
        self.box = MarkupTextEdit(accessible_name=accessible_name)
        self.box.wording_table = table
        self.box.on_copied = adopt_clipboard
        if spell is not None:
            spell(self.box)
        self.box.use_letter_style()
        self.toolbar = FormattingBar(lambda: self.box, phrases=phrases, keep_phrase=keep_phrase,
                                     add_starters=add_starters, section_key=lambda: PHRASE_KEY,
                                     keepable_key=lambda _key: None)
        self.toolbar.watch(self.box)
        self.suggestion_bar = SuggestionBar(lambda: self.box)
        self.suggestion_bar.follow(self.box)
        self.readability = ReadabilityPanel(noun="note")
        self.readability.sentence_requested.connect(self._show_sentence)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(READABILITY_DELAY_MS)
        self._timer.timeout.connect(self.readability_wanted.emit)
        self._generation = 0  # the text the figures were asked for: stale offsets are not drawn
        self.box.markup_changed.connect(self._typed)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 6, 0)
        middle_layout.addWidget(self.toolbar)
        middle_layout.addWidget(self.box, 1)
        middle_layout.addWidget(self.suggestion_bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(middle)
        splitter.addWidget(self.readability)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802 - Qt's name, as on the box
        self.box.setPlaceholderText(text)

    def set_markup(self, body: str) -> None:
        self.box.set_markup(body)
        self._generation += 1
        self._timer.start()

    def markup(self) -> str:
        return self.box.markup()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.box.set_read_only(read_only)
        self.toolbar.set_read_only(read_only)
        self.suggestion_bar.set_read_only(read_only)

    def stop(self) -> None:
        self._timer.stop()

    def _typed(self) -> None:
        self._generation += 1
        self._timer.start()
        self.changed.emit()

    @property
    def generation(self) -> int:
        return self._generation

    def show_readability(self, r: Readability, child_age_words: str, *, generation: int) -> None:
        """Show the figures for the text as it was at ``generation``; its long sentences are marked
        only if the text has not changed since (their offsets would be wrong)."""
        plain = markup.strip_markup(self.box.markup())
        self.readability.show_parts(r, child_age_words, heading=lambda _part: self._heading,
                                    plain=lambda _part: plain, whole_text=plain)
        if generation == self._generation:
            self.box.set_highlights(long_sentence_spans(r).get(NOTE_PART, []))

    def _show_sentence(self, _part: str, start: int, end: int) -> None:
        if self.box.select_plain_span(start, end):
            self.box.setFocus()
