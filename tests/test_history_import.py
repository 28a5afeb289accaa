"""The review history import: a spreadsheet tracker's reviews brought into a real vault, all or
nothing, with messages that name rows and columns and never a cell."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_desktop import changes
from iro_desktop.caseload import due, repository
from iro_desktop.caseload.model import PeriodOfCare, Placement, Review
from iro_desktop.caseload.visits import Visit, add_visit
from iro_desktop.errors import ValidationError
from iro_desktop.reports import history_import as hi
from iro_desktop.vault.committed import Audited
from tests.support.caseload_helpers import TODAY
from tests.support.cli_runner import run_cli
from tests.support.review_helpers import add_child

OLDER = "C900001"  # born 2 April 2013, looked after since 4 May 2021
YOUNG = "C900002"  # born 1 June 2023, looked after since 5 January 2024
HEAD = ",".join(hi.REQUIRED)
# A distinctive name: if it ever appears in a message, a cell was quoted.
NAME = "Lumenwick"


def _young(vault) -> None:
    add_child(vault, YOUNG, date_of_birth=date(2023, 6, 1), periods=[PeriodOfCare(date(2024, 1, 5), "C1")],
              placements=[Placement(date(2024, 1, 5), "U4", "Pat and Lee Gorsebeck", "Cornwall", "TR1")])


@pytest.fixture
def children(vault):
    add_child(vault, OLDER)
    _young(vault)
    return vault


def _csv(*rows: str, head: str = HEAD) -> bytes:
    return ("\r\n".join((head,) + rows) + "\r\n").encode("utf-8")


GOOD = _csv(
    f"{OLDER},2025-03-03,subsequent,PN1,Y,2025-03-07,2025-03-20,G,A,2025-06-02,Y",
    f"{OLDER},03/09/2025,subsequent,PN5,N,,,R,G,,N",
    f"{YOUNG},2024-02-01,first,PN0,,2024-02-05,2024-02-28,A,A,2024-03-04,",
)


def _state(vault) -> dict:
    with vault.read() as db:
        return {t: db.conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("review", "visit")} | {
            "audit": db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()}


def _import(vault, data: bytes, **kw):
    return hi.import_file(vault, data, today=TODAY, **kw)


def _problems(vault, data: bytes) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        _import(vault, data)
    return caught.value.problems


# ---- what an import writes ---------------------------------------------------------------------

def test_import_writes_reviews_details_and_midway_visits(children):
    plan, done = _import(children, GOOD)
    assert (done.reviews, done.midways, done.already) == (3, 2, 0)
    with children.read() as db:
        rows = db.conn.execute(
            "SELECT child_id, review_date, review_type, source, participation_code, child_seen_alone, "
            "parent_participated, rag_care_planning, rag_preparation, decisions_circulated_date, record_sent_date, "
            "period_id IS NOT NULL FROM review ORDER BY child_id, review_date").fetchall()
        visits = db.conn.execute("SELECT child_id, visit_date, purpose FROM visit ORDER BY visit_date").fetchall()
        actions = [a for (a,) in db.conn.execute("SELECT action FROM audit_log")]
    assert rows == [
        (OLDER, "2025-03-03", "subsequent", "history", "PN1", 1, 1, "green", "amber", "2025-03-07", "2025-03-20", 1),
        (OLDER, "2025-09-03", "subsequent", "history", "PN5", 0, 0, "red", "green", None, None, 1),
        (YOUNG, "2024-02-01", "first", "history", "PN0", None, None, "amber", "amber", "2024-02-05", "2024-02-28", 1),
    ]
    assert visits == [(YOUNG, "2024-03-04", "midway"), (OLDER, "2025-06-02", "midway")]
    assert actions.count(hi.AUDIT_ACTION) == 1 and actions.count("review.create") == 3
    assert actions.count("visit.create") == 2


def test_optional_columns_are_kept(children):
    head = HEAD + "," + ",".join(hi.OPTIONAL)
    data = _csv(f"{OLDER},2025-03-03,subsequent,PN2,Y,,,G,G,,Y,Y,Y,N,Y,N,Y,Y,Social worker was ill", head=head)
    _import(children, data)
    with children.read() as db:
        row = db.conn.execute("SELECT child_attended, advocate_offered, advocate_involved, "
                              "health_assessment_up_to_date, pep_up_to_date, permanence_plan_in_place, rearranged, "
                              "rearranged_reason FROM review").fetchone()
    assert row == (1, 1, 0, 1, 0, 1, 1, "Social worker was ill")


def test_reimporting_the_same_file_changes_nothing(children):
    _import(children, GOOD)
    before = _state(children)
    plan, done = _import(children, GOOD)
    assert done.reviews == 0 and len(plan.already) == 3 and not plan.new
    assert _state(children) == before  # not one row, not one audit row


def test_a_review_already_recorded_by_hand_is_reported_not_duplicated(children):
    repository.add_review(children, OLDER, Review(date(2025, 3, 3), "subsequent"), today=TODAY)
    plan, done = _import(children, GOOD)
    assert [r.row for r in plan.already] == [2] and done.reviews == 2
    with children.read() as db:
        assert db.conn.execute("SELECT COUNT(*) FROM review WHERE child_id = ? AND review_date = '2025-03-03'",
                               (OLDER,)).fetchone()[0] == 1
    assert "already in the vault" in plan.summary() and NAME not in plan.summary()


def test_dry_run_changes_nothing(children):
    before = _state(children)
    plan, done = _import(children, GOOD, dry_run=True)
    assert done is None and len(plan.new) == 3
    assert _state(children) == before


def test_the_import_changes_the_caseload_what_is_due_and_the_child():
    row = Audited(hi.AUDIT_ACTION, "import", "abc")
    assert changes.shown_by(row) == frozenset({changes.CASELOAD, changes.DUE, changes.CHILD})


def test_semicolons_and_a_byte_order_mark_are_read_like_the_caseload_import(children):
    data = b"\xef\xbb\xbf" + GOOD.decode().replace(",", ";").encode()
    plan, done = _import(children, data)
    assert done.reviews == 3
    assert any("semicolons" in w for w in plan.warnings)


def test_windows_1252_file_is_read(children):
    head = HEAD + ",rearranged,rearranged_reason"
    data = _csv(f"{OLDER},2025-03-03,subsequent,PN1,Y,,,G,G,,Y,Y,Carer’s car broke down", head=head)
    _plan, done = _import(children, data.decode().encode("cp1252"))
    with children.read() as db:
        assert db.conn.execute("SELECT rearranged_reason FROM review").fetchone()[0] == "Carer’s car broke down"
    assert done.reviews == 1


# ---- problems: all or nothing, by row and column, never quoting a cell ---------------------------

def _bad_file_problems(children, row: str, head: str = HEAD) -> list[tuple[str, str]]:
    before = _state(children)
    problems = _problems(children, _csv(f"{OLDER},2025-03-03,subsequent,PN1,Y,,,G,G,,Y", row, head=head))
    assert _state(children) == before  # the good row was not applied either
    for where, message in problems:
        assert NAME not in message and NAME not in where
    return problems


@pytest.mark.parametrize("row, where", [
    (f"{NAME},2025-04-03,subsequent,PN1,Y,,,G,G,,Y", "row 3, column child_id"),  # unknown child
    (f"{OLDER},{NAME},subsequent,PN1,Y,,,G,G,,Y", "row 3, column review_date"),
    (f"{OLDER},2025-02-30,subsequent,PN1,Y,,,G,G,,Y", "row 3, column review_date"),  # no such day
    (f"{OLDER},2099-01-01,subsequent,PN1,Y,,,G,G,,Y", "row 3, column review_date"),  # in the future
    (f"{OLDER},2025-04-03,{NAME},PN1,Y,,,G,G,,Y", "row 3, column review_type"),
    (f"{OLDER},2025-04-03,subsequent,{NAME},Y,,,G,G,,Y", "row 3, column participation_code"),
    (f"{OLDER},2025-04-03,subsequent,PN0,Y,,,G,G,,Y", "row 3, column participation_code"),  # 11 years old
    (f"{OLDER},2025-04-03,subsequent,PN1,{NAME},,,G,G,,Y", "row 3, column child_seen_alone"),
    (f"{OLDER},2025-04-03,subsequent,PN1,Y,{NAME},,G,G,,Y", "row 3, column decisions_circulated"),
    (f"{OLDER},2025-04-03,subsequent,PN1,Y,2025-04-01,,G,G,,Y", "row 3, column decisions_circulated"),
    (f"{OLDER},2025-04-03,subsequent,PN1,Y,,2025-04-02,G,G,,Y", "row 3, column record_distributed"),
    (f"{OLDER},2025-04-03,subsequent,PN1,Y,,,{NAME},G,,Y", "row 3, column rag_care_planning"),
    (f"{OLDER},2025-04-03,subsequent,PN1,Y,,,G,X,,Y", "row 3, column rag_preparation"),
    (f"{OLDER},2025-04-03,subsequent,PN1,Y,,,G,G,2025-04-03,Y", "row 3, column midway_date"),
    (f"{OLDER},2025-04-03,subsequent,PN1,Y,,,G,G,,{NAME}", "row 3, column parent_participated"),
    (f"{OLDER},2025-03-03,subsequent,PN1,Y,,,G,G,,Y", "row 3, column review_date"),  # the same review twice
    (",2025-04-03,subsequent,PN1,Y,,,G,G,,Y", "row 3, column child_id"),
    (f"{OLDER},2025-04-03,subsequent,PN1,Y,,,G,G,,Y,{NAME}", "row 3"),  # a stray comma
])
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_applied(children, row, where):
    problems = _bad_file_problems(children, row)
    assert where in [w for w, _m in problems], problems


def test_pn1_for_a_child_under_four_is_refused(children):
    problems = _problems(children, _csv(f"{YOUNG},2024-02-01,first,PN1,,,,,,,"))
    assert problems[0][0] == "row 2, column participation_code"
    # ...and PN0 for the same child and day is accepted: the rule, not the code, refused it.
    assert _import(children, _csv(f"{YOUNG},2024-02-01,first,PN0,,,,,,,"))[1].reviews == 1


def test_a_rearranged_review_needs_its_reason(children):
    head = HEAD + ",rearranged,rearranged_reason"
    problems = _bad_file_problems(children, f"{OLDER},2025-04-03,subsequent,PN1,Y,,,G,G,,Y,Y,", head=head)
    assert ("row 3, column rearranged_reason" in [w for w, _m in problems])


def test_a_missing_required_column_is_named(children):
    head = HEAD.replace(",midway_date", "")
    problems = _problems(children, _csv(f"{OLDER},2025-04-03,subsequent,PN1,Y,,,G,G,Y", head=head))
    assert problems[0][0] == "row 1" and "midway_date" in problems[0][1]


def test_every_problem_is_listed_at_once(children):
    problems = _problems(children, _csv(f"{OLDER},{NAME},subsequent,PN1,Y,,,G,G,,Y",
                                        f"{OLDER},2025-04-03,{NAME},PN1,Y,,,Q,G,,Y"))
    assert {w for w, _m in problems} == {"row 2, column review_date", "row 3, column review_type",
                                         "row 3, column rag_care_planning"}


def test_the_cell_is_kept_apart_for_the_preview_only(children):
    with pytest.raises(ValidationError) as caught:
        _import(children, _csv(f"{OLDER},{NAME},subsequent,PN1,Y,,,G,G,,Y"))
    assert caught.value.cells["row 2, column review_date"] == NAME
    assert NAME not in str(caught.value)


# ---- it feeds My week exactly like a review recorded by hand -------------------------------------

def _twin(vault, child_id: str) -> None:
    add_child(vault, child_id, seed_last_review_date=None, seed_reviews_held=None)


def _due_of(vault, child_id: str, on: date):
    with vault.read() as db:
        nxt = due.next_review_on(db.conn, child_id, on)
    item = next(d for d in due.caseload_due(vault, on) if d.child_id == child_id)
    return nxt.due, nxt.kind, [(i.kind, i.due, i.status) for i in item.items]


def test_next_review_after_import_equals_the_one_after_recording_by_hand(vault):
    _twin(vault, "C1")
    _twin(vault, "C2")
    hi.import_file(vault, _csv("C1,2025-06-02,subsequent,PN1,Y,2025-06-05,2025-06-20,G,G,2025-09-01,Y"), today=TODAY)
    review = repository.add_review(vault, "C2", Review(date(2025, 6, 2), "subsequent"), today=TODAY)
    repository.record_review_paperwork(vault, review.id, record_sent=date(2025, 6, 20),
                                       decisions_circulated=date(2025, 6, 5), today=TODAY)
    add_visit(vault, Visit("C2", date(2025, 9, 1), "midway", None), today=TODAY)
    assert _due_of(vault, "C1", TODAY) == _due_of(vault, "C2", TODAY)
    # The only review in the vault, so the next is the second: three months on.
    assert _due_of(vault, "C1", TODAY)[0] == date(2025, 9, 2)


_EXAMPLES = itertools.count()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(st.integers(min_value=0, max_value=1650), min_size=1, max_size=4, unique=True))
def test_any_history_gives_the_same_due_dates_as_the_same_reviews_by_hand(vault, days):
    """Whatever reviews a tracker holds, My week says for an imported child what it says for a
    twin whose same reviews were recorded one by one."""
    n = next(_EXAMPLES)  # one vault for every example: each gets twins of its own
    a, b = f"A{n}", f"B{n}"
    for cid in (a, b):
        assert not vault_has(vault, cid)
        _twin(vault, cid)
    held = sorted(date(2021, 5, 10) + timedelta(days=d) for d in days)
    kinds = ["first"] + ["second"] + ["subsequent"] * 4
    rows = [f"{a},{h.isoformat()},{kinds[i]},PN1,Y,,,G,G,,Y" for i, h in enumerate(held)]
    hi.import_file(vault, _csv(*rows), today=TODAY)
    for i, h in enumerate(held):
        repository.add_review(vault, b, Review(h, kinds[i]), today=TODAY)
    assert _due_of(vault, a, TODAY) == _due_of(vault, b, TODAY)


def vault_has(vault, child_id: str) -> bool:
    with vault.read() as db:
        return db.conn.execute("SELECT 1 FROM child WHERE child_id = ?", (child_id,)).fetchone() is not None


# ---- the command -----------------------------------------------------------------------------

@pytest.mark.slow
def test_command_previews_imports_and_refuses_without_quoting(tmp_path):
    from iro_desktop.vault import Vault
    from tests.conftest import FAST_KDF, PASSPHRASE

    home = tmp_path / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        add_child(vault, OLDER)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    good = tmp_path / "history.csv"
    good.write_bytes(_csv(f"{OLDER},2025-03-03,subsequent,PN1,Y,,,G,A,2025-06-02,Y"))
    base = ("--vault", home, "--no-keychain")

    out = run_cli(*base, "import-reviews", good, "--dry-run", "--json", "--passphrase-file", secret)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["applied"] is False and [r["row"] for r in answer["new"]] == [2]

    out = run_cli(*base, "import-reviews", good, "--passphrase-file", secret)
    assert out.returncode == 0 and "Imported 1 review." in out.stdout, out.stderr
    out = run_cli(*base, "import-reviews", good, "--passphrase-file", secret)
    assert out.returncode == 0 and "Nothing new to import" in out.stdout

    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(f"{OLDER},{NAME},subsequent,PN1,Y,,,G,A,,Y"))
    out = run_cli(*base, "import-reviews", bad, "--passphrase-file", secret)
    assert out.returncode == 1
    assert "row 2, column review_date" in out.stderr and NAME not in out.stderr + out.stdout
    assert "Traceback" not in out.stderr
