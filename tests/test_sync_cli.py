"""The sync commands end to end, as council IT scripts them: real subprocesses, no terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iro_desktop.sync import config, outbox
from iro_desktop.sync.folder_target import FolderTarget
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.cli_runner import run_cli
from tests.support.sync_helpers import finalised_review

ROOT = Path(__file__).resolve().parents[1]
SECRET_PASSWORD = "Tangerine-Lighthouse-77"

pytestmark = pytest.mark.slow


def run(*args):
    return run_cli(*args, timeout=120)


@pytest.fixture
def cli(tmp_path):
    """A vault (made in-process with the fast KDF, no keychain) with two finalised records."""
    home = tmp_path / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        finalised_review(vault)
        finalised_review(vault, "C2")
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    share = tmp_path / "share"
    share.mkdir()

    def cmd(*args):
        return run(*args, "--vault", home, "--passphrase-file", secret, "--no-keychain")

    return home, share, cmd


def _open(home):
    return Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)


def _one_plain_line(out):
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("iro-desktop: "), out.stderr
    return lines[0]


def test_configure_then_sync_then_list_the_outbox(cli):
    home, share, cmd = cli
    out = cmd("outbox", "--json")
    assert out.returncode == 0, out.stderr
    assert [e["state"] for e in json.loads(out.stdout)] == ["queued", "queued"]

    out = cmd("config", "set", "sync.target", share)
    assert out.returncode == 0, out.stderr
    out = cmd("sync", "--once", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert [r["outcome"] for r in report["results"]] == ["synced", "synced"]
    assert report["outbox"]["synced"] == 2 and report["stopped_by"] is None
    folders = sorted(p.name for p in share.iterdir())
    assert folders == sorted(r["folder"] for r in report["results"])

    out = cmd("outbox")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("synced ") >= 2 and "2 exports in the outbox." in out.stdout
    listed = json.loads(cmd("outbox", "--json").stdout)
    assert all(len(e["receipts"]) == 4 and e["target"] == str(share) for e in listed)

    out = cmd("sync")  # nothing left to do
    assert out.returncode == 0, out.stderr
    assert "2 synced in all; 0 waiting." in out.stdout


def test_sync_says_plainly_when_the_share_is_not_there(cli, tmp_path):
    home, share, cmd = cli
    assert cmd("config", "set", "sync.target", tmp_path / "not-mounted").returncode == 0
    out = cmd("sync", "--once")
    assert out.returncode == 4
    line = _one_plain_line(out)
    assert "not-mounted" in line and "outbox" in line
    with _open(home) as vault:
        assert {e.state: e.attempts for e in outbox.entries(vault)} == {"queued": 0}


def test_sync_without_a_target_says_how_to_set_one(cli):
    _home, _share, cmd = cli
    out = cmd("sync", "--once")
    assert out.returncode == 1
    assert "config set sync.target" in _one_plain_line(out)


def test_sync_reports_a_conflict(cli):
    home, share, cmd = cli
    with _open(home) as vault:
        first = outbox.entries(vault)[0]
    (share / first.folder).mkdir()
    (share / first.folder / f"{first.folder}-record.json").write_text("{}")
    assert cmd("config", "set", "sync.target", share).returncode == 0
    out = cmd("sync", "--once")
    assert out.returncode == 6
    assert "different file" in _one_plain_line(out)
    assert (share / first.folder / f"{first.folder}-record.json").read_text() == "{}"


def test_plain_http_is_refused(cli):
    home, _share, cmd = cli
    for url in ("http://dav.example.gov.uk/iro/", "http://127.0.0.1:8080/", "http://localhost/"):
        out = cmd("config", "set", "sync.target", url)
        assert out.returncode == 1
        assert "https://" in _one_plain_line(out)
    out = cmd("config", "set", "sync.target", "https://iro:pw@dav.example.gov.uk/")
    assert "credential" in _one_plain_line(out)
    with _open(home) as vault:
        assert config.load(vault).target is None


def test_ca_bundle_and_credentials_are_kept_inside_the_vault(cli, tmp_path):
    home, _share, cmd = cli
    ca = tmp_path / "council-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    assert cmd("config", "set", "sync.target", "https://dav.example.gov.uk/iro").returncode == 0
    out = cmd("config", "set", "sync.ca_bundle", ca)
    assert out.returncode == 0, out.stderr
    assert "no CA bundle" in _one_plain_line(cmd("config", "set", "sync.ca_bundle", tmp_path / "missing.pem"))
    password = tmp_path / "password.txt"
    password.write_text(SECRET_PASSWORD + "\n")
    out = cmd("config", "credential", "sync", "--username", "iro.one", "--password-file", password)
    assert out.returncode == 0, out.stderr
    assert SECRET_PASSWORD not in out.stdout + out.stderr
    with _open(home) as vault:
        c = config.load(vault)
        assert (c.target, c.ca_bundle) == ("https://dav.example.gov.uk/iro/", ca.resolve())
        assert (c.credential.username, c.credential.password, c.credential.token) == ("iro.one", SECRET_PASSWORD, None)
        assert SECRET_PASSWORD not in repr(c)
        assert vault.setting("sync.password") is None  # not a setting
    # Nowhere on disk in the clear (the vault is encrypted; nothing else was written).
    for p in home.rglob("*"):
        if p.is_file():
            assert SECRET_PASSWORD.encode() not in p.read_bytes(), p.name
    token = tmp_path / "token.txt"
    token.write_text("tok-123456\n")
    assert cmd("config", "credential", "sync", "--token-file", token).returncode == 0
    with _open(home) as vault:
        c = config.load(vault).credential
        assert (c.username, c.password, c.token) == (None, None, "tok-123456")
    out = cmd("config", "credential", "sync", "--username", "x")
    assert "--password-file" in _one_plain_line(out)
    assert "not a sync setting" in _one_plain_line(cmd("config", "set", "sync.colour", "blue"))


def test_the_target_made_from_the_configuration(tmp_path):
    folder = config.make_target(config.SyncConfig(str(tmp_path), None, None))
    assert isinstance(folder, FolderTarget) and folder.where == str(tmp_path)
    with pytest.raises(config.SyncNotConfigured):
        config.make_target(config.SyncConfig(None, None, None))
    with pytest.raises(config.PlainHttpRefused):
        config.make_target(config.SyncConfig("http://dav.example.gov.uk/", None, None))
    from iro_desktop.sync import webdav  # the app's own module: a failure to import it fails here

    cred = config.Credential("iro", "pw")
    made = config.make_target(config.SyncConfig("https://127.0.0.1:8443/dav/", None, cred))
    assert isinstance(made, webdav.WebDavTarget)
