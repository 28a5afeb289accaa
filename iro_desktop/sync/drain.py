"""Draining the outbox: send every bundle that is due to the target, exactly once and intact.

For each due bundle, oldest first: make its bytes if they are not made yet (``bundles``), mark
it "uploading" (committed before the first request, so a crash leaves a trace to resume from),
make its folder, put each file and the manifest last (``Target.put`` checks size and SHA-256
itself and settles a file already there by its hash), mark it "verifying" and check the folder
lists every file, and only then mark it synced with its receipts.

What stops or delays a bundle, from ``sync.errors``:

* ``SignInNeeded``: this bundle and every other one due wait in "signin"; the drain stops.
* ``Offline``: the bundle goes back to queued and the drain stops; not counted as an attempt.
* ``TlsProblem``: the target itself is wrong (the address, the council's CA bundle): the bundle
  fails with the reason and the drain stops, since every other bundle would fail the same way.
* ``Conflict``: failed, with no automatic retry: the IRO is shown it and decides.
* anything else: failed with the reason, one more attempt, and a next try after a capped
  exponential backoff with full jitter.

A ``stop`` event (set when the vault locks) abandons the bundle between two files and leaves
it queued. Give the drain a connection of its own (``Vault.lane``); one drain runs at a time
per vault in a process.

A target that can place and confirm files separately (``Placing``: the WebDAV target, where
each request costs a round trip) is sent to faster, with the same promises: a few bundles at
once, and a bundle's files at once, but the manifest only after every other file of its bundle
is confirmed at its final name, and "synced" only after the manifest is confirmed too. The
confirmation of the other files is one listing of the folder (``WebDavTarget.confirm`` says
what counts), the manifest's is its own hash. A bundle this vault never began to send
(``Entry.target`` still empty) is sent ``fresh``: no look at the final names first, since a MOVE
that never overwrites finds anything there anyway. Only the network work runs on the pool's
threads: every read and change of the vault stays on the thread that called ``drain`` (the
app's sync thread watches its own thread's commits to say what changed).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any, Protocol

from tenacity import wait_random_exponential

from iro_desktop.errors import IroError
from iro_desktop.sync import bundles, manifest, outbox
from iro_desktop.sync.errors import Conflict, Offline, SignInNeeded, TlsProblem, Unverified
from iro_desktop.sync.target import Target

LANE = "sync"  # the vault's connection sync works on (Vault.lane)
BACKOFF_BASE_S = 30.0  # the first retry within 30 s, then within 1, 2, 4 … minutes
BACKOFF_CAP_S = 3600.0  # never more than an hour between tries
_backoff = wait_random_exponential(multiplier=BACKOFF_BASE_S, max=BACKOFF_CAP_S)
#: For a ``Placing`` target: bundles in flight at once, and files of one bundle placed at once.
#: A bundle is a chain of round trips (folder, files, their check, the manifest, its check), so
#: several bundles overlap their waits; the target's own connection limit (``webdav.CONNECTIONS``)
#: bounds what is open to the server at once.
BUNDLES_AT_ONCE = 6
FILES_AT_ONCE = 3


class Placing(Target, Protocol):
    """A target whose files are placed (several at once) and then confirmed (``webdav.py``)."""

    def place(self, path: str, data: bytes, sha256: str, *, fresh: bool = False) -> Any: ...

    def confirm(self, folder: str, placed: Sequence[Any]) -> None: ...

    def verify(self, placed: Any) -> None: ...


def _is_placing(target: Target) -> bool:
    return all(callable(getattr(target, name, None)) for name in ("place", "confirm", "verify"))

# Outcomes for a bundle in this drain.
SENT, FAILED, WAITING, SIGNIN, STOPPED = "synced", "failed", "offline", "signin", "stopped"


@dataclass(frozen=True)
class BundleResult:
    bundle_id: str
    folder: str
    outcome: str  # SENT, FAILED, WAITING (offline), SIGNIN, STOPPED (the stop event)
    state: str  # the row's state afterwards
    reason: str | None = None
    attempts: int = 0
    retried_automatically: bool = True

    def to_json(self) -> dict:
        return {"bundle_id": self.bundle_id, "folder": self.folder, "outcome": self.outcome, "state": self.state,
                "reason": self.reason, "attempts": self.attempts,
                "retried_automatically": self.retried_automatically}


class _Stop(Exception):
    """The stop event was set between two files."""


@dataclass
class DrainReport:
    results: list[BundleResult] = field(default_factory=list)
    stopped_by: str | None = None  # why the drain ended early: "offline", "signin", "tls", "stopped"


def backoff_delay(attempts: int) -> float:
    """Seconds until the next try after ``attempts`` failures: full jitter, capped."""
    return _backoff(SimpleNamespace(attempt_number=max(1, attempts)))


_running: dict[str, threading.Lock] = {}
_running_lock = threading.Lock()


def _lock_for(vault) -> threading.Lock:
    key = str(getattr(getattr(vault, "paths", None), "home", id(vault)))
    with _running_lock:
        return _running.setdefault(key, threading.Lock())


def _reason(exc: BaseException) -> str:
    # Our own errors say what is wrong in words safe to keep (ids, hosts, never case content);
    # anything else is named by its type only, since its text may hold anything.
    if isinstance(exc, IroError):
        return str(exc)
    return f"An unexpected problem ({type(exc).__name__}) stopped this export; it will be tried again."


def _send(vault, target: Target, bundle_id: str, stop: threading.Event | None, now: datetime) -> list[outbox.Receipt]:
    files = bundles.ensure_built(vault, bundle_id)
    e = outbox.entry(vault, bundle_id)
    outbox.set_state(vault, bundle_id, outbox.UPLOADING, keep_reason=True, target=target.where, now=now)
    target.ensure_folder(e.folder)
    for f in files:  # stored in sending order: the manifest is last
        if stop is not None and stop.is_set():
            raise _Stop()
        target.put(f"{e.folder}/{f.name}", f.data, f.sha256)
    outbox.set_state(vault, bundle_id, outbox.VERIFYING, keep_reason=True, now=now)
    listed = set(target.list(e.folder))
    for f in files:
        if f.name not in listed:
            raise Unverified(f"{e.folder}/{f.name}")
    return [outbox.Receipt(f.name, f.size, f.sha256) for f in files]


def drain(vault, target: Target, *, now: datetime | None = None,
          stop: threading.Event | None = None) -> DrainReport:
    """Send what is due now; returns a result per bundle tried (and why it stopped early)."""
    report = DrainReport()
    lock = _lock_for(vault)
    if not lock.acquire(blocking=False):
        return report  # another drain of this vault is running: it will send these
    try:
        now = now or outbox.now_utc()
        # Only one drain runs: anything still in flight was left by one that was killed.
        outbox.requeue_interrupted(vault)
        due = outbox.due_ids(vault, now)
        if _is_placing(target):
            _drain_placing(vault, target, due, stop, now, report)
            due = []
        for i, bundle_id in enumerate(due):
            if stop is not None and stop.is_set():
                report.stopped_by = "stopped"
                break
            result, stopped_by = _one(vault, target, bundle_id, stop, now)
            report.results.append(result)
            if stopped_by == "signin":
                for rest in due[i + 1:]:
                    outbox.set_state(vault, rest, outbox.SIGNIN, reason=result.reason, now=now)
                    report.results.append(_result(vault, rest, SIGNIN))
            if stopped_by:
                report.stopped_by = stopped_by
                break
        outbox.drop_expired_bytes(vault, now)
    finally:
        lock.release()
    return report


def _result(vault, bundle_id: str, outcome: str) -> BundleResult:
    e = outbox.entry(vault, bundle_id)
    return BundleResult(bundle_id, e.folder, outcome, e.state, e.last_error, e.attempts, e.retried_automatically)


def _one(vault, target: Target, bundle_id: str, stop: threading.Event | None,
         now: datetime) -> tuple[BundleResult, str | None]:
    try:
        receipts = _send(vault, target, bundle_id, stop, now)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded (see _failed)
        return _failed(vault, bundle_id, exc, now)
    return _synced(vault, bundle_id, receipts, now)


def _failed(vault, bundle_id: str, exc: Exception, now: datetime) -> tuple[BundleResult, str | None]:
    """Record why a bundle was not sent; returns its result and why the drain stops, if it does."""
    if isinstance(exc, _Stop):
        outbox.set_state(vault, bundle_id, outbox.QUEUED, keep_reason=True, now=now)
        return _result(vault, bundle_id, STOPPED), "stopped"
    if isinstance(exc, SignInNeeded):
        outbox.set_state(vault, bundle_id, outbox.SIGNIN, reason=str(exc), now=now)
        return _result(vault, bundle_id, SIGNIN), "signin"
    if isinstance(exc, Offline):
        outbox.set_state(vault, bundle_id, outbox.QUEUED, reason=str(exc), now=now)
        return _result(vault, bundle_id, WAITING), "offline"
    if isinstance(exc, Conflict):
        outbox.set_state(vault, bundle_id, outbox.FAILED, reason=str(exc), attempts_add=1, now=now)
        return _result(vault, bundle_id, FAILED), None
    # Every other failure is recorded and retried later.
    attempts = outbox.entry(vault, bundle_id).attempts + 1
    next_try = now + timedelta(seconds=backoff_delay(attempts))
    outbox.set_state(vault, bundle_id, outbox.FAILED, reason=_reason(exc), attempts_add=1,
                     next_try=next_try, now=now)
    return _result(vault, bundle_id, FAILED), "tls" if isinstance(exc, TlsProblem) else None


def _synced(vault, bundle_id: str, receipts: list[outbox.Receipt], now: datetime) -> tuple[BundleResult, None]:
    outbox.set_state(vault, bundle_id, outbox.SYNCED, reason=None, receipts=receipts, now=now)
    return _result(vault, bundle_id, SENT), None


# ---- a Placing target: several bundles, and a bundle's files, at once ---------------------------

def _place_one(target: Placing, path: str, f: bundles.BundleFile, fresh: bool, stop: threading.Event | None):
    if stop is not None and stop.is_set():
        raise _Stop()
    return target.place(path, f.data, f.sha256, fresh=fresh)


def _upload(target: Placing, folder: str, files: list[bundles.BundleFile], fresh: bool,
            stop: threading.Event | None, pool: ThreadPoolExecutor):
    """On a pool thread: the folder, every file but the manifest at once, their confirmation,
    then the manifest placed (it is verified once the row says "verifying"). No vault work here."""
    *data, last = files
    if last.name != manifest.NAME:
        raise ValueError("a bundle's files must end with its manifest")
    target.ensure_folder(folder)
    jobs = [pool.submit(_place_one, target, f"{folder}/{f.name}", f, fresh, stop) for f in data]
    wait(jobs)  # every request of this bundle has ended before its row changes
    placed = [job.result() for job in jobs]  # the first failure, in sending order
    target.confirm(folder, placed)
    return _place_one(target, f"{folder}/{last.name}", last, fresh, stop)


def _drain_placing(vault, target: Placing, due: list[str], stop: threading.Event | None, now: datetime,
                   report: DrainReport) -> None:
    """Up to BUNDLES_AT_ONCE bundles in flight; this thread makes the bytes and changes the rows."""
    results: dict[str, tuple[BundleResult, str | None]] = {}
    started: list[str] = []
    active: dict[Future, tuple[str, str, list[bundles.BundleFile]]] = {}
    halted: str | None = None
    todo = iter(due)
    with ThreadPoolExecutor(BUNDLES_AT_ONCE, thread_name_prefix="sync-bundle") as bundle_pool, \
            ThreadPoolExecutor(BUNDLES_AT_ONCE * FILES_AT_ONCE, thread_name_prefix="sync-file") as file_pool:
        while True:
            while halted is None and len(active) < BUNDLES_AT_ONCE:
                if stop is not None and stop.is_set():
                    halted = report.stopped_by = "stopped"
                    break
                bundle_id = next(todo, None)
                if bundle_id is None:
                    break
                started.append(bundle_id)
                try:
                    files = bundles.ensure_built(vault, bundle_id)
                    e = outbox.entry(vault, bundle_id)
                    fresh = e.target is None  # never began to be sent: nothing of it can be there
                    outbox.set_state(vault, bundle_id, outbox.UPLOADING, keep_reason=True, target=target.where,
                                     now=now)
                except Exception as exc:  # noqa: BLE001 - recorded like any other failure
                    results[bundle_id] = _failed(vault, bundle_id, exc, now)
                    halted = results[bundle_id][1]
                    continue
                job = bundle_pool.submit(_upload, target, e.folder, files, fresh, stop, file_pool)
                active[job] = (bundle_id, "upload", files)
            if not active:
                break
            done, _ = wait(active, return_when=FIRST_COMPLETED)
            for job in done:
                bundle_id, step, files = active.pop(job)
                exc = job.exception()
                if exc is not None:
                    results[bundle_id] = _failed(vault, bundle_id, exc, now)
                    halted = halted or results[bundle_id][1]
                elif step == "upload":
                    outbox.set_state(vault, bundle_id, outbox.VERIFYING, keep_reason=True, now=now)
                    active[bundle_pool.submit(target.verify, job.result())] = (bundle_id, "verify", files)
                else:
                    results[bundle_id] = _synced(vault, bundle_id, [outbox.Receipt(f.name, f.size, f.sha256)
                                                                    for f in files], now)
    halts = [results[b][1] for b in started if results[b][1]]
    report.results.extend(results[b][0] for b in started)
    if halts:
        report.stopped_by = halts[0]
    if "signin" in halts:
        reason = next(results[b][0].reason for b in started if results[b][1] == "signin")
        for rest in due[len(started):]:
            outbox.set_state(vault, rest, outbox.SIGNIN, reason=reason, now=now)
            report.results.append(_result(vault, rest, SIGNIN))
