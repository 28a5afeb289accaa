"""Changing the passphrase and making a new recovery code from the File menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from iro_desktop.errors import WrongPassphrase, WrongRecoveryCode
from iro_desktop.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.session.test_unlock import _unlock
from ui.session.security_dialogs import ChangePassphraseDialog, NewRecoveryCodeDialog

NEW_PASSPHRASE = "Lantern-harbour-violet-77"
WRONG = "Not-the-right-one-at-all-9"


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def unlocked(closed_vault, window, qtbot):
    assert not window.change_passphrase_action.isEnabled()
    assert not window.new_recovery_code_action.isEnabled()
    _unlock(qtbot, window, PASSPHRASE)
    assert window.vault is not None
    assert window.change_passphrase_action.isEnabled()
    assert window.new_recovery_code_action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert window.change_passphrase_action in file_menu.actions()
    assert window.new_recovery_code_action in file_menu.actions()
    return window, closed_vault[0], closed_vault[1]


def _open(window, action, kind):
    action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_change_passphrase_then_only_the_new_one_unlocks(unlocked, qtbot, keychain):
    window, home, _code = unlocked
    dialog = _open(window, window.change_passphrase_action, ChangePassphraseDialog)
    assert not dialog.change_button.isEnabled()
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.keyClicks(dialog.fields.first, "short")
    assert "good enough" not in dialog.fields.meter.label.text()
    assert not dialog.change_button.isEnabled(), "a weak passphrase is not accepted"
    dialog.fields.first.clear()
    qtbot.keyClicks(dialog.fields.first, NEW_PASSPHRASE)
    assert "good enough" in dialog.fields.meter.label.text()
    qtbot.keyClicks(dialog.fields.second, NEW_PASSPHRASE[:-1])
    assert not dialog.change_button.isEnabled(), "the two must match"
    qtbot.keyClicks(dialog.fields.second, NEW_PASSPHRASE[-1])
    assert dialog.change_button.isEnabled()
    _click(qtbot, dialog.change_button)
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=10_000)
    assert "has been changed" in dialog.message.text()
    assert dialog.current.text() == dialog.fields.first.text() == dialog.fields.second.text() == ""
    dialog.close_button.click()  # the button box may not have been laid out again yet
    qtbot.waitUntil(lambda: not dialog.isVisible())

    window.lock()
    _unlock(qtbot, window, PASSPHRASE)
    assert window.vault is None
    assert window.unlock_screen.message.text().startswith("That passphrase is not right.")
    qtbot.waitUntil(lambda: window.unlock_screen.seconds_to_wait() == 0, timeout=10_000)
    _unlock(qtbot, window, NEW_PASSPHRASE)
    assert window.vault is not None
    assert window.caseload.model.rowCount() == 3


def test_wrong_current_passphrase_is_shown_and_changes_nothing(unlocked, qtbot, keychain):
    window, home, _code = unlocked
    dialog = _open(window, window.change_passphrase_action, ChangePassphraseDialog)
    qtbot.keyClicks(dialog.current, WRONG)
    qtbot.keyClicks(dialog.fields.first, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.fields.second, NEW_PASSPHRASE)
    _click(qtbot, dialog.change_button)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.message.text() != "Changing your passphrase…")
    assert dialog.message.text() == str(WrongPassphrase(1, 0))
    assert dialog.isVisible() and dialog.form.isEnabled()
    # Nothing typed is lost: the IRO can correct the current passphrase and try again.
    assert dialog.current.text() == WRONG and dialog.current.selectedText() == WRONG
    assert dialog.fields.first.text() == dialog.fields.second.text() == NEW_PASSPHRASE
    assert dialog.change_button.isEnabled()
    dialog.reject()

    window.lock()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(home, NEW_PASSPHRASE, keychain)
    Vault.unlock(home, PASSPHRASE, keychain).close()


def test_new_recovery_code_is_shown_once_and_the_old_one_stops(unlocked, qtbot, keychain):
    window, home, old_code = unlocked
    dialog = _open(window, window.new_recovery_code_action, NewRecoveryCodeDialog)
    assert "stops working as soon as the new one is made" in dialog.explanation.text()
    assert not dialog.make_button.isEnabled()

    qtbot.keyClicks(dialog.current, WRONG)
    _click(qtbot, dialog.make_button)
    qtbot.waitUntil(lambda: dialog.message.text() == str(WrongPassphrase(1, 0)), timeout=10_000)
    assert not dialog.code_shown() and dialog.current.text() == WRONG

    dialog.current.clear()
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.waitUntil(lambda: dialog.make_button.isEnabled(), timeout=10_000)
    _click(qtbot, dialog.make_button)
    qtbot.waitUntil(dialog.code_shown, timeout=10_000)
    page = dialog.code_page
    shown = page.code_label.text().replace("\n", "")
    assert len(shown.split("-")) == 6 and shown != old_code
    assert dialog.current.text() == ""
    assert page.confirm.text() == "I have written down or printed my new recovery code"

    # Copy goes through the app's clipboard guard, so the lock clears it.
    _click(qtbot, page.copy_button)
    assert QApplication.clipboard().text() == shown and window.clipboard.holds_ours

    # It will not close until the IRO has kept the code.
    assert not dialog.close_button.isEnabled()
    dialog.reject()
    dialog.accept()
    assert dialog.isVisible()
    qtbot.keyClicks(page.last_group, shown.split("-")[-1])
    assert not dialog.close_button.isEnabled(), "the tick is needed too"
    page.confirm.setChecked(True)
    assert dialog.close_button.isEnabled()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    window.lock()
    assert QApplication.clipboard().text() == ""
    with pytest.raises(WrongRecoveryCode):
        Vault.unlock_with_recovery(home, old_code, NEW_PASSPHRASE, keychain)
    Vault.unlock_with_recovery(home, shown, NEW_PASSPHRASE, keychain).close()
    Vault.unlock(home, NEW_PASSPHRASE, keychain).close()


def test_lock_closes_both_dialogs_even_with_a_code_on_screen(unlocked, qtbot, keychain):
    window, home, _code = unlocked
    change = _open(window, window.change_passphrase_action, ChangePassphraseDialog)
    qtbot.keyClicks(change.current, PASSPHRASE)
    code = _open(window, window.new_recovery_code_action, NewRecoveryCodeDialog)
    qtbot.keyClicks(code.current, PASSPHRASE)
    _click(qtbot, code.make_button)
    qtbot.waitUntil(code.code_shown, timeout=10_000)
    page = code.code_page
    shown = page.code_label.text().replace("\n", "")
    assert not code.close_button.isEnabled()
    closed = []
    change.destroyed.connect(lambda: closed.append("change"))
    code.destroyed.connect(lambda: closed.append("code"))

    window.lock()
    assert window.vault is None
    qtbot.waitUntil(lambda: sorted(closed) == ["change", "code"], timeout=10_000)
    assert not window.change_passphrase_action.isEnabled()
    assert not window.new_recovery_code_action.isEnabled()
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, (ChangePassphraseDialog, NewRecoveryCodeDialog))]
    # The code was made all the same; it is the one that opens the vault now.
    Vault.unlock_with_recovery(home, shown, NEW_PASSPHRASE, keychain).close()
