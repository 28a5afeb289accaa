"""What a child's document may show, and nothing more.

The renderers of every child-facing document (the letter in all its variants, the midway note,
the leaflet) take only the views defined here. A view is built from the letter the IRO wrote
to the child and a few child-facing facts (their name, the meeting date, the next review, the
IRO's contact card, their colours and picture); the review's details, participation code,
attendees, decisions table and quality ratings are never copied into it, so no child's
document can print them whatever a renderer does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from iro_desktop.documents import markup
from iro_desktop.documents.letter import Letter, sign_off_for
from iro_desktop.printing.pdf.icons import section_icon
from iro_desktop.printing.themes import Theme
from iro_desktop.reviews.recommendations import long_date

IRO_TITLE = "Your Independent Reviewing Officer"


@dataclass(frozen=True)
class ContactCard:
    """Who the IRO is and how a child can reach them."""

    name: str
    phone: str = ""
    text: str = ""
    email: str = ""
    photo: bytes | None = None
    role: str = IRO_TITLE

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""


@dataclass(frozen=True)
class ChildSection:
    key: str
    heading: str
    blocks: tuple[markup.Block, ...]
    icon: str
    pictures: dict[int, str] = field(default_factory=dict)  # the IRO's picture for sentence N (easy read)


@dataclass(frozen=True)
class ChildLetterView:
    kind: str  # "review" (the letter after a review meeting) or "midway" (a note between reviews)
    child_name: str  # the name the child uses
    title: str  # "My review meeting"
    subtitle: str  # "19 September 2026"
    greeting: str  # "Dear Oscar,"
    opening: tuple[markup.Block, ...]
    sections: tuple[ChildSection, ...]
    sign_off: tuple[str, ...]
    next_review: date | None
    contact: ContactCard
    theme: Theme
    picture: bytes | None = None  # the picture the child chose
    feedback_address: str | None = None  # printed as a QR code when set
    draft: bool = False  # printed from a version not yet finalised

    @property
    def pdf_title(self) -> str:
        what = "a letter" if self.kind == "review" else "a note"
        return f"{self.title}: {what} to {self.child_name}, {self.subtitle}"


@dataclass(frozen=True)
class LeafletView:
    """The "my Independent Reviewing Officer" leaflet for a child new to care."""

    child_name: str
    audience: str  # YOUNG, OLDER or LEAVING_CARE (``leaflet_audience``): which wording suits them
    contact: ContactCard
    theme: Theme
    next_review: date | None = None
    picture: bytes | None = None
    feedback_address: str | None = None
    council: str = ""
    advocacy: str = ""  # how to reach the advocacy service, as the council wrote it
    complaints: str = ""  # how to make a complaint


# Who the leaflet speaks to: a young child, a teenager, or a young person leaving care (a care
# leaver, or 16 and over, whose reviews are of their pathway plan).
YOUNG, OLDER, LEAVING_CARE = "young", "older", "leaving_care"
OLDER_FROM, LEAVING_CARE_FROM = 11, 16


def leaflet_audience(age: int, care_leaver: bool) -> str:
    if care_leaver or age >= LEAVING_CARE_FROM:
        return LEAVING_CARE
    return OLDER if age >= OLDER_FROM else YOUNG


def _sign_off_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def letter_view(letter: Letter, *, kind: str = "review", meeting_date: date, next_review: date | None,
                contact: ContactCard, theme: Theme, picture: bytes | None = None,
                feedback_address: str | None = None, draft: bool = False) -> ChildLetterView:
    """The view of a review's letter: visible sections with something in them, in the IRO's
    order, each with its picture."""
    sections = tuple(ChildSection(s.key, s.heading, tuple(s.blocks), section_icon(s.key), dict(s.pictures))
                     for s in letter.visible_sections if s.blocks)
    return ChildLetterView(
        kind=kind, child_name=letter.addressed_to.strip(), title="My review meeting",
        subtitle=long_date(meeting_date), greeting=letter.greeting, opening=tuple(markup.parse(letter.opening)),
        sections=sections, sign_off=_sign_off_lines(letter.sign_off or sign_off_for(contact.name)),
        next_review=next_review, contact=contact, theme=theme, picture=picture,
        feedback_address=feedback_address, draft=draft)


_GREETING = re.compile(r"^\s*(dear|hi|hello|hey|hiya)\b", re.IGNORECASE)


def midway_note_view(note: str, addressed_to: str, *, midway_date: date, next_review: date | None,
                     contact: ContactCard, theme: Theme, picture: bytes | None = None,
                     feedback_address: str | None = None, draft: bool = False) -> ChildLetterView:
    """The view of the short note an IRO sends a child after the midway check. The note is
    printed as written; a greeting and sign-off are added only where it has none of its own."""
    name = addressed_to.strip()
    blocks = tuple(markup.parse(note))
    plain = markup.plain_lines(blocks)
    greeting = "" if plain and _GREETING.match(plain[0]) else (f"Dear {name}," if name else "")
    signed = bool(plain) and bool(contact.first_name) and contact.first_name.lower() in plain[-1].lower()
    title = f"A note from {contact.first_name}" if contact.first_name else "A note for you"
    return ChildLetterView(
        kind="midway", child_name=name, title=title, subtitle=long_date(midway_date), greeting=greeting,
        opening=blocks, sections=(), sign_off=() if signed else _sign_off_lines(sign_off_for(contact.name)),
        next_review=next_review, contact=contact, theme=theme, picture=picture,
        feedback_address=feedback_address, draft=draft)
