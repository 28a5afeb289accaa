"""A month calendar of every outstanding due item, and a list of the chosen day's items.

Days with something due are in bold on a tint of their most urgent status, with that status's
icon and the number of items drawn in the cell, and a tooltip in words: colour is never the only
sign. The items come from the core (``week.open_items``) with the rest of "My week".

Today's cell also counts what is overdue (those items sit on the days they fell due), and choosing
today lists them above today's own. A limit on a weekend or bank holiday says the working day
before it ("by Fri 4 Sep", ``week.by_words``), as My week does.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QStackedWidget,
    QTableView, QVBoxLayout, QWidget,
)

from iro_desktop.caseload import week
from iro_desktop.caseload.due import BOOKED
from iro_desktop.timescales import DUE_SOON, ON_TRACK, OVERDUE

from ui.common import status_style
from ui.due.week_model import CHILD, DATE, ITEM_ROLE, STATUS, WHEN, WeekTableModel, day_look, status_words
from ui.due.week_view import due_table

NO_DAY_TEXT = "Nothing is due on this day."
# Weekends and bank holidays: grey on a grey tint, not the red Qt uses, which would read as "overdue".
NOT_WORKING = "#5f6368"
NOT_WORKING_TINT = "#f1f3f4"


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def day_words(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


class DueCalendar(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_date: dict[date, list[week.WeekItem]] = {}
        self.overdue: list[week.WeekItem] = []  # wherever they fell due: today's cell counts them
        self.today: date | None = None
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setAccessibleName("Calendar of due dates")
        self.setMinimumSize(460, 360)
        quiet = QTextCharFormat()
        quiet.setForeground(QColor(NOT_WORKING))
        quiet.setBackground(QColor(NOT_WORKING_TINT))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, quiet)
        view = self.findChild(QTableView, "qt_calendar_calendarview")
        if view is not None:
            view.setAccessibleName("Calendar of due dates")
            # The row of day names needs one line, not a sixth of the calendar.
            rows = view.verticalHeader()
            rows.setMinimumSectionSize(10)
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            rows.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
            rows.resizeSection(0, self.fontMetrics().height() + 10)
        self._bank_holidays: set[date] = set()

    def set_items(self, by_date: dict[date, list[week.WeekItem]], today: date | None,
                  overdue: list[week.WeekItem] | None = None) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # forget every earlier mark
        self.by_date = by_date
        self.overdue = list(overdue or [])
        self.today = today
        self._bank_holidays = set()
        if today is not None:
            self._bank_holidays = set(week.bank_holidays_around(today))
            for day in self._bank_holidays:
                fmt = QTextCharFormat()
                fmt.setForeground(QColor(NOT_WORKING))
                fmt.setBackground(QColor(NOT_WORKING_TINT))
                fmt.setToolTip(f"{day_words(day)}: bank holiday, not a working day")
                self.setDateTextFormat(to_qdate(day), fmt)
        for day, items in by_date.items():
            status = day_look(items)
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(status_style.tint(status))
            fmt.setForeground(status_style.text_colour(status))
            holiday = " (bank holiday)" if day in self._bank_holidays else ""
            lines = [f"{day_words(day)}{holiday}: {len(items)} {'item' if len(items) == 1 else 'items'} due"]
            if week.by_words(day):
                lines[0] += f", {week.by_words(day)} (not a working day)"
            lines += [f"• {status_words(i)}: {i.name} – {i.words}" for i in items[:8]]
            if len(items) > 8:
                lines.append(f"…and {len(items) - 8} more")
            fmt.setToolTip("\n".join(lines))
            self.setDateTextFormat(to_qdate(day), fmt)
        if today is not None and self.overdue:
            fmt = self.dateTextFormat(to_qdate(today))
            fmt.setFontWeight(QFont.Weight.Bold)
            earlier = fmt.toolTip() or day_words(today)
            fmt.setToolTip(f"Today: {overdue_words(len(self.overdue))}. Choose today to list them.\n{earlier}")
            self.setDateTextFormat(to_qdate(today), fmt)
        self.updateCells()

    def clear_items(self) -> None:
        self.set_items({}, None)

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:  # noqa: N802 - Qt's name
        super().paintCell(painter, rect, qdate)
        day = from_qdate(qdate)
        items = self.by_date.get(day)
        painter.save()
        if day == self.today:
            pen = QPen(QColor("#1f4e79"), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
            if self.overdue:
                # What is overdue, counted on today: the overdue icon and the number, bottom left.
                size = max(10, min(14, rect.height() // 3))
                status_style.draw_status(painter, QRectF(rect.left() + 4, rect.bottom() - size - 3, size, size),
                                         OVERDUE)
                font = painter.font()
                font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
                font.setBold(True)
                painter.setFont(font)
                painter.setPen(status_style.text_colour(OVERDUE))
                painter.drawText(rect.adjusted(size + 7, 0, 0, -2),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), f"{len(self.overdue)}")
        if items:
            status = day_look(items)
            size = max(10, min(16, rect.height() // 3))
            status_style.draw_status(painter, QRectF(rect.right() - size - 3, rect.top() + 3, size, size), status)
            if len(items) > 1:
                font = painter.font()
                font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
                font.setBold(True)
                painter.setFont(font)
                painter.setPen(status_style.text_colour(status))
                painter.drawText(rect.adjusted(0, 0, -4, -2),
                                 int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom), f"{len(items)}")
        painter.restore()


def overdue_words(n: int) -> str:
    return f"{n} {'item' if n == 1 else 'items'} overdue"


def _legend() -> QWidget:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 4, 0, 0)
    grid.setHorizontalSpacing(6)
    for col, status in enumerate((OVERDUE, DUE_SOON, ON_TRACK, BOOKED)):
        icon = QLabel()
        icon.setPixmap(status_style.icon(status).pixmap(16, 16))
        grid.addWidget(icon, 0, col * 2)
        grid.addWidget(QLabel(status_style.words(status)), 0, col * 2 + 1)
    grid.setColumnStretch(8, 1)
    note = QLabel("A number in a day shows how many items are due then. Today has a blue border, and "
                  "counts what is overdue beside the overdue sign; choose today to list it. Weekends and "
                  "bank holidays are grey: they are not working days.")
    note.setWordWrap(True)
    note.setStyleSheet("color: #3c4043;")
    grid.addWidget(note, 1, 0, 1, 9)
    return box


class DueCalendarView(QWidget):
    open_child = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar = DueCalendar()
        self.calendar.selectionChanged.connect(self._show_day)
        self.today_button = QPushButton("Today")
        self.today_button.clicked.connect(self.go_to_today)
        self.day_model = WeekTableModel(self)
        self.day_heading = QLabel()
        font = self.day_heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.day_heading.setFont(font)
        self.day_heading.setWordWrap(True)
        self.day_table = due_table(self.day_model)
        self.day_table.setAccessibleName("Items due on the chosen day")
        self.day_table.hideColumn(DATE)
        # A narrower table than My week's: let long items wrap rather than scroll sideways.
        self.day_table.setWordWrap(True)
        header = self.day_table.horizontalHeader()
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CHILD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        self.day_table.setColumnWidth(CHILD, 150)
        self.day_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.day_table.clicked.connect(self._open)
        self.day_table.activated.connect(self._open)
        self.day_empty = QLabel(NO_DAY_TEXT)
        self.day_empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.day_empty.setStyleSheet("color: #3c4043; padding: 8px 2px;")
        self.day_body = QStackedWidget()
        self.day_body.addWidget(self.day_table)
        self.day_body.addWidget(self.day_empty)

        left = QVBoxLayout()
        top = QHBoxLayout()
        heading = QLabel("Calendar")
        hfont = heading.font()
        hfont.setPointSizeF(hfont.pointSizeF() * 1.6)
        hfont.setBold(True)
        heading.setFont(hfont)
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.today_button)
        left.addLayout(top)
        left.addWidget(self.calendar, 1)
        left.addWidget(_legend())
        right = QVBoxLayout()
        right.addSpacing(8)
        right.addWidget(self.day_heading)
        right.addWidget(self.day_body, 1)
        hint = QLabel("Click an item or press Enter to open the child.")
        hint.setStyleSheet("color: #3c4043;")
        right.addWidget(hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.addLayout(left, 5)
        layout.addSpacing(12)
        layout.addLayout(right, 4)
        self._show_day()

    def set_items(self, items: list[week.WeekItem], today: date) -> None:
        self.calendar.set_items(week.by_date(items), today, [i for i in items if i.status == OVERDUE])
        self._show_day()

    def clear(self) -> None:
        """Forget every item (the vault is locking)."""
        self.calendar.clear_items()
        self.day_model.clear()
        self._show_day()

    def marked(self, d: date) -> list[week.WeekItem]:
        return list(self.calendar.by_date.get(d, []))

    def go_to_today(self) -> None:
        today = QDate.currentDate()
        self.calendar.setSelectedDate(today)
        self.calendar.setCurrentPage(today.year(), today.month())

    def show_date(self, d: date) -> None:
        self.calendar.setSelectedDate(to_qdate(d))

    def _show_day(self) -> None:
        day = from_qdate(self.calendar.selectedDate())
        items = self.calendar.by_date.get(day, [])
        heading = day_words(day)
        if day == self.calendar.today and self.calendar.overdue:
            # Today: everything overdue first (each on the day it fell due), then today's own.
            overdue = self.calendar.overdue
            items = overdue + [i for i in items if i not in overdue]
            heading += f" (today): {overdue_words(len(overdue))}"
        elif items and week.by_words(day):
            heading += f": not a working day, so {week.by_words(day)}"
        self.day_heading.setText(heading)
        self.day_model.set_items(items)
        self.day_body.setCurrentWidget(self.day_table if items else self.day_empty)

    def _open(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE) if index.isValid() else None
        if item is not None:
            self.open_child.emit(item.child_id)
