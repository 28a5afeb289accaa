"""The easy-read letter: one short sentence a line, a picture on the left of each, words on the
right, 16pt type.

Sentences are split with the same splitter the readability check uses
(``documents.readability.sentences_in``), so what the IRO saw flagged as one long sentence is
one line here too. Each sentence gets the picture the IRO chose for it, else one chosen from
its words (a chef's hat for "your favourite thing to cook is pancakes"), else its section's
picture: ``documents.pictures`` decides, for the letter and the editor alike.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from iro_desktop.documents import markup, pictures
from iro_desktop.printing.pdf.cards import letter_tail, masthead
from iro_desktop.printing.pdf.keep_heading import heading_with_lines, with_tail
from iro_desktop.printing.pdf.letter_parts import (BOTTOM, SUBJECT_MIDWAY, SUBJECT_REVIEW, TOP, heading_row,
                                                   metadata_title, page_decorator, require_view)
from iro_desktop.printing.pdf.common import (PAGE_WIDTH, IconBadge, PdfMeta, build_pdf, runs_xml, table_style,
                                             text_xml)
from iro_desktop.printing.pdf.looks import LOOKS, Look, Styles, styles
from iro_desktop.printing.themes import Theme
from iro_desktop.printing.views import ChildLetterView

OPENING_ICON = "message-circle"
ROW_PICTURE = 0.85  # a line's picture, as a share of the heading pictures


def sentences(blocks: Sequence[markup.Block]) -> list[tuple[markup.Run, ...]]:
    """Every sentence of the blocks, in order, as styled runs (``documents.pictures`` numbers
    them the same way)."""
    return pictures.sentences(blocks)


def _rows(blocks: Sequence[markup.Block], chosen: Mapping[int, str], fallback: str, look: Look, st: Styles,
          theme: Theme) -> Table | None:
    lines = sentences(blocks)
    if not lines:
        return None
    size = look.icon * ROW_PICTURE
    rows = []
    for runs, picture in zip(lines, pictures.pictures_for_sentences(blocks, chosen, fallback)):
        rows.append([IconBadge(picture.picture, size, theme.ink, theme.tint),
                     Paragraph(runs_xml(runs, italics=look.italics), st.body)])
    t = Table(rows, colWidths=[look.gutter, None])
    t.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), look.body * 0.35),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), look.body * 0.35)))
    return t


def _story(view: ChildLetterView, look: Look, width: float) -> list[Flowable]:
    theme = view.theme
    st = styles(look, theme)
    # In easy read each line stands alone: no paragraph gaps inside a section, and the words
    # start right beside their picture.
    st.body.leftIndent = st.body.spaceAfter = 0
    story: list[Flowable] = [masthead(view.title, view.subtitle, width, look, st, theme, picture=view.picture,
                                      icon="star" if view.kind == "review" else "message-circle"),
                             Spacer(1, look.body * 1.4)]
    if view.greeting:
        story.append(Paragraph(text_xml(view.greeting), st.greeting))
    opening = _rows(view.opening, {}, OPENING_ICON, look, st, theme)
    if opening is not None:
        story.append(opening)
    # The sign-off and the closing cards take the last lines with them onto the last page.
    tail = letter_tail(view, width, look, st, theme, sign_off_style=styles(look, theme).body,
                       sign_off_space=look.body, cards_space=look.body * 1.2)
    if not view.sections:
        return with_tail(story, tail)
    for n, section in enumerate(view.sections, start=1):
        rows = _rows(section.blocks, section.pictures, section.icon, look, st, theme)
        head = [Spacer(1, look.body * 0.9), heading_row(section.icon, section.heading, look, st, theme),
                Spacer(1, look.body * 0.3)]
        story += heading_with_lines(head, [rows] if rows is not None else [],
                                    tail=tail if n == len(view.sections) else None)
    return story


def render_easy_read(view: ChildLetterView) -> bytes:
    view = require_view(view)
    look = LOOKS["easy-read"]
    width = PAGE_WIDTH - 2 * look.margin
    on_page, on_page_end = page_decorator(look, view.theme, draft=view.draft)
    meta = PdfMeta(title=f"{metadata_title(view)} (easy read)", author=view.contact.name,
                   subject=SUBJECT_REVIEW if view.kind == "review" else SUBJECT_MIDWAY)
    return build_pdf(_story(view, look, width), meta, margins=(look.margin, look.margin, TOP, BOTTOM),
                     on_page=on_page, on_page_end=on_page_end, initial_font=look.family)
