"""A heading that never ends a page alone, and closing cards that never start one alone, without
leaving half a page empty.

reportlab's ``KeepTogether`` moves everything it holds to the next page when it does not fit, so
a heading kept with its whole first paragraph (or, in easy read, its whole table of lines)
leaves the rest of the page blank whenever that paragraph is long. ``heading_with_lines``
keeps the heading with the first few *lines* of what follows and lets the rest run on: the
paragraph (or table) is split where the page ends, as long as at least ``lines`` of its lines
(or rows) stay with the heading; only when that much does not fit does it all start on the
next page.

The end of a letter is the same problem the other way up: the closing cards (how to reach the
IRO, the next review meeting) are tall, and a page break just before them leaves them alone on
the last page, as if they belonged to no letter. ``with_tail`` keeps them (with the sign-off)
together with the last lines of the text before them (``TAIL_LINES``): when the cards do not
fit, those lines go over with them and the page before stays full.
"""

from __future__ import annotations

import copy
from typing import Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

KEEP_LINES = 2
# Beside the closing cards one line of the letter is enough to show they belong to it; asking
# for more would, for a short last section, move the whole section and leave a gap before it.
TAIL_LINES = 1
# The most of a page a break may leave empty when something smaller can go over instead.
MOST_EMPTY = 1 / 3


def _lines(part: Flowable, width: float, height: float) -> int:
    """How many lines (a paragraph) or rows (a table) ``part`` holds once laid out."""
    part.wrap(width, height)
    if isinstance(part, Paragraph):
        return len(getattr(part.blPara, "lines", []))
    if isinstance(part, Table):
        return len(part._cellvalues)  # noqa: SLF001 - reportlab keeps the rows only here
    return 0


def _height(parts: Sequence[Flowable], width: float, height: float) -> float:
    return sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in parts)


class _Kept(Flowable):
    """A paragraph or table with what must stay beside it: ``head`` before it keeps at least
    ``lines`` of its first lines on the same page, ``tail`` after it at least ``lines`` of its
    last. Always split (its height is reported as more than any page) into what fits here."""

    def __init__(self, head: list[Flowable], body: Flowable, tail: list[Flowable], lines: int) -> None:
        super().__init__()
        self._head, self._body, self._tail, self._keep = head, body, tail, lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 0xFFFFFF  # as KeepTogether does: always asked to split

    def _split_body(self, width: float, height: float) -> list[Flowable] | None:
        """The body split to fit ``height`` with enough lines on both sides, or None: at least
        ``lines`` after the head (one, when the body is too short for that and a line for the
        tail) and ``TAIL_LINES`` before the tail."""
        body = self._body
        if self._tail and isinstance(body, Paragraph) and not body.style.allowWidows:
            # A last line over the page is no widow when the sign-off and the cards follow it.
            body = copy.copy(body)
            body.style = copy.copy(body.style)
            body.style.allowWidows = 1
        parts = body.split(width, height)
        if len(parts) < 2:
            return None
        first, rest = _lines(parts[0], width, height), _lines(parts[1], width, 0xFFFFFF)
        head_keep = self._keep if not self._tail or first + rest >= self._keep + TAIL_LINES else 1
        first_ok = not self._head or first >= head_keep
        rest_ok = not self._tail or rest >= TAIL_LINES
        return parts if first_ok and rest_ok else None

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        w = available_width
        room = available_height - _height(self._head, w, available_height)
        if room > 0:
            _w, body_height = self._body.wrap(w, room)
            if body_height + _height(self._tail, w, available_height) <= room:
                return [*self._head, self._body, *self._tail]  # all of it fits here
            # Leave lines for the tail to take with it: try the body a line shorter at a time.
            step = max(4.0, getattr(getattr(self._body, "style", None), "leading", 12.0) / 2)
            height = min(room, body_height)
            while height > 0:
                parts = self._split_body(w, height)
                if parts is not None:
                    first, rest = parts[0], parts[1:]
                    if len(rest) == 1 and self._tail:
                        return [*self._head, first, _Kept([], rest[0], self._tail, self._keep)]
                    return [*self._head, first, *rest, *self._tail]
                if not self._tail:
                    break  # only the head's lines matter, and the fullest split lacked them
                height -= step
            if self._tail and body_height <= room and available_height > self._page_height() * MOST_EMPTY:
                # Too short to share, and moving it would leave much of this page empty: the
                # body stays here whole and the sign-off goes over with the cards (still words
                # of the letter beside them).
                return [*self._head, self._body, KeepTogether(self._tail)]
        if self._at_top():
            return [*self._head, self._body, *self._tail]  # a fresh page: nothing better can be done
        return []  # on the next page

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)
        return frame is not None and bool(getattr(frame, "_atTop", False))

    def _page_height(self) -> float:
        """The height of the frame being filled (a page's text area)."""
        frame = getattr(self, "_frame", None)
        return float(getattr(frame, "_height", 0) or 0xFFFFFF)

    def draw(self) -> None:  # never drawn itself: always split into its parts
        raise AssertionError("drawn without being split")


def _keepable(part: Flowable) -> bool:
    return isinstance(part, (Paragraph, Table))


def heading_with_lines(head: list[Flowable], body: list[Flowable], lines: int = KEEP_LINES, *,
                       tail: list[Flowable] | None = None) -> list[Flowable]:
    """``head`` and ``body`` as flowables for a story: the heading with at least ``lines`` lines
    of the body's first paragraph or table, the rest free to run on to the next page. Anything
    else first (a list, a picture) is kept whole with the heading, with the block after it.
    ``tail`` (the closing cards, for the last section) goes after the body with some of its
    last lines (see ``with_tail``)."""
    tail = list(tail or [])
    if not body:
        return [KeepTogether(head + tail)] if tail else [KeepTogether(head)]
    first, rest = body[0], body[1:]
    if not _keepable(first):
        return with_tail([KeepTogether(head + body[:2]), *body[2:]], tail, lines)
    if not rest:
        return [_Kept(head, first, tail, lines)]
    return [_Kept(head, first, [], lines), *with_tail(rest, tail, lines)]


def with_tail(story: list[Flowable], tail: list[Flowable], lines: int = KEEP_LINES) -> list[Flowable]:
    """``story`` then ``tail``, the tail never starting a page alone: it keeps at least
    ``TAIL_LINES`` of the last paragraph or table before it (or, when that is something else,
    the whole of it) on its page."""
    if not tail:
        return list(story)
    if not story:
        return [KeepTogether(tail)]
    last = story[-1]
    if _keepable(last):
        return [*story[:-1], _Kept([], last, list(tail), lines)]
    return [*story[:-1], KeepTogether([last, *tail])]
