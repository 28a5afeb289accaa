"""The keyboard on the home screens: Tab leaves every table for the next control (the arrow keys
move inside it), and Ctrl+Tab / Ctrl+Shift+Tab (or Ctrl+PgDown / Ctrl+PgUp) move between the home
tabs wherever the focus is."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTabWidget, QWidget


def keyboard_through_home(window: QWidget, home: QTabWidget) -> None:
    for view in home.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
    for keys, step in (("Ctrl+Tab", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.activated.connect(lambda step=step: next_home_tab(home, step))


def next_home_tab(home: QTabWidget, step: int) -> None:
    if home.isEnabled() and home.count():
        home.setCurrentIndex((home.currentIndex() + step) % home.count())
