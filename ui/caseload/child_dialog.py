"""Adding or editing one child: every field of the record, and their periods, placements and people.

Saving hands the whole Child to the core (``add_child`` / ``update_child`` through ``save``). If
the core refuses it with a ValidationError, each problem is shown under its field (or on its row
in a table) and in a list at the top, and the dialog stays open with everything as typed.

Why this module is long: it is one form, every field of the child's record in the order the IRO
reads them, and the problems shown against each; the tables of periods, placements and people
and their dialogs are already their own modules (``child_part_tables``, ``child_part_dialogs``).
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
    QSpinBox, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import Child, KeyPerson, PeriodOfCare, Placement
from iro_desktop.errors import IroError, ValidationError

from ui.common.form_widgets import CodeCombo, FieldProblem, OptionalDateEdit, text_or_none
from ui.common.formatting import uk_date
from ui.common.messages import error_text, reject_unless_kept
from ui.caseload.child_part_dialogs import EndDateDialog, KeyPersonDialog, PeriodDialog, PlacementDialog
from ui.caseload.child_part_tables import RecordTableModel, key_person_model, period_model, placement_model

# (child, is_new, saved, failed): saves on the vault thread, then calls saved() or failed(exc)
# (a ValidationError or IroError when the core refuses it) on the GUI thread.
SaveFn = Callable[[Child, bool, Callable[[], None], Callable[[BaseException], None]], None]

# Tabs, in order.
ABOUT, SOCIAL_WORKER, PERIODS, PLACEMENTS, KEY_PEOPLE, NOTES = range(6)
TAB_NAMES = ["About", "Social worker", "Periods of care", "Placements", "Key people", "My notes"]

FIELD_LABELS = {
    "child_id": "Council id",
    "first_name": "First name",
    "preferred_name": "Known as",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "gender": "Gender",
    "pronouns": "Pronouns",
    "ethnicity": "Ethnicity",
    "first_language": "First language",
    "communication_needs": "Communication needs",
    "school": "School or college",
    "sibling_group": "Sibling group",
    "social_worker_name": "Social worker",
    "social_worker_email": "Social worker's email",
    "social_worker_team": "Team",
    "seed_last_review_date": "Last review (council records)",
    "seed_reviews_held": "Reviews held (council records)",
    "iro_notes": "My notes",
}
FIELD_TABS = {name: ABOUT for name in FIELD_LABELS}
FIELD_TABS.update({n: SOCIAL_WORKER for n in ("social_worker_name", "social_worker_email",
                                              "social_worker_team", "seed_last_review_date",
                                              "seed_reviews_held")})
FIELD_TABS["iro_notes"] = NOTES

LISTS = {  # the core's list name -> (tab, what one row is called)
    "periods": (PERIODS, "Period of care"),
    "placements": (PLACEMENTS, "Placement"),
    "key_people": (KEY_PEOPLE, "Key person"),
}
_LIST_FIELD = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")
# The tables of a child's periods of care, placements and key people, as a screen reader names them.
TABLE_NAMES = {"periods": "Periods of care", "placements": "Placements", "key_people": "Key people"}


class ChildDialog(QDialog):
    """Emits ``saved`` with the child's id once the core has stored the record."""

    saved = Signal(str)

    def __init__(self, parent: QWidget, child: Child | None, save: SaveFn,
                 council_area: str | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Never the child's name: window titles reach task bars and window lists.
        self.setWindowTitle("Add a child" if child is None else "Child's record")
        self.resize(820, 640)
        self._save = save
        self._council_area = council_area
        self._is_new = child is None
        self._original = child or Child(child_id="", first_name="", last_name="",
                                        date_of_birth=None)  # type: ignore[arg-type]
        self._periods: list[PeriodOfCare] = copy.deepcopy(self._original.periods)
        self._placements: list[Placement] = copy.deepcopy(self._original.placements)
        self._people: list[KeyPerson] = copy.deepcopy(self._original.key_people)
        self._field_widgets: dict[str, QWidget] = {}
        self._field_problems: dict[str, FieldProblem] = {}

        self.problem_heading = QLabel("Some details need checking before this can be saved:")
        self.problem_heading.setStyleSheet("font-weight: bold;")
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName("Problems to fix")
        self.problem_list.setMaximumHeight(120)
        self.problem_list.itemActivated.connect(self._go_to_problem)
        self.problem_list.itemClicked.connect(self._go_to_problem)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._about_tab(), TAB_NAMES[ABOUT])
        self.tabs.addTab(self._social_worker_tab(), TAB_NAMES[SOCIAL_WORKER])
        self.tabs.addTab(self._periods_tab(), TAB_NAMES[PERIODS])
        self.tabs.addTab(self._placements_tab(), TAB_NAMES[PLACEMENTS])
        self.tabs.addTab(self._people_tab(), TAB_NAMES[KEY_PEOPLE])
        self.tabs.addTab(self._notes_tab(), TAB_NAMES[NOTES])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self._cancel)

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem_heading)
        layout.addWidget(self.problem_list)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._show_problems([])
        self._load(self._original)

    # ---- building the tabs ----------------------------------------------------------------

    def _field(self, form: QFormLayout, name: str, widget: QWidget, label: str | None = None) -> None:
        problem = FieldProblem()
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        inner.addWidget(problem)
        form.addRow((label or FIELD_LABELS[name]) + ":", box)
        widget.setAccessibleName(label or FIELD_LABELS[name])
        self._field_widgets[name] = widget
        self._field_problems[name] = problem

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _about_tab(self) -> QWidget:
        self.child_id = QLineEdit()
        self.child_id.setReadOnly(not self._is_new)
        if not self._is_new:
            self.child_id.setToolTip("The council's id for the child cannot be changed here.")
        self.first_name = QLineEdit()
        self.preferred_name = QLineEdit()
        self.preferred_name.setPlaceholderText("If different from the first name")
        self.last_name = QLineEdit()
        self.date_of_birth = OptionalDateEdit()
        self.gender = CodeCombo(codes.GENDERS, show_code=False)
        self.pronouns = QLineEdit()
        self.pronouns.setPlaceholderText("For example she/her, he/him, they/them")
        self.ethnicity = QLineEdit()
        self.first_language = QLineEdit()
        self.interpreter_needed = QCheckBox("Needs an interpreter")
        self.disability = QCheckBox("Has a disability")
        self.communication_needs = QPlainTextEdit()
        self.communication_needs.setTabChangesFocus(True)  # Tab moves on; a note needs no tab characters
        self.communication_needs.setFixedHeight(70)
        self.uasc = QCheckBox("Unaccompanied asylum-seeking child (UASC)")
        self.care_leaver = QCheckBox("Care leaver")
        self.school = QLineEdit()
        self.sibling_group = QLineEdit()
        self.sibling_group.setToolTip("A shared label for brothers and sisters on your caseload.")

        left, right = self._form(), self._form()
        for name in ("child_id", "first_name", "preferred_name", "last_name", "date_of_birth",
                     "gender", "pronouns", "ethnicity"):
            self._field(left, name, getattr(self, name))
        self._field(right, "first_language", self.first_language)
        right.addRow("", self.interpreter_needed)
        self._field(right, "communication_needs", self.communication_needs)
        right.addRow("", self.disability)
        right.addRow("", self.uasc)
        right.addRow("", self.care_leaver)
        self._field(right, "school", self.school)
        self._field(right, "sibling_group", self.sibling_group)
        self.allocation_note = QLabel()
        self.allocation_note.setWordWrap(True)

        page = QWidget()
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(columns)
        layout.addWidget(self.allocation_note)
        layout.addStretch(1)
        return page

    def _social_worker_tab(self) -> QWidget:
        self.social_worker_name = QLineEdit()
        self.social_worker_email = QLineEdit()
        self.social_worker_team = QLineEdit()
        self.seed_last_review_date = OptionalDateEdit()
        self.seed_reviews_held = QSpinBox()
        self.seed_reviews_held.setRange(-1, 200)
        self.seed_reviews_held.setSpecialValueText("Not recorded")  # -1 stands for "not recorded"
        form = self._form()
        for name in ("social_worker_name", "social_worker_email", "social_worker_team"):
            self._field(form, name, getattr(self, name))
        council = self._form()
        self._field(council, "seed_last_review_date", self.seed_last_review_date, "Last review")
        self._field(council, "seed_reviews_held", self.seed_reviews_held, "Reviews held")
        note = QLabel("From the council's caseload extract, until reviews are recorded here.")
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addSpacing(16)
        layout.addWidget(QLabel("<b>From the council's records</b>"))
        layout.addWidget(note)
        layout.addLayout(council)
        layout.addStretch(1)
        return page

    def _table_tab(self, model: RecordTableModel, buttons: list[tuple[str, Callable[[], None]]],
                   problem_name: str, wide_column: int) -> tuple[QWidget, QTableView]:
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(TABLE_NAMES[problem_name])
        view.setTabKeyNavigation(False)  # arrows move through the rows; Tab goes on to the buttons
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The code-and-meaning column takes the spare width (elided; the tooltip has it all)
        # rather than pushing the table into sideways scrolling.
        header.setSectionResizeMode(wide_column, QHeaderView.ResizeMode.Stretch)
        view.setWordWrap(False)
        row = QHBoxLayout()
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        problem = FieldProblem()
        self._field_problems[problem_name] = problem
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(problem)
        layout.addWidget(view, 1)
        layout.addLayout(row)
        view.doubleClicked.connect(buttons[1][1])
        return page, view

    def _periods_tab(self) -> QWidget:
        self.period_model = period_model(self)
        page, self.period_view = self._table_tab(self.period_model, [
            ("Add period of care…", self._add_period), ("Edit…", self._edit_period),
            ("End period…", self._end_period)], "periods", 1)
        return page

    def _placements_tab(self) -> QWidget:
        self.placement_model = placement_model(self)
        page, self.placement_view = self._table_tab(self.placement_model, [
            ("Add placement…", self._add_placement), ("Edit…", self._edit_placement),
            ("End placement…", self._end_placement)], "placements", 1)
        return page

    def _people_tab(self) -> QWidget:
        self.people_model = key_person_model(self)
        page, self.people_view = self._table_tab(self.people_model, [
            ("Add key person…", self._add_person), ("Edit…", self._edit_person),
            ("Remove", self._remove_person)], "key_people", 2)
        return page

    def _notes_tab(self) -> QWidget:
        self.iro_notes = QPlainTextEdit()
        self.iro_notes.setTabChangesFocus(True)
        self.iro_notes.setAccessibleName("My notes")
        self._field_widgets["iro_notes"] = self.iro_notes
        problem = FieldProblem()
        self._field_problems["iro_notes"] = problem
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Your own notes about this child. Importing the council's "
                                "extract never changes them."))
        layout.addWidget(problem)
        layout.addWidget(self.iro_notes, 1)
        return page

    # ---- record <-> widgets ---------------------------------------------------------------

    _TEXT_FIELDS = ("child_id", "first_name", "preferred_name", "last_name", "pronouns", "ethnicity",
                    "first_language", "school", "sibling_group", "social_worker_name",
                    "social_worker_email", "social_worker_team")
    _CHECK_FIELDS = ("interpreter_needed", "disability", "uasc", "care_leaver")

    def _load(self, child: Child) -> None:
        self.heading.setText("New child" if self._is_new else f"{child.display_name} ({child.child_id})")
        for name in self._TEXT_FIELDS:
            getattr(self, name).setText(getattr(child, name) or "")
        for name in self._CHECK_FIELDS:
            getattr(self, name).setChecked(bool(getattr(child, name)))
        self.date_of_birth.set_value(child.date_of_birth)
        self.gender.set_value(child.gender)
        self.communication_needs.setPlainText(child.communication_needs or "")
        self.iro_notes.setPlainText(child.iro_notes or "")
        self.seed_last_review_date.set_value(child.seed_last_review_date)
        held = child.seed_reviews_held
        self.seed_reviews_held.setValue(held if isinstance(held, int) else -1)
        if not self._is_new and not child.allocated:
            since = f" since {uk_date(child.not_allocated_since)}" if child.not_allocated_since else ""
            self.allocation_note.setText(f"This child is no longer allocated to you{since}.")
        self.period_model.set_items(self._periods)
        self.placement_model.set_items(self._placements)
        self.people_model.set_items(self._people)

    def child(self) -> Child:
        """The record exactly as the form now holds it."""
        values: dict[str, object] = {}
        for name in self._TEXT_FIELDS:
            values[name] = text_or_none(getattr(self, name).text())
        for name in ("child_id", "first_name", "last_name"):
            values[name] = getattr(self, name).text()  # required text: blank is the core's to judge
        for name in self._CHECK_FIELDS:
            values[name] = getattr(self, name).isChecked()
        held = self.seed_reviews_held.value()
        values.update(
            date_of_birth=self.date_of_birth.value(), gender=self.gender.value(),
            communication_needs=text_or_none(self.communication_needs.toPlainText()),
            iro_notes=text_or_none(self.iro_notes.toPlainText()),
            seed_last_review_date=self.seed_last_review_date.value(),
            seed_reviews_held=None if held < 0 else held,
            periods=copy.deepcopy(self._periods), placements=copy.deepcopy(self._placements),
            key_people=copy.deepcopy(self._people))
        return replace(self._original, **values)  # type: ignore[arg-type]

    def has_changes(self) -> bool:
        return self.child() != self._original

    # ---- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        child = self.child()

        def saved() -> None:
            self.saved.emit(child.child_id.strip())
            super(ChildDialog, self).accept()

        self._save(child, self._is_new, saved, self._refused)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._show_problems(exc.problems)
        elif isinstance(exc, IroError):
            self._show_problems([("", str(exc))])
        else:  # shown, and the dialog keeps what was typed
            self._show_problems([("", error_text(exc))])

    def accept(self) -> None:
        self.save()

    def _cancel(self) -> None:
        reject_unless_kept(self, self.has_changes(), "Discard changes?",
                           "You have changes that are not saved. Discard them?")

    # ---- problems -------------------------------------------------------------------------

    def _where(self, where: str) -> tuple[str, int, int | None]:
        """(label for the list, tab, row in a table or None) for one of the core's field names."""
        m = _LIST_FIELD.match(where)
        if m and m.group(1) in LISTS:
            tab, what = LISTS[m.group(1)]
            index = int(m.group(2))
            return f"{what} {index + 1}", tab, index
        if where in FIELD_LABELS:
            return FIELD_LABELS[where], FIELD_TABS[where], None
        return "", ABOUT, None

    def _show_problems(self, problems: list[tuple[str, str]]) -> None:
        for label in self._field_problems.values():
            label.show_problems([])
        per_field: dict[str, list[str]] = {}
        per_row: dict[str, dict[int, list[str]]] = {name: {} for name in LISTS}
        tab_counts = [0] * len(TAB_NAMES)
        self.problem_list.clear()
        for where, message in problems:
            label, tab, row = self._where(where)
            m = _LIST_FIELD.match(where)
            if m and m.group(1) in LISTS:
                per_row[m.group(1)].setdefault(row, []).append(message)  # type: ignore[arg-type]
                per_field.setdefault(m.group(1), []).append(f"{label}: {message}")
            elif where in LISTS or where.split("[")[0] in LISTS:
                per_field.setdefault(where.split("[")[0], []).append(message)
                tab = LISTS[where.split("[")[0]][0]
            elif where in self._field_problems:
                per_field.setdefault(where, []).append(message)
            tab_counts[tab] += 1
            item = QListWidgetItem(f"{label}: {message}" if label else message)
            item.setData(Qt.ItemDataRole.UserRole, where)
            self.problem_list.addItem(item)
        for name, messages in per_field.items():
            if name in self._field_problems:
                self._field_problems[name].show_problems(messages)
        self.period_model.set_problems(per_row["periods"])
        self.placement_model.set_problems(per_row["placements"])
        self.people_model.set_problems(per_row["key_people"])
        for tab, name in enumerate(TAB_NAMES):
            count = tab_counts[tab]
            self.tabs.setTabText(tab, f"{name} ⚠ {count}" if count else name)
        self.problem_heading.setVisible(bool(problems))
        self.problem_list.setVisible(bool(problems))
        if problems:
            self._go_to_problem(self.problem_list.item(0))

    def _go_to_problem(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        where = item.data(Qt.ItemDataRole.UserRole) or ""
        _label, tab, row = self._where(where)
        self.tabs.setCurrentIndex(tab)
        m = _LIST_FIELD.match(where)
        if m and m.group(1) in LISTS and row is not None:
            view = {"periods": self.period_view, "placements": self.placement_view,
                    "key_people": self.people_view}[m.group(1)]
            if row < view.model().rowCount():
                view.selectRow(row)
                view.setFocus()
        elif where in self._field_widgets:
            self._field_widgets[where].setFocus()

    # ---- periods, placements, key people --------------------------------------------------

    @staticmethod
    def _selected(view: QTableView) -> int | None:
        rows = view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _add_period(self) -> None:
        PeriodDialog(self, None, self._appended(self._periods, self.period_model)).open()

    def _edit_period(self) -> None:
        i = self._selected(self.period_view)
        if i is not None:
            PeriodDialog(self, self._periods[i], self._replaced(self._periods, i, self.period_model)).open()

    def _end_period(self) -> None:
        i = self._selected(self.period_view)
        if i is None:
            return

        def ended(day) -> None:
            self._periods[i].end_date = day
            self.period_model.refresh()

        EndDateDialog("End period of care", "Period of care ended on:", self, ended).open()

    def _add_placement(self) -> None:
        PlacementDialog(self, None, self._council_area,
                        self._appended(self._placements, self.placement_model)).open()

    def _edit_placement(self) -> None:
        i = self._selected(self.placement_view)
        if i is not None:
            PlacementDialog(self, self._placements[i], self._council_area,
                            self._replaced(self._placements, i, self.placement_model)).open()

    def _end_placement(self) -> None:
        i = self._selected(self.placement_view)
        if i is None:
            return

        def ended(day) -> None:
            self._placements[i].end_date = day
            self.placement_model.refresh()

        EndDateDialog("End placement", "Placement ended on:", self, ended).open()

    def _add_person(self) -> None:
        KeyPersonDialog(self, None, self._appended(self._people, self.people_model)).open()

    def _edit_person(self) -> None:
        i = self._selected(self.people_view)
        if i is not None:
            KeyPersonDialog(self, self._people[i], self._replaced(self._people, i, self.people_model)).open()

    def _remove_person(self) -> None:
        i = self._selected(self.people_view)
        if i is not None:
            del self._people[i]
            self.people_model.refresh()

    @staticmethod
    def _appended(items: list, model: RecordTableModel) -> Callable[[object], None]:
        def add(record: object) -> None:
            items.append(record)
            model.refresh()
        return add

    @staticmethod
    def _replaced(items: list, index: int, model: RecordTableModel) -> Callable[[object], None]:
        def put(record: object) -> None:
            items[index] = record
            model.refresh()
        return put
