"""The worker: work happens off the GUI thread, always on the same thread, results come back."""

from __future__ import annotations

import threading

from ui.common.workers import Worker


class Busy:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def begin_busy(self, text: str) -> None:
        self.calls.append("begin:" + text)

    def end_busy(self) -> None:
        self.calls.append("end")


def test_work_runs_off_the_gui_thread_on_one_thread_and_reports_back(qtbot):
    busy = Busy()
    worker = Worker(busy)
    gui = threading.get_ident()
    seen: list[int] = []
    results: list[object] = []
    delivered_on: list[int] = []

    def job(n: int):
        seen.append(threading.get_ident())
        return n * 2

    def done(result) -> None:
        results.append(result)
        delivered_on.append(threading.get_ident())

    for n in range(3):
        worker.run(lambda n=n: job(n), text="Working…", done=done)
    assert worker.is_busy
    qtbot.waitUntil(lambda: len(results) == 3)
    assert results == [0, 2, 4]
    assert gui not in seen and len(set(seen)) == 1, "every job on the same, non-GUI thread"
    assert set(delivered_on) == {gui}
    assert worker.call_blocking(threading.get_ident) == seen[0]
    assert not worker.is_busy
    assert busy.calls[0] == "begin:Working…" and busy.calls.count("end") == 3
    worker.shutdown()


def test_errors_are_delivered_to_the_failure_callback(qtbot):
    worker = Worker()
    errors: list[BaseException] = []

    def boom():
        raise ValueError("no")

    worker.run(boom, text="", failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    worker.shutdown()


def test_quiet_work_shows_no_busy_indicator_but_still_counts_and_waits_its_turn(qtbot):
    busy = Busy()
    worker = Worker(busy)
    order: list[str] = []
    gate = threading.Event()
    worker.run(lambda: (gate.wait(5), order.append("loud"))[1], text="Importing…")
    worker.run(lambda: order.append("quiet"), text="Refreshing…", quiet=True)
    assert worker.is_busy
    assert busy.calls == ["begin:Importing…"], "a quiet refresh never greys out the IRO's commands"
    gate.set()
    qtbot.waitUntil(lambda: not worker.is_busy)
    assert order == ["loud", "quiet"]
    assert busy.calls == ["begin:Importing…", "end"]
    worker.shutdown()


def test_the_drafts_lane_runs_while_the_vault_thread_is_busy(qtbot):
    worker = Worker(Busy())
    gate = threading.Event()
    order: list[str] = []
    vault_thread = worker.call_blocking(threading.get_ident)
    worker.run(lambda: (gate.wait(5), order.append("long job"))[1], text="Backing up…")
    lane_threads: list[int] = []
    worker.drafts.run(lambda: (lane_threads.append(threading.get_ident()), order.append("draft"))[1],
                      done=lambda _r: order.append("draft delivered"))
    assert worker.drafts.is_busy
    qtbot.waitUntil(lambda: "draft delivered" in order, timeout=2_000)
    assert order == ["draft", "draft delivered"], "the draft did not wait for the long job"
    assert not gate.is_set() and lane_threads[0] != vault_thread
    assert not worker.drafts.is_busy and worker.is_busy
    assert worker.drafts.call_blocking(threading.get_ident) == lane_threads[0], "always the same lane thread"
    gate.set()
    qtbot.waitUntil(lambda: not worker.is_busy)
    assert order[-1] == "long job"
    worker.shutdown()


def test_no_qobject_is_made_per_job_so_none_can_die_on_the_jobs_thread(qtbot):
    """Each job's outcome comes back on the worker's own long-lived signals: a QObject made per
    job could lose its last reference on the job's thread (a crash seen under a busy Outbox)."""
    import gc

    from PySide6.QtCore import QObject

    worker = Worker()
    before = len(worker.findChildren(QObject))
    made: list[int] = []
    results: list[int] = []
    gate = threading.Event()
    worker.submit(gate.wait)  # hold the thread so every job below is in flight at once
    for n in range(500):
        worker.run(lambda n=n: n, text="", quiet=True, done=results.append)
        made.append(len(worker.findChildren(QObject)))
    assert max(made) == before  # with a QObject a job, this grows with the jobs in flight
    gate.set()
    qtbot.waitUntil(lambda: len(results) == 500, timeout=10_000)
    gc.collect()
    assert results == list(range(500)) and not worker.is_busy
    worker.shutdown()
