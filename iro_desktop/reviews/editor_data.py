"""What a record's editor is opened with, read in one go (on the app's vault thread).

``load_for_editor`` gathers the record (its current version, or an earlier one to read), its
versions and whether each is intact, any autosaved work not yet in it, the decisions tracked for
the child, a new review record's attendees from the caseload (``prefill``), and what every editor
of the child shares: the child, the council's wording, the phrase bank and templates, and the
IRO's name. The screens only show what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import Child
from iro_desktop.documents import phrasebank, spelling, wording
from iro_desktop.documents.phrasebank import Phrase
from iro_desktop.documents.wording import Wording
from iro_desktop.reviews import drafts, midway, prefill, records
from iro_desktop.reviews.lifecycle import VersionInfo
from iro_desktop.reviews.recommendations import recommendations_for_child
from iro_desktop.reviews.record_kinds import APIS, versions_with_checks


@dataclass
class OpenData:
    """A record as read for its editor."""

    record: Any  # ReviewRecord or MidwayRecord
    versions: list[tuple[VersionInfo, bool]]  # each version and whether its hash still matches
    draft: Any = None  # autosaved content not yet in the record
    draft_saved_at: str | None = None  # UTC
    # "tracked": the child's tracked decisions by uid; a review record's "review" (the review
    # held) and "prefilled" (how many attendees were filled in from the caseload, not yet
    # saved), a midway review's "escalations" (those it started)
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class EditorShared:
    """What every editor of one child is given, whichever record it shows."""

    child: Child
    wording: list[Wording]
    phrases: list[Phrase]
    templates: list[Phrase]
    iro_name: str | None
    own_words: list[str] = field(default_factory=list)  # the IRO's words for the spell check


def load_for_editor(vault, kind: str, record_id: int, version: int | None) -> tuple[OpenData, EditorShared]:
    """Everything an editor of record ``record_id`` (of ``kind``, "review" or "midway") shows.
    With ``version`` the editor shows that version to read, and autosaved work is not offered."""
    api = APIS[kind]
    record = api.get(vault, record_id) if version is None else api.version(vault, record_id, version)
    child_id = record.record.child_id
    data = OpenData(record=record, versions=versions_with_checks(vault, api, record_id))
    if version is None:
        key = api.draft_key(record_id)
        data.draft = drafts.load_draft(vault, key)
        if data.draft is not None:
            data.draft_saved_at = next((d.saved_at for d in drafts.recover_drafts(vault) if d.draft_key == key), None)
    data.extra["tracked"] = {t.uid: t for t in recommendations_for_child(vault, child_id)}
    child = repository.get_child(vault, child_id)
    if kind == "review":
        data.extra["review"] = next((r for r in child.reviews if r.id == record.record.review_id), None)
        if version is None and prefill.needs_attendees(record.record.state, record.record.ever_finalised,
                                                       record.read_only, record.content):
            data.extra["prefilled"] = prefill.add_attendees(record.content, prefill.known_people(child))
    else:
        data.extra["escalations"] = [e for e in midway.escalation_intents(vault, child_id) if e.record_id == record_id]
    shared = EditorShared(child=child, wording=wording.wording_list(vault), phrases=phrasebank.list_phrases(vault),
                          templates=phrasebank.list_phrases(vault, phrasebank.TEMPLATE),
                          iro_name=records.iro_name(vault), own_words=spelling.own_words(vault))
    return data, shared
