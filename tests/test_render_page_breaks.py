"""Page breaks in the letters: a heading never ends a page alone, and a long first paragraph
runs on to the next page instead of taking its heading with it and leaving the page half empty
(``heading_with_lines``; ``KeepTogether``, used before, is shown beside it doing the latter)."""

from __future__ import annotations

import io

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from iro_desktop.printing.pdf.keep_heading import heading_with_lines

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
