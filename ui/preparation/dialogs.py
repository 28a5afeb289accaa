"""The dialogs before a review meeting: book it, move it, cancel it, add someone to consult, mark
their form sent, type in what came back, and choose a form to print.

Each collects what the IRO types and hands it on (``submitted``); the controller runs the core
call on the vault thread and shows any problem back in the dialog, under the field it is about
(the core's ``ValidationError`` pairs), with everything typed kept. A dialog closes only once the
change is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Mapping, Sequence

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from iro_desktop.preparation import meetings
from iro_desktop.preparation.model import HOW, RETURNED_HOW, ROLES, SENT_HOW, Consultee, Meeting
from iro_desktop.preparation.questions import Question

from ui.common.form_dialog import FormDialog, date_edit, day_of, line_edit, text_edit
from ui.common.form_widgets import CodeCombo, OptionalDateEdit
from ui.common.screen_fit import fit_to_screen
from ui.common.widgets import InfoBar, hint_label

YES_NO_WORDS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}  # the keys are questions.YES_NO_ANSWERS
TIME_PROBLEM = "Write the time as hours and minutes, for example 10:00 or 14:30."


def time_words(t: time | None) -> str:
    return meetings.time_words(t)


def _time_edit(name: str, placeholder: str) -> QLineEdit:
    edit = line_edit(name, placeholder, 5)
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("e.g. 00:00") + 24)
    return edit


def read_time(edit: QLineEdit) -> time | None:
    text = edit.text().strip().replace(".", ":")
    if not text:
        return None
    if ":" not in text and text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    hours, _sep, minutes = text.partition(":")
    return time(int(hours), int(minutes))  # ValueError on anything else: check() says so


def _time_problems(pairs: Sequence[tuple[str, QLineEdit]]) -> list[tuple[str, str]]:
    out = []
    for key, edit in pairs:
        try:
            read_time(edit)
        except ValueError:
            out.append((key, TIME_PROBLEM))
    return out


# ---- booking -------------------------------------------------------------------------------

@dataclass(frozen=True)
class BookValues:
    meeting_date: date
    start_time: time | None
    end_time: time | None
    how: str
    venue_child: str
    venue_professional: str
    series_first_id: int | None
    return_by: date | None


class BookMeetingDialog(FormDialog):
    """Book a review meeting. ``limit`` is the review's statutory limit (the date My week shows):
    a day after it is flagged here, as the IRO chooses it, in the core's words
    (``meetings.limit_warning``), before anything is booked. A later meeting of a series is not
    held to the limit (the review counts from its first meeting)."""

    def __init__(self, parent: QWidget | None, child_name: str, today: date, limit: date | None,
                 first_meetings: Sequence[Meeting] = (), *, suggested: date | None = None) -> None:
        super().__init__(parent, "Book review meeting", "Book the meeting")
        self._limit = limit
        self.limit_hint = hint_label(f"For {child_name}. " + (
            f"The review's limit is {meetings.day_words(limit)}." if limit else "No review limit applies yet."))
        self.layout_.insertWidget(0, self.limit_hint)
        self.meeting_date = date_edit(suggested or today, "Day of the meeting")
        self.start_time = _time_edit("Start time", "e.g. 10:00")
        self.end_time = _time_edit("End time", "e.g. 11:30")
        self.how = CodeCombo(HOW, blank_text="Choose…", show_code=False)
        self.how.setAccessibleName("How the meeting is held")
        self.how.set_value("in_person")
        self.venue_child = line_edit("Where, in the child's words", "at home, in the kitchen")
        self.venue_professional = line_edit("Where, for professionals", "Foster carers' home, 12 Example Road")
        self.series = QComboBox()
        self.series.setAccessibleName("A new review, or a later meeting of a series")
        self.series.addItem("A new review", None)
        for m in first_meetings:
            self.series.addItem(f"A later meeting of the review from {meetings.day_words(m.meeting_date)}", m.id)
        self.return_by = OptionalDateEdit(blank_text="No date")
        self.return_by.setAccessibleName("Consultation forms back by")
        self.add_field("date", "Day:", self.meeting_date)
        self.add_field("start_time", "Starts at:", self.start_time)
        self.add_field("end_time", "Ends at:", self.end_time)
        self.add_field("how", "How it is held:", self.how)
        self.add_field("venue_child", "Where (the child's words):", self.venue_child)
        self.add_field("venue", "Where (for professionals):", self.venue_professional)
        self.add_field("series_first_id", "This meeting is:", self.series)
        self.add_field("return_by", "Forms back by:", self.return_by)
        self.late = InfoBar(tone="warn")
        self.late.label.setAccessibleName("After the review's limit")
        self.layout_.insertWidget(1, self.late)
        self.meeting_date.dateChanged.connect(lambda _d: self.show_late())
        self.series.currentIndexChanged.connect(lambda _i: self.show_late())
        self.show_late()
        fit_to_screen(self, 620, 440)

    def warning(self) -> str:
        """The core's words for the day chosen, "" when it is within the limit."""
        if self.series.currentData() is not None:
            return ""
        return meetings.limit_warning(day_of(self.meeting_date), self._limit)

    def show_late(self) -> None:
        words = self.warning()
        if words:
            self.late.show_text("⚠ " + words)
        else:
            self.late.hide()

    def check(self) -> list[tuple[str, str]]:
        return _time_problems((("start_time", self.start_time), ("end_time", self.end_time)))

    def values(self) -> BookValues:
        return BookValues(day_of(self.meeting_date), read_time(self.start_time), read_time(self.end_time),
                          self.how.value() or "", self.venue_child.text(), self.venue_professional.text(),
                          self.series.currentData(), self.return_by.value())


