"""The words children asked for, offered when the IRO types the professional term.

Children in care have asked for "family time" rather than contact, "my plan" rather than care
plan, "home" rather than placement, and "my review meeting"; and for no acronyms. The built-in
list below holds those and a few more. The IRO's own list in the vault adds terms and changes
or switches off built-in ones (``child_wording`` table: a row with no words switches a
built-in term off).

The list is in the child's own voice ("my plan"), as children asked for it. A letter is the
IRO writing to the child, so there the same words are said to them ("your plan", "your review
meeting"): ``suggest`` and ``child_friendly`` speak in the voice they are given, the IRO's to
the child (``TO_CHILD``) unless told the child is speaking (``CHILDS_OWN``).

``suggest(text)`` finds the terms in some text and returns where they are and what to say
instead; ``apply(text, suggestions)`` makes the swaps; ``acronyms(text)`` finds any other
all-capital abbreviation, which a letter to a child should spell out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Sequence

from iro_desktop.errors import ValidationError

# Professional term -> the child's words. Longer terms win where terms overlap.
BUILT_IN: dict[str, str] = {
    "contact": "family time",
    "contact arrangements": "family time plans",
    "supervised contact": "family time with a worker there",
    "care plan": "my plan",
    "care planning": "planning",
    "pathway plan": "my plan for the future",
    "placement": "home",
    "foster placement": "foster home",
    "residential placement": "children's home",
    "residential unit": "children's home",
    "placement move": "moving home",
    "placement breakdown": "having to move home",
    "LAC review": "my review meeting",
    "CLA review": "my review meeting",
    "looked after review": "my review meeting",
    "looked after child review": "my review meeting",
    "statutory review": "review meeting",
    "child in care review": "my review meeting",
    "LAC": "child in care",
    "CLA": "child in care",
    "looked after child": "child in care",
    "siblings": "brothers and sisters",
    "sibling": "brother or sister",
    "respite": "short break",
    "PEP": "my school plan",
    "personal education plan": "my school plan",
    "EHCP": "my plan for extra help at school",
    "education, health and care plan": "my plan for extra help at school",
    "CAMHS": "the team who help with feelings",
    "IRO": "the person who chairs my review meeting",
    "SW": "social worker",
    "PA": "personal adviser",
    "YOT": "youth justice team",
    "YJS": "youth justice service",
    "LADO": "the person who checks adults are safe to work with children",
    "statutory visit": "social worker visit",
    "delegated authority": "who can say yes to things like sleepovers and trips",
    "absconded": "left without telling anyone",
    "absconding": "leaving without telling anyone",
    "missing episode": "time when nobody knew where you were",
    "permanence": "where you will grow up",
    "permanency": "where you will grow up",
    "initial health assessment": "first health check",
    "review health assessment": "health check",
    "health assessment": "health check",
    "disruption": "things going wrong",
}

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]*[A-Z](?:s|'s|’s)?\b")
# Capitals a letter may well use that are not professional jargon.
ACRONYMS_ALLOWED = frozenset({"I", "OK", "TV", "UK", "PE", "DJ", "PS", "ID", "BMX", "GCSE", "GCSEs",
                              "PS5", "A", "AM", "PM", "YouTube"})


@dataclass(frozen=True)
class Wording:
    term: str
    child_words: str
    built_in: bool  # from the list above (possibly changed by the IRO)
    changed: bool = False  # the IRO changed a built-in term's words


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int  # exclusive
    found: str  # the text as typed
    child_words: str  # what to say instead, with the capital letter matched

    @property
    def message(self) -> str:
        return f"Children asked for “{self.child_words}” rather than “{self.found}”."


def _key(term: str) -> str:
    return " ".join(term.split()).casefold()


def merge(own: Iterable[tuple[str, str | None]]) -> list[Wording]:
    """The built-in list with the IRO's own rows applied (``None`` words: switched off)."""
    table: dict[str, Wording] = {_key(t): Wording(t, w, True) for t, w in BUILT_IN.items()}
    for term, words in own:
        k = _key(term)
        if words is None or not words.strip():
            table.pop(k, None)
        elif k in table:
            table[k] = Wording(table[k].term, words.strip(), True, True)
        else:
            table[k] = Wording(" ".join(term.split()), words.strip(), False)
    return sorted(table.values(), key=lambda w: w.term.casefold())


