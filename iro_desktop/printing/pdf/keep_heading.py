"""A heading that never ends a page alone, without leaving half a page empty.

reportlab's ``KeepTogether`` moves everything it holds to the next page when it does not fit, so
a heading kept with its whole first paragraph (or, in easy read, its whole table of lines)
leaves the rest of the page blank whenever that paragraph is long. ``heading_with_lines``
keeps the heading with the first few *lines* of what follows and lets the rest run on: the
paragraph (or table) is split where the page ends, as long as at least ``lines`` of its lines
(or rows) stay with the heading; only when that much does not fit does it all start on the
next page.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

KEEP_LINES = 2


def _lines(part: Flowable, width: float, height: float) -> int:
    """How many lines (a paragraph) or rows (a table) ``part`` holds once laid out."""
    part.wrap(width, height)
    if isinstance(part, Paragraph):
        return len(getattr(part.blPara, "lines", []))
    if isinstance(part, Table):
        return len(part._cellvalues)  # noqa: SLF001 - reportlab keeps the rows only here
    return 0


class _HeadingWithLines(Flowable):
    """Always split (its height is reported as more than any page) into what fits here."""

    def __init__(self, head: list[Flowable], first: Flowable, lines: int) -> None:
        super().__init__()
        self._head, self._first, self._keep = head, first, lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 0xFFFFFF  # as KeepTogether does: always asked to split

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        head_height = sum(f.wrap(available_width, available_height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                          for f in self._head)
        room = available_height - head_height
        if room > 0:
            _w, first_height = self._first.wrap(available_width, room)
            if first_height <= room:
                return [*self._head, self._first]
            parts = self._first.split(available_width, room)
            if len(parts) >= 2 and _lines(parts[0], available_width, room) >= self._keep:
                return [*self._head, *parts]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return [*self._head, self._first]  # a fresh page: nothing better can be done
        return []  # on the next page

    def draw(self) -> None:  # never drawn itself: always split into its parts
        raise AssertionError("drawn without being split")


def heading_with_lines(head: list[Flowable], body: list[Flowable], lines: int = KEEP_LINES) -> list[Flowable]:
    """``head`` and ``body`` as flowables for a story: the heading with at least ``lines`` lines
    of the body's first paragraph or table, the rest free to run on to the next page. Anything
    else first (a list, a picture) is kept whole with the heading, with the block after it."""
    if not body:
        return [KeepTogether(head)]
    first, rest = body[0], body[1:]
    if isinstance(first, (Paragraph, Table)):
        return [_HeadingWithLines(head, first, lines), *rest]
    return [KeepTogether(head + body[:2]), *body[2:]]
