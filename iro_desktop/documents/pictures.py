"""Pictures that mean something: the picture beside each easy-read sentence, chosen from the
words in it, and the one the IRO chose instead where they changed it.

A child who reads slowly reads the picture first, so it has to be about what the sentence
says: "you told me your favourite thing to cook is pancakes" gets the chef's hat, not the
section's family picture, and not the speech bubble of "told me". Each topic has strong words
(what a sentence is about: cook, pancakes, football) and weak ones (how it is said: told me,
you like); the topic with the most weight wins, ties going to the one listed first (the more
particular: a pet before home). A sentence that matches nothing gets the fallback the caller
gives, its section's picture.

The IRO can change any sentence's picture; the choice is kept in the letter as
``{sentence number: picture name}`` per section (``LetterSection.pictures``), numbered from 1
in the order ``sentences`` gives.
The picture-choice consultation form labels its choices with the same pictures
(``picture_for``), so a child sees the same picture for "family time" on their form and in
their letter.

Picture names are the files in ``resources/icons`` (Tabler Icons, MIT); ``PICTURES`` lists the
ones offered to the IRO, each with the words shown beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from iro_desktop.documents import markup
from iro_desktop.documents.readability import sentences_in

STRONG, WEAK = 1.0, 0.4

# (picture, what the IRO sees when choosing, strong words, weak words). Patterns are regular
# expressions matched case-insensitively at the start of a word.
_TOPICS: tuple[tuple[str, str, str, str], ...] = (
    ("cake", "Birthday or party",
     r"birthdays?\b|part(y|ies)\b|cakes?\b|celebrat|presents?\b|christmas|\beid\b|diwali", ""),
    ("chef-hat", "Cooking and food",
     r"cook|bak(e|es|ed|ing)\b|pancakes?\b|recipes?\b|kitchen|dinners?\b|breakfast|meals?\b|food\b|pizzas?\b"
     r"|eat(s|ing)?\b|chips\b|pasta\b|sandwich", ""),
    ("pig-money", "Money",
     r"money\b|pocket money|sav(e|es|ed|ing|ings)\b|bank\b|pounds?\b|£|spend|budget|allowance|wages?\b"
     r"|bills?\b|afford|cost", r"buy|pay"),
    ("ball-football", "Football and sport",
     r"football|rugby\b|cricket\b|netball\b|basketball|sports?\b|match(es)?\b|goals?\b|team\b|training\b"
     r"|gym(nastics)?\b|karate|boxing", ""),
    ("swimming", "Swimming", r"swim", ""),
    ("bike", "Bike or scooter", r"bikes?\b|cycl(e|ing)\b|scooter", ""),
    ("dog", "Dog", r"dogs?\b|pupp(y|ies)\b", ""),
    ("cat", "Pet", r"cats?\b|kittens?\b|hamsters?\b|pets?\b|rabbits?\b|guinea pigs?\b|fish\b|horses?\b|pon(y|ies)\b",
     ""),
    ("music", "Music and dancing",
     r"music|sing(s|ing)?\b|songs?\b|guitar|piano|drums?\b|band\b|danc(e|es|ing)\b|choir", ""),
    ("palette", "Drawing and art", r"draw(s|ing|ings)?\b|paint|art\b|colouring|craft", ""),
    ("device-gamepad-2", "Games", r"gam(e|es|ing)\b|console|xbox|playstation|minecraft|fortnite", ""),
    ("book", "Reading and stories", r"read(s|ing)?\b|books?\b|librar|stor(y|ies)\b", ""),
    ("bus", "Travel", r"bus(es)?\b|trains?\b|taxi|travel|journeys?\b|driv(e|es|ing)\b", ""),
    ("stethoscope", "Doctor or nurse",
     r"doctors?\b|nurses?\b|dentist|health checks?\b|hospital|injections?\b|medicines?\b|appointments?\b"
     r"|optician|glasses\b", ""),
    ("heartbeat", "Health", r"health|healthy\b|ill\b|poorly|asthma|sleep|exercise|well-being|wellbeing", ""),
    ("mood-sad", "A worry",
     r"worr|sad\b|upset|scared|afraid|frighten|angry\b|cross\b|miss(es|ed|ing)?\b|lonely|bull(y|ied|ying)\b"
     r"|hard\b|difficult|unhappy|nervous|cry|cried", ""),
    ("friends", "Friends", r"friends?\b|mates?\b|best friend|sleepovers?\b", r"play(s|ed|ing)? with"),
    ("school", "School and learning",
     r"school|college|teachers?\b|class(es)?\b|lessons?\b|homework|learn|maths\b|english\b|science\b|exams?\b"
     r"|gcses?\b|university|head teacher|teaching assistant|lunchtime|playground|nursery\b", ""),
    ("calendar-event", "A meeting or a date",
     r"review meetings?\b|meetings?\b|reviews?\b|next time\b|dates?\b|by (monday|tuesday|wednesday|thursday|friday)",
     ""),
    ("users-group", "Family time",
     r"family|mum(my)?\b|mother|dad(dy)?\b|father|nan(a|na)?\b|grandad|grandma|grandpa|granny|grandparents?\b"
     r"|brothers?\b|sisters?\b|siblings?\b|auntie|aunt\b|uncle|cousins?\b|step-?(mum|dad)", ""),
    ("user-heart", "Carers", r"carers?\b|foster (mum|dad|parents?)\b", ""),
    ("home", "Home",
     r"home\b|bedroom|live with|living with|foster|house\b|flat\b|moving|move house|new home", ""),
    ("video", "A video call", r"video|online\b|zoom\b|teams call|on teams\b|facetime", ""),
    ("phone", "Phone or message", r"phone|call me\b|text me\b|ring me\b|emails?\b", r"ring|call"),
    ("user", "A worker or helper",
     r"social workers?\b|workers?\b|advocates?\b|key worker|mentor|independent visitor|helpers?\b", ""),
    ("star", "Well done",
     r"proud\b|well done|brilliant\b|amazing\b|awards?\b|certificate|achiev|stars?\b|fantastic|great job", ""),
    ("plant", "Outdoors", r"gardens?\b|plants?\b|flowers?\b|outside\b|parks?\b|woods?\b|beach|walks?\b", ""),
    ("sun", "Holiday", r"holidays?\b|summer\b|seaside|trips?\b|days? out\b", ""),
    ("shield-heart", "Feeling safe", r"safe\b|safety|protect", ""),
    ("heart", "Feelings", r"feel|lov(e|ed|es)\b|care about", r"lovely\b|kind\b"),
    ("mood-smile", "Happy", r"happy\b|smil|laugh|enjoy", r"fun\b|likes?\b"),
    ("message-circle", "Talking", r"talk|said|say(s|ing)?\b|tell|told|ask(s|ed)?\b|listen", ""),
    ("list-check", "What will happen next", r"will (make|ask|book|arrange|check|find|help|write)|agreed\b", ""),
)

# Pictures the forms use that no sentence picks by its words.
_FORM_PICTURES = {
    "mood-happy": "Happy face", "mood-neutral": "OK face", "mood-confused": "Not sure",
    "thumb-up": "Yes", "thumb-down": "No", "speakerphone": "Someone to speak up for me",
    "building": "An office", "map-pin": "Somewhere else", "mood-kid": "Me",
    "pencil": "Something else", "umbrella": "Worries",
}

PICTURES: dict[str, str] = {name: label for name, label, _strong, _weak in _TOPICS}
PICTURES.update({k: v for k, v in _FORM_PICTURES.items() if k not in PICTURES})
FALLBACK = "message-circle"  # when neither the words nor the caller give a picture

_RULES = tuple((name, re.compile(r"(?<![\w])(?:" + strong + ")", re.IGNORECASE),
                re.compile(r"(?<![\w])(?:" + weak + ")", re.IGNORECASE) if weak else None)
               for name, _label, strong, weak in _TOPICS)


def topic_words() -> tuple[tuple[str, str], ...]:
    """(pattern, picture) for each topic: what the bundle check and the tests list."""
    return tuple((strong, name) for name, _label, strong, _weak in _TOPICS)


def scores(text: str) -> dict[str, float]:
    """How much each picture's words appear in ``text`` (pictures with none left out)."""
    found: dict[str, float] = {}
    for name, strong, weak in _RULES:
        score = STRONG * len(strong.findall(text))
        if weak is not None:
            score += WEAK * len(weak.findall(text))
        if score:
            found[name] = score
    return found


