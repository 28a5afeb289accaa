"""The 903 Reviews export, checked against the review rules of the public 903 validator
(data-to-insight/csc-validator-be-903, lac_validator/rules/lac2022_23: 166, 167, 399, 440, 441,
1012, INT17), each rule ported below and each shown to catch the fault it is for."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.caseload import repository
from iro_desktop.caseload.model import PeriodOfCare, Placement, Review
from iro_desktop.reports import history_import as hi
from iro_desktop.reports import return_903
from tests.support.caseload_helpers import TODAY
from tests.support.cli_runner import run_cli
from tests.support.review_helpers import IRO, add_child, complete, rec
from iro_desktop.reviews.model import Meeting
from iro_desktop.reviews.records import set_iro_name

OLDER = "C900001"  # born 2 April 2013, looked after since 4 May 2021 (C2)
START, END = date(2025, 4, 1), date(2025, 12, 31)
HEAD = ",".join(hi.REQUIRED)


def _history(vault, *rows: str) -> None:
    hi.import_file(vault, ("\r\n".join((HEAD,) + rows) + "\r\n").encode(), today=TODAY)


def _finalised(vault, child_id: str, held: date, code: str = "PN1", *, meetings: list[date] | None = None):
    r = reviews.start_review(vault, child_id, held, "subsequent", held_as_series=bool(meetings), today=TODAY)
    c = complete(r.content)
    c.details.participation_code = code
    if meetings:
        c.details.meetings = [Meeting(m, "in_person") for m in meetings]
    c.recommendations.append(rec())
    for p in c.previous:
        p.outcome = "done"
    return reviews.finalise_review(vault, r.id, finalised_by=IRO, on=max([held] + (meetings or [])), content=c,
                                   today=TODAY)


# ---- the validator's rules, ported (the file alone; 399 and 1012 need the council's episodes) ----

def _dmy(text: str) -> date | None:
    try:
        d, m, y = text.split("/")
        if len(d) != 2 or len(m) != 2 or len(y) != 4:
            return None
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _plus_years(d: date, years: int) -> date:
    # pandas' DateOffset(years=4): the same day, or the month's last day when there is none.
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def validator_errors(data: bytes, start: date, end: date) -> dict[str, list[int]]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    errors: dict[str, list[int]] = {"166": [], "167": [], "440": [], "441": [], "in_period": [], "duplicate": []}
    seen = set()
    for i, r in enumerate(rows):
        review, dob, code = _dmy(r["REVIEW"] or ""), _dmy(r["DOB"] or ""), r["REVIEW_CODE"] or None
        if review is None:
            errors["166"].append(i)
        given = bool(r["REVIEW"])  # 167 asks only whether a date is there (notna), not whether it is valid
        if not ((given and code in {f"PN{n}" for n in range(8)}) or (not given and code is None)):
            errors["167"].append(i)
        if review and dob and code == "PN0" and review > _plus_years(dob, 4):
            errors["440"].append(i)
        if review and dob and code in {f"PN{n}" for n in range(1, 8)} and review < _plus_years(dob, 4):
            errors["441"].append(i)
        if review and not start <= review <= end:
            errors["in_period"].append(i)
        if (r["CHILD"], r["REVIEW"]) in seen:
            errors["duplicate"].append(i)
        seen.add((r["CHILD"], r["REVIEW"]))
    return {k: v for k, v in errors.items() if v}


def test_the_ported_rules_catch_each_fault():
    """The oracle is not a test that cannot fail: each rule flags the row made to break it."""
    bad = ("CHILD,DOB,REVIEW,REVIEW_CODE\r\n"
           "A,02/04/2013,2025-05-01,PN1\r\n"  # 166: not DD/MM/YYYY
           "B,02/04/2013,01/05/2025,\r\n"  # 167: a date without a code
           "C,02/04/2013,,PN1\r\n"  # 167 (and 166): a code without a date
           "D,02/04/2013,01/05/2025,PN0\r\n"  # 440: PN0 at 12
           "E,01/06/2023,01/05/2025,PN1\r\n"  # 441: PN1 at 1
           "F,02/04/2013,01/05/2024,PN1\r\n"  # outside the period
           "G,02/04/2013,01/05/2025,PN1\r\nG,02/04/2013,01/05/2025,PN1\r\n").encode()
    assert validator_errors(bad, START, END) == {"166": [0, 2], "167": [1, 2], "440": [3], "441": [4],
                                                 "in_period": [5], "duplicate": [7]}


# ---- the export ------------------------------------------------------------------------------

@pytest.fixture
def caseload(vault):
    add_child(vault, OLDER)
    set_iro_name(vault, IRO)
    return vault


def test_history_and_finalised_records_make_valid_rows(caseload, tmp_path):
    _history(caseload, f"{OLDER},2025-04-01,subsequent,PN5,Y,,,G,G,,Y",  # the period's first day: in
             f"{OLDER},2025-03-31,subsequent,PN5,Y,,,G,G,,Y")  # the day before: out
    _finalised(caseload, OLDER, date(2025, 10, 1), "PN2")
    out = tmp_path / "reviews.csv"
    result = return_903.export_903(caseload, START, END, out)
    data = out.read_bytes()
    assert data == (b"CHILD,DOB,REVIEW,REVIEW_CODE\r\n"
                    b"C900001,02/04/2013,01/04/2025,PN5\r\n"
                    b"C900001,02/04/2013,01/10/2025,PN2\r\n")
    assert validator_errors(data, START, END) == {}
    assert result.refused == [] and os.stat(out).st_mode & 0o777 == 0o600
    with caseload.read() as db:
        assert db.conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = ?",
                               (return_903.AUDIT_ACTION,)).fetchone()[0] == 1


def test_the_period_end_is_included(caseload):
    _history(caseload, f"{OLDER},2025-12-31,subsequent,PN1,Y,,,G,G,,Y")
    assert [r.review_date for r in return_903.reviews_for_return(caseload, START, END).rows] == [END]
    assert return_903.reviews_for_return(caseload, START, date(2025, 12, 30)).rows == []


def test_rule_167_a_review_without_a_code_is_refused(caseload):
    repository.add_review(caseload, OLDER, Review(date(2025, 5, 1), "subsequent"), today=TODAY)  # no record
    _history(caseload, f"{OLDER},2025-06-02,subsequent,,Y,,,G,G,,Y")  # no code in the tracker
    draft = reviews.start_review(caseload, OLDER, date(2025, 7, 1), "subsequent", today=TODAY)  # never finalised
    assert draft.content.details.participation_code is None
    result = return_903.reviews_for_return(caseload, START, END)
    assert result.rows == []
    assert [(r.review_date, "167" in r.reason) for r in result.refused] == [
        (date(2025, 5, 1), True), (date(2025, 6, 2), True), (date(2025, 7, 1), True)]
    assert validator_errors(result.csv_bytes(), START, END) == {}


def test_rules_440_and_441_a_code_that_no_longer_fits_the_age_is_refused(caseload):
    """A date of birth corrected after the review was recorded leaves a code that breaks the
    validator's age rules; the export refuses it instead of writing it."""
    add_child(caseload, "C900002", date_of_birth=date(2021, 6, 1), periods=[PeriodOfCare(date(2022, 1, 5), "C1")],
              placements=[Placement(date(2022, 1, 5), "U4", "Pat and Lee Gorsebeck", "Cornwall", "TR1")])
    _history(caseload, "C900002,2025-05-01,subsequent,PN0,,,,G,G,,",  # aged 3: PN0 is right
             f"{OLDER},2025-05-01,subsequent,PN1,Y,,,G,G,,Y")
    for child_id, dob in (("C900002", date(2020, 6, 1)), (OLDER, date(2021, 6, 2))):
        child = repository.get_child(caseload, child_id)
        child.date_of_birth = dob
        if child_id == OLDER:
            child.periods = [PeriodOfCare(date(2021, 6, 3), "C2")]
            child.placements = [Placement(date(2021, 6, 3), "U4", "Pat and Lee Gorsebeck", "Cornwall", "TR1")]
            child.seed_last_review_date = None
        repository.update_child(caseload, child, today=TODAY)
    result = return_903.reviews_for_return(caseload, START, END)
    assert result.rows == []
    assert sorted(r.child_id for r in result.refused if "440 and 441" in r.reason) == ["C900001", "C900002"]
    # Written as they were, both would fail the validator: the refusal is what keeps the file valid.
    as_written = return_903.Return903(START, END, [return_903.ReturnRow("C900002", date(2020, 6, 1),
                                                                        date(2025, 5, 1), "PN0"),
                                                   return_903.ReturnRow(OLDER, date(2021, 6, 2),
                                                                        date(2025, 5, 1), "PN1")])
    assert validator_errors(as_written.csv_bytes(), START, END) == {"440": [0], "441": [1]}


