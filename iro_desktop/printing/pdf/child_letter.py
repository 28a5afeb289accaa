"""The letter to the child, as they keep it: in their colours, with a picture beside each
heading, their IRO's face and how to reach them, and the date of their next review meeting.

Three looks share this layout (``child``, ``large-print``, ``dyslexia``); easy-read has its own
(``easy_read``). The only input is a ``ChildLetterView``: nothing else about the review can
reach the page.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from iro_desktop.printing.pdf.cards import letter_tail, masthead
from iro_desktop.printing.pdf.common import PAGE_WIDTH, PdfMeta, blocks_flowables, build_pdf, text_xml
from iro_desktop.printing.pdf.easy_read import render_easy_read
from iro_desktop.printing.pdf.keep_heading import heading_with_lines, with_tail
from iro_desktop.printing.pdf.letter_parts import (BOTTOM, SUBJECT_MIDWAY, SUBJECT_REVIEW, TOP, heading_row,
                                                   metadata_title, page_decorator, require_view)
from iro_desktop.printing.pdf.looks import LOOKS, Look, styles
from iro_desktop.printing.views import ChildLetterView

def letter_story(view: ChildLetterView, look: Look, width: float) -> list[Flowable]:
    theme = view.theme
    st = styles(look, theme)
    story: list[Flowable] = [masthead(view.title, view.subtitle, width, look, st, theme, picture=view.picture,
                                      icon="star" if view.kind == "review" else "message-circle"),
                             Spacer(1, look.body * 1.6)]
    if view.greeting:
        story.append(Paragraph(text_xml(view.greeting), st.greeting))
    story += blocks_flowables(view.opening, st.body, st.bullet, italics=look.italics)
    # The sign-off and the closing cards never start the last page alone: they take the last
    # lines of the letter with them.
    tail = letter_tail(view, width, look, st, theme, sign_off_style=st.body, sign_off_space=look.body * 0.8,
                       cards_space=look.body * 1.4)
    if not view.sections:
        return with_tail(story, tail)
    for n, section in enumerate(view.sections, start=1):
        body = blocks_flowables(section.blocks, st.body, st.bullet, italics=look.italics)
        head = [Spacer(1, look.body * 0.7), heading_row(section.icon, section.heading, look, st, theme),
                Spacer(1, look.body * 0.45)]
        # A heading never ends a page alone: it keeps the first lines of what follows with it.
        story += heading_with_lines(head, body, tail=tail if n == len(view.sections) else None)
    return story


def render_child_letter(view: ChildLetterView, variant: str = "child") -> bytes:
    """The child's letter as PDF bytes, in the ``child``, ``large-print``, ``dyslexia`` or
    ``easy-read`` look."""
    view = require_view(view)
    if variant == "easy-read":
        return render_easy_read(view)
    if variant not in LOOKS:
        raise ValueError(f"unknown letter variant {variant!r}")
    look = LOOKS[variant]
    width = PAGE_WIDTH - 2 * look.margin
    on_page, on_page_end = page_decorator(look, view.theme, draft=view.draft)
    meta = PdfMeta(title=metadata_title(view), author=view.contact.name,
                   subject=SUBJECT_REVIEW if view.kind == "review" else SUBJECT_MIDWAY)
    return build_pdf(letter_story(view, look, width), meta, margins=(look.margin, look.margin, TOP, BOTTOM),
                     on_page=on_page, on_page_end=on_page_end, initial_font=look.family)
