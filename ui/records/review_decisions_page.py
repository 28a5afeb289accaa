"""The review record's decisions page: what happened to each open decision from earlier reviews,
and this review's decisions, each SMART, with the words the child's letter gives it. The page
fills itself from core content (``load``) and reads it back (``collect``) so that an untouched
page gives back exactly what it was given.

What a decision needs and what an outcome may be are the core's to say; the page only offers its
lists and shows its answers. A new decision's "who" starts as the social worker the record lists
(``reviews.prefill``), and any decision can take someone listed as attending.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QMenu, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from iro_desktop.reviews import codes, prefill
from iro_desktop.reviews.model import Attendee, PreviousOutcome, Recommendation
from iro_desktop.reviews.recommendations import TrackedRecommendation

from ui.common.form_widgets import CodeCombo, OptionalDateEdit
from ui.common.focus import place_before
from ui.common.formatting import uk_date
from ui.common.widgets import hint_label
from ui.records.record_form import PAGE_WIDTH, keep_blank, line_edit
from ui.records.tracked_decision_row import EarlierRow
from ui.records.writing_tools import menu_button


def _status_words(tracked: TrackedRecommendation | None) -> str:
    if tracked is None:
        return "New: tracked from when the record is finalised."
    status = codes.RECOMMENDATION_STATUSES.get(tracked.status, tracked.status)
    when = f" on {uk_date(tracked.status_on)}" if tracked.status_on else ""
    return f"Status: {status}{when}" + (f" — {tracked.status_note}" if tracked.status_note else "")


class DecisionRow(QFrame):
    """One decision, SMART: what, who (role and name), by when; and how the letter words it."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, r: Recommendation, tracked: TrackedRecommendation | None, carried_words: str,
                 sentence: Callable[[Recommendation], str], people: Callable[[], list[Attendee]] = lambda: [],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people = people
        self.setObjectName("decision")
        self.setStyleSheet("QFrame#decision { border: 1px solid #dde1e6; border-radius: 4px; background: #fbfbfc; }")
        self._loaded = r
        self._sentence = sentence
        self.what = line_edit("What will be done", "What will be done, for example: arrange family time with Nan "
                                               "every month")
        self.what.setText(r.what)
        self.role = CodeCombo(codes.ATTENDEE_ROLES, blank_text="Who will do it?", show_code=False)
        self.role.setAccessibleName("Who will do it (role)")
        self.role.set_value(r.who_role or None)
        self.name = line_edit("Their name", "Their name")
        self.name.setText(r.who_name)
        self.people_menu = QMenu(self)
        self.people_menu.aboutToShow.connect(self._fill_people)
        self.people_button = menu_button("People…", "Choose someone on the record (those who attended) as who will "
                                         "do it", "Choose who will do it from the people at the review",
                                         self.people_menu)
        self.by_when = OptionalDateEdit(blank_text="By when?")
        self.by_when.setAccessibleName("By when")
        self.by_when.set_value(r.by_when)
        self.child_words = line_edit("In the letter")
        self.child_words.setText(r.child_words)
        self.status = QLabel(_status_words(tracked))
        self.status.setStyleSheet("color: #455a64;")
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName("Remove this decision")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(QLabel("What:"), 0, 0)
        grid.addWidget(self.what, 0, 1, 1, 4)
        grid.addWidget(self.remove, 0, 5)
        grid.addWidget(QLabel("Who:"), 1, 0)
        grid.addWidget(self.role, 1, 1)
        grid.addWidget(self.name, 1, 2)
        grid.addWidget(QLabel("By:"), 1, 3)
        grid.addWidget(self.by_when, 1, 4)
        grid.addWidget(self.people_button, 1, 5)
        grid.addWidget(QLabel("Letter:"), 2, 0)
        grid.addWidget(self.child_words, 2, 1, 1, 5)
        grid.addWidget(self.status, 3, 1, 1, 5)
        if carried_words:
            carried = QLabel(f"Carried forward from: {carried_words}")
            carried.setWordWrap(True)
            carried.setStyleSheet("color: #455a64;")
            grid.addWidget(carried, 4, 1, 1, 5)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        self.what.textEdited.connect(lambda _t: self._changed())
        self.name.textEdited.connect(lambda _t: self._changed())
        self.child_words.textEdited.connect(lambda _t: self._changed())
        self.role.currentIndexChanged.connect(lambda _i: self._changed())
        self.by_when.dateChanged.connect(lambda _d: self._changed())
        self._update_placeholder()

    def controls(self) -> list[QWidget]:
        """The row's controls in reading order, for the Tab order."""
        return [self.what, self.remove, self.role, self.name, self.by_when, self.people_button, self.child_words]

    def _fill_people(self) -> None:
        self.people_menu.clear()
        choices = prefill.who_choices(self._people())
        for p in choices:
            role = codes.ATTENDEE_ROLES.get(p.role, p.role_detail or p.role)
            action = self.people_menu.addAction(f"{p.name} ({role})")
            action.triggered.connect(lambda _c=False, person=p: self.choose_person(person))
        if not choices:
            self.people_menu.addAction("Nobody is listed as attending yet").setEnabled(False)

    def choose_person(self, person: Attendee) -> None:
        """Who will do it: this person, role and name."""
        if person.role in codes.ATTENDEE_ROLES:
            self.role.set_value(person.role)
        self.name.setText(person.name)
        self._changed()
        self.by_when.setFocus()

    def value(self) -> Recommendation:
        old = self._loaded
        return Recommendation(what=self.what.text(), who_role=keep_blank(self.role.value(), old.who_role),
                              by_when=self.by_when.value(), who_name=self.name.text(),
                              child_words=self.child_words.text(), uid=old.uid, carried_from=old.carried_from)

    def _changed(self) -> None:
        self._update_placeholder()
        self.changed.emit()

    def _update_placeholder(self) -> None:
        r = self.value()
        r.child_words = ""
        generated = self._sentence(r) if r.what.strip() else ""
        self.child_words.setPlaceholderText(f"Written for the child: {generated}  (type to word it yourself)"
                                            if generated else "How the letter says it (written for you)")
        self.child_words.setToolTip(generated)

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.what, self.role, self.name, self.people_button, self.by_when, self.child_words, self.remove):
            w.setEnabled(not read_only)