def picture_for(text: str) -> str | None:
    """The picture for ``text`` from the words in it, or None when nothing fits."""
    found = scores(text)
    if not found:
        return None
    best = max(found.values())
    return next(name for name, _s, _w in _RULES if found.get(name) == best)


def choose(text: str, fallback: str | None = None) -> str:
    """A picture always: from the words, else ``fallback``, else the speech bubble."""
    return picture_for(text) or fallback or FALLBACK


# ---- sentences and the IRO's choices ----------------------------------------------------------

def sentences(blocks: Sequence[markup.Block]) -> list[tuple[markup.Run, ...]]:
    """Every sentence of the blocks, in order, as styled runs, split as the readability check
    splits them (so a sentence the IRO saw flagged is one line of the easy-read letter); a list
    item is split like a paragraph. Sentence N of a section is ``sentences(...)[N - 1]``."""
    lines: list[tuple[markup.Run, ...]] = []
    for block in blocks:
        items = [block.runs] if isinstance(block, markup.Paragraph) else list(block.items)
        for runs in items:
            text = "".join(r.text for r in runs)
            for span in sentences_in(text):
                lines.append(_slice(runs, span.start, span.end))
    return lines


def _slice(runs: Sequence[markup.Run], start: int, end: int) -> tuple[markup.Run, ...]:
    """The runs covering characters start..end of their joined text, styles kept."""
    out, pos = [], 0
    for r in runs:
        a, b = max(start, pos), min(end, pos + len(r.text))
        if a < b:
            out.append(markup.Run(r.text[a - pos:b - pos], r.bold, r.italic))
        pos += len(r.text)
    return tuple(out)


