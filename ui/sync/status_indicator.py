"""The sync indicator at the right of the status bar: "Offline — 3 records waiting", "Sending
2 of 12…" (with a bar for a batch), "Synced 14:02", "Sign-in needed", "Sync not set up", and a
conflict or failure count where there is one. Clicking it (or pressing Space on it) opens the
Outbox. What it says comes from the sync thread's last ``Snapshot``; it holds no rule of its own.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from iro_desktop.sync import outbox
from ui.sync.sync_thread import OFFLINE, PROBLEM, SIGNIN, Snapshot


def local_time(stamp: str | None) -> datetime | None:
    """An outbox time (UTC, ``2026-01-06T14:02:00Z``) in the laptop's own time zone."""
    if not stamp:
        return None
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).astimezone()


def when_words(stamp: str | None, today: datetime | None = None) -> str:
    """"14:02" today, "3 Dec 14:02" on another day."""
    when = local_time(stamp)
    if when is None:
        return ""
    today = today or datetime.now().astimezone()
    return f"{when:%H:%M}" if when.date() == today.date() else f"{when.day} {when:%b %H:%M}"


def records(n: int) -> str:
    return f"{n} record{'' if n == 1 else 's'}"


def status_words(shot: Snapshot | None, reach: str, sending: tuple[int, int] | None = None) -> str:
    if sending is not None:
        return f"Sending {sending[0]} of {sending[1]}…"
    if shot is None:
        return "Sync: looking at the outbox…"
    waiting = shot.waiting
    tail = f" — {records(waiting)} waiting" if waiting else ""
    if not shot.configured:
        text = "Sync not set up" + tail
    elif reach == SIGNIN:
        text = "Sign-in needed" + tail
    elif reach == OFFLINE:
        text = f"Offline — {records(waiting)} waiting" if waiting else "Offline — nothing waiting"
    elif reach == PROBLEM:
        text = "Sync problem" + tail
    elif waiting == 0:
        text = f"Synced {when_words(shot.last_synced)}" if shot.last_synced else "Nothing to sync yet"
    else:
        text = f"{records(waiting)} waiting"
        if shot.next_try and shot.counts[outbox.QUEUED] == 0:
            text += f", next try {when_words(shot.next_try)}"
    failed = shot.counts[outbox.FAILED] - shot.conflicts
    if shot.conflicts:
        text += f" · {shot.conflicts} conflict{'' if shot.conflicts == 1 else 's'}"
    if failed > 0:
        text += f" · {failed} failed"
    return text


class SyncIndicator(QWidget):
    """A flat button with the words, and a bar while a batch is sent."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.button = QToolButton()
        self.button.setAutoRaise(True)
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.button.clicked.connect(lambda _checked=False: self.clicked.emit())
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Sending records to the council")
        self.bar.hide()
        layout.addWidget(self.button)
        layout.addWidget(self.bar)
        self.show_text("")

    @property
    def text(self) -> str:
        return self.button.text()

    def show_text(self, text: str, detail: str | None = None) -> None:
        self.button.setText(text)
        self.button.setAccessibleName(f"Sync status: {text}. Open the Outbox" if text else "Sync status")
        self.button.setToolTip((detail + "\n\n" if detail else "") + "Open the Outbox (Ctrl+6)")
        self.setVisible(bool(text))

    def show_progress(self, sending: tuple[int, int] | None) -> None:
        if sending is None or sending[1] < 2:
            self.bar.hide()
            return
        self.bar.setRange(0, sending[1])
        self.bar.setValue(sending[0] - 1)  # those before the one in hand are done
        self.bar.show()
