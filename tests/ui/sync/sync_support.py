"""Shared set-up for the app's sync tests: a real wsgidav server over TLS, a vault whose finalised
records wait in the outbox, and waiting for the sync thread."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from iro_desktop.sync import config, outbox
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.sync_helpers import finalised_review
from tests.support.webdav_servers import running_server


@pytest.fixture(scope="module")
def dav(tmp_path_factory):
    with running_server("wsgidav", tmp_path_factory.mktemp("wsgidav")) as server:
        yield server


def share_for(server, tmp_path: Path) -> str:
    """A folder of the share for one test (its own, so two tests never meet), and its address."""
    name = f"t{time.monotonic_ns()}"
    (server.root / name).mkdir()
    return f"{server.url}{name}/"


def make_vault(home: Path, keychain, exports: int, *, target: str | None = None, server=None,
               password: str | None = None) -> list[str]:
    """A locked vault with ``exports`` finalised review records (each one an outbox row), and the
    target and sign-in set where given; returns the bundle ids."""
    vault, _code = Vault.create(home, PASSPHRASE, keychain, kdf=FAST_KDF)
    try:
        for n in range(exports):
            finalised_review(vault, f"C9{n:05d}")
        if target is not None:
            config.set_option(vault, config.TARGET_SETTING, target)
        if server is not None:
            config.set_option(vault, config.CA_BUNDLE_SETTING, str(server.pki.ca))
            config.set_credential(vault, username=server.username, password=password or server.password)
        return [e.bundle_id for e in outbox.entries(vault)]
    finally:
        vault.close()


def synced_idle(window) -> bool:
    c = window.sync_controller
    return c._running is None and not c.thread.is_busy and c.shot is not None


def wait_sync(window, qtbot, timeout: int = 30_000) -> None:
    """Until the sync thread has done what it was asked, and its answer is shown."""
    qtbot.waitUntil(lambda: synced_idle(window), timeout=timeout)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=timeout)


def states(vault) -> dict[str, str]:
    """Each bundle's state, read by the test itself."""
    return {e.bundle_id: e.state for e in outbox.entries(vault)}


def files_under(server, share_url: str) -> list[str]:
    folder = server.root / share_url.rstrip("/").rsplit("/", 1)[-1]
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
