"""What a child's print preview offers: their written records to print from, each with its
versions, and whether the IRO's details for children hold their name yet (a letter signs with it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from iro_desktop.printing import profile
from iro_desktop.reviews import midway, records
from iro_desktop.reviews.lifecycle import RecordInfo, VersionInfo


@dataclass(frozen=True)
class RecordChoice:
    """One record the IRO can print from, with its versions (oldest first)."""

    info: RecordInfo
    versions: tuple[VersionInfo, ...] = ()


@dataclass
class Choices:
    records: list[RecordChoice] = field(default_factory=list)  # newest first
    iro_named: bool = True  # the IRO's details for children hold their name

    def find(self, record_id: int | None) -> RecordChoice | None:
        return next((c for c in self.records if c.info.id == record_id), None)

    @property
    def latest_review(self) -> RecordChoice | None:
        return next((c for c in self.records if c.info.kind == records.KIND), None)


def load_choices(vault, child_id: str, *, with_records: bool = True) -> Choices:
    """The child's review records and midway reviews, newest first (by date, then by id), each
    with its versions; and whether the IRO's name is in their details for children yet. Without
    ``with_records`` (a preview of unsaved words, which prints only them) only the latter."""
    named = bool(profile.iro_profile(vault).name)
    if not with_records:
        return Choices(iro_named=named)
    found = [RecordChoice(info, tuple(records.review_versions(vault, info.id)))
             for info in records.review_records(vault, child_id)]
    found += [RecordChoice(info, tuple(midway.midway_versions(vault, info.id)))
              for info in midway.midway_records(vault, child_id)]
    found.sort(key=lambda c: (c.info.record_date, c.info.id), reverse=True)
    return Choices(found, named)
