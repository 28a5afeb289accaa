"""The letter page's two menus from the IRO's phrase bank: templates (lay the letter out like
one) and phrases (insert one where the cursor is: those for this section first, then those for
any section, then the rest in a submenu), each offering the starter set while the bank is empty."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QMenu

from iro_desktop.documents import markup, phrasebank


def fill_template_menu(menu: QMenu, templates: list[phrasebank.Phrase],
                       choose: Callable[[phrasebank.Phrase], None], add_starters: Callable[[], None]) -> None:
    menu.clear()
    for t in templates:
        action = menu.addAction(t.title)
        action.triggered.connect(lambda _c=False, phrase=t: choose(phrase))
    if not templates:
        empty = menu.addAction("You have no templates yet")
        empty.setEnabled(False)
        menu.addAction("Add the starter phrases and templates", add_starters)


def fill_phrase_menu(menu: QMenu, phrases: list[phrasebank.Phrase], section_key: str | None, *,
                     insert: Callable[[str], None], add_starters: Callable[[], None],
                     keep: Callable[[], None], can_keep: bool) -> None:
    menu.clear()
    phrases = [p for p in phrases if p.kind == phrasebank.PHRASE]
    here = [p for p in phrases if p.section_key == section_key]
    anywhere = [p for p in phrases if p.section_key is None]
    others = [p for p in phrases if p.section_key not in (section_key, None)]
    for p in here + anywhere:
        _phrase_action(menu, p, insert)
    if others:
        if here or anywhere:
            menu.addSeparator()
        more = menu.addMenu("Phrases for other sections")
        for p in others:
            _phrase_action(more, p, insert)
    if not phrases:
        empty = menu.addAction("Your phrase bank is empty")
        empty.setEnabled(False)
        menu.addAction("Add the starter phrases", add_starters)
    menu.addSeparator()
    keep_action = menu.addAction("Keep the selected words as a phrase…", keep)
    keep_action.setEnabled(can_keep)


def _phrase_action(menu: QMenu, phrase: phrasebank.Phrase, insert: Callable[[str], None]) -> None:
    preview = markup.strip_markup(phrase.body).replace("\n", " ")
    action = menu.addAction(phrase.title)
    action.setToolTip(preview)
    action.setStatusTip(preview)
    action.triggered.connect(lambda _c=False, body=phrase.body: insert(body))
