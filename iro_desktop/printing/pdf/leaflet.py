"""The leaflet a child new to care is given: who their Independent Reviewing Officer is (with
a photo), what a review meeting is, how to reach them, and the child's rights (an advocate,
making a complaint, people to talk to). Made from a ``LeafletView`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from iro_desktop.printing.pdf.cards import (contact_card, feedback_card, masthead, next_review_and_feedback_card,
                                           next_review_card)
from iro_desktop.printing.pdf.letter_parts import BOTTOM, TOP, heading_row, page_decorator
from iro_desktop.printing.pdf.common import PAGE_WIDTH, PdfMeta, build_pdf, text_xml
from iro_desktop.printing.pdf.looks import LOOKS, Look, Styles, styles
from iro_desktop.printing.themes import Theme
from iro_desktop.printing.views import LEAVING_CARE, OLDER, YOUNG, LeafletView

SUBJECT = "Who your Independent Reviewing Officer is, what a review meeting is, and your rights"
# National services every child in care in England can use, free.
CHILDLINE = "Childline: call 0800 1111, free, at any time."
HELP_AT_HAND = "Help at Hand, from the Children's Commissioner for England: call 0800 528 0731, free."


def _section(icon: str, heading: str, lines: list[str], look: Look, st: Styles, theme: Theme) -> list[Flowable]:
    paras = [Paragraph(line, st.body) for line in lines]
    head = [Spacer(1, look.body * 0.7), heading_row(icon, heading, look, st, theme), Spacer(1, look.body * 0.45)]
    return [KeepTogether(head + paras[:1])] + paras[1:]


@dataclass(frozen=True)
class _Words:
    """What changes with the reader's age: a young child, a teenager, a young person leaving care."""

    job: str
    worker: str
    meeting: tuple[str, ...]
    complaint_about: str


_YOUR_MEETING = "It is your meeting. You can come to it, and you can help choose where it happens and who comes."
WORDS = {
    YOUNG: _Words(
        job="My job is to make sure the grown-ups who look after you do what they promised, and that what you "
            "think is heard.",
        worker="social worker",
        meeting=("It is a meeting about you: how things are going, and what should happen next. The people who "
                 "help you come, such as your carers and your social worker. I run the meeting and make sure "
                 "everyone listens to each other.",
                 "Your first review meeting is soon after you come into care. The next one is three months later, "
                 "and then there is one about every six months.", _YOUR_MEETING),
        complaint_about="how you are looked after"),
    OLDER: _Words(
        job="My job is to check that the people responsible for your care do what they said they would, and "
            "that your views are listened to when decisions are made about you.",
        worker="social worker",
        meeting=("It is a meeting about you and your plan: what is going well, what needs to change, and who "
                 "will do what. Your carers, your social worker and others who support you come. I chair the "
                 "meeting and make sure your views are heard.",
                 "Your first review meeting is soon after you come into care. The next one is three months later, "
                 "and then there is one at least every six months.", _YOUR_MEETING),
        complaint_about="your care or about a decision made about you"),
    LEAVING_CARE: _Words(
        job="I chair the reviews of your pathway plan: the plan for your move to adult life, covering where you "
            "live, money, education, work and your health. My job is to check that the plan is right for you, "
            "that the people responsible for it do what they said they would, and that your views shape it.",
        worker="social worker's or personal adviser",
        meeting=("It is a meeting about your pathway plan: what is going well, what needs to change, and who "
                 "will do what. Your social worker or personal adviser comes, and anyone else you would like "
                 "there. I chair the meeting and make sure your views are heard.",
                 "Your pathway plan is reviewed at least every six months, and sooner if something important "
                 "changes or you ask for a review.", _YOUR_MEETING),
        complaint_about="the support you get or about a decision made about you"),
}


def _story(view: LeafletView, look: Look, width: float) -> list[Flowable]:
    theme, card = view.theme, view.contact
    st = styles(look, theme)
    e = text_xml
    story: list[Flowable] = [
        masthead("Your Independent Reviewing Officer", f"A leaflet for {view.child_name}", width, look, st,
                 theme, picture=card.photo or view.picture, icon="user-heart"),
        Spacer(1, look.body * 1.2),
    ]
    # Without a name in the IRO's details for children, say who the IRO is without a "My name is" to fill.
    intro = (f"My name is <b>{e(card.name)}</b> and I am your Independent Reviewing Officer."
             if card.name else "I am your <b>Independent Reviewing Officer</b>.")
    words = WORDS[view.audience]
    story += [Paragraph(f"Hello {e(view.child_name)}! {intro} {words.job}", st.body),
              Paragraph(f"I do not work in your {words.worker}'s team, so I can check that things are right "
                        "for you, and say so if they are not.", st.body)]
    story += [Spacer(1, look.body * 0.9), contact_card(card, width, look, st, theme)]
    story += _section("calendar-event", "What is a review meeting?", list(words.meeting), look, st, theme)
    story += _section("message-circle", "What you think matters", [
        "Before each review meeting I will talk with you on your own, if you would like to. You can tell me "
        "what you think in any way you like: talk to me, write, draw, send me a text, or ask someone to speak "
        "for you. After each meeting I will write to you about what was agreed.",
    ], look, st, theme)
    advocacy = (f"You can contact them yourself: {e(view.advocacy)}." if view.advocacy
                else "Ask me or your social worker and we will find you one.")
    complaints = (f"To make a complaint: {e(view.complaints)}." if view.complaints
                  else "Ask me, your carer or your social worker how to make one.")
    story += _section("speakerphone", "Someone on your side", [
        "You have the right to an advocate: someone who is on your side and helps you say what you want. "
        + advocacy,
    ], look, st, theme)
    story += _section("message-report", "If you are not happy", [
        f"You can make a complaint about {words.complaint_about}. You will not get into trouble for making "
        f"one, and I can help you. {complaints}",
    ], look, st, theme)
    story += _section("lifebuoy", "Other people you can talk to", [f"{e(CHILDLINE)} {e(HELP_AT_HAND)}"],
                      look, st, theme)
    gap = look.body * 1.4
    if view.next_review is not None and view.feedback_address:
        story += [Spacer(1, gap), next_review_and_feedback_card(view.next_review, view.feedback_address, width,
                                                                look, st, theme)]
    elif view.next_review is not None:
        story += [Spacer(1, gap), next_review_card(view.next_review, width, look, st, theme)]
    elif view.feedback_address:
        story += [Spacer(1, gap), feedback_card(view.feedback_address, width, look, st, theme,
                                                what="what you think")]
    return story


def render_leaflet(view: LeafletView) -> bytes:
    if not isinstance(view, LeafletView):
        raise TypeError(f"the leaflet is rendered from a LeafletView only, not from {type(view).__name__}")
    look = replace(LOOKS["child"], variant="leaflet", body=14, title=28, margin=48)
    width = PAGE_WIDTH - 2 * look.margin
    on_page, on_page_end = page_decorator(look, view.theme, draft=False)
    # No child's name in the metadata: desktop search indexes read it.
    meta = PdfMeta(title="Your Independent Reviewing Officer",
                   author=view.contact.name, subject=SUBJECT)
    return build_pdf(_story(view, look, width), meta, margins=(look.margin, look.margin, TOP, BOTTOM),
                     on_page=on_page, on_page_end=on_page_end, initial_font=look.family)
