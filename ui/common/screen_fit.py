"""Windows that fit the screen they open on: a small laptop (1280 by 720, with a panel) must see
every window whole, its action buttons included."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

FRAME = 40  # the title bar and borders a window manager adds around a window


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` by ``height``, or less where the screen's free area is
    smaller, and keep it on that area."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    free = screen.availableGeometry()
    window.resize(min(width, free.width()), min(height, free.height() - FRAME))
    frame = window.frameGeometry()
    frame.moveCenter(free.center())
    window.move(max(free.left(), frame.left()), max(free.top(), frame.top()))
