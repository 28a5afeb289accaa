"""The IRO's preferences, kept in QSettings.

QSettings is plain text outside the vault, so only non-personal values belong here: window
geometry, column widths and the idle-lock time. Never names, ids or anything from a record.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

_IDLE = "lock/idle_minutes"
_GEOMETRY = "window/geometry"
_HEADER = "caseload/header_state_3"  # the columns as of "Placed in" and "Miles"
_SPLITTER = "caseload/splitter_state_2"  # the child pane as narrow as its buttons


class Preferences:
    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    def idle_minutes(self) -> int | None:
        """The idle-lock time the IRO chose, if any: ``Policy.idle_lock_minutes`` says what is used."""
        try:
            value = self._s.value(_IDLE)
            return None if value is None else int(value)
        except (TypeError, ValueError):
            return None

    def set_idle_minutes(self, minutes: int) -> None:
        self._s.setValue(_IDLE, int(minutes))

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes(_GEOMETRY)

    def set_geometry(self, state: QByteArray) -> None:
        self._s.setValue(_GEOMETRY, state)

    def header_state(self) -> QByteArray | None:
        return self._bytes(_HEADER)

    def set_header_state(self, state: QByteArray) -> None:
        self._s.setValue(_HEADER, state)

    def splitter_state(self) -> QByteArray | None:
        return self._bytes(_SPLITTER)

    def set_splitter_state(self, state: QByteArray) -> None:
        self._s.setValue(_SPLITTER, state)

    def sync(self) -> None:
        self._s.sync()
