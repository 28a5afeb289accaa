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
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_installed: list[str] | None = None
_PROBES = 64


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
    """Wrap the methods of ``SignalInstance`` this PySide needs wrapped; the names wrapped.
    Idempotent."""
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
    _installed = wrapped
    return wrapped
