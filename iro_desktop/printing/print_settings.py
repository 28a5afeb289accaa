"""The IRO's details for children (once "print settings") and a child's letter style as their
dialogs read and save them.

* The IRO's details for children: their profile (name, phone, number for texts, email, photo), the
  council's feedback form address, its online consultation form's address and the children's services contacts (``profile``).
* A child's letter style: their colour theme (``themes``) and their own picture (``profile``).

A save writes only the parts that changed from what was read (so only they are audited), checks
every part and reports every problem at once (``ValidationError``), saving the parts that are
fine. A picture is given as the file the IRO chose, read here (off the GUI thread), as None to
remove it, or as ``KEEP`` to leave it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Final

from iro_desktop.errors import ValidationError
from iro_desktop.printing import profile, themes


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()  # a picture left as it was

PictureChange = Path | bytes | None | _Keep


@dataclass(frozen=True)
class PrintSettings:
    profile: profile.IroProfile
    feedback: str
    services: profile.ServiceContacts
    consultation: str = ""  # the online consultation form's address


@dataclass(frozen=True)
class ChildStyle:
    theme: str
    picture: bytes | None


def read_picture(change: PictureChange) -> bytes | None | _Keep:
    """The chosen file's bytes, or the change as it was (None, bytes or ``KEEP``)."""
    if isinstance(change, Path):
        try:
            return change.read_bytes()
        except OSError as exc:
            raise ValidationError([("picture", f"The file could not be read: {exc.strerror or exc}.")]) from exc
    return change


def read_print_settings(vault) -> PrintSettings:
    return PrintSettings(profile.iro_profile(vault), profile.feedback_address(vault) or "",
                         profile.service_contacts(vault), profile.consultation_address(vault) or "")


def save_print_settings(vault, before: PrintSettings, *, name: str, phone: str, text: str, email: str,
                        feedback: str, advocacy: str, complaints: str, photo: PictureChange = KEEP,
                        consultation: str | None = None) -> None:
    """Save what changed from ``before``. Each part is checked by its own call; every problem is
    collected and raised together, after the parts that are fine have been saved."""
    problems: list[tuple[str, str]] = []

    def attempt(fn: Callable[[], None]) -> None:
        try:
            fn()
        except ValidationError as exc:
            problems.extend(exc.problems)

    p = before.profile
    if (name, phone, text, email) != (p.name, p.phone, p.text, p.email):
        attempt(lambda: profile.save_iro_profile(vault, name=name, phone=phone, text=text, email=email))
    if feedback.strip() != before.feedback:
        attempt(lambda: profile.set_feedback_address(vault, feedback))
    if consultation is not None and consultation.strip() != before.consultation:  # None: not on this dialog
        attempt(lambda: profile.set_consultation_address(vault, consultation))
    if (advocacy, complaints) != (before.services.advocacy, before.services.complaints):
        attempt(lambda: profile.set_service_contacts(vault, advocacy=advocacy, complaints=complaints))
    if photo is not KEEP:
        attempt(lambda: profile.set_iro_photo(vault, read_picture(photo)))  # type: ignore[arg-type]
    if problems:
        raise ValidationError(problems)


def read_child_style(vault, child_id: str) -> ChildStyle:
    return ChildStyle(themes.child_theme(vault, child_id).key, profile.child_picture(vault, child_id))


def save_child_style(vault, child_id: str, before: ChildStyle, *, theme: str | None,
                     picture: PictureChange = KEEP) -> None:
    """Save the theme if one is chosen and it changed, and the picture unless it is ``KEEP``."""
    if theme is not None and theme != before.theme:
        themes.set_child_theme(vault, child_id, theme)
    if picture is not KEEP:
        profile.set_child_picture(vault, child_id, read_picture(picture))  # type: ignore[arg-type]
