"""The folder target on a real folder: write, settle by hash, never overwrite, offline when the
share is gone, the folder vanishing mid-bundle; and the inbox the council's extract arrives in."""

from __future__ import annotations

import hashlib
import shutil
from datetime import timedelta

import pytest

from iro_desktop.caseload import importer
from iro_desktop.errors import IroError
from iro_desktop.sync import drain, inbox, outbox
from iro_desktop.sync.errors import Conflict, Offline
from iro_desktop.sync.folder_target import FolderProblem, FolderTarget
from iro_desktop.sync.manifest import read as read_manifest
from tests.support.caseload_helpers import SAMPLE
from tests.support.sync_helpers import RecordingTarget, finalised_review


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    return root


def test_put_writes_verifies_and_leaves_no_temporary_file(share):
    t = FolderTarget(share)
    t.check()
    t.ensure_folder("C1-review-2026-01-06-v1")
    t.put("C1-review-2026-01-06-v1/a.json", b"{}\n", _sha(b"{}\n"))
    assert (share / "C1-review-2026-01-06-v1" / "a.json").read_bytes() == b"{}\n"
    assert [p.name for p in (share / "C1-review-2026-01-06-v1").iterdir()] == ["a.json"]
    assert t.list("C1-review-2026-01-06-v1") == ["a.json"] and t.list("nothing-here") == []
    assert t.get("C1-review-2026-01-06-v1/a.json") == b"{}\n"
    with pytest.raises(ValueError):
        t.put("../escape", b"x", _sha(b"x"))


def test_the_same_bytes_again_count_as_done_and_a_stale_temporary_file_is_cleared(share):
    t = FolderTarget(share)
    t.ensure_folder("f")
    t.put("f/a.pdf", b"%PDF-1", _sha(b"%PDF-1"))
    (share / "f" / ".a.pdf.partial").write_bytes(b"%PD")  # left by a process killed after its move
    before = (share / "f" / "a.pdf").stat().st_mtime_ns
    t.put("f/a.pdf", b"%PDF-1", _sha(b"%PDF-1"))
    assert (share / "f" / "a.pdf").stat().st_mtime_ns == before
    assert sorted(p.name for p in (share / "f").iterdir()) == ["a.pdf"]


def test_different_bytes_at_the_final_name_are_a_conflict_left_untouched(share):
    t = FolderTarget(share)
    t.ensure_folder("f")
    (share / "f" / "a.pdf").write_bytes(b"the council's own file")
    with pytest.raises(Conflict):
        t.put("f/a.pdf", b"ours", _sha(b"ours"))
    assert (share / "f" / "a.pdf").read_bytes() == b"the council's own file"
    assert sorted(p.name for p in (share / "f").iterdir()) == ["a.pdf"]


def test_a_share_that_is_not_there_is_offline(tmp_path):
    t = FolderTarget(tmp_path / "not-mounted")
    for call in (t.check, lambda: t.ensure_folder("f"), lambda: t.put("f/a", b"x", _sha(b"x")), lambda: t.list("f")):
        with pytest.raises(Offline):
            call()
    assert not (tmp_path / "not-mounted").exists()  # never made: an unmounted share stays unmounted


def test_a_bundle_goes_to_the_folder_once_and_intact(vault, share):
    finalised_review(vault)
    [e] = outbox.entries(vault)
    target = FolderTarget(share)
    [result] = drain.drain(vault, target).results
    assert (result.outcome, result.state) == ("synced", "synced")
    folder = share / e.folder
    doc, listed = read_manifest((folder / "manifest.json").read_bytes())
    assert doc["bundle_id"] == e.bundle_id
    for x in listed:
        data = (folder / x.name).read_bytes()
        assert (len(data), _sha(data)) == (x.size, x.sha256)
    assert sorted(p.name for p in folder.iterdir()) == sorted([x.name for x in listed] + ["manifest.json"])
    synced = outbox.entry(vault, e.bundle_id)
    assert synced.target == str(share) and synced.synced_at and len(synced.receipts) == 4
    # Sent again (the IRO asks, or a crash hid the receipt): still one copy, bytes unchanged.
    mtimes = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    outbox.set_state(vault, e.bundle_id, outbox.QUEUED)
    [again] = drain.drain(vault, target).results
    assert again.outcome == "synced"
    assert [p.name for p in share.iterdir()] == [e.folder]
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == mtimes


def test_different_bytes_already_at_the_target_fail_the_bundle_without_retrying(vault, share):
    finalised_review(vault)
    [e] = outbox.entries(vault)
    (share / e.folder).mkdir()
    theirs = share / e.folder / f"{e.folder}-professional.pdf"
    theirs.write_bytes(b"someone else's file")
    [result] = drain.drain(vault, FolderTarget(share)).results
    assert (result.outcome, result.state, result.retried_automatically) == ("failed", "failed", False)
    assert "already at" in result.reason and e.folder in result.reason
    assert theirs.read_bytes() == b"someone else's file"
    assert not (share / e.folder / "manifest.json").exists()
    # Not tried again automatically, however long it waits.
    later = outbox.now_utc() + timedelta(days=30)
    assert drain.drain(vault, FolderTarget(share), now=later).results == []
    # "Retry now" once the council moved their file away: it goes.
    outbox.retry_now(vault, e.bundle_id)
    assert outbox.entry(vault, e.bundle_id).state == "queued"
    theirs.rename(share / "kept-by-the-council.pdf")
    [result] = drain.drain(vault, FolderTarget(share)).results
    assert result.outcome == "synced" and (share / "kept-by-the-council.pdf").read_bytes() == b"someone else's file"
    with pytest.raises(IroError):
        outbox.retry_now(vault, e.bundle_id)


