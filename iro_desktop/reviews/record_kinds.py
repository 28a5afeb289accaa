"""The two kinds of written record, review records and midway reviews, as one table of calls.

An editor works the same way for both: it reads, saves, checks, finalises and amends through
the calls of its kind (``RecordApi``), chosen by the kind's name (``APIS``). Each call takes the
vault first and is one read or one transaction of ``reviews.records`` or ``reviews.midway``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from iro_desktop.reviews import midway, records
from iro_desktop.reviews.lifecycle import VersionInfo


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


def versions_with_checks(vault, api: RecordApi, record_id: int) -> list[tuple[VersionInfo, bool]]:
    """Every version of the record, oldest first, each with whether its stored hash still
    matches its content (a finalised version changed behind the app's back shows as False)."""
    return [(v, records.verify_version(vault, record_id, v.version)) for v in api.versions(vault, record_id)]
