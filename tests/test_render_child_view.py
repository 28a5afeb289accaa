"""Nothing from the professional record reaches a child's document: the child renderers take
only the child's view, the view holds nothing professional, and the PDFs show none of it."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from iro_desktop import printing, reviews
from iro_desktop.printing import views
from iro_desktop.printing.pdf.child_letter import render_child_letter
from iro_desktop.printing.pdf.leaflet import render_leaflet
from iro_desktop.printing.render import leaflet_view, review_letter_view
from tests.support.render_helpers import PROFESSIONAL_MARKERS, crafted_review, flat, text
from tests.support.review_helpers import CHILD

CHILD_DOCUMENTS = ("child", "large-print", "dyslexia", "easy-read", "leaflet")
# What the professional record shows and a child's document never may.
PROFESSIONAL_WORDS = ("OFFICIAL", "SENSITIVE", "PN1", "PN0", "Regulation 36", "Green: good", "Amber", "RAG",
                      "SHA-256", "Consultation", "Child or young person", "Designated teacher", "Apologies",
                      "Puddlewick", "C900001", "2 April 2013", "Quality assurance", "Participation")


@pytest.fixture
def record(vault):
    return vault, crafted_review(vault)


def test_the_child_view_holds_only_child_facing_fields():
    fields = {f.name for f in dataclasses.fields(views.ChildLetterView)}
    assert fields == {"kind", "child_name", "title", "subtitle", "greeting", "opening", "sections", "sign_off",
                      "next_review", "contact", "theme", "picture", "feedback_address", "draft"}
    # No field can hold a record, its details, decisions or quality ratings.
    from iro_desktop.reviews import model

    professional = (model.ReviewContent, model.ReviewDetails, model.QualityAssurance, model.Recommendation,
                    model.Attendee, model.MidwayContent)
    for cls in (views.ChildLetterView, views.ChildSection, views.ContactCard, views.LeafletView):
        hints = typing.get_type_hints(cls)
        for name, hint in hints.items():
            shown = repr(hint)
            assert not any(p.__name__ in shown for p in professional), (cls.__name__, name, shown)


def test_the_child_view_of_a_record_carries_no_professional_detail(record):
    vault, record_id = record
    full = reviews.get_review(vault, record_id)
    assert PROFESSIONAL_MARKERS["qa_note"] in repr(full.content)  # the markers are really in the record
    shown = repr(review_letter_view(vault, record_id)) + repr(leaflet_view(vault, CHILD))
    leaked = [m for m in PROFESSIONAL_MARKERS.values() if m in shown]
    assert leaked == []
    assert full.version.content_sha256 not in shown


def test_child_renderers_refuse_anything_but_the_childs_view(record):
    vault, record_id = record
    full = reviews.get_review(vault, record_id)
    for thing in (full, full.content, full.content.letter):
        with pytest.raises(TypeError):
            render_child_letter(thing)
        with pytest.raises(TypeError):
            render_leaflet(thing)


@pytest.mark.parametrize("variant", CHILD_DOCUMENTS)
def test_no_professional_field_appears_in_a_childs_document(record, variant):
    vault, _record_id = record
    full = reviews.get_review(vault, _record_id)
    words = flat(text(printing.render_document(vault, CHILD, variant)))
    leaked = [m for m in PROFESSIONAL_MARKERS.values() if m in words]
    leaked += [w for w in PROFESSIONAL_WORDS if w in words]
    assert full.version.content_sha256 not in words
    assert leaked == []
    # …and the professional record does show them, so the check above can fail.
    pro = flat(text(printing.render_document(vault, CHILD, "professional")))
    assert all(m in pro for m in PROFESSIONAL_MARKERS.values())
    assert all(w in pro for w in ("OFFICIAL-SENSITIVE", "PN1", "Amber", "Green: good", "C900001"))