def test_the_share_vanishing_mid_bundle_is_offline_and_the_retry_completes(vault, share):
    finalised_review(vault)
    [e] = outbox.entries(vault)
    target = RecordingTarget(FolderTarget(share))
    target.before_put[3] = lambda: shutil.rmtree(share)  # the share goes between the 2nd and 3rd file
    report = drain.drain(vault, target)
    [result] = report.results
    assert (result.outcome, result.state, result.attempts, report.stopped_by) == ("offline", "queued", 0, "offline")
    assert outbox.entry(vault, e.bundle_id).synced_at is None
    assert not share.exists()
    share.mkdir()  # back on the network
    [result] = drain.drain(vault, FolderTarget(share)).results
    assert result.outcome == "synced"
    _check_intact(share / e.folder)


def test_the_bundle_folder_vanishing_mid_bundle_fails_and_the_retry_completes(vault, share):
    finalised_review(vault)
    [e] = outbox.entries(vault)
    target = RecordingTarget(FolderTarget(share))
    target.before_put[2] = lambda: shutil.rmtree(share / e.folder)
    [result] = drain.drain(vault, target).results
    assert (result.outcome, result.state, result.attempts) == ("failed", "failed", 1)
    assert "disappeared" in result.reason and result.retried_automatically
    assert not (share / e.folder).exists() or not (share / e.folder / "manifest.json").exists()
    entry = outbox.entry(vault, e.bundle_id)
    assert entry.synced_at is None and entry.receipts == ()
    # Not due before its next try; due after it.
    assert drain.drain(vault, FolderTarget(share)).results == []
    later = outbox.now_utc() + timedelta(seconds=drain.BACKOFF_BASE_S + 1)
    [result] = drain.drain(vault, FolderTarget(share), now=later).results
    assert result.outcome == "synced"
    _check_intact(share / e.folder)


def _check_intact(folder) -> None:
    _doc, listed = read_manifest((folder / "manifest.json").read_bytes())
    for x in listed:
        data = (folder / x.name).read_bytes()
        assert (len(data), _sha(data)) == (x.size, x.sha256)
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]


# ---- the inbox ---------------------------------------------------------------------------------

def test_a_new_extract_in_the_inbox_is_offered_once_for_the_usual_preview(vault, share):
    (share / "inbox").mkdir()
    data = SAMPLE.read_bytes()
    (share / "inbox" / "caseload-2026-01.csv").write_bytes(data)
    (share / "inbox" / "caseload-2026-01.csv.sha256").write_text(f"{_sha(data)}  caseload-2026-01.csv\n")
    target = FolderTarget(share)
    [found] = inbox.new_extracts(vault, target)
    assert (found.name, found.sha256, found.checked, found.data) == ("caseload-2026-01.csv", _sha(data), True, data)
    assert "C100" not in repr(found)
    plan = inbox.preview(vault, found)
    assert isinstance(plan, importer.ImportPlan)
    with vault.read() as db:
        assert db.conn.execute("SELECT COUNT(*) FROM child").fetchone()[0] == 0  # never applied by itself
    inbox.mark_seen(vault, found)
    assert inbox.new_extracts(vault, target) == []
    # A new extract under the same name is new.
    changed = data + b"\n"
    (share / "inbox" / "caseload-2026-01.csv").write_bytes(changed)
    (share / "inbox" / "caseload-2026-01.csv.sha256").write_text(_sha(changed))
    assert [x.sha256 for x in inbox.new_extracts(vault, target)] == [_sha(changed)]


def test_an_extract_that_does_not_match_its_checksum_is_not_offered(vault, share):
    (share / "inbox").mkdir()
    (share / "inbox" / "caseload.csv").write_bytes(SAMPLE.read_bytes()[:-40])  # cut short in transit
    (share / "inbox" / "caseload.csv.sha256").write_text(_sha(SAMPLE.read_bytes()))
    with pytest.raises(inbox.ChecksumMismatch):
        inbox.new_extracts(vault, FolderTarget(share))
    # Without a checksum file it is offered, marked as unchecked.
    (share / "inbox" / "caseload.csv.sha256").unlink()
    [found] = inbox.new_extracts(vault, FolderTarget(share))
    assert not found.checked


def test_an_empty_or_missing_inbox_offers_nothing(vault, share):
    assert inbox.new_extracts(vault, FolderTarget(share)) == []
    (share / "inbox").mkdir()
    (share / "inbox" / "notes.txt").write_text("not an extract")
    assert inbox.new_extracts(vault, FolderTarget(share)) == []


def test_a_folder_that_cannot_be_written_says_so(share, monkeypatch):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    share.chmod(0o500)
    try:
        with pytest.raises(FolderProblem):
            FolderTarget(share).check()
    finally:
        share.chmod(0o700)
