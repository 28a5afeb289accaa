import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from iro_desktop.errors import VaultInUse
from iro_desktop.vault.instance import AppInstance

ROOT = Path(__file__).resolve().parents[1]


def test_a_second_copy_of_the_app_is_turned_away_until_the_first_exits(tmp_path):
    first = AppInstance(tmp_path).acquire()
    code = textwrap.dedent(f"""
        from iro_desktop.vault.instance import AppInstance
        from iro_desktop.errors import VaultInUse
        try:
            AppInstance({str(tmp_path)!r}).acquire()
            print("acquired")
        except VaultInUse as exc:
            print("refused:", exc)
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.startswith("refused:") and "already open" in out.stdout
    with pytest.raises(VaultInUse):
        AppInstance(tmp_path).acquire()
    first.release()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "acquired"
