"""First run end to end: set-up wizard, recovery code, caseload, lock, unlock."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from iro_desktop.vault import vault_exists
from tests.conftest import PASSPHRASE
from tests.ui.window_support import closed, opened, settle
from ui.caseload.child_dialog import ChildDialog
from ui.caseload.child_part_dialogs import PeriodDialog


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def walk_wizard(window, qtbot) -> str:
    """Go through set-up as the IRO would; returns the recovery code as shown on screen."""
    wizard = window.wizard
    assert window.stack.currentWidget() is wizard
    _click(qtbot, wizard.button(QWizard.WizardButton.NextButton))

    page = wizard.passphrase_page
    assert wizard.currentPage() is page
    create = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.keyClicks(page.fields.first, "short")
    assert not create.isEnabled()
    assert "Weak" in page.fields.meter.label.text() or "weak" in page.fields.meter.label.text()
    page.fields.first.clear()
    qtbot.keyClicks(page.fields.first, PASSPHRASE)
    assert "good enough" in page.fields.meter.label.text()
    assert not create.isEnabled(), "Next must wait until both fields match"
    qtbot.keyClicks(page.fields.second, PASSPHRASE[:-1])
    assert not create.isEnabled()
    qtbot.keyClicks(page.fields.second, PASSPHRASE[-1])
    _click(qtbot, create)

    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_page, timeout=10_000)
    code_page = wizard.code_page
    shown = code_page.code_label.text().replace("\n", "")
    assert len(shown.split("-")) == 6
    assert page.fields.first.text() == "", "the passphrase must not stay in the widgets"
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled(), "the vault exists: no going back"
    qtbot.keyClicks(code_page.last_group, shown.split("-")[-1])
    assert not finish.isEnabled(), "typing the group alone is not enough without the tick"
    code_page.confirm.setChecked(True)
    assert finish.isEnabled()
    code_page.last_group.clear()
    qtbot.keyClicks(code_page.last_group, "ZZZZZ" if shown.split("-")[-1] != "ZZZZZ" else "YYYYY")
    assert not finish.isEnabled(), "a wrong group must not finish"
    code_page.last_group.clear()
    qtbot.keyClicks(code_page.last_group, shown.split("-")[-1].lower())
    _click(qtbot, code_page.print_button)
    assert code_page.print_dialog is not None and code_page.print_dialog.isVisible()
    code_page.print_dialog.reject()
    _click(qtbot, code_page.copy_button)
    assert QApplication.clipboard().text() == shown
    _click(qtbot, finish)
    return shown


def add_child_through_dialog(window, qtbot) -> None:
    window.add_action.trigger()
    dialog = opened(ChildDialog, qtbot)
    qtbot.keyClicks(dialog.child_id, "N4242")
    qtbot.keyClicks(dialog.first_name, "Xanthippe")
    qtbot.keyClicks(dialog.last_name, "Marker")
    qtbot.keyClicks(dialog.pronouns, "she/her")
    dialog.date_of_birth.set_value(date(2013, 2, 3))

    # Saved without a period of care: the core refuses, the dialog says why and keeps everything.
    _click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    qtbot.waitUntil(lambda: dialog.problem_list.isVisible(), timeout=10_000)
    assert dialog.isVisible()
    assert dialog.problem_list.isVisible() and dialog.problem_list.count() >= 1
    assert any("looked after" in dialog.problem_list.item(i).text()
               for i in range(dialog.problem_list.count()))
    assert dialog.first_name.text() == "Xanthippe" and dialog.pronouns.text() == "she/her"
    assert "⚠" in dialog.tabs.tabText(2)

    dialog._add_period()
    period = dialog.findChild(PeriodDialog)
    period.start.set_value(date(2022, 9, 1))
    period.legal_status.set_value("C2")
    period.accept()
    assert dialog.period_model.rowCount() == 1
    _click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    qtbot.waitUntil(lambda: closed(dialog))


def test_first_run_wizard_to_caseload_then_lock_and_unlock(window, qtbot, vault_home):
    assert not vault_exists(vault_home)
    walk_wizard(window, qtbot)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    assert window.home.currentWidget() is window.week, "My week is the home screen"
    assert window.vault is not None and vault_exists(vault_home)
    assert window.lock_state.text() == f"Unlocked — vault {vault_home.name}"
    assert window.wizard is None

    add_child_through_dialog(window, qtbot)
    settle(window, qtbot)
    assert window.caseload.model.rowCount() == 1
    assert window.caseload.current_child_id() == "N4242"
    assert "Xanthippe Marker" in window.caseload.detail.toPlainText()
    assert window.count_label.text() == "1 child on your caseload"

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.vault is None)
    assert window.stack.currentWidget() is window.unlock_screen
    assert window.lock_state.text() == "Locked"
    assert window.caseload.model.rowCount() == 0
    assert "Xanthippe" not in window.caseload.detail.toPlainText()
    assert QApplication.clipboard().text() == "", "the copied recovery code goes on lock"

    screen = window.unlock_screen
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    _click(qtbot, screen.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None or bool(screen.message.text()), timeout=10_000)
    assert screen.message.text() == ""
    assert window.stack.currentWidget() is window.home and window.home.currentWidget() is window.week
    assert screen.passphrase.text() == ""
    settle(window, qtbot)
    assert window.caseload.model.rowCount() == 1
    assert window.caseload.model.summary(0).display_name == "Xanthippe Marker"
