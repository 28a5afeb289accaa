"""What every PDF the app makes shares: the document (A4, metadata, en-GB, outline, "Page N of
M"), text from the letter markup, and a few building blocks.

Every PDF is made in memory and returned as bytes; nothing here touches the disk.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from iro_desktop import __version__
from iro_desktop.documents import markup
from iro_desktop.errors import IroError
from iro_desktop.printing.pdf import fonts, icons

PAGE_WIDTH, PAGE_HEIGHT = A4
LANG = "en-GB"
CREATOR = f"IRO Desktop {__version__}"


class DocumentDoesNotFit(IroError):
    """Something in the record is too long to lay out on a page (reportlab's own message, which
    quotes the text it could not place, is never shown)."""

    def __init__(self) -> None:
        super().__init__("This document cannot be laid out: something in the record is too long to fit on a "
                         "page (for example a very long school, placement or carer name). Shorten it in the "
                         "child's record, then try again. Nothing was saved or printed.")


@dataclass(frozen=True)
class PdfMeta:
    title: str
    author: str
    subject: str
    keywords: str = ""


# ---- the document ----------------------------------------------------------------------------

class _Canvas(Canvas):
    """Fills in "Page N of M" once M is known: each page shows a small form of its own, and the
    forms are written when the document is saved. Each form holds the whole phrase, so text
    extraction reads "Page 2 of 3" in one piece."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page_of: dict[int, tuple[str, str, float, str, str]] = {}

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        total = self._pageNumber - 1
        w, h = self._pagesize
        for page, (prefix, font, size, colour, align) in self.page_of.items():
            self.beginForm(f"pageOf{page}", lowerx=-w, lowery=-h, upperx=w, uppery=h)
            self.setFont(font, size)
            self.setFillColor(HexColor(colour))
            text = f"{prefix}{page} of {total}"
            {"centre": self.drawCentredString, "right": self.drawRightString}.get(align, self.drawString)(0, 0, text)
            self.endForm()
        super().save()


def draw_ruled_footer(canv, text: str, *, margin: float, font: str, ink: str, rule: str) -> None:
    """A rule across the foot of the page, ``text`` under it on the left, "Page N of M" on the right."""
    canv.setStrokeColor(HexColor(rule))
    canv.setLineWidth(0.6)
    canv.line(margin, 38, PAGE_WIDTH - margin, 38)
    canv.setFillColor(HexColor(ink))
    canv.setFont(font, 8.5)
    canv.drawString(margin, 26, text)
    draw_page_of(canv, PAGE_WIDTH - margin, 26, font, 8.5, ink, align="right")


def draw_page_of(canv: Canvas, x: float, y: float, font: str, size: float, colour: str, *,
                 prefix: str = "Page ", align: str = "left") -> None:
    """"Page 2 of 3" at (x, y), aligned "left", "centre" or "right" on x."""
    page = canv.getPageNumber()
    canv.page_of[page] = (prefix, font, size, colour, align)
    canv.saveState()
    canv.translate(x, y)
    canv.doForm(f"pageOf{page}")
    canv.restoreState()


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        title, level = entry
        self._outline_count = getattr(self, "_outline_count", 0) + 1
        key = f"s{self._outline_count}"
        height = getattr(flowable, "_height", getattr(flowable, "height", 0))
        # The frame's cursor is below the flowable just drawn: the bookmark points at its top.
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=self.frame._y + height + 12)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)


def build_pdf(story: list[Flowable], meta: PdfMeta, *, margins: tuple[float, float, float, float],
              on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
              on_page_end: Callable[[Canvas, BaseDocTemplate], None] | None = None,
              initial_font: str = fonts.ANDIKA) -> bytes:
    """Lay out ``story`` on A4 pages and return the PDF. ``margins`` are (left, right, top,
    bottom); ``on_page`` draws behind the page's text (backgrounds, headers) and
    ``on_page_end`` after it (footers), so text reads in order: header, body, footer."""
    fonts.register()
    out = io.BytesIO()
    left, right, top, bottom = margins
    doc = _Doc(out, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
               title=meta.title, author=meta.author, subject=meta.subject, keywords=meta.keywords,
               creator=CREATOR, lang=LANG, initialFontName=initial_font, initialFontSize=12,
               displayDocTitle=True, pageCompression=1, invariant=0)
    frame = Frame(left, bottom, PAGE_WIDTH - left - right, PAGE_HEIGHT - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template = PageTemplate("page", [frame], onPage=on_page or _nothing, onPageEnd=on_page_end or _nothing,
                            pagesize=A4)
    doc.addPageTemplates([template])
    try:
        doc.build(story, canvasmaker=_make_canvas)
    except LayoutError:
        raise DocumentDoesNotFit() from None
    return out.getvalue()


def _make_canvas(*args, **kwargs) -> _Canvas:
    canv = _Canvas(*args, **kwargs)
    canv.showOutline()
    return canv


def _nothing(canv, doc) -> None:
    pass


def outlined(flowable: Flowable, title: str, level: int = 0) -> Flowable:
    """Mark ``flowable`` as the start of an outline (bookmark) entry."""
    flowable.outline_entry = (title, level)
    return flowable


# ---- text ------------------------------------------------------------------------------------

ITALIC, BOLD, PLAIN = "italic", "bold", "plain"


def runs_xml(runs: Sequence[markup.Run], *, italics: str = ITALIC) -> str:
    """Paragraph XML for the runs. ``italics`` says how italic text is shown: as italics, as
    bold (easy-read, large print and dyslexia-friendly text avoid italics) or plainly."""
    parts = []
    for r in runs:
        text = escape(r.text)
        bold = r.bold or (r.italic and italics == BOLD)
        if r.italic and italics == ITALIC:
            text = f"<i>{text}</i>"
        if bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def text_xml(text: str) -> str:
    return escape(text)


def blocks_flowables(blocks: Sequence[markup.Block], body: ParagraphStyle, bullet: ParagraphStyle, *,
                     italics: str = ITALIC) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, markup.Paragraph):
            out.append(Paragraph(runs_xml(block.runs, italics=italics), body))
        else:
            for item in block.items:
                out.append(Paragraph(runs_xml(item, italics=italics), bullet, bulletText="•"))
    return out


