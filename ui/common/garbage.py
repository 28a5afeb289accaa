"""Python's cyclic garbage collector, run on the GUI thread only.

Left to itself, the collector runs on whichever thread happens to allocate when a threshold is
crossed: with vault work on a background thread, that can be the worker, and collecting an
unreachable cycle that holds a Qt widget destroys the widget off the GUI thread and crashes the
app. So automatic collection is switched off and a timer collects on the GUI thread instead
(as Anki's GarbageCollector does).

The timer collects the older generations only once enough has been allocated, which in a quiet
app can be a long time: a closed editor (its letter, its drafts) or preview would stay in memory
until then. ``collect_soon`` is for those: when a window that held a lot closes, a full
collection follows shortly, and the memory freed is handed back to the system.
"""

from __future__ import annotations

import gc
import sys

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 1000
SOON_MS = 250  # after a window closes: its deleteLater has run by then

_installed: "MainThreadCollector | None" = None


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(INTERVAL_MS)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SOON_MS)
        self._soon.timeout.connect(self.collect_all)

    def check(self) -> None:
        # Collect each generation whose count has passed its threshold, youngest first.
        counts = gc.get_count()
        if counts[0] > self._threshold[0]:
            generation = 0
            if counts[1] > self._threshold[1]:
                generation = 1
                if counts[2] > self._threshold[2]:
                    generation = 2
            gc.collect(generation)

    def collect_all(self) -> None:
        gc.collect()
        give_back_freed_memory()


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim; elsewhere nothing):
    the PDF makers and QtPdf free a lot on other threads, which glibc otherwise keeps."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_TRIM: list = []


def _malloc_trim():
    if not _TRIM:
        found = None
        if sys.platform.startswith("linux"):
            import ctypes

            try:
                found = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
                found = None
        _TRIM.append(found)
    return _TRIM[0]


def collect_soon() -> None:
    """A window that held a lot has closed: collect what it leaves shortly, on the GUI thread."""
    if _installed is not None and shiboken6.isValid(_installed):
        _installed._soon.start()


def collect_on_gui_thread() -> None:
    """Install the collector once for this QCoreApplication (idempotent)."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return
    if _installed is not None and shiboken6.isValid(_installed) and _installed.parent() is app:
        return
    _installed = MainThreadCollector(app)


def restore_automatic() -> None:
    """Collect now and hand collection back to Python (once no worker thread is left)."""
    global _installed
    if _installed is not None and shiboken6.isValid(_installed):
        _installed._timer.stop()
        _installed._soon.stop()
        _installed.deleteLater()
    _installed = None
    gc.collect()
    gc.enable()
