"""The Help menu: a guide, the keyboard shortcuts as the menus have them, the audit log to read
(and check), and About with the version and the bundled licences."""

from __future__ import annotations

from iro_desktop import __version__
from iro_desktop.audit_log_view import audit_entries
from tests.ui.review_support import review_vault  # noqa: F401 - fixture
from tests.ui.window_support import opened, unlock
from ui.help.help_windows import AuditLogDialog, shortcuts


def help_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")


def trigger(window, text: str) -> None:
    next(a for a in help_menu(window).actions() if a.text() == text).trigger()


def test_the_guide_and_about(review_vault, window, qtbot):
    unlock(window, qtbot)
    from PySide6.QtWidgets import QDialog, QTextBrowser
    trigger(window, "&Getting started")
    guide = opened(QDialog, qtbot)
    assert "Write review record" in guide.findChild(QTextBrowser).toPlainText()
    guide.close()
    trigger(window, "A&bout IRO Desktop")
    about = next(d for d in window.findChildren(QDialog) if d.windowTitle().startswith("About"))
    words = about.findChild(QTextBrowser).toPlainText()
    assert __version__ in words and "SIL Open Font Licence" in words and "MIT" in words and "LGPL" in words


def test_the_shortcuts_are_read_from_the_menus(review_vault, window, qtbot):
    unlock(window, qtbot)
    listed = {(menu, command): keys for menu, command, keys in shortcuts(window.menuBar())}
    assert listed[("File", "Lock")] == "Ctrl+L"
    assert listed[("Sync", "Sync now")] == "F9"
    window.lock_action.setShortcut("Ctrl+Shift+L")  # a change to a menu shows in the list
    assert dict(((m, c), k) for m, c, k in shortcuts(window.menuBar()))[("File", "Lock")] == "Ctrl+Shift+L"


def test_the_audit_log_is_shown_newest_first_and_checked(review_vault, window, qtbot):
    unlock(window, qtbot)
    window.audit_log_action.trigger()
    dialog = opened(AuditLogDialog, qtbot)
    newest = audit_entries(window.vault, limit=1)[0]
    assert dialog.table.item(0, 0).text() == str(newest.seq)
    assert dialog.table.rowCount() == min(len(audit_entries(window.vault)), 500)
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.check_result.text().startswith("OK:"), timeout=10_000)


def test_an_action_in_words():
    from iro_desktop.audit_log_view import AuditEntry
    assert AuditEntry(1, "", "review_record.finalise", "record", "3").what == "Review record: finalise"
    assert AuditEntry(1, "", "vault.create", "vault", "x").what == "Vault: create"
