"""The child's letter as a PDF, in each of its four looks: what it says, how large, which fonts,
A4, metadata, outline, the QR code, and that every page renders."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from iro_desktop import printing
from iro_desktop.errors import IroError
from iro_desktop.caseload.due import caseload_due
from iro_desktop.documents.wording import acronyms
from iro_desktop.printing import profile, themes
from iro_desktop.printing.pdf.looks import LOOKS
from iro_desktop.reviews.recommendations import long_date
from tests.support.render_helpers import (DEMO_TODAY, FEEDBACK, chars, demo_vault, flat, fonts,
                                          nicknamed_child_with_finalised_letter, page_sizes, picture, pngs,
                                          qr_codes, text)

CHILD_VARIANTS = ("child", "large-print", "dyslexia", "easy-read")
# The smallest body text each look allows (points); nothing on the page but the footer is smaller.
MINIMUM = {"child": 14, "large-print": 18, "dyslexia": 14, "easy-read": 16}
A4 = (595.28, 841.89)
FOOTER = 45  # points from the bottom of the page: the page number and the draft note


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    vault = demo_vault(tmp_path_factory.mktemp("print") / "vault")
    child, record = nicknamed_child_with_finalised_letter(vault)
    themes.set_child_theme(vault, child.child_id, "berry")
    profile.set_child_picture(vault, child.child_id, picture(colour=(230, 57, 70)))
    pdfs = {v: printing.render_document(vault, child.child_id, v) for v in CHILD_VARIANTS}
    yield vault, child, record, pdfs
    vault.close()


def _next_review(vault, child_id):
    [due] = [d for d in caseload_due(vault, DEMO_TODAY) if d.child_id == child_id]
    return due.next_review_due


@pytest.mark.parametrize("variant", CHILD_VARIANTS)
def test_the_letter_greets_the_child_by_their_name_and_has_every_heading_and_the_next_review(demo, variant):
    vault, child, record, pdfs = demo
    words = flat(text(pdfs[variant]))
    assert f"Dear {child.preferred_name}," in words
    assert f"Dear {child.first_name}," not in words
    for section in record.content.letter.visible_sections:
        if section.body.strip():
            assert flat(section.heading) in words, section.heading
    nxt = _next_review(vault, child.child_id)
    assert nxt is not None
    assert f"My next review meeting will be by {long_date(nxt)}" in words
    assert "How to reach me" in words and "Alex Penhallowby" in words and "01632 960 418" in words


@pytest.mark.parametrize("variant", CHILD_VARIANTS)
def test_every_font_is_embedded_and_every_page_is_a4(demo, variant):
    pdf = demo[3][variant]
    used = fonts(pdf)
    assert used and all(used.values()), used
    assert not any("Helvetica" in name or "Times" in name for name in used)
    assert all(abs(w - A4[0]) < 0.5 and abs(h - A4[1]) < 0.5 for w, h in page_sizes(pdf))


@pytest.mark.parametrize("variant", CHILD_VARIANTS)
def test_no_words_on_the_page_are_smaller_than_the_variant_allows(demo, variant):
    body = [c for _page, c in chars(demo[3][variant])
            if c["text"].strip() and c["page_height"] - c["bottom"] > FOOTER]
    assert len(body) > 500
    smallest = min(c["size"] for c in body)
    assert smallest >= MINIMUM[variant], (variant, smallest)
    # Most of the words are body text at the look's own size.
    commonest, _n = Counter(c["size"] for c in body).most_common(1)[0]
    assert commonest == pytest.approx(LOOKS[variant].body, abs=0.05)


def test_large_print_is_larger_than_the_standard_letter(demo):
    sizes = {v: Counter(c["size"] for _p, c in chars(demo[3][v])).most_common(1)[0][0]
             for v in ("child", "large-print")}
    assert sizes["large-print"] >= 18 > sizes["child"] >= 14


def test_dyslexia_friendly_letter_sans_serif_one_and_a_half_spacing_cream_no_italics(demo, tmp_path):
    vault, child, _record, pdfs = demo
    pdf = pdfs["dyslexia"]
    used = fonts(pdf)
    assert all("Atkinson" in name for name in used) and not any("Italic" in name for name in used)
    # Line spacing: the baselines of consecutive lines of body text are 1.5 times the size apart.
    body = [c for _p, c in chars(pdf) if c["size"] == LOOKS["dyslexia"].body]
    tops = sorted({(p, round(c["top"], 1)) for (p, c) in ((p, c) for p, c in chars(pdf)
                                                         if c["size"] == LOOKS["dyslexia"].body)})
    gaps = Counter(round(b[1] - a[1], 1) for a, b in zip(tops, tops[1:]) if a[0] == b[0])
    assert body and gaps.most_common(1)[0][0] == pytest.approx(1.5 * LOOKS["dyslexia"].body, abs=0.2)
    # The page is cream, not white.
    from PIL import Image

    [first, *_rest] = pngs(pdf, tmp_path, dpi=30, first=1, last=1)
    with Image.open(first) as img:
        r, g, b = img.convert("RGB").getpixel((img.width // 2, img.height - 4))
    assert (r, g, b) != (255, 255, 255) and r >= 245 and g >= 240 and 200 <= b < 240


def test_the_standard_letter_keeps_italics_and_the_other_looks_do_not(vault):
    from tests.support.render_helpers import crafted_review

    crafted_review(vault)  # "You told me you feel _safe_ with Pat and Lee."
    child_fonts = fonts(printing.render_document(vault, "C900001", "child"))
    assert any("Italic" in f for f in child_fonts)
    for variant in ("large-print", "dyslexia", "easy-read"):
        pdf = printing.render_document(vault, "C900001", variant)
        assert not any("Italic" in f for f in fonts(pdf)), variant
        assert "feel safe with Pat and Lee" in flat(text(pdf))


def test_easy_read_has_one_sentence_a_line_each_with_a_picture(demo):
    _vault, _child, record, pdfs = demo
    words = text(pdfs["easy-read"])
    lines = [line.strip() for line in words.splitlines() if line.strip()]
    # "It was lovely to see you at home. Thank you for …" become two lines, so no line holds
    # the end of one sentence and the start of the next.
    joined = [line for line in lines if re.search(r"[.!?] [A-Z]", line)]
    assert joined == []
    from iro_desktop.documents.readability import sentences_in
    from iro_desktop.documents.markup import strip_markup

    section = next(s for s in record.content.letter.visible_sections if len(sentences_in(strip_markup(s.body))) >= 2)
    first, second = sentences_in(strip_markup(section.body))[:2]
    plain = strip_markup(section.body)
    assert flat(plain[first.start:first.end]) in flat(words)
    assert flat(plain[second.start:second.end]) in flat(words)


def test_child_documents_use_no_acronyms(demo):
    vault, child, _record, pdfs = demo
    for variant, pdf in pdfs.items():
        assert acronyms(flat(text(pdf))) == [], variant
    assert acronyms(flat(text(printing.render_leaflet(vault, child.child_id, today=DEMO_TODAY)))) == []


@pytest.mark.parametrize("variant", CHILD_VARIANTS)
def test_metadata_language_and_outline(demo, variant):
    import io

    from pypdf import PdfReader

    _vault, child, record, pdfs = demo
    reader = PdfReader(io.BytesIO(pdfs[variant]))
    meta = reader.metadata
    # The title names the document and its date, never the child (desktop search indexes read it).
    assert child.preferred_name not in meta.title and "review meeting" in meta.title.lower()
    assert meta.author == "Alex Penhallowby"
    assert "Independent Reviewing Officer" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    expected = [s.heading for s in record.content.letter.visible_sections if s.body.strip()]
    assert [t for t in titles if t in expected] == expected
    assert "How to reach me" in titles and "My next review meeting" in titles
    hidden = {s.heading for s in record.content.letter.sections if s.hidden} - set(expected)
    assert not hidden & set(titles)


def test_text_reads_in_order(demo):
    _vault, child, record, pdfs = demo
    words = flat(text(pdfs["child"]))
    marks = ["My review meeting", f"Dear {child.preferred_name},"]
    marks += [s.heading for s in record.content.letter.visible_sections if s.body.strip()]
    marks += ["Best wishes,", "How to reach me", "My next review meeting", "Tell us what you think"]
    positions = [words.index(m) for m in marks]
    assert positions == sorted(positions)


@pytest.mark.parametrize("variant", CHILD_VARIANTS)
def test_the_qr_code_decodes_to_the_feedback_address(demo, variant, tmp_path):
    pdf = demo[3][variant]
    pages = pngs(pdf, tmp_path, dpi=150)
    found = [code for page in pages for code in qr_codes(page)]
    assert found == [FEEDBACK]


def test_no_qr_code_without_a_feedback_address(vault, tmp_path):
    from tests.support.render_helpers import crafted_review

    crafted_review(vault)
    pdf = printing.render_document(vault, "C900001", "child")
    assert "Tell us what you think" not in text(pdf)
    assert [c for p in pngs(pdf, tmp_path, dpi=150) for c in qr_codes(p)] == []
    profile.set_feedback_address(vault, FEEDBACK)
    pdf = printing.render_document(vault, "C900001", "child")
    assert [c for p in pngs(pdf, tmp_path / "again", dpi=150) for c in qr_codes(p)] == [FEEDBACK]


@pytest.mark.parametrize("variant", CHILD_VARIANTS)
def test_every_page_renders_to_png(demo, variant, tmp_path):
    import io

    from pypdf import PdfReader

    pdf = demo[3][variant]
    pages = pngs(pdf, tmp_path, dpi=40)
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert all(p.stat().st_size > 1000 for p in pages)


def test_page_numbers_say_page_n_of_m(demo):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(demo[3]["child"]))
    total = len(reader.pages)
    for n, page in enumerate(reader.pages, start=1):
        assert f"Page {n} of {total}" in page.extract_text()


def test_a_draft_letter_says_it_may_still_change(vault):
    from tests.support.render_helpers import crafted_review

    crafted_review(vault, finalise=False)
    assert "Draft: this letter may still change" in text(printing.render_document(vault, "C900001", "child"))
    crafted = text(printing.render_document(vault, "C900001", "easy-read"))
    assert "Draft: this letter may still change" in crafted


def test_the_childs_colour_theme_is_used(demo, tmp_path):
    from PIL import Image

    pdf = demo[3]["child"]
    [first] = pngs(pdf, tmp_path, dpi=30, first=1, last=1)
    berry = themes.THEMES["berry"]
    with Image.open(first) as img:
        top = img.convert("RGB").getpixel((5, 1))  # the band along the top edge
    expected = tuple(int(berry.accent[i:i + 2], 16) for i in (1, 3, 5))
    assert all(abs(a - b) <= 3 for a, b in zip(top, expected)), (top, expected)


def test_the_letter_is_made_in_memory_and_nothing_is_written_or_audited(demo, tmp_path, monkeypatch):
    import tempfile

    from tests.support.caseload_helpers import audit_rows

    vault, child, _record, _pdfs = demo
    spy = tmp_path / "tmp"
    spy.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spy))
    monkeypatch.setenv("TMPDIR", str(spy))
    before = audit_rows(vault)
    for variant in CHILD_VARIANTS:
        assert printing.render_document(vault, child.child_id, variant).startswith(b"%PDF-")
    assert list(spy.iterdir()) == []
    assert audit_rows(vault) == before  # a preview is not an output


# ---- the midway note -------------------------------------------------------------------------------

def test_the_midway_note_is_printed_as_written_with_the_cards(demo):
    from iro_desktop.caseload import repository
    from iro_desktop.reviews import midway

    vault = demo[0]
    found = None
    for child in repository.list_children(vault):
        for rec in midway.midway_records(vault, child.child_id):
            note = midway.get_midway(vault, rec.id).content.child_note
            if note.strip():
                found = (child.child_id, rec.id, note)
    assert found, "the demo caseload has midway notes for children"
    child_id, record_id, note = found
    for variant in CHILD_VARIANTS:
        words = flat(text(printing.render_document(vault, child_id, variant, record_id=record_id)))
        assert flat(note) in words or variant == "easy-read"
        assert words.count("Hi ") == 1 and "Dear " not in words  # the note's own greeting, not a second one
        assert "How to reach me" in words and "My next review meeting will be by" in words
    easy = text(printing.render_document(vault, child_id, "easy-read", record_id=record_id))
    assert all(part.strip() in flat(easy) for part in note.split(". ") if part.strip())


def test_a_midway_review_without_a_note_has_nothing_to_print(vault):
    from iro_desktop.reviews import midway
    from tests.support.render_helpers import HELD, TODAY, crafted_review

    crafted_review(vault)
    record = midway.start_midway(vault, "C900001", HELD, today=TODAY)
    with pytest.raises(printing.NoNoteForChild):
        printing.render_document(vault, "C900001", "child", record_id=record.id)
    with pytest.raises(IroError):
        printing.render_document(vault, "C900001", "professional", record_id=record.id)


def test_a_note_without_a_greeting_gets_one(vault):
    from iro_desktop.reviews import midway
    from tests.support.render_helpers import HELD, TODAY, crafted_review

    crafted_review(vault)
    record = midway.start_midway(vault, "C900001", HELD, today=TODAY)
    record.content.child_note = "It was good to see you at school. Keep going with the swimming."
    midway.save_midway(vault, record.id, record.content, today=TODAY)
    words = flat(text(printing.render_document(vault, "C900001", "child", record_id=record.id)))
    assert "Dear Lu, It was good to see you at school." in words
    assert "Best wishes, Sam Ravensmoss Your Independent Reviewing Officer" in words
    assert "Draft: this letter may still change" in words


def test_a_preview_of_unsaved_words_is_made_from_the_editors_content(vault):
    from iro_desktop import reviews
    from tests.support.render_helpers import crafted_review

    record_id = crafted_review(vault, finalise=False)
    content = reviews.get_review(vault, record_id).content
    content.letter.set_body("worries", "You said you were nervous about the new class.")
    content.letter.hide_section("worries", False)
    for variant in CHILD_VARIANTS:
        words = flat(text(printing.preview_letter(vault, "C900001", content, variant)))
        assert "Worries" in words and "nervous about the new class" in words
        assert "Draft: this letter may still change" in words
    # Nothing was saved by previewing.
    assert reviews.get_review(vault, record_id).content.letter.section("worries").body == ""
    with pytest.raises(TypeError):
        printing.preview_letter(vault, "C900001", content.letter)
