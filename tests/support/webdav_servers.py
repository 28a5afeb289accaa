"""Two independent real WebDAV servers for the sync tests, on 127.0.0.1 with TLS and basic auth.

* ``wsgidav`` (PyPI, served by cheroot), started from its own command line with a JSON config
  (``ssl_certificate``, ``ssl_private_key``, ``simple_dc.user_mapping``);
* ``rclone serve webdav`` (Debian's rclone, a Go implementation on golang.org/x/net/webdav).

Each runs as a child process serving a temporary folder, so a test can look at what really
reached the server's disk. Use :func:`running_server` as a context manager (or
:func:`server_fixture` to make a pytest fixture parametrised over both)::

    with running_server("wsgidav", tmp_path) as server:
        target = WebDavTarget(server.url, username=server.username, ...)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from iro_desktop.sync.retrying import RetryPolicy
from iro_desktop.sync.webdav import WebDavTarget
from tests.support.tls_certs import TestPki, make_pki

SERVER_KINDS = ("wsgidav", "rclone")
#: Real backoff would make the fault tests take minutes; the shape (jitter, cap) is the same.
FAST_RETRY = RetryPolicy(attempts=4, base_wait_s=0.01, max_wait_s=0.05, max_retry_after_s=3.0)
USERNAME = "iro-sync"
PASSWORD = "correct-horse-battery-1"


@dataclass
class DavServer:
    """A started server: where it listens, what it serves, and how to sign in."""

    kind: str
    host: str
    port: int
    root: Path
    pki: TestPki
    process: subprocess.Popen
    username: str = USERNAME
    password: str = PASSWORD

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}/"

    def url_via(self, port: int) -> str:
        """The same server reached through a proxy listening on ``port`` (same host name)."""
        return f"https://{self.host}:{port}/"

    def disk(self, path: str) -> Path:
        """Where ``path`` (relative to the share) lives on the server's disk."""
        return self.root / path

    def files_on_disk(self) -> list[str]:
        """Every file under the share, relative and '/'-separated, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wsgidav_command(workdir: Path, root: Path, pki: TestPki, port: int) -> list[str]:
    config = {
        "host": "127.0.0.1",
        "port": port,
        "provider_mapping": {"/": str(root)},
        "ssl_certificate": str(pki.cert),
        "ssl_private_key": str(pki.key),
        "http_authenticator": {
            "domain_controller": None,  # None means wsgidav's SimpleDomainController
            "accept_basic": True,
            "accept_digest": False,
            "default_to_digest": False,
        },
        "simple_dc": {"user_mapping": {"*": {USERNAME: {"password": PASSWORD}}}},
        "verbose": 1,
        "logging": {"enable_loggers": []},
        "dir_browser": {"enable": False},
    }
    path = workdir / "wsgidav.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    wsgidav = Path(sys.executable).with_name("wsgidav")
    return [str(wsgidav), "--config", str(path)]


def _rclone_command(workdir: Path, root: Path, pki: TestPki, port: int) -> list[str]:
    rclone = shutil.which("rclone")
    if rclone is None:
        # ./dev test installs it; in CI a missing second server must fail, never pass unseen.
        if os.environ.get("CI"):
            pytest.fail("rclone is not installed (Debian package 'rclone'): the second WebDAV server is needed")
        pytest.skip("rclone is not installed (Debian package 'rclone')")
    return [
        rclone, "serve", "webdav", str(root),
        "--addr", f"127.0.0.1:{port}",
        "--cert", str(pki.cert), "--key", str(pki.key),
        "--user", USERNAME, "--pass", PASSWORD,
        # Files the tests plant straight on the disk must be seen at once, not after 5 minutes.
        "--dir-cache-time", "0s", "--poll-interval", "0",
        "--config", str(workdir / "rclone.conf"),  # an empty config of its own, not the user's
        "--cache-dir", str(workdir / "rclone-cache"),
        "-q",
    ]


_COMMANDS = {"wsgidav": _wsgidav_command, "rclone": _rclone_command}


def _wait_until_ready(server: DavServer, deadline_s: float = 20.0) -> None:
    """Until the server answers an authenticated PROPFIND over verified TLS."""
    end = time.monotonic() + deadline_s
    last: Exception | None = None
    with httpx.Client(verify=ssl.create_default_context(cafile=str(server.pki.ca)), auth=(server.username, server.password),
                      timeout=2.0) as client:
        while time.monotonic() < end:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.kind} exited with code {server.process.returncode}")
            try:
                reply = client.request("PROPFIND", server.url, headers={"Depth": "0"})
                if reply.status_code == 207:
                    return
                last = RuntimeError(f"{server.kind} answered {reply.status_code}")
            except httpx.TransportError as exc:
                last = exc
            time.sleep(0.05)
    raise RuntimeError(f"{server.kind} did not start: {last!r}")


@contextlib.contextmanager
def running_server(kind: str, workdir: Path, pki: TestPki | None = None) -> Iterator[DavServer]:
    """Start a ``kind`` server serving ``workdir/share`` and stop it afterwards."""
    workdir.mkdir(parents=True, exist_ok=True)
    pki = pki or make_pki(workdir / "pki")
    root = workdir / "share"
    root.mkdir(exist_ok=True)
    for _attempt in range(3):  # the free port may be taken between asking and binding
        port = free_port()
        log = open(workdir / f"{kind}.log", "ab")
        process = subprocess.Popen(_COMMANDS[kind](workdir, root, pki, port), stdout=log,
                                   stderr=subprocess.STDOUT, cwd=workdir,
                                   env={**os.environ, "RCLONE_CONFIG": str(workdir / "rclone.conf")})
        server = DavServer(kind=kind, host="127.0.0.1", port=port, root=root, pki=pki,
                           process=process)
        try:
            _wait_until_ready(server)
            break
        except RuntimeError:
            process.kill()
            process.wait()
            log.close()
    else:
        raise RuntimeError(f"{kind} could not be started; see {workdir / (kind + '.log')}")
    try:
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def server_fixture(scope: str = "module"):
    """A pytest fixture, parametrised over both servers, that yields a running :class:`DavServer`.

    Assign it in a test module: ``dav_server = server_fixture()``."""

    @pytest.fixture(scope=scope, params=SERVER_KINDS)
    def _fixture(request, tmp_path_factory):
        with running_server(request.param, tmp_path_factory.mktemp(request.param)) as server:
            yield server

    return _fixture


def target_for(server: DavServer, *, url: str | None = None, password: str | None = None,
               ca_bundle: Path | None = None, retry: RetryPolicy = FAST_RETRY,
               **options) -> WebDavTarget:
    """A client for ``server`` (or for ``url``, a proxy in front of it) trusting the test CA."""
    return WebDavTarget(url or server.url, username=server.username,
                        password=password or server.password,
                        ca_bundle=ca_bundle or server.pki.ca, retry=retry, **options)
