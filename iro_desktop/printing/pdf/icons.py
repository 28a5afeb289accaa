"""Small pictures from the bundled icon set (Tabler Icons, MIT), coloured to the child's theme.

Each SVG is read once and turned into a reportlab drawing per colour and size; drawings are
vector, so they print sharply at any size. ``icon_for_text`` picks a picture for an easy-read
sentence from the words in it.
"""

from __future__ import annotations

import io
import re
import threading
from functools import lru_cache

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

# Words in an easy-read sentence -> a picture for it (first match wins, so order matters).
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"\bbirthdays?\b|\bpart(y|ies)\b|\bcakes?\b", "cake"),
    (r"\bfootball|\brugby\b|\bcricket\b|\bnetball\b|\bsports?\b|\bmatch(es)?\b|\bgoals?\b", "ball-football"),
    (r"\bswim", "swimming"),
    (r"\bbikes?\b|\bcycling\b|\bscooter", "bike"),
    (r"\bdogs?\b|\bpupp(y|ies)\b", "dog"),
    (r"\bcats?\b|\bkittens?\b|\bhamsters?\b|\bpets?\b|\brabbits?\b|\bguinea pigs?\b", "cat"),
    (r"\bmusic|\bsing(ing)?\b|\bguitar|\bpiano|\bdrums?\b|\bband\b|\bdanc(e|es|ing)\b", "music"),
    (r"\bdraw(s|ing|ings)?\b|\bpaint|\bart\b|\bcolouring\b", "palette"),
    (r"\bgam(e|es|ing)\b|\bconsole", "device-gamepad-2"),
    (r"\bschool|\bcollege|\bteachers?\b|\bclass(es)?\b|\blessons?\b|\bhomework|\blearn|\bmaths\b|\bexams?\b",
     "school"),
    (r"\bread(s|ing)?\b|\bbooks?\b|\blibrar|\bstor(y|ies)\b", "book"),
    (r"\bdoctors?\b|\bnurses?\b|\bdentist|\bhealth check|\bhospital|\binjections?\b|\bmedicine", "stethoscope"),
    (r"\bworr|\bsad\b|\bupset\b|\bscared\b|\bafraid\b|\bangry\b|\bcross\b|\bmiss(ed)?\b", "mood-sad"),
    (r"\breview meeting|\bmeetings?\b|\breviews?\b", "calendar-event"),
    (r"\bfamily|\bmum\b|\bdad\b|\bnan\b|\bnana\b|\bgrandad|\bgrandma|\bgranny\b|\bbrothers?\b|\bsisters?\b"
     r"|\bauntie|\buncle|\bcousins?\b", "users-group"),
    (r"\bhome\b|\bbedroom|\blive with\b|\bcarers?\b|\bhouse\b|\bflat\b", "home"),
    (r"\bphone|\bcall me\b|\btext me\b|\bring me\b|\bemail", "phone"),
    (r"\btold me\b|\byou said\b|\btalk|\btell\b|\bask(ed)?\b", "message-circle"),
    (r"\bproud\b|\bwell done\b|\bstars?\b|\bbrilliant\b|\bamazing\b|\bawards?\b|\bcertificate|\bachiev",
     "star"),
    (r"\bgarden|\bplants?\b|\bflowers?\b|\boutside\b|\bparks?\b", "plant"),
    (r"\bholidays?\b|\bsummer\b|\bbeach|\bseaside\b|\btrips?\b", "sun"),
    (r"\bfeel|\bsafe\b|\blov(e|ed|ely)\b|\bcare about\b", "heart"),
    (r"\bhappy\b|\bsmil|\bfun\b|\blaugh|\benjoy|\blikes?\b", "mood-smile"),
    (r"\bsocial worker|\bworkers?\b|\badvocate", "user"),
)
_KEYWORD_RES = tuple((re.compile(p, re.IGNORECASE), name) for p, name in _KEYWORDS)

_lock = threading.Lock()


def section_icon(key: str) -> str:
    return SECTION_ICONS.get(key, OWN_SECTION_ICON)


def icon_for_text(text: str) -> str | None:
    """The picture for a sentence from the words in it, or None when nothing fits."""
    for pattern, name in _KEYWORD_RES:
        if pattern.search(text):
            return name
    return None


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
