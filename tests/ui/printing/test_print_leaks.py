"""Previewing and printing write no file: the PDF is made, shown and printed from memory. While
previews are open and after printing, nothing under the temp folder, the vault folder or the
platform's config, cache and data folders may name the seeded child, and no PDF may appear
there (the printer's output goes to a folder the scan leaves out, as a real printer's queue
would be)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import platformdirs
import pytest

from iro_desktop import printing
from iro_desktop.paths import APP_AUTHOR, APP_NAME
from tests.conftest import MARKERS
from tests.ui.print_support import (audit_rows, choose_and_wait, file_printer, leaks, open_preview,  # noqa: F401
                                    pdf_pages, places_to_scan, print_vault, started)
from tests.ui.window_support import unlock


@pytest.fixture
def own_temp(tmp_path, monkeypatch) -> Path:
    """A temp folder for this test alone (TMPDIR, which Python's tempfile, Qt and the print
    system all follow), so whatever the app writes there is the app's; the system's temp
    folder is scanned as well, for anything written to a fixed path."""
    system_temp = Path(tempfile.gettempdir())
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # worked out again from TMPDIR
    assert Path(tempfile.gettempdir()) == folder
    return system_temp


def print_and_wait(window, qtbot, preview, variant: str, audit_id: str) -> None:
    dialog = preview.print_document()
    dialog.accept()
    qtbot.waitUntil(lambda: (f"output.print.{variant}", "record" if variant != printing.LEAFLET else "child",
                             audit_id) in audit_rows(window.vault), timeout=20_000)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)


def test_preview_and_print_write_no_file_naming_the_child(print_vault, own_temp, window, qtbot, file_printer,
                                                          tmp_path):
    since = started()
    places = places_to_scan(print_vault.home) + [own_temp]
    assert Path(tempfile.gettempdir()) in places
    exclude = [file_printer]
    assert leaks(places, since, tmp_path, exclude=exclude) == [], "the scan starts clean"
    unlock(window, qtbot)

    record = str(print_vault.records["C100"])
    preview = open_preview(window, qtbot, "C100")
    for variant in printing.VARIANTS:
        choose_and_wait(preview, qtbot, variant=variant)
        assert preview.viewer.page_count() > 0
        preview.grab()  # the pages drawn on screen, as the IRO sees them
        print_and_wait(window, qtbot, preview, variant, "C100" if variant == printing.LEAFLET else record)
    leaflet = open_preview(window, qtbot, "C400")  # the other marker child
    leaflet.grab()
    print_and_wait(window, qtbot, leaflet, printing.LEAFLET, "C400")
    earlier = open_preview(window, qtbot, "C200", record_id=print_vault.records["C200"], version=1)
    earlier.grab()

    # During: three previews open, seven documents printed.
    assert leaks(places, since, tmp_path, exclude=exclude) == []
    printed = sorted(file_printer.iterdir())
    assert len(printed) == len(printing.VARIANTS) + 1 and all(pdf_pages(p) > 0 for p in printed)

    # After: the previews closed, the vault locked.
    for w in (preview, leaflet, earlier):
        w.close()
    window.lock()
    qtbot.waitUntil(lambda: window.outputs.open_windows() == [], timeout=5_000)
    assert leaks(places, since, tmp_path, exclude=exclude) == []


def test_the_scan_finds_what_a_leak_would_leave(print_vault, window, qtbot, tmp_path, monkeypatch):
    """The scan above can fail: it finds a PDF in the temp folder (its words compressed), a
    name in the vault folder, one written as UTF-16 in the app's cache folder, and leaves out
    files older than the test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    app_cache = Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    app_cache.mkdir(parents=True)
    since = started()
    places = places_to_scan(print_vault.home)
    assert app_cache.resolve() in places
    unlock(window, qtbot)
    pdf = printing.render_document(window.vault, "C100", "child")

    fd, leaked_pdf = tempfile.mkstemp(suffix=".pdf")
    with os.fdopen(fd, "wb") as fh:
        fh.write(pdf)
    try:
        (print_vault.home / "notes.txt").write_text(f"Letter for {MARKERS[1]}")
        (app_cache / "state.bin").write_bytes(b"\x00" + MARKERS[2].encode("utf-16-le"))
        old = tmp_path / "old.txt"
        old.write_text(MARKERS[0])
        an_hour_ago = time.time() - 3600
        os.utime(old, (an_hour_ago, an_hour_ago))

        found = leaks(places, since, tmp_path)
        assert f"{os.path.realpath(leaked_pdf)}: a PDF naming the child" in found
        assert any(f.endswith("notes.txt: names the child") for f in found)
        assert any(f.endswith("state.bin: names the child") for f in found)
        assert not any("old.txt" in f for f in found)
    finally:
        os.unlink(leaked_pdf)
