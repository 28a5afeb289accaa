"""One copy of the app at a time per vault folder; a locked vault forgets its keys."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from iro_desktop.errors import VaultExists, VaultInUse, VaultLocked
from iro_desktop.vault import Vault

from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.vault_helpers import child_ids, seed_children, snapshot

NEW_PASSPHRASE = "Harbour-lantern-copper-57"
REPO = Path(__file__).resolve().parent.parent


def test_second_unlock_while_open_is_refused_then_works_after_close(vault, vault_home, keychain):
    seed_children(vault, count=2)
    with pytest.raises(VaultInUse, match="already open"):
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert vault.is_open and len(child_ids(vault)) == 2  # the first one is unaffected
    vault.close()
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 2


def test_recovery_while_open_changes_no_key(vault_and_code, vault_home, keychain):
    vault, code = vault_and_code
    slots = (vault_home / "keyslots.json").read_bytes()
    secrets_before = dict(keychain._backend.store)
    with pytest.raises(VaultInUse):
        Vault.unlock_with_recovery(vault_home, code, NEW_PASSPHRASE, keychain, kdf=FAST_KDF)
    assert (vault_home / "keyslots.json").read_bytes() == slots
    assert keychain._backend.store == secrets_before
    vault.close()
    Vault.unlock(vault_home, PASSPHRASE, keychain).close()


def test_create_over_an_open_vault_is_refused(vault, vault_home, keychain):
    before = snapshot(vault_home)
    with pytest.raises(VaultExists):
        Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    assert snapshot(vault_home) == before


def test_a_locked_vault_refuses_use_and_forgets_its_keys(vault):
    vault.close()
    assert not vault.is_open
    assert bytes(vault._key) == bytes(32) and bytes(vault._mac_key) == bytes(32)
    with pytest.raises(VaultLocked):
        with vault.transaction():
            pass
    with pytest.raises(VaultLocked):
        with vault.read():
            pass
    with pytest.raises(VaultLocked):
        vault.setting("council_area")
    vault.close()  # closing twice is harmless


_HOLDER = textwrap.dedent("""
    import sys
    import tests.conftest  # noqa: F401  (the tests' fast key settings)
    from iro_desktop.vault import Vault
    vault = Vault.unlock(sys.argv[1], sys.argv[2], None, allow_no_keychain=True)
    print("open", flush=True)
    sys.stdin.readline()
    vault.close()
    print("closed", flush=True)
""")


def _holder(home: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(home), PASSPHRASE],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "open"
    return proc


@pytest.fixture
def passphrase_only(vault_home):
    vault, _ = Vault.create(vault_home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    seed_children(vault, count=3)
    vault.close()
    return vault_home


def test_another_process_holding_the_vault_blocks_this_one(passphrase_only):
    proc = _holder(passphrase_only)
    try:
        with pytest.raises(VaultInUse):
            Vault.unlock(passphrase_only, PASSPHRASE, None, allow_no_keychain=True)
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "closed"
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with Vault.unlock(passphrase_only, PASSPHRASE, None, allow_no_keychain=True) as vault:
        assert len(child_ids(vault)) == 3


def test_a_crashed_process_does_not_leave_the_vault_locked(passphrase_only):
    proc = _holder(passphrase_only)
    proc.kill()
    proc.wait()
    assert (passphrase_only / "vault.lock").exists()
    with Vault.unlock(passphrase_only, PASSPHRASE, None, allow_no_keychain=True) as vault:
        assert len(child_ids(vault)) == 3
        assert vault.verify_audit().ok


def test_a_vault_opened_on_one_thread_can_be_closed_on_another(vault_home, keychain, vault):
    import threading

    vault.close()
    opened = {}
    t = threading.Thread(target=lambda: opened.setdefault("v", Vault.unlock(vault_home, PASSPHRASE, keychain)))
    t.start()
    t.join()
    opened["v"].close()  # closed on the main thread
    again = Vault.unlock(vault_home, PASSPHRASE, keychain)
    again.close()