def style(name: str, font: str, size: float, *, leading: float, colour: str = "#1F2328", **kw) -> ParagraphStyle:
    fonts.register()  # paragraph styles look their font family up at once
    kw.setdefault("alignment", TA_LEFT)
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=HexColor(colour),
                          bulletFontName=font, bulletFontSize=size, **kw)


# ---- pictures --------------------------------------------------------------------------------

class IconBadge(Flowable):
    """An icon on a tinted circle (or bare, with no tint)."""

    def __init__(self, name: str, size: float, ink: str, tint: str | None = None, *, pad: float = 0.17) -> None:
        super().__init__()
        self.size = size
        self.tint = tint
        inner = size * (1 - 2 * pad) if tint else size
        self.drawing = icons.drawing(name, ink, round(inner, 2))
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        if self.tint:
            c.setFillColor(HexColor(self.tint))
            c.circle(self.size / 2, self.size / 2, self.size / 2, stroke=0, fill=1)
        d = self.drawing
        renderPDF.draw(d, c, (self.size - d.width) / 2, (self.size - d.height) / 2)


class Photo(Flowable):
    """A photo cropped to a circle (or a rounded square), with a coloured ring."""

    def __init__(self, data: bytes, size: float, ring: str, *, circle: bool = True, ring_width: float = 3) -> None:
        super().__init__()
        self.image = ImageReader(io.BytesIO(data))
        self.size = size
        self.ring = ring
        self.circle = circle
        self.ring_width = ring_width
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def _path(self, c: Canvas, inset: float = 0):
        p = c.beginPath()
        s = self.size - 2 * inset
        if self.circle:
            p.circle(self.size / 2, self.size / 2, s / 2)
        else:
            p.roundRect(inset, inset, s, s, s * 0.14)
        return p

    def draw(self) -> None:
        c = self.canv
        w, h = self.image.getSize()
        side = min(w, h)  # cover the square: crop the longer side, centred
        scale = self.size / side
        dw, dh = w * scale, h * scale
        c.saveState()
        c.clipPath(self._path(c), stroke=0, fill=0)
        c.drawImage(self.image, (self.size - dw) / 2, (self.size - dh) / 2, dw, dh, mask="auto")
        c.restoreState()
        c.setStrokeColor(HexColor(self.ring))
        c.setLineWidth(self.ring_width)
        c.drawPath(self._path(c, self.ring_width / 2), stroke=1, fill=0)


class QrCode(Flowable):
    """A QR code drawn as vector squares, with its quiet zone, ``size`` points square."""

    def __init__(self, data: str, size: float, colour: str = "#000000") -> None:
        super().__init__()
        import segno

        self.qr = segno.make(data, error="m", micro=False)
        self.size = size
        self.colour = colour
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        border = 4
        rows = [list(r) for r in self.qr.matrix]
        n = len(rows) + 2 * border
        m = self.size / n
        c.setFillColor(HexColor("#FFFFFF"))
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        c.setFillColor(HexColor(self.colour))
        for y, row in enumerate(rows):
            x = 0
            while x < len(row):
                if row[x]:
                    start = x
                    while x < len(row) and row[x]:
                        x += 1
                    # Dark runs as one rectangle each, slightly overlapping so no hairline shows.
                    c.rect((start + border) * m, self.size - (y + border + 1) * m, (x - start) * m + 0.05,
                           m + 0.05, stroke=0, fill=1)
                else:
                    x += 1


def table_style(*commands) -> TableStyle:
    """A TableStyle whose cells never fall back to reportlab's Helvetica (never embedded)."""
    fonts.register()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.ANDIKA), *commands])
