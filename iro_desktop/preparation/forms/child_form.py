"""The child's consultation form: "My review meeting — what I want to say".

Addressed to the child by the name they use, in their colours, it asks the questions of
``questions.CHILD`` one under another, each with its picture and a box to write or draw in (the
yes-no questions with Yes / No / Not sure boxes to tick), says when their meeting is in their
words, when to give the form back and to whom, and carries the code of the council's online
form where one is set. It comes in the letters' four looks (``printing.pdf.looks``); in easy
read each sentence stands on its own line with a picture.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from iro_desktop.preparation import questions
from iro_desktop.preparation.forms.parts import (WriteBox, closing, indented, meeting_lines, picture_lines,
                                                 require_child_view, tick_row)
from iro_desktop.preparation.forms.views import ChildFormView
from iro_desktop.printing.pdf.cards import masthead
from iro_desktop.printing.pdf.common import PAGE_WIDTH, PdfMeta, build_pdf, text_xml
from iro_desktop.printing.pdf.letter_parts import BOTTOM, TOP, heading_row, page_decorator
from iro_desktop.printing.pdf.looks import LOOKS, Look, styles

TITLE = "My review meeting — what I want to say"
META_TITLE = "My review meeting: what I want to say"
SUBJECT = "A form to tell your Independent Reviewing Officer what you think before your review meeting"
# The picture beside each question of the child's form.
QUESTION_PICTURES = {
    "going_well": "star", "worries": "umbrella", "change": "pencil", "who_there": "users-group",
    "where": "map-pin", "chair": "speakerphone", "agenda": "list-check", "anything_else": "message-circle",
}
# Easy read says the two harder questions in plainer words (the keys, and so the answers, are
# the same).
EASY_WORDS = {"chair": "Do I want to help run part of my review meeting?",
              "agenda": "Do I want to help choose what we talk about?"}
YES_NO_LABELS = ("Yes", "No", "Not sure")  # questions.YES_NO_ANSWERS, in the child's words
# How tall each answer box is, as lines of the look's body text.
BOX_LINES = {"child": 6, "large-print": 5, "dyslexia": 6, "easy-read": 5}


def intro(view: ChildFormView) -> list[str]:
    return ["My review meeting is a time to talk about how things are going, and to make plans with me.",
            "This form is for me to say what I think.",
            "I can write or draw in the boxes.",
            "I do not have to answer every question.",
            "I can ask someone to help me fill it in."]


def question_words(q: questions.Question, look: Look) -> str:
    return EASY_WORDS.get(q.key, q.text) if look.variant == "easy-read" else q.text


def _question(q: questions.Question, first: bool, width: float, look: Look, st, theme) -> Flowable:
    parts: list[Flowable] = [Spacer(1, look.body * 0.9),
                             heading_row(QUESTION_PICTURES.get(q.key, "pencil"), question_words(q, look),
                                         look, st, theme),
                             Spacer(1, look.body * 0.5)]
    inner = width - look.gutter
    if q.yes_no:
        parts += [tick_row(YES_NO_LABELS, look, st, theme, width), Spacer(1, look.body * 0.5),
                  indented(WriteBox(inner, look.body * look.line * 2.5, theme, hint="Tell me more:",
                                    font=look.family, size=look.body), look)]
    else:
        hint = "Write or draw here" if first else ""
        parts.append(indented(WriteBox(inner, look.body * look.line * BOX_LINES[look.variant], theme, hint=hint,
                                       font=look.family, size=look.body), look))
    return KeepTogether(parts)


def story(view: ChildFormView, look: Look, width: float) -> list[Flowable]:
    theme = view.theme
    st = styles(look, theme)
    easy = look.variant == "easy-read"
    if easy:
        st.body.leftIndent = st.body.spaceAfter = 0
    out: list[Flowable] = [masthead(TITLE, f"For {view.child_name}" if view.child_name else "", width, look, st,
                                    theme, picture=view.picture, icon="message-circle"),
                           Spacer(1, look.body * 1.4)]
    if view.child_name:
        out.append(Paragraph(text_xml(f"Hello {view.child_name},"), st.greeting))
    lines = meeting_lines(view) + intro(view)
    if easy:
        out.append(picture_lines(lines, look, st, theme, fallback="pencil"))
    else:
        out += [Paragraph(text_xml(" ".join(meeting_lines(view))), st.body),
                Paragraph(text_xml(" ".join(intro(view))), st.body)]
    for n, q in enumerate(questions.CHILD):
        out.append(_question(q, n == 0, width, look, st, theme))
    out += [Spacer(1, look.body * 1.4), *closing(view, width, look, st, theme, what="this form")]
    return out


def render_child_form(view: ChildFormView, look: str = "child") -> bytes:
    """The child's consultation form as PDF bytes, in the ``child``, ``large-print``,
    ``dyslexia`` or ``easy-read`` look."""
    view = require_child_view(view)
    if look not in LOOKS:
        raise ValueError(f"unknown look {look!r}")
    lk = LOOKS[look]
    width = PAGE_WIDTH - 2 * lk.margin
    on_page, on_page_end = page_decorator(lk, view.theme, draft=False)
    meta = PdfMeta(title=META_TITLE + ("" if look == "child" else f" ({lk.variant.replace('-', ' ')})"),
                   author=view.contact.name, subject=SUBJECT)
    return build_pdf(story(view, lk, width), meta, margins=(lk.margin, lk.margin, TOP, BOTTOM),
                     on_page=on_page, on_page_end=on_page_end, initial_font=lk.family)
