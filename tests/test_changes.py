"""What a change reports it changed (``iro_desktop.changes``) must cover everything a screen
reads: the caseload list, what is due, each child's record and their written records. The
property test makes random changes and compares what every screen would read before and after
with what the change said; one test below shows that check catches a change left unsaid."""

from __future__ import annotations

import ast
import copy
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from iro_desktop import changes
from iro_desktop.caseload import due, overview, repository, visits
from iro_desktop.caseload.model import Review
from iro_desktop.caseload.visits import Visit
from iro_desktop.documents.phrasebank import PHRASE, TEMPLATE
from iro_desktop.escalations import good_practice
from iro_desktop.errors import IroError
from iro_desktop.reviews import midway, records
from iro_desktop.trips import store
from iro_desktop.vault.committed import Audited, watch
from tests.support.caseload_helpers import make_child

ROOT = Path(__file__).resolve().parents[1]
TODAY = date.today()


def _run(job) -> changes.Changes:
    with watch() as rows:
        try:
            job()
        except IroError:
            pass  # refused: it must then report nothing, and change nothing
    return changes.changes_of(rows)


def _screens(vault) -> dict:
    """What each screen reads."""
    ids = [c.child_id for c in repository.list_children(vault, include_not_allocated=True)]
    return {
        "caseload": {c.child_id: c for c in repository.list_children(vault, include_not_allocated=True)},
        "due": overview.load(vault, TODAY),
        "child": {cid: (repository.get_child(vault, cid), visits.visits_for(vault, cid)) for cid in ids},
        "records": {cid: records.review_records(vault, cid) + midway.midway_records(vault, cid) for cid in ids},
    }


def _unsaid(before: dict, after: dict, change: changes.Changes) -> list[str]:
    """The differences a screen would show that ``change`` did not say."""
    missed = []
    for screen, shown in (("caseload", changes.CASELOAD), ("child", changes.CHILD), ("records", changes.RECORDS)):
        empty = [] if screen == "records" else None  # a new child has no records yet
        for cid in set(before[screen]) | set(after[screen]):
            if before[screen].get(cid, empty) != after[screen].get(cid, empty):
                if not change.changed(shown) or not change.concerns(cid):
                    missed.append(f"{screen} of {cid}")
    if before["due"] != after["due"] and not change.changed(changes.DUE):
        missed.append("due")
    return missed


def _child_ids(vault) -> list[str]:
    return [c.child_id for c in repository.list_children(vault, include_not_allocated=True)]


def _ops(vault, n: int, pick: int):
    """The n-th kind of change, on the pick-th child (the same kinds the app's screens make)."""
    ids = _child_ids(vault)
    cid = ids[pick % len(ids)] if ids else None
    if n == 0 or cid is None:
        new_id = f"C{700 + len(ids)}"
        return lambda: repository.add_child(vault, make_child(new_id, reviews=[]))
    child = repository.get_child(vault, cid)
    if n == 1:
        edited = copy.deepcopy(child)
        edited.social_worker_name = f"Robin {pick}"
        return lambda: repository.update_child(vault, edited)
    if n == 2:
        return lambda: repository.set_allocated(vault, cid, not child.allocated)
    if n == 3:
        held = max([r.review_date for r in child.reviews] + [TODAY - timedelta(days=200)]) + timedelta(days=1 + pick)
        return lambda: repository.add_review(vault, cid, Review(min(held, TODAY), "second"))
    if n == 4:
        return lambda: visits.add_visit(vault, Visit(cid, TODAY - timedelta(days=pick), "midway", True))
    if n == 5:
        return lambda: records.start_review(vault, cid, TODAY - timedelta(days=pick), "second")
    if n == 6:
        mine = records.review_records(vault, cid)
        if not mine:
            return lambda: records.start_review(vault, cid, TODAY - timedelta(days=pick + 1), "second")
        rec = records.get_review(vault, mine[-1].id)
        rec.content.letter.set_body("how_you_are", f"Seen at home, visit {pick}.")
        return lambda: records.save_review(vault, rec.id, rec.content)
    if n == 7:
        return lambda: store.plan_trip(vault, "Cornwall", TODAY + timedelta(days=3), TODAY + timedelta(days=4), [cid])
    if n == 8:
        standards = due.timescale_settings(vault)
        return lambda: due.save_timescale_settings(vault, replace(
            standards, due_soon_working_days=5 + (standards.due_soon_working_days + pick) % 20))
    if n == 9:
        return lambda: records.set_iro_name(vault, f"Sam {pick}")
    if n == 10:
        return lambda: repository.set_council_area(vault, ["Northshire", "Cornwall"][pick % 2])
    reviews = [r for r in child.reviews if r.id is not None]
    if not reviews:
        return lambda: None
    return lambda: repository.record_review_paperwork(vault, reviews[-1].id, record_sent=TODAY)


OPS = 12


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, OPS - 1), st.integers(0, 9)), min_size=1, max_size=6))
def test_every_change_says_every_screen_it_changed(vault, steps):
    for n, pick in steps:
        job = _ops(vault, n, pick)
        before = _screens(vault)
        change = _run(job)
        after = _screens(vault)
        assert _unsaid(before, after, change) == [], f"change {n} left unsaid"


