"""The review's list of command lines that printed tracebacks or hung, run again through real
subprocesses: each now ends with one plain line on stderr and a non-zero status, within a
timeout, and leaves what it was pointed at as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from iro_desktop import unexpected
from iro_desktop.caseload import demo, repository
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, MARKERS, PASSPHRASE
from tests.support.cli_runner import PROGRAM, ROOT, run_cli
from tests.support.kdf_helpers import enable_fast_kdf
from tests.support.render_helpers import DEMO_TODAY

pytestmark = pytest.mark.slow

TIMEOUT = 40  # a hang (a FIFO opened for reading, /dev/zero read for ever) fails here


@pytest.fixture(scope="module")
def cli_vault(tmp_path_factory):
    enable_fast_kdf()
    folder = tmp_path_factory.mktemp("cli-hardening")
    home = folder / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        demo.load_demo(vault, n=6, today=DEMO_TODAY)
        from iro_desktop import reviews

        child_id = next(c.child_id for c in repository.list_children(vault)
                        if reviews.review_records(vault, c.child_id))
        child = repository.get_child(vault, child_id)
        child.school = "S" * 100_000
        repository.update_child(vault, child)
    secret = folder / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    return home, secret, child_id


def _cli(cli_vault, *args, **kw):
    home, _secret, _child = cli_vault
    return run_cli("--vault", home, "--no-keychain", *args, timeout=TIMEOUT, **kw)


def _one_plain_line(out, *words: str) -> str:
    assert out.returncode != 0, out.stdout
    assert "Traceback" not in out.stderr and 'File "' not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    line = lines[0]
    assert line.startswith("iro-desktop: ") and line.rstrip().endswith("."), line
    for w in words:
        assert w in line, line
    return line


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


def _null_device(path: Path) -> Path:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (needs root)")
    return path


# ---- secrets and import files that are not ordinary files -----------------------------------

def test_dev_zero_as_the_passphrase_file(cli_vault):
    _one_plain_line(_cli(cli_vault, "list", "--passphrase-file", "/dev/zero"), "/dev/zero", "special file")


def test_a_fifo_as_the_passphrase_file_does_not_hang(cli_vault, tmp_path):
    _one_plain_line(_cli(cli_vault, "list", "--passphrase-file", _fifo(tmp_path)), "special file")


def test_dev_zero_as_the_import_file(cli_vault):
    _home, secret, _ = cli_vault
    _one_plain_line(_cli(cli_vault, "import", "/dev/zero", "--passphrase-file", secret), "/dev/zero", "special file")


def test_a_fifo_as_the_import_file_does_not_hang(cli_vault, tmp_path):
    _home, secret, _ = cli_vault
    fifo = _fifo(tmp_path)
    _one_plain_line(_cli(cli_vault, "import", fifo, "--passphrase-file", secret), "special file")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_files_that_do_not_exist(cli_vault, tmp_path):
    _home, secret, _ = cli_vault
    _one_plain_line(_cli(cli_vault, "import", tmp_path / "nothing.csv", "--passphrase-file", secret), "not found")
    _one_plain_line(_cli(cli_vault, "list", "--passphrase-file", tmp_path / "nothing.txt"), "not found")
    _one_plain_line(_cli(cli_vault, "passphrase", "change", "--passphrase-file", secret,
                         "--new-passphrase-file", tmp_path / "new.txt"), "new passphrase file", "not found")


def test_folders_given_as_files(cli_vault, tmp_path):
    _home, secret, _ = cli_vault
    _one_plain_line(_cli(cli_vault, "import", tmp_path, "--passphrase-file", secret), "folder")
    _one_plain_line(_cli(cli_vault, "list", "--passphrase-file", tmp_path), "folder")


@pytest.mark.parametrize(("name", "data"), [
    ("utf16-broken.csv", b"\xff\xfe" + b"\x00\xd8" * 5),  # a UTF-16 mark, then a lone surrogate
    ("binary.csv", bytes(range(256)) * 4),
    ("workbook.csv", b"PK\x03\x04" + b"\x00" * 64),
    ("empty.csv", b""),
])
def test_unreadable_encodings_and_contents(cli_vault, tmp_path, name, data):
    _home, secret, _ = cli_vault
    path = tmp_path / name
    path.write_bytes(data)
    _one_plain_line(_cli(cli_vault, "import", path, "--passphrase-file", secret), "file")


def test_a_non_utf8_passphrase_file_never_prints_a_traceback(cli_vault, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"caf\xe9-orbit-meadow-42\n")
    out = _cli(cli_vault, "list", "--passphrase-file", bad)
    assert "Traceback" not in out.stderr
    if out.returncode != 0:
        _one_plain_line(out)


# ---- the vault folder, dates, documents -----------------------------------------------------

def test_vault_db_being_a_folder(tmp_path, cli_vault):
    _home, secret, _ = cli_vault
    home = tmp_path / "vault"
    home.mkdir()
    (home / "vault.db").mkdir()
    (home / "keyslots.json").write_bytes((cli_vault[0] / "keyslots.json").read_bytes())
    out = run_cli("--vault", home, "--no-keychain", "list", "--passphrase-file", secret, timeout=TIMEOUT)
    _one_plain_line(out, "vault.db", "is a folder", "do not delete anything")
    assert (home / "vault.db").is_dir()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_due_on_a_date_far_outside_the_rules(cli_vault, day):
    _home, secret, _ = cli_vault
    _one_plain_line(_cli(cli_vault, "due", "--on", day, "--passphrase-file", secret), "--on needs a date between")


def test_due_on_the_edges_of_the_range_works(cli_vault):
    _home, secret, _ = cli_vault
    for day in ("2199-12-31", "1970-01-01"):
        out = _cli(cli_vault, "due", "--on", day, "--passphrase-file", secret)
        assert out.returncode == 0, out.stderr


def test_render_a_record_with_a_100000_character_school_name(cli_vault, tmp_path):
    _home, secret, child = cli_vault
    out_file = tmp_path / "record.pdf"
    out = _cli(cli_vault, "render", "--child", child, "--variant", "professional", "--out", out_file,
               "--passphrase-file", secret)
    line = _one_plain_line(out, "too long to fit on a page")
    assert "SSSS" not in line
    assert not out_file.exists() and list(tmp_path.iterdir()) == []


# ---- render --out ---------------------------------------------------------------------------

def test_render_onto_a_device_node_is_refused_and_the_node_left(cli_vault, tmp_path):
    _home, secret, child = cli_vault
    node = _null_device(tmp_path / "null")
    before = os.stat(node)
    out = _cli(cli_vault, "render", "--child", child, "--variant", "leaflet", "--out", node,
               "--passphrase-file", secret)
    _one_plain_line(out, "special file")
    after = os.stat(node)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_render_onto_a_fifo_is_refused(cli_vault, tmp_path):
    _home, secret, child = cli_vault
    fifo = _fifo(tmp_path)
    _one_plain_line(_cli(cli_vault, "render", "--child", child, "--variant", "leaflet", "--out", fifo,
                         "--passphrase-file", secret), "special file")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_render_into_a_missing_folder_says_so_and_makes_none(cli_vault, tmp_path):
    _home, secret, child = cli_vault
    target = tmp_path / "no" / "such" / "leaflet.pdf"
    _one_plain_line(_cli(cli_vault, "render", "--child", child, "--variant", "leaflet", "--out", target,
                         "--passphrase-file", secret), "does not exist")
    assert not (tmp_path / "no").exists()


def test_render_into_a_folder_still_works_and_leaves_no_temp(cli_vault, tmp_path):
    _home, secret, child = cli_vault
    out = _cli(cli_vault, "render", "--child", child, "--variant", "leaflet", "--out", tmp_path,
               "--passphrase-file", secret)
    assert out.returncode == 0, out.stderr
    [made] = list(tmp_path.iterdir())
    assert made.suffix == ".pdf" and not made.name.startswith(".")


# ---- the catch-all ----------------------------------------------------------------------------

CRASHING = PROGRAM.replace("from iro_desktop.cli import main\n", """from iro_desktop.cli import main
from iro_desktop.caseload import due
def boom(*_a, **_k):
    raise ValueError("Zebediah Quillfeather, born 2014-03-09, school Xanthippe-Marker")
