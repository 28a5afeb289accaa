"""The two tabs every record editor has after its own pages: the core's checks on what is on
screen (``ChecksPage``) and every version of the record with its fingerprint (``VersionsPage``)."""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QListWidget, QListWidgetItem, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from iro_desktop.reviews.checks import Checks
from iro_desktop.reviews.lifecycle import VersionInfo

from ui.common.formatting import uk_date
from ui.common.widgets import heading_label, hint_label


class ChecksPage(QWidget):
    """The core's checks on what is on screen: what must be fixed, what finalising needs, and
    what is worth a look."""

    item_activated = Signal(str)  # the field the check is about
    recheck_requested = Signal()

    def __init__(self, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = heading_label("Not checked yet", 1.05)
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Checks before finalising")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda item: self.item_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.list.itemDoubleClicked.connect(
            lambda item: self.item_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recheck = QPushButton("Check again")
        self.recheck.clicked.connect(self.recheck_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recheck)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(hint_label(f"Finalising the {noun} (the Finalise button at the bottom, or Ctrl+Shift+F) "
                                    "stores your name, the date and a fingerprint (hash) of its content, and makes "
                                    "it read-only. Double-click a line, or press Enter on it, to go to it."))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.checks: Checks | None = None

    def show_checks(self, checks: Checks) -> None:
        self.checks = checks
        self.list.clear()
        groups = (("Must be put right", checks.problems, "#b3261e", "✖"),
                  ("Needed before finalising", checks.missing, "#8a5300", "○"),
                  ("Worth a look", checks.warnings, "#455a64", "ℹ"))
        for title, items, colour, mark in groups:
            if not items:
                continue
            header = QListWidgetItem(title)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setForeground(QColor(colour))
            self.list.addItem(header)
            for where, message in items:
                item = QListWidgetItem(f"{mark}  {message}")
                item.setData(Qt.ItemDataRole.UserRole, where)
                item.setForeground(QColor(colour))
                self.list.addItem(item)
        if checks.can_finalise:
            extra = f" ({len(checks.warnings)} thing{'s' if len(checks.warnings) != 1 else ''} worth a look)" \
                if checks.warnings else ""
            self.summary.setText("✔ Ready to finalise" + extra)
            self.summary.setStyleSheet("color: #1e4620;")
        else:
            n = len(checks.problems) + len(checks.missing)
            self.summary.setText(f"Not ready to finalise yet: {n} thing{'s' if n != 1 else ''} to do")
            self.summary.setStyleSheet("color: #8a5300;")
        if not (checks.problems or checks.missing or checks.warnings):
            done = QListWidgetItem("Everything a finished record needs is here.")
            done.setFlags(Qt.ItemFlag.NoItemFlags)
            done.setForeground(QColor("#1e4620"))
            self.list.addItem(done)
        first = next((i for i in range(self.list.count())
                      if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled), None)
        if first is not None:
            self.list.setCurrentRow(first)


class VersionsPage(QWidget):
    """Every version of the record, with who finalised it, when and its fingerprint."""

    open_requested = Signal(int)  # version

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 6)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.table.setAccessibleName("Versions")
        self.table.setHorizontalHeaderLabels(["Version", "State", "Finalised by", "On", "Reason for amending",
                                              "Fingerprint (SHA-256)"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.open_button = QPushButton("Open this version (read-only)")
        self.open_button.clicked.connect(self._open)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(hint_label("Every version is kept exactly as it was. A finalised version's "
                                          "fingerprint is checked against its text each time this list is shown."))
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(buttons)

    def add_widget(self, widget: QWidget) -> None:
        self.layout_.addWidget(widget)

    def show_versions(self, versions: list[tuple[VersionInfo, bool]]) -> None:
        self.table.setRowCount(len(versions))
        for r, (v, intact) in enumerate(versions):
            state = "Finalised" if v.read_only else ("Amending" if v.amendment_reason else "Being written")
            sha = v.content_sha256
            check = ("✔ " if intact else "✖ changed since: ") if v.read_only else ""
            cells = [str(v.version), state, v.finalised_by or "", uk_date(v.finalised_on),
                     v.amendment_reason or "", f"{check}{sha[:16]}…"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, v.version)
                if c == 5:
                    item.setToolTip(sha)
                self.table.setItem(r, c, item)
        if versions:
            self.table.selectRow(len(versions) - 1)
        self.table.resizeRowsToContents()

    def _open(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_requested.emit(int(self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)))
