"""Shared set-up for the printed-document tests: a vault with finalised review letters, the
steps through the real window (unlock, open a preview, wait for a document), a printer that
prints to a PDF file in a folder of the test's choosing, and the scan for files that give a
child away."""

from __future__ import annotations

import io
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import platformdirs
import pytest
import shiboken6
from PySide6.QtCore import QStandardPaths
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

from iro_desktop import reviews
from iro_desktop.caseload import repository
from iro_desktop.paths import APP_AUTHOR, APP_NAME
from iro_desktop.printing import profile
from iro_desktop.reviews.records import set_iro_name
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, MARKERS, PASSPHRASE
from tests.support.review_helpers import complete
from tests.ui.conftest import sample_child
from ui.printing import outputs, printer
from ui.printing.preview_window import PreviewWindow

TODAY = date.today()
IRO = "Sam Ravensmoss"
# Review records: (child, date held, finalised?). C200's is finalised, then amended (a draft v2).
HELD = {"C100": TODAY - timedelta(days=100), "C200": TODAY - timedelta(days=90), "C300": TODAY - timedelta(days=60)}
DRAFT_HELD = TODAY - timedelta(days=20)  # C300's later review: a draft, never in a batch
FIRST_WORDS = "You showed me the den you built in the garden."
AMENDED_WORDS = "You showed me the treehouse you built with Pat."


@dataclass
class PrintVault:
    home: Path
    records: dict[str, int]  # child id -> the finalised review record's id
    draft_record: int  # C300's draft


@pytest.fixture
def print_vault(vault_home, keychain) -> PrintVault:
    """A locked vault. C100 Zebediah Quillfeather (the marker child), C200 Amira Okafor and
    C300 Tom Baker each have a finalised review letter; C200's is being amended (version 2 is a
    draft with other words); C300 also has a later draft. C400 Xanthippe-Marker Smith has no
    review yet. The IRO's profile is filled in."""
    vault, _code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    ids: dict[str, int] = {}
    try:
        for cid, first, last in (("C100", "Zebediah", "Quillfeather"), ("C200", "Amira", "Okafor"),
                                 ("C300", "Tom", "Baker"), ("C400", "Xanthippe-Marker", "Smith")):
            repository.add_child(vault, sample_child(cid, first, last))
        set_iro_name(vault, IRO)
        profile.save_iro_profile(vault, name=IRO, phone="01632 960 418", text="07700 900 418",
                                 email="sam.ravensmoss@northshire.example")
        for cid, held in HELD.items():
            r = reviews.start_review(vault, cid, held, "subsequent", today=held + timedelta(days=3))
            content = complete(r.content)
            content.letter.set_body("home", FIRST_WORDS)
            content.letter.hide_section("home", False)  # ``complete`` hid it while it was empty
            reviews.finalise_review(vault, r.id, finalised_by=IRO, content=content, today=held + timedelta(days=3))
            ids[cid] = r.id
        amended = reviews.amend_review(vault, ids["C200"], "A word was wrong.")
        content = amended.content
        content.letter.set_body("home", AMENDED_WORDS)
        content.letter.hide_section("home", False)
        reviews.save_review(vault, ids["C200"], content, today=TODAY)
        draft = reviews.start_review(vault, "C300", DRAFT_HELD, "subsequent", today=TODAY)
    finally:
        vault.close()
    return PrintVault(vault_home, ids, draft.id)


def audit_rows(vault) -> list[tuple[str, str, str]]:
    with vault.read() as db:
        return db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()


# ---- the window ---------------------------------------------------------------------------------

def open_preview(window, qtbot, child_id: str = "C100", **kwargs) -> PreviewWindow:
    window.open_child(child_id)
    preview = window.outputs.preview(window, child_id, window._child_name(child_id), **kwargs)
    wait_rendered(preview, qtbot)
    return preview


def wait_rendered(preview: PreviewWindow, qtbot, timeout: int = 20_000) -> None:
    """Until the window shows a document (or the core's reason there is none) and is idle."""
    qtbot.waitUntil(lambda: not preview.is_busy(), timeout=timeout)
    qtbot.waitUntil(lambda: not preview.ctx.worker.is_busy, timeout=timeout)


def choose_and_wait(preview: PreviewWindow, qtbot, **choice) -> None:
    preview.choose(**choice)
    wait_rendered(preview, qtbot)


@pytest.fixture
def file_printer(tmp_path, monkeypatch):
    """Every printer the app makes prints to a PDF file in ``tmp_path/printed`` (the folder the
    leak scan leaves out), at a low resolution so the tests stay quick. Returns the folder; the
    files are numbered in the order the printers were made."""
    folder = tmp_path / "printed"
    folder.mkdir()
    made: list[QPrinter] = []
    real = printer.new_printer

    def new_printer() -> QPrinter:
        printer = real()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(folder / f"print-{len(made) + 1}.pdf"))
        printer.setResolution(72)
        made.append(printer)
        return printer

    monkeypatch.setattr(outputs, "new_printer", new_printer)
    monkeypatch.setattr("ui.printing.batch_output.new_printer", new_printer)
    PrintToFileDialog.refused_print_to_file = False
    monkeypatch.setattr(outputs, "QPrintDialog", PrintToFileDialog)
    monkeypatch.setattr("ui.printing.batch_output.QPrintDialog", PrintToFileDialog)
    return folder


