"""No child's name in any PDF's metadata: desktop search indexes read /Title, /Subject,
/Keywords and XMP. Every variant of the child's letter, the midway note, the leaflet and the
professional record is made for a child whose names are marker strings, and every metadata
field is read back; the child's name is really in each child's document (the letter greets
them), so the check is not passing for want of a name to leak."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from iro_desktop import printing
from iro_desktop.reviews import midway
from tests.conftest import MARKERS
from tests.support.render_helpers import HELD, TODAY, crafted_review, text

FIRST, PREFERRED, LAST = "Zebediahine", MARKERS[0], MARKERS[1]
CHILD_VARIANTS = ("child", "large-print", "dyslexia", "easy-read")
# The author may stay the IRO's name; every other field must be free of the child's.
FIELDS = ("/Title", "/Subject", "/Keywords", "/Creator", "/Producer")


@pytest.fixture
def documents(vault):
    from iro_desktop.caseload import repository

    record_id = crafted_review(vault, preferred=PREFERRED)
    child = repository.get_child(vault, "C900001")
    child.first_name, child.last_name = FIRST, LAST
    repository.update_child(vault, child, today=TODAY)
    note = midway.start_midway(vault, "C900001", HELD, today=TODAY)
    note.content.child_note = f"Dear {PREFERRED}, it was good to see you at school. Keep going with the swimming."
    midway.save_midway(vault, note.id, note.content, today=TODAY)
    made = {}
    for variant in CHILD_VARIANTS:
        made[f"letter {variant}"] = printing.render_document(vault, "C900001", variant, record_id=record_id)
        made[f"midway {variant}"] = printing.render_document(vault, "C900001", variant, record_id=note.id)
    made["professional"] = printing.render_document(vault, "C900001", "professional", record_id=record_id)
    made["leaflet"] = printing.render_document(vault, "C900001", "leaflet", today=TODAY)
    return made


def _names():
    return [n.casefold() for n in (FIRST, PREFERRED, LAST)]


def _xmp_and_info_text(pdf: bytes) -> tuple[dict[str, str], str]:
    reader = PdfReader(io.BytesIO(pdf))
    info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    xmp = ""
    root = reader.trailer["/Root"]
    if "/Metadata" in root:
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    # Any XMP packet anywhere in the file (compressed streams are read through pypdf above).
    found = re.findall(rb"<x:xmpmeta.*?</x:xmpmeta>", pdf, re.S)
    xmp += " ".join(f.decode("utf-8", "replace") for f in found)
    return info, xmp


def test_no_childs_name_in_any_metadata_of_any_variant(documents):
    assert len(documents) == 10
    for name, pdf in documents.items():
        info, xmp = _xmp_and_info_text(pdf)
        said = " ".join(info.get(k, "") for k in FIELDS).casefold() + " " + xmp.casefold()
        leaked = [n for n in _names() if n in said]
        assert not leaked, (name, info)
        assert info.get("/Title"), name
    # The attack is real: the child's documents do name the child on the page.
    for name, pdf in documents.items():
        if name != "professional":
            assert PREFERRED in text(pdf), name


def test_titles_name_the_document_and_its_date(documents):
    def title(key):
        return PdfReader(io.BytesIO(documents[key])).metadata.title

    assert title("letter child") == "My review meeting, 6 January 2026"
    assert title("letter easy-read") == "My review meeting, 6 January 2026 (easy read)"
    assert title("leaflet") == "Your Independent Reviewing Officer"
    assert title("midway child").endswith(", 6 January 2026")
    assert title("professional").startswith("Review record: child C900001")
    # The author may be the IRO.
    assert PdfReader(io.BytesIO(documents["letter child"])).metadata.author == "Sam Ravensmoss"
