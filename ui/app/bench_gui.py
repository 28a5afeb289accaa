"""The benchmark's figures that need the real windows, offscreen: ``python -m ui.app.bench_gui
SCENARIO`` with its settings as JSON on standard input, one JSON object of figures on standard
output. Run by ``python -m iro_desktop.bench`` (the core never imports Qt, so it runs this as a
process of its own); nothing here is used by the app.

Each scenario drives the app as the IRO does: the real main window, unlocked through its
unlock screen, the real record editor and its Autosaver, the real preview window.

  editor    autosaves of a 3,000-word letter, and typing one character every 300 ms for 10 s
  previews  memory after unlocking the demo vault, after opening and closing 10 previews, then
            10 record editors
  due       what is due, as the app reads it after every change (``iro_desktop.caseload.overview.load``)
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import iro_desktop.benchmarks.common  # noqa: E402,F401  (allows the vaults' cheap build settings)
from iro_desktop.reviews import drafts, records  # noqa: E402
from iro_desktop.vault import Vault  # noqa: E402
from iro_desktop.vault.connection import connect  # noqa: E402
from iro_desktop.vault.vault import VaultPaths  # noqa: E402

from iro_desktop.caseload import overview  # noqa: E402
from ui.app.app import application  # noqa: E402
from ui.app.main_window import MainWindow  # noqa: E402
from ui.common.services import Services  # noqa: E402

MARK = "qzxq"  # ends the section typed into, so the characters typed after it can be counted
TYPED = "j"


def wait_until(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the app did not get there in time")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)


def settle(seconds: float) -> None:
    """Let the app do what it does when left alone (queued work, deleteLater, the collector)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def rss_mib(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def open_window(home: Path, passphrase: str, scratch: Path) -> MainWindow:
    settings = QSettings(str(scratch / "preferences.ini"), QSettings.Format.IniFormat)
    services = Services(home=home, keychain_source=lambda: (None, "no keychain in the benchmark"),
                        allow_no_keychain=True, settings=settings)
    window = MainWindow(services)
    window.show()
    window.start()
    screen = window.unlock_screen
    QTest.keyClicks(screen.passphrase, passphrase)
    QTest.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: window.vault is not None)
    wait_until(lambda: not window.worker.is_busy)
    return window


def p95_ms(times_s: list[float]) -> float:
    ordered = sorted(times_s)
    return round(ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] * 1000, 3)


# ---- the editor --------------------------------------------------------------------------

def _open_long_letter(window: MainWindow, words: int) -> Any:
    """The demo's first draft review record, given a long letter, open in its editor."""
    from iro_desktop.benchmarks.letters import big_review_content

    vault = window.vault

    def prepare() -> int:
        with vault.read() as db:
            record_id = db.conn.execute("SELECT id FROM record WHERE kind = 'review' AND state = 'draft' "
                                        "ORDER BY id LIMIT 1").fetchone()[0]
        content = records.get_review(vault, record_id).content
        content.letter = big_review_content(words, content.letter.addressed_to).letter
        records.save_review(vault, record_id, content)
        return record_id

    record_id = window.worker.call_blocking(prepare)
    window.records.open_record("review", record_id)
    wait_until(lambda: window.records.editor_for("review", record_id) is not None)
    editor = window.records.editor_for("review", record_id)
    wait_until(lambda: not window.worker.is_busy)
    return editor


def _section(editor, key: str = "home"):
    page = editor.letter_page
    editor.tabs.setCurrentWidget(page)
    page.select_section(key)
    text = page.editors[key]
    text.setFocus()
    text.moveCursor(QTextCursor.MoveOperation.End)
    return text


def _until_saved(autosaver) -> None:
    """Until the vault has confirmed the save (its answer comes back as a queued signal)."""
    if not autosaver.pending:
        return
    loop = QEventLoop()

    def check(_state: str) -> None:
        if not autosaver.pending:
            loop.quit()

    autosaver.state_changed.connect(check)
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()
    autosaver.state_changed.disconnect(check)


def autosave_times(editor, runs: int) -> dict:
    """Each run: a keystroke, then the autosave the Autosaver would start when its timer fires.
    Timed on the GUI thread from the start of the save to its hand-off to the vault thread
    (reading the editor's pages, serialising, hashing), and from the start to the vault's
    confirmation back on the GUI thread (the write, fsync included)."""
    text = _section(editor)
    autosaver = editor.autosaver
    gui, whole = [], []
    for _ in range(runs):
        QTest.keyClicks(text, "x")
        start = time.perf_counter()
        autosaver.save_now()
        gui.append(time.perf_counter() - start)
        _until_saved(autosaver)
        whole.append(time.perf_counter() - start)
    payload = drafts.prepare_draft(editor.collect())
    return {"autosave_ms_p95": p95_ms(gui), "autosave_db_save_ms_p95": p95_ms(whole),
            "autosave_draft_words": len(editor.letter_page.collect().body_text().split()),
            "autosave_draft_bytes": len(payload.text.encode())}


