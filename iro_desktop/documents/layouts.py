"""Laying out a letter already being written like one of the IRO's templates.

``phrasebank.letter_from_template`` starts a letter from a template. A review record, though,
starts with the default sections and some text already in them ("What will happen next" from
the decisions, "Your next review" with its date), and the IRO may have written more before
choosing a template. ``apply_layout`` takes the template's order, headings and hidden sections
without losing a word: a section with text in it is never hidden or dropped, and the template's
starting text only goes into sections that are empty.
"""

from __future__ import annotations

from dataclasses import replace

from iro_desktop.documents.letter import Letter, LetterSection


def apply_layout(letter: Letter, template: Letter) -> Letter:
    """``letter`` laid out like ``template`` (a new Letter; ``letter`` is not changed).

    * The template's sections come first, in its order, with its headings, shown or hidden as it
      says, except that a section with text in it always stays shown.
    * The template's starting text fills a section only if the letter's is empty. A section of
      the template's own matches one of the letter's own sections with the same heading.
    * Sections the template does not have follow, in the letter's order, hidden if empty.
    * The child's name, the opening and the sign-off stay as they are.
    """
    result = letter.copy()
    remaining = {s.key: s for s in result.sections}
    taken = set(remaining)
    ordered: list[LetterSection] = []
    own_by_heading = {s.heading.casefold(): s.key for s in result.sections if s.key.startswith("own-")}
    for t in template.sections:
        if t.key.startswith("own-"):
            # The template's own section matches one of the letter's by its heading, never by
            # its key (applying a template twice adds nothing twice).
            section = remaining.pop(own_by_heading.get(t.heading.casefold(), ""), None)
        else:
            section = remaining.pop(t.key, None)
        if section is None:
            key = t.key
            if key in taken:  # the template's own section: a new one, never merged into the IRO's
                n = 1
                while f"own-{n}" in taken:
                    n += 1
                key = f"own-{n}"
            taken.add(key)
            section = LetterSection(key, t.heading, t.body, hidden=t.hidden)
        else:
            section = replace(section, heading=t.heading or section.heading)
            if not section.body.strip() and t.body.strip():
                section.body = t.body
            section.hidden = t.hidden and not section.body.strip()
        ordered.append(section)
    for section in result.sections:
        if section.key in remaining:
            ordered.append(replace(section, hidden=section.hidden or not section.body.strip()))
    result.sections = ordered
    return result
