""""My week": the home screen after unlock.

Counts per category at the top (each one a button that shows only those items), then every item
that is overdue, then everything due within the "due soon" window. A click or Enter on a row
opens that child; the right-click menu records what was done.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPoint, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QSizePolicy,
    QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from iro_desktop.caseload import week
from iro_desktop.timescales import DUE_SOON, OVERDUE

from ui.caseload.empty_caseload import EmptyCaseloadPanel
from ui.common import status_style
from ui.due.week_model import CHILD, DATE, ITEM_ROLE, STATUS, WHAT, WHEN, WeekTableModel

LOADING_TEXT = "Working out what is due…"
RECORD_WORDS = {
    week.REVIEW: "Record the review as held…",
    week.VISIT: "Record the conversation with the child…",
    week.MIDWAY: "Record the midway visit…",
    week.RECORD: "Record when the record was sent…",
    week.DECISIONS: "Record when the decisions were circulated…",
    week.ESCALATION: "Open the escalation…",
}
WRITE_WORDS = {
    week.REVIEW: "Write the review record…",
    week.RECORD: "Write the review record…",
    week.DECISIONS: "Write the review record…",
    week.MIDWAY: "Write the midway review…",
}


class CountCard(QPushButton):
    """One count at the top of "My week"; checking it shows only that category."""

    def __init__(self, category: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.setCheckable(True)
        self.setObjectName("countCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number = QLabel("0")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setWeight(QFont.Weight.Bold)
        self.number.setFont(font)
        self.caption = QLabel(week.CATEGORY_WORDS[category])
        self.caption.setWordWrap(True)
        self.icon_label = QLabel()
        if category in (OVERDUE, DUE_SOON):
            self.icon_label.setPixmap(status_style.icon(category).pixmap(22, 22))
        for label in (self.number, self.caption, self.icon_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.icon_label)
        top.addWidget(self.number)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        self.setMinimumHeight(72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        strong = status_style.strong(category).name() if category in (OVERDUE, DUE_SOON) else "#1f4e79"
        self.setStyleSheet(
            "QPushButton#countCard { background: #ffffff; border: 1px solid #c9ced6; border-radius: 6px; "
            "text-align: left; }"
            "QPushButton#countCard:hover { border-color: #5b6b80; }"
            f"QPushButton#countCard:checked {{ background: #eef3fa; border: 2px solid {strong}; }}"
            "QPushButton#countCard:focus { border: 2px solid #1f4e79; }"
            "QPushButton#countCard QLabel { background: transparent; color: #1d1d1f; }")
        self.set_count(0)

    def set_count(self, n: int) -> None:
        self.number.setText(str(n))
        words = week.CATEGORY_WORDS[self.category]
        self.setAccessibleName(f"{words}: {n}")
        self.setToolTip(f"Show only: {words.lower()}" if n else "")
        # An urgent count in its status colour (dark enough on white); zero stays quiet grey.
        colour = status_style.text_colour(self.category).name() if n and self.category in (
            OVERDUE, DUE_SOON) else ("#1d1d1f" if n else "#5f6368")
        self.number.setStyleSheet(f"color: {colour}; background: transparent;")

    @property
    def count(self) -> int:
        return int(self.number.text())


class _CategoryFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.category: str | None = None

    def set_category(self, category: str | None) -> None:
        self.beginFilterChange()
        self.category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802 - Qt's name
        if self.category is None:
            return True
        item = self.sourceModel().index(source_row, 0, source_parent).data(ITEM_ROLE)
        return item is not None and self.category in (item.status, item.kind)


def due_table(model, parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting table of due items, shared by "My week" and the calendar."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 14)
    table.setIconSize(QSize(18, 18))
    table.setCursor(Qt.CursorShape.PointingHandCursor)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
    for column, width in ((STATUS, 118), (CHILD, 190), (DATE, 210), (WHEN, 190)):
        table.setColumnWidth(column, width)
    return table


class WeekView(QWidget):
    open_child = Signal(str)  # child id
    record_requested = Signal(object)  # a week.WeekItem
    write_requested = Signal(object)  # a week.WeekItem: write its review record or midway review
    meetings_requested = Signal(object)  # a booked meeting's week.WeekItem: the child's meetings
    book_meeting_requested = Signal(object)  # a review's week.WeekItem: book its meeting
    start_record_requested = Signal(object)  # a booked meeting's week.WeekItem: start its review record

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = WeekTableModel(self)
        self.proxy = _CategoryFilter(self)
        self.proxy.setSourceModel(self.model)

        self.heading = QLabel("My week")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        self.subheading.setStyleSheet("color: #3c4043;")

        self.cards: dict[str, CountCard] = {}
        cards_row = QHBoxLayout()
        cards_row.setSpacing(8)
        for category in week.CATEGORIES:
            card = CountCard(category)
            card.toggled.connect(lambda on, c=category: self._card_toggled(c, on))
            self.cards[category] = card
            cards_row.addWidget(card)
        self.filter_note = QLabel()
        self.filter_note.setStyleSheet("color: #3c4043;")

        self.table = due_table(self.proxy)
        self.table.setAccessibleName("Due items: overdue first, then due soon")
        self.table.clicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.empty = QLabel(LOADING_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #3c4043; padding: 24px;")
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty)
        # An empty vault: what to do next (import the extract, or add a child).
        self.empty_panel = EmptyCaseloadPanel()
        self.body.addWidget(self.empty_panel)
        self._empty_vault = False
        self.body.setCurrentWidget(self.empty)
        self.hint = QLabel("Click a row or press Enter to open the child. Right-click a row to record "
                           "what was done.")
        self.hint.setStyleSheet("color: #3c4043;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(6)
        layout.addLayout(cards_row)
        layout.addWidget(self.filter_note)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.hint)
        self._due_soon_days = 10
        self._show_filter_note()

    # ---- showing ---------------------------------------------------------------------------

    def set_items(self, items: list[week.WeekItem], today: date, due_soon_days: int) -> None:
        self._due_soon_days = due_soon_days
        self.subheading.setText(f"{today:%A} {today.day} {today:%B %Y}. Overdue first, then everything due "
                                f"in the next {due_soon_days} working days.")
        self.model.set_items(items)
        for category, n in week.counts(items).items():
            self.cards[category].set_count(n)
        self.empty.setText(f"Nothing is overdue or due in the next {due_soon_days} working days.")
        self._update_body()

    def set_children(self, children: int | None) -> None:
        """How many children the vault holds (allocated or not): none shows what to do next."""
        self._empty_vault = children == 0
        self._update_body()

    def showing_empty_vault(self) -> bool:
        return self.body.currentWidget() is self.empty_panel

    def clear(self) -> None:
        """Forget every item (the vault is locking)."""
        self._empty_vault = False
        self.model.clear()
        for card in self.cards.values():
            card.blockSignals(True)
            card.setChecked(False)
            card.blockSignals(False)
            card.set_count(0)
        self.proxy.set_category(None)
        self.subheading.clear()
        self.empty.setText(LOADING_TEXT)
        self._show_filter_note()
        self._update_body()

    def counts(self) -> dict[str, int]:
        """The numbers on the cards, as shown."""
        return {c: card.count for c, card in self.cards.items()}

    def _update_body(self) -> None:
        self.hint.setVisible(not self._empty_vault)  # no rows to click
        if self._empty_vault:
            self.body.setCurrentWidget(self.empty_panel)
        else:
            self.body.setCurrentWidget(self.table if self.proxy.rowCount() else self.empty)

    def _card_toggled(self, category: str, on: bool) -> None:
        if on:
            for other, card in self.cards.items():
                if other != category and card.isChecked():
                    card.blockSignals(True)
                    card.setChecked(False)
                    card.blockSignals(False)
        self.proxy.set_category(category if on else None)
        self._show_filter_note()
        if not self.proxy.rowCount() and self.model.rowCount():
            self.empty.setText(f"Nothing in “{week.CATEGORY_WORDS[category].lower()}” just now.")
        elif not self.model.rowCount() and self.empty.text() != LOADING_TEXT:
            self.empty.setText(f"Nothing is overdue or due in the next {self._due_soon_days} working days.")
        self._update_body()

    def _show_filter_note(self) -> None:
        category = self.proxy.category
        self.filter_note.setText(f"Showing only: {week.CATEGORY_WORDS[category].lower()}. "
                                 "Click the count again to show everything." if category else "")
        self.filter_note.setVisible(category is not None)

    # ---- asking ----------------------------------------------------------------------------

    def _open(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE) if index.isValid() else None
        if item is not None:
            self.open_child.emit(item.child_id)

    def _menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        item = index.data(ITEM_ROLE) if index.isValid() else None
        if item is None:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_action = QAction("Open the child's record", menu)
        open_action.triggered.connect(lambda: self.open_child.emit(item.child_id))
        menu.addAction(open_action)
        if item.kind == week.MEETING:  # a booked meeting has no paperwork: its meetings and its record
            for words, signal in (("The child's review meetings…", self.meetings_requested),
                                  ("Start the review record", self.start_record_requested)):
                action = QAction(words, menu)
                action.triggered.connect(lambda _checked=False, s=signal: s.emit(item))
                menu.addAction(action)
            menu.popup(self.table.viewport().mapToGlobal(pos))
            return
        record_action = QAction(RECORD_WORDS.get(item.kind, "Record…"), menu)
        record_action.triggered.connect(lambda: self.record_requested.emit(item))
        menu.addAction(record_action)
        if item.kind == week.REVIEW:
            book_action = QAction("Book the review meeting…", menu)
            book_action.triggered.connect(lambda: self.book_meeting_requested.emit(item))
            menu.addAction(book_action)
        if item.kind in WRITE_WORDS:
            write_action = QAction(WRITE_WORDS[item.kind], menu)
            write_action.triggered.connect(lambda: self.write_requested.emit(item))
            menu.addAction(write_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
