"""The states of a record being written, as the autosave reports them, and the one indicator in
the editor's footer that shows them.

There is one kind of saved: what is typed reaches the vault within a moment, and closing the
editor or locking puts it into the record itself. So the indicator says only "Saving…" while a
change is on its way, "Saved at 14:32" once it is in the vault, and, for a record no longer
being written, "Finalised". It never speaks of drafts or of a second, better kind of save.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from PySide6.QtWidgets import QLabel, QWidget

UNSAVED, SAVING, SAVED, FAILED = "unsaved", "saving", "saved", "failed"

# The only states of a record the IRO is told about.
BEING_WRITTEN, FINALISED, AMENDING = "Being written", "Finalised", "Amending"


def state_name(finalised: bool, record_state: str) -> str:
    """"Being written", "Finalised" or "Amending" (``record_state``: the core's record state)."""
    if finalised:
        return FINALISED
    return AMENDING if record_state == "amending" else BEING_WRITTEN


def local_moment(utc_text: str | None) -> datetime | None:
    """A stored UTC time ("2026-12-01T14:32:05Z") on the local clock, or None."""
    if not utc_text:
        return None
    try:
        moment = datetime.strptime(utc_text[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return moment.astimezone().replace(tzinfo=None)


def saved_words(at: datetime | None, today: date | None = None) -> str:
    """"Saved at 14:32" today, "Saved on 28/11/2026 at 14:32" on another day ("Saved" alone if
    the time is not known). ``at`` is local time."""
    if at is None:
        return "Saved"
    if at.date() == (today or date.today()):
        return f"Saved at {at:%H:%M}"
    return f"Saved on {at:%d/%m/%Y} at {at:%H:%M}"


def state_words(state: str, at: datetime | None) -> str:
    """What the indicator says in each state of the autosave."""
    if state in (UNSAVED, SAVING):
        return "Saving…"
    if state == FAILED:
        return "⚠ Not saved yet: trying again"
    return saved_words(at)


class SavedIndicator(QLabel):
    """"Saving…", "Saved at 14:32" or "Finalised": whether the IRO's words are safe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Save status")
        self.setStyleSheet("color: #3c4043;")
        self.setToolTip("What you type is saved as you write it. Closing the window or locking puts it all "
                        "into the record; Ctrl+S does the same at once.")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("Saved on 28/11/2026 at 14:32") + 8)
        self.state = SAVED

    def set_state(self, state: str, at: datetime | None) -> None:
        self.state = state
        self.setText(state_words(state, at))

    def show_finalised(self) -> None:
        self.state = ""
        self.setText(FINALISED)

    def show_text(self, text: str) -> None:
        """A short word on something just done (a phrase kept), until the next save."""
        self.state = ""
        self.setText(text)
