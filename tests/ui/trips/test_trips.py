"""Trips: children grouped by area, planning and cancelling a trip, calendar files, the trip sheet."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from iro_desktop.trips import store
from iro_desktop.vault import thread_guard
from tests.conftest import MARKERS
from tests.ui.session.test_lock import visible_dialogs
from tests.ui.window_support import unlock
from tests.ui.due.test_my_week import loaded
from tests.ui.print_support import audit_rows as _audit_rows
from ui.trips import trip_print
from ui.trips.trip_print import TripSheetPreview
from ui.trips.trip_tree import STOP_ROLE, WINDOW

SECRETS = MARKERS + ("Amira", "Okafor", "Smith", "Northshire")


def groups(window) -> list[tuple[str, list[str]]]:
    return [(g.area, [s.child_id for s in g.stops]) for g in window.trips.groups]


def _dialog(kind):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def open_sheet(window, qtbot) -> TripSheetPreview:
    """Print trip sheet…: the route is read on the vault thread, then the sheet shows."""
    window.trips.print_button.click()
    qtbot.waitUntil(lambda: _dialog(TripSheetPreview) is not None, timeout=10_000)
    return _dialog(TripSheetPreview)


def plan_cornwall(window, qtbot) -> store.Trip:
    view = window.trips
    view.tick("C100")
    view.tick("C200")
    assert view.plan_button.isEnabled()
    assert "Cornwall" in view.plan_area.text() and "2 children" in view.plan_area.text()
    assert view.trip_start.value() is not None, "the core's window gives the trip's first dates"
    view.trip_start.set_value(date.today() + timedelta(days=1))
    view.trip_end.set_value(date.today() + timedelta(days=2))
    qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.trips_table.rowCount() == 1, timeout=10_000)
    [trip] = store.list_trips(window.vault)
    return trip


def test_trips_group_children_by_area_and_planning_stores_the_trip(due_vault, window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    window.page_actions[3].trigger()
    view = window.trips
    assert window.home.currentWidget() is view
    assert (view.window_start.value(), view.window_end.value()) == (date.today(), date.today() + timedelta(weeks=6))
    # Biggest group first; Tom's review is months away, outside the window.
    assert groups(window) == [("Cornwall", ["C100", "C200"]), ("Devon", ["C400"]), ("Northshire", ["C500"])]
    top = view.tree.topLevelItem(0)
    assert top.text(0).startswith("Cornwall (out of area) — 2 children")
    overdue_row = next(top.child(i) for i in range(top.childCount()) if top.child(i).data(0, STOP_ROLE).child_id == "C100")
    assert overdue_row.text(WINDOW).startswith("Overdue")

    view.out_of_area_only.setChecked(True)
    assert [a for a, _ in groups(window)] == ["Cornwall", "Devon"]
    view.window_end.set_value(date.today() + timedelta(days=10))
    assert [a for a, _ in groups(window)] == ["Cornwall"], "Devon's review falls after a shorter window"
    view.window_end.set_value(date.today() - timedelta(days=1))
    assert groups(window) == [] and "ends before it starts" in view.window_problem.text()
    view.window_end.set_value(date.today() + timedelta(weeks=6))

    # One trip goes to one area: ticking a Devon child drops the Cornwall ticks.
    view.tick("C100")
    view.tick("C400")
    assert view.ticked_ids() == ["C400"]
    view.tick("C400", False)

    trip = plan_cornwall(window, qtbot)
    assert (trip.area, trip.child_ids) == ("Cornwall", ("C100", "C200"))
    assert (trip.start_date, trip.end_date) == (date.today() + timedelta(days=1), date.today() + timedelta(days=2))
    assert view.trips_table.item(0, 0).text() == "Cornwall"
    assert "Zebediah Quillfeather" in view.trips_table.item(0, 2).text()
    assert view.selected_trip_id() == trip.id and view.ticked_ids() == []

    # Cancel, after saying yes.
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    box = _dialog(QMessageBox)
    confirm = next(b for b in box.buttons() if b.text() == "Cancel trip")
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.trips_table.rowCount() == 0, timeout=10_000)
    assert store.list_trips(window.vault) == []


def test_a_trip_the_core_refuses_says_why(due_vault, window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    view = window.trips
    view.tick("C100")
    view.trip_start.set_value(date.today() + timedelta(days=3))
    view.trip_end.set_value(date.today() + timedelta(days=1))
    view.plan_button.click()
    qtbot.waitUntil(lambda: not view.plan_problem.isHidden(), timeout=10_000)
    assert "before it starts" in view.plan_problem.text()
    assert store.list_trips(window.vault) == []
    assert view.ticked_ids() == ["C100"], "nothing chosen is lost"


def _save_through_chooser(chooser: QFileDialog, path) -> None:
    chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert not any(s in chooser.selectedFiles()[0] for s in SECRETS), "the suggested name names no child"
    chooser.selectFile(str(path))
    chooser.accept()


def test_calendar_files_hold_initials_and_ids_never_names(due_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    loaded(window, qtbot)
    trip = plan_cornwall(window, qtbot)

    window.trips.export_button.click()
    chooser = _dialog(QFileDialog)
    _save_through_chooser(chooser, tmp_path / "trip")  # no suffix: .ics is added
    out = tmp_path / "trip.ics"
    qtbot.waitUntil(out.exists, timeout=10_000)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    text = out.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert "ZQ (C100)" in str(event["description"]) and "AO (C200)" in str(event["description"])
    assert event.decoded("dtstart") == trip.start_date
    assert out.stat().st_mode & 0o077 == 0, "readable by the IRO only"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary file left behind"
    qtbot.waitUntil(lambda: ("output.export.trip_calendar", "trip", str(trip.id)) in audit_rows(window.vault),
                    timeout=10_000)

    window.export_due_action.trigger()
    chooser = _dialog(QFileDialog)
    all_due = tmp_path / "everything.ics"
    _save_through_chooser(chooser, all_due)
    qtbot.waitUntil(all_due.exists, timeout=10_000)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    text = all_due.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text
    summaries = [str(e["summary"]) for e in Calendar.from_ical(all_due.read_bytes()).walk("VEVENT")]
    assert any(s.startswith("ZQ (C100)") for s in summaries) and any(s.startswith("XS (C400)") for s in summaries)
    assert ("output.export.due_calendar", "caseload", "due_dates") in audit_rows(window.vault)


def test_trip_sheet_prints_from_memory_and_goes_with_the_lock(due_vault, window, qtbot, tmp_path):
    unlock(window, qtbot)
    loaded(window, qtbot)
    plan_cornwall(window, qtbot)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    preview = open_sheet(window, qtbot)
    assert preview is not None and preview.windowTitle() == "Print trip sheet"
    text = preview.document.toPlainText()
    assert text.startswith("Trip to Cornwall")
    assert "Zebediah Quillfeather" in text and "Amira Okafor" in text
    assert "Hold the 1st review" in text and "regulation 36" in text
    assert text.index("Zebediah") < text.index("Amira"), "the earliest review first"
    assert preview.printer.outputFileName() == "", "drawn for the screen or a printer, not into a file"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "nothing written to disk"
    window.lock()
    assert visible_dialogs() == []
    qtbot.waitUntil(lambda: _dialog(TripSheetPreview) is None, timeout=2_000)


def audit_rows(vault):
    with thread_guard.allowed():  # the test reads the log on the GUI thread, on purpose
        return _audit_rows(vault)


def _print_dialog(preview) -> QPrintDialog:
    preview.print_button.click()
    dialog = preview.print_dialog
    assert isinstance(dialog, QPrintDialog)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile), "no print to file"
    return dialog


def test_trip_sheet_print_to_a_file_is_refused_and_nothing_recorded(due_vault, window, qtbot, tmp_path):
    """The attack: pick "print to file" (or a PDF printer) for a sheet that names children."""
    unlock(window, qtbot)
    loaded(window, qtbot)
    plan_cornwall(window, qtbot)
    preview = open_sheet(window, qtbot)
    dialog = _print_dialog(preview)
    target = tmp_path / "sheet.pdf"
    preview.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    preview.printer.setOutputFileName(str(target))
    assert preview.printer.outputFileName() == str(target)  # the attack is set up
    before = audit_rows(window.vault)
    dialog.accept()
    box = _dialog(QMessageBox)
    assert box is not None and "only go to a printer" in box.text()
    box.close()
    qtbot.wait(200)
    assert not target.exists(), "nothing printed into the file"
    assert audit_rows(window.vault) == before
    preview.print_to(preview.printer)  # even called directly, a file is never written
    assert not target.exists()


def test_trip_sheet_print_is_recorded_before_it_reaches_the_printer(due_vault, window, qtbot, monkeypatch):
    unlock(window, qtbot)
    loaded(window, qtbot)
    trip = plan_cornwall(window, qtbot)
    preview = open_sheet(window, qtbot)
    printed = []
    # This machine has no printer: the "real printer" check is answered yes, and the pages are
    # caught instead of drawn; what is recorded is checked when the pages go.
    monkeypatch.setattr(trip_print, "prints_to_paper", lambda _printer: True)
    monkeypatch.setattr(preview, "print_to",
                        lambda printer: printed.append(
                            ("output.print.trip_sheet", "trip", str(trip.id)) in audit_rows(window.vault)))
    assert ("output.print.trip_sheet", "trip", str(trip.id)) not in audit_rows(window.vault)
    _print_dialog(preview).accept()
    qtbot.waitUntil(lambda: printed == [True], timeout=10_000)
