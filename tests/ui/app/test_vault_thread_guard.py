"""The guard the UI suite runs with: the app's code may not touch the vault on the GUI thread."""

from __future__ import annotations

import threading

import pytest

from iro_desktop.caseload import repository
from iro_desktop.vault import thread_guard
from iro_desktop.vault.thread_guard import VaultOnForbiddenThread
from tests.ui.window_support import unlock


def test_a_gui_thread_read_by_the_app_is_caught(closed_vault, window, qtbot):
    unlock(window, qtbot)
    with pytest.raises(VaultOnForbiddenThread):
        thread_guard.forbid(threading.main_thread())  # no exemption: as if the app made the call
        repository.list_children(window.vault)
    thread_guard.forbid(None)


def test_the_worker_thread_may_read_and_a_test_may_check_on_purpose(closed_vault, window, qtbot):
    unlock(window, qtbot)
    thread_guard.forbid(threading.main_thread())
    assert len(window.worker.call_blocking(lambda: repository.list_children(window.vault))) == 3
    with thread_guard.allowed():
        assert len(repository.list_children(window.vault)) == 3
    thread_guard.forbid(None)
