"""Every menu's access keys (the underlined letters) are unique, so Alt and a letter always does
one thing; and so are the menu bar's own."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QMenu

from tests.ui.review_support import review_vault  # noqa: F401 - fixture
from tests.ui.window_support import unlock


def mnemonic(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def clashes(texts: list[str]) -> dict[str, int]:
    keys = Counter(k for k in map(mnemonic, texts) if k)
    return {k: n for k, n in keys.items() if n > 1}


def test_access_keys_are_unique_in_every_menu(review_vault, window, qtbot):
    unlock(window, qtbot)
    bar = window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert clashes(titles) == {}, titles
    for action in bar.actions():
        menu: QMenu = action.menu()
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert all(mnemonic(t) for t in texts), f"{action.text()}: an item without an access key: {texts}"
        assert clashes(texts) == {}, f"{action.text()}: {texts}"


def test_the_check_finds_a_clash():
    assert clashes(["&Back up now", "Restore from &backup…"]) == {"b": 2}
    assert clashes(["Back &up now", "Restore from &backup…"]) == {}
    assert mnemonic("Fish && &chips") == "c"
