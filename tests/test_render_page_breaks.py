"""Page breaks in the letters: a heading never ends a page alone, and a long first paragraph
runs on to the next page instead of taking its heading with it and leaving the page half empty
(``heading_with_lines``; ``KeepTogether``, used before, is shown beside it doing the latter).
The closing cards never start the last page alone, and the demo's longest letters, in every
look, leave no page but the last more than a third empty."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from iro_desktop.printing.pdf.keep_heading import MOST_EMPTY, heading_with_lines
from iro_desktop.printing.pdf.letter_parts import BOTTOM, TOP
from iro_desktop.printing.pdf.looks import CHILD_VARIANTS

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=16)
HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=18, leading=22)
LONG = " ".join(["Every word of this paragraph is here to fill lines on the page."] * 14)


def lines_by_page(story) -> list[list[tuple[float, str]]]:
    """Each page's lines of text, top to bottom, with the font size of each line."""
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    pages = []
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        for page in pdf.pages:
            rows: dict[int, list] = {}
            for ch in page.chars:
                rows.setdefault(round(ch["top"]), []).append(ch)
            pages.append([(round(max(c["size"] for c in row)), "".join(c["text"] for c in row))
                          for _top, row in sorted(rows.items())])
    return pages


def filler(lines: int) -> list:
    return [Paragraph(f"Line {n} of what came before.", BODY) for n in range(lines)]


def section(keep) -> list:
    head = [Spacer(1, 6), Paragraph("Family time", HEAD), Spacer(1, 4)]
    body = [Paragraph(LONG, BODY), Paragraph("And one more thing.", BODY)]
    return keep(head, body)


def together(head, body):
    return [KeepTogether(head + body[:2])]


def test_a_long_first_paragraph_runs_on_and_keeps_lines_with_its_heading():
    story = filler(30) + section(heading_with_lines)
    first, second = lines_by_page(story)[:2]
    heading_at = [text for _size, text in first].index("Family time")
    after = first[heading_at + 1:]
    assert len(after) >= 2 and all(size == 12 for size, _t in after), "the heading has its first lines"
    assert second[0][0] == 12, "the paragraph goes on at the top of the next page"

    old_first = lines_by_page(filler(30) + section(together))[0]
    assert "Family time" not in [t for _s, t in old_first], "KeepTogether moves the heading and leaves a gap"
    assert len(old_first) < len(first) - 2


def test_a_heading_without_room_for_two_lines_starts_the_next_page():
    moved = 0
    for before in range(36, 48):  # walk the heading down past the foot of the first page
        pages = lines_by_page(filler(before) + section(heading_with_lines))
        [page] = [p for p in pages if (18, "Family time") in p]
        after = page[page.index((18, "Family time")) + 1:]
        assert len(after) >= 2, f"{before} lines before: the heading kept only {len(after)} line(s)"
        moved += page is not pages[0] and page[0] == (18, "Family time")
    assert moved, "somewhere on the walk the heading had to start a page"


def test_a_table_of_lines_splits_by_rows_the_same_way():
    rows = Table([[Paragraph(f"Line {n} of the easy-read section.", BODY)] for n in range(30)])
    head = [Paragraph("Family time", HEAD)]
    pages = lines_by_page(filler(30) + heading_with_lines(head, [rows]))
    first = [t for _s, t in pages[0]]
    assert "Family time" in first and len(first) - first.index("Family time") - 1 >= 2
    assert pages[1][0][1].startswith("Line ")


# ---- the closing cards ----------------------------------------------------------------------------

CARD = ParagraphStyle("card", fontName="Helvetica-Bold", fontSize=14, leading=18)


def cards() -> list:
    """The sign-off and two tall boxes like the contact and next-review cards."""
    out: list = [Spacer(1, 8), Paragraph("Best wishes,<br/>Alex", BODY)]
    for name in ("How to reach me", "My next review meeting"):
        box = Table([[Paragraph(name, CARD)]], rowHeights=[150])
        out += [Spacer(1, 12), box]
    return out


def test_the_closing_cards_never_start_the_last_page_alone():
    alone_before = 0
    for before in range(8, 40, 2):  # walk the end of the letter down past the foot of the first page
        story = filler(before) + section(lambda head, body: heading_with_lines(head, body, tail=cards()))
        pages = lines_by_page(story)
        [page] = [p for p in pages if (14, "How to reach me") in p]
        above = [text for size, text in page[:page.index((14, "How to reach me"))] if size == 12]
        assert above, f"{before} lines before: the cards start a page alone"
        if page is not pages[0]:
            letter = [t for t in above if t not in ("Best wishes,", "Alex")]
            # A long last paragraph sends a line over; a one-line one stays, and the sign-off goes.
            assert letter or above == ["Best wishes,", "Alex"], (before, above)
        old = lines_by_page(filler(before) + section(heading_with_lines) + cards())
        [old_page] = [p for p in old if (14, "How to reach me") in p]
        alone_before += old_page[0] == (14, "How to reach me")
    assert alone_before, "without the tail kept, somewhere on the walk the cards started a page alone"


