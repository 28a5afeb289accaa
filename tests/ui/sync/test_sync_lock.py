"""Locking during a sync of many exports stops it cleanly, and typing a letter during a big sync
is not slowed: the drafts' lane never waits for sync's thread."""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox

from iro_desktop.reviews.draft_watch import DraftWatcher, never_lost, staleness_max
from iro_desktop.reviews import records
from iro_desktop.sync import config, outbox
from iro_desktop.vault import Vault
from tests.conftest import PASSPHRASE
from tests.support.fault_proxy import FaultProxy
from tests.support.sync_helpers import finalised_review
from tests.ui.records.test_review_autosave_typing import LIMIT_S, SECTION, _stored_letters, type_steadily
from tests.ui.review_support import review_vault, section_editor, start_review  # noqa: F401 - fixtures
from tests.ui.sync.sync_support import (  # noqa: F401 - dav is a fixture
    dav, files_under, make_vault, share_for, states, wait_sync)
from tests.ui.window_support import unlock


def _error_boxes() -> list:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and shiboken6.isValid(w) and w.isVisible()]


def test_a_lock_during_a_sync_of_many_exports_stops_it_and_the_next_sync_completes(
        dav, vault_home, keychain, window_factory, qtbot, tmp_path):
    share = share_for(dav, tmp_path)
    exports = 12
    with FaultProxy(dav.port, dav.pki) as proxy:
        ids = make_vault(vault_home, keychain, exports, target=dav.url_via(proxy.port) + share.split("/", 3)[3],
                         server=dav)
        proxy.delay_reply("PUT", 0.15, times=10_000)  # hotel Wi-Fi: each file takes a while
        window = window_factory()
        unlock(window, qtbot)
        c = window.sync_controller
        qtbot.waitUntil(lambda: c.indicator.text.startswith("Sending 3 of"), timeout=30_000)
        assert c.indicator.bar.isVisible()
        started = time.monotonic()
        window.lock()
        took = time.monotonic() - started
        print(f"\nlock during sync: {took * 1000:.0f} ms on the GUI thread")
        assert took < 1.5
        assert window.vault is None and not c.indicator.isVisible() and c.view.model.rowCount() == 0
        qtbot.waitUntil(lambda: not c.thread.is_busy, timeout=20_000)
        qtbot.wait(200)
        assert _error_boxes() == []
        with Vault.unlock(vault_home, PASSPHRASE, keychain) as vault:
            left = {e.bundle_id: e.state for e in outbox.entries(vault)}
        assert set(left.values()) <= {outbox.QUEUED, outbox.SYNCED, outbox.UPLOADING}
        assert sum(s == outbox.UPLOADING for s in left.values()) <= 1  # the one in hand, if any
        assert outbox.QUEUED in left.values(), "the lock stopped the drain before the end"
        # Unlocked while the store cannot be reached: whatever was in flight is queued again.
        proxy.go_offline()
        unlock(window, qtbot)
        wait_sync(window, qtbot)
        assert c.indicator.text.startswith("Offline — ")
        assert set(states(window.vault).values()) <= {outbox.QUEUED, outbox.SYNCED}
        proxy.clear()
        proxy.go_online()
        c.sync_now()
        qtbot.waitUntil(lambda: c.indicator.text.startswith("Synced "), timeout=60_000)
        wait_sync(window, qtbot)
        assert set(states(window.vault).values()) == {outbox.SYNCED} and len(ids) == exports
    on_disk = files_under(dav, share)
    assert len(on_disk) == exports * 4 and not any(p.rsplit("/", 1)[-1].startswith(".") for p in on_disk)
    assert _error_boxes() == []


def test_typing_during_a_big_sync_reaches_the_vault_in_time(review_vault, dav, keychain, window, qtbot,
                                                            tmp_path):
    home, _code = review_vault
    share = share_for(dav, tmp_path)
    with FaultProxy(dav.port, dav.pki) as proxy:
        with Vault.unlock(home, PASSPHRASE, keychain) as vault:
            for n in range(10):
                finalised_review(vault, f"C8{n:05d}")
            config.set_option(vault, config.TARGET_SETTING, dav.url_via(proxy.port) + share.split("/", 3)[3])
            config.set_option(vault, config.CA_BUNDLE_SETTING, str(dav.pki.ca))
            config.set_credential(vault, username=dav.username, password=dav.password)
        proxy.delay_reply("PUT", 0.1, times=10_000)
        proxy.go_offline()  # so the unlock's own sync does not start before the typing
        unlock(window, qtbot)
        c = window.sync_controller
        wait_sync(window, qtbot)
        editor = start_review(window, qtbot)
        text = section_editor(editor, SECTION)
        watcher = DraftWatcher(window.vault, records.draft_key(editor.record.id), _stored_letters,
                               interval_s=0.05).start()
        sending: list[str] = []

        def start_sync() -> None:
            proxy.go_online()
            c.sync_now()

        try:
            typed_at = type_steadily(qtbot, text, seconds=4.0, after_first=start_sync)
            sending.append(c.indicator.text)
            qtbot.wait(int(LIMIT_S * 1000) + 500)
        finally:
            samples = watcher.stop()
        assert watcher.failed is None and never_lost(samples)
        assert samples[-1][1] == len(typed_at)
        worst = staleness_max(typed_at, samples)
        print(f"\nautosave during sync: worst {worst:.3f} s over {len(typed_at)} letters; "
              f"at the end of typing the indicator said {sending[0]!r}")
        assert c.thread.is_busy or sending[0].startswith("Sending"), "the sync ran under the typing"
        assert worst <= LIMIT_S
        qtbot.waitUntil(lambda: c.indicator.text.startswith("Synced "), timeout=60_000)
