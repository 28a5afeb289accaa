"""The professional record and the leaflet as PDFs: contents, marking, page numbers, fonts,
metadata, outline; and both still render for a child with no picture, no photo, no contact
details and (for the leaflet) no review yet."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from iro_desktop import printing, reviews
from iro_desktop.caseload import repository
from iro_desktop.reviews import codes
from tests.support.caseload_helpers import make_child
from tests.support.render_helpers import (PROFESSIONAL_MARKERS, TODAY, chars, crafted_review, flat, fonts,
                                          page_sizes, pngs, text)
from tests.support.review_helpers import CHILD, IRO, setup

SECTIONS = ["Child", "Review", "Attendance", "Participation",
            "Regulation 36: the child seen in private before the review", "Consultation forms returned",
            "Earlier decisions", "Decisions of this review", "Quality assurance", "The letter to the child",
            "Versions and finalisation"]


@pytest.fixture
def professional(vault):
    record_id = crafted_review(vault)
    return vault, record_id, printing.render_document(vault, CHILD, "professional", today=TODAY)


def test_the_record_holds_everything_the_council_needs(professional):
    vault, record_id, pdf = professional
    words = flat(text(pdf))
    full = reviews.get_review(vault, record_id)
    for expected in ("Lumen Puddlewick (known as Lu)", "C900001", "2 April 2013 (aged 12 at the review)",
                     "C2 – Full care order", "6 January 2026", codes.participation_label("PN1"),
                     "Seen alone by the Independent Reviewing Officer No: " + PROFESSIONAL_MARKERS["not_alone"],
                     "Book swimming lessons", "Pat and Lee (Foster carer)", "1 March 2026",
                     "Amber: some concerns", "Green: good", "Yes: " + PROFESSIONAL_MARKERS["good_practice"],
                     f"Finalised version 1: finalised by {IRO} on 10 January 2026",
                     full.version.content_sha256, "Dear Lu,", "Designated teacher (Zephyrine role detail)"):
        assert flat(expected) in words, expected
    for marker in PROFESSIONAL_MARKERS.values():
        assert marker in words


def test_every_page_is_marked_numbered_and_names_the_child(professional):
    _vault, _record_id, pdf = professional
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 2
    for n, page in enumerate(reader.pages, start=1):
        words = page.extract_text()
        assert words.count("OFFICIAL-SENSITIVE") == 2  # top and bottom
        assert f"Page {n} of {total}" in words
        assert "Child id C900001" in words


def test_sections_in_order_and_in_the_outline(professional):
    _vault, _record_id, pdf = professional
    reader = PdfReader(io.BytesIO(pdf))
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert [t for t in titles if t in SECTIONS] == SECTIONS
    # Text extraction meets the sections in the same order (each found after the one before).
    words, at = flat(text(pdf)), 0
    for section in SECTIONS:
        at = words.index(f" {section} ", at) + len(section)


def test_fonts_a4_metadata_language(professional):
    _vault, _record_id, pdf = professional
    used = fonts(pdf)
    assert used and all(used.values()) and all("DejaVuSans" in f for f in used)
    assert all(abs(w - 595.28) < 0.5 and abs(h - 841.89) < 0.5 for w, h in page_sizes(pdf))
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "C900001" in reader.metadata.title and reader.metadata.author == IRO
    assert "OFFICIAL-SENSITIVE" in reader.metadata.subject
    # Dense but readable: body text 9pt or more.
    assert min(c["size"] for _p, c in chars(pdf) if c["text"].strip()) >= 8.5


def test_every_page_renders(professional, tmp_path):
    _vault, _record_id, pdf = professional
    assert len(pngs(pdf, tmp_path)) == len(PdfReader(io.BytesIO(pdf)).pages)


def test_a_draft_record_says_so_on_every_page(vault):
    crafted_review(vault, finalise=False)
    pdf = printing.render_document(vault, CHILD, "professional")
    reader = PdfReader(io.BytesIO(pdf))
    assert "DRAFT version 1: not finalised" in flat(text(pdf))
    assert all("version 1 (DRAFT)" in p.extract_text() for p in reader.pages)


def test_an_amended_record_lists_every_version_with_its_hash(vault):
    record_id = crafted_review(vault)
    first = reviews.get_review(vault, record_id).version.content_sha256
    amended = reviews.amend_review(vault, record_id, "The date of family time was wrong.")
    reviews.finalise_review(vault, record_id, finalised_by=IRO, content=amended.content, today=TODAY)
    second = reviews.get_review(vault, record_id).version.content_sha256
    words = flat(text(printing.render_document(vault, CHILD, "professional")))
    assert "Finalised version 2" in words and "The date of family time was wrong." in words
    hashes = re.findall(r"[0-9a-f]{20,}", words.replace(" ", ""))
    assert any(first in h for h in hashes) and any(second in h for h in hashes)


# ---- with nothing optional set ---------------------------------------------------------------

def test_leaflet_and_record_for_a_child_with_no_picture_no_photo_and_no_contacts(vault, tmp_path):
    record_id = crafted_review(vault)
    for variant in ("leaflet", "professional", "child"):
        pdf = printing.render_document(vault, CHILD, variant, record_id=None if variant == "leaflet" else record_id)
        assert all(fonts(pdf).values())
        assert pngs(pdf, tmp_path / variant)
    leaflet = flat(text(printing.render_leaflet(vault, CHILD)))
    assert "Ask your carer or your social worker to get in touch with me." in leaflet


def test_the_leaflet_for_a_child_with_no_review_yet(vault, tmp_path):
    repository.add_child(vault, make_child("C900777", preferred_name="Bo", reviews=[], seed_reviews_held=None,
                                           seed_last_review_date=None), today=TODAY)
    pdf = printing.render_document(vault, "C900777", "leaflet", today=TODAY)
    words = flat(text(pdf))
    for expected in ("Your Independent Reviewing Officer", "A leaflet for Bo", "Hello Bo!", "What is a review meeting?",
                     "Someone on your side", "advocate", "If you are not happy", "complaint",
                     "Childline: call 0800 1111", "How to reach me", "My next review meeting"):
        assert expected in words, expected
    # No name in the print settings: the leaflet still reads as a sentence.
    assert "I am your Independent Reviewing Officer." in words and "My name is" not in words
    assert all(fonts(pdf).values())
    assert len(pngs(pdf, tmp_path)) == len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    with pytest.raises(printing.NoReviewYet):
        printing.render_document(vault, "C900777", "child")
    with pytest.raises(printing.NoReviewYet):
        printing.render_document(vault, "C900777", "professional")


def test_the_leaflet_prints_the_councils_contacts_and_the_iros_details(vault):
    from iro_desktop.printing import profile

    setup(vault)
    profile.save_iro_profile(vault, name="Sam Ravensmoss", phone="01632 960 001", text="07700 900 002",
                             email="sam@northshire.example")
    profile.set_service_contacts(vault, advocacy="Northshire Advocacy, call 0800 000 1234",
                                 complaints="Northshire Complaints Team, call 0800 000 5678")
    words = flat(text(printing.render_leaflet(vault, CHILD, today=TODAY)))
    for expected in ("My name is Sam Ravensmoss", "Call me: 01632 960 001", "Text me: 07700 900 002",
                     "Email me: sam@northshire.example", "Northshire Advocacy, call 0800 000 1234",
                     "Northshire Complaints Team, call 0800 000 5678"):
        assert expected in words, expected


def test_unknown_child_unknown_variant_and_anothers_record_are_refused(vault):
    from iro_desktop.caseload.repository import UnknownChild

    record_id = crafted_review(vault)
    repository.add_child(vault, make_child("C900778", reviews=[]), today=TODAY)
    with pytest.raises(UnknownChild):
        printing.render_document(vault, "C000000", "child")
    with pytest.raises(printing.UnknownVariant):
        printing.render_document(vault, CHILD, "comic-sans")
    with pytest.raises(printing.NotThisChild):
        printing.render_document(vault, "C900778", "child", record_id=record_id)


def _zero_has_ink_inside(font: str, tmp_path) -> bool:
    """Whether a large "0" in ``font`` has ink in the middle of its counter (a slash or a dot)."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    from iro_desktop.printing.pdf import fonts as bundled

    bundled.register()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(200, 200))
    c.setFont(font, 160)
    c.drawCentredString(100, 44, "0")
    c.save()
    [png] = pngs(out.getvalue(), tmp_path / font, dpi=72)
    with Image.open(png) as img:
        grey = img.convert("L")
        box = grey.crop((90, 80, 110, 120))  # the middle of the counter: empty in a plain zero
        return box.getextrema()[0] < 128


