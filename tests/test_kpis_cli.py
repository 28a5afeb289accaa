"""``iro-desktop kpis`` and ``iro-desktop team-report`` in a real subprocess."""

from __future__ import annotations

import json

import jsonschema
import pytest

from iro_desktop import resources
from iro_desktop.reports import team
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support import kpi_dataset as ds
from tests.support.cli_runner import run_cli

pytestmark = pytest.mark.slow
PERIOD = ["--from", "2026-01-01", "--to", "2026-06-30"]


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kpis-cli")
    home = tmp / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        ds.build(vault)
    secret = tmp / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")

    def cmd(*args):
        return run_cli(*args, "--vault", home, "--passphrase-file", secret, "--no-keychain", timeout=120)

    return tmp, cmd


def _one_plain_line(out) -> str:
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("iro-desktop: "), out.stderr
    return lines[0]


def test_kpis_json_is_the_figures_and_follows_the_schema(cli):
    _tmp, cmd = cli
    out = cmd("kpis", *PERIOD, "--json")
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures == ds.EXPECTED
    schema = json.loads(resources.resource_path("schemas", team.SCHEMA).read_text())
    jsonschema.Draft202012Validator(schema).validate(figures)


def test_kpis_table_gives_each_figure_with_its_counts(cli):
    _tmp, cmd = cli
    out = cmd("kpis", *PERIOD)
    assert out.returncode == 0, out.stderr
    lines = {" ".join(line.split()) for line in out.stdout.splitlines()}
    assert "Reviews held 11" in lines
    assert "Reviews held within timescale 8 of 11 72.7%" in lines
    assert "First reviews within 20 working days 2 of 3 66.7%" in lines
    assert any(line.startswith("PN1 3 of 11 27.3% Child physically attends") for line in lines)
    assert "Children 4+ who took part (PN1-PN6) 6 of 7 85.7%" in lines
    assert "Care planning: Green 4 of 11 36.4%" in lines
    assert "Placed out of area 6 of 10 60.0%" in lines
    for name in ("Lumen", "Puddlewick", "Dovecote"):
        assert name not in out.stdout


@pytest.mark.parametrize("args, words", [
    (["--from", "2026-13-01", "--to", "2026-06-30"], "--from needs a date as YYYY-MM-DD; '2026-13-01' is not one."),
    (["--from", "2026-01-01", "--to", "30/06/2026"], "--to needs a date as YYYY-MM-DD"),
    (["--from", "2026-06-30", "--to", "2026-01-01"], "is before --from"),
])
def test_a_bad_date_is_one_plain_sentence_and_exit_2(cli, args, words):
    _tmp, cmd = cli
    out = cmd("kpis", *args)
    assert out.returncode == 2 and out.stdout == ""
    assert words in _one_plain_line(out)


def test_export_then_team_report(cli):
    tmp, cmd = cli
    folder = tmp / "team"
    folder.mkdir()
    out = cmd("kpis", *PERIOD, "--export", folder)
    assert out.returncode == 0, out.stderr
    saved = list(folder.iterdir())
    assert len(saved) == 1 and saved[0].name.startswith("figures-2026-01-01-2026-06-30-")
    (folder / "broken.json").write_text("{")
    out = run_cli("team-report", folder, *PERIOD, "--json", timeout=120)
    assert out.returncode == 0, out.stderr
    merged = json.loads(out.stdout)
    assert merged["files_used"] == [saved[0].name]
    assert merged["figures"]["in_timescale"] == ds.EXPECTED["in_timescale"]
    assert merged["problems"] == ["broken.json: not counted: it is not valid JSON (line 1, column 2)."]
    text = run_cli("team-report", folder, *PERIOD, timeout=120)
    assert text.returncode == 0 and "Team figures from 1 files" in text.stdout
    assert "broken.json: not counted" in text.stderr


def test_team_report_with_nothing_to_count_says_so(tmp_path):
    out = run_cli("team-report", tmp_path, *PERIOD, timeout=120)
    assert out.returncode == 1
    assert "no figures file in" in _one_plain_line(out)
    missing = run_cli("team-report", tmp_path / "nowhere", *PERIOD, timeout=120)
    assert missing.returncode == 1 and "is not a folder" in _one_plain_line(missing)


def test_kpis_outbox_without_sync_says_how_to_set_it_up(cli):
    _tmp, cmd = cli
    out = cmd("kpis", *PERIOD, "--outbox")
    assert out.returncode == 1
    assert "Sync is not set up in this vault" in _one_plain_line(out)