def test_the_check_catches_a_change_left_unsaid(vault, monkeypatch):
    """Were a visit said to change nothing, the comparison above would find the child's record
    changed all the same."""
    repository.add_child(vault, make_child("C800", reviews=[]))
    monkeypatch.setitem(changes._SHOWN_BY_ACTION, "visit", changes.NOTHING)
    before = _screens(vault)
    change = _run(lambda: visits.add_visit(vault, Visit("C800", TODAY, "midway", True)))
    assert not change
    assert "child of C800" in _unsaid(before, _screens(vault), change)


def test_saving_a_letter_changes_the_records_only(vault):
    repository.add_child(vault, make_child("C801", reviews=[]))
    rec = records.start_review(vault, "C801", TODAY - timedelta(days=2), "second")
    rec.content.letter.set_body("how_you_are", "Lovely to see you.")
    change = _run(lambda: records.save_review(vault, rec.id, rec.content))
    assert change.shown == {changes.RECORDS} and change.children == {"C801"} and not change.everyone
    # Autosaved drafts and the IRO's name reach no screen that reloads.
    assert not _run(lambda: records.set_iro_name(vault, "Sam Ravensmoss"))


def test_a_change_to_one_child_names_that_child_only(vault):
    for cid in ("C802", "C803"):
        repository.add_child(vault, make_child(cid, reviews=[]))
    change = _run(lambda: repository.set_allocated(vault, "C803", False))
    assert change.children == {"C803"} and not change.everyone
    assert change.concerns("C803") and not change.concerns("C802")
    # The caseload's rows of some children read only those rows.
    assert [c.child_id for c in repository.list_children(vault, True, child_ids=change.children)] == ["C803"]
    assert repository.list_children(vault, False, child_ids=change.children) == []


def test_what_a_person_consulted_sent_back_names_the_meetings_child(vault):
    from datetime import timedelta

    from iro_desktop.preparation import consultation

    for cid in ("C804", "C805"):
        repository.add_child(vault, make_child(cid, reviews=[]))
    booked = consultation.book_with_list(vault, "C805", TODAY + timedelta(days=14), how="virtual")
    child = next(c for c in consultation.consultees(vault, booked.meeting.id) if c.role == "child")
    change = _run(lambda: consultation.record_returned(vault, child.id, TODAY, "paper",
                                                       {"going_well": "My new school"}))
    assert change.changed(changes.RECORDS) and change.children == {"C805"} and not change.everyone


def test_a_good_practice_note_about_no_child_names_no_child(vault):
    # Its child_id is NULL: the set of children concerned must not gain a None, which would
    # read as "a child" to every screen that asks.
    change = _run(lambda: good_practice.record_good_practice(vault, about="other", what="A well-run meeting."))
    assert None not in change.children and "" not in change.children
    assert change.changed("records")


def test_what_a_refused_or_rolled_back_change_wrote_is_never_told(vault):
    repository.add_child(vault, make_child("C804", reviews=[]))
    with watch() as rows:
        with pytest.raises(RuntimeError):
            with vault.transaction() as tx:
                with vault.transaction() as inner:  # commits only with the outer one
                    inner.audit("visit.create", "visit", 1)
                tx.audit("child.update", "child", "C804")
                raise RuntimeError("rolled back")
        with vault.transaction() as tx:
            with vault.transaction() as inner:
                inner.audit("trip.create", "trip", 1)
            assert rows == []  # not yet: the outer transaction has not committed
            tx.audit("trip.cancel", "trip", 1)
        assert [r.action for r in rows] == ["trip.create", "trip.cancel"]
    assert changes.changes_of(rows).shown == {changes.DUE}


def test_an_action_not_known_changes_everything():
    change = changes.changes_of([Audited("something.new", "thing", "1")])
    assert change.everyone and change.shown == changes.EVERYTHING and change.concerns("C1")


def _audit_actions() -> set[str]:
    """The first word(s) of every audit action the core writes (up to any part filled in):
    ``tx.audit(action, ...)`` and ``audit.append(conn, key, action, ...)``, the action given as a
    string, an f-string or a module-level constant."""
    found = set()
    for path in (ROOT / "iro_desktop").rglob("*.py"):
        tree = ast.parse(path.read_text())
        constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                     and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                     for t in n.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            at = {"audit": 0, "append": 2}.get(node.func.attr)
            if at is None or len(node.args) <= at:
                continue
            if node.func.attr == "append" and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"):
                continue
            arg = node.args[at]
            if isinstance(arg, ast.Constant):
                found.add(arg.value)
            elif isinstance(arg, ast.Name) and arg.id in constants:
                found.add(constants[arg.id])
            elif isinstance(arg, ast.JoinedStr):
                found.add("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in arg.values))
    return found


def test_every_audit_action_the_core_writes_is_placed_on_its_screens():
    """A new kind of change is placed deliberately, not left to "everything"."""
    unplaced = []
    for action in _audit_actions():
        # What fills the part left open: a record's kind, a phrase bank entry's kind, any word.
        kinds = ("review", "midway") if action.startswith("{}_record") else \
            (PHRASE, TEMPLATE) if action.startswith("{}.") else ("x",)
        for name in (action.replace("{}", kind, 1).replace("{}", "x") for kind in kinds):
            if changes.shown_by(Audited(name, "x", "1")) == changes.EVERYTHING and not (
                    name.startswith("import") or name == "vault.restore"):
                unplaced.append(name)
    assert unplaced == []
    assert _audit_actions() >= {"child.create", "{}_record.finalise", "trip.create", "vault.migrated"}
