"""``iro-desktop trips`` and ``iro-desktop places`` in a real subprocess."""

from __future__ import annotations

import json
from datetime import date

import pytest

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import Placement
from iro_desktop.places import lookup, settings
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.caseload_helpers import make_child
from tests.support.cli_runner import run_cli

pytestmark = pytest.mark.slow
WINDOW = ["--from", "2026-01-10", "--to", "2026-12-31"]
# Placed over the South West and Yorkshire, one in Scotland and one with no district recorded.
DISTRICTS = {"C1": "PL1", "C2": "TR1", "C3": "LS1", "C4": "S1", "C5": "EH1", "C6": None, "C7": "TR15"}


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trips-cli")
    home = tmp / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        repository.set_council_area(vault, "Cornwall")
        for cid, district in DISTRICTS.items():
            c = make_child(cid, first_name="Wrenna", last_name="Quillstone")
            c.placements = [Placement(date(2022, 2, 28), "U4", "Carer Person", "Typed area", district)]
            repository.add_child(vault, c, today=date(2026, 1, 10))
    secret = tmp / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")

    def cmd(*args):
        return run_cli(*args, "--vault", home, "--passphrase-file", secret, "--no-keychain", timeout=120)

    return cmd


def _one_plain_line(out) -> str:
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("iro-desktop: "), out.stderr
    return lines[0]


def test_without_a_council_or_base_the_command_says_what_to_set(cli):
    out = cli("trips", *WINDOW, "--json")
    assert out.returncode == 1 and out.stdout == ""
    assert "No base district is set" in _one_plain_line(out)


def test_the_json_plan_from_a_given_base(cli):
    out = cli("trips", *WINDOW, "--base", "EX1", "--json")
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["base"] == "EX1" and plan["grouping"] == "distance"
    trips = {frozenset(c["child_id"] for c in t["children"]): t for t in plan["trips"]}
    assert set(trips) == {frozenset({"C1", "C2", "C7"}), frozenset({"C3", "C4"})}
    south_west = trips[frozenset({"C1", "C2", "C7"})]
    assert [c["order"] for c in south_west["children"]] == [1, 2, 3]
    assert [c["district"] for c in south_west["children"]] in (["PL1", "TR1", "TR15"], ["TR15", "TR1", "PL1"])
    for c in south_west["children"]:
        assert c["miles_from_base"] == round(lookup.distance("EX1", c["district"]).miles, 1)
    legs = ["EX1", *(c["district"] for c in south_west["children"]), "EX1"]
    assert south_west["route_miles"] == round(sum(lookup.distance(legs[k], legs[k + 1]).miles
                                                   for k in range(len(legs) - 1)), 1)
    children = {c["child_id"]: c for c in plan["children"]}
    assert set(children) == set(DISTRICTS)
    assert children["C1"]["local_authority"] == "Plymouth" and children["C1"]["out_of_area"] == "unknown"
    assert (children["C5"]["reason"], children["C5"]["miles_from_base"]) == ("scotland", None)
    assert children["C6"]["reason"] == "not_recorded"
    assert sorted(plan["not_on_a_trip"]) == ["C5", "C6"]
    assert "Wrenna" not in out.stdout and "Quillstone" not in out.stdout  # ids, not names


def test_with_the_council_chosen_out_of_area_and_the_base_follow(cli):
    out = cli("places", "council", "E06000052")
    assert out.returncode == 0, out.stderr
    assert "Cornwall" in out.stdout
    plan = json.loads(cli("trips", *WINDOW, "--json").stdout)
    assert plan["base"] == settings.default_base("E06000052").district
    out_of_area = {c["child_id"]: c["out_of_area"] for c in plan["children"]}
    assert out_of_area == {"C1": "yes", "C2": "no", "C3": "yes", "C4": "yes", "C5": "yes", "C6": "unknown",
                           "C7": "no"}
    shown = json.loads(cli("places", "show", "--json").stdout)
    assert (shown["council_name"], shown["base_is_default"]) == ("Cornwall", True)
    assert cli("places", "base", "tr1").returncode == 0
    assert json.loads(cli("places", "show", "--json").stdout)["base_district"] == "TR1"
    text = cli("trips", *WINDOW)
    assert text.returncode == 0, text.stderr
    assert "in 2 trips from TR1" in text.stdout and "Not on a trip (1): This placement is in Scotland" in text.stdout
    assert "This placement is in Scotland" in text.stdout


def test_grouping_by_the_extracts_area_names_stays_a_choice(cli):
    out = cli("trips", *WINDOW, "--by-area", "--json")
    assert out.returncode == 0, out.stderr
    groups = json.loads(out.stdout)["groups"]
    assert [g["area"] for g in groups] == ["Typed area"]
    assert len(groups[0]["children"]) == len(DISTRICTS)


@pytest.mark.parametrize("args, words", [
    (["--from", "2026-13-01", "--to", "2026-12-31"], "--from needs a date"),
    (["--from", "2026-12-31", "--to", "2026-01-01"], "is before --from"),
])
def test_bad_dates_are_one_plain_line(cli, args, words):
    out = cli("trips", *args)
    assert out.returncode == 2 and words in _one_plain_line(out)


@pytest.mark.parametrize("base, words", [("ZZ9", "not in the ONS postcode directory"),
                                         ("BT1", "Northern Ireland"), ("SW1A 1AA", "not in the ONS")])
def test_a_base_with_no_distance_is_refused_in_one_sentence_that_does_not_quote_it(cli, base, words):
    out = cli("trips", *WINDOW, "--base", base)
    assert out.returncode == 1
    line = _one_plain_line(out)
    assert words in line and base not in line


def test_a_council_that_is_not_on_the_list_is_refused(cli):
    out = cli("places", "council", "E07000041")
    assert out.returncode == 1 and "choose your council from the list" in _one_plain_line(out)


def test_the_council_list_needs_no_passphrase(tmp_path):
    out = run_cli("places", "councils", "--vault", tmp_path / "none")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 153 and "E06000052  Cornwall" in lines and "E06000023  Bristol" in lines
