"""The packaged app, as a council's laptop gets it: the PyInstaller one-folder bundle that
``./dev package`` builds, run headless with nothing of the source tree or its virtual
environment in reach.

The bundle is built once for this module into a temporary folder (a few minutes), unless
``IRO_DESKTOP_BUNDLE`` names one already built (``dist/iro-desktop``). A bundle that starts but
lacks a font, the dictionary, a schema or a library's data fails here: ``check-install`` uses
each of them, and the last test shows that it notices one taken away.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from iro_desktop import __version__
from iro_desktop.demo_vault import DEMO_PASSPHRASE
from tests.support.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
BUILD_TIMEOUT_S = 40 * 60
# What the bundle must never hold: the plain-text keyrings the app refuses, the test tools, and
# the Qt parts the spec leaves out.
NEVER_SHIPPED = ("keyrings", "pytest", "hypothesis", "libQt6Qml", "libQt6Quick", "libQt6VirtualKeyboard",
                 "libqtvirtualkeyboardplugin", "QtWebEngine")

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="this machine builds and runs the Linux bundle")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    given = os.environ.get("IRO_DESKTOP_BUNDLE")
    if given:
        return Path(given).resolve()
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(["bash", str(ROOT / "dev"), "package", "--dist", str(dist)], cwd=ROOT,
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return dist / "iro-desktop"


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A working folder away from the repository, so nothing is found beside the source."""
    return tmp_path_factory.mktemp("elsewhere")


def _env(outside: Path, **extra: str) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(outside / "config"),
               XDG_DATA_HOME=str(outside / "data"), XDG_CACHE_HOME=str(outside / "cache"), **extra)
    return env  # no PYTHONPATH, no IRO_DESKTOP_RESOURCES, no virtual environment


def _cli(bundle: Path, outside: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(bundle / "iro-desktop-cli"), *args], cwd=outside, env=_env(outside),
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def demo(bundle: Path, outside: Path) -> tuple[Path, Path]:
    home = outside / "demo"
    done = _cli(bundle, outside, "demo", "--vault", str(home))
    assert done.returncode == 0, done.stderr
    secret = outside / "passphrase.txt"
    secret.write_text(DEMO_PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    return home, secret


def test_the_bundle_is_one_folder_with_both_programs_and_nothing_it_must_not_ship(bundle: Path):
    assert (bundle / "iro-desktop").is_file() and (bundle / "iro-desktop-cli").is_file()
    assert os.access(bundle / "iro-desktop", os.X_OK)
    names = [str(p.relative_to(bundle)) for p in bundle.rglob("*")]
    shipped = sorted({bad for bad in NEVER_SHIPPED for n in names if bad in n})
    assert shipped == []
    assert (bundle / "_internal" / "resources" / "dictionaries" / "en_GB.dic").is_file()


def test_version(bundle: Path, outside: Path):
    done = _cli(bundle, outside, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"IRO Desktop {__version__}"


def test_every_resource_and_library_is_found_inside_the_bundle(bundle: Path, outside: Path):
    done = _cli(bundle, outside, "check-install", "--json")
    report = json.loads(done.stdout)
    failed = [c for c in report["checks"] if not c["ok"]]
    assert failed == [] and done.returncode == 0
    where = next(c["detail"] for c in report["checks"] if c["name"] == "resources")
    assert Path(where).resolve().is_relative_to(bundle)


def test_demo_list_due_and_a_letter_read_back(bundle: Path, outside: Path, demo):
    home, secret = demo
    listed = _cli(bundle, outside, "list", "--vault", str(home), "--passphrase-file", str(secret), "--json")
    assert listed.returncode == 0, listed.stderr
    children = json.loads(listed.stdout)
    assert len(children) == 70
    due = _cli(bundle, outside, "due", "--vault", str(home), "--passphrase-file", str(secret), "--json")
    assert due.returncode == 0, due.stderr
    assert json.loads(due.stdout)
    out = outside / "letter.pdf"
    for child in children[:12]:  # the first child whose review has been written (most have)
        made = _cli(bundle, outside, "render", "--vault", str(home), "--passphrase-file", str(secret),
                    "--child", child["child_id"], "--variant", "child", "--out", str(out))
        if made.returncode == 0:
            break
        assert "no review record yet" in made.stderr
    assert made.returncode == 0, made.stderr
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    # The same letter as the source install makes from the same vault, word for word.
    source_out = outside / "letter-from-source.pdf"
    from_source = run_cli("render", "--vault", home, "--passphrase-file", secret, "--child", child["child_id"],
                          "--variant", "child", "--out", source_out)
    assert from_source.returncode == 0, from_source.stderr
    assert text.startswith("My review meeting") and "Dear " in text
    assert text == "\n".join(page.extract_text() for page in PdfReader(source_out).pages)
    fonts = {f["/BaseFont"] for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("+" in str(name) for name in fonts)  # subset, so embedded


def test_the_app_starts_offscreen_to_the_unlock_screen_and_closes(bundle: Path, outside: Path, demo):
    home, _secret = demo
    done = subprocess.run([str(bundle / "iro-desktop"), "--vault", str(home)], cwd=outside,
                          env=_env(outside, IRO_DESKTOP_STARTUP_PROBE="1"), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "iro-desktop: unlock screen shown" in done.stdout


def test_check_install_notices_a_missing_resource(bundle: Path, outside: Path):
    dictionaries = bundle / "_internal" / "resources" / "dictionaries"
    aside = dictionaries.with_name("dictionaries-aside")
    dictionaries.rename(aside)
    try:
        done = _cli(bundle, outside, "check-install", "--json")
    finally:
        aside.rename(dictionaries)
    report = json.loads(done.stdout)
    assert done.returncode == 1
    assert {c["name"] for c in report["checks"] if not c["ok"]} >= {"resources", "spelling"}
