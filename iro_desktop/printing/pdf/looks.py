"""How each child-facing variant looks: typeface, sizes, spacing, page colour, italics.

* child: Andika (letter shapes made for early readers), 14.5pt body, one and a half line
  spacing, lines of about 60 characters.
* large-print: 18pt body and larger headings (UK Association for Accessible Formats: 16pt or
  more), no italics.
* dyslexia: British Dyslexia Association style guide: plain sans serif (Atkinson
  Hyperlegible), 14pt, 1.5 line spacing, cream page, left-aligned, no italics or underlining,
  bold for emphasis.
* easy-read: one short sentence a line, 16pt, a picture on the left of every line.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle

from iro_desktop.printing.pdf import fonts
from iro_desktop.printing.pdf.common import BOLD, ITALIC, style
from iro_desktop.printing.themes import CREAM, Theme

BODY_COLOUR = "#1F2328"
MUTED_COLOUR = "#4A4F55"


@dataclass(frozen=True)
class Look:
    variant: str
    family: str
    body: float  # body text size in points: no words on the page are smaller (footer aside)
    line: float  # line spacing, as a multiple of the size
    heading: float
    title: float
    icon: float  # the picture beside each heading
    margin: float  # left and right page margins
    italics: str  # how italic text is shown: ITALIC, BOLD or PLAIN
    page_colour: str | None = None

    @property
    def gutter(self) -> float:
        """The column the pictures hang in, left of the text."""
        return self.icon + self.body * 0.8

    @property
    def bold(self) -> str:
        return fonts.bold(self.family)


LOOKS: dict[str, Look] = {
    "child": Look("child", fonts.ANDIKA, 14.5, 1.5, 20, 30, 34, 58, ITALIC),
    "large-print": Look("large-print", fonts.ANDIKA, 18, 1.45, 25, 34, 40, 46, BOLD),
    "dyslexia": Look("dyslexia", fonts.ATKINSON, 14, 1.5, 19, 28, 34, 58, BOLD, page_colour=CREAM),
    "easy-read": Look("easy-read", fonts.ANDIKA, 16, 1.4, 22, 30, 40, 46, BOLD),
}
CHILD_VARIANTS = tuple(LOOKS)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    greeting: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    card_heading: ParagraphStyle
    card_text: ParagraphStyle
    card_big: ParagraphStyle
    footer_font: str
    footer_size: float


def styles(look: Look, theme: Theme) -> Styles:
    f, b, size = look.family, look.bold, look.body
    lead = size * look.line
    after = size * 0.75
    indent = look.gutter
    return Styles(
        # allowWidows=0: a paragraph never leaves its last line alone at the top of a page.
        body=style(f"{look.variant}-body", f, size, leading=lead, spaceAfter=after, leftIndent=indent,
                   allowWidows=0),
        bullet=style(f"{look.variant}-bullet", f, size, leading=lead, spaceAfter=after * 0.5,
                     leftIndent=indent + size * 1.3, bulletIndent=indent + size * 0.2,
                     bulletColor=theme.ink),
        greeting=style(f"{look.variant}-greeting", b, size * 1.15, leading=size * 1.15 * look.line,
                       spaceAfter=after, leftIndent=indent),
        heading=style(f"{look.variant}-heading", b, look.heading, leading=look.heading * 1.2,
                      colour=theme.ink),
        title=style(f"{look.variant}-title", b, look.title, leading=look.title * 1.15, colour=theme.ink),
        subtitle=style(f"{look.variant}-subtitle", f, size, leading=lead, colour=BODY_COLOUR),
        card_heading=style(f"{look.variant}-card-heading", b, max(size * 1.1, look.heading * 0.8),
                           leading=max(size * 1.1, look.heading * 0.8) * 1.25, colour=theme.ink, spaceAfter=2),
        card_text=style(f"{look.variant}-card-text", f, size, leading=size * 1.35),
        card_big=style(f"{look.variant}-card-big", b, size * 1.25, leading=size * 1.25 * 1.3),
        footer_font=f, footer_size=max(11.0, size * 0.75),
    )
