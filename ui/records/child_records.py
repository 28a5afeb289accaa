"""A child's written records: the list of review records and midway reviews, and the small
questions asked before starting one (which review, which date)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from iro_desktop.caseload.model import Review
from iro_desktop.reviews import codes
from iro_desktop.reviews.lifecycle import AMENDING, FINALISED, RecordInfo

from ui.common.focus import buttons_in_reading_order
from ui.common.form_widgets import CodeCombo, FieldProblem, OptionalDateEdit
from ui.common.formatting import uk_date
from ui.common.widgets import heading_label, hint_label

KIND_WORDS = {"review": "Review record", "midway": "Midway review"}
RECENT_SHOWN = 4  # reviews offered by name; an older one is found by its date


def state_words(info: RecordInfo) -> str:
    if info.state == FINALISED:
        return "Finalised" if info.current_version == 1 else f"Finalised (amended, version {info.current_version})"
    if info.state == AMENDING:
        return f"Amending (version {info.current_version})"
    return "Being written"


def _child_heading(name: str) -> QLabel:
    label = heading_label(name, 1.2)
    label.setAccessibleName("Child")
    return label


class WriteReviewDialog(QDialog):
    """Which review the record is for: one already in the caseload without a record, or a new one."""

    chosen = Signal(object)  # ("existing", review_id) or ("new", date, review_type)

    def __init__(self, parent: QWidget, child_name: str, waiting: list[Review], suggested_type: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Write a review record")  # never the child's name
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(480)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(_child_heading(child_name))
        layout.addWidget(hint_label("Which review is this record for?"))
        self.existing: dict[int, QRadioButton] = {}
        recent = sorted(waiting, key=lambda r: r.review_date, reverse=True)[:RECENT_SHOWN]
        for review in recent:
            words = codes.REVIEW_TYPES.get(review.review_type, review.review_type)
            button = QRadioButton(f"The review held on {uk_date(review.review_date)} ({words.lower()})")
            self.group.addButton(button)
            self.existing[review.id] = button
            layout.addWidget(button)
        self.new_button = QRadioButton("A review not listed here, held on:")
        self.group.addButton(self.new_button)
        self.new_date = OptionalDateEdit(blank_text="Choose the date")
        self.new_date.setAccessibleName("Date the review was held")
        self.new_date.set_value(date.today())
        self.new_type = CodeCombo(codes.REVIEW_TYPES, blank_text="Choose…", show_code=False)
        self.new_type.setAccessibleName("Review type")
        self.new_type.set_value(suggested_type)
        new_row = QFormLayout()
        new_row.addRow(self.new_button)
        new_row.addRow("Date:", self.new_date)
        new_row.addRow("Type:", self.new_type)
        layout.addLayout(new_row)
        if len(waiting) > len(recent):
            layout.addWidget(hint_label("For an older review, give its date: the record is linked to the review "
                                        "already on the child's history."))
        self.problem = FieldProblem()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton("Start writing", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        buttons_in_reading_order(buttons)
        layout.addWidget(buttons)
        (next(iter(self.existing.values())) if self.existing else self.new_button).setChecked(True)
        self.new_date.dateChanged.connect(lambda _d: self.new_button.setChecked(True))
        self.new_type.currentIndexChanged.connect(lambda _i: self.new_button.setChecked(True))

    def _accept(self) -> None:
        for review_id, button in self.existing.items():
            if button.isChecked():
                self.chosen.emit(("existing", review_id))
                self.accept()
                return
        when, kind = self.new_date.value(), self.new_type.value()
        problems = []
        if when is None:
            problems.append("Choose the date the review was held.")
        elif when > date.today():
            problems.append("A record is written once the review has been held; that date is in the future.")
        if kind is None:
            problems.append("Choose the type of review.")
        if problems:
            self.problem.show_problems(problems)
            return
        self.chosen.emit(("new", when, kind))
        self.accept()


class NewMidwayDialog(QDialog):
    chosen = Signal(object)  # (date, how)

    def __init__(self, parent: QWidget, child_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Write a midway review")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(420)
        self.when = OptionalDateEdit(blank_text="Choose the date")
        self.when.setAccessibleName("Date of the midway review")
        self.when.set_value(date.today())
        self.how = CodeCombo(codes.MIDWAY_HOW, blank_text="Choose later", show_code=False)
        self.how.setAccessibleName("How it was done")
        form = QFormLayout()
        form.addRow("Date:", self.when)
        form.addRow("How:", self.how)
        self.problem = FieldProblem()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton("Start writing", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        buttons_in_reading_order(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(_child_heading(child_name))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        when = self.when.value()
        if when is None:
            self.problem.show_problems(["Choose the date of the midway review."])
            return
        self.chosen.emit((when, self.how.value()))
        self.accept()


class ChildRecordsDialog(QDialog):
    """Every review record and midway review of one child, newest first."""

    open_requested = Signal(str, int)  # kind, record id
    write_requested = Signal()
    midway_requested = Signal()

    def __init__(self, parent: QWidget, child_name: str, rows: list[RecordInfo]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reviews and letters")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 380)
        self.table = QTableWidget(len(rows), 4)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.table.setAccessibleName("Records")
        self.table.setHorizontalHeaderLabels(["Record", "Date", "State", "Versions"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, info in enumerate(sorted(rows, key=lambda i: (i.record_date, i.id), reverse=True)):
            cells = [KIND_WORDS.get(info.kind, info.kind), uk_date(info.record_date), state_words(info),
                     str(info.current_version)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (info.kind, info.id))
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.open_button = QPushButton("Open")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        self.open_button.setEnabled(bool(rows))
        write = QPushButton("Write a review record…")
        write.clicked.connect(lambda: (self.write_requested.emit(), self.accept()))
        midway_button = QPushButton("Write a midway review…")
        midway_button.clicked.connect(lambda: (self.midway_requested.emit(), self.accept()))
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(write)
        buttons.addWidget(midway_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(_child_heading(child_name))
        if not rows:
            layout.addWidget(hint_label("No records written yet."))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _open(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            kind, record_id = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
            self.open_requested.emit(kind, record_id)
            self.accept()