due.caseload_due = boom
""")


def test_an_unexpected_error_is_one_line_with_its_type_and_place_and_no_values(cli_vault):
    import subprocess
    import sys

    home, secret, _ = cli_vault
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", CRASHING, "--vault", str(home), "--no-keychain", "due",
                          "--passphrase-file", str(secret)], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=TIMEOUT)
    line = _one_plain_line(out, "unexpected ValueError", "cli.py", "cmd_due")
    assert not [m for m in MARKERS if m in line] and "2014" not in line


def test_the_one_line_report_names_type_and_places_only():
    try:
        int("Zebediah")
    except ValueError as exc:
        line = unexpected.one_line(exc)
        report = unexpected.report(type(exc), exc.__traceback__)
    assert "Zebediah" not in line and "Zebediah" not in report
    assert "ValueError" in line and "test_cli_hardening.py" in line
    assert "tests/test_cli_hardening.py" in report and str(ROOT) not in report  # no install folder


def test_a_closed_pipe_ends_quietly(cli_vault):
    import subprocess
    import sys

    home, secret, _ = cli_vault
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen([sys.executable, "-c", PROGRAM, "--vault", str(home), "--no-keychain", "due",
                             "--json", "--passphrase-file", str(secret)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)
    proc.stdout.read(10)
    proc.stdout.close()  # the reader goes away, as `| head -c 10` does
    err = proc.stderr.read().decode()
    assert proc.wait(TIMEOUT) != 0 or err == ""
    assert "Traceback" not in err