class PrintToFileDialog(QPrintDialog):
    """The system print dialog, left able to print to a file: the tests' only printer. The app
    turns printing to a file off (files come from Save as PDF, audited as saves); that it asked
    is noted."""

    refused_print_to_file = False

    def setOption(self, option, on: bool = True) -> None:  # noqa: N802 - Qt's name
        if option == QAbstractPrintDialog.PrintDialogOption.PrintToFile and not on:
            PrintToFileDialog.refused_print_to_file = True
            return
        super().setOption(option, on)


def pdf_pages(pdf: bytes | Path) -> int:
    from pypdf import PdfReader

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_text(pdf: bytes | Path) -> str:
    from pypdf import PdfReader

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


def deleted(widget) -> bool:
    return not shiboken6.isValid(widget)


# ---- looking for leaks ---------------------------------------------------------------------------

def places_to_scan(vault_home: Path) -> list[Path]:
    """Where a careless app would leave a file: the temp folder, the vault folder, and the
    platform's config, cache and data folders (the app's own, and the shared ones Qt and the
    desktop write to, such as recently used files)."""
    places = [Path(tempfile.gettempdir()), vault_home]
    for fn in (platformdirs.user_cache_dir, platformdirs.user_config_dir, platformdirs.user_data_dir,
               platformdirs.user_state_dir, platformdirs.user_log_dir):
        places.append(Path(fn(APP_NAME, APP_AUTHOR)))
    for location in (QStandardPaths.StandardLocation.CacheLocation, QStandardPaths.StandardLocation.ConfigLocation,
                     QStandardPaths.StandardLocation.AppDataLocation,
                     QStandardPaths.StandardLocation.GenericCacheLocation,
                     QStandardPaths.StandardLocation.GenericConfigLocation,
                     QStandardPaths.StandardLocation.GenericDataLocation,
                     QStandardPaths.StandardLocation.RuntimeLocation):
        found = QStandardPaths.writableLocation(location)
        if found:
            places.append(Path(found))
    unique: list[Path] = []
    for p in places:
        if p.exists() and p.resolve() not in unique:
            unique.append(p.resolve())
    return unique


def _encodings(marker: str) -> list[bytes]:
    out = []
    for text in {marker, marker.upper(), marker.lower()}:
        out += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return out


def _pdf_names(data: bytes, markers: tuple[str, ...]) -> bool:
    """A PDF keeps its words in compressed streams, so a byte search can miss them: read it."""
    try:
        text = pdf_text(data).casefold()
    except Exception:  # noqa: BLE001 - a file that only starts like a PDF
        return False
    return any(m.casefold() in text for m in markers)


def leaks(places: list[Path], since: float, own_tmp: Path, *, exclude: tuple[Path, ...] | list[Path] = (),
          markers: tuple[str, ...] = MARKERS) -> list[str]:
    """Every file changed since ``since`` (seconds since the epoch) under ``places`` that holds
    a marker name, and every PDF written there at all (its words are compressed). Folders in
    ``exclude`` are left out, and so are other tests' temp folders (earlier tests of this
    session, and other pytest sessions on this machine, even ones started meanwhile): of
    pytest's folders only this test's own ``own_tmp`` is looked in."""
    excluded = {p.resolve() for p in exclude}
    own = own_tmp.resolve()
    session, runs = own.parent, own.parent.parent
    needles = [n for m in markers for n in _encodings(m)]
    found: list[str] = []
    for root in places:
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            if here.resolve() in excluded:
                dirs[:] = []
                continue
            dirs[:] = [d for d in dirs if (here / d).resolve() not in excluded
                       # The files a test gives the app to read (tests/ui/every_window.py): in
                       # the temp folder itself, and made by any test session on this machine.
                       and not (here.resolve() == Path(tempfile.gettempdir()).resolve()
                                and d.startswith("every-window-"))]
            if here.resolve() == runs and runs.name.startswith("pytest-of-"):
                dirs[:] = [d for d in dirs if (here / d).resolve() == session]
            elif here.resolve() == session and runs.name.startswith("pytest-of-"):
                dirs[:] = [d for d in dirs if (here / d).resolve() == own]
            for name in files:
                path = here / name
                try:
                    info = path.lstat()
                    if not path.is_file() or path.is_symlink() or info.st_mtime < since:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue  # gone already, or not ours to read
                if data.startswith(b"%PDF"):
                    found.append(f"{path}: a PDF{' naming the child' if _pdf_names(data, markers) else ''}")
                elif any(n in data for n in needles):
                    found.append(f"{path}: names the child")
    return sorted(set(found))


def started() -> float:
    """The time to look for files from: file times can be a little coarser than the clock."""
    return time.time() - 1.0
