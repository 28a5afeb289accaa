"""The letter to the child: addressed by the name they use, in sections with friendly headings.

The IRO can rename, reorder, hide and add sections. Each section's body is text in the small
markup of ``documents.markup``. ``Letter.to_dict`` / ``Letter.from_dict`` give the stored JSON
shape; nothing here knows about widgets or PDFs.

The picture the IRO chose for a sentence of the easy-read letter, where they changed the one
its words give, is kept beside the words: ``{sentence number: picture name}`` per section
(``documents.pictures`` numbers the sentences and chooses the rest; the opening's pictures
always come from its words). Stored only
when there is a choice, so a letter without one keeps the JSON (and the hash) it always had.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from iro_desktop.documents import markup

WHAT_NEXT = "what_next"
NEXT_REVIEW = "next_review"

# (key, heading, prompt): the prompt is a hint for the IRO, never part of the letter.
DEFAULT_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("how_you_are", "How you are doing", "Start with something warm you noticed about them."),
    ("home", "Home", "Who they live with, what they said about home."),
    ("family_time", "Family time", "Who they see, how often, what they would like."),
    ("school", "School and learning", "School, college, clubs, what they are proud of."),
    ("health", "Health and feelings", "How they are, check-ups, who helps with feelings."),
    ("what_you_told_me", "What you told me", "Their words, as they said them."),
    ("going_well", "What is going well", "Achievements to celebrate."),
    ("worries", "Worries", "Their worries and ours, said kindly and plainly."),
    (WHAT_NEXT, "What will happen next", "Made from the decisions: who will do what, by when."),
    (NEXT_REVIEW, "Your next review", "When and where, and how they can take part."),
)
PROMPTS = {key: prompt for key, _heading, prompt in DEFAULT_SECTIONS}
MAX_HEADING = 80


@dataclass
class LetterSection:
    key: str  # a built-in key from DEFAULT_SECTIONS, or "own-N" for a section the IRO added
    heading: str
    body: str = ""  # markup
    hidden: bool = False
    # The text last generated for this section ("What will happen next" from the decisions,
    # "Your next review" from the timescales): while the body still equals it, the app keeps it
    # up to date; once the IRO edits it, it is theirs.
    generated: str | None = None
    pictures: dict[int, str] = field(default_factory=dict)  # the IRO's picture for sentence N

    @property
    def blocks(self) -> list[markup.Block]:
        return markup.parse(self.body)

    @property
    def plain(self) -> str:
        return markup.strip_markup(self.body)

    @property
    def follows_generated(self) -> bool:
        return self.generated is not None and self.body == self.generated

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"key": self.key, "heading": self.heading, "body": self.body}
        if self.hidden:
            d["hidden"] = True
        if self.generated is not None:
            d["generated"] = self.generated
        if self.pictures:
            d["pictures"] = _choices_to_dict(self.pictures)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "LetterSection":
        return cls(key=str(d["key"]), heading=str(d.get("heading", "")), body=str(d.get("body", "")),
                   hidden=bool(d.get("hidden", False)), generated=d.get("generated"),
                   pictures=_choices_from_dict(d.get("pictures")))


class UnknownSection(KeyError):
    pass


@dataclass
class Letter:
    addressed_to: str  # the name the child uses
    sections: list[LetterSection] = field(default_factory=list)
    opening: str = ""  # markup before the first section, after "Dear …,"
    sign_off: str = ""  # plain lines after the last section ("Best wishes,\nSam")

    # ---- reading ---------------------------------------------------------------------------

    @property
    def greeting(self) -> str:
        return f"Dear {self.addressed_to.strip()}," if self.addressed_to.strip() else "Dear,"

    @property
    def visible_sections(self) -> list[LetterSection]:
        return [s for s in self.sections if not s.hidden]

    def section(self, key: str) -> LetterSection:
        for s in self.sections:
            if s.key == key:
                return s
        raise UnknownSection(key)

    def has_section(self, key: str) -> bool:
        return any(s.key == key for s in self.sections)

    def plain_text(self) -> str:
        """The whole letter as the child reads it (hidden sections left out), without markup:
        greeting, opening, each heading and body, sign-off, separated by blank lines."""
        parts = [self.greeting]
        if self.opening.strip():
            parts.append(markup.strip_markup(self.opening))
        for s in self.visible_sections:
            body = s.plain
            if body:
                parts.append(f"{s.heading}\n{body}")
        if self.sign_off.strip():
            parts.append(self.sign_off.strip())
        return "\n\n".join(parts)

    def body_text(self) -> str:
        """The words the IRO wrote (opening and visible section bodies): what readability measures."""
        parts = [markup.strip_markup(self.opening)] if self.opening.strip() else []
        parts += [s.plain for s in self.visible_sections if s.body.strip()]
        return "\n".join(p for p in parts if p)

    # ---- changing --------------------------------------------------------------------------

    def rename_section(self, key: str, heading: str) -> None:
        heading = " ".join(heading.split())
        if not heading:
            raise ValueError("A section needs a heading.")
        self.section(key).heading = heading[:MAX_HEADING]

    def move_section(self, key: str, index: int) -> None:
        """Move the section to position ``index`` (clamped to the list)."""
        s = self.section(key)
        self.sections.remove(s)
        index = max(0, min(index, len(self.sections)))
        self.sections.insert(index, s)

    def hide_section(self, key: str, hidden: bool = True) -> None:
        self.section(key).hidden = hidden

    def add_section(self, heading: str, *, after: str | None = None, body: str = "") -> LetterSection:
        """A new section of the IRO's own, after ``after`` (or at the end)."""
        heading = " ".join(heading.split())
        if not heading:
            raise ValueError("A section needs a heading.")
        taken = {s.key for s in self.sections}
        n = 1
        while f"own-{n}" in taken:
            n += 1
        s = LetterSection(f"own-{n}", heading[:MAX_HEADING], body)
        index = self.sections.index(self.section(after)) + 1 if after else len(self.sections)
        self.sections.insert(index, s)
        return s

    def remove_section(self, key: str) -> None:
        """Remove a section the IRO added. Built-in sections are hidden instead, so their
        place and heading come back if the IRO shows them again."""
        s = self.section(key)
        if not key.startswith("own-"):
            raise ValueError("Built-in sections can be hidden but not removed.")
        self.sections.remove(s)

    def set_body(self, key: str, body: str) -> None:
        self.section(key).body = body

    # ---- storing ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"addressed_to": self.addressed_to, "opening": self.opening, "sign_off": self.sign_off,
                "sections": [s.to_dict() for s in self.sections]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Letter":
        return cls(addressed_to=str(d.get("addressed_to", "")),
                   sections=[LetterSection.from_dict(s) for s in d.get("sections", [])],
                   opening=str(d.get("opening", "")), sign_off=str(d.get("sign_off", "")))

    def copy(self) -> "Letter":
        return Letter(self.addressed_to, [replace(s, pictures=dict(s.pictures)) for s in self.sections],
                      self.opening, self.sign_off)


def _choices_to_dict(chosen: dict[int, str]) -> dict[str, str]:
    return {str(n): chosen[n] for n in sorted(chosen)}


def _choices_from_dict(raw: object) -> dict[int, str]:
    """The IRO's picture choices as stored (JSON keys are strings). Anything unreadable is
    dropped rather than refused: a picture is never a reason a letter cannot be opened."""
    if not isinstance(raw, dict):
        return {}
    out: dict[int, str] = {}
    for key, value in raw.items():
        try:
            n = int(key)
        except (TypeError, ValueError):
            continue
        if n >= 1 and isinstance(value, str) and value:
            out[n] = value
    return out


def default_letter(addressed_to: str, *, sign_off: str = "") -> Letter:
    """A new letter with the default sections, empty and in the usual order."""
    return Letter(addressed_to=addressed_to,
                  sections=[LetterSection(key, heading) for key, heading, _prompt in DEFAULT_SECTIONS],
                  sign_off=sign_off)


def sign_off_for(iro_name: str | None) -> str:
    name = (iro_name or "").strip()
    return f"Best wishes,\n{name}\nYour Independent Reviewing Officer" if name else "Best wishes"
