"""The sync settings dialog: http:// refused with a message by the field and nothing saved; Test
connection says plainly what happened (reached, or the certificate could not be checked); saving
keeps the sign-in inside the vault, never in the settings file; and the council's inbox offers
a new extract for the usual import preview without applying it."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Qt

from iro_desktop.caseload import repository
from iro_desktop.sync import config
from tests.support.caseload_helpers import SAMPLE
from tests.support.tls_certs import make_pki
from tests.ui.sync.sync_support import dav, make_vault, share_for, wait_sync  # noqa: F401 - dav is a fixture
from tests.ui.window_support import closed, opened, unlock
from ui.sync.sync_settings_dialog import SyncSettingsDialog


def _dialog(window, qtbot) -> SyncSettingsDialog:
    window.sync_settings_action.trigger()
    return opened(SyncSettingsDialog, qtbot)


def _tested(dialog, qtbot) -> str:
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_result.text()[:1] in ("✓", "⚠"), timeout=20_000)
    return dialog.test_result.text()


def test_the_settings_refuse_http_test_the_connection_and_keep_the_password_in_the_vault(
        dav, vault_home, keychain, window_factory, qtbot, tmp_path, settings):
    make_vault(vault_home, keychain, 1)
    window = window_factory()
    unlock(window, qtbot)
    wait_sync(window, qtbot)
    dialog = _dialog(window, qtbot)
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    for box in (dialog.target, dialog.ca_bundle, dialog.username, dialog.password, dialog.token,
                dialog.retention, dialog.test_button):
        assert box.accessibleName()
    dialog.target.setText("http://documents.example.org/iro/")
    dialog.accept()
    problem = dialog.problems["target"]
    qtbot.waitUntil(lambda: problem.isVisible(), timeout=10_000)
    assert "https://" in problem.text() and dialog.isVisible()
    assert config.load(window.vault).target is None, "nothing saved"

    share = share_for(dav, tmp_path)
    dialog.target.setText(share)
    dialog.ca_bundle.setText(str(dav.pki.ca))
    dialog.username.setText(dav.username)
    dialog.password.setText(dav.password)
    assert _tested(dialog, qtbot).startswith("✓ Reached https://127.0.0.1:")
    dialog.ca_bundle.setText(str(make_pki(tmp_path / "other-ca", "other").ca))
    answer = _tested(dialog, qtbot)
    assert answer.startswith("⚠ The certificate of 127.0.0.1:") and "CA bundle" in answer
    dialog.ca_bundle.setText(str(tmp_path / "no-such.pem"))
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.problems["ca_bundle"].isVisible(), timeout=10_000)
    assert config.load(window.vault).target is None, "nothing saved"

    dialog.ca_bundle.setText(str(dav.pki.ca))
    dialog.retention.setValue(45)
    dialog.accept()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: window.sync_controller.indicator.text.startswith("Synced "), timeout=30_000)
    wait_sync(window, qtbot)
    cfg = config.load(window.vault)
    assert (cfg.target, cfg.ca_bundle, cfg.credential.username, cfg.credential.password) == (
        share, dav.pki.ca, dav.username, dav.password)
    # Opened again: the password is not put back on screen.
    again = _dialog(window, qtbot)
    assert again.password.text() == "" and "Saved" in again.password.placeholderText()
    assert again.retention.value() == 45
    again.reject()
    window.prefs.set_geometry(window.saveGeometry())  # as closing the window does
    window.prefs.sync()
    settings.sync()
    everything = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert dav.password.encode() not in everything
    assert dav.password.encode() not in open(settings.fileName(), "rb").read()


def test_a_new_extract_in_the_councils_inbox_is_offered_and_never_applied(
        dav, vault_home, keychain, window_factory, qtbot, tmp_path):
    share = share_for(dav, tmp_path)
    folder = dav.root / share.rstrip("/").rsplit("/", 1)[-1] / "inbox"
    folder.mkdir()
    data = SAMPLE.read_bytes()
    (folder / "caseload-2026-01.csv").write_bytes(data)
    (folder / "caseload-2026-01.csv.sha256").write_text(
        f"{hashlib.sha256(data).hexdigest()}  caseload-2026-01.csv\n")
    make_vault(vault_home, keychain, 0, target=share, server=dav)
    window = window_factory()
    unlock(window, qtbot)
    wait_sync(window, qtbot)
    view = window.sync_controller.view
    window.show_outbox()
    qtbot.waitUntil(lambda: view.inbox_bar.isVisible(), timeout=10_000)
    assert "caseload-2026-01.csv" in view.inbox_bar.label.text()
    before = repository.child_count(window.vault)
    from ui.caseload.import_dialog import ImportPreviewDialog

    qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)
    preview = opened(ImportPreviewDialog, qtbot)
    assert repository.child_count(window.vault) == before, "a preview applies nothing"
    preview.reject()
    # Offered once: the next look in the inbox finds nothing new.
    window.sync_controller.sync_now()
    wait_sync(window, qtbot)
    assert not view.inbox_bar.isVisible()