def test_the_professional_record_has_a_plain_zero(tmp_path):
    from iro_desktop.printing.pdf import fonts as bundled
    from iro_desktop.printing.pdf.professional import BOLD, FONT

    assert not _zero_has_ink_inside(FONT, tmp_path) and not _zero_has_ink_inside(BOLD, tmp_path)
    # The test sees a slashed zero for what it is: Atkinson Hyperlegible's (used before).
    assert _zero_has_ink_inside(bundled.ATKINSON, tmp_path)


def test_the_professional_record_gives_the_venue_entered_for_professionals(vault):
    """The review has one venue field, "Where", filled in for professionals: the record prints
    the way of meeting and that place, never the letter's words for it ("at your sister's")."""
    record_id = crafted_review(vault, finalise=False)
    content = reviews.get_review(vault, record_id).content
    content.details.venue = "Older sister's home (Kerry Bramblewick)"
    content.letter.set_body("how_you_are", "It was lovely to see you at your sister's on Tuesday.")
    reviews.save_review(vault, record_id, content, today=TODAY)
    words = flat(text(printing.render_document(vault, CHILD, "professional", record_id=record_id, today=TODAY)))
    venue = words[words.index(" Venue ") + 7:][:60]
    assert venue.startswith("In person: Older sister's home (Kerry Bramblewick)"), venue
    assert "your sister's" not in venue
