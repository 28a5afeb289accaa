"""What the child's forms share: the page (the letters' margins, band of colour and footer), a
box to write or draw in, tick boxes, when and where the meeting is, and the closing cards
(send it back by, how to reach the IRO, the online form's code)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from iro_desktop.documents import pictures
from iro_desktop.preparation.forms.views import ChildFormView, clock
from iro_desktop.printing.pdf.cards import contact_card
from iro_desktop.printing.pdf.common import IconBadge, QrCode, outlined, table_style, text_xml
from iro_desktop.printing.pdf.looks import MUTED_COLOUR, Look, Styles
from iro_desktop.printing.themes import Theme
from iro_desktop.reviews.recommendations import long_date

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
RADIUS = 14


def day_and_date(d: date) -> str:
    """"Thursday 10 December 2026"."""
    return f"{_DAYS[d.weekday()]} {long_date(d)}"


def require_child_view(view: object) -> ChildFormView:
    # The structural guarantee: the child's forms are made from the child's view only.
    if not isinstance(view, ChildFormView):
        raise TypeError(f"a child's form is drawn from a ChildFormView only, not from {type(view).__name__}")
    return view


class WriteBox(Flowable):
    """A rounded box in the child's colour to write or draw in, with a hint in its corner."""

    def __init__(self, width: float, height: float, theme: Theme, *, hint: str = "", font: str = "",
                 size: float = 12) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.theme, self.hint, self.font, self.size = theme, hint, font, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.width, avail_width)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(HexColor("#FFFFFF"))
        c.setStrokeColor(HexColor(self.theme.ink))
        c.setLineWidth(1.4)
        c.roundRect(0.7, 0.7, self.width - 1.4, self.height - 1.4, RADIUS, stroke=1, fill=1)
        if self.hint:
            c.setFillColor(HexColor(MUTED_COLOUR))
            c.setFont(self.font, self.size)
            c.drawString(RADIUS, self.height - RADIUS - self.size * 0.8, self.hint)


class TickBox(Flowable):
    """An empty square to tick."""

    def __init__(self, side: float, ink: str) -> None:
        super().__init__()
        self.width = self.height = side
        self.ink = ink

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(HexColor("#FFFFFF"))
        c.setStrokeColor(HexColor(self.ink))
        c.setLineWidth(1.6)
        c.roundRect(0.8, 0.8, self.width - 1.6, self.height - 1.6, self.width * 0.18, stroke=1, fill=1)


def tick_row(labels: tuple[str, ...], look: Look, st: Styles, theme: Theme, width: float) -> Table:
    """"[ ] Yes   [ ] No   [ ] Not sure", spread across the line."""
    side = look.body * 1.6
    cells: list = []
    widths: list[float] = []
    col = (width - look.gutter) / len(labels)
    for label in labels:
        cells += [TickBox(side, theme.ink), Paragraph(f"<b>{text_xml(label)}</b>", st.card_text)]
        widths += [side + look.body * 0.6, col - side - look.body * 0.6]
    t = Table([[Spacer(1, 1), *cells]], colWidths=[look.gutter, *widths])
    t.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2)))
    return t


def indented(flowable: Flowable, look: Look) -> Table:
    """``flowable`` in the text column, right of the pictures' gutter."""
    t = Table([[Spacer(1, 1), flowable]], colWidths=[look.gutter, None])
    t.setStyle(table_style(("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)))
    return t


BLANK = "_______________"


def meeting_lines(view: ChildFormView) -> list[str]:
    """When, where and how the meeting is, as sentences to the child ("My review meeting is
    on…"); blanks to fill in when no meeting is booked yet."""
    if view.meeting_date is None:
        return [f"My review meeting is on {BLANK} at {BLANK}.", f"It will be at {BLANK}."]
    when = day_and_date(view.meeting_date)
    if view.start_time is not None:
        when += f" at {clock(view.start_time)}"
    lines = [f"My review meeting is on {when}."]
    if view.where:
        lines.append(f"It will be {view.where}." if not view.where.endswith((".", "!")) else f"It will be {view.where}")
    if view.how:
        lines.append(f"We will meet {view.how}.")
    return lines


def picture_lines(lines: list[str | tuple[str, str]], look: Look, st: Styles, theme: Theme, *,
                  fallback: str) -> Table:
    """One sentence a line, each with its picture on the left (the easy-read way): the one its
    words give, else the line's own fallback (a line given as (words, picture)), else ``fallback``."""
    size = look.icon * 0.85
    rows = []
    for line in lines:
        words, own = line if isinstance(line, tuple) else (line, fallback)
        rows.append([IconBadge(pictures.choose(words, own), size, theme.ink, theme.tint),
                     Paragraph(text_xml(words), st.body)])
    t = Table(rows, colWidths=[look.gutter, None])
    t.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), look.body * 0.3),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), look.body * 0.3)))
    return t


def _box(rows: list[list], widths: list[float | None], theme: Theme, *, pad: float = 16) -> Table:
    t = Table(rows, colWidths=widths)
    t.setStyle(table_style(("BACKGROUND", (0, 0), (-1, -1), HexColor(theme.tint)),
                           ("ROUNDEDCORNERS", [RADIUS, RADIUS, RADIUS, RADIUS]),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                           ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad)))
    return t


def return_card(view: ChildFormView, width: float, look: Look, st: Styles, theme: Theme, *,
                what: str = "this") -> Flowable:
    """When to give the form back, and to whom."""
    side = min(110.0, look.body * 6.5)
    when = (f"by {day_and_date(view.return_by)}" if view.return_by is not None
            else "before my review meeting")
    words = [Paragraph("Giving it back", st.card_heading),
             Paragraph(f"Please give {text_xml(what)} back {text_xml(when)}.", st.card_big), Spacer(1, 4),
             Paragraph(("<br/>" if look.variant == "easy-read" else " ").join(
                 ("Give it to your carer or your social worker, or send it to me.",
                  "You can also tell me what you think when we meet.")), st.card_text)]
    art = IconBadge("mail", side * 0.6, theme.ink, "#FFFFFF")
    col = side + 32
    return outlined(_box([[art, words]], [col, width - col], theme), "Giving it back")


def qr_card(address: str, width: float, look: Look, st: Styles, theme: Theme) -> Flowable:
    side = min(110.0, look.body * 6.5)
    words = [Paragraph("Or say it online", st.card_heading),
             Paragraph("Point a phone camera at this square to fill in this form on a phone or a computer.",
                       st.card_text)]
    col = side + 32
    return outlined(_box([[QrCode(address, side), words]], [col, width - col], theme), "Or say it online")


def closing(view: ChildFormView, width: float, look: Look, st: Styles, theme: Theme, *,
            what: str = "this") -> list[Flowable]:
    gap = look.body
    out: list[Flowable] = [return_card(view, width, look, st, theme, what=what), Spacer(1, gap),
                           contact_card(view.contact, width, look, st, theme, heading="How to reach me")]
    if view.online_address:
        out += [Spacer(1, gap), qr_card(view.online_address, width, look, st, theme)]
    return out
