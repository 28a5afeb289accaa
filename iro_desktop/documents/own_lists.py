"""The IRO's own lists, read together for the screen that shows and changes them: the phrase
bank and letter templates, the words children asked for (built-in and the IRO's changes), and
the IRO's words for the spell check. Each list is changed through its own module."""

from __future__ import annotations

from dataclasses import dataclass

from iro_desktop.documents import phrasebank, spelling, wording
from iro_desktop.documents.phrasebank import Phrase
from iro_desktop.documents.wording import Wording


@dataclass(frozen=True)
class OwnLists:
    phrases: list[Phrase]
    templates: list[Phrase]
    wording: list[Wording]
    switched_off: list[str]  # built-in terms the IRO switched off
    spelling_words: list[str]


def read_own_lists(vault) -> OwnLists:
    table = wording.wording_list(vault)
    listed = {w.term.casefold() for w in table}
    return OwnLists(phrases=phrasebank.list_phrases(vault, phrasebank.PHRASE),
                    templates=phrasebank.list_phrases(vault, phrasebank.TEMPLATE),
                    wording=table,
                    switched_off=sorted(t for t in wording.BUILT_IN if t.casefold() not in listed),
                    spelling_words=spelling.own_words(vault))
