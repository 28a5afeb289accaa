"""A vault that went back in time is said plainly at unlock in the app, never silently opened."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from iro_desktop.vault.connection import connect
from tests.support.vault_helpers import data_key
from tests.ui.window_support import unlock


def _box():
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()), None)


def test_rows_removed_from_the_end_are_shown_at_unlock(due_vault, vault_home, keychain, window_factory, qtbot):
    conn = connect(vault_home / "vault.db", data_key(vault_home, keychain))
    try:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE seq > 3")
        conn.commit()
        assert conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0] == 3  # the attack happened
    finally:
        conn.close()
    window = window_factory()
    unlock(window, qtbot)
    qtbot.waitUntil(lambda: _box() is not None, timeout=5_000)
    box = _box()
    assert box.windowTitle() == "Check your recent work"
    assert "gone back in time" in box.text() and "restore your latest backup" in box.text()
    box.close()


def test_an_ordinary_unlock_shows_no_warning(due_vault, window_factory, qtbot):
    window = window_factory()
    unlock(window, qtbot)
    qtbot.wait(300)
    assert _box() is None
