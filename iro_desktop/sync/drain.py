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
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

from tenacity import wait_random_exponential

from iro_desktop.errors import IroError
from iro_desktop.sync import bundles, outbox
from iro_desktop.sync.errors import Conflict, Offline, SignInNeeded, TlsProblem, Unverified
from iro_desktop.sync.target import Target

LANE = "sync"  # the vault's connection sync works on (Vault.lane)
BACKOFF_BASE_S = 30.0  # the first retry within 30 s, then within 1, 2, 4 … minutes
BACKOFF_CAP_S = 3600.0  # never more than an hour between tries
_backoff = wait_random_exponential(multiplier=BACKOFF_BASE_S, max=BACKOFF_CAP_S)

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
    except _Stop:
        outbox.set_state(vault, bundle_id, outbox.QUEUED, keep_reason=True, now=now)
        return _result(vault, bundle_id, STOPPED), "stopped"
    except SignInNeeded as exc:
        outbox.set_state(vault, bundle_id, outbox.SIGNIN, reason=str(exc), now=now)
        return _result(vault, bundle_id, SIGNIN), "signin"
    except Offline as exc:
        outbox.set_state(vault, bundle_id, outbox.QUEUED, reason=str(exc), now=now)
        return _result(vault, bundle_id, WAITING), "offline"
    except Conflict as exc:
        outbox.set_state(vault, bundle_id, outbox.FAILED, reason=str(exc), attempts_add=1, now=now)
        return _result(vault, bundle_id, FAILED), None
    except Exception as exc:  # noqa: BLE001 - every other failure is recorded and retried later
        attempts = outbox.entry(vault, bundle_id).attempts + 1
        next_try = now + timedelta(seconds=backoff_delay(attempts))
        outbox.set_state(vault, bundle_id, outbox.FAILED, reason=_reason(exc), attempts_add=1,
                         next_try=next_try, now=now)
        return _result(vault, bundle_id, FAILED), "tls" if isinstance(exc, TlsProblem) else None
    outbox.set_state(vault, bundle_id, outbox.SYNCED, reason=None, receipts=receipts, now=now)
    return _result(vault, bundle_id, SENT), None
