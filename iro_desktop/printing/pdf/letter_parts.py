"""What every child's document shares, whatever its look: the page's margins and band of the
child's colour, the footer (with "Draft" while the letter may change), headings with their
picture, and the guarantee that only a ``ChildLetterView`` reaches the page."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Paragraph, Table

from iro_desktop.printing.pdf.common import (PAGE_HEIGHT, PAGE_WIDTH, IconBadge, draw_page_of, outlined,
                                             table_style, text_xml)
from iro_desktop.printing.pdf.looks import MUTED_COLOUR, Look, Styles, styles
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


def metadata_title(view: ChildLetterView) -> str:
    """The PDF's /Title: what the document is and its date, never the child's name (desktop
    search indexes read it): "My review meeting, 13 September 2026"."""
    return f"{view.title}, {view.subtitle}" if view.subtitle else view.title


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
