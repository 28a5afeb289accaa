"""Python's cyclic garbage collector, run on the GUI thread only.

Left to itself, the collector runs on whichever thread happens to allocate when a threshold is
crossed: with vault work on a background thread, that can be the worker, and collecting an
unreachable cycle that holds a Qt widget destroys the widget off the GUI thread and crashes the
app. So automatic collection is switched off and a timer collects on the GUI thread instead
(as Anki's GarbageCollector does).
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 1000

_installed: "MainThreadCollector | None" = None


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(INTERVAL_MS)

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
        _installed.deleteLater()
    _installed = None
    gc.collect()
    gc.enable()
