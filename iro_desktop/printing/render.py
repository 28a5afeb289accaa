"""Printed documents from the vault: the child's letter in each variant, the midway note, the
professional record and the leaflet, as PDF bytes made in memory.

This is the module the app and the command line call. It reads what a document needs in a few
reads, builds the child-facing view (``views``) or the professional data, and hands it to the
renderer. Nothing is written anywhere: saving and printing go through ``outputs``, which
audits them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Iterator, Sequence

from iro_desktop.caseload import repository
from iro_desktop.caseload import due
from iro_desktop.errors import IroError
from iro_desktop.preparation.forms import FORM_LABELS, FORM_VARIANTS
from iro_desktop.printing import profile, themes
from iro_desktop.printing.pdf.looks import CHILD_VARIANTS
from iro_desktop.printing.views import (ChildLetterView, ContactCard, LeafletView, leaflet_audience, letter_view,
                                        midway_note_view)
from iro_desktop.reviews import lifecycle, midway, records
from iro_desktop.timescales import age_on

PROFESSIONAL = "professional"
LEAFLET = "leaflet"
VARIANTS: tuple[str, ...] = CHILD_VARIANTS + (PROFESSIONAL, LEAFLET)
VARIANT_LABELS = {
    "child": "Child's letter",
    "large-print": "Large print",
    "dyslexia": "Dyslexia-friendly",
    "easy-read": "Easy read",
    PROFESSIONAL: "Professional record",
    LEAFLET: "Leaflet: your Independent Reviewing Officer",
}
# The forms before a review meeting (``preparation.forms``): made for the child, not from a
# record, so they are not among VARIANTS (what a record's preview offers).
VARIANT_LABELS.update(FORM_LABELS)


class UnknownVariant(IroError):
    def __init__(self, variant: str) -> None:
        super().__init__(f"'{variant}' is not a document the app makes; choose one of: "
                         f"{', '.join(VARIANTS + FORM_VARIANTS)}.")


class NoReviewYet(IroError):
    def __init__(self, child_id: str) -> None:
        super().__init__(f"Child {child_id} has no review record yet, so there is no letter to print. "
                         "Record the review first (the leaflet can be printed at any time).")


class NotThisChild(IroError):
    def __init__(self, record_id: int, child_id: str) -> None:
        super().__init__(f"Record {record_id} is not one of child {child_id}'s records.")


class NoNoteForChild(IroError):
    def __init__(self) -> None:
        super().__init__("This midway review has no note for the child. Write one in the midway review first.")


def check_variant(variant: str) -> str:
    if variant not in VARIANTS and variant not in FORM_VARIANTS:
        raise UnknownVariant(variant)
    return variant


# ---- what documents share ------------------------------------------------------------------------

def contact_card(vault) -> ContactCard:
    p = profile.iro_profile(vault)
    return ContactCard(name=p.name, phone=p.phone, text=p.text, email=p.email, photo=p.photo)


def next_review_by(vault, child_id: str, on: date) -> date | None:
    """The limit of the child's next review as it stood on ``on``: the one rule My week uses."""
    with vault.read() as db:
        return due.next_review_on(db.conn, child_id, on).due


def latest_review_record(vault, child_id: str) -> int:
    """The id of the child's most recent review record; NoReviewYet if there is none."""
    repository.get_child(vault, child_id)  # UnknownChild, said plainly, before anything else
    found = records.review_records(vault, child_id)
    if not found:
        raise NoReviewYet(child_id)
    return found[-1].id


def _record_kind(vault, record_id: int) -> lifecycle.RecordInfo:
    with vault.read() as db:
        return lifecycle.record_info(db.conn, record_id)


# ---- views ------------------------------------------------------------------------------------

def _child_extras(vault, child_id: str) -> tuple[themes.Theme, bytes | None, str | None, ContactCard]:
    return (themes.child_theme(vault, child_id), profile.child_picture(vault, child_id),
            profile.feedback_address(vault), contact_card(vault))


