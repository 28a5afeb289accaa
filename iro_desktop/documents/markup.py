"""The letter's text format: plain paragraphs with bold, italics and bullet lists, nothing else.

Letters are stored in this small syntax rather than as Qt HTML, so that the PDF renderer, the
export and the search index read them without a widget, and so that an old record still reads
the same after the editor changes.

The syntax, in full:

* A **paragraph** is one or more lines of text; a blank line ends it. Lines of one paragraph
  are joined with a single space, and the paragraph's leading and trailing spaces are dropped.
* A line starting with ``- `` is a **bullet item**. Items that follow one another form one
  list. A line indented by two or more spaces right after an item continues that item.
* ``**`` switches **bold** on and off; ``_`` switches *italics* on and off. They may overlap
  (``**a _b** c_``). A marker left unpaired at the end of a paragraph or item is ordinary text.
* A backslash makes the next character ordinary text: ``\\*``, ``\\_``, ``\\\\``, and ``\\-``
  at the start of a line for a paragraph that begins with a dash.

``parse`` turns text into blocks, ``serialise`` turns blocks back into text; for blocks in
normal form (see ``normalise``), ``parse(serialise(blocks)) == blocks``. ``plain_text`` gives
the words without markup, one line per paragraph and per list item: the character offsets the
readability check reports are offsets into that text, which match a text document built with
one block per paragraph and per list item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence, Union

BOLD = "**"
ITALIC = "_"
BULLET = "- "


@dataclass(frozen=True)
class Run:
    """Text with one style throughout."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class BulletList:
    items: tuple[tuple[Run, ...], ...]

    @property
    def texts(self) -> list[str]:
        return ["".join(r.text for r in item) for item in self.items]


Block = Union[Paragraph, BulletList]


# ---- reading -------------------------------------------------------------------------------

def _tokens(text: str) -> list[tuple[str, str]]:
    """("text", s) and ("mark", BOLD|ITALIC) tokens; escapes already resolved into text."""
    out: list[tuple[str, str]] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith(BOLD, i):
            mark = BOLD
        elif ch == ITALIC:
            mark = ITALIC
        else:
            buf.append(ch)
            i += 1
            continue
        if buf:
            out.append(("text", "".join(buf)))
            buf = []
        out.append(("mark", mark))
        i += len(mark)
    if buf:
        out.append(("text", "".join(buf)))
    return out


def parse_inline(text: str) -> tuple[Run, ...]:
    """Runs from one paragraph's or item's text (markers toggle; an unpaired last one is text)."""
    tokens = _tokens(text)
    counts = {BOLD: 0, ITALIC: 0}
    for kind, value in tokens:
        if kind == "mark":
            counts[value] += 1
    # An odd count means the last marker of that kind has no partner: keep it as text.
    literal_last = {m for m, c in counts.items() if c % 2}
    seen = {BOLD: 0, ITALIC: 0}
    bold = italic = False
    runs: list[Run] = []
    for kind, value in tokens:
        if kind == "mark":
            seen[value] += 1
            if value in literal_last and seen[value] == counts[value]:
                runs.append(Run(value, bold, italic))
                continue
            if value == BOLD:
                bold = not bold
            else:
                italic = not italic
            continue
        runs.append(Run(value, bold, italic))
    return _merge(runs)


def _merge(runs: Iterable[Run]) -> tuple[Run, ...]:
    out: list[Run] = []
    for r in runs:
        if not r.text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (r.bold, r.italic):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(r)
    return tuple(out)


def _is_bullet(line: str) -> bool:
    return line.startswith(BULLET) or line == "-"


def parse(text: str) -> list[Block]:
    """Blocks from stored or typed text. Never fails: anything unexpected is ordinary text."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[list[str]] = []

    def end_paragraph() -> None:
        if para:
            runs = _trim(parse_inline(" ".join(para)))
            if runs:
                blocks.append(Paragraph(runs))
            para.clear()

    def end_list() -> None:
        if items:
            parsed = tuple(r for r in (_trim(parse_inline(" ".join(it))) for it in items) if r)
            if parsed:
                blocks.append(BulletList(parsed))
            items.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            end_paragraph()
            end_list()
            continue
        if items and not para and raw.startswith("  ") and not _is_bullet(raw.lstrip()):
            items[-1].append(raw.strip())
            continue
        line = raw.strip()
        if _is_bullet(line):
            end_paragraph()
            items.append([line[len(BULLET):].strip()] if len(line) > 1 else [""])
            continue
        end_list()
        para.append(line)
    end_paragraph()
    end_list()
    return blocks


def _trim(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Drop leading and trailing whitespace across the runs."""
    runs = list(runs)
    while runs and not runs[0].text.lstrip():
        runs.pop(0)
    while runs and not runs[-1].text.rstrip():
        runs.pop()
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
    return _merge(runs)


# ---- writing -------------------------------------------------------------------------------

def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def serialise_inline(runs: Sequence[Run]) -> str:
    out: list[str] = []
    bold = italic = False
    for r in runs:
        if r.bold != bold:
            out.append(BOLD)
            bold = r.bold
        if r.italic != italic:
            out.append(ITALIC)
            italic = r.italic
        out.append(_escape(r.text))
    if italic:
        out.append(ITALIC)
    if bold:
        out.append(BOLD)
    return "".join(out)


def serialise(blocks: Sequence[Block]) -> str:
    """Text in the syntax above: blocks separated by a blank line, one list item a line."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = serialise_inline(block.runs)
            if text.startswith("-"):
                text = "\\" + text  # so it does not read back as a bullet item
            if text:
                parts.append(text)
        else:
            lines = [BULLET + serialise_inline(item) for item in block.items if item]
            if lines:
                parts.append("\n".join(lines))
    return "\n\n".join(parts)


def normalise(blocks: Sequence[Block]) -> list[Block]:
    """The blocks as they read back after a save: whitespace inside lines becomes spaces,
    ends trimmed, empty paragraphs and items dropped, neighbouring runs of one style merged."""
    def clean(runs: Sequence[Run]) -> tuple[Run, ...]:
        flat = [Run(r.text.replace("\r", " ").replace("\n", " "), r.bold, r.italic) for r in runs]
        return _trim(_merge(flat))

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            runs = clean(block.runs)
            if runs:
                out.append(Paragraph(runs))
        else:
            items = tuple(r for r in (clean(item) for item in block.items) if r)
            if items:
                out.append(BulletList(items))
    return out


# ---- plain text ----------------------------------------------------------------------------

def plain_lines(blocks: Sequence[Block]) -> list[str]:
    """One string per paragraph and per list item, markup removed."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.extend(block.texts)
    return lines


def plain_text(blocks: Sequence[Block]) -> str:
    return "\n".join(plain_lines(blocks))


def strip_markup(text: str) -> str:
    """The words of marked-up text, one line per paragraph and per list item."""
    return plain_text(parse(text))


def paragraph(text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    return Paragraph((Run(text, bold, italic),))


def bullets(items: Iterable[str]) -> BulletList:
    return BulletList(tuple((Run(t),) for t in items))
