"""Helpers for the sync tests: finalised records in a vault, and a target that records calls."""

from __future__ import annotations

from datetime import date
from typing import Callable

from iro_desktop import reviews
from tests.support.caseload_helpers import TODAY
from tests.support.review_helpers import CHILD, IRO, add_child, complete, rec
from iro_desktop.reviews.records import set_iro_name

HELD = date(2026, 1, 6)
MIDWAY_HELD = date(2025, 9, 1)


def finalised_review(vault, child_id: str = CHILD, held: date = HELD, *, add: bool = True):
    """A child (added unless ``add`` is False) with one finalised review record: returns it."""
    if add:
        add_child(vault, child_id)
        set_iro_name(vault, IRO)
    r = reviews.start_review(vault, child_id, held, "subsequent", today=TODAY)
    c = complete(r.content)
    c.recommendations.append(rec())
    c.qa.care_planning_rag = "green"
    return reviews.finalise_review(vault, r.id, finalised_by=IRO, on=held, content=c, today=TODAY)


def finalised_midway(vault, child_id: str = CHILD, *, note: str = "Hi Lu, I heard about your bike!"):
    """A review on 1 Sep 2025 and a finalised midway review after it (with a note to the child)."""
    add_child(vault, child_id)
    set_iro_name(vault, IRO)
    finalised_review(vault, child_id, MIDWAY_HELD, add=False)
    m = reviews.start_midway(vault, child_id, date(2025, 11, 28), today=TODAY)
    c = m.content
    c.how = "social_worker_meeting"
    for p in c.progress:
        p.progress = "on_track"
        p.note = "Booked"
    c.child_views = "Lu said she **loves** her new bike."
    c.child_note = note
    return reviews.finalise_midway(vault, m.id, finalised_by=IRO, content=c, today=TODAY)


class RecordingTarget:
    """A real target with every call recorded, and an optional fault run before the n-th put
    (``before_put[n] = callable``), e.g. removing the folder between two files."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.where = inner.where
        self.calls: list[tuple[str, str]] = []
        self.before_put: dict[int, Callable[[], None]] = {}
        self.puts = 0

    def check(self) -> None:
        self.calls.append(("check", ""))
        self.inner.check()

    def ensure_folder(self, folder: str) -> None:
        self.calls.append(("ensure_folder", folder))
        self.inner.ensure_folder(folder)

    def put(self, path: str, data: bytes, sha256: str) -> None:
        self.puts += 1
        fault = self.before_put.get(self.puts)
        if fault is not None:
            fault()
        self.calls.append(("put", path))
        self.inner.put(path, data, sha256)

    def list(self, folder: str) -> list[str]:
        self.calls.append(("list", folder))
        return self.inner.list(folder)

    def get(self, path: str) -> bytes:
        self.calls.append(("get", path))
        return self.inner.get(path)

    def put_paths(self) -> list[str]:
        return [p for c, p in self.calls if c == "put"]
