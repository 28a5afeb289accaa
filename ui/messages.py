"""Turning failures into words for the IRO.

Every IroError from the core is already a complete sentence meant for the IRO, so it is shown
as it is. Anything else is a bug: the IRO gets a plain sentence and the log gets the error's
type and code location, never its message (which could quote a child's details).
"""

from __future__ import annotations

from iro_desktop.errors import IroError

from ui.workers import log_unexpected


def error_text(exc: BaseException) -> str:
    if isinstance(exc, IroError):
        return str(exc)
    log_unexpected(exc)
    return (f"Something unexpected went wrong ({type(exc).__name__}). Try again; if it keeps "
            "happening, contact your council IT team.")