class _StoredCount(threading.Thread):
    """Reads, every 20 ms on a connection of its own, how many of the typed characters the
    vault holds in the record's draft; keeps the largest staleness seen."""

    def __init__(self, db: Path, key: bytes, draft_key: str, typed_at: list[float]) -> None:
        super().__init__(daemon=True)
        self._conn = connect(db, key)
        self._draft_key = draft_key
        self._typed_at = typed_at
        self.stop = threading.Event()
        self.worst = 0.0
        self.stored = 0

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                row = self._conn.execute("SELECT content FROM draft WHERE draft_key = ?", (self._draft_key,)).fetchone()
                if row is not None and MARK in row[0]:
                    after = row[0].split(MARK, 1)[1]
                    self.stored = len(after) - len(after.lstrip(TYPED))
                now = time.monotonic()
                typed = list(self._typed_at)
                if self.stored < len(typed):
                    self.worst = max(self.worst, now - typed[self.stored])
                time.sleep(0.02)
        finally:
            self._conn.close()


def staleness(window: MainWindow, editor, seconds: float, every_ms: int) -> dict:
    """One character every ``every_ms`` for ``seconds`` into the letter, the Autosaver left to
    itself; at each moment, how old the oldest typed character is that the vault does not hold."""
    text = _section(editor)
    QTest.keyClicks(text, " " + MARK)
    editor.save_draft_now()  # the mark is in the vault before the clock starts
    typed_at: list[float] = []
    watcher = _StoredCount(window.vault.paths.db, bytes(window.vault._key), editor.autosaver.draft_key, typed_at)
    watcher.start()
    timer = QTimer()
    timer.setInterval(every_ms)

    def key() -> None:
        QTest.keyClicks(text, TYPED)
        typed_at.append(time.monotonic())

    timer.timeout.connect(key)
    timer.start()
    end = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() >= end, seconds + 5)
    timer.stop()
    wait_until(lambda: watcher.stored >= len(typed_at), 30)
    watcher.stop.set()
    watcher.join()
    return {"autosave_staleness_s_max": round(watcher.worst, 2), "autosave_staleness_typed": len(typed_at)}


def editor_scenario(args: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="iro-bench-gui-") as tmp:
        window = open_window(Path(args["home"]), args["passphrase"], Path(tmp))
        editor = _open_long_letter(window, args.get("words", 3000))
        figures = autosave_times(editor, args.get("runs", 100))
        figures.update(staleness(window, editor, args.get("seconds", 10.0), args.get("every_ms", 300)))
        window.close()
    return figures


# ---- previews ----------------------------------------------------------------------------

def previews_scenario(args: dict) -> dict:
    """RSS once the demo vault is unlocked and idle, and again after ``count`` previews of the
    child's letter were opened, shown and closed one after another (each for a different child)."""
    with tempfile.TemporaryDirectory(prefix="iro-bench-gui-") as tmp:
        window = open_window(Path(args["home"]), args["passphrase"], Path(tmp))
        settle(2.0)
        gc.collect()
        after_unlock = rss_mib()
        vault = window.vault

        def children_with_letters() -> list[str]:
            with vault.read() as db:
                return [r[0] for r in db.conn.execute(
                    "SELECT DISTINCT child_id FROM record WHERE kind = 'review' AND state = 'finalised' "
                    "ORDER BY child_id")]

        children = window.worker.call_blocking(children_with_letters)
        count = args.get("count", 10)
        for child_id in (children * count)[:count]:
            preview = window.outputs.preview(window, child_id, window._child_name(child_id))
            wait_until(lambda: not preview.is_busy() and not window.worker.is_busy)
            preview.grab()  # its pages drawn, as on screen
            preview.close()
            settle(0.2)
        settle(2.0)
        figures = {"memory_after_unlock_mib": after_unlock, "memory_after_10_previews_mib": rss_mib(),
                   "memory_previews_peak_mib": rss_mib("VmHWM"), "memory_previews_shown": count}

        def review_records() -> list[int]:
            with vault.read() as db:
                return [r[0] for r in db.conn.execute("SELECT id FROM record WHERE kind = 'review' ORDER BY id")]

        for record_id in window.worker.call_blocking(review_records)[:count]:
            window.records.open_record("review", record_id)
            wait_until(lambda: window.records.editor_for("review", record_id) is not None)
            wait_until(lambda: not window.worker.is_busy)
            window.records.editor_for("review", record_id).close()
            settle(0.2)
        settle(2.0)
        figures["memory_after_10_editors_mib"] = rss_mib()
        window.close()
    return figures


# ---- what is due -------------------------------------------------------------------------

def due_scenario(args: dict) -> dict:
    """``overview.load``, the app's read of everything My week, the calendar and the trips show,
    for each vault given; the median of ``runs`` after a first (which builds the bank holidays)."""
    figures = {}
    today = date.fromisoformat(args["today"])
    for name, home, key in args["vaults"]:
        with Vault._open(VaultPaths(Path(home)), bytes.fromhex(key)) as vault:
            data = overview.load(vault, today)
            times = []
            for _ in range(args.get("runs", 5)):
                start = time.perf_counter()
                overview.load(vault, today)
                times.append(time.perf_counter() - start)
        figures[name] = round(statistics.median(times) * 1000, 2)
        figures[name.replace("_ms", "_children")] = len(data.due)
    return figures


SCENARIOS = {"editor": editor_scenario, "previews": previews_scenario, "due": due_scenario}


def main(argv: list[str]) -> int:
    application()
    args = json.loads(sys.stdin.read() or "{}")
    print(json.dumps(SCENARIOS[argv[0]](args)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
