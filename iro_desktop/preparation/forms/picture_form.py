"""The picture-choice consultation form, for children who do not read or write: each question of
``questions.CHILD`` in a few large words with a row of pictures to tick or circle (happy, OK and
sad faces; the parts of their life; the people and places they might want), and a box to draw in
at the end.

The pictures are chosen by the same words-to-picture rule as the easy-read letter
(``documents.pictures``), so "Family time" has the same picture on the form as in the letter.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from iro_desktop.documents import pictures
from iro_desktop.preparation import questions
from iro_desktop.preparation.forms.child_form import QUESTION_PICTURES
from iro_desktop.preparation.forms.parts import (TickBox, WriteBox, closing, indented, meeting_lines,
                                                 picture_lines, require_child_view)
from iro_desktop.preparation.forms.views import ChildFormView
from iro_desktop.printing.pdf.cards import masthead
from iro_desktop.printing.pdf.common import PAGE_WIDTH, IconBadge, PdfMeta, build_pdf, table_style, text_xml
from iro_desktop.printing.pdf.letter_parts import BOTTOM, TOP, heading_row, page_decorator
from iro_desktop.printing.pdf.looks import LOOKS, Look, style

TITLE = "My review meeting"
META_TITLE = "My review meeting: what I want to say (pictures)"
SUBJECT = "A form with pictures to tell your Independent Reviewing Officer what you think"
LOOK = "easy-read"
MAX_PER_ROW = 6


@dataclass(frozen=True)
class Choice:
    words: str  # under the picture, and what the picture is chosen by
    fallback: str  # the picture when the words give none


FACES = (Choice("Happy", "mood-happy"), Choice("OK", "mood-neutral"), Choice("Sad", "mood-sad"))
TOPICS = (Choice("Home", "home"), Choice("School", "school"), Choice("Family time", "users-group"),
          Choice("Friends", "friends"), Choice("Health", "heartbeat"), Choice("Hobbies", "ball-football"))
PEOPLE = (Choice("Me", "mood-kid"), Choice("My carers", "user-heart"), Choice("My family", "users-group"),
          Choice("My social worker", "user"), Choice("My teacher", "school"),
          Choice("Someone to speak up for me", "speakerphone"))
PLACES = (Choice("At home", "home"), Choice("At school", "school"), Choice("At an office", "building"),
          Choice("On a video call", "video"), Choice("Another place", "map-pin"))
YES_NO = (Choice("Yes", "thumb-up"), Choice("Not sure", "mood-confused"), Choice("No", "thumb-down"))

# Each question: its words on this form, then rows of (what to do, the pictures). A question
# with no rows is a box to draw in.
ROWS: dict[str, tuple[str, tuple[tuple[str, tuple[Choice, ...]], ...]]] = {
    "going_well": ("How are things?", (("Circle a face.", FACES),
                                       ("What is going well? Circle the pictures.", TOPICS))),
    "worries": ("What worries me?", (("Circle the pictures.", TOPICS),)),
    "change": ("What I want to change", (("Circle the pictures.", TOPICS),)),
    "who_there": ("Who I want at my meeting", (("Circle the people.", PEOPLE),)),
    "where": ("Where I want my meeting", (("Circle a place.", PLACES),)),
    "chair": ("Do I want to help run my meeting?", (("Circle one.", YES_NO),)),
    "agenda": ("Do I want to choose what we talk about?", (("Circle one.", YES_NO),)),
    "anything_else": ("Anything else? Draw it here.", ()),
}


def picture_of(choice: Choice) -> str:
    return pictures.choose(choice.words, choice.fallback)


def _grid(choices: tuple[Choice, ...], width: float, look: Look, theme, label_style) -> Table:
    per_row = min(MAX_PER_ROW, len(choices))
    side = min(64.0, (width / per_row) * 0.7)
    tick = look.body * 1.5
    cells = []
    for c in choices:
        cell = [IconBadge(picture_of(c), side, theme.ink, theme.tint), Spacer(1, 4),
                Paragraph(f"<b>{text_xml(c.words)}</b>", label_style), Spacer(1, 4), TickBox(tick, theme.ink)]
        cells.append(cell)
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    t = Table(rows, colWidths=[width / per_row] * per_row)
    t.setStyle(table_style(("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                           ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)))
    return t


def story(view: ChildFormView, look: Look, width: float) -> list[Flowable]:
    from iro_desktop.printing.pdf.looks import styles

    theme = view.theme
    st = styles(look, theme)
    st.body.leftIndent = st.body.spaceAfter = 0
    from reportlab.lib.enums import TA_CENTER

    label = style("pictures-label", look.bold, look.body, leading=look.body * 1.25, alignment=TA_CENTER)
    out: list[Flowable] = [masthead(TITLE, f"For {view.child_name}" if view.child_name else "", width, look, st,
                                    theme, picture=view.picture, icon="mood-happy"),
                           Spacer(1, look.body)]
    lines = [(f"Hello {view.child_name}." if view.child_name else "Hello.", "mood-happy"),
             *meeting_lines(view), "Tick or circle the pictures.", ("Someone can help you.", "user-heart")]
    out.append(picture_lines(lines, look, st, theme, fallback="pencil"))
    inner = width - look.gutter
    for q in questions.CHILD:
        words, rows = ROWS.get(q.key, (q.text, ()))
        parts: list[Flowable] = [Spacer(1, look.body),
                                 heading_row(QUESTION_PICTURES.get(q.key, "pencil"), words, look, st, theme)]
        # The heading keeps its first row of pictures with it; a second row may start a page.
        for n, (what, choices) in enumerate(rows):
            row = [Spacer(1, look.body * 0.4), indented(Paragraph(text_xml(what), st.body), look),
                   indented(_grid(choices, inner, look, theme, label), look)]
            if n == 0:
                parts += row
                out.append(KeepTogether(parts))
            else:
                out.append(KeepTogether(row))
        if not rows:
            parts += [Spacer(1, look.body * 0.5),
                      indented(WriteBox(inner, look.body * 12, theme), look)]
            out.append(KeepTogether(parts))
    out += [Spacer(1, look.body), *closing(view, width, look, st, theme, what="this")]
    return out


def render_picture_form(view: ChildFormView) -> bytes:
    view = require_child_view(view)
    look = LOOKS[LOOK]
    width = PAGE_WIDTH - 2 * look.margin
    on_page, on_page_end = page_decorator(look, view.theme, draft=False)
    meta = PdfMeta(title=META_TITLE, author=view.contact.name, subject=SUBJECT)
    return build_pdf(story(view, look, width), meta, margins=(look.margin, look.margin, TOP, BOTTOM),
                     on_page=on_page, on_page_end=on_page_end, initial_font=look.family)