def review_letter_view(vault, record_id: int, *, version: int | None = None) -> ChildLetterView:
    """The child's view of a review record's letter (the current version, or ``version``)."""
    rec = records.review_version(vault, record_id, version) if version else records.get_review(vault, record_id)
    child = repository.get_child(vault, rec.record.child_id)
    theme, picture, feedback, card = _child_extras(vault, child.child_id)
    held = rec.content.details.review_date
    return letter_view(rec.content.letter, meeting_date=held,
                       next_review=next_review_by(vault, child.child_id, held),
                       contact=card, theme=theme, picture=picture, feedback_address=feedback,
                       draft=not rec.version.read_only)


def midway_letter_view(vault, record_id: int, *, version: int | None = None) -> ChildLetterView:
    """The child's view of a midway review: the note the IRO wrote for them."""
    rec = midway.midway_version(vault, record_id, version) if version else midway.get_midway(vault, record_id)
    c = rec.content
    if not c.child_note.strip():
        raise NoNoteForChild()
    child = repository.get_child(vault, rec.record.child_id)
    theme, picture, feedback, card = _child_extras(vault, child.child_id)
    return midway_note_view(c.child_note, c.addressed_to or child.known_as, midway_date=c.midway_date,
                            next_review=next_review_by(vault, child.child_id, c.midway_date),
                            contact=card, theme=theme, picture=picture, feedback_address=feedback,
                            draft=not rec.version.read_only)


def leaflet_view(vault, child_id: str, today: date | None = None) -> LeafletView:
    child = repository.get_child(vault, child_id)
    theme, picture, feedback, card = _child_extras(vault, child_id)
    services = profile.service_contacts(vault)
    today = today or date.today()
    audience = leaflet_audience(age_on(child.date_of_birth, today), child.care_leaver)
    return LeafletView(child_name=child.known_as, audience=audience, contact=card, theme=theme,
                       next_review=next_review_by(vault, child_id, today),
                       picture=picture, feedback_address=feedback, council=services.council,
                       advocacy=services.advocacy, complaints=services.complaints)


# ---- rendering -------------------------------------------------------------------------------------

def render_letter(vault, record_id: int, variant: str = "child", *, version: int | None = None) -> bytes:
    """A review record's letter to the child, or a midway review's note to the child (chosen by
    the record's kind), in one of the child variants."""
    from iro_desktop.printing.pdf.child_letter import render_child_letter

    if check_variant(variant) not in CHILD_VARIANTS:
        raise UnknownVariant(variant)
    info = _record_kind(vault, record_id)
    view = (review_letter_view(vault, record_id, version=version) if info.kind == records.KIND
            else midway_letter_view(vault, record_id, version=version))
    return render_child_letter(view, variant)


def render_professional_record(vault, record_id: int, *, version: int | None = None,
                               today: date | None = None) -> bytes:
    from iro_desktop.printing.pdf.professional import professional_data, render_professional

    return render_professional(professional_data(vault, record_id, version=version, today=today))


def render_leaflet(vault, child_id: str, today: date | None = None) -> bytes:
    from iro_desktop.printing.pdf.leaflet import render_leaflet as draw

    return draw(leaflet_view(vault, child_id, today))


def render_document(vault, child_id: str, variant: str, *, record_id: int | None = None,
                    version: int | None = None, today: date | None = None) -> bytes:
    """Any document for a child: the leaflet, or (for a review record, the latest when
    ``record_id`` is None) the professional record or the letter in a child variant. A midway
    record id gives its note to the child. A form before the review (``FORM_VARIANTS``) is made
    for the child's next booked meeting, or with blanks when none is booked."""
    check_variant(variant)
    if variant in FORM_VARIANTS:
        from iro_desktop.preparation.forms.source import render_form

        return render_form(vault, child_id, variant, today=today)
    if variant == LEAFLET:
        return render_leaflet(vault, child_id, today)
    if record_id is None:
        record_id = latest_review_record(vault, child_id)
    else:
        repository.get_child(vault, child_id)
        if _record_kind(vault, record_id).child_id != child_id:
            raise NotThisChild(record_id, child_id)
    if variant == PROFESSIONAL:
        if _record_kind(vault, record_id).kind != records.KIND:
            raise IroError("The professional record is made from a review record, not a midway review.")
        return render_professional_record(vault, record_id, version=version, today=today)
    return render_letter(vault, record_id, variant, version=version)



