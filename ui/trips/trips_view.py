"""Trips: who is due in a window, grouped by where they live, and the trips planned to see them.

The grouping, the feasible visit dates and the suggested visit days all come from
``iro_desktop.trips.planning``; this view shows them, lets the IRO tick children and choose the
trip's dates, and asks the main window to plan, cancel, export or print.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from iro_desktop.timescales import ChildDue
from iro_desktop.trips import by_distance, planning
from iro_desktop.trips.store import Trip

from ui.common.form_widgets import FieldProblem, OptionalDateEdit
from ui.common.formatting import uk_date
from ui.trips.trip_tree import (
    BY_AREA, BY_DISTANCE, CHILD, CHILD_ID, DUE, GROUP_ROLE, NO_TRIP_ROLE, REVIEW, STOP_ROLE, SUGGESTED,
    TREE_HEADINGS, WHERE, WINDOW, add_group, add_not_placed, children_words, short_day,
)

TRIP_ROLE = Qt.ItemDataRole.UserRole + 1


class TripsView(QWidget):
    window_changed = Signal()
    plan_requested = Signal(str, object, object, list)  # area, start, end, child ids
    cancel_requested = Signal(int)  # trip id
    export_trip_requested = Signal(int)
    print_requested = Signal(int)
    export_all_requested = Signal()
    map_requested = Signal()
    open_child = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._due: list[ChildDue] = []
        self._placed: dict[str, planning.Placed] = {}
        self._geography: by_distance.TripGeography | None = None
        self._today: date | None = None
        self.groups: list[planning.AreaGroup | by_distance.DistanceTrip] = []
        self.plan: by_distance.TripPlan | None = None  # the trips by distance shown, if they are
        self._plan_group: planning.AreaGroup | by_distance.DistanceTrip | None = None

        heading = QLabel("Trips")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        heading.setFont(font)
        intro = QLabel("Children whose review falls due by the end of the window, grouped by where they "
                       "live, so one journey can cover several: by distance, each trip's children within a "
                       "day's travel of each other in a suggested visiting order, or by the area named on the "
                       "caseload. A visit is best made in the four weeks before the review is due.")
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #3c4043;")

        self.window_start = OptionalDateEdit(blank_text="Choose a date")
        self.window_end = OptionalDateEdit(blank_text="Choose a date")
        self.window_start.setAccessibleName("Window from")
        self.window_end.setAccessibleName("Window to")
        self.out_of_area_only = QCheckBox("Out of area only")
        self.group_by = QComboBox()
        self.group_by.setAccessibleName("Group children by")
        self.group_by.addItem("Distance", BY_DISTANCE)
        self.group_by.addItem("Area name", BY_AREA)
        self.group_by.currentIndexChanged.connect(lambda _i: self.regroup(keep_ticked=set()))
        self.map_button = QPushButton("Map of the trips…")
        self.map_button.setToolTip("The trips by distance on a map of England and Wales, drawn on this computer")
        self.map_button.clicked.connect(self.map_requested)
        self.export_all_button = QPushButton("Export all due dates to a calendar file…")
        self.export_all_button.clicked.connect(self.export_all_requested)
        for w in (self.window_start, self.window_end):
            w.dateChanged.connect(lambda _d: self.regroup())
        self.out_of_area_only.toggled.connect(lambda _on: self.regroup())
        controls = QHBoxLayout()
        controls.addWidget(QLabel("From:"))
        controls.addWidget(self.window_start)
        controls.addSpacing(8)
        controls.addWidget(QLabel("To:"))
        controls.addWidget(self.window_end)
        controls.addSpacing(12)
        group_label = QLabel("Group by:")
        group_label.setBuddy(self.group_by)
        controls.addWidget(group_label)
        controls.addWidget(self.group_by)
        controls.addSpacing(8)
        controls.addWidget(self.out_of_area_only)
        controls.addStretch(1)
        controls.addWidget(self.map_button)
        controls.addWidget(self.export_all_button)
        self.window_problem = FieldProblem()

        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(TREE_HEADINGS))
        self.tree.setHeaderLabels(TREE_HEADINGS)
        self.tree.setAccessibleName("Children due in the window, by trip")
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column, width in ((CHILD, 212), (CHILD_ID, 70), (WHERE, 115), (REVIEW, 96), (DUE, 114), (WINDOW, 232),
                              (SUGGESTED, 110)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemChanged.connect(self._ticked)
        self.tree.itemActivated.connect(self._activated)
        self.empty_groups = QLabel()
        self.empty_groups.setStyleSheet("color: #3c4043;")
        self.empty_groups.setWordWrap(True)

        self.plan_area = QLabel("Tick the children to see, all on one trip.")
        self.plan_area.setWordWrap(True)
        self.trip_start = OptionalDateEdit(blank_text="Choose a date")
        self.trip_end = OptionalDateEdit(blank_text="Choose a date")
        self.trip_start.setAccessibleName("Trip starts")
        self.trip_end.setAccessibleName("Trip ends")
        self.plan_button = QPushButton("Plan trip")
        self.plan_button.clicked.connect(self._plan)
        self.plan_problem = FieldProblem()
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_area, 1)
        plan_row.addWidget(QLabel("Trip from:"))
        plan_row.addWidget(self.trip_start)
        plan_row.addWidget(QLabel("to:"))
        plan_row.addWidget(self.trip_end)
        plan_row.addWidget(self.plan_button)

        groups_box = QWidget()
        groups_layout = QVBoxLayout(groups_box)
        groups_layout.setContentsMargins(0, 0, 0, 0)
        groups_layout.addWidget(self.tree, 1)
        groups_layout.addWidget(self.empty_groups)
        groups_layout.addLayout(plan_row)
        groups_layout.addWidget(self.plan_problem)

        self.trips_table = QTableWidget(0, 3)
        self.trips_table.setHorizontalHeaderLabels(["Area", "Dates", "Children"])
        self.trips_table.setAccessibleName("Planned trips")
        self.trips_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trips_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.trips_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trips_table.verticalHeader().hide()
        self.trips_table.setWordWrap(False)
        self.trips_table.horizontalHeader().setStretchLastSection(True)
        self.trips_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.trips_table.setColumnWidth(0, 200)
        self.trips_table.setColumnWidth(1, 300)
        self.trips_table.itemSelectionChanged.connect(self._update_trip_buttons)
        self.export_button = QPushButton("Export trip to a calendar file…")
        self.print_button = QPushButton("Print trip sheet…")
        self.cancel_button = QPushButton("Cancel trip…")
        self.export_button.clicked.connect(lambda: self._trip_action(self.export_trip_requested))
        self.print_button.clicked.connect(lambda: self._trip_action(self.print_requested))
        self.cancel_button.clicked.connect(lambda: self._trip_action(self.cancel_requested))
        trip_buttons = QHBoxLayout()
        for b in (self.export_button, self.print_button, self.cancel_button):
            trip_buttons.addWidget(b)
        trip_buttons.addStretch(1)
        calendar_note = QLabel("Calendar files hold the children's initials and ids only, never names or "
                               "addresses: calendars are copied to phones and online services.")
        calendar_note.setWordWrap(True)
        calendar_note.setStyleSheet("color: #3c4043;")
        self.no_trips = QLabel("No trips planned.")
        self.no_trips.setStyleSheet("color: #3c4043;")
        trips_box = QGroupBox("Planned trips")
        trips_layout = QVBoxLayout(trips_box)
        trips_layout.addWidget(self.trips_table, 1)
        trips_layout.addWidget(self.no_trips)
        trips_layout.addLayout(trip_buttons)
        trips_layout.addWidget(calendar_note)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(groups_box)
        self.splitter.addWidget(trips_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([520, 200])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(controls)
        layout.addWidget(self.window_problem)
        layout.addWidget(self.splitter, 1)
        self.trips: list[Trip] = []
        self._update_trip_buttons()
        self._update_plan()

    # ---- data --------------------------------------------------------------------------------

    def set_data(self, due: list[ChildDue], placed: dict[str, planning.Placed], trips: list[Trip],
                 today: date, geography: by_distance.TripGeography | None = None) -> None:
        ticked = set(self.ticked_ids())
        self._due, self._placed, self._geography = due, placed, geography
        self._offer_distance()
        if self._today != today or self.window_start.value() is None:
            # A new day (or the first data since unlock): the window starts today again.
            self._today = today
            with QSignalBlocker(self.window_start), QSignalBlocker(self.window_end):
                start, end = planning.default_window(today)
                self.window_start.set_value(start)
                self.window_end.set_value(end)
        self.regroup(keep_ticked=ticked)
        self._show_trips(trips)

    def _offer_distance(self) -> None:
        """Grouping by distance needs a base to measure from: without one, by area name, and why."""
        base = self._geography.base if self._geography is not None else None
        item = self.group_by.model().item(self.group_by.findData(BY_DISTANCE))
        item.setEnabled(base is not None)
        item.setText(f"Distance from {base.district}" if base is not None else "Distance (no base set)")
        item.setToolTip("" if base is not None else by_distance.NO_BASE_SET)
        if base is None and self.group_by.currentData() == BY_DISTANCE:
            with QSignalBlocker(self.group_by):
                self.group_by.setCurrentIndex(self.group_by.findData(BY_AREA))

    @property
    def by_distance(self) -> bool:
        return self.group_by.currentData() == BY_DISTANCE

    def clear(self) -> None:
        """Forget every child and trip (the vault is locking)."""
        self._due, self._placed, self.groups, self._today = [], {}, [], None
        self._geography, self.plan = None, None
        self._plan_group = None
        with QSignalBlocker(self.tree):
            self.tree.clear()
        self.trips_table.setRowCount(0)
        self.trips = []
        with QSignalBlocker(self.window_start), QSignalBlocker(self.window_end), \
                QSignalBlocker(self.out_of_area_only), QSignalBlocker(self.group_by):
            self.window_start.set_value(None)
            self.window_end.set_value(None)
            self.out_of_area_only.setChecked(False)
            self.group_by.setCurrentIndex(self.group_by.findData(BY_DISTANCE))
        for w in (self.trip_start, self.trip_end):
            w.set_value(None)
        self.plan_problem.show_problems([])
        self.window_problem.show_problems([])
        self.empty_groups.clear()
        self._update_trip_buttons()
        self._update_plan()

    def regroup(self, keep_ticked: set[str] | None = None) -> None:
        start, end = self.window_start.value(), self.window_end.value()
        with QSignalBlocker(self.tree):
            self.tree.clear()
        self.groups, self.plan = [], None
        self.map_button.setEnabled(False)
        self.window_problem.show_problems([])
        if self._today is None or start is None or end is None:
            self._update_plan()
            return
        if end < start:
            self.window_problem.show_problems(["The window ends before it starts."])
            self.empty_groups.setText("")
            self._update_plan()
            return
        away_only = self.out_of_area_only.isChecked()
        plan = None
        if self.by_distance and self._geography is not None:
            due = [d for d in self._due if not away_only
                   or (d.child_id in self._placed and self._placed[d.child_id].out_of_area)]
            plan = self._geography.plan(due, self._placed, start, end)
        if plan is not None:
            self.plan = plan
            self.groups = list(plan.trips)
        else:
            self.groups = list(planning.group_by_area(self._due, self._placed, start, end, out_of_area_only=away_only))
        with QSignalBlocker(self.tree):
            for group in self.groups:
                add_group(self.tree, group, plan, keep_ticked or set())
            if plan is not None and plan.not_placed:
                add_not_placed(self.tree, plan)
        self.tree.expandAll()
        nobody = not self.groups and not (plan is not None and plan.not_placed)
        self.empty_groups.setText("" if not nobody else
                                  f"No child's review falls due between {uk_date(start)} and {uk_date(end)}"
                                  + (" among children placed out of area." if away_only else "."))
        self.empty_groups.setVisible(nobody)
        self.map_button.setEnabled(bool(plan is not None and plan.trips))
        self._update_plan()
        self.window_changed.emit()

    def _show_trips(self, trips: list[Trip]) -> None:
        selected = self.selected_trip_id()
        self.trips = list(trips)
        self.trips_table.setRowCount(len(trips))
        for r, trip in enumerate(trips):
            dates = short_day(trip.start_date) if trip.start_date == trip.end_date else \
                f"{short_day(trip.start_date)} to {short_day(trip.end_date)}"
            names = ", ".join(self._placed[c].name if c in self._placed else c for c in trip.child_ids)
            for c, text in enumerate((trip.area, dates, names)):
                item = QTableWidgetItem(text)
                item.setData(TRIP_ROLE, trip.id)
                if c == 2:
                    item.setToolTip(names)
                self.trips_table.setItem(r, c, item)
            if trip.id == selected:
                self.trips_table.selectRow(r)
        self.no_trips.setVisible(not trips)
        self._update_trip_buttons()

    # ---- ticking and planning ----------------------------------------------------------------

    def stop_items(self) -> list[QTreeWidgetItem]:
        out = []
        for g in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(g)
            for c in range(top.childCount()):
                if top.child(c).data(0, STOP_ROLE) is not None:
                    out.append(top.child(c))
        return out

    def ticked_ids(self) -> list[str]:
        return [i.data(0, STOP_ROLE).child_id for i in self.stop_items()
                if i.checkState(0) == Qt.CheckState.Checked]

    def tick(self, child_id: str, on: bool = True) -> None:
        for item in self.stop_items():
            if item.data(0, STOP_ROLE).child_id == child_id:
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _ticked(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0 or item.checkState(0) == Qt.CheckState.Unchecked:
            self._update_plan()
            return
        # One trip goes to one area: ticking a child in another area starts again there.
        mine = item if item.parent() is None else item.parent()
        with QSignalBlocker(self.tree):
            for g in range(self.tree.topLevelItemCount()):
                top = self.tree.topLevelItem(g)
                if top is not mine and top.checkState(0) != Qt.CheckState.Unchecked:
                    top.setCheckState(0, Qt.CheckState.Unchecked)
                    for c in range(top.childCount()):
                        if top.child(c).data(0, STOP_ROLE) is not None:
                            top.child(c).setCheckState(0, Qt.CheckState.Unchecked)
        self._update_plan(default_dates=True)

    def _ticked_group(self) -> tuple[planning.AreaGroup | by_distance.DistanceTrip | None, list[planning.Stop]]:
        for g in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(g)
            stops = [top.child(c).data(0, STOP_ROLE) for c in range(top.childCount())
                     if top.child(c).data(0, STOP_ROLE) is not None
                     and top.child(c).checkState(0) == Qt.CheckState.Checked]
            if stops:
                return top.data(0, GROUP_ROLE), stops
        return None, []

    def _update_plan(self, default_dates: bool = False) -> None:
        group, stops = self._ticked_group()
        self._plan_group = group
        self.plan_button.setEnabled(group is not None)
        if group is None:
            self.plan_area.setText("Tick the children to see, all on one trip, then choose the trip's dates.")
            return
        self.plan_area.setText(f"Trip to {group.area} to see {children_words(len(stops))}.")
        if default_dates:
            start, end = self._default_dates(group, stops)
            self.trip_start.set_value(start)
            self.trip_end.set_value(end)

    @staticmethod
    def _default_dates(group: planning.AreaGroup | by_distance.DistanceTrip,
                       stops: list[planning.Stop]) -> tuple[date, date]:
        """The first day the whole group can be seen, or the core's suggested days for these children."""
        if group.one_trip_fits_all:
            return group.earliest, group.earliest
        days = [day for day, seen in group.suggested_days() if any(s in seen for s in stops)]
        return min(days), max(days)

    def _plan(self) -> None:
        group, stops = self._ticked_group()
        if group is None:
            return
        start, end = self.trip_start.value(), self.trip_end.value()
        if start is None or end is None:
            self.plan_problem.show_problems(["Choose the dates the trip starts and ends."])
            return
        self.plan_problem.show_problems([])
        self.plan_requested.emit(group.area, start, end, [s.child_id for s in stops])

    def show_plan_problems(self, messages: list[str]) -> None:
        self.plan_problem.show_problems(messages)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        stop = item.data(0, STOP_ROLE) or item.data(0, NO_TRIP_ROLE)
        if stop is not None:
            self.open_child.emit(stop.child_id)

    # ---- planned trips -----------------------------------------------------------------------

    def selected_trip_id(self) -> int | None:
        rows = self.trips_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.trips_table.item(rows[0].row(), 0)
        return item.data(TRIP_ROLE) if item else None

    def select_trip(self, trip_id: int) -> None:
        for r in range(self.trips_table.rowCount()):
            if self.trips_table.item(r, 0).data(TRIP_ROLE) == trip_id:
                self.trips_table.selectRow(r)

    def trip(self, trip_id: int) -> Trip | None:
        return next((t for t in self.trips if t.id == trip_id), None)

    def _trip_action(self, signal) -> None:
        trip_id = self.selected_trip_id()
        if trip_id is not None:
            signal.emit(trip_id)

    def _update_trip_buttons(self) -> None:
        chosen = self.selected_trip_id() is not None
        for b in (self.export_button, self.print_button, self.cancel_button):
            b.setEnabled(chosen)