@dataclass(frozen=True)
class SentencePicture:
    number: int  # from 1, the key of the IRO's choice
    text: str
    picture: str
    chosen: bool  # the IRO chose it (rather than the words)


def sentence_pictures(body: str, chosen: Mapping[int, str] | None = None,
                      fallback: str | None = None) -> list[SentencePicture]:
    """Each sentence of a section's markup ``body`` with its picture: the IRO's choice where
    there is one (and it is still a bundled picture), else the one its words give, else
    ``fallback``. What the editor lists for the IRO to change, and what the easy-read letter
    prints."""
    return pictures_for_sentences(markup.parse(body), chosen, fallback)


def pictures_for_sentences(blocks: Sequence[markup.Block], chosen: Mapping[int, str] | None = None,
                           fallback: str | None = None) -> list[SentencePicture]:
    chosen = chosen or {}
    out = []
    for n, runs in enumerate(sentences(blocks), start=1):
        text = "".join(r.text for r in runs)
        mine = chosen.get(n)
        if mine in PICTURES:
            out.append(SentencePicture(n, text, mine, True))
        else:
            out.append(SentencePicture(n, text, choose(text, fallback), False))
    return out


class UnknownPicture(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"'{name}' is not one of the pictures the app has.")


def set_choice(chosen: dict[int, str], number: int, picture: str | None) -> None:
    """Keep the IRO's picture for sentence ``number`` in ``chosen`` (a section's
    ``pictures``), or with None go back to the picture its words give."""
    if number < 1:
        raise ValueError("Sentences are numbered from 1.")
    if picture is None:
        chosen.pop(number, None)
        return
    if picture not in PICTURES:
        raise UnknownPicture(picture)
    chosen[number] = picture


def follow_edit(before: str, after: str, chosen: Mapping[int, str]) -> dict[int, str]:
    """The IRO's choices for a section's body edited from ``before`` to ``after``: each choice
    follows its sentence to its new number while the sentence is still there word for word, and
    is dropped once it is not (a sentence rewritten gets the picture its new words give, never
    the one chosen for another sentence). The editor calls this as a body is saved."""
    old = [_words(s) for s in _texts(before)]
    new = [_words(s) for s in _texts(after)]
    out: dict[int, str] = {}
    taken: set[int] = set()
    for number, picture in sorted(chosen.items()):
        if not 1 <= number <= len(old):
            continue
        wanted = old[number - 1]
        # The same sentence at the same place first, else its first unclaimed copy.
        places = [number] if number <= len(new) and new[number - 1] == wanted else []
        places += [n for n, text in enumerate(new, start=1) if text == wanted]
        place = next((n for n in places if n not in taken), None)
        if place is not None:
            taken.add(place)
            out[place] = picture
    return out


def _texts(body: str) -> list[str]:
    return ["".join(r.text for r in runs) for runs in sentences(markup.parse(body))]


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()
