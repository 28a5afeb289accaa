"""Importing review history from the File menu: the preview on the worker, then apply or cancel,
and problems by row and column in the import's problems dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from iro_desktop.reports import history_import as hi
from tests.ui.window_support import unlock
from ui.caseload.import_dialog import ImportProblemsDialog
from ui.reports.history_import_dialog import HistoryPreviewDialog

HEAD = ",".join(hi.REQUIRED) + "\n"
GOOD = HEAD + ("C100,2025-03-03,subsequent,PN1,Y,2025-03-07,2025-03-20,G,A,2025-06-02,Y\n"
               "C200,2025-04-01,subsequent,PN5,N,,,R,G,,N\n")


def _dialog(kind):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def _reviews(window) -> list[tuple]:
    with window.vault.read() as db:
        return db.conn.execute("SELECT child_id, review_date, source FROM review ORDER BY child_id").fetchall()


def test_the_menu_item_sits_beside_the_caseload_import(closed_vault, window, qtbot):
    unlock(window, qtbot)
    file_menu = window.menuBar().actions()[0].menu()
    actions = [a for a in file_menu.actions() if not a.isSeparator()]
    assert actions[actions.index(window.import_action) + 1] is window.import_history_action
    assert window.import_history_action.isEnabled()


def test_preview_then_apply(closed_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    path = tmp_path / "history.csv"
    path.write_text(GOOD, encoding="utf-8")
    window.history_import().preview(path)
    qtbot.waitUntil(lambda: _dialog(HistoryPreviewDialog) is not None, timeout=10_000)
    preview = _dialog(HistoryPreviewDialog)
    preview.resize(1280, 720)
    assert [preview.counts.item(0, i).text() for i in range(3)] == ["2", "1", "0"]
    lines = [preview.lines.item(i).text() for i in range(preview.lines.count())]
    assert lines[0].startswith("Row 2: C100, 03/03/2025") and "midway 02/06/2025" in lines[0]
    assert _reviews(window) == [], "a preview changes nothing"
    assert preview.apply_button.accessibleName() and preview.lines.accessibleName()
    preview.apply_button.click()
    qtbot.waitUntil(lambda: "Review history imported" in window.statusBar().currentMessage(), timeout=10_000)
    assert _reviews(window) == [("C100", "2025-03-03", "history"), ("C200", "2025-04-01", "history")]

    # The same file again: nothing to add, and no Apply button.
    window.history_import().preview(path)
    qtbot.waitUntil(lambda: _dialog(HistoryPreviewDialog) is not None, timeout=10_000)
    again = _dialog(HistoryPreviewDialog)
    assert again.apply_button is None and again.counts.item(0, 2).text() == "2"
    again.reject()


def test_cancel_changes_nothing(closed_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    path = tmp_path / "history.csv"
    path.write_text(GOOD, encoding="utf-8")
    window.history_import().preview(path)
    qtbot.waitUntil(lambda: _dialog(HistoryPreviewDialog) is not None, timeout=10_000)
    _dialog(HistoryPreviewDialog).reject()
    qtbot.wait(50)
    assert not window.worker.is_busy and _reviews(window) == []


def test_problems_are_listed_by_row_and_column(closed_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    path = tmp_path / "history.csv"
    path.write_text(HEAD + "C999,2025-03-03,subsequent,PN1,Y,,,G,A,,Y\nC100,Zebediah,subsequent,PN1,Y,,,G,A,,Y\n",
                    encoding="utf-8")
    window.history_import().preview(path)
    qtbot.waitUntil(lambda: _dialog(ImportProblemsDialog) is not None, timeout=10_000)
    problems = _dialog(ImportProblemsDialog)
    assert problems.windowTitle() == "Import review history — problems"
    where = [problems.table.item(r, 0).text() for r in range(problems.table.rowCount())]
    assert where == ["row 3, column review_date"]  # the file's own problems come first
    assert problems.table.item(0, 1).text() == "Zebediah"  # on the IRO's screen, beside the message
    assert "Zebediah" not in problems.table.item(0, 2).text()
    assert not problems.template.isVisible()
    problems.reject()
    path.write_text(HEAD + "C999,2025-03-03,subsequent,PN1,Y,,,G,A,,Y\n", encoding="utf-8")
    window.history_import().preview(path)
    qtbot.waitUntil(lambda: _dialog(ImportProblemsDialog) is not None, timeout=10_000)
    problems = _dialog(ImportProblemsDialog)
    assert problems.table.item(0, 0).text() == "row 2, column child_id"