@dataclass(frozen=True)
class MoveValues:
    meeting_date: date
    start_time: time | None
    end_time: time | None
    reason: str


class MoveMeetingDialog(FormDialog):
    """Move a meeting to another day: a reason is required (councils count rearranged reviews)."""

    def __init__(self, parent: QWidget | None, meeting: Meeting, limit: date | None) -> None:
        super().__init__(parent, "Move the review meeting", "Move the meeting")
        self._limit = None if meeting.series_first_id is not None else limit
        now = meetings.day_words(meeting.meeting_date) + (f", {time_words(meeting.start_time)}"
                                                          if meeting.start_time else "")
        self.layout_.insertWidget(0, hint_label(f"Booked now for {now}. The move and its reason are kept."))
        self.meeting_date = date_edit(meeting.meeting_date, "New day of the meeting")
        self.start_time = _time_edit("New start time", "e.g. 10:00")
        self.start_time.setText(time_words(meeting.start_time))
        self.end_time = _time_edit("New end time", "e.g. 11:30")
        self.end_time.setText(time_words(meeting.end_time))
        self.reason = text_edit("Why the meeting is moved", "For example: the social worker is in court that day", 3)
        self.add_field("date", "New day:", self.meeting_date)
        self.add_field("start_time", "Starts at:", self.start_time)
        self.add_field("end_time", "Ends at:", self.end_time)
        self.add_field("reason", "Why it is moved:", self.reason)
        self.late = InfoBar(tone="warn")
        self.layout_.insertWidget(1, self.late)
        self.meeting_date.dateChanged.connect(lambda _d: self.show_late())
        self.show_late()
        fit_to_screen(self, 560, 380)

    def warning(self) -> str:
        return meetings.limit_warning(day_of(self.meeting_date), self._limit)

    def show_late(self) -> None:
        words = self.warning()
        self.late.show_text("⚠ " + words) if words else self.late.hide()

    def check(self) -> list[tuple[str, str]]:
        return _time_problems((("start_time", self.start_time), ("end_time", self.end_time)))

    def values(self) -> MoveValues:
        return MoveValues(day_of(self.meeting_date), read_time(self.start_time), read_time(self.end_time),
                          self.reason.toPlainText())


class CancelMeetingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, meeting: Meeting) -> None:
        super().__init__(parent, "Cancel the review meeting", "Cancel the meeting")
        self.layout_.insertWidget(0, hint_label(
            f"The meeting on {meetings.day_words(meeting.meeting_date)} stays in the list, marked cancelled. "
            "A later meeting of its series is cancelled with it."))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Keep the meeting")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Keep the meeting")
        self.reason = text_edit("Why the meeting is cancelled", "For example: the child moved to another council", 3)
        self.add_field("reason", "Why it is cancelled:", self.reason)
        fit_to_screen(self, 520, 300)

    def values(self) -> str:
        return self.reason.toPlainText()


# ---- consultation --------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonValues:
    role: str
    name: str
    agency: str


class AddPersonDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, "Add someone to consult", "Add")
        self.ok_button.setAccessibleName("Add the person")
        self.role = CodeCombo(ROLES, blank_text="Choose…", show_code=False)
        self.role.setAccessibleName("Who they are")
        self.name = line_edit("Their name", "Name (optional)", 120)
        self.agency = line_edit("Their agency", "Agency or school (optional)", 120)
        self.add_field("role", "Who they are:", self.role)
        self.add_field("name", "Name:", self.name)
        self.add_field("agency", "Agency:", self.agency)
        fit_to_screen(self, 480, 260)

    def values(self) -> PersonValues:
        return PersonValues(self.role.value() or "", self.name.text(), self.agency.text())


@dataclass(frozen=True)
class SentValues:
    on: date
    how: str


class SentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, who: str, today: date, consultee: Consultee) -> None:
        super().__init__(parent, "Mark the form sent", "Mark sent")
        self.ok_button.setAccessibleName("Mark the form sent")
        self.layout_.insertWidget(0, hint_label(f"The form or invitation for {who}."))
        self.on = date_edit(consultee.sent_on or today, "Day it was sent")
        self.how = CodeCombo(SENT_HOW, blank_text="Choose…", show_code=False)
        self.how.setAccessibleName("How it was sent")
        self.how.set_value(consultee.sent_how)
        self.add_field("sent_on", "Sent on:", self.on)
        self.add_field("sent_how", "How:", self.how)
        fit_to_screen(self, 440, 240)

    def values(self) -> SentValues:
        return SentValues(day_of(self.on), self.how.value() or "")


@dataclass(frozen=True)
class ReturnedValues:
    on: date
    how: str
    answers: dict[str, str]
    note: str


class ReturnedDialog(FormDialog):
    """What came back: each question of the person's form (``questions_for(role)``), yes / no /
    not sure for the tick-box ones, and a note for what they said another way ("told me by
    phone"). Only the questions answered are handed on."""

    def __init__(self, parent: QWidget | None, who: str, today: date, consultee: Consultee,
                 questions: Sequence[Question]) -> None:
        super().__init__(parent, "What came back", "Save what came back", scroll=True)
        self.layout_.insertWidget(0, hint_label(f"From {who}. Type what they wrote or said under each question; "
                                                "leave a question blank if they did not answer it."))
        top = QFormLayout()
        self.layout_.insertLayout(1, top)
        self.on = date_edit(consultee.returned_on or today, "Day it came back")
        self.how = CodeCombo(RETURNED_HOW, blank_text="Choose…", show_code=False)
        self.how.setAccessibleName("How it came back")
        self.how.set_value(consultee.returned_how)
        self.add_field("returned_on", "Came back on:", self.on, top)
        self.add_field("returned_how", "How:", self.how, top)
        self.answers: dict[str, QPlainTextEdit | QComboBox] = {}
        for q in questions:
            if q.yes_no:
                box = QComboBox()
                box.setAccessibleName(q.text)
                box.addItem("Not answered", None)
                for key, words in YES_NO_WORDS.items():
                    box.addItem(words, key)
                box.setCurrentIndex(max(box.findData(consultee.answers.get(q.key)), 0))
                widget: QPlainTextEdit | QComboBox = box
            else:
                widget = text_edit(q.text, "", 2)
                widget.setPlainText(consultee.answers.get(q.key, ""))
            self.answers[q.key] = widget
            self.add_field(q.key, q.text, widget)
        self.note = text_edit("Note of what they told me", "For example: told me by phone that…", 2)
        self.note.setPlainText(consultee.note)
        self.add_field("note", "Note:", self.note)
        fit_to_screen(self, 720, 640)

    def values(self) -> ReturnedValues:
        answers: dict[str, str] = {}
        for key, widget in self.answers.items():
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.toPlainText().strip()
            if value:
                answers[key] = value
        return ReturnedValues(day_of(self.on), self.how.value() or "", answers, self.note.toPlainText())


class FormChoiceDialog(FormDialog):
    """Which form to print for the child's meeting (the preview shows and prints it)."""

    def __init__(self, parent: QWidget | None, labels: Mapping[str, str], suggested: str | None = None) -> None:
        super().__init__(parent, "Print forms", "Preview")
        self.ok_button.setAccessibleName("Preview the form")
        self.form_box = QComboBox()
        self.form_box.setAccessibleName("Form")
        for key, words in labels.items():
            self.form_box.addItem(words, key)
        if suggested:
            self.form_box.setCurrentIndex(max(self.form_box.findData(suggested), 0))
        self.add_field("variant", "Form:", self.form_box)
        fit_to_screen(self, 480, 180)

    def values(self) -> str:
        return self.form_box.currentData()
