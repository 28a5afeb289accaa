"""Printing or saving every finalised letter from a date range: one file per letter named
without the child's name, a progress dialog to the end, stopping, failures reported at the
end without stopping the rest, and the lock stopping a batch between letters."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from iro_desktop import printing
from tests.conftest import MARKERS
from tests.ui.print_support import (HELD, TODAY, audit_rows, deleted, file_printer, pdf_pages,  # noqa: F401
                                    pdf_text, print_vault)
from tests.ui.window_support import unlock
from ui.printing.batch_output import BatchDialog


def qdate(d):
    return QDate(d.year, d.month, d.day)


class RecordingProgress(QProgressDialog):
    """The batch's progress dialog, noting every value it is set to, with its maximum."""

    seen: list[tuple[int, int]] = []

    def setValue(self, value: int) -> None:  # noqa: N802 - Qt's name
        RecordingProgress.seen.append((value, self.maximum()))
        super().setValue(value)


@pytest.fixture
def batch(print_vault, window, qtbot, monkeypatch):
    RecordingProgress.seen = []
    monkeypatch.setattr("ui.printing.batch_output.QProgressDialog", RecordingProgress)
    unlock(window, qtbot)
    window.batch_action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, BatchDialog) for w in window.outputs.open_windows()), timeout=5_000)
    dialog = next(w for w in window.outputs.open_windows() if isinstance(w, BatchDialog))
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    return dialog


def set_range(dialog, qtbot, start, end) -> None:
    dialog.start_date.setDate(qdate(start))
    dialog.end_date.setDate(qdate(end))
    qtbot.waitUntil(lambda: not dialog.ctx.worker.is_busy and "Counting" not in dialog.count_label.text(),
                    timeout=10_000)


def run_to_the_end(dialog, qtbot) -> list[int]:
    """Start; once the summary is up, the progress values shown (each checked against the
    number of letters as the dialog's maximum)."""
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30_000)
    assert {maximum for _value, maximum in RecordingProgress.seen} == {len(dialog.items)}
    return [value for value, _maximum in RecordingProgress.seen]


def test_saving_a_date_range_makes_one_file_per_finalised_letter(batch, window, qtbot, tmp_path, print_vault):
    set_range(batch, qtbot, TODAY - timedelta(days=200), TODAY)
    assert batch.count_label.text().startswith("3 finalised review records"), "C300's draft is left out"
    folder = tmp_path / "letters"
    folder.mkdir()
    batch.set_folder(folder)
    batch.variant_box.setCurrentIndex(batch.variant_box.findData("large-print"))
    values = run_to_the_end(batch, qtbot)

    assert values[0] == 0 and values[-1] == 3 == max(values), "the progress bar reaches 100 %"
    assert values == sorted(values)
    expected = {f"{cid}-review-{held:%Y-%m-%d}-large-print.pdf" for cid, held in HELD.items()}
    assert {p.name for p in folder.iterdir()} == expected
    for path in folder.iterdir():
        assert not any(m.casefold() in path.name.casefold() for m in MARKERS)
        assert pdf_pages(path) > 0
    assert "Dear Zebediah" in pdf_text(folder / f"C100-review-{HELD['C100']:%Y-%m-%d}-large-print.pdf")
    # C200's record is being amended: its finalised version is the one saved.
    assert "treehouse" not in pdf_text(folder / f"C200-review-{HELD['C200']:%Y-%m-%d}-large-print.pdf")
    rows = audit_rows(window.vault)
    for cid, record in print_vault.records.items():
        assert ("output.save.large-print", "record", str(record)) in rows
    assert batch.summary.text() == f"All 3 letters saved in {folder}."
    assert batch.summary.icon() == QMessageBox.Icon.Information
    assert not batch.running and batch.start_button.isEnabled()


def test_the_date_range_decides_which_letters(batch, qtbot, tmp_path):
    set_range(batch, qtbot, HELD["C200"], HELD["C300"] - timedelta(days=1))
    assert batch.count_label.text().startswith("1 finalised review record ")
    batch.set_folder(tmp_path)
    run_to_the_end(batch, qtbot)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [f"C200-review-{HELD['C200']:%Y-%m-%d}-child.pdf"]

    set_range(batch, qtbot, TODAY - timedelta(days=10), TODAY)
    assert batch.count_label.text() == "There are no finalised review records from those dates."
    assert not batch.start_button.isEnabled()


