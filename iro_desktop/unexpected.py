"""What an unexpected error may say: its type and where it happened, never what it was about.

An exception's message can quote what was being processed (a name, a date of birth, a cell of
a spreadsheet), so every report of an unexpected error — the app's crash report, the app's log,
the command line's last line — keeps only the exception's type and the file, line and function
of its frames. File names keep their last two parts (``caseload/due.py``): enough to find the
code, never the folder it was installed in (which can hold a user's name).
"""

from __future__ import annotations

import re
import traceback
from types import TracebackType

_SEPARATORS = re.compile(r"[\\/]+")


def _short_file(filename: str | None) -> str:
    if not filename:
        return "?"
    parts = [p for p in _SEPARATORS.split(filename) if p]
    return "/".join(parts[-2:]) if parts else "?"


def frames(tb: TracebackType | None) -> list[str]:
    """Each frame of ``tb``, outermost first, as ``folder/file.py:LINE in FUNCTION``."""
    return [f"{_short_file(f.filename)}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]


def report(exc_type: type[BaseException], tb: TracebackType | None, app: str = "IRO Desktop") -> str:
    """The crash report: a heading line, then one line per frame."""
    lines = [f"  {line}" for line in frames(tb)]
    return (f"{app} hit an unexpected {exc_type.__name__} (details withheld: they may name a child)\n"
            + "\n".join(lines)).rstrip()


def where(exc: BaseException, last: int = 5) -> str:
    """The innermost ``last`` frames on one line, for a log."""
    return "; ".join(frames(exc.__traceback__)[-last:])


def place(exc: BaseException) -> str:
    """Where ``exc`` was raised and, if that was inside a library, the last place in IRO
    Desktop's own code it passed through: ``workdays.py:40 in f, from cli.py:150 in cmd_due``."""
    extracted = traceback.extract_tb(exc.__traceback__)
    if not extracted:
        return "an unknown place"
    inner = extracted[-1]
    text = f"{_short_file(inner.filename)}:{inner.lineno} in {inner.name}"
    own = [f for f in extracted if _is_own(f.filename)]
    if own and own[-1] is not inner:
        f = own[-1]
        text += f", reached from {_short_file(f.filename)}:{f.lineno} in {f.name}"
    return text


def _is_own(filename: str | None) -> bool:
    parts = _SEPARATORS.split(filename or "")
    return "iro_desktop" in parts or "ui" in parts


def one_line(exc: BaseException) -> str:
    """The command line's last word on an unexpected error: one sentence, no values."""
    return (f"An unexpected {type(exc).__name__} stopped the command (at {place(exc)}); the details are "
            "withheld because they may name a child. Changes to the vault are all or nothing, so nothing "
            "half-done was saved. If it happens again, tell your council IT team the command you ran and "
            "this message.")
