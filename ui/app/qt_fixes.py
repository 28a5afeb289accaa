"""A workaround for a reference-counting bug in PySide6's ``SignalInstance.emit`` and ``disconnect``.

PySide6 6.12.0 on Python 3.11 returns ``True`` from ``emit()`` (and ``disconnect()``) without
taking a reference to it, so every signal emitted from Python takes one reference away from
``True``. ``True`` starts with
a few thousand; once they are gone Python aborts ("bool_dealloc: deallocating True or False"),
taking the app down in the middle of a letter. The editors emit on every keystroke and the vault
thread on every autosave, so a morning's writing would reach it.

``install`` measures whether this PySide has the bug, method by method (Python 3.12 and later
make ``True`` immortal, and a fixed PySide keeps the count), and only then wraps the method so
each call gives back the reference it took. With no bug, nothing is changed.

The same PySide also returns ``None`` from every method that returns nothing (``QTimer.start``,
``QLabel.setText``, ``processEvents``...) without taking a reference to it: about twenty a
keystroke in the letter editor, so Python aborts ("none_dealloc: deallocating None") after a
thousand or so characters. Those calls are too many to wrap, so where ``install`` measures that
loss it gives ``None`` a reserve of references no session can use up, which is what Python 3.12
does for such objects (they are immortal there).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

_installed: list[str] | None = None
_PROBES = 64
NONE_RESERVE = 1 << 40  # a thousand calls a second would take 35 years to use it up


class _Probe(QObject):
    ping = Signal()


def _loses_references(call) -> bool:
    """True if ``call()`` (which returns a bool) takes a reference away from what it returns."""
    result = call()
    if not isinstance(result, bool):
        return False
    before = sys.getrefcount(result)
    for _ in range(_PROBES):
        call()
    lost = before - sys.getrefcount(result)
    if lost > 0:
        # Give back what the probe itself took (the first call's as well).
        for _ in range(lost + 1):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return lost >= _PROBES


def emit_loses_references() -> bool:
    """True if emitting a signal from Python takes a reference from the bool it returns."""
    probe = _Probe()
    return _loses_references(probe.ping.emit)


def disconnect_loses_references() -> bool:
    probe = _Probe()

    def slot() -> None:
        pass

    def connect_and_disconnect() -> bool:
        probe.ping.connect(slot)
        return probe.ping.disconnect(slot)

    return _loses_references(connect_and_disconnect)


def none_loses_references() -> bool:
    """True if a PySide method that returns nothing takes a reference from ``None``."""
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        timer.stop()
    lost = before - sys.getrefcount(None)
    for _ in range(max(0, lost)):  # give back what the probe itself took
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    return lost >= _PROBES


def _reserve_references(obj: object, count: int) -> None:
    """Add ``count`` to ``obj``'s reference count in one step (CPython keeps it in the object's
    first field, a Py_ssize_t; not in debug builds, where this does nothing)."""
    if hasattr(sys, "gettotalrefcount"):
        return
    ctypes.c_ssize_t.from_address(id(obj)).value += count


def _give_back(method):  # type: ignore[no-untyped-def]
    incref = ctypes.pythonapi.Py_IncRef
    true_ref, false_ref = ctypes.py_object(True), ctypes.py_object(False)

    def wrapper(self, *args):  # type: ignore[no-untyped-def]
        result = method(self, *args)
        if result is True:
            incref(true_ref)
        elif result is False:
            incref(false_ref)
        return result

    # Not ``__doc__`` (nor functools.wraps, which copies it): reading a PySide method's __doc__
    # builds its signature text, loading PySide's whole signature machinery at start-up.
    wrapper.__name__ = method.__name__
    return wrapper


def install() -> list[str]:
    """Wrap the methods of ``SignalInstance`` this PySide needs wrapped, and give ``None`` its
    reserve if it needs one; what was done ("emit", "disconnect", "None"). Idempotent."""
    global _installed
    if _installed is not None:
        return _installed
    wrapped = []
    if emit_loses_references():
        SignalInstance.emit = _give_back(SignalInstance.emit)  # type: ignore[method-assign]
        wrapped.append("emit")
    if disconnect_loses_references():
        SignalInstance.disconnect = _give_back(SignalInstance.disconnect)  # type: ignore[method-assign]
        wrapped.append("disconnect")
    if none_loses_references():
        _reserve_references(None, NONE_RESERVE)
        wrapped.append("None")
    _installed = wrapped
    return wrapped
