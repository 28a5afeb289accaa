"""The command line as council IT and scripts use it: real subprocesses, no terminal."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.support.caseload_helpers import SAMPLE

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def run(*args, stdin=None, home=None, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(env_extra or {})
    if home is not None:
        env["IRO_DESKTOP_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "iro_desktop", *map(str, args)], input=stdin,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def cli_vault(tmp_path_factory):
    """One vault made by `init`, shared by the read-only tests below to keep the suite quick."""
    folder = tmp_path_factory.mktemp("cli")
    secret = folder / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    home = folder / "vault"
    out = run("init", "--vault", home, "--passphrase-file", secret, "--no-keychain",
              "--council-area", "Birmingham")
    assert out.returncode == 0, out.stderr
    code = next(line.strip() for line in out.stdout.splitlines() if line.strip().count("-") == 5)
    return home, secret, code


def test_init_without_keychain_needs_the_explicit_flag(tmp_path):
    secret = tmp_path / "p"
    secret.write_text(PASSPHRASE)
    out = run("init", "--vault", tmp_path / "v", "--passphrase-file", secret)
    assert out.returncode != 0
    assert "--no-keychain" in out.stderr
    assert not (tmp_path / "v" / "vault.db").exists()


def test_import_list_and_audit(cli_vault):
    home, secret, _ = cli_vault
    out = run("import", SAMPLE, "--vault", home, "--passphrase-file", secret)
    assert out.returncode == 0, out.stderr
    out = run("list", "--json", "--vault", home, "--passphrase-file", "-", stdin=PASSPHRASE + "\n")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {r["child_id"] for r in rows} == {"C100234", "C100891", "C100892", "C101577"}
    tyler = next(r for r in rows if r["child_id"] == "C100891")
    assert tyler["placement_area"] == "Cornwall" and tyler["out_of_area"] is True
    out = run("audit", "verify", "--vault", home, "--passphrase-file", secret)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("OK")
    # The row count and the last row's time, to compare with an earlier copy.
    assert re.search(r"OK: (\d+) audit rows, chain intact\. The last is row \1, written "
                     r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \(UTC\)\.", out.stdout), out.stdout


def test_bad_import_is_refused_and_changes_nothing(cli_vault, tmp_path):
    home, secret, _ = cli_vault
    before = run("list", "--json", "--all", "--vault", home, "--passphrase-file", secret).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text().replace("2014-03-09", "2014-13-09"))
    out = run("import", bad, "--vault", home, "--passphrase-file", secret)
    assert out.returncode == 1
    assert "date_of_birth" in out.stderr and "row" in out.stderr
    after = run("list", "--json", "--all", "--vault", home, "--passphrase-file", secret).stdout
    assert before == after


def test_wrong_passphrase_fails_cleanly(cli_vault, tmp_path):
    home, _, _ = cli_vault
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-passphrase-at-all")
    out = run("list", "--vault", home, "--passphrase-file", wrong)
    assert out.returncode == 1
    assert "passphrase is not right" in out.stderr
    assert out.stdout == ""


def test_missing_vault_says_what_to_do(tmp_path):
    secret = tmp_path / "p"
    secret.write_text(PASSPHRASE)
    out = run("list", "--vault", tmp_path / "nowhere", "--passphrase-file", secret)
    assert out.returncode == 1
    assert "iro-desktop init" in out.stderr
    assert not (tmp_path / "nowhere").exists()


def test_passphrase_change_and_recovery(tmp_path):
    secret = tmp_path / "p"
    secret.write_text(PASSPHRASE)
    home = tmp_path / "v"
    out = run("init", "--vault", home, "--passphrase-file", secret, "--no-keychain")
    code = next(line.strip() for line in out.stdout.splitlines() if line.strip().count("-") == 5)
    new = tmp_path / "new"
    new.write_text("Lantern-harbour-violet-77")
    out = run("passphrase", "change", "--vault", home, "--passphrase-file", secret, "--new-passphrase-file", new)
    assert out.returncode == 0, out.stderr
    assert run("list", "--vault", home, "--passphrase-file", secret).returncode == 1
    assert run("list", "--vault", home, "--passphrase-file", new).returncode == 0
    code_file = tmp_path / "code"
    code_file.write_text(code.lower().replace("-", " "))
    newer = tmp_path / "newer"
    newer.write_text("Quartz-meadow-lantern-58")
    out = run("recover", "--vault", home, "--recovery-code-file", code_file,
              "--new-passphrase-file", newer, "--no-keychain")
    assert out.returncode == 0, out.stderr
    assert run("list", "--vault", home, "--passphrase-file", newer).returncode == 0


def test_demo_then_backup_and_restore(tmp_path):
    home = tmp_path / "demo"
    out = run("demo", "--vault", home)
    assert out.returncode == 0, out.stderr
    secret = tmp_path / "p"
    secret.write_text("demo-only-passphrase-2026")
    listed = json.loads(run("list", "--json", "--vault", home, "--passphrase-file", secret).stdout)
    assert len(listed) >= 60
    out = run("backup", "now", "--vault", home, "--passphrase-file", secret)
    assert out.returncode == 0, out.stderr
    out = run("backup", "list", "--vault", home)
    assert "manual-" in out.stdout
    out = run("backup", "restore", "--vault", home, "--passphrase-file", secret)
    assert out.returncode == 0, out.stderr
    assert any(p.name.startswith("replaced-") for p in (home / "backups").iterdir())
    again = json.loads(run("list", "--json", "--vault", home, "--passphrase-file", secret).stdout)
    assert again == listed
    again = run("demo", "--vault", home)  # the demo is there already: said, and left as it is
    assert again.returncode == 0 and "already exists" in again.stdout


def test_due_json_lists_every_allocated_child(cli_vault):
    home, secret, _ = cli_vault
    run("import", SAMPLE, "--vault", home, "--passphrase-file", secret)
    out = run("due", "--json", "--on", "2025-11-03", "--vault", home, "--passphrase-file", secret)
    assert out.returncode == 0, out.stderr
    rows = {r["child_id"]: r for r in json.loads(out.stdout)}
    assert set(rows) == {"C100234", "C100891", "C100892", "C101577"}
    for r in rows.values():
        assert {"child_id", "next_review_due", "review_kind", "midway_due", "status",
                "working_days_remaining"} <= set(r)
    # Looked after on Monday 20 October 2025, no review yet: the 20th working day is 17 November.
    tyler = rows["C100891"]
    assert (tyler["review_kind"], tyler["next_review_due"], tyler["status"]) == ("first", "2025-11-17", "due_soon")
    assert tyler["working_days_remaining"] == 10
    # Five reviews held, the last on 2 July 2025: the next is due 6 months on.
    assert (rows["C100234"]["review_kind"], rows["C100234"]["next_review_due"]) == ("subsequent", "2026-01-02")
    assert (rows["C101577"]["review_kind"], rows["C101577"]["next_review_due"]) == ("second", "2025-08-12")
    bad = run("due", "--on", "03/11/2025", "--vault", home, "--passphrase-file", secret)
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
