"""The unlock screen: wrong passphrase, the growing delay, the recovery code, a damaged vault."""

from __future__ import annotations

from PySide6.QtCore import Qt

from iro_desktop.vault import Vault
from iro_desktop.vault.backups import list_backups
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.window_support import settle

NEW_PASSPHRASE = "Lantern-harbour-violet-77"


def _unlock(qtbot, window, passphrase: str) -> None:
    screen = window.unlock_screen
    screen.passphrase.clear()
    qtbot.keyClicks(screen.passphrase, passphrase)
    assert screen.unlock_button.isEnabled()
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert window.worker.is_busy and not screen.unlock_button.isEnabled()
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)


def test_locked_vault_opens_on_the_unlock_screen(closed_vault, window):
    assert window.stack.currentWidget() is window.unlock_screen
    assert window.lock_state.text() == "Locked"
    assert not window.lock_action.isEnabled()
    assert not window.import_action.isEnabled()


def test_wrong_passphrase_says_so_and_stays_locked(closed_vault, window, qtbot):
    _unlock(qtbot, window, "Not-the-right-one-at-all-9")
    screen = window.unlock_screen
    assert window.vault is None
    assert screen.message.text().startswith("That passphrase is not right.")
    assert screen.message.isVisible()
    assert screen.passphrase.selectedText() == "Not-the-right-one-at-all-9", "ready to retype"

    _unlock(qtbot, window, PASSPHRASE)
    assert window.vault is not None
    assert window.caseload.model.rowCount() == 3


def test_growing_delay_is_a_countdown_with_unlock_disabled(closed_vault, window, qtbot):
    screen = window.unlock_screen
    for _ in range(3):  # the core allows a few free attempts, then makes the IRO wait
        qtbot.waitUntil(lambda: screen.seconds_to_wait() == 0, timeout=10_000)
        _unlock(qtbot, window, "Not-the-right-one-at-all-9")
    assert screen.seconds_to_wait() > 0
    assert "You can try again in" in screen.countdown_label.text()
    assert not screen.unlock_button.isEnabled()
    assert "wait" in screen.message.text()

    qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=10_000)
    assert screen.countdown_label.text() == ""
    _unlock(qtbot, window, PASSPHRASE)
    assert window.vault is not None


def test_missing_keychain_entry_leads_to_the_recovery_code(closed_vault, window, qtbot, keychain):
    _home, code = closed_vault
    keychain._backend.store.clear()  # as on a new computer: the device secret is not there
    _unlock(qtbot, window, PASSPHRASE)
    screen = window.unlock_screen
    assert window.vault is None
    assert screen.pages.currentIndex() == 1, "steered to the recovery code page"
    assert "recovery code" in screen.recovery_message.text()

    qtbot.keyClicks(screen.recovery_code, code.lower().replace("-", " "))
    qtbot.keyClicks(screen.new_passphrase.first, NEW_PASSPHRASE)
    assert not screen.recover_button.isEnabled(), "the new passphrase must be typed twice"
    qtbot.keyClicks(screen.new_passphrase.second, NEW_PASSPHRASE)
    assert screen.recover_button.isEnabled()
    qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=10_000)
    settle(window, qtbot)
    assert window.caseload.model.rowCount() == 3

    window.lock()
    _unlock(qtbot, window, NEW_PASSPHRASE)
    assert window.vault is not None


def test_wrong_recovery_code_is_explained(closed_vault, window, qtbot):
    screen = window.unlock_screen
    qtbot.mouseClick(screen.use_recovery, Qt.MouseButton.LeftButton)
    assert screen.pages.currentIndex() == 1
    qtbot.keyClicks(screen.recovery_code, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    qtbot.keyClicks(screen.new_passphrase.first, NEW_PASSPHRASE)
    qtbot.keyClicks(screen.new_passphrase.second, NEW_PASSPHRASE)
    qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(screen.recovery_message.text()), timeout=10_000)
    assert screen.recovery_message.text().startswith("That recovery code is not right.")
    assert window.vault is None


def test_damaged_vault_offers_its_backups_and_restores_one(vault_home, keychain, window_factory, qtbot):
    from tests.ui.conftest import sample_child
    from iro_desktop.caseload import repository

    vault, _code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    repository.add_child(vault, sample_child("C100", "Zebediah", "Quillfeather"))
    backup = vault.backup_now("manual")
    vault.close()
    db = vault_home / "vault.db"
    with open(db, "r+b") as fh:  # wreck the header: the file can no longer be read with the key
        fh.write(b"\0" * 4096)
    window = window_factory()

    _unlock(qtbot, window, PASSPHRASE)
    screen = window.unlock_screen
    assert window.vault is None
    assert screen.pages.currentIndex() == 2, "offered the backups, not a new vault"
    assert "damaged" in screen.restore_message.text()
    assert screen.backup_list.count() >= 1
    assert backup.name in screen.backup_list.currentItem().text()
    assert screen.restore_passphrase.text() == PASSPHRASE

    qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=10_000)
    settle(window, qtbot)
    assert window.caseload.model.rowCount() == 1
    assert any(p.name.startswith("replaced-") for p in list_backups(vault_home)), \
        "the damaged file is kept aside, never deleted"
