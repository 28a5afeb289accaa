"""The drain sending to real WebDAV servers (wsgidav, rclone) through the fault proxy: several
bundles and a bundle's files at once, with every promise kept: nothing overwritten, a file
confirmed at its final name before the manifest goes, the manifest confirmed before "synced",
a lost reply settled by hash, and every change of the vault made on the drain's own thread."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import defaultdict
from urllib.parse import unquote, urlsplit

import pytest

from iro_desktop.sync import drain, outbox
from iro_desktop.sync.errors import Unverified
from iro_desktop.sync.manifest import NAME as MANIFEST
from iro_desktop.vault import committed
from tests.support.fault_proxy import FaultProxy
from tests.support.sync_helpers import finalised_review
from tests.support.webdav_servers import server_fixture, target_for

dav_server = server_fixture()
_roots = iter(range(10_000))


@pytest.fixture
def root(dav_server) -> str:
    """A share folder of its own per test (the servers are shared by the module)."""
    name = f"council-{next(_roots)}"
    dav_server.disk(name).mkdir()
    return name


@pytest.fixture
def proxy(dav_server):
    with FaultProxy(dav_server.port, dav_server.pki) as p:
        yield p
    assert p.errors == []


@pytest.fixture
def target(dav_server, proxy, root):
    with target_for(dav_server, url=dav_server.url_via(proxy.port) + root + "/") as t:
        yield t


def _bundles(vault, n: int = 5) -> list[outbox.Entry]:
    finalised_review(vault)
    for i in range(2, n + 1):
        finalised_review(vault, f"C{i}")
    return outbox.entries(vault)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _intact(dav_server, root: str, e: outbox.Entry) -> bool:
    """Every file of the bundle at the target with the size and hash its receipt names, and nothing else."""
    folder = dav_server.disk(f"{root}/{e.folder}")
    on_disk = {p.name: p.read_bytes() for p in folder.iterdir()}
    return (set(on_disk) == {r.name for r in e.receipts}
            and all(len(on_disk[r.name]) == r.size and _sha(on_disk[r.name]) == r.sha256 for r in e.receipts))


def _by_folder(proxy: FaultProxy, root: str) -> dict[str, list[tuple[str, str, int | str]]]:
    """The proxy's log per bundle folder: (method, file name, outcome) in the order seen."""
    seen = defaultdict(list)
    for s in proxy.log:
        parts = unquote(urlsplit(s.path).path).strip("/").split("/")
        if len(parts) >= 2 and parts[0] == root:
            seen[parts[1]].append((s.method, parts[2] if len(parts) > 2 else "", s.outcome))
    return seen


def test_a_fresh_drain_sends_every_bundle_intact_with_fewer_requests_and_the_manifest_last(
        vault, dav_server, proxy, target, root):
    entries = _bundles(vault)
    with committed.watch() as rows:
        report = drain.drain(vault.lane(drain.LANE), target)
    assert [r.bundle_id for r in report.results] == [e.bundle_id for e in entries]
    assert {r.outcome for r in report.results} == {"synced"} and report.stopped_by is None
    # Every row change was committed on this thread, which is the one the app's sync thread watches.
    assert sum(1 for r in rows if r.action == "outbox.synced") == len(entries)
    assert "LOCK" not in proxy.methods()
    log = _by_folder(proxy, root)
    for e in outbox.entries(vault):
        assert _intact(dav_server, root, e)
        mine = log[e.folder]
        files = len(e.receipts)
        # MKCOL; PUT, GET, MOVE for each file; one PROPFIND; the manifest's GET at its final name.
        assert len(mine) == 3 * files + 3, mine
        assert mine[0][0] == "MKCOL"
        # Fresh: no look at a final name first; each staging name is first PUT to. The only final
        # name asked for is the manifest's, at the very end.
        staged = [(m, n) for m, n, _o in mine if n.endswith(".part")]
        assert all(next(m for m, n2 in staged if n2 == n) == "PUT" for _m, n in staged)
        assert [n for _m, n, _o in mine if n and not n.endswith(".part")] == [MANIFEST]
        propfind = next(i for i, (m, _n, _o) in enumerate(mine) if m == "PROPFIND")
        moves = [i for i, (m, n, _o) in enumerate(mine) if m == "MOVE" and MANIFEST not in n]
        manifest_put = next(i for i, (m, n, _o) in enumerate(mine) if m == "PUT" and MANIFEST in n)
        assert max(moves) < propfind < manifest_put  # the others confirmed before the manifest goes
        assert mine[-1][:2] == ("GET", MANIFEST)  # and the manifest confirmed before "synced"


def test_a_bundle_begun_before_looks_at_the_final_names_and_sends_only_what_is_missing(
        vault, dav_server, proxy, target, root):
    [first, *_] = _bundles(vault, 2)
    drain.drain(vault.lane(drain.LANE), target)
    done = outbox.entry(vault, first.bundle_id)
    # Forget it was synced, as a kill after the server committed but before the row did would.
    manifest_file = dav_server.disk(f"{root}/{done.folder}/{MANIFEST}")
    manifest_file.unlink()
    with vault.transaction() as tx:
        tx.db.conn.execute("UPDATE outbox SET state = 'uploading' WHERE bundle_id = ?", (first.bundle_id,))
        tx.audit("outbox.uploading", "outbox", first.bundle_id)
    proxy.clear()
    [result] = drain.drain(vault.lane(drain.LANE), target).results
    assert result.outcome == "synced" and _intact(dav_server, root, outbox.entry(vault, first.bundle_id))
    mine = _by_folder(proxy, root)[done.folder]
    puts = [n for m, n, _o in mine if m == "PUT"]
    assert len(puts) == 1 and MANIFEST in puts[0]  # the files already there were settled by hash
    assert ("GET", done.receipts[0].name, 200) in mine


