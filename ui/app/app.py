"""Starting the app: the QApplication, the services for this run, and the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from iro_desktop.demo_vault import default_demo_home
from iro_desktop.errors import VaultInUse
from iro_desktop.paths import APP_AUTHOR, APP_NAME, resolve_home
from iro_desktop.vault.instance import AppInstance

from ui.app import crash
from ui.app.main_window import MainWindow
from ui.common.services import Services

# Set only by the benchmark (iro_desktop.benchmarks.startup), which times start-up: once the
# unlock screen has been painted the app prints UNLOCK_SHOWN and quits. The marker is all it says.
STARTUP_PROBE = "IRO_DESKTOP_STARTUP_PROBE"
UNLOCK_SHOWN = "iro-desktop: unlock screen shown"


def services_for(options: argparse.Namespace) -> Services:
    """Where the vault is and how to reach the keychain, from the command-line options."""
    demo = bool(getattr(options, "demo", False))
    folder = getattr(options, "vault", None)
    if demo:
        # The demo never shares a folder with a real vault unless the IRO names one.
        home = Path(folder).expanduser() if folder else default_demo_home()
    else:
        home = resolve_home(folder)
    return Services(home=home, allow_no_keychain=bool(getattr(options, "no_keychain", False)), demo=demo)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # QSettings takes its file name from these; it holds only non-personal preferences.
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    return app  # type: ignore[return-value]


def run(options: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    crash.install()
    app = application()
    services = services_for(options)
    try:
        instance = AppInstance(services.home).acquire()
    except VaultInUse as exc:
        QMessageBox.information(None, "IRO Desktop", str(exc))
        return 1
    try:
        window = MainWindow(services)
        window.show()
        window.start()
        if os.environ.get(STARTUP_PROBE):
            _UnlockShownProbe(window.unlock_screen, app)
        return app.exec()
    finally:
        instance.release()


class _UnlockShownProbe(QObject):
    """Prints the marker while the unlock screen is being painted (the pixels reach the screen
    as that paint ends), then quits."""

    def __init__(self, widget: QWidget, app: QApplication) -> None:
        super().__init__(widget)
        self._app = app
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(UNLOCK_SHOWN, flush=True)
            QTimer.singleShot(0, self._app.quit)
        return False
