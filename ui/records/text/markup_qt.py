"""A QTextDocument in the letter's small markup, and back: bold, italics, bullet lists, nothing else.

The stored text is always the core's markup (``documents.markup``), never Qt HTML. A document is
built with one block per paragraph and per list item, so the character offsets the core reports
into ``markup.plain_text`` (the readability check's longest sentences) map straight onto blocks:
``PlainMap`` does that mapping, skipping blank blocks the IRO left between paragraphs.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtGui import QFont, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextListFormat

from iro_desktop.documents import markup

# A soft line break (Shift+Enter) inside a paragraph: the markup joins a paragraph's lines with
# a space, so it reads back as one.
_SOFT_BREAKS = str.maketrans({"\u2028": " ", "\u2029": " ", "\n": " ", "\r": " "})


def _runs(block: QTextBlock) -> list[markup.Run]:
    runs: list[markup.Run] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.isValid():
            fmt = fragment.charFormat()
            text = fragment.text().translate(_SOFT_BREAKS).replace("\ufffc", "")
            runs.append(markup.Run(text, fmt.fontWeight() >= QFont.Weight.DemiBold.value, fmt.fontItalic()))
        it += 1
    return runs


def document_blocks(doc: QTextDocument) -> list[markup.Block]:
    """The document as markup blocks, in normal form (what a save would read back)."""
    blocks: list[markup.Block] = []
    items: list[tuple[markup.Run, ...]] = []
    current_list = None
    block = doc.begin()
    while block.isValid():
        text_list = block.textList()
        if text_list is not None:
            if current_list is not None and text_list != current_list and items:
                blocks.append(markup.BulletList(tuple(items)))
                items = []
            current_list = text_list
            items.append(tuple(_runs(block)))
        else:
            if items:
                blocks.append(markup.BulletList(tuple(items)))
                items = []
            current_list = None
            blocks.append(markup.Paragraph(tuple(_runs(block))))
        block = block.next()
    if items:
        blocks.append(markup.BulletList(tuple(items)))
    return markup.normalise(blocks)


def document_markup(doc: QTextDocument) -> str:
    return markup.serialise(document_blocks(doc))


def char_format(bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold.value if bold else QFont.Weight.Normal.value)
    fmt.setFontItalic(italic)
    return fmt


def paragraph_format() -> QTextBlockFormat:
    """A little space under each paragraph, on screen only (the markup has no spacing)."""
    fmt = QTextBlockFormat()
    fmt.setBottomMargin(6)
    return fmt


def bullet_format() -> QTextListFormat:
    fmt = QTextListFormat()
    fmt.setStyle(QTextListFormat.Style.ListDisc)
    fmt.setIndent(1)
    return fmt


def insert_blocks(cursor: QTextCursor, blocks: list[markup.Block], *, first_inline: bool) -> None:
    """Insert ``blocks`` at ``cursor``. With ``first_inline`` the first paragraph's runs join the
    block the cursor is in (a phrase typed into the middle of a sentence)."""
    first = True
    for block in blocks:
        if isinstance(block, markup.Paragraph):
            if not (first and first_inline):
                if not first or cursor.block().length() > 1 or cursor.currentList() is not None:
                    cursor.insertBlock(paragraph_format(), char_format())
                if cursor.currentList() is not None:
                    cursor.currentList().remove(cursor.block())
                    cursor.setBlockFormat(paragraph_format())
            for run in block.runs:
                cursor.insertText(run.text, char_format(run.bold, run.italic))
        else:
            text_list = None
            for item in block.items:
                if not first or cursor.block().length() > 1:
                    cursor.insertBlock(paragraph_format(), char_format())
                if text_list is None:
                    text_list = cursor.createList(bullet_format())
                else:
                    text_list.add(cursor.block())
                for run in item:
                    cursor.insertText(run.text, char_format(run.bold, run.italic))
                first = False
        first = False
    cursor.setCharFormat(char_format())


def set_document_markup(doc: QTextDocument, body: str) -> None:
    """Replace the document's text with ``body`` (markup), leaving no undo history behind."""
    doc.setUndoRedoEnabled(False)
    doc.clear()
    cursor = QTextCursor(doc)
    cursor.setBlockFormat(paragraph_format())
    cursor.setCharFormat(char_format())
    insert_blocks(cursor, markup.parse(body), first_inline=True)
    doc.setUndoRedoEnabled(True)
    doc.setModified(False)


class PlainMap:
    """Offsets into the document's plain text (one line per non-blank block, trimmed, as
    ``markup.plain_text`` gives it) mapped to positions in the document."""

    def __init__(self, doc: QTextDocument) -> None:
        self._starts: list[int] = []  # plain offset of each line
        self._positions: list[int] = []  # document position of the same character
        self._lengths: list[int] = []
        offset = 0
        block = doc.begin()
        while block.isValid():
            text = block.text().translate(_SOFT_BREAKS)
            stripped = text.strip()
            if stripped:
                lead = len(text) - len(text.lstrip())
                self._starts.append(offset)
                self._positions.append(block.position() + lead)
                self._lengths.append(len(stripped))
                offset += len(stripped) + 1
            block = block.next()

    def position(self, offset: int) -> int | None:
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        column = offset - self._starts[i]
        if column > self._lengths[i]:
            return None
        return self._positions[i] + column

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        a, b = self.position(start), self.position(end)
        if a is None or b is None or b < a:
            return None
        return a, b
