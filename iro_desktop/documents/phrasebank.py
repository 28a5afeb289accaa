"""The IRO's phrase bank and letter templates, kept in the vault and editable.

A *phrase* is a short piece of marked-up text the IRO reuses, filed under a letter section
("going_well": "You should be really proud of …"). A *template* is a whole letter layout: the
sections, their headings and order, and any starting text, stored as ``Letter.to_dict()``
JSON without the child's name. ``letter_from_template`` makes a child's letter from one.

Starter phrases and templates are offered once (``add_starters``) and then belong to the IRO.
Audit rows name the phrase by its id only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from iro_desktop.documents.letter import (DEFAULT_SECTIONS, NEXT_REVIEW, WHAT_NEXT, Letter,
                                          LetterSection)
from iro_desktop.errors import IroError, ValidationError

PHRASE, TEMPLATE = "phrase", "template"
MAX_TITLE = 120
MAX_BODY = 20000


@dataclass(frozen=True)
class Phrase:
    id: int
    kind: str  # "phrase" or "template"
    title: str
    body: str  # markup for a phrase; Letter JSON for a template
    section_key: str | None = None  # phrases: the section it suits (None: any)
    position: int = 0

    @property
    def template(self) -> Letter:
        if self.kind != TEMPLATE:
            raise ValueError("not a template")
        return Letter.from_dict(json.loads(self.body))


STARTER_PHRASES: tuple[tuple[str, str, str], ...] = (
    ("how_you_are", "Lovely to see you", "It was lovely to see you at {where} on {day}."),
    ("how_you_are", "Thank you for talking", "Thank you for talking to me before your review meeting. "
                                             "I know it is not always easy."),
    ("going_well", "Proud", "You should be really proud of yourself."),
    ("going_well", "Everyone noticed", "Everyone at the meeting noticed how much you have grown up."),
    ("what_you_told_me", "You told me", "You told me that"),
    ("worries", "Who to talk to", "If you are worried about anything, you can talk to your carers, "
                                  "your social worker or me."),
    (NEXT_REVIEW, "Next review", "Your next review meeting will be before {date}. I will come and "
                                 "see you before then, and you can tell me where you would like it "
                                 "to be and who you would like to be there."),
    (NEXT_REVIEW, "Contact me", "You can ring or message me at any time. My number is {phone}."),
)


def _template(title: str, keys: list[str], headings: dict[str, str] | None = None) -> tuple[str, Letter]:
    by_key = {k: h for k, h, _p in DEFAULT_SECTIONS}
    headings = headings or {}
    sections = [LetterSection(k, headings.get(k, by_key[k])) for k in keys]
    hidden = [LetterSection(k, by_key[k], hidden=True) for k in by_key if k not in keys]
    return title, Letter("", sections + hidden)


STARTER_TEMPLATES: tuple[tuple[str, Letter], ...] = (
    _template("Every section", [k for k, _h, _p in DEFAULT_SECTIONS]),
    _template("Short letter for a young child",
              ["how_you_are", "home", "family_time", "going_well", WHAT_NEXT],
              {"how_you_are": "How you are", "going_well": "Things you are good at",
               WHAT_NEXT: "What happens next"}),
    _template("Letter for a teenager",
              ["how_you_are", "what_you_told_me", "home", "family_time", "school", "health", "worries",
               WHAT_NEXT, NEXT_REVIEW],
              {"school": "School, college and work", "worries": "What we talked about"}),
)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check(kind: str, title: str, body: str) -> None:
    problems = []
    if kind not in (PHRASE, TEMPLATE):
        problems.append(("kind", "Choose a phrase or a template."))
    if not title.strip():
        problems.append(("title", "Give it a short name, so you can find it again."))
    elif len(title) > MAX_TITLE:
        problems.append(("title", f"Keep the name under {MAX_TITLE} characters."))
    if not body.strip():
        problems.append(("body", "There is no text to keep."))
    elif len(body) > MAX_BODY:
        problems.append(("body", f"This is too long to keep as a phrase ({len(body)} characters)."))
    if problems:
        raise ValidationError(problems)


def list_phrases(vault, kind: str = PHRASE, section_key: str | None = None) -> list[Phrase]:
    """Phrases (or templates) in the IRO's order; with ``section_key``, those for that section
    and those for any section."""
    sql = "SELECT id, kind, title, body, section_key, position FROM phrase WHERE kind = ?"
    params: list = [kind]
    if section_key is not None:
        sql += " AND (section_key = ? OR section_key IS NULL)"
        params.append(section_key)
    with vault.read() as db:
        rows = db.conn.execute(sql + " ORDER BY position, id", params).fetchall()
    return [Phrase(*r) for r in rows]


def add_phrase(vault, title: str, body: str, section_key: str | None = None) -> Phrase:
    return _add(vault, PHRASE, title, body, section_key)


def add_template(vault, title: str, letter: Letter) -> Phrase:
    """Keep ``letter``'s layout (and any text in it) as a template; the child's name is dropped."""
    layout = letter.copy()
    layout.addressed_to = ""
    return _add(vault, TEMPLATE, title, json.dumps(layout.to_dict(), ensure_ascii=False), None)


def _add(vault, kind: str, title: str, body: str, section_key: str | None) -> Phrase:
    _check(kind, title, body)
    now = _now()
    with vault.transaction() as tx:
        pos = tx.db.conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM phrase WHERE kind = ?",
                                 (kind,)).fetchone()[0]
        cur = tx.db.conn.execute(
            "INSERT INTO phrase (kind, title, section_key, body, position, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (kind, title.strip(), section_key, body, pos, now, now))
        tx.audit(f"{kind}.create", kind, cur.lastrowid)
    return Phrase(cur.lastrowid, kind, title.strip(), body, section_key, pos)


def update_phrase(vault, phrase_id: int, *, title: str | None = None, body: str | None = None,
                  section_key: str | None = ..., position: int | None = None) -> Phrase:  # type: ignore[assignment]
    """Change a phrase or template; arguments left out stay as they are."""
    with vault.transaction() as tx:
        row = tx.db.conn.execute("SELECT id, kind, title, body, section_key, position FROM phrase "
                                 "WHERE id = ?", (phrase_id,)).fetchone()
        if row is None:
            raise IroError("That phrase is no longer in your phrase bank. Nothing was changed.")
        old = Phrase(*row)
        new = Phrase(old.id, old.kind, old.title if title is None else title.strip(),
                     old.body if body is None else body,
                     old.section_key if section_key is ... else section_key,
                     old.position if position is None else position)
        _check(new.kind, new.title, new.body)
        tx.db.conn.execute("UPDATE phrase SET title = ?, body = ?, section_key = ?, position = ?, "
                           "updated_at = ? WHERE id = ?",
                           (new.title, new.body, new.section_key, new.position, _now(), phrase_id))
        tx.audit(f"{old.kind}.update", old.kind, phrase_id)
    return new


def delete_phrase(vault, phrase_id: int) -> None:
    with vault.transaction() as tx:
        row = tx.db.conn.execute("SELECT kind FROM phrase WHERE id = ?", (phrase_id,)).fetchone()
        if row is None:
            return
        tx.db.conn.execute("DELETE FROM phrase WHERE id = ?", (phrase_id,))
        tx.audit(f"{row[0]}.delete", row[0], phrase_id)


def add_starters(vault) -> int:
    """Put the starter phrases and templates in an empty phrase bank; returns how many were
    added (0 if the IRO already has any)."""
    with vault.read() as db:
        if db.conn.execute("SELECT 1 FROM phrase LIMIT 1").fetchone():
            return 0
    now = _now()
    n = 0
    with vault.transaction() as tx:
        for pos, (key, title, body) in enumerate(STARTER_PHRASES, 1):
            tx.db.conn.execute(
                "INSERT INTO phrase (kind, title, section_key, body, position, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (PHRASE, title, key, body, pos, now, now))
            n += 1
        for pos, (title, letter) in enumerate(STARTER_TEMPLATES, 1):
            tx.db.conn.execute(
                "INSERT INTO phrase (kind, title, section_key, body, position, created_at, updated_at) "
                "VALUES (?, ?, NULL, ?, ?, ?, ?)",
                (TEMPLATE, title, json.dumps(letter.to_dict(), ensure_ascii=False), pos, now, now))
            n += 1
        tx.audit("phrase.starters", "phrase", n)
    return n


def letter_from_template(template: Phrase | Letter, addressed_to: str, sign_off: str = "") -> Letter:
    """A child's letter laid out like the template (its text kept as starting text)."""
    layout = template.template if isinstance(template, Phrase) else template
    letter = layout.copy()
    letter.addressed_to = addressed_to
    if sign_off:
        letter.sign_off = sign_off
    return letter
