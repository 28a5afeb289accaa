"""The two kinds of written record an editor opens, review records and midway reviews: the core
calls for each (``RecordApi``), what an editor is given by the window that opened it
(``EditorContext``) and what is read for it on the vault thread (``OpenData``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable


from iro_desktop.documents.phrasebank import Phrase
from iro_desktop.documents.wording import Wording
from iro_desktop.reviews import midway, records
from iro_desktop.reviews.lifecycle import VersionInfo

from ui.common.workers import Worker


@dataclass(frozen=True)
class RecordApi:
    """The core calls for one kind of record."""

    kind: str
    noun: str  # "review record", in a sentence
    title: str  # "Review record", as a title
    get: Callable
    version: Callable
    versions: Callable
    save: Callable
    finalise: Callable
    amend: Callable
    checks: Callable
    draft_key: Callable[[int], str]


REVIEW_API = RecordApi("review", "review record", "Review record", records.get_review, records.review_version,
                       records.review_versions, records.save_review, records.finalise_review, records.amend_review,
                       records.review_checks, records.draft_key)
MIDWAY_API = RecordApi("midway", "midway review", "Midway review", midway.get_midway, midway.midway_version,
                       midway.midway_versions, midway.save_midway, midway.finalise_midway, midway.amend_midway,
                       midway.midway_checks, midway.draft_key)
APIS = {api.kind: api for api in (REVIEW_API, MIDWAY_API)}


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


@dataclass
class OpenData:
    """A record as read for its editor (on the vault thread)."""

    record: Any  # ReviewRecord or MidwayRecord
    versions: list[tuple[VersionInfo, bool]]  # each version and whether its hash still matches
    draft: Any = None  # autosaved content not yet in the record
    draft_saved_at: str | None = None  # UTC
    extra: dict = field(default_factory=dict)


def local_time_words(utc_text: str | None) -> str:
    """"14:32 on 12/03/2026" for a stored UTC time."""
    if not utc_text:
        return "earlier"
    try:
        moment = datetime.strptime(utc_text[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).astimezone()
    except ValueError:
        return "earlier"
    return f"{moment:%H:%M} on {moment:%d/%m/%Y}"


def versions_with_checks(vault, api: RecordApi, record_id: int) -> list[tuple[VersionInfo, bool]]:
    return [(v, records.verify_version(vault, record_id, v.version)) for v in api.versions(vault, record_id)]
