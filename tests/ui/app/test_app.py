"""ui.app.app.run as the launcher calls it: the demo opens, and closing the window ends the app."""

from __future__ import annotations

from argparse import Namespace

from PySide6.QtCore import QSettings, QTimer

from ui.app.app import run
from ui.common.garbage import restore_automatic
from ui.app.main_window import MainWindow


def test_run_with_demo_opens_the_invented_caseload_and_returns_on_close(tmp_path, qapp):
    # Production code paths throughout (system keychain check, calibrated KDF); only the
    # settings file is pointed away from the real user's.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    seen: dict[str, object] = {}

    def poll() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        window = windows[0] if windows else None
        if window is not None and window.vault is not None and not window.worker.is_busy:
            seen.update(title=window.windowTitle(), banner=window.banner.text(),
                        banner_visible=window.banner.isVisible(), rows=window.caseload.model.rowCount(),
                        state=window.lock_state.text())
            window.close()
        elif window is not None and window.unlock_screen.message.text():
            seen["error"] = window.unlock_screen.message.text()
            window.close()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)
    QTimer.singleShot(60_000, qapp.quit)  # a hang fails the test instead of stalling the run
    try:
        status = run(Namespace(vault=str(tmp_path / "demo-vault"), demo=True, no_keychain=False))
    finally:
        restore_automatic()
    assert "error" not in seen, seen.get("error")
    assert status == 0
    assert seen["title"] == "IRO Desktop"
    assert seen["banner_visible"] and seen["banner"] == "Demo caseload — invented children"
    assert seen["rows"] == 70
    assert seen["state"] == "Unlocked — vault demo-vault"
    assert (tmp_path / "demo-vault" / "keyslots.json").exists()
    assert qapp.organizationName() == "IRO Desktop" and qapp.applicationName() == "IRO Desktop"