def test_stopping_the_batch_stops_after_the_letter_in_hand(batch, window, qtbot, tmp_path, monkeypatch):
    set_range(batch, qtbot, TODAY - timedelta(days=200), TODAY)
    batch.set_folder(tmp_path)
    first_saved, carry_on = threading.Event(), threading.Event()
    real = printing.save_pdf

    def save_then_wait(*args, **kwargs):
        real(*args, **kwargs)
        first_saved.set()
        assert carry_on.wait(10), "the test did not let the batch carry on"

    monkeypatch.setattr(printing, "save_pdf", save_then_wait)
    batch.start_button.click()
    qtbot.waitUntil(lambda: first_saved.is_set() and batch.progress is not None, timeout=10_000)
    stop_button = batch.progress.findChild(QPushButton)
    assert stop_button.text() == "Stop"
    qtbot.mouseClick(stop_button, Qt.MouseButton.LeftButton)
    carry_on.set()
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=10_000)

    assert len(list(tmp_path.glob("*.pdf"))) == 1
    assert batch.outcome.cancelled and len(batch.outcome.done) == 1
    assert batch.summary.text().startswith("Stopped. 1 of 3 letters were saved")
    assert len([r for r in audit_rows(window.vault) if r[0] == "output.save.child"]) == 1


def test_a_letter_that_fails_is_reported_and_the_rest_carry_on(batch, window, qtbot, tmp_path, print_vault):
    set_range(batch, qtbot, TODAY - timedelta(days=200), TODAY)
    batch.set_folder(tmp_path)
    # A folder where C200's file should go: that one letter cannot be saved.
    blocked = tmp_path / f"C200-review-{HELD['C200']:%Y-%m-%d}-child.pdf"
    blocked.mkdir()
    values = run_to_the_end(batch, qtbot)

    assert values[-1] == 3
    assert sorted(p.name for p in tmp_path.glob("*.pdf") if p.is_file()) == [
        f"C100-review-{HELD['C100']:%Y-%m-%d}-child.pdf", f"C300-review-{HELD['C300']:%Y-%m-%d}-child.pdf"]
    assert [item.child_id for item, _message in batch.outcome.failures] == ["C200"]
    text = batch.summary.text()
    assert text.startswith("2 of 3 letters saved")
    assert f"C200, review on {HELD['C200']:%d/%m/%Y}: " in text and "is a folder, not a file" in text
    assert batch.summary.icon() == QMessageBox.Icon.Warning
    assert ("output.save.child", "record", str(print_vault.records["C200"])) not in audit_rows(window.vault)


def test_a_letter_that_cannot_be_made_does_not_stop_the_rest(batch, qtbot, tmp_path, monkeypatch, print_vault):
    from iro_desktop.errors import IroError
    from iro_desktop.printing import render

    real = render.render_document

    def fail_for_c100(vault, child_id, variant, **kwargs):
        if child_id == "C100":
            raise IroError("This letter could not be made.")
        return real(vault, child_id, variant, **kwargs)

    monkeypatch.setattr(render, "render_document", fail_for_c100)
    set_range(batch, qtbot, TODAY - timedelta(days=200), TODAY)
    batch.set_folder(tmp_path)
    values = run_to_the_end(batch, qtbot)
    assert values[-1] == 3
    assert {p.name.split("-")[0] for p in tmp_path.glob("*.pdf")} == {"C200", "C300"}
    assert "C100, review on" in batch.summary.text() and "This letter could not be made." in batch.summary.text()


