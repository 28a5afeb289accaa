"""The WebDAV target when the network or the server misbehaves: real servers (wsgidav, rclone)
behind a loopback proxy that injects failures (tests/support/fault_proxy.py).

Every fault test also shows the fault really happened (the proxy's log, a truncated file on
the server's disk), so a passing test cannot be one where nothing went wrong."""

from __future__ import annotations

import hashlib
import itertools
import random
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from iro_desktop.sync.errors import Conflict, Offline, SignInNeeded, StoreFull, Unverified
from iro_desktop.sync.retrying import RetryPolicy
from iro_desktop.sync.webdav import CONNECTIONS, ServerTrouble, staging_name
from tests.support.fault_proxy import FaultProxy
from tests.support.webdav_servers import FAST_RETRY, server_fixture, target_for

dav_server = server_fixture()
_folders = itertools.count()
ATTEMPTS = FAST_RETRY.attempts


def payload(size: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(size)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def folder(dav_server) -> str:
    """A fresh bundle folder, made already (as the drain's ensure_folder would have)."""
    name = f"outbox/C{next(_folders):04d}-midway-2025-02-03-v2"
    dav_server.disk(name).mkdir(parents=True)
    return name


@pytest.fixture
def proxy(dav_server):
    with FaultProxy(dav_server.port, dav_server.pki) as p:
        yield p
    assert p.errors == []  # a fault the test did not ask for would make its result meaningless


@pytest.fixture
def target(dav_server, proxy):
    with target_for(dav_server, url=dav_server.url_via(proxy.port)) as t:
        yield t


def outcomes(proxy: FaultProxy, method: str) -> list[int | str]:
    return [seen.outcome for seen in proxy.log if seen.method == method]


def test_a_put_is_get_put_get_move_get_and_never_locks(dav_server, proxy, target, folder):
    data = payload(30_000)
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert [(s.method, s.outcome) for s in proxy.log if s.method != "MKCOL"] == [
        ("GET", 404), ("PUT", 201), ("GET", 200), ("MOVE", 201), ("GET", 200)]
    assert "LOCK" not in proxy.methods() and "UNLOCK" not in proxy.methods()
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_500s_are_retried_and_the_upload_completes(dav_server, proxy, target, folder):
    proxy.fail("PUT", 500, times=2)
    data = payload(20_000, seed=1)
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert outcomes(proxy, "PUT") == [500, 500, 201]
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_500s_that_do_not_stop_are_a_retryable_error_and_nothing_is_at_the_final_name(
        dav_server, proxy, target, folder):
    proxy.fail("PUT", 503, times=99)
    data = payload(20_000, seed=2)
    with pytest.raises(ServerTrouble) as caught:
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert caught.value.retry is True and caught.value.status == 503
    assert outcomes(proxy, "PUT") == [503] * ATTEMPTS
    assert not dav_server.disk(f"{folder}/record.pdf").exists()
    proxy.clear()
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_423_is_retried_after_the_servers_retry_after(dav_server, proxy, target, folder):
    proxy.fail("MOVE", 423, times=1, headers={"Retry-After": "1"})
    data = payload(5_000, seed=3)
    started = time.monotonic()
    target.put(f"{folder}/record.pdf", data, sha(data))
    # The test policy's own backoff is at most 0.05 s: a wait of a second is the server's.
    assert time.monotonic() - started >= 1.0
    assert outcomes(proxy, "MOVE") == [423, 201]
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_507_says_the_store_is_full_without_retrying(dav_server, proxy, target, folder):
    proxy.fail("PUT", 507, times=99)
    with pytest.raises(StoreFull) as caught:
        target.put(f"{folder}/record.pdf", b"abc", sha(b"abc"))
    assert dav_server.host in str(caught.value)
    assert outcomes(proxy, "PUT") == [507]
    assert not dav_server.disk(f"{folder}/record.pdf").exists()


def test_a_wrong_password_is_one_request_and_sign_in_needed(dav_server, proxy):
    url = dav_server.url_via(proxy.port)
    with target_for(dav_server, url=url, password="wrong-password-here") as wrong:
        with pytest.raises(SignInNeeded) as caught:
            wrong.put("outbox/C9-review-2025-01-10-v1/record.pdf", b"x", sha(b"x"))
    assert [(s.method, s.outcome) for s in proxy.log] == [("GET", 401)]
    assert "wrong-password-here" not in str(caught.value)


@pytest.mark.parametrize("status", [401, 403])
def test_sign_in_refused_halfway_stops_at_once(dav_server, proxy, target, folder, status):
    proxy.fail("PUT", status, times=99)
    with pytest.raises(SignInNeeded):
        target.put(f"{folder}/record.pdf", b"abc", sha(b"abc"))
    assert outcomes(proxy, "PUT") == [status]


def test_offline_then_online(dav_server, proxy, target, folder):
    data = payload(8_000, seed=4)
    target.check()  # a pooled connection now exists: going offline must cut it too
    proxy.go_offline()
    started = time.monotonic()
    with pytest.raises(Offline):
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert time.monotonic() - started < 3
    assert not dav_server.disk(f"{folder}/record.pdf").exists()
    proxy.go_online()
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_a_connection_cut_mid_upload_leaves_nothing_at_the_final_name_and_a_retry_completes(
        dav_server, proxy, target, folder):
    data = payload(1_000_000, seed=5)
    proxy.cut_upload("PUT", after_bytes=300_000, times=ATTEMPTS)
    with pytest.raises(Offline) as caught:
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert caught.value.retry is True
    assert outcomes(proxy, "PUT").count("cut") == ATTEMPTS
    staged = dav_server.disk(f"{folder}/{staging_name('record.pdf', sha(data))}")
    assert 0 < staged.stat().st_size < len(data)  # the server kept the truncated upload
    assert not dav_server.disk(f"{folder}/record.pdf").exists()
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert sha(dav_server.disk(f"{folder}/record.pdf").read_bytes()) == sha(data)
    assert not staged.exists()


def test_one_cut_is_healed_within_the_same_put(dav_server, proxy, target, folder):
    data = payload(600_000, seed=6)
    proxy.cut_upload("PUT", after_bytes=100_000, times=1)
    target.put(f"{folder}/record.pdf", data, sha(data))
    puts = outcomes(proxy, "PUT")
    assert puts[0] == "cut" and puts[-1] == 201
    if dav_server.kind == "wsgidav":  # it honours If-None-Match: the stale file is found, removed
        assert puts == ["cut", 412, 201] and outcomes(proxy, "DELETE") == [204]
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data
    assert [p.name for p in dav_server.disk(folder).iterdir()] == ["record.pdf"]


def test_a_201_for_other_bytes_is_caught_before_the_move(dav_server, proxy, target, folder):
    """A 2xx proves nothing: the server stored what reached it, which is not what was sent."""
    data = payload(200_000, seed=18)
    proxy.corrupt_upload("PUT", at_byte=123_456, times=1)
    with pytest.raises(Unverified):
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert outcomes(proxy, "PUT") == [201]  # the server did accept the corrupted upload
    assert outcomes(proxy, "MOVE") == [] and list(dav_server.disk(folder).iterdir()) == []
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_a_truncated_upload_answered_201_is_never_moved_into_place(dav_server, proxy, target, folder):
    data = payload(300_000, seed=19)
    proxy.truncate_upload("PUT", after_bytes=90_000, times=1)
    with pytest.raises(Unverified):
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert outcomes(proxy, "PUT") == [201]
    assert outcomes(proxy, "MOVE") == [] and list(dav_server.disk(folder).iterdir()) == []
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_a_cut_on_raw_tcp_with_tls_end_to_end(dav_server, folder):
    """The proxy does not terminate TLS here: the client's session is with the server itself."""
    data = payload(800_000, seed=7)
    with FaultProxy(dav_server.port, dav_server.pki, terminate_tls=False) as raw, \
            target_for(dav_server, url=dav_server.url_via(raw.port)) as target:
        raw.cut_upload(after_bytes=200_000, times=ATTEMPTS)
        with pytest.raises(Offline):
            target.put(f"{folder}/record.pdf", data, sha(data))
        assert [s.outcome for s in raw.log] == ["cut"] * ATTEMPTS
        assert not dav_server.disk(f"{folder}/record.pdf").exists()
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_the_reply_to_a_large_upload_lost_on_raw_tcp(dav_server, folder):
    data = payload(800_000, seed=8)
    with FaultProxy(dav_server.port, dav_server.pki, terminate_tls=False) as raw, \
            target_for(dav_server, url=dav_server.url_via(raw.port)) as target:
        raw.lose_reply(after_bytes=len(data), times=1)
        target.put(f"{folder}/record.pdf", data, sha(data))
        assert [s.outcome for s in raw.log] == ["lost"]
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data
    assert [p.name for p in dav_server.disk(folder).iterdir()] == ["record.pdf"]


def test_server_committed_the_move_but_the_reply_was_lost(dav_server, proxy, target, folder):
    """Nextcloud's connectionDroppedBeforeEtagRecieved: settled by hash, no duplicate, no conflict."""
    data = payload(50_000, seed=9)
    proxy.lose_reply("MOVE", times=1)
    target.put(f"{folder}/record.pdf", data, sha(data))
    moves = outcomes(proxy, "MOVE")
    # The retried MOVE: wsgidav finds its source gone (404), rclone the final name taken (412).
    assert moves == ["lost", 404 if dav_server.kind == "wsgidav" else 412]
    assert [p.name for p in dav_server.disk(folder).iterdir()] == ["record.pdf"]
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_every_move_reply_lost_then_the_next_run_settles_by_hash_without_uploading(
        dav_server, proxy, target, folder):
    data = payload(50_000, seed=10)
    proxy.lose_reply("MOVE", times=ATTEMPTS)
    with pytest.raises(Offline):
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert outcomes(proxy, "MOVE")[0] == "lost"
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data  # the server committed
    proxy.clear()
    target.put(f"{folder}/record.pdf", data, sha(data))  # the next drain of the outbox
    assert [(s.method, s.outcome) for s in proxy.log] == [("GET", 200)]
    assert [p.name for p in dav_server.disk(folder).iterdir()] == ["record.pdf"]


def test_the_reply_to_the_staging_put_lost(dav_server, proxy, target, folder):
    data = payload(50_000, seed=11)
    proxy.lose_reply("PUT", times=1)
    target.put(f"{folder}/record.pdf", data, sha(data))
    puts = outcomes(proxy, "PUT")
    # wsgidav: the repeat PUT is refused (412), the staged copy is checked and kept as it is.
    assert puts == (["lost", 412] if dav_server.kind == "wsgidav" else ["lost", 201])
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def _plant_on_move(dav_server, folder: str, name: str, data: bytes):
    """Another writer puts ``data`` at the final name just before our MOVE reaches the server."""
    def plant(method: str, path: str, headers: dict[str, str]) -> None:
        if method == "MOVE":
            dav_server.disk(f"{folder}/{name}").write_bytes(data)
    return plant


def test_a_different_file_appearing_before_the_move_is_a_conflict(dav_server, proxy, target, folder):
    ours, theirs = payload(9_000, seed=12), b"someone else's file"
    proxy.on_request = _plant_on_move(dav_server, folder, "record.pdf", theirs)
    with pytest.raises(Conflict):
        target.put(f"{folder}/record.pdf", ours, sha(ours))
    assert outcomes(proxy, "MOVE") == [412]
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == theirs
    assert [p.name for p in dav_server.disk(folder).iterdir()] == ["record.pdf"]  # staging gone


def test_the_same_file_appearing_before_the_move_counts_as_done(dav_server, proxy, target, folder):
    ours = payload(9_000, seed=13)
    proxy.on_request = _plant_on_move(dav_server, folder, "record.pdf", ours)
    target.put(f"{folder}/record.pdf", ours, sha(ours))
    assert outcomes(proxy, "MOVE") == [412]
    assert [p.name for p in dav_server.disk(folder).iterdir()] == ["record.pdf"]


def _nextcloud_hashes(dav_server, *, lie_on: str | None = None):
    """X-Hash-SHA256 as Nextcloud sends it on PUT and MOVE: the hash of what the server stored."""
    def headers(method: str, path: str, request: dict[str, str], status: int) -> dict[str, str]:
        if method not in ("PUT", "MOVE") or not 200 <= status < 300:
            return {}
        where = urlsplit(request["destination"]).path if method == "MOVE" else path
        digest = sha(dav_server.disk(unquote(where).lstrip("/")).read_bytes())
        return {"X-Hash-SHA256": "0" * 64 if method == lie_on else digest}
    return headers


def test_a_servers_hash_header_saves_the_checking_downloads(dav_server, proxy, target, folder):
    proxy.reply_headers = _nextcloud_hashes(dav_server)
    data = payload(70_000, seed=14)
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert [(s.method, s.outcome) for s in proxy.log if s.method != "MKCOL"] == [
        ("GET", 404), ("PUT", 201), ("MOVE", 201)]
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data


def test_a_hash_header_that_does_not_match_stops_the_move(dav_server, proxy, target, folder):
    proxy.reply_headers = _nextcloud_hashes(dav_server, lie_on="PUT")
    data = payload(7_000, seed=15)
    with pytest.raises(Unverified) as caught:
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert caught.value.retry is True
    assert outcomes(proxy, "MOVE") == [] and outcomes(proxy, "DELETE") == [204]
    assert list(dav_server.disk(folder).iterdir()) == []


def test_a_move_that_leaves_other_bytes_is_never_counted_as_done(dav_server, proxy, target, folder):
    proxy.reply_headers = _nextcloud_hashes(dav_server, lie_on="MOVE")
    data = payload(7_000, seed=16)
    with pytest.raises(Unverified):
        target.put(f"{folder}/record.pdf", data, sha(data))
    assert outcomes(proxy, "MOVE") == [201]


def test_a_slow_answer_to_a_large_upload_is_waited_for_but_not_to_a_small_one(dav_server, proxy, folder):
    url = dav_server.url_via(proxy.port)
    one_try = RetryPolicy(attempts=1)
    large = payload(8 * 1024 * 1024, seed=17)
    with target_for(dav_server, url=url, timeout_s=0.5, seconds_per_mb=0.25, retry=one_try) as target:
        proxy.delay_reply("PUT", 1.2)
        target.put(f"{folder}/large.pdf", large, sha(large))  # allowed 0.5 + 8 * 0.25 = 2.5 s
        proxy.delay_reply("PUT", 1.2)
        with pytest.raises(Offline):
            target.put(f"{folder}/small.pdf", b"small", sha(b"small"))  # allowed about 0.5 s
    assert sha(dav_server.disk(f"{folder}/large.pdf").read_bytes()) == sha(large)
    assert not dav_server.disk(f"{folder}/small.pdf").exists()


def test_many_requests_at_once_share_at_most_connections_connections(dav_server, folder):
    """The drain runs a few bundles and their files at once; the server sees no more than
    ``CONNECTIONS`` connections from it at once (cheroot, under wsgidav, has ten threads: more
    kept-alive connections than that queue behind each other). A server may close a kept-alive
    connection and the client open another, so it is the most open at the same time that is
    counted, not how many were opened. Beside it, the same count for a client with httpx's
    default limits shows the proxy's count would catch a client that opens too many."""
    files = [(f"{folder}/file-{n}.pdf", payload(30_000, seed=n)) for n in range(24)]
    with target_for(dav_server) as direct:
        direct.ensure_folder(folder)

    def connections_for(send_all) -> int:
        with FaultProxy(dav_server.port, dav_server.pki, terminate_tls=False) as raw:
            send_all(dav_server.url_via(raw.port))
            return raw.peak_connections

    def at_once(send) -> None:
        barrier = threading.Barrier(len(files))

        def one(f: tuple[str, bytes]) -> None:
            barrier.wait()
            send(f)

        with ThreadPoolExecutor(len(files)) as pool:
            list(pool.map(one, files))

    def through_target(url: str) -> None:
        with target_for(dav_server, url=url) as target:
            at_once(lambda f: target.put(f[0], f[1], sha(f[1])))

    def through_default_client(url: str) -> None:
        context = ssl.create_default_context(cafile=str(dav_server.pki.ca))
        with httpx.Client(auth=(dav_server.username, dav_server.password),
                          transport=httpx.HTTPTransport(verify=context)) as client:
            at_once(lambda f: client.put(f"{url}{f[0]}.copy", content=f[1]).raise_for_status())

    assert connections_for(through_target) <= CONNECTIONS
    assert all(dav_server.disk(path).read_bytes() == data for path, data in files)
    assert connections_for(through_default_client) > CONNECTIONS
