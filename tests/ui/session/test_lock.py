"""Locking, by command and when idle: nothing of the caseload stays on screen or in the models."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from iro_desktop.reviews import records
from iro_desktop.vault import backups
from iro_desktop.vault.connection import connect
from tests.ui.review_support import review_vault, section_editor, start_review, type_into  # noqa: F401 - fixture
from tests.ui.window_support import child_dialog, select, unlock
from ui.caseload.child_dialog import ChildDialog
from ui.app.main_window import LOCK_CLOSE_WAIT_S
from ui.records.record_editor import RecordEditor


def visible_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def assert_nothing_left(window) -> None:
    assert window.vault is None
    assert window.stack.currentWidget() is window.unlock_screen
    assert window.lock_state.text() == "Locked"
    assert window.count_label.text() == ""
    assert window.caseload.model.rowCount() == 0
    assert window.caseload.proxy.rowCount() == 0
    assert window.caseload.search.text() == ""
    assert window.caseload.current_child_id() is None
    text = window.caseload.detail.toPlainText()
    for name in ("Zebediah", "Quillfeather", "Amira", "Okafor", "C100", "C200"):
        assert name not in text
    assert visible_dialogs() == []
    assert not window.lock_action.isEnabled()


def test_idle_lock_fires_and_leaves_the_models_empty(closed_vault, window, qtbot):
    unlock(window, qtbot)
    view = window.caseload
    assert view.model.rowCount() == 3
    qtbot.keyClicks(view.search, "Zeb")
    assert view.proxy.rowCount() == 1
    select(window, qtbot, "C100")
    assert "Zebediah" in view.detail.toPlainText()
    dialog = child_dialog(window, qtbot, "C100")
    window.clipboard.copy("C100")

    window.idle_lock.set_interval_ms(300)
    qtbot.waitUntil(lambda: window.vault is None, timeout=5_000)
    assert_nothing_left(window)
    assert QApplication.clipboard().text() == ""
    qtbot.waitUntil(lambda: window.findChild(ChildDialog) is None, timeout=2_000)

    unlock(window, qtbot)
    assert window.caseload.model.rowCount() == 3, "locking loses nothing that was saved"
    assert window.idle_lock.armed


def test_input_postpones_the_idle_lock(closed_vault, window, qtbot):
    unlock(window, qtbot)
    window.idle_lock.set_interval_ms(400)
    for _ in range(8):  # 1.2 s of typing, never 400 ms apart
        qtbot.keyClick(window.caseload.search, Qt.Key.Key_A)
        qtbot.wait(150)
    assert window.vault is not None
    qtbot.waitUntil(lambda: window.vault is None, timeout=5_000)


def test_lock_command_closes_dialogs_and_clears_the_clipboard(closed_vault, window, qtbot):
    unlock(window, qtbot)
    window.caseload.select("C200")
    window.clipboard.copy("something the app copied")
    child_dialog(window, qtbot)
    window.show_backups()
    assert len(visible_dialogs()) == 2
    window.lock_action.trigger()
    assert_nothing_left(window)
    assert QApplication.clipboard().text() == ""


def test_clipboard_the_iro_replaced_is_left_alone(closed_vault, window, qtbot):
    unlock(window, qtbot)
    window.clipboard.copy("C100")
    QApplication.clipboard().setText("the IRO's own text")
    window.lock()
    assert QApplication.clipboard().text() == "the IRO's own text"


def test_closing_the_window_locks_the_vault(closed_vault, window, qtbot):
    unlock(window, qtbot)
    vault = window.vault
    window.close()
    assert window.vault is None
    assert not vault.is_open


def test_a_long_job_in_flight_never_keeps_the_caseload_on_screen(review_vault, window, qtbot, monkeypatch):
    """A backup is running on the vault thread when the IRO locks, mid-sentence in a letter:
    the screen is cleared at once, the words reach the vault without waiting for the backup,
    and the vault closes as soon as the backup ends."""
    unlock(window, qtbot)
    window.home.setCurrentWidget(window.caseload)
    window.caseload.select("C100")
    editor = start_review(window, qtbot)
    record_id = editor.record.id
    editor.autosaver.set_delay_ms(60_000)  # so only the lock's own save can write these words
    type_into(qtbot, section_editor(editor, "home"), "Joan says you make the best pancakes")
    vault = window.vault
    assert window.caseload.model.rowCount() == 3 and editor.isVisible()
    reader = connect(vault.paths.db, bytes(vault._key))  # the test's own look at the file

    gate, backing_up = threading.Event(), threading.Event()
    write_backup = backups.write_backup

    def slow_backup(conn, home, name):  # a backup of a large vault: it holds the connection for long
        backing_up.set()
        gate.wait(20)
        return write_backup(conn, home, name)

    monkeypatch.setattr(backups, "write_backup", slow_backup)
    window.back_up_now()
    assert backing_up.wait(5)

    def on_screen() -> dict:
        return {"unlock screen": window.stack.currentWidget() is window.unlock_screen,
                "children": window.caseload.model.rowCount(),
                "editors": [w for w in QApplication.topLevelWidgets() if isinstance(w, RecordEditor) and w.isVisible()],
                "dialogs": visible_dialogs()}

    cleared = {"unlock screen": True, "children": 0, "editors": [], "dialogs": []}
    seen: list[dict] = []
    save_final, close_vault = window.records.save_final, window._close_vault
    window.records.save_final = lambda *a: (seen.append(on_screen()), save_final(*a))
    window._close_vault = lambda *a, **k: (seen.append(on_screen()), close_vault(*a, **k))
    try:
        started = time.monotonic()
        window.lock()
        took = time.monotonic() - started
        assert not gate.is_set() and took < LOCK_CLOSE_WAIT_S + 1.0, f"the lock took {took:.2f} s"
        assert seen == [cleared, cleared], "the screen was clear before the lock waited for anything"
        assert_nothing_left(window)
        assert window.records.editors == {}
        saved = reader.execute("SELECT v.content FROM record_version v JOIN record r ON v.record_id = r.id AND "
                               "v.version = r.current_version WHERE r.id = ?", (record_id,)).fetchone()
        assert saved is not None and "the best pancakes" in saved[0], "the words are in the record already"
        assert vault.is_open, "the backup is still running; the vault closes after it"
    finally:
        gate.set()
        reader.close()
    qtbot.waitUntil(lambda: not vault.is_open, timeout=10_000)

    unlock(window, qtbot)
    assert records.get_review(window.vault, record_id).content.letter.section("home").body == (
        "Joan says you make the best pancakes")
    qtbot.wait(300)
    assert window.records.recovery_box is None, "the lock put the words into the record: nothing to ask"
