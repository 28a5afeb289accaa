"""The child's colour theme for their printed letters: a few named, high-contrast choices.

Children choose how their letter looks; the choice is kept per child in the vault
(``child_print_style``) and every change is audited by the child's id. Each theme's ``ink`` is
the colour of headings, pictures and borders: it has a contrast of at least 7:1 (WCAG AAA)
against white, its own ``tint`` and the dyslexia-friendly cream, so a heading is as easy to read
as body text whatever the child picks. ``accent`` only decorates (stripes, dots), never carries
words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from iro_desktop.errors import ValidationError


@dataclass(frozen=True)
class Theme:
    key: str
    label: str  # what the child sees when choosing
    ink: str  # "#rrggbb"
    tint: str
    accent: str


THEMES: dict[str, Theme] = {t.key: t for t in (
    Theme("ocean", "Ocean blue", "#0B4A6F", "#E1F0F7", "#3A9BC8"),
    Theme("forest", "Forest green", "#1D5631", "#E3F1E6", "#4CA56A"),
    Theme("sunset", "Sunset orange", "#862B0B", "#FCE9DC", "#E9793D"),
    Theme("berry", "Berry pink", "#7A1B52", "#F7E3EF", "#C94C93"),
    Theme("space", "Space purple", "#2F2A78", "#E7E5F8", "#7A72D6"),
    Theme("sunshine", "Sunshine yellow", "#5E4100", "#FFF3C4", "#F2B705"),
    Theme("calm", "Calm grey", "#263238", "#ECEFF1", "#78909C"),
)}
DEFAULT_THEME = "ocean"
CREAM = "#FDF6E3"  # the dyslexia-friendly page colour


def theme(key: str | None) -> Theme:
    """The theme called ``key``; the default for None or a name no longer offered."""
    return THEMES.get(key or "", THEMES[DEFAULT_THEME])


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# ---- the child's choice, in the vault --------------------------------------------------------

def child_theme(vault, child_id: str) -> Theme:
    with vault.read() as db:
        row = db.conn.execute("SELECT theme FROM child_print_style WHERE child_id = ?", (child_id,)).fetchone()
    return theme(row[0] if row else None)


def set_child_theme(vault, child_id: str, key: str) -> None:
    """Keep the child's chosen theme (one of THEMES) for their printed letters."""
    if key not in THEMES:
        raise ValidationError([("theme", f"'{key}' is not one of the colour themes: "
                                + ", ".join(t.label for t in THEMES.values()) + ".")])
    with vault.transaction() as tx:
        require_child_tx(tx, child_id)
        tx.db.conn.execute(
            "INSERT INTO child_print_style (child_id, theme, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(child_id) DO UPDATE SET theme = excluded.theme, updated_at = excluded.updated_at",
            (child_id, key, now_utc()))
        tx.audit("print_style.theme", "child", child_id)


def require_child_tx(tx, child_id: str) -> None:
    from iro_desktop.caseload.repository import UnknownChild

    if tx.db.conn.execute("SELECT 1 FROM child WHERE child_id = ?", (child_id,)).fetchone() is None:
        raise UnknownChild(child_id)


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
