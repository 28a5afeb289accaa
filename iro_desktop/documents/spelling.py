"""UK English spell checking for what the IRO writes: the letter, the midway note, decisions.

The words are Hunspell's British English dictionary, bundled in ``resources/dictionaries``
(so the check is the same on every laptop and needs no network), read by spylls, a port of
Hunspell to Python. Loading it takes a second or two, so ``speller()`` is called off the GUI
thread first (the editor asks for it as it opens) and kept for the life of the process.

The IRO's own words ("add to my words": children's names, places, the council's terms) live
in the vault, since a list of names is personal data: never in a settings file. The audit log
names a word by a digest only.

What is not checked, on purpose: words with digits, all-capital abbreviations (the letter's
own check asks for those to be spelled out), ``{placeholders}`` and web or e-mail addresses.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
from typing import Iterable

from iro_desktop.errors import ValidationError
from iro_desktop.resources import resource_path

MAX_SUGGESTIONS = 5
MAX_WORD = 60
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F](?:[A-Za-z\u00C0-\u024F'’-]*[A-Za-z\u00C0-\u024F])?")
_SKIP_SPANS = re.compile(r"\{[^{}\n]{1,40}\}|\b(?:https?://|www\.)\S+|\S+@\S+\.\S+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class WordSpan:
    start: int
    end: int  # exclusive
    word: str


def words_in(text: str) -> list[WordSpan]:
    """Every word in ``text`` as the spell check sees words (apostrophes and hyphens inside)."""
    return [WordSpan(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


class Speller:
    """The bundled dictionary plus the IRO's own words. Safe to share between threads."""

    def __init__(self) -> None:
        from spylls.hunspell import Dictionary  # the slow part: only when a speller is made

        self._dictionary = Dictionary.from_files(str(resource_path("dictionaries", "en_GB")))
        self._lock = threading.Lock()  # spylls keeps caches that are not thread-safe
        self._own: frozenset[str] = frozenset()

    def set_own_words(self, words: Iterable[str]) -> None:
        self._own = frozenset(_key(w) for w in words)

    def is_correct(self, word: str) -> bool:
        word = word.replace("’", "'")
        bare = _POSSESSIVE.sub("", word)
        if _key(word) in self._own or _key(bare) in self._own:
            return True
        with self._lock:
            if self._dictionary.lookup(word) or (bare != word and self._dictionary.lookup(bare)):
                return True
            # A hyphenated word is right when each of its parts is ("well-being", "step-dad").
            parts = [p for p in word.split("-") if p]
            return len(parts) > 1 and all(self._dictionary.lookup(p) for p in parts)

    def check(self, text: str) -> list[WordSpan]:
        """Every word in ``text`` that is neither in the dictionary nor in the IRO's words."""
        skipped = [m.span() for m in _SKIP_SPANS.finditer(text)]
        return [w for w in words_in(text)
                if not (w.word.isupper() and len(w.word) > 1)
                and not any(a <= w.start < b for a, b in skipped) and not self.is_correct(w.word)]

    def suggestions(self, word: str) -> list[str]:
        """A few likely corrections, best first (Hunspell's order)."""
        with self._lock:
            return list(islice(self._dictionary.suggest(word.replace("’", "'")), MAX_SUGGESTIONS))


_speller: Speller | None = None
_speller_lock = threading.Lock()


def speller() -> Speller:
    """The process's speller, made on first use (a second or two: call it off the GUI thread)."""
    global _speller
    with _speller_lock:
        if _speller is None:
            _speller = Speller()
        return _speller


# ---- the IRO's own words, in the vault ------------------------------------------------------

def _key(word: str) -> str:
    return word.strip().replace("’", "'").casefold()


def _audit_id(word: str) -> str:
    return hashlib.sha256(_key(word).encode()).hexdigest()[:16]


def own_words(vault) -> list[str]:
    with vault.read() as db:
        return [w for (w,) in db.conn.execute("SELECT word FROM spelling_word ORDER BY word_key")]


def add_own_word(vault, word: str) -> None:
    """Add a word to the IRO's words (a second time changes nothing)."""
    word = word.strip()
    if not word or len(word) > MAX_WORD or any(c.isspace() for c in word):
        raise ValidationError([("word", f"A word to add is one word of up to {MAX_WORD} letters.")])
    with vault.transaction() as tx:
        cur = tx.db.conn.execute(
            "INSERT INTO spelling_word (word_key, word, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(word_key) DO NOTHING",
            (_key(word), word, datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
        if cur.rowcount:
            tx.audit("spelling.add_word", "spelling_word", _audit_id(word))


def remove_own_word(vault, word: str) -> None:
    with vault.transaction() as tx:
        cur = tx.db.conn.execute("DELETE FROM spelling_word WHERE word_key = ?", (_key(word),))
        if cur.rowcount:
            tx.audit("spelling.remove_word", "spelling_word", _audit_id(word))
