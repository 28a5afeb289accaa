"""`iro-desktop render` as scripts use it: a real subprocess, the passphrase from a file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from iro_desktop import reviews
from iro_desktop.caseload import demo, repository
from iro_desktop.printing.file_names import pdf_file_name
from iro_desktop.vault import KdfParams, Vault
from tests.conftest import PASSPHRASE
from tests.support.caseload_helpers import make_child
from tests.support.cli_runner import run_cli
from tests.support.kdf_helpers import enable_fast_kdf
from tests.support.render_helpers import DEMO_TODAY, flat

ROOT = Path(__file__).resolve().parents[1]
NEW_CHILD = "C900555"

pytestmark = pytest.mark.slow


def run(*args):
    # The command line itself, in a child process that accepts the tests' cheap key settings.
    return run_cli(*args, timeout=120)


@pytest.fixture(scope="module")
def cli_vault(tmp_path_factory):
    enable_fast_kdf()
    folder = tmp_path_factory.mktemp("render-cli")
    home = folder / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=KdfParams(1, 1024, 1))
    with vault:
        demo.load_demo(vault, n=10, today=DEMO_TODAY)
        repository.add_child(vault, make_child(NEW_CHILD, reviews=[]), today=DEMO_TODAY)
        child_id = next(c.child_id for c in repository.list_children(vault)
                        if reviews.review_records(vault, c.child_id))
        latest = reviews.review_records(vault, child_id)[-1].id
        known_as = repository.get_child(vault, child_id).known_as
    secret = folder / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    return home, secret, child_id, latest, known_as


def _render(cli_vault, *extra):
    home, secret, *_ = cli_vault
    return run("render", "--vault", home, "--no-keychain", "--passphrase-file", secret, *extra)


@pytest.mark.parametrize("variant", ["child", "easy-read", "professional", "leaflet"])
def test_render_writes_the_pdf_and_audits_it(cli_vault, tmp_path, variant):
    home, _secret, child_id, latest, known_as = cli_vault
    out = tmp_path / f"{variant}.pdf"
    done = _render(cli_vault, "--child", child_id, "--variant", variant, "--out", out)
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and known_as not in done.stdout  # no child's name on the console
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    words = flat("\n".join(p.extract_text() for p in reader.pages))
    if variant == "professional":
        assert "OFFICIAL-SENSITIVE" in words and child_id in words
    elif variant == "leaflet":
        assert f"A leaflet for {known_as}" in words
    else:
        assert f"Dear {known_as}," in words
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        rows = vault.db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq DESC LIMIT 1")
        target = child_id if variant == "leaflet" else str(latest)
        assert rows.fetchone() == (f"output.save.{variant}", "child" if variant == "leaflet" else "record", target)


def test_render_into_a_folder_names_the_file_as_the_app_does(cli_vault, tmp_path):
    home, _secret, child_id, latest, known_as = cli_vault
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        held = reviews.get_review(vault, latest).record.record_date
    for variant, expected in (("child", pdf_file_name(child_id, "child", held)),
                              ("leaflet", pdf_file_name(child_id, "leaflet"))):
        done = _render(cli_vault, "--child", child_id, "--variant", variant, "--out", tmp_path)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / expected).is_file() and str(tmp_path / expected) in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [pdf_file_name(child_id, "child", held), pdf_file_name(child_id, "leaflet")])
    assert not any(known_as in p.name for p in tmp_path.iterdir())


def test_render_a_chosen_review_record(cli_vault, tmp_path):
    _home, _secret, child_id, latest, known_as = cli_vault
    out = tmp_path / "letter.pdf"
    done = _render(cli_vault, "--child", child_id, "--review", latest, "--variant", "large-print", "--out", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_clear_errors(cli_vault, tmp_path):
    out = tmp_path / "x.pdf"
    unknown = _render(cli_vault, "--child", "C000000", "--variant", "child", "--out", out)
    assert unknown.returncode == 1 and "no child with the id C000000" in unknown.stderr
    none_yet = _render(cli_vault, "--child", NEW_CHILD, "--variant", "child", "--out", out)
    assert none_yet.returncode == 1 and "no review record yet" in none_yet.stderr
    bad_variant = _render(cli_vault, "--child", NEW_CHILD, "--variant", "comic", "--out", out)
    assert bad_variant.returncode == 2 and "invalid choice: 'comic'" in bad_variant.stderr
    bad_review = _render(cli_vault, "--child", NEW_CHILD, "--review", "newest", "--variant", "child", "--out", out)
    assert bad_review.returncode == 1 and "'latest' or a record id" in bad_review.stderr
    others = _render(cli_vault, "--child", NEW_CHILD, "--review", cli_vault[3], "--variant", "child", "--out", out)
    assert others.returncode == 1 and f"not one of child {NEW_CHILD}'s records" in others.stderr
    assert not out.exists()
    leaflet = _render(cli_vault, "--child", NEW_CHILD, "--variant", "leaflet", "--out", out)
    assert leaflet.returncode == 0, leaflet.stderr
