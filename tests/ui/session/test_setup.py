"""Set-up without a keychain, council policy, and the demo caseload."""

from __future__ import annotations

import json

import filelock
from PySide6.QtWidgets import QWizard

from iro_desktop.demo_vault import DEMO_PASSPHRASE
from iro_desktop.vault import Vault, keyslots, vault_exists
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.caseload_helpers import audit_rows
from tests.ui.session.test_first_run import walk_wizard
from tests.ui.window_support import settle
from ui.app.app import services_for
from ui.common.services import Services

NO_KEYCHAIN = "This computer has no secure keychain (no keychain service is running)."


def no_keychain_services(home, settings, **kw) -> Services:
    return Services(home=home, keychain_source=lambda: (None, NO_KEYCHAIN), kdf=FAST_KDF,
                    settings=settings, **kw)


def test_without_a_keychain_the_iro_is_told_and_must_agree(make_window, vault_home, settings, qtbot):
    window = make_window(no_keychain_services(vault_home, settings))
    page = window.wizard.welcome_page
    next_button = window.wizard.button(QWizard.WizardButton.NextButton)
    assert NO_KEYCHAIN in page.choice.message.text()
    assert page.choice.understand.isVisible()
    assert not next_button.isEnabled()
    page.choice.understand.setChecked(True)
    assert next_button.isEnabled()
    walk_wizard(window, qtbot)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=10_000)
    window.lock()
    # What set-up made is a passphrase-only vault: its key file names no keychain entry, and it
    # opens without a keychain and holds set-up's own audit row. Closing it frees the vault's
    # lock file, so the app (or another copy) can open it next.
    slots = keyslots.KeySlotsFile.load(vault_home / "keyslots.json")
    assert slots.slots[keyslots.PASSPHRASE].keychain_entry is None
    again = Vault.unlock(vault_home, PASSPHRASE, None)
    try:
        assert again.is_open and again.verify_audit().ok
        assert audit_rows(again)[0] == ("vault.create", "vault", slots.vault_id)
    finally:
        again.close()
    assert not again.is_open
    free = filelock.FileLock(str(vault_home / "vault.lock"), timeout=0)
    free.acquire()  # raises Timeout if close() left the vault locked
    free.release()


def test_council_policy_requiring_a_keychain_stops_set_up(make_window, vault_home, settings):
    vault_home.mkdir(parents=True)
    (vault_home / "policy.json").write_text(json.dumps({"require_keychain": True}))
    window = make_window(no_keychain_services(vault_home, settings))
    page = window.wizard.welcome_page
    assert "council's policy requires a secure keychain" in page.choice.message.text()
    assert not page.choice.understand.isVisible()
    assert not window.wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not vault_exists(vault_home)


def test_demo_opens_straight_into_an_invented_caseload(make_window, tmp_path, settings, qtbot):
    home = tmp_path / "demo-vault"
    window = make_window(no_keychain_services(home, settings, demo=True))
    qtbot.waitUntil(lambda: window.vault is not None, timeout=30_000)
    settle(window, qtbot)
    assert window.banner.isVisible()
    assert window.banner.text() == "Demo caseload — invented children"
    assert window.caseload.model.rowCount() >= 50
    assert window.lock_state.text() == "Unlocked — vault demo-vault"
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    children = window.caseload.model.rowCount()
    window.close()

    # The second time it exists already: unlocked with the documented passphrase, no questions.
    again = make_window(no_keychain_services(home, settings, demo=True))
    qtbot.waitUntil(lambda: again.vault is not None, timeout=30_000)
    settle(again, qtbot)
    assert again.caseload.model.rowCount() == children
    assert again.banner.isVisible()
    again.lock()
    assert DEMO_PASSPHRASE in again.unlock_screen.demo_note.text()


def test_options_choose_the_folder_and_the_demo_folder(tmp_path, monkeypatch):
    from argparse import Namespace

    monkeypatch.setenv("IRO_DESKTOP_HOME", str(tmp_path / "home"))
    plain = services_for(Namespace(vault=None, demo=False, no_keychain=False))
    assert plain.home == tmp_path / "home" and not plain.demo and plain.kdf is None
    chosen = services_for(Namespace(vault=str(tmp_path / "mine"), demo=False, no_keychain=True))
    assert chosen.home == tmp_path / "mine" and chosen.allow_no_keychain
    demo = services_for(Namespace(vault=None, demo=True, no_keychain=False))
    assert demo.demo and demo.home.name == "demo-vault" and demo.home != plain.home