def test_printing_the_batch_sends_every_letter_in_one_job(batch, window, qtbot, file_printer, print_vault):
    set_range(batch, qtbot, TODAY - timedelta(days=200), TODAY)
    batch.print_choice.setChecked(True)
    assert batch.start_button.isEnabled(), "no folder is needed to print"
    batch.start_button.click()
    qtbot.waitUntil(lambda: getattr(batch, "print_dialog", None) is not None, timeout=5_000)
    batch.print_dialog.accept()
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=30_000)

    expected = sum(pdf_pages(printing.render_document(window.vault, cid, "child", record_id=record, version=1))
                   for cid, record in print_vault.records.items())
    assert pdf_pages(file_printer / "print-1.pdf") == expected
    rows = audit_rows(window.vault)
    for record in print_vault.records.values():
        assert ("output.print.child", "record", str(record)) in rows
    assert batch.summary.text() == "All 3 letters sent to the printer."


def test_locking_stops_a_batch_between_letters(batch, window, qtbot, tmp_path, monkeypatch):
    set_range(batch, qtbot, TODAY - timedelta(days=200), TODAY)
    batch.set_folder(tmp_path)
    stops: list[threading.Event] = []
    make_stop = window.outputs.stop_event

    def recorded_stop():
        stop = make_stop()
        stops.append(stop)
        return stop

    monkeypatch.setattr(window.outputs, "stop_event", recorded_stop)
    first_saved = threading.Event()
    real = printing.save_pdf

    def save_then_wait_for_the_lock(*args, **kwargs):
        real(*args, **kwargs)
        first_saved.set()
        assert stops[0].wait(10), "the lock did not stop the batch"

    monkeypatch.setattr(printing, "save_pdf", save_then_wait_for_the_lock)
    batch.start_button.click()
    qtbot.waitUntil(first_saved.is_set, timeout=10_000)
    window.lock()  # waits for the vault thread, which stops after the letter in hand

    assert window.vault is None
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    qtbot.waitUntil(lambda: deleted(batch), timeout=5_000)
    assert window.outputs.open_windows() == []


def test_other_work_on_the_vault_thread_waits_for_one_letter_not_the_whole_batch(batch, window, qtbot, tmp_path,
                                                                                  monkeypatch):
    """An editor's autosave queued during a batch runs after the letter in hand."""
    set_range(batch, qtbot, TODAY - timedelta(days=200), TODAY)
    batch.set_folder(tmp_path)
    order: list[str] = []
    first_saved, carry_on = threading.Event(), threading.Event()
    real = printing.save_pdf

    def save(vault, path, pdf, **kwargs):
        real(vault, path, pdf, **kwargs)
        order.append(path.name.split("-")[0])
        if len(order) == 1:
            first_saved.set()
            assert carry_on.wait(10)

    monkeypatch.setattr(printing, "save_pdf", save)
    batch.start_button.click()
    qtbot.waitUntil(first_saved.is_set, timeout=10_000)
    window.worker.run(lambda: order.append("autosave"), text="Saving a draft…", quiet=True)
    carry_on.set()
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=30_000)
    assert order == ["C100", "autosave", "C200", "C300"]


def test_stopping_a_batch_print_throws_the_job_away_and_audits_nothing(batch, window, qtbot, file_printer,
                                                                       monkeypatch):
    from ui.printing import printer

    set_range(batch, qtbot, TODAY - timedelta(days=200), TODAY)
    batch.print_choice.setChecked(True)
    first_drawn, carry_on = threading.Event(), threading.Event()
    real = printer.PdfPainter.add

    def add_then_wait(self, pdf, **kwargs):
        pages = real(self, pdf, **kwargs)
        first_drawn.set()
        assert carry_on.wait(10)
        return pages

    monkeypatch.setattr(printer.PdfPainter, "add", add_then_wait)
    batch.start_button.click()
    qtbot.waitUntil(lambda: getattr(batch, "print_dialog", None) is not None, timeout=5_000)
    batch.print_dialog.accept()
    qtbot.waitUntil(lambda: first_drawn.is_set() and batch.progress is not None, timeout=10_000)
    qtbot.mouseClick(batch.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    carry_on.set()
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=10_000)
    assert batch.summary.text() == "Stopped. Nothing was printed."
    assert not [r for r in audit_rows(window.vault) if r[0].startswith("output.print")]
    assert not (file_printer / "print-1.pdf").exists(), "no half-printed file is left"
