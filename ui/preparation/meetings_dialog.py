"""The child's review meetings, and the consultation for the one chosen.

The top table lists every meeting booked for the child (cancelled and held ones too), with how
often it was moved; under it, the people consulted and invited for the chosen meeting, with
when their form went out and came back. The buttons ask the controller (``requested``) to do the
work on the vault thread; the dialog only shows what it is given (``set_data``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from iro_desktop.preparation import meetings
from iro_desktop.preparation.model import BOOKED, CANCELLED, HELD, HOW, RETURNED_HOW, ROLES, SENT_HOW
from iro_desktop.preparation.model import Consultee, Meeting
from iro_desktop.preparation.questions import question

from ui.common.focus import buttons_in_reading_order
from ui.common.formatting import uk_date
from ui.common.list_table_model import Column, ListTableModel
from ui.common.screen_fit import fit_to_screen
from ui.common.widgets import heading_label, hint_label
from ui.preparation.dialogs import YES_NO_WORDS

STATE_WORDS = {BOOKED: "Booked", CANCELLED: "Cancelled", HELD: "Held (record started)"}


@dataclass(frozen=True)
class ChildMeetings:
    """What the dialog shows: the child's meetings, earliest first, and each one's people."""

    child_id: str
    child_name: str
    meetings: tuple[Meeting, ...]
    people: dict[int, tuple[Consultee, ...]]  # by meeting id


def when_words(m: Meeting) -> str:
    if m.start_time is None:
        return ""
    return meetings.time_words(m.start_time) + (f"–{meetings.time_words(m.end_time)}" if m.end_time else "")


def state_words(m: Meeting) -> str:
    words = STATE_WORDS.get(m.state, m.state)
    if m.state == CANCELLED and m.cancelled_reason:
        words += f": {m.cancelled_reason}"
    elif m.state == BOOKED and m.beyond_limit:
        words += " (after the review's limit)"
    return words


def moves_words(m: Meeting) -> str:
    if not m.moves:
        return "Not moved"
    return f"Moved {len(m.moves)} time{'s' if len(m.moves) != 1 else ''}"


def moves_tooltip(m: Meeting) -> str | None:
    return "\n".join(f"From {uk_date(mv.from_date)} to {uk_date(mv.to_date)}: {mv.reason}" for mv in m.moves) or None


MEETING_COLUMNS: list[Column[Meeting]] = [
    Column("Day", lambda m: meetings.day_words(m.meeting_date), sort_key=lambda m: m.meeting_date),
    Column("Time", when_words),
    Column("How", lambda m: HOW.get(m.how, m.how)),
    Column("Where (for professionals)", lambda m: m.venue_professional),
    Column("State", state_words),
    Column("Moves", moves_words, tooltip=moves_tooltip),
]


def person_words(c: Consultee) -> str:
    return ", ".join(p for p in (c.name, c.agency) if p)


PEOPLE_COLUMNS: list[Column[Consultee]] = [
    Column("Who", lambda c: ROLES.get(c.role, c.role)),
    Column("Name", person_words),
    Column("Sent", lambda c: uk_date(c.sent_on) if c.sent_on else "Not yet"),
    Column("How sent", lambda c: SENT_HOW.get(c.sent_how or "", "")),
    Column("Came back", lambda c: uk_date(c.returned_on) if c.returned_on else "Not yet"),
    Column("How it came back", lambda c: RETURNED_HOW.get(c.returned_how or "", "")),
]


def _table(model: ListTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move inside it
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class MeetingsDialog(QDialog):
    book_requested = Signal()
    move_requested = Signal(int)  # meeting id
    cancel_requested = Signal(int)
    start_record_requested = Signal(int)
    open_record_requested = Signal(int)  # record id
    export_requested = Signal()
    add_person_requested = Signal(int)  # meeting id
    remove_person_requested = Signal(int)  # consultee id
    sent_requested = Signal(int)
    returned_requested = Signal(int)
    print_requested = Signal(int)  # meeting id

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review meetings")  # never a child's name in a title
        self.data: ChildMeetings | None = None
        self.heading = heading_label("Review meetings")
        self.meeting_model: ListTableModel[Meeting] = ListTableModel(MEETING_COLUMNS, lambda m: str(m.id), self)
        self.meeting_table = _table(self.meeting_model, "The child's review meetings")
        self.meeting_table.selectionModel().selectionChanged.connect(lambda *_: self._meeting_chosen())
        self.empty = hint_label("No review meeting is booked for this child yet.")
        self.book_button = _button("Book review meeting…", "Book a review meeting")
        self.move_button = _button("Move…", "Move the chosen meeting")
        self.cancel_button = _button("Cancel meeting…", "Cancel the chosen meeting")
        self.start_button = _button("Start the review record", "Start the review record from the chosen meeting")
        self.export_button = _button("Export to a calendar file…", "Export booked meetings to a calendar file")
        self.book_button.clicked.connect(lambda: self.book_requested.emit())
        self.move_button.clicked.connect(lambda: self._with_meeting(self.move_requested))
        self.cancel_button.clicked.connect(lambda: self._with_meeting(self.cancel_requested))
        self.start_button.clicked.connect(self._start_or_open)
        self.export_button.clicked.connect(lambda: self.export_requested.emit())
        meeting_buttons = QHBoxLayout()
        for b in (self.book_button, self.move_button, self.cancel_button, self.start_button):
            meeting_buttons.addWidget(b)
        meeting_buttons.addStretch(1)
        meeting_buttons.addWidget(self.export_button)

        self.people_heading = heading_label("Who is consulted and invited", 1.0)
        self.people_model: ListTableModel[Consultee] = ListTableModel(PEOPLE_COLUMNS, lambda c: str(c.id), self)
        self.people_table = _table(self.people_model, "People consulted and invited for the chosen meeting")
        self.people_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.people_table.doubleClicked.connect(lambda _i: self._with_person(self.returned_requested))
        self.add_button = _button("Add person…", "Add someone to consult")
        self.remove_button = _button("Remove", "Remove the chosen person")
        self.sent_button = _button("Mark sent…", "Mark the chosen person's form sent")
        self.returned_button = _button("Returned…", "Type in what came back from the chosen person")
        self.print_button = _button("Print forms…", "Print consultation forms and the invitation")
        self.add_button.clicked.connect(lambda: self._with_meeting(self.add_person_requested))
        self.remove_button.clicked.connect(lambda: self._with_person(self.remove_person_requested))
        self.sent_button.clicked.connect(lambda: self._with_person(self.sent_requested))
        self.returned_button.clicked.connect(lambda: self._with_person(self.returned_requested))
        self.print_button.clicked.connect(lambda: self._with_meeting(self.print_requested))
        people_buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.sent_button, self.returned_button):
            people_buttons.addWidget(b)
        people_buttons.addStretch(1)
        people_buttons.addWidget(self.print_button)
        self.said = QLabel()
        self.said.setWordWrap(True)
        self.said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.said.setAccessibleName("What the chosen person said")

        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_box.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        self.close_box.rejected.connect(self.reject)
        buttons_in_reading_order(self.close_box)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.meeting_table, 2)
        layout.addWidget(self.empty)
        layout.addLayout(meeting_buttons)
        layout.addSpacing(8)
        layout.addWidget(self.people_heading)
        layout.addWidget(self.people_table, 3)
        layout.addWidget(self.said)
        layout.addLayout(people_buttons)
        layout.addWidget(self.close_box)
        fit_to_screen(self, 1000, 660)
        self._update_buttons()

    # ---- showing ---------------------------------------------------------------------------

    def set_data(self, data: ChildMeetings, select_meeting: int | None = None) -> None:
        """Show ``data``, keeping the meeting and person chosen (or choosing ``select_meeting``)."""
        keep_meeting = select_meeting or self.meeting_id()
        keep_person = self.consultee_id()
        self.data = data
        self.heading.setText(f"Review meetings for {data.child_name}")
        self.meeting_model.set_rows(data.meetings)
        self.empty.setVisible(not data.meetings)
        row = next((i for i, m in enumerate(data.meetings) if m.id == keep_meeting), None)
        if row is None:  # the next meeting still booked, else the latest
            booked = [i for i, m in enumerate(data.meetings) if m.state == BOOKED]
            row = booked[0] if booked else (len(data.meetings) - 1 if data.meetings else None)
        if row is not None:
            self.meeting_table.selectRow(row)
        self._meeting_chosen(keep_person)

    def meeting(self) -> Meeting | None:
        rows = self.meeting_table.selectionModel().selectedRows()
        return self.meeting_model.row(rows[0].row()) if rows else None

    def meeting_id(self) -> int | None:
        m = self.meeting()
        return m.id if m else None

    def consultee(self) -> Consultee | None:
        rows = self.people_table.selectionModel().selectedRows()
        return self.people_model.row(rows[0].row()) if rows else None

    def consultee_id(self) -> int | None:
        c = self.consultee()
        return c.id if c else None

    def _meeting_chosen(self, keep_person: int | None = None) -> None:
        m = self.meeting()
        people = self.data.people.get(m.id, ()) if (self.data and m) else ()
        self.people_model.set_rows(people)
        row = next((i for i, c in enumerate(people) if c.id == keep_person), 0 if people else None)
        if row is not None:
            self.people_table.selectRow(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        m = self.meeting()
        booked = m is not None and m.state == BOOKED
        self.move_button.setEnabled(booked)
        self.cancel_button.setEnabled(booked)
        self.start_button.setEnabled(booked or (m is not None and m.record_id is not None))
        self.start_button.setText("Open the review record" if m is not None and m.record_id is not None
                                  else "Start the review record")
        self.export_button.setEnabled(bool(self.data and any(x.state == BOOKED for x in self.data.meetings)))
        self.add_button.setEnabled(m is not None and m.state != CANCELLED)
        self.print_button.setEnabled(booked)
        c = self.consultee()
        for b in (self.remove_button, self.sent_button, self.returned_button):
            b.setEnabled(c is not None and m is not None and m.state != CANCELLED)
        self.said.setText(said_words(c) if c is not None else "")
        self.said.setVisible(bool(self.said.text()))

    # ---- asking ----------------------------------------------------------------------------

    def _with_meeting(self, signal) -> None:
        mid = self.meeting_id()
        if mid is not None:
            signal.emit(mid)

    def _with_person(self, signal) -> None:
        cid = self.consultee_id()
        if cid is not None and self.remove_button.isEnabled():
            signal.emit(cid)

    def _start_or_open(self) -> None:
        m = self.meeting()
        if m is None:
            return
        if m.record_id is not None:
            self.open_record_requested.emit(m.record_id)
        else:
            self.start_record_requested.emit(m.id)


def said_words(c: Consultee) -> str:
    """What came back from one person, in a line or two (the full text is beside the letter)."""
    if not c.returned:
        return ""
    parts = []
    for key, answer in c.answers.items():
        q = question(c.role, key)
        parts.append(f"{q.short if q else key}: {YES_NO_WORDS.get(answer, answer) if q and q.yes_no else answer}")
    if c.note:
        parts.append(f"Note: {c.note}")
    return "; ".join(parts) or "Came back with nothing written."


__all__: Sequence[str] = ("ChildMeetings", "MeetingsDialog")
