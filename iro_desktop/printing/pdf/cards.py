"""The friendly boxes on children's documents: the top of the first page, how to reach the IRO,
the next review meeting, and the feedback code."""

from __future__ import annotations

from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from iro_desktop.printing.pdf import fonts
from iro_desktop.printing.pdf.common import IconBadge, Photo, QrCode, outlined, table_style, text_xml
from iro_desktop.printing.pdf.looks import Look, Styles
from iro_desktop.printing.themes import Theme
from iro_desktop.printing.views import ContactCard
from iro_desktop.reviews.recommendations import long_date

RADIUS = 14
PAD = 16


def art_side(look: Look) -> float:
    """The size of the picture in every card, so the cards' words line up one under another."""
    return min(110.0, look.body * 6.5)


def _art_cell(art: Flowable, look: Look) -> Table:
    t = Table([[art]], colWidths=[art_side(look)], rowHeights=[max(art_side(look), art.height)])
    t.setStyle(table_style(("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)))
    return t


def _card(art: Flowable, words: list[Flowable], width: float, look: Look, theme: Theme) -> Table:
    col = art_side(look) + 2 * PAD
    return _box([[_art_cell(art, look), words]], [col, width - col], theme, pad=PAD)


def _box(rows: list[list], col_widths: list[float | None], theme: Theme, *, pad: float = 14,
         background: str | None = None, valign: str = "MIDDLE") -> Table:
    t = Table(rows, colWidths=col_widths)
    t.setStyle(table_style(
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(background or theme.tint)),
        ("ROUNDEDCORNERS", [RADIUS, RADIUS, RADIUS, RADIUS]),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ))
    return t


def _plain_table(rows: list[list], col_widths: list[float | None], *, gap: float = 8, row_gap: float = 3) -> Table:
    t = Table(rows, colWidths=col_widths)
    t.setStyle(table_style(
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), gap),
        ("RIGHTPADDING", (1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), row_gap),
        ("BOTTOMPADDING", (0, 0), (-1, -1), row_gap),
    ))
    return t


def masthead(title: str, subtitle: str, width: float, look: Look, st: Styles, theme: Theme, *,
             picture: bytes | None, icon: str = "star") -> Flowable:
    """The top of the first page: the title and date on the child's colour, with their picture."""
    side = look.title * 3.2
    art: Flowable = (Photo(picture, side, theme.ink, ring_width=3) if picture
                     else IconBadge(icon, side * 0.8, theme.ink, "#FFFFFF"))
    words = [Paragraph(text_xml(title), st.title), Spacer(1, 4), Paragraph(text_xml(subtitle), st.subtitle)]
    box = _box([[words, art]], [width - side - 28, side + 28], theme, pad=18)
    return outlined(box, title)


def _way(label: str, value: str, width: float, st: Styles) -> str:
    """"Call me: 01632 960 418"; a value too long for the line (an email address, in large
    print) goes on lines of its own, broken after the @ rather than inside a word."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = st.card_text.fontSize
    bold = fonts.bold(st.card_text.fontName)
    if stringWidth(f"{label}: {value}", bold, size) <= width:
        return f"{label}: <b>{text_xml(value)}</b>"
    if stringWidth(value, bold, size) <= width or "@" not in value:
        return f"{label}:<br/><b>{text_xml(value)}</b>"
    local, domain = value.split("@", 1)
    return f"{label}:<br/><b>{text_xml(local)}@</b><br/><b>{text_xml(domain)}</b>"


def contact_card(card: ContactCard, width: float, look: Look, st: Styles, theme: Theme, *,
                 heading: str = "How to reach me") -> Flowable:
    """The IRO's photo, name and the ways a child can reach them."""
    side = art_side(look)
    art: Flowable = (Photo(card.photo, side, theme.ink) if card.photo
                     else IconBadge("user", side * 0.8, theme.ink, "#FFFFFF"))
    icon = look.body * 1.35
    ways = [(name, label, value) for name, label, value in (
        ("phone", "Call me", card.phone), ("message", "Text me", card.text), ("mail", "Email me", card.email))
        if value]
    inner_width = width - side - 4 * PAD
    text_width = inner_width - icon - 8
    rows = [[IconBadge(name, icon, theme.ink), Paragraph(_way(label, value, text_width, st), st.card_text)]
            for name, label, value in ways]
    words: list[Flowable] = [Paragraph(text_xml(heading), st.card_heading),
                             Paragraph(f"<b>{text_xml(card.name)}</b>", st.card_text) if card.name else Spacer(1, 0),
                             Paragraph(text_xml(card.role), st.card_text), Spacer(1, 6)]
    if rows:
        words.append(_plain_table(rows, [icon + 8, inner_width - icon - 8]))
    else:
        words.append(Paragraph("Ask your carer or your social worker to get in touch with me.", st.card_text))
    return outlined(_card(art, words, width, look, theme), heading)


