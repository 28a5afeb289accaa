"""Import from the File menu's flow: parse and plan on the worker, preview, then apply or cancel."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from iro_desktop.caseload import importer, repository, template
from iro_desktop.vault.backups import list_backups
from tests.support.caseload_helpers import SAMPLE
from tests.ui.window_support import unlock
from ui.caseload.import_dialog import TEMPLATE_HINT, ImportPreviewDialog, ImportProblemsDialog

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
    # The cell is shown on the IRO's own screen, beside a message that never quotes it.
    row = where.index("row 3, column legal_status")
    assert problems.table.item(row, 1).text() == "Q9"
    assert "Q9" not in problems.table.item(row, 2).text()
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


# ---- "Save a template…": the example extract, written where the IRO chooses ---------------

WRONG_HEADINGS = "Child ID,Forename,Surname,DOB\nC100,Zebediah,Quillfeather,17/05/2012\n"


def _save_through_the_chooser(qtbot, row, target):
    """In the file chooser the row opened, give ``target``'s full path as the file name and press
    Enter, as an IRO would; then wait for the row to say it was saved."""
    from PySide6.QtWidgets import QLineEdit

    chooser = row.findChild(QFileDialog)
    assert chooser is not None and chooser.isVisible()
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert chooser.defaultSuffix() == "csv"
    assert chooser.selectedFiles()[0].endswith("/" + template.SUGGESTED_NAME), "nothing personal in the name"
    name = chooser.findChild(QLineEdit, "fileNameEdit")  # Qt's own chooser, as offscreen always uses
    assert name is not None and name.text() == template.SUGGESTED_NAME
    name.setText(str(target))
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Template saved" in row.note.text(), timeout=5_000)


def test_a_refused_file_offers_the_template(closed_vault, window, qtbot, tmp_path):
    """The IRO whose file has the wrong headings saves the template from the problems dialog:
    the bytes written are the bundled example extract's, whatever the file was called."""
    unlock(window, qtbot)
    path = tmp_path / "extract.csv"
    path.write_text(WRONG_HEADINGS, encoding="utf-8")
    window.preview_import(path)
    qtbot.waitUntil(lambda: _dialog(ImportProblemsDialog) is not None, timeout=10_000)
    row = _dialog(ImportProblemsDialog).template
    assert row.button.isVisible() and row.button.accessibleName() == "Save a template of the caseload file"
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    target = tmp_path / "for council IT" / "template"
    target.parent.mkdir()
    _save_through_the_chooser(qtbot, row, target)
    saved = target.with_name("template.csv")
    assert saved.read_bytes() == SAMPLE.read_bytes() == template.template_path().read_bytes()
    assert row.note.text() == f"Template saved as template.csv in {saved.parent}."
    assert repository.child_count(window.vault) == 3


def _tab_to(qtbot, dialog, widget, limit=20):
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return True
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)
    return QApplication.focusWidget() is widget


def test_the_template_by_keyboard_at_1280_by_720(vault, qtbot, tmp_path):
    """Both dialogs fit a 1280x720 screen with the template row in view; its button is reached
    with Tab and works with Space or Enter, or from anywhere with Alt+T; Enter elsewhere in the
    preview still means Apply."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1280, 720)
    parent.show()
    problems = ImportProblemsDialog(parent, [("row 1", "Required columns are missing: child_id.")])
    plan = importer.plan(vault, importer.parse(SAMPLE, date(2026, 1, 10)))
    assert plan.has_changes
    preview = ImportPreviewDialog(parent, plan, lambda plan: None)
    for number, dialog in enumerate((problems, preview)):
        dialog.open()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 680, hint  # room left for a taskbar
        assert dialog.width() <= 1280 and dialog.height() <= 680
        button = dialog.template.button
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert button.isVisible() and dialog.rect().contains(corner)
        main = preview.apply_button if dialog is preview else None
        assert main is None or main.isDefault(), "Enter elsewhere in the preview still means Apply"
        assert _tab_to(qtbot, dialog, button), QApplication.focusWidget()
        for key in (Qt.Key.Key_Space, Qt.Key.Key_Return):  # on the button, Enter means this button
            qtbot.keyClick(button, key)
            qtbot.waitUntil(lambda: dialog.template.findChild(QFileDialog) is not None, timeout=5_000)
            chooser = dialog.template.findChild(QFileDialog)
            assert chooser.isVisible() and dialog.isVisible()
            chooser.reject()
            qtbot.waitUntil(lambda: dialog.template.findChild(QFileDialog) is None, timeout=5_000)
            dialog.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
            button.setFocus()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
        # A mnemonic "clicks" the button after a short animation.
        qtbot.waitUntil(lambda: dialog.template.findChild(QFileDialog) is not None, timeout=5_000)
        assert dialog.template.findChild(QFileDialog).isVisible(), "Alt+T opens it too"
        _save_through_the_chooser(qtbot, dialog.template, tmp_path / f"by-keyboard-{number}.csv")
        assert (tmp_path / f"by-keyboard-{number}.csv").read_bytes() == SAMPLE.read_bytes()
        dialog.reject()


def test_a_template_that_cannot_be_written_is_said_plainly(qtbot, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ImportProblemsDialog(parent, [("row 1", "Required columns are missing: child_id.")])
    dialog.open()

    def full(path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(template, "save_template", full)
    assert dialog.template.save(tmp_path / "template.csv") is None
    box = dialog.template.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert box.text() == (f"The template could not be saved as template.csv in {tmp_path} "
                          "(No space left on device). Choose another folder.")
    assert dialog.template.note.text() == TEMPLATE_HINT
    assert not (tmp_path / "template.csv").exists()
    box.close()
    dialog.reject()