def test_rule_399_no_reviews_for_short_breaks(caseload):
    add_child(caseload, "C900003", periods=[PeriodOfCare(date(2024, 1, 5), "V3")],
              placements=[Placement(date(2024, 1, 5), "U4", "Pat and Lee Gorsebeck", "Cornwall", "TR1")])
    _history(caseload, "C900003,2025-05-01,subsequent,PN1,Y,,,G,G,,Y")
    result = return_903.reviews_for_return(caseload, START, END)
    assert result.rows == [] and "399" in result.refused[0].reason


def test_rule_1012_no_reviews_outside_a_period_of_care(caseload):
    add_child(caseload, "C900004", periods=[PeriodOfCare(date(2021, 5, 4), "C2", date(2025, 4, 30))],
              placements=[Placement(date(2021, 5, 4), "U4", "Pat and Lee Gorsebeck", "Cornwall", "TR1",
                                    end_date=date(2025, 4, 30))], care_leaver=True)
    _history(caseload, "C900004,2025-04-30,subsequent,PN1,Y,,,G,G,,Y",  # the last day in care: in
             "C900004,2025-10-01,pathway,PN1,Y,,,G,G,,Y")  # a care leaver's pathway review: not in the return
    result = return_903.reviews_for_return(caseload, START, END)
    assert [r.review_date for r in result.rows] == [date(2025, 4, 30)]
    assert [(r.review_date, "1012" in r.reason) for r in result.refused] == [(date(2025, 10, 1), True)]


