"""Sync in the real window against a real wsgidav server over TLS: Sync now sends every export
and the server's disk holds exactly its files; offline, then the server back and a probe; a
refused sign-in waits for a new one; the Outbox screen shows each export and its receipt."""

from __future__ import annotations

import hashlib
import threading

from PySide6.QtCore import Qt

from iro_desktop.sync import outbox
from tests.support.fault_proxy import FaultProxy
from tests.ui.sync.sync_support import (  # noqa: F401 - dav is a fixture
    dav, files_under, make_vault, share_for, states, wait_sync)
from tests.ui.window_support import unlock


def test_sync_now_sends_every_export_and_the_server_holds_its_files(dav, vault_home, keychain, window_factory,
                                                                    qtbot, tmp_path):
    ids = make_vault(vault_home, keychain, 3)
    window = window_factory()
    unlock(window, qtbot)
    wait_sync(window, qtbot)
    assert window.sync_controller.indicator.text == "Sync not set up — 3 records waiting"
    # Set the target as the IRO would, then Sync now from the Outbox.
    share = share_for(dav, tmp_path)
    from iro_desktop.sync import config

    vault = window.vault
    config.set_option(vault, config.TARGET_SETTING, share)
    config.set_option(vault, config.CA_BUNDLE_SETTING, str(dav.pki.ca))
    config.set_credential(vault, username=dav.username, password=dav.password)
    window.show_outbox()
    view = window.sync_controller.view
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    # Whatever the sync thread tells reaches the screen on the GUI thread only.
    c = window.sync_controller
    threads: set[str] = set()
    for name in ("_list_changed", "_show"):
        real = getattr(c, name)
        setattr(c, name, lambda real=real: (threads.add(threading.current_thread().name), real())[1])
    qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync_controller.indicator.text.startswith("Synced "), timeout=30_000)
    wait_sync(window, qtbot)
    qtbot.waitUntil(lambda: all(view.model.entry(i).state == outbox.SYNCED for i in range(3)), timeout=10_000)
    assert threads == {threading.main_thread().name}
    entries = outbox.entries(vault)
    assert {e.bundle_id for e in entries} == set(ids)
    on_disk = files_under(dav, share)
    expected = sorted(f"{e.folder}/{r.name}" for e in entries for r in e.receipts)
    assert on_disk == expected and len(on_disk) == 3 * 4
    folder = dav.root / share.rstrip("/").rsplit("/", 1)[-1]
    for e in entries:
        for r in e.receipts:
            data = (folder / e.folder / r.name).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (r.size, r.sha256)
    # The receipt of the selected one: where, when, each file's size and SHA-256; never a name.
    view.table.selectRow(0)
    assert entries[0].target in view.receipt_text.text()
    assert view.files.rowCount() == len(entries[0].receipts)
    assert view.files.item(0, 2).text() == entries[0].receipts[0].sha256
    assert not view.retry_button.isEnabled()


def test_offline_then_the_server_back_and_a_probe_sends_them(dav, vault_home, keychain, window_factory, qtbot,
                                                            tmp_path):
    share = share_for(dav, tmp_path)
    with FaultProxy(dav.port, dav.pki) as proxy:
        path = share.split("/", 3)[3]
        ids = make_vault(vault_home, keychain, 3, target=dav.url_via(proxy.port) + path, server=dav)
        proxy.go_offline()
        window = window_factory()
        unlock(window, qtbot)
        wait_sync(window, qtbot)
        c = window.sync_controller
        assert c.indicator.text == "Offline — 3 records waiting"
        assert c.probe_timer.isActive()
        assert set(states(window.vault).values()) == {outbox.QUEUED}
        assert files_under(dav, share) == []
        proxy.go_online()
        c.probe_timer.timeout.emit()  # as the minute's probe would
        qtbot.waitUntil(lambda: c.indicator.text.startswith("Synced "), timeout=30_000)
        wait_sync(window, qtbot)
        assert not c.probe_timer.isActive()
    assert set(states(window.vault).values()) == {outbox.SYNCED}
    assert len(files_under(dav, share)) == 3 * 4 and len(ids) == 3


def test_a_refused_sign_in_waits_for_a_new_one(dav, vault_home, keychain, window_factory, qtbot, tmp_path):
    share = share_for(dav, tmp_path)
    with FaultProxy(dav.port, dav.pki) as proxy:
        path = share.split("/", 3)[3]
        make_vault(vault_home, keychain, 2, target=dav.url_via(proxy.port) + path, server=dav,
                   password="not-the-password")
        window = window_factory()
        unlock(window, qtbot)
        wait_sync(window, qtbot)
        c = window.sync_controller
        assert c.indicator.text.startswith("Sign-in needed")
        proxy.clear()
        # Nothing is tried by itself: no probe, no retry, not even for a change in the outbox.
        assert not c.probe_timer.isActive() and not c.retry_timer.isActive()
        c.on_changes(__import__("iro_desktop.changes", fromlist=["Changes"]).Changes(frozenset({"outbox"})))
        wait_sync(window, qtbot)
        qtbot.wait(300)
        assert proxy.methods() == []
        assert files_under(dav, share) == []
        # A new sign-in saved through the settings dialog: both go.
        from ui.sync.sync_settings_dialog import SyncSettingsDialog
        from tests.ui.window_support import opened

        window.sync_controller.show_settings()
        dialog = opened(SyncSettingsDialog, qtbot)
        assert dialog.password.text() == "" and dialog.password.echoMode() == dialog.password.EchoMode.Password
        dialog.password.setText(dav.password)
        dialog.accept()
        qtbot.waitUntil(lambda: c.indicator.text.startswith("Synced "), timeout=30_000)
        wait_sync(window, qtbot)
    assert set(states(window.vault).values()) == {outbox.SYNCED}
    assert len(files_under(dav, share)) == 2 * 4