class DecisionsPage(QScrollArea):
    changed = Signal()
    carry_requested = Signal(str)  # uid of an earlier decision to carry forward

    def __init__(self, sentence: Callable[[Recommendation], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Decisions")  # the page scrolls, and takes the focus to do it
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._sentence = sentence
        self.tracked: dict[str, TrackedRecommendation] = {}
        self.rows: list[DecisionRow] = []
        self.earlier: list[EarlierRow] = []
        self.people: list[Attendee] = []  # who the record lists as attending (the details page's)
        self._read_only = False
        inner = QWidget()
        inner.setMaximumWidth(PAGE_WIDTH)
        layout = QVBoxLayout(inner)
        self.earlier_box = QGroupBox("Decisions from earlier reviews")
        self.earlier_layout = QVBoxLayout(self.earlier_box)
        self.earlier_layout.addWidget(hint_label("Say what happened to each one. “Carried forward” adds it to this "
                                                 "review's decisions below, where you can give it a new date."))
        box = QGroupBox("Decisions of this review")
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(hint_label("Each decision says what will be done, who will do it and by when. The "
                                        "letter's “What will happen next” is written from them, in words for the "
                                        "child, until you change that section yourself."))
        self.rows_layout = QVBoxLayout()
        box_layout.addLayout(self.rows_layout)
        self.empty = QLabel("No decisions yet.")
        self.empty.setStyleSheet("color: #666;")
        box_layout.addWidget(self.empty)
        self.add_button = QPushButton("Add a decision")
        self.add_button.clicked.connect(self.add_decision)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        box_layout.addLayout(add_row)
        layout.addWidget(self.earlier_box)
        layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)

    def load(self, recommendations: list[Recommendation], previous: list[PreviousOutcome],
             tracked: dict[str, TrackedRecommendation]) -> None:
        self.tracked = tracked
        for row in self.rows + self.earlier:
            row.setParent(None)
            row.deleteLater()
        self.rows, self.earlier = [], []
        for p in previous:
            row = EarlierRow(p, tracked.get(p.uid))
            row.changed.connect(self.changed)
            row.carry_requested.connect(self._carry)
            row.set_read_only(self._read_only)
            self.earlier.append(row)
            self.earlier_layout.addWidget(row)
        self.earlier_box.setVisible(bool(previous))
        for r in recommendations:
            self._add_row(r)
        self._tab_order()
        self._update_empty()

    def _carry(self, uid: str) -> None:
        if any(row.value().carried_from == uid for row in self.rows):
            return  # already carried: nothing to add
        self.carry_requested.emit(uid)

    def _add_row(self, r: Recommendation) -> DecisionRow:
        carried = self.tracked.get(r.carried_from) if r.carried_from else None
        row = DecisionRow(r, self.tracked.get(r.uid), carried.what if carried else "", self._sentence,
                          lambda: self.people)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove)
        row.set_read_only(self._read_only)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self._tab_order()
        return row

    def _tab_order(self) -> None:
        # The rows, made after the page, in the Tab order where they sit: above "Add a decision".
        place_before(self.add_button, [c for row in self.earlier + self.rows for c in row.controls()])

    def set_people(self, people: list[Attendee]) -> None:
        """Who the record lists as attending: a new decision's "who" starts as the social worker
        among them, and each decision can pick from them."""
        self.people = list(people)

    def add_decision(self) -> None:
        who = prefill.default_who(self.people)
        row = self._add_row(Recommendation("", who.role if who else "", None, who.name if who else ""))
        self._update_empty()
        row.what.setFocus()
        self.ensureWidgetVisible(row)
        self.changed.emit()

    def _remove(self, row: DecisionRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._update_empty()
        self.changed.emit()

    def _update_empty(self) -> None:
        self.empty.setVisible(not self.rows)

    def recommendations(self) -> list[Recommendation]:
        return [row.value() for row in self.rows]

    def previous(self) -> list[PreviousOutcome]:
        return [row.value() for row in self.earlier]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows + self.earlier:
            row.set_read_only(read_only)
        self.add_button.setEnabled(not read_only)

    def refresh_placeholders(self) -> None:
        for row in self.rows:
            row._update_placeholder()