DEFAULT_WORDING = merge([])


def _pattern(wording: Sequence[Wording]) -> re.Pattern:
    terms = sorted((w.term for w in wording), key=len, reverse=True)
    parts = []
    for t in terms:
        words = [re.escape(p) for p in t.split()]
        body = r"\s+".join(words)
        # An all-capital term (an acronym) only matches in capitals; other terms in any case.
        parts.append(f"(?-i:{body})" if t.isupper() else body)
    return re.compile(r"(?<![\w’'])(?:" + "|".join(parts) + r")(?![\w’'])", re.IGNORECASE)


TO_CHILD = "to_child"  # the IRO writing to the child: "your plan"
CHILDS_OWN = "childs_own"  # the child's own words, as listed: "my plan"
_FIRST_PERSON = re.compile(r"\b(my|me|myself|mine)\b", re.IGNORECASE)
_TO_SECOND_PERSON = {"my": "your", "me": "you", "myself": "yourself", "mine": "yours"}


def in_voice(words: str, voice: str = TO_CHILD) -> str:
    """The child's words as said in ``voice``: "my plan" to the child is "your plan"."""
    if voice == CHILDS_OWN:
        return words
    if voice != TO_CHILD:
        raise ValueError(f"unknown voice {voice!r}")

    def swap(m: re.Match) -> str:
        said = _TO_SECOND_PERSON[m.group().lower()]
        return said[:1].upper() + said[1:] if m.group()[:1].isupper() else said

    return _FIRST_PERSON.sub(swap, words)


_DETERMINER = re.compile(r"(?<![\w’'])(?:the|your|his|her|their|a|an)\s+(?:(next|last|first|new|current)\s+)?$",
                         re.IGNORECASE)
_pattern_cache: dict[tuple, re.Pattern] = {}


def _compiled(wording: Sequence[Wording]) -> tuple[re.Pattern, dict[str, str]]:
    sig = tuple((w.term, w.child_words) for w in wording)
    pat = _pattern_cache.get(sig)
    if pat is None:
        if len(_pattern_cache) > 8:
            _pattern_cache.clear()
        pat = _pattern_cache[sig] = _pattern(wording)
    return pat, {_key(w.term): w.child_words for w in wording}


def _match_case(found: str, words: str) -> str:
    """"Contact" -> "Family time"; "contact" and acronyms ("CAMHS") -> the words as listed."""
    first = found.split()[0]
    if first[:1].isupper() and not first.isupper():
        return words[:1].upper() + words[1:]
    return words


def suggest(text: str, wording: Sequence[Wording] | None = None, voice: str = TO_CHILD) -> list[Suggestion]:
    """Every professional term in ``text`` with the child's words for it, in order, said in
    ``voice``."""
    wording = DEFAULT_WORDING if wording is None else wording
    if not wording or not text:
        return []
    pattern, table = _compiled(wording)
    out = []
    for m in pattern.finditer(text):
        words = table.get(_key(m.group()))
        if words is None:
            continue
        start = m.start()
        if words.startswith("my "):
            # "the care plan" -> "my plan", "the next LAC review" -> "my next review meeting".
            det = _DETERMINER.search(text, 0, start)
            if det:
                start = det.start()
                if det.group(1):
                    words = f"my {det.group(1).lower()} {words[3:]}"
        found = text[start:m.end()]
        out.append(Suggestion(start, m.end(), found, _match_case(found, in_voice(words, voice))))
    return out


