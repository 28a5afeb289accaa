"""A workaround for a reference-counting bug in PySide6's ``SignalInstance.emit``.

PySide6 6.12.0 on Python 3.11 returns ``True`` from ``emit()`` without taking a reference to it,
so every signal emitted from Python takes one reference away from ``True``. ``True`` starts with
a few thousand; once they are gone Python aborts ("bool_dealloc: deallocating True or False"),
taking the app down in the middle of a letter. The editors emit on every keystroke and the vault
thread on every autosave, so a morning's writing would reach it.

``install`` measures whether this PySide has the bug (Python 3.12 and later make ``True``
immortal, and a fixed PySide keeps the count) and only then wraps ``emit`` so each call gives
back the reference it took. With no bug, nothing is changed.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_installed = False
_PROBES = 64


class _Probe(QObject):
    ping = Signal()


def emit_loses_references() -> bool:
    """True if emitting a signal from Python takes a reference from the bool it returns."""
    probe = _Probe()
    result = probe.ping.emit()
    if not isinstance(result, bool):
        return False
    before = sys.getrefcount(result)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(result)
    if lost > 0:
        # Give back what the probe itself took (the first emit's as well).
        for _ in range(lost + 1):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return lost >= _PROBES


def install() -> bool:
    """Wrap ``SignalInstance.emit`` if (and only if) this PySide needs it. Idempotent."""
    global _installed
    if _installed:
        return True
    if not emit_loses_references():
        return False
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    true_ref, false_ref = ctypes.py_object(True), ctypes.py_object(False)

    def emit(self, *args):  # type: ignore[no-untyped-def]
        result = original(self, *args)
        if result is True:
            incref(true_ref)
        elif result is False:
            incref(false_ref)
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _installed = True
    return True
