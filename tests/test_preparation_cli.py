"""``iro-desktop meetings`` and ``iro-desktop consultation`` in a real subprocess."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import Review
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.caseload_helpers import make_child
from tests.support.cli_runner import run_cli

pytestmark = pytest.mark.slow
TODAY = date.today()  # the command books from the real today
SOON = TODAY + timedelta(days=14)
LATE = TODAY + timedelta(days=200)  # after the limit: the last review was 30 days ago


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("meetings-cli")
    home = tmp / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        repository.add_child(vault, make_child("C1", first_name="Zebediah", preferred_name=None), today=TODAY)
        repository.add_review(vault, "C1", Review(TODAY - timedelta(days=30), "subsequent"), today=TODAY)
    secret = tmp / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")

    def cmd(*args):
        return run_cli(*args, "--vault", home, "--passphrase-file", secret, "--no-keychain", timeout=120)

    cmd.tmp = tmp
    return cmd


def _one_plain_line(out) -> str:
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("iro-desktop: "), out.stderr
    return lines[0]


def _book(cli, day, *more):
    return cli("meetings", "book", "--child", "C1", "--date", day.isoformat(), "--time", "10:00", "--end", "11:30",
               "--how", "virtual", "--venue-child", "on a video call", "--venue", "Teams", *more)


def test_the_lifecycle_from_the_command_line(cli, tmp_path):
    out = _book(cli, SOON, "--json")
    assert out.returncode == 0, out.stderr
    booked = json.loads(out.stdout)
    assert booked["date"] == SOON.isoformat() and booked["how"] == "virtual" and not booked["beyond_limit"]
    mid = booked["id"]
    people = json.loads(cli("consultation", "list", str(mid), "--json").stdout)["consultees"]
    assert [p["role"] for p in people][:2] == ["child", "carer"]  # the default list, the child first
    child = people[0]["id"]

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"going_well": "I passed my swimming badge", "chair": "yes"}))
    out = cli("consultation", "returned", str(child), "--on", TODAY.isoformat(), "--how", "paper",
              "--answers-file", answers)
    assert out.returncode == 0, out.stderr
    assert "2 answers" in out.stdout
    people = json.loads(cli("consultation", "list", str(mid), "--json").stdout)["consultees"]
    assert people[0]["answers"] == {"going_well": "I passed my swimming badge", "chair": "yes"}

    out = cli("meetings", "move", str(mid), "--date", LATE.isoformat(), "--time", "14:00",
              "--reason", "Social worker on leave")
    assert out.returncode == 0, out.stderr
    assert "This is after the review's limit of" in out.stdout

    listed = json.loads(cli("meetings", "list", "--json").stdout)["meetings"]
    assert [(m["id"], m["date"], m["beyond_limit"], len(m["moves"])) for m in listed] == [
        (mid, LATE.isoformat(), True, 1)]
    assert listed[0]["moves"][0]["reason"] == "Social worker on leave"

    ics = tmp_path / "meetings.ics"
    out = cli("meetings", "export-ics", "--out", ics)
    assert out.returncode == 0 and "Saved 1 booked meeting" in out.stdout
    assert b"C1" in ics.read_bytes() and b"Zebediah" not in ics.read_bytes() and b"Teams" not in ics.read_bytes()

    out = cli("meetings", "cancel", str(mid), "--reason", "Rebooked")
    assert out.returncode == 0 and f"Meeting {mid} cancelled." in out.stdout
    assert json.loads(cli("meetings", "list", "--json").stdout)["meetings"] == []
    other = json.loads(_book(cli, SOON, "--no-consultation-list", "--json").stdout)
    assert json.loads(cli("consultation", "list", str(other["id"]), "--json").stdout)["consultees"] == []
    moved = json.loads(cli("meetings", "move", str(other["id"]), "--date", (SOON + timedelta(days=1)).isoformat(),
                           "--reason", "Room not free", "--json").stdout)
    assert (moved["start_time"], moved["end_time"]) == ("10:00", "11:30")  # a new day keeps the hours
    cli("meetings", "cancel", str(other["id"]), "--reason", "Done with")
    out = cli("meetings", "move", str(mid), "--date", SOON.isoformat(), "--reason", "Again")
    assert out.returncode == 1 and "cancelled" in out.stderr and "Traceback" not in out.stderr


def test_a_booking_after_the_limit_says_so_at_once(cli):
    out = _book(cli, LATE)
    assert out.returncode == 0, out.stderr
    assert "booked for" in out.stdout and "This is after the review's limit of" in out.stdout


@pytest.mark.parametrize("args, code, words", [
    (("meetings", "book", "--child", "NOBODY-ZEBEDIAH", "--date", SOON.isoformat(), "--how", "in_person"), 1,
     "There is no child with this id"),
    (("meetings", "book", "--child", "C1", "--date", "01/02/2027", "--how", "in_person"), 2, "--date needs a date"),
    (("meetings", "book", "--child", "C1", "--date", SOON.isoformat(), "--time", "10am", "--how", "in_person"), 2,
     "--time needs a time"),
    (("meetings", "book", "--child", "C1", "--date", (TODAY - timedelta(days=1)).isoformat(), "--how", "in_person"),
     1, "in the past"),
    (("meetings", "move", "999", "--date", SOON.isoformat(), "--reason", "x"), 1, "no booked meeting"),
    (("consultation", "list", "999"), 1, "no booked meeting"),
    (("consultation", "returned", "999", "--on", TODAY.isoformat(), "--how", "paper"), 1, "no one consulted"),
])
def test_bad_input_gets_one_clear_line(cli, args, code, words):
    out = cli(*args)
    assert out.returncode == code, out.stderr
    line = _one_plain_line(out)
    assert words in line and "ZEBEDIAH" not in line


def test_an_answer_to_a_question_not_asked_is_refused(cli, tmp_path):
    mid = json.loads(_book(cli, SOON, "--json").stdout)["id"]
    child = json.loads(cli("consultation", "list", str(mid), "--json").stdout)["consultees"][0]["id"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"favourite_food": "Zebediah's pancakes"}))
    out = cli("consultation", "returned", str(child), "--on", TODAY.isoformat(), "--how", "paper",
              "--answers-file", bad)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "favourite_food" in out.stderr and "pancakes" not in out.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    out = cli("consultation", "returned", str(child), "--on", TODAY.isoformat(), "--how", "paper",
              "--answers-file", broken)
    assert out.returncode == 2 and "not valid JSON (line 1" in _one_plain_line(out)