def preview_letter(vault, child_id: str, content, variant: str = "child", *, record_id: int | None = None) -> bytes:
    """The child's letter made from content not yet saved (the editor's), marked as a draft:
    a review record's ``ReviewContent`` or a midway review's ``MidwayContent``. With the
    record's id, a review date or type changed on screen counts as it will once saved."""
    from iro_desktop.printing.pdf.child_letter import render_child_letter
    from iro_desktop.reviews.model import MidwayContent, ReviewContent

    if check_variant(variant) not in CHILD_VARIANTS:
        raise UnknownVariant(variant)
    child = repository.get_child(vault, child_id)
    theme, picture, feedback, card = _child_extras(vault, child_id)
    if isinstance(content, ReviewContent):
        held = content.details.review_date
        if record_id is None:
            nxt = next_review_by(vault, child_id, held)
        else:
            with vault.read() as db:
                nxt = records.next_review_for(db.conn, record_id, content)
        content = copy.deepcopy(content)
        records.refresh_next_review(content, nxt)  # as saving will
        view = letter_view(content.letter, meeting_date=held, next_review=nxt,
                           contact=card, theme=theme, picture=picture, feedback_address=feedback, draft=True)
    elif isinstance(content, MidwayContent):
        if not content.child_note.strip():
            raise NoNoteForChild()
        view = midway_note_view(content.child_note, content.addressed_to or child.known_as,
                                midway_date=content.midway_date,
                                next_review=next_review_by(vault, child_id, content.midway_date),
                                contact=card, theme=theme, picture=picture, feedback_address=feedback, draft=True)
    else:
        raise TypeError(f"a letter preview is made from review or midway content, not {type(content).__name__}")
    return render_child_letter(view, variant)


# ---- batches ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchItem:
    child_id: str
    record_id: int
    record_date: date
    version: int | None = None  # None: the current version


@dataclass(frozen=True)
class BatchResult:
    index: int  # 1-based: "3 of 12"
    total: int
    item: BatchItem
    pdf: bytes


def finalised_letters_between(vault, start: date, end: date) -> list[BatchItem]:
    """Every review record held from ``start`` to ``end`` (inclusive) with a finalised version,
    each at its latest finalised version (an amendment in progress is not printed), in date
    order."""
    with vault.read() as db:
        rows = db.conn.execute(
            "SELECT r.child_id, r.id, r.record_date, MAX(v.version) FROM record r "
            "JOIN record_version v ON v.record_id = r.id AND v.status = ? "
            "WHERE r.kind = ? AND r.record_date BETWEEN ? AND ? GROUP BY r.id ORDER BY r.record_date, r.id",
            (lifecycle.FINALISED, records.KIND, start.isoformat(), end.isoformat())).fetchall()
    return [BatchItem(child, rid, date.fromisoformat(held), version) for child, rid, held, version in rows]


def render_batch(vault, items: Sequence[BatchItem], variant: str = "child") -> Iterator[BatchResult]:
    """Render each item in turn, yielding after each one, so a caller can show progress, save or
    print as it goes, and stop early. Nothing is kept or written here."""
    check_variant(variant)
    total = len(items)
    for n, item in enumerate(items, start=1):
        pdf = render_document(vault, item.child_id, variant, record_id=item.record_id, version=item.version)
        yield BatchResult(n, total, item, pdf)
