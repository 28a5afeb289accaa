"""The Escalations tab: every escalation (filter by stage, theme, open, resolved or overdue), the
one selected with its stage history and actions, and the good practice and quality ratings.

The view shows what the controller hands it (``iro_desktop.escalations.screen.EscalationsData``)
and asks for changes by signal; which rows pass the filters is the core's rule (``screen.matches``).
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
    QTableView, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from iro_desktop.escalations import codes, screen
from iro_desktop.escalations.model import Escalation
from iro_desktop.escalations.screen import EscalationsData
from iro_desktop.reviews.codes import RAG

from ui.common.focus import show_tab_focus
from ui.common.formatting import uk_date
from ui.escalations.table_models import ROW_ROLE, EscalationTableModel, GoodPracticeModel, RatingsModel


def _table(model, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _combo(name: str, blank: str, items) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(blank, None)
    for key, words in items:
        combo.addItem(words, key)
    return combo


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


def history_html(esc: Escalation, names: dict[str, str]) -> str:
    """The selected escalation and its stage history, for the detail pane (escaped text only)."""
    lines = [f"<h3>{escape(codes.THEMES.get(esc.theme, esc.theme))} – {escape(names.get(esc.child_id, esc.child_id))}"
             "</h3>",
             f"<p>Raised {uk_date(esc.raised_on)} with {escape(esc.raised_with_name or esc.raised_with_role)}"
             + (f" ({escape(esc.raised_with_role)})" if esc.raised_with_name and esc.raised_with_role else "")
             + (f". Partner agency: {escape(codes.AGENCIES[esc.partner_agency])}" if esc.partner_agency else "")
             + f". The whole process ends on {uk_date(esc.overall_deadline)} "
             f"({esc.overall_working_days} working days).</p>",
             f"<p><b>The concern:</b> {escape(esc.description)}</p>"]
    if esc.asked:
        lines.append(f"<p><b>Asked for:</b> {escape(esc.asked)}</p>")
    lines.append("<p><b>Stages</b></p><ul>")
    for step in esc.steps:
        if step.skipped:
            lines.append(f"<li>{escape(step.stage_label)}: skipped on {uk_date(step.started_on)}</li>")
            continue
        deadline = esc.step_deadline(step)
        text = f"{escape(step.stage_label)}: from {uk_date(step.started_on)}"
        if step.raised_with_name or step.raised_with_role:
            text += f", with {escape(step.raised_with_name or step.raised_with_role)}"
        if deadline is not None:
            text += f", reply due {uk_date(deadline)}"
        if step.ended_on is not None:
            text += f"; {codes.STEP_ENDINGS.get(step.ended_how or '', 'ended').lower()} {uk_date(step.ended_on)}"
        if step.note:
            text += f". {escape(step.note)}"
        lines.append(f"<li>{text}</li>")
    lines.append("</ul>")
    if not esc.is_open:
        lines.append(f"<p><b>Outcome:</b> {escape(codes.OUTCOMES.get(esc.outcome or '', esc.outcome or ''))} on "
                     f"{uk_date(esc.resolved_on)}, after {esc.working_days_to_resolve} working days"
                     + (f". {escape(esc.outcome_note)}" if esc.outcome_note else "") + "</p>")
    return "\n".join(lines)


class EscalationsPage(QWidget):
    raise_requested = Signal()
    move_up_requested = Signal(int)
    skip_requested = Signal(int)
    refer_requested = Signal(int)
    resolve_requested = Signal(int)
    letter_requested = Signal(int)
    settings_requested = Signal()
    open_child = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: EscalationsData | None = None
        self.model = EscalationTableModel(self)
        self.stage_filter = _combo("Filter by stage", "Any stage", [])
        self.theme_filter = _combo("Filter by theme", "Any theme", codes.THEMES.items())
        self.state_filter = _combo("Filter open, resolved or overdue", "Open and resolved", screen.STATES.items())
        self.state_filter.setCurrentIndex(self.state_filter.findData(screen.OPEN))
        for combo in (self.stage_filter, self.theme_filter, self.state_filter):
            combo.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.raise_button = _button("&Raise an escalation…", "Raise an escalation")
        self.raise_button.clicked.connect(self.raise_requested)
        self.settings_button = _button("Stage se&ttings…", "Stage settings")
        self.settings_button.clicked.connect(self.settings_requested)
        filters = QHBoxLayout()
        for label, combo in (("Stage:", self.stage_filter), ("Theme:", self.theme_filter),
                             ("Show:", self.state_filter)):
            filters.addWidget(QLabel(label))
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.settings_button)
        filters.addWidget(self.raise_button)

        self.table = _table(self.model, "Escalations")
        for column, width in ((0, 92), (1, 170), (2, 170), (3, 130), (4, 170)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_detail())
        self.count = QLabel()

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The escalation and its stages")
        self.detail.setOpenLinks(False)
        self.move_up_button = _button("&Move up…", "Move up a stage")
        self.skip_button = _button("S&kip a stage…", "Skip a stage")
        self.refer_button = _button("Refer to &Cafcass…", "Refer to Cafcass")
        self.resolve_button = _button("Record the &outcome…", "Record the outcome")
        self.letter_button = _button("&Letter for this stage…", "Letter for this stage")
        self.child_button = _button("Open the c&hild", "Open the child's record")
        for button, signal in ((self.move_up_button, self.move_up_requested), (self.skip_button, self.skip_requested),
                               (self.refer_button, self.refer_requested),
                               (self.resolve_button, self.resolve_requested),
                               (self.letter_button, self.letter_requested)):
            button.clicked.connect(lambda _c=False, s=signal: self._ask(s))
        self.child_button.clicked.connect(self._open_child)
        actions = QVBoxLayout()
        for b in (self.letter_button, self.move_up_button, self.skip_button, self.refer_button,
                  self.resolve_button, self.child_button):
            actions.addWidget(b)
        actions.addStretch(1)
        detail_box = QGroupBox("Selected escalation")
        detail_layout = QHBoxLayout(detail_box)
        detail_layout.addWidget(self.detail, 1)
        detail_layout.addLayout(actions)

        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.count)
        splitter.addWidget(top)
        splitter.addWidget(detail_box)
        splitter.setSizes([300, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self._show_detail()

    # ---- showing ---------------------------------------------------------------------------

    def set_data(self, data: EscalationsData, select: int | None = None) -> None:
        keep = select if select is not None else (self.selected().id if self.selected() else None)
        self.data = data
        self.model.names, self.model.today = data.names, data.today
        stage = self.stage_filter.currentData()
        self.stage_filter.blockSignals(True)
        self.stage_filter.clear()
        self.stage_filter.addItem("Any stage", None)
        for key, label in data.stage_labels.items():
            self.stage_filter.addItem(label, key)
        self.stage_filter.setCurrentIndex(max(self.stage_filter.findData(stage), 0))
        self.stage_filter.blockSignals(False)
        self._show_rows(keep)

    def clear(self) -> None:
        self.data = None
        self.model.clear()
        self.count.clear()
        self._show_detail()

    def _show_rows(self, keep: int | None = None) -> None:
        if self.data is None:
            return
        keep = keep if keep is not None else (self.selected().id if self.selected() else None)
        data = self.data
        rows = [e for e in data.escalations if screen.matches(
            e, data.today, stage=self.stage_filter.currentData(), theme=self.theme_filter.currentData(),
            state=self.state_filter.currentData())]
        self.model.set_rows(rows)
        self.count.setText(f"{len(rows)} of {len(data.escalations)} escalations shown.")
        row = next((i for i, e in enumerate(rows) if e.id == keep), 0 if rows else None)
        if row is not None:
            self.table.selectRow(row)
        self._show_detail()

    def selected(self) -> Escalation | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select(self, escalation_id: int) -> bool:
        row = self.model.row_for(str(escalation_id))
        if row is None:
            self.state_filter.setCurrentIndex(0)
            self.stage_filter.setCurrentIndex(0)
            self.theme_filter.setCurrentIndex(0)
            row = self.model.row_for(str(escalation_id))
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def _show_detail(self) -> None:
        esc = self.selected()
        if esc is None or self.data is None:
            self.detail.setPlainText("Choose an escalation to see its stages." if self.model.rowCount()
                                     else "No escalations to show.")
        else:
            self.detail.setHtml(history_html(esc, self.data.names))
        is_open = esc is not None and esc.is_open
        later = esc.stages_after_current() if is_open and esc else ()
        self.move_up_button.setEnabled(bool(later))
        self.skip_button.setEnabled(len(later) > 1)
        self.refer_button.setEnabled(is_open and esc is not None and not esc.referred_to_cafcass)
        self.resolve_button.setEnabled(is_open)
        self.letter_button.setEnabled(esc is not None)
        self.child_button.setEnabled(esc is not None)

    def _ask(self, signal) -> None:
        esc = self.selected()
        if esc is not None:
            signal.emit(esc.id)

    def _open_child(self) -> None:
        esc = self.selected()
        if esc is not None:
            self.open_child.emit(esc.child_id)


class GoodPracticePage(QWidget):
    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: EscalationsData | None = None
        self.model = GoodPracticeModel(self)
        self.ratings_model = RatingsModel(self)
        self.about_filter = _combo("Filter good practice by who it is about", "About anyone", codes.ABOUT.items())
        self.about_filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.record_button = _button("Record &good practice…", "Record good practice")
        self.record_button.clicked.connect(self.record_requested)
        self.rating_filter = _combo("Filter ratings", "Any rating",
                                    [(screen.AMBER_OR_RED, "Amber or red"), *RAG.items()])
        self.rating_filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.table = _table(self.model, "Good-practice notifications")
        self.ratings = _table(self.ratings_model, "Quality ratings at reviews")
        for column, width in ((0, 92), (1, 200), (2, 150), (3, 360)):
            self.table.setColumnWidth(column, width)
        for column, width in ((0, 92), (1, 200), (2, 190), (3, 190)):
            self.ratings.setColumnWidth(column, width)
        self.count = QLabel()
        self.ratings_count = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Good-practice notifications</b>"))
        top.addStretch(1)
        top.addWidget(QLabel("About:"))
        top.addWidget(self.about_filter)
        top.addWidget(self.record_button)
        middle = QHBoxLayout()
        middle.addWidget(QLabel("<b>Quality ratings recorded at reviews</b>"))
        middle.addStretch(1)
        middle.addWidget(QLabel("Rating:"))
        middle.addWidget(self.rating_filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(middle)
        layout.addWidget(self.ratings, 1)
        layout.addWidget(self.ratings_count)

    def set_data(self, data: EscalationsData) -> None:
        self.data = data
        self.model.names = self.ratings_model.names = data.names
        self._show_rows()

    def clear(self) -> None:
        self.data = None
        self.model.clear()
        self.ratings_model.clear()
        self.count.clear()
        self.ratings_count.clear()

    def _show_rows(self) -> None:
        if self.data is None:
            return
        about, which = self.about_filter.currentData(), self.rating_filter.currentData()
        rows = [g for g in self.data.good_practice if about is None or g.about == about]
        ratings = [q for q in self.data.ratings if screen.rating_matches(q, which)]
        self.model.set_rows(rows)
        self.ratings_model.set_rows(ratings)
        self.count.setText(f"{len(rows)} of {len(self.data.good_practice)} notifications shown.")
        self.ratings_count.setText(f"{len(ratings)} of {len(self.data.ratings)} rated reviews shown.")


class EscalationsView(QTabWidget):
    """The tab itself: the escalations, and good practice with the quality ratings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.escalations = EscalationsPage()
        self.good_practice = GoodPracticePage()
        self.addTab(self.escalations, "Escalations")
        self.addTab(self.good_practice, "Good practice and quality")
        self.setAccessibleName("Escalations and good practice")
        show_tab_focus(self)

    def set_data(self, data: EscalationsData, select: int | None = None) -> None:
        self.escalations.set_data(data, select)
        self.good_practice.set_data(data)

    def clear(self) -> None:
        self.escalations.clear()
        self.good_practice.clear()

    def today(self) -> date:
        return self.escalations.data.today if self.escalations.data else date.today()
