"""The main screen: search, the caseload table, the selected child's details, and the actions on them.

The view shows and asks; the main window does the work (it holds the vault).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton, QSplitter,
    QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from iro_desktop.caseload.due import ReviewStanding
from iro_desktop.caseload.model import Child, ChildSummary
from iro_desktop.caseload.visits import Visit
from iro_desktop.timescales import ChildDue

from ui.caseload.caseload_model import (
    AGE, AREA, CHILD_ID, CHILD_ID_ROLE, LAST_REVIEW, LEGAL, MILES, NAME, NEXT_REVIEW, PLACEMENT, REVIEW_STATUS,
    SOCIAL_WORKER, CaseloadFilter, CaseloadTableModel,
)
from ui.caseload.child_detail import ChildDetail
from ui.caseload.empty_caseload import EmptyCaseloadPanel


# The columns' shares of the table's width: until the IRO sets widths of their own, the columns
# are fitted to the table, so the last one shows on a 1280-pixel screen beside the child; a cell
# cut short ends in "…" and shows its whole text as a tooltip.
NARROW_SCREEN = 1600  # pixels across: the last review's column starts hidden on a narrower screen
WHOLE_COLUMNS = (CHILD_ID, AGE, NEXT_REVIEW, REVIEW_STATUS, LEGAL, PLACEMENT, MILES, LAST_REVIEW)
DEFAULT_WIDTHS = {NAME: 145, CHILD_ID: 56, AGE: 34, NEXT_REVIEW: 80, REVIEW_STATUS: 70, LEGAL: 44,
                  PLACEMENT: 70, AREA: 165, MILES: 44, SOCIAL_WORKER: 115, LAST_REVIEW: 78}


class CaseloadView(QWidget):
    add_requested = Signal()
    edit_requested = Signal(str)  # child id
    allocation_requested = Signal(str, bool)  # child id, allocated
    selected = Signal(object)  # child id, or None
    show_not_allocated_changed = Signal(bool)
    record_requested = Signal(str, str)  # what ("review", "paperwork", "visit", or "review_record",
    # "midway_record", "records" for the written records), child id
    preview_requested = Signal(str)  # child id: preview and print their documents
    style_requested = Signal(str)  # child id: the colours and picture of their letters
    book_meeting_requested = Signal(str)  # child id: book their review meeting
    meetings_requested = Signal(str)  # child id: their review meetings and who is consulted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseloadTableModel(self)
        self.proxy = CaseloadFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, id, area or social worker")
        self.search.setAccessibleName("Search the caseload")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.show_not_allocated = QCheckBox("Show children no longer allocated to me")
        self.show_not_allocated.toggled.connect(self.show_not_allocated_changed)
        self.add_button = QPushButton("Add child…")
        self.add_button.clicked.connect(self.add_requested)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Caseload")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in DEFAULT_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        # Compact rows: a caseload of 85 should need little scrolling.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._fitting = False
        self.columns_chosen = False  # the IRO has set a column's width: leave them be
        header.sectionResized.connect(self._section_resized)
        # Which columns show: from the View menu, or the headings' right-click menu.
        self.columns_menu = QMenu("Caseload c&olumns", self)
        self._column_actions: dict[int, QAction] = {}
        for column in range(1, self.model.columnCount()):  # the name always shows
            action = self.columns_menu.addAction(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
            self._column_actions[column] = action
        self.columns_menu.aboutToShow.connect(self._tick_columns)
        screen = QGuiApplication.primaryScreen()
        if screen is not None and screen.availableGeometry().width() < NARROW_SCREEN:
            # On a small laptop the names and places need the room; the last review is in the
            # child's details, and the column is a tick away.
            header.setSectionHidden(LAST_REVIEW, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.columns_menu.popup(header.mapToGlobal(pos)))
        self.model.modelReset.connect(self._refit)
        self.table.viewport().installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._edit())

        self.detail = ChildDetail()
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self._edit)
        self.allocation_button = QPushButton("Mark not allocated")
        self.allocation_button.clicked.connect(self._toggle_allocation)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_not_allocated)
        top.addWidget(self.add_button)

        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.allocation_button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        self.record_review_button = QPushButton("Review held…")
        self.record_paperwork_button = QPushButton("Paperwork sent…")
        self.record_visit_button = QPushButton("Visit…")
        self.record_review_button.setAccessibleName("Record a review held")
        self.record_paperwork_button.setAccessibleName("Record paperwork sent for a review")
        self.record_visit_button.setAccessibleName("Record a visit")
        record_row = QHBoxLayout()
        for what, button in (("review", self.record_review_button), ("paperwork", self.record_paperwork_button),
                             ("visit", self.record_visit_button)):
            button.clicked.connect(lambda _checked=False, w=what: self._record(w))
            record_row.addWidget(button)
        # Before the review: a row of its own, so the pane stays three buttons wide.
        self.book_meeting_button = QPushButton("Book meeting…")
        self.book_meeting_button.setAccessibleName("Book a review meeting")
        self.book_meeting_button.clicked.connect(
            lambda _checked=False: self._emit_for_child(self.book_meeting_requested))
        self.meetings_button = QPushButton("Meetings and consultation…")
        self.meetings_button.setAccessibleName("The child's review meetings and who is consulted")
        self.meetings_button.clicked.connect(lambda _checked=False: self._emit_for_child(self.meetings_requested))
        before_row = QHBoxLayout()
        before_row.addWidget(self.book_meeting_button)
        before_row.addWidget(self.meetings_button)
        before_row.addStretch(1)
        record_row.addStretch(1)
        detail_layout.addWidget(QLabel("Before the review:"))
        detail_layout.addLayout(before_row)
        detail_layout.addWidget(QLabel("Record:"))
        detail_layout.addLayout(record_row)
        self.write_review_button = QPushButton("Review record…")
        self.write_midway_button = QPushButton("Midway review…")
        self.records_button = QPushButton("All records…")
        self.write_review_button.setAccessibleName("Write review record")
        self.write_midway_button.setAccessibleName("Write a midway review")
        self.records_button.setAccessibleName("Open the child's reviews and letters")
        write_row = QHBoxLayout()
        for what, button in (("review_record", self.write_review_button), ("midway_record", self.write_midway_button),
                             ("records", self.records_button)):
            button.clicked.connect(lambda _checked=False, w=what: self._record(w))
            write_row.addWidget(button)
        write_row.addStretch(1)
        detail_layout.addWidget(QLabel("Write:"))
        detail_layout.addLayout(write_row)
        self.preview_button = QPushButton("Preview and print…")
        self.preview_button.setAccessibleName("Preview and print the child's letters and leaflet")
        self.style_button = QPushButton("Letter colours…")
        self.style_button.setAccessibleName("Letter colours and picture")
        print_row = QHBoxLayout()
        for signal, button in ((self.preview_requested, self.preview_button), (self.style_requested, self.style_button)):
            button.clicked.connect(lambda _checked=False, s=signal: self._emit_for_child(s))
            print_row.addWidget(button)
        print_row.addStretch(1)
        detail_layout.addWidget(QLabel("Print:"))
        detail_layout.addLayout(print_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([sum(DEFAULT_WIDTHS.values()) + 24, detail_box.minimumSizeHint().width()])
        self.splitter.setChildrenCollapsible(False)

        # An empty vault: what to do next in place of an empty table.
        self.empty_panel = EmptyCaseloadPanel()
        self.body = QStackedWidget()
        self.body.addWidget(self.splitter)
        self.body.addWidget(self.empty_panel)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        self._update_buttons()

    # ---- the columns' widths ---------------------------------------------------------------

    def fit_columns(self) -> None:
        """Fit the shown columns to the table: ids, ages, codes, dates and statuses whole (they
        are short and must be read whole), and the names and words sharing what is left in the
        proportions of DEFAULT_WIDTHS, never wider than those. The last shown column stretches
        into what is left."""
        available = self.table.viewport().width() - 2
        if available <= 0:
            return
        header = self.table.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not shown:
            return
        metrics = header.fontMetrics()
        # The heading with a little room, or the widest cell shown, whichever is wider.
        whole = {c: max(metrics.horizontalAdvance(str(self.model.headerData(c, Qt.Orientation.Horizontal))) + 14,
                        self.table.sizeHintForColumn(c)) for c in WHOLE_COLUMNS if c in shown}
        flexible = {c: w for c, w in DEFAULT_WIDTHS.items() if c not in WHOLE_COLUMNS and c in shown}
        scale = min(1.0, max(0, available - sum(whole.values())) / max(1, sum(flexible.values())))
        self._fitting = True
        try:
            # The last one too: a stretched last section never shrinks below the width it had.
            for column, width in whole.items():
                self.table.setColumnWidth(column, width)
            for column, width in flexible.items():
                self.table.setColumnWidth(column, max(40, int(width * scale)))
        finally:
            self._fitting = False

    def _tick_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column, action in self._column_actions.items():
            action.blockSignals(True)
            action.setChecked(not header.isSectionHidden(column))
            action.blockSignals(False)

    def show_column(self, column: int, shown: bool) -> None:
        """Show or hide a column (kept with the columns' widths when the app closes)."""
        self.table.horizontalHeader().setSectionHidden(column, not shown)
        self._refit()

    def _refit(self) -> None:
        if not self.columns_chosen:
            self.fit_columns()

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self.table.horizontalHeader().count() - 1:
            self.columns_chosen = True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._refit()
        return super().eventFilter(watched, event)

    # ---- showing ---------------------------------------------------------------------------

    def set_rows(self, rows: list[ChildSummary], keep: str | None = None) -> None:
        """Show ``rows``; reselect ``keep`` (a child id) if it is still there."""
        keep = keep or self.current_child_id()
        self.model.set_rows(rows)
        if keep is not None:
            self.select(keep)
        else:
            self.selected.emit(None)
        self._update_buttons()

    def set_reviews(self, reviews: dict[str, ReviewStanding], children: int | None) -> None:
        """Show each child's next review; ``children`` (every child in the vault) of 0 shows
        what to do with an empty vault instead of the table."""
        self.model.set_reviews(reviews)
        self.set_empty_vault(children == 0)

    def set_empty_vault(self, empty: bool) -> None:
        self.body.setCurrentWidget(self.empty_panel if empty else self.splitter)
        for widget in (self.search, self.show_not_allocated):
            widget.setEnabled(not empty)

    def showing_empty_vault(self) -> bool:
        return self.body.currentWidget() is self.empty_panel

    def update_rows(self, rows: list[ChildSummary], child_ids: frozenset[str], keep: str | None = None) -> None:
        """Bring the rows of ``child_ids`` up to date; select ``keep`` if given, and show the
        selected child again if theirs was one of the rows."""
        self.model.update_rows(rows, child_ids)
        current = self.current_child_id()
        if keep is not None and keep != current:
            self.select(keep)
        elif current is not None and current in child_ids:
            self.selected.emit(current)
        self._update_buttons()

    def select(self, child_id: str) -> bool:
        row = self.model.row_for(child_id)
        if row is None:
            self.detail.clear_child()
            self.selected.emit(None)
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def current_child_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(CHILD_ID_ROLE) if rows else None

    def current_summary(self) -> ChildSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.summary(self.proxy.mapToSource(rows[0]).row())

    def show_child(self, child: Child | None, due: ChildDue | None = None,
                   visits: list[Visit] | None = None) -> None:
        if child is None:
            self.detail.clear_child()
        else:
            self.detail.show_child(child, self.current_summary(), due, visits)
        self._update_buttons()

    def clear(self) -> None:
        """Forget everything shown: rows, search, the detail pane (the vault is locking)."""
        self.table.clearSelection()
        self.search.clear()
        self.proxy.set_search("")
        self.model.clear()
        self.detail.clear_child()
        self.set_empty_vault(False)
        self._update_buttons()

    # ---- asking ----------------------------------------------------------------------------

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
        self.selected.emit(self.current_child_id())

    def _edit(self) -> None:
        child_id = self.current_child_id()
        if child_id:
            self.edit_requested.emit(child_id)

    def _record(self, what: str) -> None:
        child_id = self.current_child_id()
        if child_id:
            self.record_requested.emit(what, child_id)

    def _emit_for_child(self, signal) -> None:
        child_id = self.current_child_id()
        if child_id:
            signal.emit(child_id)

    def _toggle_allocation(self) -> None:
        summary = self.current_summary()
        if summary is not None:
            self.allocation_requested.emit(summary.child_id, not summary.allocated)

    def _update_buttons(self) -> None:
        summary = self.current_summary()
        self.edit_button.setEnabled(summary is not None)
        self.allocation_button.setEnabled(summary is not None)
        for button in (self.record_review_button, self.record_paperwork_button, self.record_visit_button,
                       self.write_review_button, self.write_midway_button, self.book_meeting_button,
                       self.meetings_button):
            button.setEnabled(summary is not None and summary.allocated)
        self.records_button.setEnabled(summary is not None)
        self.preview_button.setEnabled(summary is not None)
        self.style_button.setEnabled(summary is not None)
        self.allocation_button.setText("Re-allocate to me" if summary is not None and not summary.allocated
                                       else "Mark not allocated")
