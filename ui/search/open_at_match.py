"""Opening a search result at the words it matched: the record opens through the records
controller's own ``open_record``, then the editor shows the page and field that hold the match
(its ``go_to_field``) with the words selected and marked.

Which field holds them is the core's answer (``search.locate``, by the terms the search asked
the index for); this module only gathers the editor's texts and selects the span it is given.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLineEdit, QTextEdit, QWidget

from iro_desktop import search

MARK = QColor("#ffe58a")  # the marked words' colour, as in the results list
WAIT_MS, POLL_MS = 15_000, 50  # the editor opens once the vault thread has read the record
# A decision row's text boxes, and the names the record gives their fields.
DECISION_TEXTS = (("what", "what"), ("name", "who_name"), ("child_words", "child_words"))
_WAITING: set["_Waiter"] = set()  # held until their editor opens (nothing else holds them)


def text_fields(editor: QWidget) -> list[tuple[str, QWidget]]:
    """(field, widget) of every text an open record editor shows that the search index holds, in
    the order of its pages; fields are named as the record's checks name them."""
    fields: list[tuple[str, QWidget]] = []
    letter = getattr(editor, "letter_page", None)
    if letter is not None:
        fields += [(f"letter.{key}", widget) for key, widget in letter.editors.items()]
    decisions = getattr(editor, "decisions_page", None)
    if decisions is not None:
        for i, row in enumerate(decisions.rows):
            fields += [(f"recommendations[{i}].{field}", getattr(row, name)) for name, field in DECISION_TEXTS
                       if isinstance(getattr(row, name, None), (QLineEdit, QTextEdit))]
    for i, row in enumerate(getattr(editor, "rows", []) if decisions is None else []):
        note = getattr(row, "note", None)
        if isinstance(note, (QLineEdit, QTextEdit)):
            fields.append((f"progress[{i}].note", note))
    for name in ("child_views", "new_concerns", "child_note"):
        widget = getattr(editor, name, None)
        if isinstance(widget, (QLineEdit, QTextEdit)):
            fields.append((name, widget))
    return fields


def _plain(widget: QWidget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def mark(widget: QWidget, start: int, end: int) -> None:
    """Select the words from ``start`` to ``end`` in ``widget`` and colour them (until the text
    is next changed), scrolled into view, with the keyboard focus there."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.setSelection(start, end - start)
        return
    cursor = QTextCursor(widget.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    widget.setTextCursor(cursor)
    marked = QTextEdit.ExtraSelection()
    marked.cursor = QTextCursor(cursor)
    colour = QTextCharFormat()
    colour.setBackground(MARK)
    marked.format = colour
    widget.setExtraSelections([marked])
    widget.ensureCursorVisible()


def show_match(editor: QWidget, query: str) -> search.Located | None:
    """In an open editor, go to the field holding the words ``query`` found and mark them; the
    field found, or None (the editor is left as it opened)."""
    fields = text_fields(editor)
    found = search.locate([(field, _plain(widget)) for field, widget in fields], query)
    if found is None:
        return None
    editor.go_to_field(found.field)
    widget = dict(fields)[found.field]
    mark(widget, found.start, found.end)
    return found


def open_at_match(records, hit: search.SearchHit, query: str,
                  shown: Callable[[search.Located | None], None] | None = None) -> None:
    """Open ``hit``'s record (``records.open_record``) and, once its editor is there, show the
    match. ``shown`` hears what was marked (for whoever waits on it)."""
    if hit.record_id is None or hit.kind not in (search.REVIEW, search.MIDWAY):
        return  # a child's notes: the caseload shows them (``records.open_hit``)
    records.open_record(hit.kind, hit.record_id)
    _Waiter(records, hit, query, shown)


class _Waiter(QObject):
    """Waits for the record's editor to open (the record is read on the vault thread)."""

    def __init__(self, records, hit: search.SearchHit, query: str,
                 shown: Callable[[search.Located | None], None] | None) -> None:
        super().__init__()
        _WAITING.add(self)
        self._records, self._hit, self._query, self._shown = records, hit, query, shown
        self._left = WAIT_MS // POLL_MS
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._look)
        self._timer.start()
        self._look()

    def _look(self) -> None:
        editor = self._records.editor_for(self._hit.kind, self._hit.record_id)
        self._left -= 1
        if editor is None and self._left > 0:
            return
        self._timer.stop()
        found = show_match(editor, self._query) if editor is not None else None
        _WAITING.discard(self)
        if self._shown is not None:
            self._shown(found)