def test_a_short_last_section_keeps_its_heading_and_sends_a_line_over_with_the_cards():
    short = [Paragraph(" ".join(["Your next review meeting will be by 2 December."] * 4), BODY)]
    for before in range(30, 44):
        pages = lines_by_page(filler(before) + heading_with_lines([Paragraph("Your next review", HEAD)], short,
                                                                  tail=cards()))
        [head_page] = [p for p in pages if (18, "Your next review") in p]
        [card_page] = [p for p in pages if (14, "How to reach me") in p]
        after_head = head_page[head_page.index((18, "Your next review")) + 1:]
        assert len(after_head) >= 1 and after_head[0][0] == 12, before
        assert any(size == 12 for size, _t in card_page[:card_page.index((14, "How to reach me"))]), before


# ---- the demo's longest letters, in every look ------------------------------------------------------

def page_fill(pdf: bytes, top: float, bottom: float) -> list[tuple[float, list[dict]]]:
    """Each page's share left empty below its last text (the footer aside), and its characters."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            body = [c for c in page.chars if c["bottom"] < page.height - bottom]
            lowest = max((c["bottom"] for c in body), default=top)
            frame = page.height - top - bottom
            out.append(((page.height - bottom - lowest) / frame, body))
    return out


def test_page_fill_measures_an_empty_page_as_empty():
    [(empty, _chars)] = page_fill(_one_line_pdf(), 46, 58)
    assert empty > 0.9


def _one_line_pdf() -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, topMargin=46, bottomMargin=58).build([Paragraph("One line.", BODY)])
    return out.getvalue()


# About a third (``MOST_EMPTY``), with a little for what the measure counts as empty: the space
# under the last line's baseline. A page can end that empty only when the closing cards, taller
# than the rest of it, had to go over with their line of the letter.
MOST_EMPTY_MEASURED = MOST_EMPTY + 0.02


@pytest.fixture(scope="module")
def longest_letters(tmp_path_factory):
    from iro_desktop import reviews
    from iro_desktop.caseload import demo
    from iro_desktop.printing import render
    from iro_desktop.vault import Vault
    from tests.conftest import FAST_KDF, PASSPHRASE
    from tests.support.caseload_helpers import TODAY

    vault, _code = Vault.create(tmp_path_factory.mktemp("demo") / "v", PASSPHRASE, None, allow_no_keychain=True,
                                kdf=FAST_KDF)
    with vault:
        kids = demo.load_demo(vault, n=70, today=TODAY)
        found = [(len(reviews.get_review(vault, info.id).content.letter.plain_text()), k.child_id, info.id)
                 for k in kids for info in reviews.review_records(vault, k.child_id)]
        found.sort(reverse=True)
        yield {(rid, variant): render.render_document(vault, child, variant, record_id=rid)
               for _n, child, rid in found[:3] for variant in CHILD_VARIANTS}


@pytest.mark.parametrize("variant", CHILD_VARIANTS)
def test_the_longest_demo_letters_fill_their_pages_and_end_with_words_beside_the_cards(longest_letters, variant):
    sign_off = ("Best wishes,", "Alex Penhallowby", "Your Independent Reviewing Officer")
    for (rid, look), pdf in longest_letters.items():
        if look != variant:
            continue
        pages = page_fill(pdf, TOP, BOTTOM)
        assert len(pages) >= 2, "long enough to test a break"
        for n, (empty, _chars) in enumerate(pages[:-1], start=1):
            assert empty <= MOST_EMPTY_MEASURED, f"record {rid}, {variant}: page {n} is {empty:.0%} empty"
        _empty, last = pages[-1]
        card_top = min(c["top"] for c in _words_at(last, "How to reach me"))
        lines: dict[int, str] = {}
        for c in last:
            if c["bottom"] <= card_top:
                lines[round(c["top"])] = lines.get(round(c["top"]), "") + c["text"]
        words = [t.strip() for t in lines.values() if t.strip() and t.strip() not in sign_off]
        assert words, f"record {rid}, {variant}: the last page holds only the sign-off and the cards"


def _words_at(chars: list[dict], words: str) -> list[dict]:
    """The characters of the line that reads ``words``."""
    rows: dict[int, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["top"]), []).append(c)
    found = [row for row in rows.values() if words in "".join(c["text"] for c in row)]
    assert found, words
    return found[0]


@settings(max_examples=25, deadline=None)
@given(before=st.integers(0, 60), words=st.integers(1, 120), blocks=st.integers(1, 3))
def test_kept_parts_lose_and_repeat_nothing_and_the_cards_never_stand_alone(before, words, blocks):
    """Whatever the lengths, every line is printed once, the heading keeps a line of its own
    section, and the cards share their page with the sign-off or words of the letter."""
    body = [Paragraph(" ".join(f"zq{b}x{n}" for n in range(words)), BODY) for b in range(blocks)]
    story = filler(before) + heading_with_lines([Paragraph("Your next review", HEAD)], body, tail=cards())
    pages = lines_by_page(story)
    printed = [text for page in pages for _size, text in page]
    tokens = " ".join(printed).split()
    expected = [f"zq{b}x{n}" for b in range(blocks) for n in range(words)]
    assert [t for t in tokens if t.startswith("zq")] == expected
    assert printed.count("Your next review") == 1 and printed.count("How to reach me") == 1
    [head_page] = [p for p in pages if (18, "Your next review") in p]
    assert head_page[head_page.index((18, "Your next review")) + 1:], "the heading ends its page alone"
    [card_page] = [p for p in pages if (14, "How to reach me") in p]
    assert card_page.index((14, "How to reach me")) > 0, "the cards start a page alone"
