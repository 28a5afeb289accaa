"""What printed letters say about the IRO and the council, and the child's own picture.

* The IRO's profile: name (the same setting the review records sign with), phone, a number for
  text messages, email, and a photo (``stored_image``), so a child can put a face to the name.
* Council settings for children's documents: the address of the feedback form and of the online
  consultation form (each printed as a QR code) and how to reach the advocacy service and make a complaint (the leaflet).
* The picture a child chose for their letters (``child_print_style``).

Every change is one transaction with its audit row; settings audit their key, pictures the
child's id. Nothing here is ever logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iro_desktop.caseload import repository
from iro_desktop.errors import ValidationError
from iro_desktop.printing.images import normalise_picture
from iro_desktop.printing.themes import now_utc, require_child_tx
from iro_desktop.reviews.records import IRO_NAME_SETTING

PHONE = "iro.phone"
TEXT = "iro.text"
EMAIL = "iro.email"
PHOTO = "iro.photo"  # stored_image name
FEEDBACK = "printing.feedback_address"
CONSULTATION = "printing.consultation_address"  # the council's online consultation form (a URL)
ADVOCACY = "printing.advocacy"
COMPLAINTS = "printing.complaints"
COUNCIL_AREA = "council_area"

MAX_TEXT = 300
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class IroProfile:
    name: str
    phone: str = ""
    text: str = ""  # a mobile number for text messages
    email: str = ""
    photo: bytes | None = None  # JPEG or PNG


@dataclass(frozen=True)
class ServiceContacts:
    """How a child reaches help beyond their IRO; "" where the council has set nothing."""

    council: str = ""
    advocacy: str = ""
    complaints: str = ""


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _settings(vault, keys: tuple[str, ...]) -> dict[str, str]:
    with vault.read() as db:
        rows = db.conn.execute(f"SELECT key, value FROM settings WHERE key IN ({','.join('?' * len(keys))})",
                               keys).fetchall()
    return dict(rows)


def _image(vault, name: str) -> bytes | None:
    with vault.read() as db:
        row = db.conn.execute("SELECT data FROM stored_image WHERE name = ?", (name,)).fetchone()
    return bytes(row[0]) if row else None


# ---- the IRO -------------------------------------------------------------------------------

def iro_profile(vault) -> IroProfile:
    s = _settings(vault, (IRO_NAME_SETTING, PHONE, TEXT, EMAIL))
    return IroProfile(name=s.get(IRO_NAME_SETTING, ""), phone=s.get(PHONE, ""), text=s.get(TEXT, ""),
                      email=s.get(EMAIL, ""), photo=_image(vault, PHOTO))


def _check_phone(field: str, value: str, problems: list) -> None:
    if value and (not _PHONE_CHARS.match(value) or not 7 <= sum(c.isdigit() for c in value) <= 15):
        problems.append((field, f"'{value}' does not look like a phone number."))


def save_iro_profile(vault, *, name: str, phone: str = "", text: str = "", email: str = "") -> None:
    """Save how the IRO's name and contact details appear on children's letters and leaflets.
    Empty values are left off the page."""
    name, phone, text, email = (_clean(v) for v in (name, phone, text, email))
    problems: list[tuple[str, str]] = []
    if not name:
        problems.append(("name", "Give your name as it should appear on letters."))
    _check_phone("phone", phone, problems)
    _check_phone("text", text, problems)
    if email and not _EMAIL.match(email):
        problems.append(("email", f"'{email}' does not look like an email address."))
    for field, value in (("name", name), ("email", email)):
        if len(value) > MAX_TEXT:
            problems.append((field, "This is too long."))
    if problems:
        raise ValidationError(problems)
    current = iro_profile(vault)
    with vault.transaction() as tx:
        for key, old, new in ((IRO_NAME_SETTING, current.name, name), (PHONE, current.phone, phone),
                              (TEXT, current.text, text), (EMAIL, current.email, email)):
            if old != new:
                tx.set_setting(key, new)


def save_setup_details(vault, *, name: str, council_area: str) -> None:
    """Keep what set-up asked: the IRO's name as children see it (also the name a finalised
    record is signed with) and the council's area (what "out of area" is measured from). One
    transaction, the new vault's first change; a value left empty is not stored, so the app asks
    for it where it is needed."""
    name, council_area = _clean(name), _clean(council_area)
    problems = [(field, "This is too long.") for field, value in (("name", name), ("council_area", council_area))
                if len(value) > MAX_TEXT]
    if problems:
        raise ValidationError(problems)
    if not name and not council_area:
        return
    with vault.transaction() as tx:
        if name:
            tx.set_setting(IRO_NAME_SETTING, name)
        if council_area:
            repository.set_council_area_tx(tx, council_area)


def _set_image_tx(tx, name: str, data: bytes | None, field: str) -> None:
    conn = tx.db.conn
    if data is None:
        conn.execute("DELETE FROM stored_image WHERE name = ?", (name,))
        tx.audit("image.remove", "stored_image", name)
        return
    clean, media_type = normalise_picture(data, field)
    conn.execute("INSERT INTO stored_image (name, media_type, data, updated_at) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT(name) DO UPDATE SET media_type = excluded.media_type, data = excluded.data, "
                 "updated_at = excluded.updated_at", (name, media_type, clean, now_utc()))
    tx.audit("image.set", "stored_image", name)


def set_iro_photo(vault, data: bytes | None) -> None:
    """Keep the IRO's photo (any common picture format; re-encoded without its metadata), or
    remove it with None."""
    with vault.transaction() as tx:
        _set_image_tx(tx, PHOTO, data, "photo")


# ---- the council's contacts for children ------------------------------------------------------

def feedback_address(vault) -> str | None:
    """The address of the council's feedback form, printed as a QR code; None if not set."""
    return vault.setting(FEEDBACK) or None