def next_review_card(when: date, width: float, look: Look, st: Styles, theme: Theme, *,
                     note: str = "You can help choose where it happens and who comes.") -> Flowable:
    words = [Paragraph("My next review meeting", st.card_heading),
             Paragraph(f"will be by {text_xml(long_date(when))}", st.card_big)]
    if note:
        words += [Spacer(1, 4), Paragraph(text_xml(note), st.card_text)]
    art = IconBadge("calendar-event", art_side(look) * 0.6, theme.ink, "#FFFFFF")
    return outlined(_card(art, words, width, look, theme), "My next review meeting")


def feedback_card(address: str, width: float, look: Look, st: Styles, theme: Theme, *,
                  what: str = "how your review meeting went") -> Flowable:
    words = [Paragraph("Tell us what you think", st.card_heading),
             Paragraph(f"Point a phone camera at this square to tell us {text_xml(what)}.", st.card_text)]
    return outlined(_card(QrCode(address, art_side(look)), words, width, look, theme), "Tell us what you think")


def closing_cards(width: float, look: Look, st: Styles, theme: Theme, *, contact: ContactCard,
                  next_review: date | None, feedback: str | None, feedback_what: str,
                  next_note: str = "You can help choose where it happens and who comes.") -> list[Flowable]:
    """How to reach the IRO, the next review meeting and the feedback code, one under another."""
    gap = look.body
    out: list[Flowable] = [contact_card(contact, width, look, st, theme)]
    if next_review is not None:
        out += [Spacer(1, gap), next_review_card(next_review, width, look, st, theme, note=next_note)]
    if feedback:
        out += [Spacer(1, gap), feedback_card(feedback, width, look, st, theme, what=feedback_what)]
    return out


def next_review_and_feedback_card(when: date, address: str, width: float, look: Look, st: Styles,
                                  theme: Theme, *, what: str = "what you think") -> Flowable:
    """The next review meeting and the feedback code in one box, where space is short."""
    side = art_side(look)
    col = side + 2 * PAD
    words = [Paragraph("My next review meeting", st.card_heading),
             Paragraph(f"will be by {text_xml(long_date(when))}", st.card_big), Spacer(1, look.body * 0.6),
             Paragraph("Tell us what you think", st.card_heading),
             Paragraph(f"Point a phone camera at the square to tell us {text_xml(what)}.", st.card_text)]
    box = _box([[_art_cell(IconBadge("calendar-event", side * 0.6, theme.ink, "#FFFFFF"), look), words,
                 _art_cell(QrCode(address, side), look)]], [col, width - 2 * col, col], theme, pad=PAD)
    return outlined(box, "My next review meeting")


def letter_tail(view, width: float, look: Look, st: Styles, theme: Theme, *, sign_off_style,
                sign_off_space: float, cards_space: float) -> list[Flowable]:
    """The end of a child's letter, kept together: the sign-off, then the closing cards (``view``
    is a ``ChildLetterView``)."""
    tail: list[Flowable] = []
    if view.sign_off:
        tail += [Spacer(1, sign_off_space),
                 Paragraph("<br/>".join(text_xml(line) for line in view.sign_off), sign_off_style)]
    tail.append(Spacer(1, cards_space))
    return tail + closing_cards(width, look, st, theme, contact=view.contact, next_review=view.next_review,
                                feedback=view.feedback_address,
                                feedback_what="how your review meeting went" if view.kind == "review"
                                else "what you think")
