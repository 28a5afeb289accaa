"""The invitation to the child: when and where their review meeting is, in their words (the
venue as the IRO wrote it for them, how it is held as ``model.HOW_FOR_CHILD`` says it), who is
coming where that is known, and that it is their meeting: they can say who they want there,
where it is, and help run it."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from iro_desktop.preparation.forms.parts import (BLANK, closing, day_and_date, picture_lines, require_child_view)
from iro_desktop.preparation.forms.views import ChildFormView, clock
from iro_desktop.printing.pdf.cards import masthead
from iro_desktop.printing.pdf.common import PAGE_WIDTH, PdfMeta, build_pdf, text_xml
from iro_desktop.printing.pdf.letter_parts import BOTTOM, TOP, heading_row, page_decorator
from iro_desktop.printing.pdf.looks import LOOKS, Look, Styles, styles

TITLE = "You are invited to your review meeting"
SUBJECT = "An invitation to your review meeting from your Independent Reviewing Officer"
LOOK = "child"


def when_lines(view: ChildFormView) -> list[str]:
    if view.meeting_date is None:
        return [f"Your review meeting will be on {BLANK}.", f"It will start at {BLANK}.",
                f"It will be at {BLANK}."]
    lines = [f"Your review meeting will be on {day_and_date(view.meeting_date)}."]
    if view.start_time is not None:
        until = f" and finish at about {clock(view.end_time)}" if view.end_time is not None else ""
        lines.append(f"It will start at {clock(view.start_time)}{until}.")
    if view.where:
        lines.append(f"It will be {view.where.rstrip('.')}.")
    if view.how:
        lines.append(f"We will meet {view.how}.")
    return lines


YOUR_MEETING = ("It is your meeting, and you can help plan it.",
                "You can say who you want there, and who you do not want there.",
                "You can choose where it happens.",
                "You can help choose what we talk about, or be in charge of part of it.",
                "If you do not want to come, you can tell me what you think another way.")


def story(view: ChildFormView, look: Look, width: float) -> list[Flowable]:
    theme = view.theme
    st = styles(look, theme)
    subtitle = day_and_date(view.meeting_date) if view.meeting_date else ""
    out: list[Flowable] = [masthead(TITLE, subtitle, width, look, st, theme, picture=view.picture,
                                    icon="calendar-event"), Spacer(1, look.body * 1.4)]
    if view.child_name:
        out.append(Paragraph(text_xml(f"Dear {view.child_name},"), st.greeting))
    out.append(Paragraph(text_xml("I would like you to come to your review meeting. We will talk about how "
                                  "things are going for you and make plans together."), st.body))
    out += [Spacer(1, look.body * 0.6), heading_row("calendar-event", "When and where", look, st, theme),
            Spacer(1, look.body * 0.4)]
    body_plain = styles(look, theme).body
    body_plain.leftIndent = body_plain.spaceAfter = 0
    out.append(picture_lines(when_lines(view), look, body_st(st, body_plain), theme, fallback="clock"))
    out += [Spacer(1, look.body * 0.6), heading_row("users-group", "Who is coming", look, st, theme),
            Spacer(1, look.body * 0.4)]
    if view.coming:
        out += [Paragraph(text_xml(who), st.bullet, bulletText="•") for who in view.coming]
        out.append(Paragraph(text_xml("And me, your Independent Reviewing Officer."), st.body))
    else:
        out.append(Paragraph(text_xml("Me, your Independent Reviewing Officer, and the people who help look "
                                      "after you. I will tell you who is coming."), st.body))
    out += [Spacer(1, look.body * 0.6), heading_row("star", "It is your meeting", look, st, theme),
            Spacer(1, look.body * 0.4)]
    out += [Paragraph(text_xml(line), st.bullet, bulletText="•") for line in YOUR_MEETING]
    out += [Spacer(1, look.body * 1.2), closing(view, width, look, st, theme)[2]]
    return out


def body_st(st: Styles, body: ParagraphStyle) -> Styles:
    """``st`` with its body text starting at the left edge (beside the pictures)."""
    return replace(st, body=body)


def render_invitation(view: ChildFormView) -> bytes:
    view = require_child_view(view)
    look = LOOKS[LOOK]
    width = PAGE_WIDTH - 2 * look.margin
    on_page, on_page_end = page_decorator(look, view.theme, draft=False)
    title = f"An invitation to my review meeting, {day_and_date(view.meeting_date)}" if view.meeting_date \
        else "An invitation to my review meeting"
    meta = PdfMeta(title=title, author=view.contact.name, subject=SUBJECT)
    return build_pdf(story(view, look, width), meta, margins=(look.margin, look.margin, TOP, BOTTOM),
                     on_page=on_page, on_page_end=on_page_end, initial_font=look.family)
