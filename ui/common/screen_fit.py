"""Windows that fit the screen they open on: a small laptop (1280 by 720, with a panel) must see
every window whole, its action buttons included.

A size the IRO chose for a kind of window (by dragging its edge) is remembered and used the next
time one opens, clamped to the screen it opens on, so a size chosen on a large monitor still fits
the laptop. Sizes are kept in the app's QSettings (``remember_sizes_in``), keyed by the kind of
window (its class: "ReviewEditor", "PreviewWindow"), never by child or record: a window's size
says nothing about anyone.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, QSettings, QSize
from PySide6.QtWidgets import QApplication, QWidget

FRAME = 40  # the title bar and borders a window manager adds around a window
KEY = "window_size/{kind}"

_settings: weakref.ReferenceType[QSettings] | None = None


def remember_sizes_in(settings: QSettings | None) -> None:
    """Keep the sizes the IRO chooses in ``settings`` (held weakly: once the app lets its
    settings go, nothing more is remembered); None remembers nothing."""
    global _settings
    _settings = weakref.ref(settings) if settings is not None else None


def _store() -> QSettings | None:
    return _settings() if _settings is not None else None


def remembered_size(kind: str) -> QSize | None:
    """The size last chosen for windows of ``kind``, as it was chosen (not yet fitted)."""
    store = _store()
    value = store.value(KEY.format(kind=kind)) if store is not None else None
    if isinstance(value, QSize) and value.isValid() and value.width() > 0 and value.height() > 0:
        return value
    return None


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to the size the IRO last chose for its kind of window, else to ``width``
    by ``height``; in either case no more than the screen's free area, and keep it on that area."""
    kind = type(window).__name__
    chosen = remembered_size(kind)
    if chosen is not None:
        width, height = chosen.width(), chosen.height()
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
    else:
        free = screen.availableGeometry()
        window.resize(min(width, free.width()), min(height, free.height() - FRAME))
        frame = window.frameGeometry()
        frame.moveCenter(free.center())
        window.move(max(free.left(), frame.left()), max(free.top(), frame.top()))
    keeper = window.findChild(_SizeKeeper)
    if keeper is None:
        keeper = _SizeKeeper(window, kind)
        window.installEventFilter(keeper)
    keeper.fitted = window.size()


class _SizeKeeper(QObject):
    """Notes a window's size when it closes, if it is not the size it was given: the IRO chose it.
    A window closed before it was ever shown (the app stopping at start) chose nothing."""

    def __init__(self, window: QWidget, kind: str) -> None:
        super().__init__(window)
        self.kind = kind
        self.fitted = QSize()
        self.shown = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show:
            self.shown = True
        elif event.type() in (QEvent.Type.Close, QEvent.Type.Hide) and isinstance(watched, QWidget):
            self.keep(watched)
        return False

    def keep(self, window: QWidget) -> None:
        store = _store()
        if store is None or not self.shown or window.isMaximized() or window.isFullScreen() or window.isMinimized():
            return
        size = window.size()
        if size != self.fitted and size.isValid():
            store.setValue(KEY.format(kind=self.kind), size)
            self.fitted = size
