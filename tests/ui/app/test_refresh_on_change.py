"""Each screen reloads when, and only when, what it shows has changed (``Worker.changed``):
a change to one child reads that child's row of the caseload again, not the whole list; saving
a letter reloads neither the caseload nor what is due; a change nobody asked a screen about
(made on the vault thread by any part of the app) still reaches the screens that show it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from iro_desktop.caseload import overview, repository
from iro_desktop.caseload.model import Review
from iro_desktop.reviews import records
from tests.ui.window_support import settle, unlock


@pytest.fixture
def reads(monkeypatch):
    """Every read of the caseload list (with the children it was limited to) and of what is due."""
    seen: dict[str, list] = {"list": [], "due": []}
    list_children, load = repository.list_children, overview.load
    loading = []  # what is due reads the list too (the trips): not the caseload screen's read

    def counted_list(vault, include_not_allocated=False, today=None, child_ids=None):
        if not loading:
            seen["list"].append(None if child_ids is None else set(child_ids))
        return list_children(vault, include_not_allocated, today, child_ids)

    def counted_load(vault, today):
        seen["due"].append(today)
        loading.append(True)
        try:
            return load(vault, today)
        finally:
            loading.pop()

    monkeypatch.setattr(repository, "list_children", counted_list)
    monkeypatch.setattr(overview, "load", counted_load)
    return seen


def _on_vault_thread(window, qtbot, job):
    window.worker.run(lambda: job(window.vault), text="Working…")
    settle(window, qtbot)


def _names(window) -> list[str]:
    model = window.caseload.model
    return sorted(model.summary(i).child_id for i in range(model.rowCount()))


def test_a_change_to_one_child_reads_only_their_row(closed_vault, window, qtbot, reads):
    unlock(window, qtbot)
    assert reads["list"] == [None] and len(reads["due"]) == 1  # the unlock reads everything once
    window.caseload.select("C100")
    settle(window, qtbot)
    reads["list"].clear(), reads["due"].clear()

    _on_vault_thread(window, qtbot, lambda v: repository.set_allocated(v, "C200", False))
    assert reads["list"] == [{"C200"}] and len(reads["due"]) == 1
    assert _names(window) == ["C100", "C300"]  # gone from the list, the others left as they were
    assert window.caseload.current_child_id() == "C100"

    reads["list"].clear(), reads["due"].clear()
    held = date.today() - timedelta(days=3)
    _on_vault_thread(window, qtbot, lambda v: repository.add_review(v, "C100", Review(held, "second")))
    assert reads["list"] == [{"C100"}] and len(reads["due"]) == 1
    row = window.caseload.model.row_for("C100")
    assert window.caseload.model.summary(row).last_review_date == held


def test_saving_a_letter_reloads_neither_the_caseload_nor_what_is_due(closed_vault, window, qtbot, reads):
    unlock(window, qtbot)
    record = []
    _on_vault_thread(window, qtbot, lambda v: record.append(
        records.start_review(v, "C300", date.today() - timedelta(days=2), "second")))
    reads["list"].clear(), reads["due"].clear()

    rec = record[0]
    rec.content.letter.set_body("how_you_are", "It was good to see you at home.")
    _on_vault_thread(window, qtbot, lambda v: records.save_review(v, rec.id, rec.content))
    assert reads == {"list": [], "due": []}


def test_work_that_changes_nothing_reloads_nothing(closed_vault, window, qtbot, reads):
    unlock(window, qtbot)
    reads["list"].clear(), reads["due"].clear()
    _on_vault_thread(window, qtbot, lambda v: repository.set_allocated(v, "C100", True))  # it already is
    _on_vault_thread(window, qtbot, lambda v: repository.get_child(v, "C100"))
    assert reads == {"list": [], "due": []}
