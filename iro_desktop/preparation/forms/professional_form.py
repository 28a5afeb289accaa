"""The consultation forms for parents, carers and partner agencies: plain and formal, in the
professional record's type, with the child's name, id and date of birth (so a returned form
finds its file), the meeting, the return-by date and where to send it, and the questions of
``questions.PARENT``, ``CARER`` or ``PARTNER`` each with room to write."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from iro_desktop.preparation import questions
from iro_desktop.preparation.forms.parts import TickBox, day_and_date
from iro_desktop.preparation.forms.views import ProfessionalFormView, clock
from iro_desktop.preparation.model import ROLES
from iro_desktop.printing.pdf import fonts
from iro_desktop.reviews.recommendations import long_date
from iro_desktop.printing.pdf.common import (PAGE_WIDTH, PdfMeta, build_pdf, draw_ruled_footer, outlined, style,
                                             table_style, text_xml)

FONT, BOLD = fonts.DEJAVU, fonts.bold(fonts.DEJAVU)
SIZE = 10.5
INK = "#1A1A1A"
HEAD = "#1F3A5F"
RULE = "#8A939C"
SHADE = "#EEF1F4"
MARGIN = 48
TOP, BOTTOM = 54, 56
MARKING = "OFFICIAL-SENSITIVE when completed"
# Who each form is for, as its heading says it.
AUDIENCE = {"parent": "parent", "carer": "carer", "partner_agency": "partner agency"}
ANSWER_LINES = 7


def _styles() -> dict:
    return {
        "body": style("cf-body", FONT, SIZE, leading=SIZE * 1.35, colour=INK),
        "label": style("cf-label", BOLD, SIZE, leading=SIZE * 1.35, colour=INK),
        "h1": style("cf-h1", BOLD, 17, leading=21, colour=HEAD),
        "q": style("cf-q", BOLD, SIZE + 1, leading=(SIZE + 1) * 1.3, colour=HEAD, spaceBefore=10, spaceAfter=4),
    }


class RuledBox(Flowable):
    """A box with faint writing lines."""

    def __init__(self, width: float, lines: int, gap: float) -> None:
        super().__init__()
        self.width, self.lines, self.gap = width, lines, gap
        self.height = lines * gap + 6

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.width, avail_width)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(HexColor(RULE))
        c.setLineWidth(0.8)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.setStrokeColor(HexColor("#D5DAE0"))
        c.setLineWidth(0.5)
        for n in range(1, self.lines):
            y = self.height - 3 - n * self.gap
            c.line(8, y, self.width - 8, y)


def _grid(pairs: list[tuple[str, str]], width: float, st: dict) -> Table:
    rows = [[Paragraph(text_xml(k), st["label"]), Paragraph(text_xml(v) or "&nbsp;", st["body"])] for k, v in pairs]
    t = Table(rows, colWidths=[width * 0.3, width * 0.7])
    t.setStyle(table_style(("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (0, -1), HexColor(SHADE)),
                           ("GRID", (0, 0), (-1, -1), 0.5, HexColor(RULE)),
                           ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)))
    return t


def _when(view: ProfessionalFormView) -> str:
    if view.meeting_date is None:
        return ""
    text = day_and_date(view.meeting_date)
    if view.start_time is not None:
        text += f", {clock(view.start_time)}"
        if view.end_time is not None:
            text += f" to {clock(view.end_time)}"
    return text


def _return_to(view: ProfessionalFormView) -> str:
    c = view.contact
    parts = [p for p in (c.name and f"{c.name}, Independent Reviewing Officer", c.email, c.phone) if p]
    return "; ".join(parts)


def form_questions(role: str) -> tuple[questions.Question, ...]:
    return questions.questions_for(role)


def story(view: ProfessionalFormView, width: float) -> list[Flowable]:
    st = _styles()
    who = AUDIENCE.get(view.role, ROLES.get(view.role, view.role).lower())
    out: list[Flowable] = [outlined(Paragraph(f"Review consultation: {text_xml(who)}", st["h1"]),
                                    "Review consultation"), Spacer(1, 6),
                           Paragraph("The Independent Reviewing Officer would like your views before the child's "
                                     "review meeting. Please complete this form and return it by the date below. "
                                     "What you write will be considered at the review and may be shared with "
                                     "the people who attend it.", st["body"]), Spacer(1, 10)]
    return_by = day_and_date(view.return_by) if view.return_by else ""
    out.append(_grid([
        ("Child", view.child_name), ("Child's ID", view.child_id),
        ("Date of birth", long_date(view.date_of_birth) if view.date_of_birth else ""),
        ("Review meeting", _when(view)), ("Venue", view.venue), ("How it is held", view.how),
        ("Please return by", return_by), ("Return to", _return_to(view)),
    ], width, st))
    if view.online_address:
        out += [Spacer(1, 6), Paragraph(f"You can also respond online: {text_xml(view.online_address)}",
                                        st["body"])]
    out += [Spacer(1, 10), _grid([("Your name", ""), ("Your role or relationship to the child", ""),
                                  ("Agency or organisation", "") if view.role == "partner_agency" else
                                  ("Telephone or email", "")], width, st)]
    for n, q in enumerate(form_questions(view.role), start=1):
        head = Paragraph(f"{n}. {text_xml(q.text)}", st["q"])
        if q.yes_no:
            boxes = Table([[TickBox(13, INK), Paragraph("Yes", st["body"]), TickBox(13, INK),
                            Paragraph("No", st["body"]), TickBox(13, INK), Paragraph("Not sure yet", st["body"])]],
                          colWidths=[20, 60, 20, 60, 20, 120], hAlign="LEFT")
            boxes.setStyle(table_style(("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0)))
            out.append(KeepTogether([head, boxes, Spacer(1, 4), RuledBox(width, 3, SIZE * 2)]))
        else:
            out.append(KeepTogether([head, RuledBox(width, ANSWER_LINES, SIZE * 2)]))
    out += [Spacer(1, 12), _grid([("Signed", ""), ("Date", "")], width, st)]
    return out


def render_professional_form(view: ProfessionalFormView) -> bytes:
    if not isinstance(view, ProfessionalFormView):
        raise TypeError(f"a consultation form is drawn from a ProfessionalFormView, not {type(view).__name__}")
    width = PAGE_WIDTH - 2 * MARGIN
    who = AUDIENCE.get(view.role, view.role)

    def on_page_end(canv, doc) -> None:
        canv.saveState()
        draw_ruled_footer(canv, f"{MARKING}  ·  Child {view.child_id}  ·  Review consultation ({who})",
                          margin=MARGIN, font=FONT, ink=INK, rule=RULE)
        canv.restoreState()

    meta = PdfMeta(title=f"Review consultation form ({who}): child {view.child_id}",
                   author=view.contact.name, subject="Consultation before a child's review meeting")
    return build_pdf(story(view, width), meta, margins=(MARGIN, MARGIN, TOP, BOTTOM), on_page_end=on_page_end,
                     initial_font=FONT)
