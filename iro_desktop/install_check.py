"""``iro-desktop check-install``: does this installation have everything the app loads later?

Start-up loads only what the unlock screen needs, so a package missing a font, the dictionary,
a schema or a library's data would start and look fine, then fail on the first letter printed
or the first word checked. This command uses each of them once, as the app does, so council
IT (after pushing a package) and CI (after building the bundle) can see it at once. It touches
no vault and no personal data: each check works on fixed words, dates and a throwaway key.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str


def _resources() -> str:
    from iro_desktop.resources import resources_dir

    folder = resources_dir()
    missing = [p for p in ("fonts", "icons", "dictionaries", "schemas", "samples") if not (folder / p).is_dir()]
    if missing:
        raise RuntimeError("missing folders: " + ", ".join(missing))
    return str(folder)


def _fonts() -> str:
    from iro_desktop.printing.pdf import fonts

    fonts.register()
    missing = [f for f in fonts.LICENCES.values() if not (_folder("fonts") / f).is_file()]
    if missing:
        raise RuntimeError("licence files missing: " + ", ".join(missing))
    return ", ".join(fonts.LICENCES)


def _folder(name: str) -> Path:
    from iro_desktop.resources import resource_path

    return resource_path(name)


def _icons() -> str:
    from iro_desktop.printing.pdf import icons

    names = sorted(p.stem for p in _folder("icons").glob("*.svg"))
    missing = sorted(pictures_named() - set(names))
    if missing:
        raise RuntimeError("icons missing: " + ", ".join(missing))
    if not (_folder("icons") / "LICENSE-tabler-icons.txt").is_file():
        raise RuntimeError("the icons' licence is missing")
    for name in names:
        icons.drawing(name, "#000000", 24)
    return f"{len(names)} icons"


def pictures_named() -> set[str]:
    """Every picture the letters and the forms may draw: the sections', the easy-read
    sentences' (``documents.pictures``) and the consultation forms'."""
    from iro_desktop.documents import pictures
    from iro_desktop.preparation.forms import child_form, picture_form
    from iro_desktop.printing.pdf import icons

    named = set(icons.SECTION_ICONS.values()) | {icons.OWN_SECTION_ICON, pictures.FALLBACK} | set(pictures.PICTURES)
    named |= set(child_form.QUESTION_PICTURES.values())
    named |= {picture_form.picture_of(c) for _words, rows in picture_form.ROWS.values()
              for _what, choices in rows for c in choices}
    return named


def _spelling() -> str:
    from iro_desktop.documents.spelling import speller

    s = speller()
    if not s.is_correct("colour") or s.is_correct("colr"):
        raise RuntimeError("the en-GB dictionary gives wrong answers")
    return "en-GB"


def _reading_age() -> str:
    from iro_desktop.documents import flesch

    if flesch.syllable_count("pancakes") != 2 or flesch.syllable_count("zorblefrump") < 2:
        raise RuntimeError("syllables are counted wrongly")
    return "pronouncing dictionary and hyphenation"


def _schemas() -> str:
    from jsonschema import Draft202012Validator

    found = sorted(_folder("schemas").glob("*.json"))
    for path in found:
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
    if not found:
        raise RuntimeError("no schemas")
    return f"{len(found)} schemas"


def _council_areas() -> str:
    from iro_desktop.caseload.council_areas import english_councils

    names = english_councils()
    if len(names) < 100:
        raise RuntimeError(f"only {len(names)} councils")
    return f"{len(names)} councils"


def _bank_holidays() -> str:
    from iro_desktop.workdays import england

    cal = england()
    if cal.is_working_day(date(2026, 12, 25)) or not cal.is_working_day(date(2026, 12, 1)):
        raise RuntimeError("bank holidays are wrong")
    return "England and Wales"


def _sqlcipher() -> str:
    from iro_desktop.vault.connection import connect

    with tempfile.TemporaryDirectory(prefix="iro-check-") as tmp:
        path = Path(tmp) / "check.db"
        conn = connect(path, bytes(range(32)))
        try:
            version = conn.execute("PRAGMA cipher_version").fetchone()[0]
            conn.execute("CREATE TABLE t (x)")
            conn.execute("INSERT INTO t VALUES (1)")
            conn.commit()
        finally:
            conn.close()
        if path.read_bytes()[:16] == b"SQLite format 3\x00":
            raise RuntimeError("the database file is not encrypted")
        try:  # and plain SQLite cannot read it
            sqlite3.connect(path).execute("SELECT * FROM t").fetchall()
        except sqlite3.DatabaseError:
            return f"SQLCipher {version}"
    raise RuntimeError("plain SQLite read the encrypted file")


def _passphrase_strength() -> str:
    from zxcvbn import zxcvbn

    if zxcvbn("password")["score"] > 1:
        raise RuntimeError("the strength check gives wrong answers")
    return "zxcvbn"


def _charts() -> str:
    from matplotlib.figure import Figure

    from iro_desktop.reports import charts

    figure = Figure(figsize=(2, 1))
    figure.add_subplot().bar(["a", "b"], [1, 2])
    if charts.png(figure, dpi=50)[:8] != b"\x89PNG\r\n\x1a\n":
        raise RuntimeError("no PNG was drawn")
    return "matplotlib"


def _qr_code() -> str:
    import segno

    segno.make("https://example.org/feedback", error="m").png_data_uri(scale=2)
    return "segno"


def _keychain() -> str:
    import keyring

    # Which keychain is a fact for IT, not a failure: the council's policy decides whether the
    # app may run without one.
    return type(keyring.get_keyring()).__module__


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("resources", _resources), ("fonts", _fonts), ("icons", _icons), ("spelling", _spelling),
    ("reading age", _reading_age), ("schemas", _schemas), ("council areas", _council_areas),
    ("bank holidays", _bank_holidays), ("encryption", _sqlcipher), ("passphrase strength", _passphrase_strength),
    ("charts", _charts), ("QR codes", _qr_code), ("keychain", _keychain),
)


def run_checks() -> list[Result]:
    results = []
    for name, check in CHECKS:
        try:
            results.append(Result(name, True, check()))
        except Exception as exc:  # each failure is reported by name; none stops the others
            results.append(Result(name, False, f"{type(exc).__name__}: {exc}"))
    return results


def add_parsers(sub) -> None:
    p = sub.add_parser("check-install", help="check this installation has every font, dictionary and library")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_check_install)


def cmd_check_install(args: argparse.Namespace) -> int:
    results = run_checks()
    if args.json:
        print(json.dumps({"ok": all(r.ok for r in results),
                          "checks": [{"name": r.name, "ok": r.ok, "detail": r.detail} for r in results]}, indent=2))
    else:
        for r in results:
            print(f"{'ok' if r.ok else 'FAILED':<7} {r.name}: {r.detail}")
    return 0 if all(r.ok for r in results) else 1
