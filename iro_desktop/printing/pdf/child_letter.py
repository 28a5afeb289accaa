"""The letter to the child, as they keep it: in their colours, with a picture beside each
heading, their IRO's face and how to reach them, and the date of their next review meeting.

Three looks share this layout (``child``, ``large-print``, ``dyslexia``); easy-read has its own
(``easy_read``). The only input is a ``ChildLetterView``: nothing else about the review can
reach the page.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from iro_desktop.printing.pdf.cards import closing_cards, masthead
from iro_desktop.printing.pdf.common import (PAGE_HEIGHT, PAGE_WIDTH, IconBadge, PdfMeta, blocks_flowables,
                                             build_pdf, draw_page_of, outlined, table_style, text_xml)
from iro_desktop.printing.pdf.looks import LOOKS, MUTED_COLOUR, Look, Styles, styles
from iro_desktop.printing.themes import Theme
from iro_desktop.printing.views import ChildLetterView

TOP, BOTTOM = 46, 58
SUBJECT_REVIEW = "A letter from your Independent Reviewing Officer about your review meeting"
SUBJECT_MIDWAY = "A note from your Independent Reviewing Officer"
DRAFT_NOTE = "Draft: this letter may still change"


def require_view(view: object) -> ChildLetterView:
    # The structural guarantee: children's documents are made from the child's view only.
    if not isinstance(view, ChildLetterView):
        raise TypeError("a child's letter is rendered from a ChildLetterView only, "
                        f"not from {type(view).__name__}")
    return view


def heading_row(icon: str, heading: str, look: Look, st: Styles, theme: Theme) -> Table:
    """A section heading with its picture hanging in the gutter to its left."""
    t = Table([[IconBadge(icon, look.icon, theme.ink, theme.tint), Paragraph(text_xml(heading), st.heading)]],
              colWidths=[look.gutter, None])
    t.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)))
    return outlined(t, heading)


def page_decorator(look: Look, theme: Theme, *, draft: bool):
    def on_page(canv, doc) -> None:
        canv.saveState()
        if look.page_colour:
            canv.setFillColor(HexColor(look.page_colour))
            canv.rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, stroke=0, fill=1)
        # A band of the child's colour along the top edge, with a few dots: friendly, quiet.
        canv.setFillColor(HexColor(theme.accent))
        canv.rect(0, PAGE_HEIGHT - 10, PAGE_WIDTH, 10, stroke=0, fill=1)
        canv.setFillColor(HexColor(theme.tint))
        for i, r in enumerate((5, 3.5, 2.5)):
            canv.circle(PAGE_WIDTH - look.margin - i * 16, PAGE_HEIGHT - 24, r, stroke=0, fill=1)
        canv.restoreState()

    def on_page_end(canv, doc) -> None:
        st = styles(look, theme)
        canv.saveState()
        draw_page_of(canv, PAGE_WIDTH / 2, 26, st.footer_font, st.footer_size, theme.ink, align="centre")
        if draft:
            canv.setFont(st.footer_font, st.footer_size)
            canv.setFillColor(HexColor(MUTED_COLOUR))
            canv.drawString(look.margin, 26, DRAFT_NOTE)
        canv.restoreState()

    return on_page, on_page_end


def letter_story(view: ChildLetterView, look: Look, width: float) -> list[Flowable]:
    theme = view.theme
    st = styles(look, theme)
    story: list[Flowable] = [masthead(view.title, view.subtitle, width, look, st, theme, picture=view.picture,
                                      icon="star" if view.kind == "review" else "message-circle"),
                             Spacer(1, look.body * 1.6)]
    if view.greeting:
        story.append(Paragraph(text_xml(view.greeting), st.greeting))
    story += blocks_flowables(view.opening, st.body, st.bullet, italics=look.italics)
    for section in view.sections:
        body = blocks_flowables(section.blocks, st.body, st.bullet, italics=look.italics)
        head = [Spacer(1, look.body * 0.7), heading_row(section.icon, section.heading, look, st, theme),
                Spacer(1, look.body * 0.45)]
        # A heading never ends a page alone: it keeps its first two paragraphs (or a lead-in
        # line and the first item of its list) with it.
        story.append(KeepTogether(head + body[:2]))
        story += body[2:]
    if view.sign_off:
        story += [Spacer(1, look.body * 0.8),
                  Paragraph("<br/>".join(text_xml(line) for line in view.sign_off), st.body)]
    story.append(Spacer(1, look.body * 1.4))
    story += closing_cards(width, look, st, theme, contact=view.contact, next_review=view.next_review,
                           feedback=view.feedback_address,
                           feedback_what="how your review meeting went" if view.kind == "review"
                           else "what you think")
    return story


def render_child_letter(view: ChildLetterView, variant: str = "child") -> bytes:
    """The child's letter as PDF bytes, in the ``child``, ``large-print``, ``dyslexia`` or
    ``easy-read`` look."""
    view = require_view(view)
    if variant == "easy-read":
        from iro_desktop.printing.pdf.easy_read import render_easy_read

        return render_easy_read(view)
    if variant not in LOOKS:
        raise ValueError(f"unknown letter variant {variant!r}")
    look = LOOKS[variant]
    width = PAGE_WIDTH - 2 * look.margin
    on_page, on_page_end = page_decorator(look, view.theme, draft=view.draft)
    meta = PdfMeta(title=view.pdf_title, author=view.contact.name,
                   subject=SUBJECT_REVIEW if view.kind == "review" else SUBJECT_MIDWAY)
    return build_pdf(letter_story(view, look, width), meta, margins=(look.margin, look.margin, TOP, BOTTOM),
                     on_page=on_page, on_page_end=on_page_end, initial_font=look.family)
