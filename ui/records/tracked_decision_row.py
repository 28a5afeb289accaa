"""One open decision from an earlier review, with a choice and a short note about it: the
review's "what happened to it" (``EarlierRow``) and the midway review's "how is it going"
(``ProgressRow``) are the same row with different words, choices and content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from iro_desktop.reviews import codes
from iro_desktop.reviews.model import PreviousOutcome, RecommendationProgress
from iro_desktop.reviews.recommendations import TrackedRecommendation, long_date

from ui.common.form_widgets import CodeCombo
from ui.common.formatting import uk_date
from ui.records.record_form import keep_blank, line_edit


@dataclass(frozen=True)
class RowWords:
    """What one kind of row says: the frame's name, the title when the decision is not tracked,
    the choice (its codes, blank, label and accessible name) and the note's words."""

    object_name: str
    untracked_title: str
    choices: dict[str, str]
    blank_text: str
    choice_label: str
    choice_name: str
    note_name: str
    note_placeholder: str


class TrackedDecisionRow(QFrame):
    """The decision as tracked (what, who, by when, from which review), a choice and a note."""

    changed = Signal()

    def __init__(self, words: RowWords, uid: str, choice: str | None, note: str,
                 tracked: TrackedRecommendation | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(words.object_name)
        self.setStyleSheet(f"QFrame#{words.object_name} {{ border: 1px solid #dde1e6; border-radius: 4px; }}")
        self._uid = uid
        self._tracked = tracked
        if tracked is not None:
            who = codes.ATTENDEE_ROLES.get(tracked.who_role, tracked.who_role)
            name = f" ({tracked.who_name})" if tracked.who_name else ""
            text = (f"<b>{escape(tracked.what)}</b><br><span style='color:#455a64'>{escape(who + name)}, by "
                    f"{uk_date(tracked.by_when)} · from the review on {uk_date(tracked.made_on)}</span>")
        else:
            text = f"<b>{words.untracked_title}</b>"
        label = QLabel(text)
        label.setWordWrap(True)
        # Said in words (and to a screen reader), never by colour alone.
        self.past_due_label = QLabel()
        self.past_due_label.setObjectName("pastDue")
        self.past_due_label.setStyleSheet("QLabel#pastDue { color: #8a3b00; font-weight: bold; }")
        self.past_due_label.hide()
        self.choice = CodeCombo(words.choices, blank_text=words.blank_text, show_code=False)
        self.choice.setAccessibleName(words.choice_name)
        self.choice.set_value(choice)
        self.note = line_edit(words.note_name, words.note_placeholder)
        self.note.setText(note)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(label, 0, 0, 1, 3)
        grid.addWidget(self.past_due_label, 1, 0, 1, 3)
        grid.addWidget(QLabel(words.choice_label), 2, 0)
        grid.addWidget(self.choice, 2, 1)
        grid.addWidget(self.note, 2, 2)
        grid.setColumnStretch(2, 1)
        self.choice.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.note.textEdited.connect(lambda _t: self.changed.emit())

    def controls(self) -> list[QWidget]:
        """The row's controls in reading order, for the Tab order."""
        return [self.choice, self.note]

    @property
    def uid(self) -> str:
        return self._uid

    def _choice_changed(self) -> None:
        self.changed.emit()

    def show_past_due(self, on: date) -> None:
        """Say whether the decision was past due on ``on`` (the core's rule), on the row and in
        the description a screen reader gives its controls."""
        late = self._tracked is not None and self._tracked.past_due(on)
        words = f"Past due: was due {long_date(self._tracked.by_when)}" if late else ""
        self.past_due_label.setText(words)
        self.past_due_label.setVisible(late)
        for w in (self, self.choice, self.note):
            w.setAccessibleDescription(words)

    @property
    def past_due_words(self) -> str:
        return self.past_due_label.text()

    def set_read_only(self, read_only: bool) -> None:
        self.choice.setEnabled(not read_only)
        self.note.setEnabled(not read_only)


EARLIER_WORDS = RowWords("earlier", "A decision from an earlier review", codes.OUTCOMES, "Not decided yet",
                         "Outcome:", "What happened to it", "Note about what happened", "A short note (optional)")
PROGRESS_WORDS = RowWords("progress", "A decision from the review", codes.MIDWAY_PROGRESS, "Progress?",
                          "Progress:", "Progress", "Note on progress", "What has happened, in a sentence")


class EarlierRow(TrackedDecisionRow):
    """An open decision from an earlier review, and what this review decided about it."""

    carry_requested = Signal(str)  # uid

    def __init__(self, p: PreviousOutcome, tracked: TrackedRecommendation | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(EARLIER_WORDS, p.uid, p.outcome, p.note, tracked, parent)
        self.outcome = self.choice

    def value(self) -> PreviousOutcome:
        return PreviousOutcome(self.uid, self.choice.value(), self.note.text())

    def _choice_changed(self) -> None:
        if self.choice.value() == codes.CARRY_FORWARD:
            self.carry_requested.emit(self.uid)
        self.changed.emit()


class ProgressRow(TrackedDecisionRow):
    """An open decision from the review, and how it is going at the midway review."""

    def __init__(self, p: RecommendationProgress, tracked: TrackedRecommendation | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(PROGRESS_WORDS, p.uid, p.progress, p.note, tracked, parent)
        self._loaded = p
        self.progress = self.choice

    def value(self) -> RecommendationProgress:
        return RecommendationProgress(self.uid, keep_blank(self.choice.value(), self._loaded.progress),
                                      self.note.text())
