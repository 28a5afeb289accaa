"""The Outbox screen: every export on its way to the council (or sent), and the receipt of the
one selected: where it went, when, and each file's size and SHA-256 as the council's store
confirmed them. Rows name a folder (the child's id, the record kind, the date, the version),
never a child's name. "Retry now" and "Sync now" are asked for by signal; the controller does them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableView,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from iro_desktop.sync import outbox
from iro_desktop.sync.outbox import Entry
from ui.common.widgets import InfoBar, heading_label, hint_label
from ui.sync.status_indicator import when_words

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Folder", "Record", "State", "Attempts", "Next try", "Last problem")
KIND_WORDS = {outbox.REVIEW_RECORD: "Review record", outbox.MIDWAY_RECORD: "Midway review",
              outbox.FIGURES: "Figures"}


def state_words(e: Entry) -> str:
    if e.state == outbox.SYNCED:
        return f"Synced {when_words(e.synced_at)}"
    if e.state == outbox.FAILED:
        return "Failed — retried later" if e.retried_automatically else "Conflict — needs you"
    return {outbox.QUEUED: "Waiting to send", outbox.UPLOADING: "Sending…", outbox.VERIFYING: "Checking…",
            outbox.SIGNIN: "Waiting for sign-in"}.get(e.state, e.state)


def kind_words(e: Entry) -> str:
    words = KIND_WORDS.get(e.kind, e.kind)
    return f"{words}, version {e.version}" if e.version is not None else words


def size_words(size: int) -> str:
    return f"{size:,} bytes" if size < 10_000 else f"{size / 1024:,.1f} KB"


class OutboxModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> Entry:
        return self._rows[row]

    def row_of(self, bundle_id: str) -> int | None:
        return next((i for i, e in enumerate(self._rows) if e.bundle_id == bundle_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return e.folder
            if col == 1:
                return kind_words(e)
            if col == 2:
                return state_words(e)
            if col == 3:
                return str(e.attempts)
            if col == 4:
                return when_words(e.next_try_at) if e.state == outbox.FAILED else ""
            if col == 5:
                return (e.last_error or "") if e.state != outbox.SYNCED else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{e.folder}, {kind_words(e)}: {state_words(e)}, {e.attempts} attempts"
        return None


class OutboxView(QWidget):
    sync_now = Signal()
    retry_now = Signal(str)  # bundle id
    settings_requested = Signal()
    preview_extract = Signal()
    shown = Signal()  # the screen came into view: read the list if it changed meanwhile

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = OutboxModel(self)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading_label("Outbox"))
        self.summary = QLabel()
        self.summary.setAccessibleName("Outbox summary")
        top.addWidget(self.summary, 1)
        self.sync_button = QPushButton("&Sync now")
        self.sync_button.setAccessibleName("Sync now")
        self.sync_button.clicked.connect(lambda _c=False: self.sync_now.emit())
        self.retry_button = QPushButton("&Retry now")
        self.retry_button.setAccessibleName("Retry the selected export now")
        self.retry_button.clicked.connect(lambda _c=False: self._retry())
        self.settings_button = QPushButton("Sync se&ttings…")
        self.settings_button.setAccessibleName("Sync settings")
        self.settings_button.clicked.connect(lambda _c=False: self.settings_requested.emit())
        for b in (self.sync_button, self.retry_button, self.settings_button):
            top.addWidget(b)
        layout.addLayout(top)
        layout.addWidget(hint_label("Finalised records wait here until the council's store has every file, "
                                    "checked by size and SHA-256. Folders name the child's ID, never a name."))
        self.inbox_bar = InfoBar(tone="info")
        # Words only: showing it before it has a parent would flash it up as a window of its own,
        # taking the keyboard focus from the main window.
        self.inbox_bar.label.setText("A new caseload extract from the council is ready.")
        self.preview_button = self.inbox_bar.add_button("&Preview the import…", self.preview_extract.emit,
                                                        "Preview the import of the council's new caseload extract")
        layout.addWidget(self.inbox_bar)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Exports in the outbox")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col, mode in enumerate((QHeaderView.ResizeMode.Interactive,) * 5 + (QHeaderView.ResizeMode.Stretch,)):
            header.setSectionResizeMode(col, mode)
        for col, width in enumerate((300, 190, 170, 70, 110)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        receipt = QWidget()
        box = QVBoxLayout(receipt)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(heading_label("Receipt", 1.0))
        self.receipt_text = QLabel("Choose an export to see its receipt.")
        self.receipt_text.setWordWrap(True)
        self.receipt_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt_text.setAccessibleName("Receipt of the selected export")
        box.addWidget(self.receipt_text)
        self.files = QTableWidget(0, 3)
        self.files.setHorizontalHeaderLabels(["File", "Size", "SHA-256"])
        self.files.setAccessibleName("Files the council's store confirmed")
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.setTabKeyNavigation(False)
        self.files.verticalHeader().hide()
        self.files.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.files.setColumnWidth(0, 360)
        self.files.setColumnWidth(1, 110)
        self.files.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        box.addWidget(self.files, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(receipt)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self._show_selected()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.shown.emit()

    # ---- shown -----------------------------------------------------------------------------

    def set_entries(self, entries: list[Entry]) -> None:
        keep = self.current_bundle_id()
        self.model.set_entries(entries)
        counts: dict[str, int] = {}
        for e in entries:
            counts[e.state] = counts.get(e.state, 0) + 1
        synced = counts.get(outbox.SYNCED, 0)
        self.summary.setText(f"{len(entries)} export{'' if len(entries) == 1 else 's'}: {synced} synced, "
                             f"{len(entries) - synced} waiting" if entries else "Nothing in the outbox yet.")
        row = self.model.row_of(keep) if keep else None
        if row is not None:
            self.table.selectRow(row)
        self._show_selected()

    def clear(self) -> None:
        self.model.set_entries([])
        self.summary.clear()
        self.inbox_bar.hide()
        self._show_selected()

    def show_extract_offer(self, name: str | None) -> None:
        if name is None:
            self.inbox_bar.hide()
        else:
            self.inbox_bar.show_text(f"A new caseload extract from the council is ready ({name}).")

    def current_bundle_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.entry(index.row()).bundle_id

    def _current(self) -> Entry | None:
        bundle_id = self.current_bundle_id()
        row = self.model.row_of(bundle_id) if bundle_id else None
        return self.model.entry(row) if row is not None else None

    def _retry(self) -> None:
        bundle_id = self.current_bundle_id()
        if bundle_id is not None:
            self.retry_now.emit(bundle_id)

    def _show_selected(self) -> None:
        e = self._current()
        self.retry_button.setEnabled(e is not None and e.state in (outbox.FAILED, outbox.SIGNIN))
        self.files.setRowCount(0)
        if e is None:
            self.receipt_text.setText("Choose an export to see its receipt.")
            return
        lines = [f"{e.folder} — {kind_words(e)}", state_words(e)]
        if e.state == outbox.SYNCED:
            lines[1] = f"Synced {when_words(e.synced_at)} to {e.target}, every file checked by size and SHA-256."
            if not e.bytes_kept:
                lines.append("Its files are no longer kept in the vault (the retention period has passed); "
                             "this receipt stays.")
        else:
            if e.last_error:
                lines.append(e.last_error)
            if e.state == outbox.FAILED and e.next_try_at:
                lines.append(f"Tried {e.attempts} time{'' if e.attempts == 1 else 's'}; next try "
                             f"{when_words(e.next_try_at)}.")
            lines.append("Not yet confirmed by the council's store.")
        self.receipt_text.setText("\n".join(lines))
        self.files.setRowCount(len(e.receipts))
        for row, r in enumerate(e.receipts):
            for col, text in enumerate((r.name, size_words(r.size), r.sha256)):
                self.files.setItem(row, col, QTableWidgetItem(text))