def test_a_lost_move_reply_in_a_parallel_drain_is_settled_by_hash(vault, dav_server, proxy, target, root):
    entries = _bundles(vault, 4)
    proxy.lose_reply("MOVE", times=2)
    report = drain.drain(vault.lane(drain.LANE), target)
    assert {r.outcome for r in report.results} == {"synced"}
    assert [s.outcome for s in proxy.log if s.method == "MOVE"].count("lost") == 2
    for e in outbox.entries(vault):
        assert _intact(dav_server, root, e)
    assert len(entries) == 4


def test_a_conflict_in_one_bundle_leaves_it_untouched_without_a_manifest_and_the_rest_go(
        vault, dav_server, proxy, target, root):
    entries = _bundles(vault, 3)
    theirs = b"the council's own file"
    clash = dav_server.disk(f"{root}/{entries[1].folder}")
    clash.mkdir()
    name = f"{entries[1].folder}-record.json"
    (clash / name).write_bytes(theirs)
    report = drain.drain(vault.lane(drain.LANE), target)
    assert [r.outcome for r in report.results] == ["synced", "failed", "synced"]
    assert not report.results[1].retried_automatically
    assert (clash / name).read_bytes() == theirs
    assert not (clash / MANIFEST).exists()
    assert not any(p.name.endswith(".part") for p in clash.iterdir())


def test_sign_in_refused_stops_every_bundle_in_flight_and_the_rest_wait(vault, proxy, target):
    entries = _bundles(vault, 5)
    proxy.fail("PUT", 401, times=999)
    report = drain.drain(vault.lane(drain.LANE), target)
    assert report.stopped_by == "signin"
    assert sorted(r.bundle_id for r in report.results) == sorted(e.bundle_id for e in entries)
    assert {e.state for e in outbox.entries(vault)} == {"signin"}
    assert {e.attempts for e in outbox.entries(vault)} == {0}


def test_going_offline_mid_drain_marks_nothing_synced_that_is_not_intact_and_the_next_drain_completes(
        vault, dav_server, proxy, target, root):
    _bundles(vault, 6)
    moves = [0]

    def cut_after_some(method: str, path: str, headers: dict[str, str]) -> None:
        if method == "MOVE":
            moves[0] += 1
            if moves[0] == 5:
                threading.Thread(target=proxy.go_offline).start()

    proxy.on_request = cut_after_some
    report = drain.drain(vault.lane(drain.LANE), target)
    assert report.stopped_by == "offline"
    for e in outbox.entries(vault):
        assert e.state in ("synced", "queued")
        if e.state == "synced":
            assert _intact(dav_server, root, e)
    proxy.on_request = None
    proxy.go_online()
    drain.drain(vault.lane(drain.LANE), target)
    for e in outbox.entries(vault):
        assert e.state == "synced" and _intact(dav_server, root, e)


def test_the_stop_event_leaves_bundles_queued_and_no_manifest_before_its_files(
        vault, dav_server, proxy, target, root):
    _bundles(vault, 4)
    stop = threading.Event()
    proxy.on_request = lambda method, path, headers: stop.set() if method == "MOVE" else None
    report = drain.drain(vault.lane(drain.LANE), target, stop=stop)
    assert report.stopped_by == "stopped"
    for e in outbox.entries(vault):
        assert e.state == "queued" and e.attempts == 0
        folder = dav_server.disk(f"{root}/{e.folder}")
        assert not (folder / MANIFEST).exists()
    proxy.on_request = None
    assert {r.outcome for r in drain.drain(vault.lane(drain.LANE), target).results} == {"synced"}


# ---- what counts as confirmed ---------------------------------------------------------------

def test_confirm_takes_a_strong_etag_from_the_listing_and_fetches_nothing(dav_server, proxy, target, root):
    data = b"%PDF-1.7 record" * 500
    target.ensure_folder("C1-review-2026-01-06-v1")
    placed = target.place("C1-review-2026-01-06-v1/record.pdf", data, _sha(data), fresh=True)
    assert placed.staged_etag is not None and not placed.hashed
    proxy.clear()
    target.confirm("C1-review-2026-01-06-v1", [placed])
    assert [s.method for s in proxy.log] == ["PROPFIND"]


def test_confirm_fetches_and_catches_other_bytes_when_the_etag_changed(dav_server, proxy, target, root):
    data = b"%PDF-1.7 record" * 500
    folder = "C2-review-2026-01-06-v1"
    target.ensure_folder(folder)
    placed = target.place(f"{folder}/record.pdf", data, _sha(data), fresh=True)
    other = bytes(b ^ 1 for b in data)  # the same size: only the hash can tell
    on_disk = dav_server.disk(f"{root}/{folder}/record.pdf")
    later = on_disk.stat().st_mtime + 10
    on_disk.unlink()
    on_disk.write_bytes(other)  # written later by someone else: a new ETag
    os.utime(on_disk, (later, later))
    proxy.clear()
    with pytest.raises(Unverified):
        target.confirm(folder, [placed])
    assert [s.method for s in proxy.log] == ["PROPFIND", "GET"]


def test_confirm_refuses_a_file_missing_from_the_listing(dav_server, target, root):
    data = b"{}"
    folder = "C3-review-2026-01-06-v1"
    target.ensure_folder(folder)
    placed = target.place(f"{folder}/record.json", data, _sha(data), fresh=True)
    dav_server.disk(f"{root}/{folder}/record.json").unlink()
    with pytest.raises(Unverified):
        target.confirm(folder, [placed])