def suggest_at(text: str, cursor: int, wording: Sequence[Wording] | None = None,
               voice: str = TO_CHILD) -> Suggestion | None:
    """The suggestion for the term that ends at (or contains) ``cursor``, as the IRO types."""
    for s in suggest(text, wording, voice):
        if s.start < cursor <= s.end:
            return s
    return None


def apply(text: str, suggestions: Iterable[Suggestion]) -> str:
    """``text`` with each suggestion's term replaced by the child's words."""
    out, last = [], 0
    for s in sorted(suggestions, key=lambda s: s.start):
        if s.start < last:
            continue
        out.append(text[last:s.start])
        out.append(s.child_words)
        last = s.end
    out.append(text[last:])
    return "".join(out)


def child_friendly(text: str, wording: Sequence[Wording] | None = None, voice: str = TO_CHILD) -> str:
    """``text`` with every known professional term swapped for the child's words, in ``voice``."""
    return apply(text, suggest(text, wording, voice))


def acronyms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, acronym) for every all-capital abbreviation not on the allowed list."""
    out = []
    for m in _ACRONYM.finditer(text):
        word = m.group()
        bare = re.sub(r"(?:'s|’s|s)$", "", word) if not word.isupper() else word
        if word in ACRONYMS_ALLOWED or bare in ACRONYMS_ALLOWED or len(bare) < 2:
            continue
        out.append((m.start(), m.end(), word))
    return out


# ---- the IRO's own list, in the vault ------------------------------------------------------

def _audit_id(term: str) -> str:
    # The IRO types terms freely; the audit log names them by a digest, never the words.
    return hashlib.sha256(_key(term).encode()).hexdigest()[:16]


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def wording_list(vault) -> list[Wording]:
    """The built-in list with the IRO's changes: what ``suggest`` should use for this IRO."""
    with vault.read() as db:
        rows = db.conn.execute("SELECT term, child_words FROM child_wording ORDER BY term_key").fetchall()
    return merge(rows)


def save_wording(vault, term: str, child_words: str) -> None:
    """Add a term, or change the words for one (built-in or the IRO's own)."""
    term = " ".join((term or "").split())
    child_words = " ".join((child_words or "").split())
    problems = []
    if not term:
        problems.append(("term", "Type the professional term, like “contact”."))
    if not child_words:
        problems.append(("child_words", "Type the words to use instead, like “family time”."))
    if len(term) > 80 or len(child_words) > 200:
        problems.append(("term", "Keep the term under 80 characters and the words under 200."))
    if problems:
        raise ValidationError(problems)
    now = _now()
    with vault.transaction() as tx:
        tx.db.conn.execute(
            "INSERT INTO child_wording (term_key, term, child_words, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(term_key) DO UPDATE SET term = excluded.term, "
            "child_words = excluded.child_words, updated_at = excluded.updated_at",
            (_key(term), term, child_words, now, now))
        tx.audit("wording.save", "wording", _audit_id(term))


def remove_wording(vault, term: str) -> None:
    """Stop suggesting ``term``: the IRO's own term is removed, a built-in one switched off."""
    k = _key(term)
    with vault.transaction() as tx:
        if k in {_key(t) for t in BUILT_IN}:
            now = _now()
            tx.db.conn.execute(
                "INSERT INTO child_wording (term_key, term, child_words, created_at, updated_at) "
                "VALUES (?, ?, NULL, ?, ?) ON CONFLICT(term_key) DO UPDATE SET child_words = NULL, "
                "updated_at = excluded.updated_at", (k, " ".join(term.split()), now, now))
        else:
            tx.db.conn.execute("DELETE FROM child_wording WHERE term_key = ?", (k,))
        tx.audit("wording.remove", "wording", _audit_id(term))


def restore_built_in(vault, term: str) -> None:
    """Undo the IRO's change to a built-in term (its original words come back)."""
    with vault.transaction() as tx:
        tx.db.conn.execute("DELETE FROM child_wording WHERE term_key = ?", (_key(term),))
        tx.audit("wording.restore", "wording", _audit_id(term))
