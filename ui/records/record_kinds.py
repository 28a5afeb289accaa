"""What a record's editor is given by the window that opened it (``EditorContext``), and the
time words its bars use. The core calls for each kind of record (``RecordApi``) and what is read
for an editor on the vault thread (``OpenData``) are the core's: ``iro_desktop.reviews.record_kinds``
and ``iro_desktop.reviews.editor_data``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable

from iro_desktop.documents.phrasebank import Phrase
from iro_desktop.documents.wording import Wording

from ui.common.workers import Worker


@dataclass
class EditorContext:
    """What an editor needs from the window that opened it."""

    vault: Any
    worker: Worker
    session: Callable[[], int]  # the main window's lock counter: work from before a lock is dropped
    child_id: str
    child_name: str
    date_of_birth: date
    wording: list[Wording] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    templates: list[Phrase] = field(default_factory=list)
    iro_name: str | None = None
    open_version: Callable[[str, int, int], None] = lambda kind, record_id, version: None
    status: Callable[[str], None] = lambda text: None
    adopt_clipboard: Callable[[str], None] | None = None
    preview: Callable[[Any], None] | None = None  # the letter as on screen now, in the print preview
    # The escalation tracker's raise dialog: (child_id, theme=, description=, review_id=, record_id=)
    raise_escalation: Callable[..., Any] | None = None
    # The good-practice notification dialog: (child_id, record_id=, what=)
    record_good_practice: Callable[..., Any] | None = None


def local_time_words(utc_text: str | None) -> str:
    """"14:32 on 12/03/2026" for a stored UTC time."""
    if not utc_text:
        return "earlier"
    try:
        moment = datetime.strptime(utc_text[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).astimezone()
    except ValueError:
        return "earlier"
    return f"{moment:%H:%M} on {moment:%d/%m/%Y}"

