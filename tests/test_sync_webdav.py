"""The WebDAV target against two real servers (wsgidav and rclone), over verified TLS with
basic auth: what reaches the server's disk, and what the IRO is told when it cannot."""

from __future__ import annotations

import hashlib
import itertools
from concurrent.futures import ThreadPoolExecutor
import random
import time

import httpx
import pytest

from iro_desktop.sync.errors import Conflict, Offline, SignInNeeded, SyncError, TargetRefused, TlsProblem
from iro_desktop.sync.retrying import RetryPolicy, retry_after_seconds
from iro_desktop.sync.webdav import BadAddress, NotOnTarget, WebDavTarget, staging_name
from iro_desktop.sync.webdav_listing import parse_multistatus
from tests.support.tls_certs import make_pki
from tests.support.webdav_servers import free_port, server_fixture, target_for

dav_server = server_fixture()
_folders = itertools.count()


def payload(size: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(size)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def folder() -> str:
    """A fresh bundle folder per test (the servers are shared by a module): id, kind, date, version."""
    return f"outbox/C{next(_folders):04d}-review-2025-01-10-v1"


@pytest.fixture
def target(dav_server):
    with target_for(dav_server) as t:
        yield t


def test_put_leaves_exactly_the_bytes_on_the_servers_disk_and_no_staging_file(dav_server, target, folder):
    data = payload(150_000)
    target.ensure_folder(folder)
    target.put(f"{folder}/record.pdf", data, sha(data))
    on_disk = dav_server.disk(f"{folder}/record.pdf").read_bytes()
    assert sha(on_disk) == sha(data) and len(on_disk) == len(data)
    assert [p.name for p in dav_server.disk(folder).iterdir()] == ["record.pdf"]


def test_put_makes_a_missing_folder_itself(dav_server, target, folder):
    data = b'{"schema": 1}'
    target.put(f"{folder}/deep/manifest.json", data, sha(data))
    assert dav_server.disk(f"{folder}/deep/manifest.json").read_bytes() == data


def test_the_same_put_twice_leaves_one_copy_untouched(dav_server, target, folder):
    data = payload(40_000, seed=1)
    target.put(f"{folder}/letter.pdf", data, sha(data))
    stored = dav_server.disk(f"{folder}/letter.pdf")
    first = stored.stat().st_mtime_ns, stored.stat().st_ino
    time.sleep(0.02)
    target.put(f"{folder}/letter.pdf", data, sha(data))
    assert (stored.stat().st_mtime_ns, stored.stat().st_ino) == first  # not even rewritten
    assert sorted(p.name for p in dav_server.disk(folder).iterdir()) == ["letter.pdf"]


def test_different_bytes_at_the_final_name_are_a_conflict_and_left_untouched(dav_server, target, folder):
    theirs = b"the council's own file"
    dav_server.disk(folder).mkdir(parents=True)
    dav_server.disk(f"{folder}/record.pdf").write_bytes(theirs)
    ours = payload(10_000, seed=2)
    with pytest.raises(Conflict) as caught:
        target.put(f"{folder}/record.pdf", ours, sha(ours))
    assert f"{folder}/record.pdf" in str(caught.value) and caught.value.retry is False
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == theirs
    assert sorted(p.name for p in dav_server.disk(folder).iterdir()) == ["record.pdf"]


def test_a_same_size_different_file_is_a_conflict_too(dav_server, target, folder):
    """The hash decides, not the size: the server's Content-Length alone would pass this one."""
    ours = payload(4096, seed=3)
    theirs = bytes(b ^ 1 for b in ours)
    dav_server.disk(folder).mkdir(parents=True)
    dav_server.disk(f"{folder}/record.json").write_bytes(theirs)
    with pytest.raises(Conflict):
        target.put(f"{folder}/record.json", ours, sha(ours))
    assert dav_server.disk(f"{folder}/record.json").read_bytes() == theirs


def test_a_stale_staging_file_of_ours_is_replaced(dav_server, target, folder):
    """What a cut-off upload leaves behind (both servers keep the truncated file)."""
    data = payload(50_000, seed=4)
    dav_server.disk(folder).mkdir(parents=True)
    stale = dav_server.disk(f"{folder}/{staging_name('record.pdf', sha(data))}")
    stale.write_bytes(data[:1000])
    target.put(f"{folder}/record.pdf", data, sha(data))
    assert dav_server.disk(f"{folder}/record.pdf").read_bytes() == data
    assert not stale.exists()


def test_ensure_folder_makes_every_level_and_can_be_repeated(dav_server, target, folder):
    target.ensure_folder(f"{folder}/a/b")
    target.ensure_folder(f"{folder}/a/b")
    target.ensure_folder(folder)
    assert dav_server.disk(f"{folder}/a/b").is_dir()


def test_ensure_folder_refuses_a_name_taken_by_a_file(dav_server, target, folder):
    dav_server.disk(folder).mkdir(parents=True)
    dav_server.disk(f"{folder}/taken").write_bytes(b"x")
    with pytest.raises(TargetRefused):
        target.ensure_folder(f"{folder}/taken")
    assert dav_server.disk(f"{folder}/taken").read_bytes() == b"x"


def test_list_and_get_the_inbox(dav_server, target, folder):
    inbox = f"{folder}/inbox"
    extract = b"child_id,dob\nC0001,2012-03-04\n"
    target.put(f"{inbox}/caseload extract 2025-01.csv", extract, sha(extract))
    target.put(f"{inbox}/caseload extract 2025-01.csv.sha256", sha(extract).encode(), sha(sha(extract).encode()))
    dav_server.disk(f"{inbox}/older").mkdir()  # folders are not files
    dav_server.disk(f"{inbox}/{staging_name('x.csv', '0' * 64)}").write_bytes(b"half")
    assert target.list(inbox) == ["caseload extract 2025-01.csv", "caseload extract 2025-01.csv.sha256"]
    assert target.get(f"{inbox}/caseload extract 2025-01.csv") == extract
    assert target.list(f"{folder}/nothing-here") == []
    with pytest.raises(NotOnTarget):
        target.get(f"{inbox}/missing.csv")


def test_check_passes_and_a_missing_root_is_refused(dav_server, target):
    target.check()
    with target_for(dav_server, url=dav_server.url + "no-such-folder/") as missing:
        with pytest.raises(TargetRefused) as caught:
            missing.check()
    assert caught.value.status == 404


def test_a_large_file_succeeds_with_timeouts_scaled_to_its_size(dav_server, folder):
    data = payload(20 * 1024 * 1024, seed=5)
    with target_for(dav_server, timeout_s=2.0, seconds_per_mb=0.5) as big:
        assert big.timeout_for(len(data)).read == pytest.approx(12.0)
        big.put(f"{folder}/large.pdf", data, sha(data))
    assert sha(dav_server.disk(f"{folder}/large.pdf").read_bytes()) == sha(data)


def test_wrong_password_asks_for_sign_in_without_retrying(dav_server, folder):
    with target_for(dav_server, password="not-the-password") as wrong:
        started = time.monotonic()
        with pytest.raises(SignInNeeded) as caught:
            wrong.put(f"{folder}/record.pdf", b"x", sha(b"x"))
    assert caught.value.retry is False and "not-the-password" not in str(caught.value)
    assert dav_server.host in str(caught.value)
    assert time.monotonic() - started < 2
    assert not dav_server.disk(folder).exists()


def test_a_certificate_from_another_ca_is_a_tls_problem_naming_the_host(dav_server, tmp_path, folder):
    other = make_pki(tmp_path / "other", label="other")
    with target_for(dav_server, ca_bundle=other.ca) as untrusting:
        with pytest.raises(TlsProblem) as caught:
            untrusting.put(f"{folder}/record.pdf", b"x", sha(b"x"))
    assert caught.value.host == f"127.0.0.1:{dav_server.port}" and caught.value.host in str(caught.value)
    assert caught.value.retry is False
    assert not dav_server.disk(folder).exists()


def test_system_cas_do_not_trust_the_test_server(dav_server):
    """Verification is on even without a CA bundle: the throwaway CA is in no system store."""
    target = WebDavTarget(dav_server.url, username=dav_server.username, password=dav_server.password)
    with target, pytest.raises(TlsProblem):
        target.check()


def test_nothing_listening_is_offline_at_once():
    port = free_port()  # bound and released: nothing listens there now
    with WebDavTarget(f"https://127.0.0.1:{port}/dav/", username="u", password="p") as target:
        started = time.monotonic()
        with pytest.raises(Offline) as caught:
            target.check()
        with pytest.raises(Offline):
            target.put("outbox/C1-review-2025-01-10-v1/record.pdf", b"x", sha(b"x"))
    assert time.monotonic() - started < 3
    assert f"127.0.0.1:{port}" in str(caught.value) and caught.value.retry is True


def test_an_unknown_host_is_offline():
    with WebDavTarget("https://no-such-host.invalid/dav/", token="t") as target, pytest.raises(Offline):
        target.check()


@pytest.mark.parametrize("url", ["http://dav.example.org/iro/", "https://user:secret@dav.example.org/",
                                 "ftp://dav.example.org/", "https:///nohost"])
def test_addresses_that_are_not_plain_https_are_refused(url):
    with pytest.raises(BadAddress) as caught:
        WebDavTarget(url, token="t")
    assert "secret" not in str(caught.value)


def test_put_refuses_a_hash_that_is_not_its_datas(target, folder):
    with pytest.raises(ValueError):
        target.put(f"{folder}/record.pdf", b"abc", sha(b"abd"))


def test_where_names_the_store_without_credentials(dav_server):
    with target_for(dav_server, url=dav_server.url + "iro%20team") as target:
        assert target.where == f"{dav_server.url}iro%20team/"
        assert dav_server.password not in target.where
        assert target.url_for("outbox/a b.pdf") == f"{dav_server.url}iro%20team/outbox/a%20b.pdf"


def test_timeouts_have_a_floor_and_grow_per_megabyte():
    target = WebDavTarget("https://dav.example.org/", token="t", timeout_s=10, seconds_per_mb=3)
    assert target.timeout_for(0).read == 10
    assert target.timeout_for(50 * 1024 * 1024).write == pytest.approx(160)
    assert target.timeout_for(50 * 1024 * 1024).connect == 10


def test_retry_after_reads_seconds_and_dates():
    assert retry_after_seconds("7") == 7
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == pytest.approx(10)
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_backoff_is_capped_full_jitter():
    policy = RetryPolicy(attempts=9, base_wait_s=1, max_wait_s=4)
    state = type("S", (), {"outcome": None, "attempt_number": 8})()
    waits = [policy._wait(state) for _ in range(200)]
    assert max(waits) <= 4 and min(waits) < 1  # full jitter: anywhere from zero to the cap


def test_listing_parses_full_url_hrefs_and_encoded_names():
    body = b"""<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">
      <d:response><d:href>https://h/dav/in%20box/</d:href><d:propstat><d:prop>
        <d:resourcetype><d:collection/></d:resourcetype></d:prop></d:propstat></d:response>
      <d:response><d:href>https://h/dav/in%20box/extract%C3%A9.csv</d:href><d:propstat><d:prop>
        <d:resourcetype/><d:getcontentlength>12</d:getcontentlength></d:prop></d:propstat></d:response>
      <d:response><d:href>/dav/in%20box/sub/deeper.csv</d:href></d:response>
    </d:multistatus>"""
    entries = parse_multistatus(body, "/dav/in box/")
    assert [(e.name, e.is_folder, e.size) for e in entries] == [("extracté.csv", False, 12)]
    with pytest.raises(ValueError):
        parse_multistatus(b"<not xml", "/")


def test_errors_are_sync_errors_with_complete_sentences():
    for error in (Offline("dav.example.org"), SignInNeeded("dav.example.org")):
        assert isinstance(error, SyncError) and str(error).endswith(".")


def test_the_test_servers_answer_nothing_over_plain_http(dav_server):
    """The servers really speak only TLS, so nothing in these tests passes unencrypted
    (cheroot drops the connection; Go's server answers 400 "an HTTP request to an HTTPS server")."""
    try:
        reply = httpx.request("PROPFIND", f"http://127.0.0.1:{dav_server.port}/", timeout=2,
                              auth=(dav_server.username, dav_server.password))
    except httpx.TransportError:
        return
    assert reply.status_code == 400


def test_one_target_can_put_from_several_threads_at_once(dav_server, target, folder):
    """The drain may send a bundle's files in parallel (the manifest last) with one target."""
    files = {f"{folder}/part-{n}.pdf": payload(30_000 + n, seed=100 + n) for n in range(8)}
    target.ensure_folder(folder)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda item: target.put(item[0], item[1], sha(item[1])), files.items()))
    for path, data in files.items():
        assert dav_server.disk(path).read_bytes() == data
    assert len(list(dav_server.disk(folder).iterdir())) == len(files)
