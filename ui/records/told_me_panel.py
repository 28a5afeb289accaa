"""What people told me, beside the letter: what each person consulted for the child's latest
booked meeting said, the child first, under the form's questions, and who has not replied yet.

The answers are the core's (``preparation.consultation.told_me``, read on the vault thread by the
editor when it opens and whenever a consultation changes); the panel only shows them. The
child's own written words each have **Quote in the letter**: the page puts them at the cursor of
the section being written, as a quotation (``quote_at_cursor``), one step to undo, and the
autosave keeps them like anything typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from iro_desktop.preparation.consultation import ToldMe, quote
from iro_desktop.preparation.meetings import day_words
from iro_desktop.preparation.model import RETURNED_HOW, ROLES, SENT_HOW

from ui.common.widgets import heading_label, hint_label
from ui.records.text.markup_edit import MarkupTextEdit

NO_MEETING = "No meeting is booked for this review"
NOBODY_YET = "Nobody has replied yet"
QUOTE = "Quote in the letter"
QUOTE_LEAD = "You told me: "  # how the letter introduces the child's own words
YES_NO_WORDS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}  # questions.YES_NO_ANSWERS on screen


def quotation(words: str) -> str:
    """The child's words as the letter quotes them: You told me: “…”."""
    return QUOTE_LEAD + quote(words)


def quote_at_cursor(editor: MarkupTextEdit, words: str) -> None:
    """Put the child's words at ``editor``'s cursor as a quotation, in plain type (whatever the
    words around are), as one step to undo. Typed characters would be read as markup; inserted
    text is kept as it is, so a child's "*" or "_" stays a character."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    if cursor.hasSelection():
        cursor.removeSelectedText()
    plain = QTextCharFormat(cursor.charFormat())
    plain.clearProperty(QTextCharFormat.Property.FontWeight)
    plain.clearProperty(QTextCharFormat.Property.FontItalic)
    before = cursor.block().text()[:cursor.positionInBlock()]
    text = quotation(words)
    if before and not before.endswith((" ", "\t")):
        text = " " + text
    cursor.insertText(text, plain)
    cursor.endEditBlock()
    cursor.setPosition(cursor.position(), QTextCursor.MoveMode.MoveAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()


def _label(text: str, *, bold: bool = False, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # people's words are never read as markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    if muted:
        label.setStyleSheet("color: #4a4f57;")
    return label


def _who(role_words: str, name: str, agency: str) -> str:
    return " — ".join(p for p in (role_words, ", ".join(p for p in (name, agency) if p)) if p)


class ToldMePanel(QFrame):
    """Everyone who replied, by person and question, then who has not; the child's words with
    a button each to quote them in the letter."""

    quote_requested = Signal(str)  # the child's words

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toldMe")
        self.setStyleSheet("QFrame#toldMe { background: #f7f8fa; border: 1px solid #dde1e6; border-radius: 4px; }")
        self.setMinimumWidth(230)
        self.title = heading_label("What people told me", 1.05)
        self.meeting_line = hint_label("")
        self.meeting_line.setAccessibleName("The meeting")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName("What people told me")
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.meeting_line)
        layout.addWidget(self.scroll, 1)
        self.told: ToldMe | None = None
        self.quote_buttons: list[QPushButton] = []
        self._read_only = False
        self._build(None, waiting=True)

    # ---- what is shown ---------------------------------------------------------------------

    def show_told_me(self, told: ToldMe) -> None:
        """Show ``told`` (left alone when it is what is shown already, so a refresh after a save
        does not take the keyboard's place away)."""
        if self.told is not None and told == self.told:
            return
        self.told = told
        self._build(told)

    def show_failed(self, text: str) -> None:
        self.told = None
        self._build(None, failed=text)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for button in self.quote_buttons:
            button.setEnabled(not read_only)

    def sections_text(self) -> list[str]:
        """Every line shown, in order (what a reader meets, top to bottom)."""
        body = self.scroll.widget()
        return [w.text() for w in body.findChildren(QLabel) if w.text()] if body is not None else []

    def _build(self, told: ToldMe | None, *, waiting: bool = False, failed: str = "") -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 4, 4, 4)
        column.setSpacing(4)
        self.quote_buttons = []
        if waiting or failed or told is None or told.meeting is None:
            self.meeting_line.setText("")
            self.meeting_line.hide()
            column.addWidget(_label("Reading what people told you…" if waiting else failed or NO_MEETING,
                                    muted=True))
        else:
            self.meeting_line.setText(f"For the review meeting on {day_words(told.meeting.meeting_date)}")
            self.meeting_line.show()
            self._fill(column, told)
        column.addStretch(1)
        old = self.scroll.takeWidget()
        self.scroll.setWidget(body)
        if old is not None:
            old.deleteLater()

    def _fill(self, column: QVBoxLayout, told: ToldMe) -> None:
        if not told.people:
            column.addWidget(_label(NOBODY_YET, muted=True))
        for person in told.people:
            c = person.consultee
            column.addSpacing(6)
            column.addWidget(_label(_who(person.role_words, c.name, c.agency), bold=True))
            how = RETURNED_HOW.get(c.returned_how or "", "")
            back = f"Replied on {c.returned_on:%d/%m/%Y}" + (f" ({how.lower()})" if how else "")
            column.addWidget(_label(back, muted=True))
            for said in person.said:
                answer = YES_NO_WORDS.get(said.answer, said.answer) if said.question.yes_no else said.answer
                column.addWidget(_label(said.question.short, bold=True))
                column.addWidget(_label(answer))
                if c.role == "child" and said in told.child_words:
                    column.addWidget(self._quote_button(said.question.short, said.answer),
                                     alignment=Qt.AlignmentFlag.AlignLeft)
            if person.note:
                column.addWidget(_label("Note", bold=True))
                column.addWidget(_label(person.note))
        if told.waiting:
            column.addSpacing(8)
            column.addWidget(_label("Not replied yet", bold=True))
            for c in told.waiting:
                sent = (f"sent {c.sent_on:%d/%m/%Y}" + (f" ({SENT_HOW[c.sent_how].lower()})"
                                                         if c.sent_how in SENT_HOW else "")
                        if c.sent_on else "not sent yet")
                column.addWidget(_label(f"{_who(ROLES.get(c.role, c.role), c.name, c.agency)}: {sent}"))

    def _quote_button(self, question: str, words: str) -> QPushButton:
        button = QPushButton(QUOTE)
        button.setAccessibleName(f"{QUOTE}: {question.lower()}")
        button.setAccessibleDescription(quotation(words))
        button.setToolTip(f"Put “{question.lower()}” in the letter where the cursor is, as the child's own words")
        button.setEnabled(not self._read_only)
        button.clicked.connect(lambda _checked=False, w=words: self.quote_requested.emit(w))
        self.quote_buttons.append(button)
        return button
