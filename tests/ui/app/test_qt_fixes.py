"""Emitting signals from Python must not use up Python's references to True, nor calls to Qt that return
nothing its references to None (ui/app/qt_fixes.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal

import ui  # noqa: F401 - installs the workaround


class _Sender(QObject):
    ping = Signal()
    value = Signal(object)


def test_emitting_keeps_the_reference_count_of_true():
    sender = _Sender()
    sender.value.connect(lambda _v: None)
    before = sys.getrefcount(True)
    for i in range(5000):
        sender.ping.emit()
        sender.value.emit(i)
    assert sys.getrefcount(True) - before in (0, 1)


def test_disconnecting_keeps_the_reference_count_of_true():
    sender = _Sender()

    def slot() -> None:
        pass

    before = sys.getrefcount(True)
    for _ in range(2000):
        sender.ping.connect(slot)
        sender.ping.disconnect(slot)
    assert sys.getrefcount(True) - before in (0, 1)


def test_a_long_session_of_emits_does_not_abort_python():
    # 20,000 emits, far more than True's references in a fresh interpreter, then a clean exit.
    code = textwrap.dedent("""
        import ui
        from PySide6.QtCore import QObject, Signal
        class S(QObject):
            s = Signal()
        o = S()
        for _ in range(20000):
            o.s.emit()
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "ok"


def test_calls_that_return_nothing_do_not_use_up_none():
    # Each call PySide 6.12 makes return None (QTimer.stop here) took a reference from None;
    # 300,000 of them, far more than None has, then a clean exit.
    code = textwrap.dedent("""
        import ui
        from PySide6.QtCore import QTimer
        timer = QTimer()
        for _ in range(300000):
            timer.stop()
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "ok"
