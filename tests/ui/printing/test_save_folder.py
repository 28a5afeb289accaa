"""Save as PDF starts in the Documents folder (the home folder where there is none), and then in
the folder the IRO last saved into, until the vault locks: that folder is never written to the
settings, because a folder's name can be a child's name."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

from tests.ui.print_support import choose_and_wait, open_preview, print_vault  # noqa: F401
from tests.ui.window_support import unlock
from ui.printing import printer

FOLDER = "Zebediah-Quillfeather-letters"  # a folder named for the marker child


def _documents(monkeypatch, tmp_path) -> Path:
    documents = tmp_path / "My documents"
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return documents


def test_documents_when_it_exists_else_home(monkeypatch, tmp_path):
    documents = _documents(monkeypatch, tmp_path)
    assert printer.documents_folder() == str(tmp_path / "home"), "no Documents folder: home"
    documents.mkdir()
    assert printer.documents_folder() == str(documents)


def _save(preview, qtbot, window, folder: Path, name: str) -> str:
    dialog = preview.save_document()
    started = dialog.directory().absolutePath()
    dialog.selectFile(str(folder / name))
    dialog.accept()
    qtbot.waitUntil((folder / name).exists, timeout=10_000)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    return started


def test_save_starts_in_documents_then_in_the_last_folder_until_the_lock(print_vault, window, qtbot,
                                                                         monkeypatch, tmp_path):
    documents = _documents(monkeypatch, tmp_path)
    documents.mkdir()
    chosen = tmp_path / FOLDER
    chosen.mkdir()
    unlock(window, qtbot)
    preview = open_preview(window, qtbot, "C100")
    choose_and_wait(preview, qtbot, variant="child")
    assert _save(preview, qtbot, window, chosen, "one.pdf") == str(documents)
    assert _save(preview, qtbot, window, chosen, "two.pdf") == str(chosen), "the folder chosen last"
    dialog = window.outputs.batch(window).choose_folder()
    assert dialog.directory().absolutePath() == str(chosen), "the batch starts there too"
    dialog.reject()

    window.lock()
    qtbot.waitUntil(lambda: window.outputs.open_windows() == [], timeout=5_000)
    unlock(window, qtbot)
    preview = open_preview(window, qtbot, "C100")
    choose_and_wait(preview, qtbot, variant="child")
    dialog = preview.save_document()
    assert dialog.directory().absolutePath() == str(documents), "forgotten at the lock"
    dialog.reject()

    # Never kept: not in the app's settings, nor in the vault.
    settings = QSettings()
    assert not any(FOLDER in str(settings.value(k)) for k in settings.allKeys())
    with window.vault.read() as db:
        stored = db.conn.execute("SELECT group_concat(value, ' ') FROM settings").fetchone()[0] or ""
    assert FOLDER not in stored
