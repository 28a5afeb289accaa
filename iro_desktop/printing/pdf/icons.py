"""Small pictures from the bundled icon set (Tabler Icons, MIT), coloured to the child's theme.

Each SVG is read once and turned into a reportlab drawing per colour and size; drawings are
vector, so they print sharply at any size. Which picture suits a sentence is decided in
``documents.pictures``.
"""

from __future__ import annotations

import io
import threading
from functools import lru_cache

from iro_desktop.documents import pictures
from iro_desktop.resources import resource_path

# The picture beside each of the letter's built-in sections.
SECTION_ICONS = {
    "how_you_are": "mood-smile",
    "home": "home",
    "family_time": "users-group",
    "school": "school",
    "health": "heartbeat",
    "what_you_told_me": "message-circle",
    "going_well": "star",
    "worries": "umbrella",
    "what_next": "list-check",
    "next_review": "calendar-event",
}
OWN_SECTION_ICON = "pencil"

# Words -> picture, for the bundle check: the rules themselves live in ``documents.pictures``.
_KEYWORDS: tuple[tuple[str, str], ...] = pictures.topic_words()

_lock = threading.Lock()


def section_icon(key: str) -> str:
    return SECTION_ICONS.get(key, OWN_SECTION_ICON)


def icon_for_text(text: str) -> str | None:
    """The picture for a sentence from the words in it, or None when nothing fits."""
    return pictures.picture_for(text)


@lru_cache(maxsize=None)
def _svg_text(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


@lru_cache(maxsize=512)
def drawing(name: str, colour: str, size: float):
    """The icon ``name`` as a reportlab Drawing ``size`` points square, stroked in ``colour``.
    Drawings are shared: draw them, never change them."""
    from svglib.svglib import svg2rlg

    text = _svg_text(name).replace("currentColor", colour)
    with _lock:  # svglib keeps some state while it parses
        d = svg2rlg(io.BytesIO(text.encode("utf-8")))
    if d is None:
        raise ValueError(f"icon {name} could not be read")
    # The drawing's state starts from reportlab's default font (Helvetica), which would then
    # be named in the PDF without being embedded; icons hold no text, so any embedded font will do.
    from iro_desktop.printing.pdf import fonts

    fonts.register()
    d.initialFontName = fonts.ANDIKA
    factor = size / max(d.width, d.height)
    d.scale(factor, factor)
    d.width, d.height = d.width * factor, d.height * factor
    return d
