"""The consultation figures of the annual report, on a hand-built dataset with known answers, in
the KPI figures and their schema, and a team merge of two vaults equal to one vault holding both."""

from __future__ import annotations

import uuid
from datetime import date, time

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import Review
from iro_desktop.preparation import consultation, figures, meetings
from iro_desktop.reports import kpis, team
from iro_desktop.reviews import records
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.caseload_helpers import make_child

BOOKED_ON = date(2026, 1, 12)
SOURCE_1 = str(uuid.uuid4())
START, END = date(2026, 1, 1), date(2026, 3, 31)


def _person(vault, meeting_id, role):
    found = [c for c in consultation.consultees(vault, meeting_id) if c.role == role]
    return found[0] if found else consultation.add(vault, meeting_id, role, agency="An agency")


def _sent(vault, mid, role, how="email"):
    c = _person(vault, mid, role)
    consultation.record_sent(vault, c.id, BOOKED_ON, how, today=BOOKED_ON)
    return c


def _back(vault, c, on, how, answers=None):
    consultation.record_returned(vault, c.id, on, how, answers, today=on)


def _book(vault, cid, day):
    return consultation.book_with_list(vault, cid, day, time(10), how="in_person", today=BOOKED_ON).meeting


def build(vault, which=("C1", "C2", "C3", "C4")) -> None:
    """The dataset: four reviews held in the period, three of them from booked meetings."""
    for cid in which:
        repository.add_child(vault, make_child(cid), today=BOOKED_ON)
    if "C1" in which:  # moved once; the child's form back before the meeting, on paper: wants to chair
        m = _book(vault, "C1", date(2026, 2, 20))
        _back(vault, _sent(vault, m.id, "child", "paper"), date(2026, 2, 2), "paper", {"chair": "yes"})
        _back(vault, _sent(vault, m.id, "carer"), date(2026, 2, 10), "email")
        _sent(vault, m.id, "school")
        _sent(vault, m.id, "health")
        meetings.move(vault, m.id, date(2026, 2, 24), reason="Social worker off sick", today=BOOKED_ON)
        records.start_review_from_meeting(vault, m.id, today=date(2026, 2, 24))
    if "C2" in which:  # the child told the IRO on the day itself: not before; wants to set the agenda
        m = _book(vault, "C2", date(2026, 2, 10))
        _back(vault, _sent(vault, m.id, "child", "phone"), date(2026, 2, 10), "phone", {"agenda": "yes"})
        _back(vault, _sent(vault, m.id, "parent"), date(2026, 2, 5), "email")
        _back(vault, _sent(vault, m.id, "partner_agency"), date(2026, 2, 6), "email")
        records.start_review_from_meeting(vault, m.id, today=date(2026, 2, 10))
    if "C3" in which:  # the child's form never sent, but back online before the meeting: says no to both
        m = _book(vault, "C3", date(2026, 3, 5))
        _back(vault, _person(vault, m.id, "child"), date(2026, 2, 20), "online", {"chair": "no", "agenda": "no"})
        records.start_review_from_meeting(vault, m.id, today=date(2026, 3, 5))
    if "C4" in which:  # a review held with no meeting booked, and a meeting booked, moved, not yet held
        repository.add_review(vault, "C4", Review(date(2026, 1, 20), "subsequent"), today=date(2026, 1, 20))
        m = _book(vault, "C4", date(2026, 7, 10))
        _back(vault, _sent(vault, m.id, "school"), date(2026, 2, 1), "email")
        meetings.move(vault, m.id, date(2026, 7, 14), reason="Holiday", today=BOOKED_ON)


def _rate(count, total, pct):
    return {"count": count, "total": total, "percent": pct}


EXPECTED = {
    "child_consulted_before": _rate(2, 4, 50.0),
    "child_consulted_by_how": {"paper": 1, "email": 0, "phone": 0, "online": 1, "in_person": 0},
    "returns_by_role": {
        "child": _rate(2, 2, 100.0), "parent": _rate(1, 1, 100.0), "carer": _rate(1, 1, 100.0),
        "social_worker": _rate(0, 0, None), "school": _rate(0, 1, 0.0), "health": _rate(0, 1, 0.0),
        "advocate": _rate(0, 0, None), "independent_visitor": _rate(0, 0, None),
        "partner_agency": _rate(1, 1, 100.0), "other": _rate(0, 0, None)},
    "partner_agency_returns": _rate(1, 3, 33.3),
    "rearranged": _rate(1, 3, 33.3),
    "meetings_moved": 1,
    "child_chose_to_chair": _rate(1, 3, 33.3),
    "child_set_agenda": _rate(1, 3, 33.3),
    "child_chair_or_agenda": _rate(2, 3, 66.7),
}


def _vault(tmp_path, name):
    v, _code = Vault.create(tmp_path / name, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    return v


def test_the_hand_built_dataset_gives_the_known_figures(vault):
    build(vault)
    assert figures.figures(vault, START, END) == EXPECTED


def test_the_figures_are_in_the_kpi_figures_and_follow_the_schema(vault):
    build(vault)
    figs = kpis.figures(vault, START, END)
    assert figs["consultation"] == EXPECTED and figs["reviews_held"] == 4
    assert team.schema_problem(team.team_document(figs, SOURCE_1)) is None
    broken = team.team_document(figs, SOURCE_1)
    broken["consultation"]["returns_by_role"]["child"]["count"] = -1
    assert team.schema_problem(broken) is not None  # the schema does check the new part


def test_a_period_with_none_of_it_counts_nothing(vault):
    build(vault)
    got = figures.figures(vault, date(2025, 1, 1), date(2025, 12, 31))
    assert got["child_consulted_before"] == _rate(0, 0, None) and got["meetings_moved"] == 0


def test_a_team_merge_of_two_files_equals_one_vault_holding_both(tmp_path):
    whole, a, b = _vault(tmp_path, "whole"), _vault(tmp_path, "a"), _vault(tmp_path, "b")
    try:
        build(whole)
        build(a, ("C1", "C3"))
        build(b, ("C2", "C4"))
        docs = [team.team_document(kpis.figures(v, START, END), str(uuid.uuid4())) for n, v in enumerate((a, b))]
        merged = team.merge(docs)
        assert merged["consultation"] == kpis.figures(whole, START, END)["consultation"] == EXPECTED
        # Averaging the files' percentages would be wrong here (0 and 100 make 50, not 33.3): the
        # merge adds the counts.
        halves = [d["consultation"]["partner_agency_returns"]["percent"] for d in docs]
        assert halves == [0.0, 100.0] and sum(halves) / 2 == 50.0
        assert merged["consultation"]["partner_agency_returns"] == _rate(1, 3, 33.3)
    finally:
        for v in (whole, a, b):
            v.close()


def test_a_file_from_before_the_consultation_figures_leaves_them_out_of_the_merge(vault):
    build(vault)
    doc = team.team_document(kpis.figures(vault, START, END), SOURCE_1)
    old = {k: v for k, v in doc.items() if k != "consultation"}
    old["file_id"], old["source_id"] = str(uuid.uuid4()), str(uuid.uuid4())
    assert team.schema_problem(old) is None
    assert "consultation" not in team.merge([doc, old])
    assert team.merge([doc, doc])["consultation"]["child_consulted_before"] == _rate(4, 8, 50.0)