def set_feedback_address(vault, address: str | None) -> None:
    """Set (or clear, with "" or None) the feedback form's web address."""
    address = (address or "").strip()
    if address and (not _URL.match(address) or len(address) > 500):
        raise ValidationError([("feedback_address", "Give the full web address of the feedback form, "
                                "starting with https://")])
    with vault.transaction() as tx:
        tx.set_setting(FEEDBACK, address)


def consultation_address(vault) -> str | None:
    """The address of the council's online consultation form, printed as a QR code on the
    consultation forms; None if not set."""
    return vault.setting(CONSULTATION) or None


def set_consultation_address(vault, address: str | None) -> None:
    """Set (or clear, with "" or None) the online consultation form's web address."""
    address = (address or "").strip()
    if address and (not _URL.match(address) or len(address) > 500):
        raise ValidationError([("consultation_address", "Give the full web address of the online consultation "
                                "form, starting with https://")])
    with vault.transaction() as tx:
        tx.set_setting(CONSULTATION, address)


def service_contacts(vault) -> ServiceContacts:
    s = _settings(vault, (COUNCIL_AREA, ADVOCACY, COMPLAINTS))
    return ServiceContacts(council=s.get(COUNCIL_AREA, ""), advocacy=s.get(ADVOCACY, ""),
                           complaints=s.get(COMPLAINTS, ""))


def set_service_contacts(vault, *, advocacy: str = "", complaints: str = "") -> None:
    """How children reach the advocacy service and make a complaint, as the leaflet prints it
    (for example "Northshire Advocacy: call 0800 000 0000 or text 07700 900000")."""
    advocacy, complaints = _clean(advocacy), _clean(complaints)
    problems = [(f, "This is too long; keep it to a line or two.")
                for f, v in (("advocacy", advocacy), ("complaints", complaints)) if len(v) > MAX_TEXT]
    if problems:
        raise ValidationError(problems)
    with vault.transaction() as tx:
        tx.set_setting(ADVOCACY, advocacy)
        tx.set_setting(COMPLAINTS, complaints)


# ---- the child's picture -------------------------------------------------------------------------

def child_picture(vault, child_id: str) -> bytes | None:
    with vault.read() as db:
        row = db.conn.execute("SELECT picture FROM child_print_style WHERE child_id = ?", (child_id,)).fetchone()
    return bytes(row[0]) if row and row[0] is not None else None


def set_child_picture(vault, child_id: str, data: bytes | None) -> None:
    """Keep the picture the child chose for their letters (re-encoded without metadata), or
    remove it with None."""
    clean, media_type = normalise_picture(data, "picture") if data is not None else (None, None)
    with vault.transaction() as tx:
        require_child_tx(tx, child_id)
        tx.db.conn.execute(
            "INSERT INTO child_print_style (child_id, picture, picture_type, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(child_id) DO UPDATE SET picture = excluded.picture, "
            "picture_type = excluded.picture_type, updated_at = excluded.updated_at",
            (child_id, clean, media_type, now_utc()))
        tx.audit("print_style.picture" if data is not None else "print_style.picture_removed", "child", child_id)
