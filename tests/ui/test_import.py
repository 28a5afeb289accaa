"""Import from the File menu's flow: parse and plan on the worker, preview, then apply or cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from iro_desktop.caseload import repository
from iro_desktop.vault.backups import list_backups
from tests.ui.test_lock import unlock
from ui.import_dialog import ImportPreviewDialog, ImportProblemsDialog

HEADER = "child_id,first_name,last_name,date_of_birth,date_became_looked_after,legal_status,placement_area\n"
GOOD = HEADER + (
    "C100,Zebediah,Quillfeather,17/05/2012,01/03/2021,C2,Northshire\n"
    "C200,Amira,Okafor,17/05/2012,01/03/2021,C2,Cornwall\n"
    "C300,Tom,Baker,17/05/2012,01/03/2021,C1,Devon\n"
    "C900,Nadia,Newcomer,2015-09-09,2024-01-15,V2,Northshire\n"
)
BAD = HEADER + (
    "C100,Zebediah,Quillfeather,not a date,01/03/2021,C2,Northshire\n"
    "C900,Nadia,Newcomer,2015-09-09,2024-01-15,Q9,Northshire\n"
)


def _dialog(kind):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def test_import_preview_then_apply(closed_vault, window, qtbot, tmp_path, vault_home):
    unlock(window, qtbot)
    path = tmp_path / "extract.csv"
    path.write_text(GOOD, encoding="utf-8")
    window.preview_import(path)
    assert window.worker.is_busy and window.busy_bar.isVisible()
    qtbot.waitUntil(lambda: _dialog(ImportPreviewDialog) is not None, timeout=10_000)
    preview = _dialog(ImportPreviewDialog)
    assert window.windowTitle() == "IRO Desktop"
    counts = [preview.counts.item(0, i).text() for i in range(4)]
    assert counts[0] == "1", counts  # one new child
    lines = [preview.changes.item(i).text() for i in range(preview.changes.count())]
    assert any("Nadia Newcomer" in line and "new child" in line for line in lines)
    assert any("legal status" in line for line in lines)  # Tom Baker: C2 -> C1
    assert repository.child_count(window.vault) == 3, "a preview changes nothing"

    before = len(list_backups(vault_home))
    preview.apply_button.click()
    qtbot.waitUntil(lambda: window.caseload.model.row_for("C900") is not None, timeout=10_000)
    assert repository.child_count(window.vault) == 4
    assert len(list_backups(vault_home)) > before, "a backup is made before importing"
    assert "Import applied" in window.statusBar().currentMessage()


def test_import_cancelled_changes_nothing(closed_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    path = tmp_path / "extract.csv"
    path.write_text(GOOD, encoding="utf-8")
    window.preview_import(path)
    qtbot.waitUntil(lambda: _dialog(ImportPreviewDialog) is not None, timeout=10_000)
    _dialog(ImportPreviewDialog).reject()
    qtbot.wait(50)
    assert not window.worker.is_busy
    assert repository.child_count(window.vault) == 3


def test_import_problems_are_listed_by_row_and_column(closed_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    path = tmp_path / "extract.csv"
    path.write_text(BAD, encoding="utf-8")
    window.preview_import(path)
    qtbot.waitUntil(lambda: _dialog(ImportProblemsDialog) is not None, timeout=10_000)
    problems = _dialog(ImportProblemsDialog)
    where = [problems.table.item(r, 0).text() for r in range(problems.table.rowCount())]
    assert "row 2, column date_of_birth" in where
    assert "row 3, column legal_status" in where
    assert repository.child_count(window.vault) == 3


def test_a_preview_arriving_after_a_lock_is_dropped(closed_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    path = tmp_path / "extract.csv"
    path.write_text(GOOD, encoding="utf-8")
    window.preview_import(path)
    window.lock()
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    qtbot.wait(50)
    assert _dialog(ImportPreviewDialog) is None


def test_file_menu_import_goes_through_the_file_chooser(closed_vault, window, qtbot, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    unlock(window, qtbot)
    path = tmp_path / "extract.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert window.import_action.isEnabled()
    window.import_action.trigger()
    chooser = _dialog(QFileDialog)
    assert chooser is not None
    chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    chooser.selectFile(str(path))
    chooser.accept()
    qtbot.waitUntil(lambda: _dialog(ImportPreviewDialog) is not None, timeout=10_000)
