"""The drain: order of calls, the intent committed before the first request, what each error
does to a bundle and to the rest, backoff with full jitter, the stop event, its own lane."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from iro_desktop.sync import config, drain, outbox
from iro_desktop.sync.errors import SignInNeeded, StoreFull, TlsProblem
from iro_desktop.sync.folder_target import FolderTarget
from tests.support.caseload_helpers import audit_rows
from tests.support.sync_helpers import RecordingTarget, finalised_review


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    return root


def _three(vault) -> list[str]:
    finalised_review(vault)
    finalised_review(vault, "C2")
    finalised_review(vault, "C3")
    return [e.bundle_id for e in outbox.entries(vault)]


class Failing(RecordingTarget):
    """A real folder target whose n-th put raises ``error`` instead (a fault of the server)."""

    def __init__(self, inner, error, at: int = 1) -> None:
        super().__init__(inner)
        self.before_put[at] = lambda: (_ for _ in ()).throw(error)


def test_folder_first_then_each_file_and_the_manifest_last(vault, share):
    ids = _three(vault)
    target = RecordingTarget(FolderTarget(share))
    results = drain.drain(vault, target).results
    assert [r.bundle_id for r in results] == ids and {r.outcome for r in results} == {"synced"}
    for e in outbox.entries(vault):
        mine = [(c, p) for c, p in target.calls if p.startswith(e.folder)]
        assert mine[0] == ("ensure_folder", e.folder)
        puts = [p for c, p in mine if c == "put"]
        assert len(puts) == 4 and puts[-1] == f"{e.folder}/manifest.json"
        assert mine[-1] == ("list", e.folder)  # checked after the last put, before "synced"
    actions = [a for a, t, i in audit_rows(vault) if i == ids[0]]
    assert actions == ["outbox.queued", "outbox.built", "outbox.uploading", "outbox.verifying", "outbox.synced"]


def test_the_upload_is_committed_before_the_first_request(vault, share):
    [bundle] = _three(vault)[:1]
    seen = []
    target = RecordingTarget(FolderTarget(share))
    # Read on the vault's own connection while the drain (on its lane) is about to send.
    target.before_put[1] = lambda: seen.append(outbox.entry(vault, bundle).state)
    drain.drain(vault.lane("sync"), target)
    assert seen == ["uploading"]


def test_sign_in_needed_stops_the_drain_and_every_bundle_waits_for_it(vault, share):
    ids = _three(vault)
    target = Failing(FolderTarget(share), SignInNeeded("https://dav.example.gov.uk"))
    report = drain.drain(vault, target)
    assert report.stopped_by == "signin"
    assert [(r.bundle_id, r.outcome) for r in report.results] == [(i, "signin") for i in ids]
    assert target.puts == 1  # nothing more was tried
    assert {e.state: e.attempts for e in outbox.entries(vault)} == {"signin": 0}
    assert drain.drain(vault, FolderTarget(share)).results == []  # still waiting for the sign-in
    config.set_credential(vault, username="iro", password="correct horse")
    assert {e.state for e in outbox.entries(vault)} == {"queued"}
    assert {r.outcome for r in drain.drain(vault, FolderTarget(share)).results} == {"synced"}


def test_a_retryable_failure_backs_off_and_the_rest_still_go(vault, share):
    ids = _three(vault)
    now = outbox.now_utc()
    report = drain.drain(vault, Failing(FolderTarget(share), StoreFull("the share")), now=now)
    assert [r.outcome for r in report.results] == ["failed", "synced", "synced"] and report.stopped_by is None
    first = outbox.entry(vault, ids[0])
    assert first.attempts == 1 and "full" in first.last_error
    next_try = datetime.strptime(first.next_try_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert now - timedelta(seconds=1) <= next_try <= now + timedelta(seconds=drain.BACKOFF_BASE_S + 1)
    assert outbox.due_ids(vault, now - timedelta(seconds=2)) == []
    assert outbox.due_ids(vault, next_try + timedelta(seconds=1)) == [ids[0]]
    [again] = drain.drain(vault, FolderTarget(share), now=next_try + timedelta(seconds=1)).results
    assert (again.outcome, again.attempts) == ("synced", 1)


def test_backoff_is_exponential_capped_and_fully_jittered():
    for attempts, ceiling in ((1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (40, 3600)):
        delays = [drain.backoff_delay(attempts) for _ in range(300)]
        assert all(0 <= d <= ceiling for d in delays), attempts
        assert max(delays) > ceiling * 0.8 and min(delays) < ceiling * 0.2  # spread over the whole range


def test_a_tls_problem_stops_the_drain(vault, share):
    ids = _three(vault)
    report = drain.drain(vault, Failing(FolderTarget(share), TlsProblem("dav.example.gov.uk")))
    assert report.stopped_by == "tls" and [r.outcome for r in report.results] == ["failed"]
    assert [e.state for e in outbox.entries(vault)] == ["failed", "queued", "queued"]
    assert "dav.example.gov.uk" in outbox.entry(vault, ids[0]).last_error


def test_an_unexpected_error_is_recorded_by_type_only_and_retried(vault, share):
    ids = _three(vault)
    report = drain.drain(vault, Failing(FolderTarget(share), KeyError("Lumen Puddlewick")))
    assert [r.outcome for r in report.results] == ["failed", "synced", "synced"]
    reason = outbox.entry(vault, ids[0]).last_error
    assert "KeyError" in reason and "Lumen" not in reason


def test_the_stop_event_abandons_between_files_and_leaves_the_bundle_queued(vault, share):
    ids = _three(vault)
    stop = threading.Event()
    target = RecordingTarget(FolderTarget(share))
    target.before_put[2] = stop.set  # the vault locks while the first file is being sent
    report = drain.drain(vault, target, stop=stop)
    assert report.stopped_by == "stopped"
    assert [(r.bundle_id, r.outcome, r.state, r.attempts) for r in report.results] == [(ids[0], "stopped", "queued", 0)]
    assert target.puts == 2 and not (share / outbox.entry(vault, ids[0]).folder / "manifest.json").exists()
    assert [e.state for e in outbox.entries(vault)] == ["queued"] * 3
    assert {r.outcome for r in drain.drain(vault, FolderTarget(share)).results} == {"synced"}


def test_a_stop_before_the_drain_sends_nothing(vault, share):
    _three(vault)
    stop = threading.Event()
    stop.set()
    target = RecordingTarget(FolderTarget(share))
    assert drain.drain(vault, target, stop=stop).results == [] and target.calls == []


def test_anything_left_in_flight_goes_again_at_the_next_drain(vault, share):
    ids = _three(vault)
    outbox.set_state(vault, ids[1], outbox.UPLOADING)  # a process killed mid-upload
    results = drain.drain(vault, FolderTarget(share)).results
    assert [r.bundle_id for r in results] == ids and {r.outcome for r in results} == {"synced"}


def test_the_drain_runs_on_its_lane_while_the_vault_thread_is_busy(vault, share):
    _three(vault)
    lane = vault.lane(drain.LANE)
    busy, release = threading.Event(), threading.Event()

    def long_job():
        with vault._mutex:  # a backup or an import holding the vault's own connection
            busy.set()
            release.wait(30)

    job = threading.Thread(target=long_job)
    job.start()
    busy.wait(5)
    try:
        done = []
        worker = threading.Thread(target=lambda: done.append(drain.drain(lane, FolderTarget(share))))
        worker.start()
        worker.join(30)
        assert done and {r.outcome for r in done[0].results} == {"synced"}
    finally:
        release.set()
        job.join()


def test_a_second_drain_of_the_same_vault_waits_its_turn(vault, share):
    _three(vault)
    inside, release, results = threading.Event(), threading.Event(), []
    target = RecordingTarget(FolderTarget(share))

    def hold():
        inside.set()
        release.wait(10)

    target.before_put[1] = hold
    first = threading.Thread(target=lambda: results.append(drain.drain(vault.lane("sync"), target)))
    first.start()
    inside.wait(10)
    assert drain.drain(vault.lane("sync-2"), FolderTarget(share)).results == []  # not a second sender
    release.set()
    first.join(30)
    assert len(results[0].results) == 3


def test_retention_runs_with_the_drain(vault, share):
    ids = _three(vault)
    drain.drain(vault, FolderTarget(share))
    later = outbox.now_utc() + timedelta(days=outbox.DEFAULT_RETENTION_DAYS + 1)
    drain.drain(vault, FolderTarget(share), now=later)
    for i in ids:
        e = outbox.entry(vault, i)
        assert e.state == "synced" and not e.bytes_kept and len(e.receipts) == 4
