"""The bundled TrueType fonts, registered with reportlab once per process.

Only TrueType-outline fonts can be embedded by reportlab, and every PDF the app makes embeds
its fonts (subset), so a printout looks the same on any computer and in twenty years. No PDF
uses reportlab's built-in Helvetica or Times, which are never embedded.
"""

from __future__ import annotations

import threading

from iro_desktop.resources import resource_path

ANDIKA = "Andika"  # the child's letters, easy-read and the leaflet: made for early readers
ATKINSON = "Atkinson"  # dyslexia-friendly letters
# The professional record: its zero is plain, as in the council's own systems (Atkinson
# Hyperlegible slashes it, which reads as "Ø" in a child id or a date).
DEJAVU = "DejaVuSans"

_FAMILIES = {
    ANDIKA: ("Andika-Regular.ttf", "Andika-Bold.ttf", "Andika-Italic.ttf", "Andika-BoldItalic.ttf"),
    ATKINSON: ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf",
               "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-BoldItalic.ttf"),
    DEJAVU: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
}
# Each family's licence, in resources/fonts beside it (Help, About names them).
LICENCES = {ANDIKA: "OFL-Andika.txt", ATKINSON: "OFL-AtkinsonHyperlegible.txt", DEJAVU: "LICENSE-DejaVu.txt"}
_lock = threading.Lock()
_done = False


def bold(family: str) -> str:
    return f"{family}-Bold"


def italic(family: str) -> str:
    return f"{family}-Italic"


def register() -> None:
    """Register every family (regular, bold, italic, bold italic) under its short name."""
    global _done
    if _done:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if _done:
            return
        for family, files in _FAMILIES.items():
            names = (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")
            for name, file in zip(names, files):
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
            pdfmetrics.registerFontFamily(family, normal=names[0], bold=names[1], italic=names[2],
                                          boldItalic=names[3])
        _done = True