def test_one_row_per_child_and_day(caseload):
    _history(caseload, f"{OLDER},2025-06-02,subsequent,PN1,Y,,,G,G,,Y")
    _finalised(caseload, OLDER, date(2025, 6, 2), "PN1")  # the same day, recorded again by hand
    result = return_903.reviews_for_return(caseload, START, END)
    assert len(result.rows) == 1 and "duplicate" in result.refused[0].reason
    assert validator_errors(result.csv_bytes(), START, END) == {}


def test_a_series_counts_from_its_first_meeting(caseload):
    _finalised(caseload, OLDER, date(2025, 3, 28), "PN1", meetings=[date(2025, 3, 28), date(2025, 4, 4)])
    _finalised(caseload, OLDER, date(2025, 12, 30), "PN1", meetings=[date(2025, 12, 30), date(2026, 1, 6)])
    rows = return_903.reviews_for_return(caseload, START, END).rows
    assert [r.review_date for r in rows] == [date(2025, 12, 30)]  # not the March series, whose second is in April


def test_refusals_name_the_child_and_date_only(caseload):
    _history(caseload, f"{OLDER},2025-06-02,subsequent,,Y,,,G,G,,Y")
    line = return_903.reviews_for_return(caseload, START, END).refused[0].line()
    assert line.startswith("C900001, 02/06/2025: ")
    child = repository.get_child(caseload, OLDER)
    assert child.first_name not in line and child.last_name not in line


def test_finalised_content_not_the_history_columns_is_the_source(caseload):
    """A review imported with PN5 whose record is then written and finalised with PN2: the
    record's code goes into the return."""
    _history(caseload, f"{OLDER},2025-06-02,subsequent,PN5,Y,,,G,G,,Y")
    with caseload.read() as db:
        review_id = db.conn.execute("SELECT id FROM review").fetchone()[0]
    r = reviews.start_record_for_review(caseload, review_id)
    c = complete(r.content)
    c.details.participation_code = "PN2"
    c.recommendations.append(rec())
    reviews.finalise_review(caseload, r.id, finalised_by=IRO, on=date(2025, 6, 2), content=c, today=TODAY)
    assert [r.code for r in return_903.reviews_for_return(caseload, START, END).rows] == ["PN2"]


@pytest.mark.slow
def test_command_writes_the_file_and_lists_what_it_left_out(tmp_path):
    from iro_desktop.vault import Vault
    from tests.conftest import FAST_KDF, PASSPHRASE

    home = tmp_path / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        add_child(vault, OLDER)
        _history(vault, f"{OLDER},2025-05-01,subsequent,PN1,Y,,,G,G,,Y", f"{OLDER},2025-06-02,subsequent,,Y,,,G,G,,Y")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    out_file = tmp_path / "903.csv"
    out = run_cli("--vault", home, "--no-keychain", "export-903", "--from", "2025-04-01", "--to", "2025-12-31",
                  "--out", out_file, "--passphrase-file", secret)
    assert out.returncode == 0, out.stderr
    assert out_file.read_bytes() == b"CHILD,DOB,REVIEW,REVIEW_CODE\r\nC900001,02/04/2013,01/05/2025,PN1\r\n"
    assert "Left out: C900001, 02/06/2025" in out.stderr
    out = run_cli("--vault", home, "--no-keychain", "export-903", "--from", "2025-04-01", "--to", "2025-12-31",
                  "--out", out_file, "--json", "--passphrase-file", secret)
    assert json.loads(out.stdout)["rows"] == 1
    out = run_cli("--vault", home, "--no-keychain", "export-903", "--from", "01/04/2025", "--to", "2025-12-31",
                  "--out", out_file, "--passphrase-file", secret)
    assert out.returncode == 1 and "--from must be a date" in out.stderr
