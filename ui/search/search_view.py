"""Find anything: full-text search over letters, midway reviews and notes, with the matches marked.

The view asks (``query_changed``) and shows what it is given; the search itself is the core's
(``iro_desktop.search``), run on the vault thread by whoever owns the vault. The matches are
drawn from the core's highlight offsets, never by searching the text again here. ``clear``
empties everything (the lock routine calls it).
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, QVBoxLayout, QWidget,
)

from iro_desktop import search

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_DELAY_MS = 250
MARK_STYLE = "background-color:#ffe58a; font-weight:bold;"

_Index = QModelIndex | QPersistentModelIndex


def snippet_html(hit: search.SearchHit) -> str:
    """The snippet with each match (the core's offsets) marked, everything else escaped."""
    out, last = [], 0
    for start, end in hit.highlights:
        out.append(escape(hit.snippet[last:start]))
        out.append(f"<span style='{MARK_STYLE}'>{escape(hit.snippet[start:end])}</span>")
        last = end
    out.append(escape(hit.snippet[last:]))
    return "".join(out)


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[search.SearchHit] = []
        self._names: dict[str, str] = {}

    def set_hits(self, hits: list[search.SearchHit], names: dict[str, str]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._names = dict(names)
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([], {})

    def hit(self, row: int) -> search.SearchHit:
        return self._hits[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        name = self._names.get(hit.child_id, hit.child_id)
        kind = search.KINDS.get(hit.kind, hit.kind)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name} · {hit.title} · {hit.marked('', '')}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name}, {hit.title}: {hit.snippet}"
        if role == HTML_ROLE:
            title = hit.title if hit.kind != search.NOTE else kind
            return (f"<div><b>{escape(name)}</b> <span style='color:#455a64'>· {escape(title)}</span></div>"
                    f"<div style='color:#202124'>{snippet_html(hit)}</div>")
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Double-click or press Enter to open"
        return None


class SnippetDelegate(QStyledItemDelegate):
    """Draws a result as rich text: the child, the record, and the snippet with matches marked."""

    PADDING = 6

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(50, option.rect.width() - 2 * self.PADDING))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.left() + self.PADDING, option.rect.top() + self.PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.HighlightedText))
        context.clip = QRectF(0, 0, option.rect.width() - self.PADDING, option.rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        width = option.rect.width() if option.rect.width() > 0 else 600
        opt = QStyleOptionViewItem(option)
        opt.rect.setWidth(width)
        doc = self._document(opt, index)
        return QSize(width, int(doc.size().height()) + 2 * self.PADDING + 1)


class SearchView(QWidget):
    query_changed = Signal(str, object, object)  # what was typed, child id or None, kinds or None
    open_requested = Signal(object)  # a SearchHit

    KIND_CHOICES = (("Everything", None), ("Review records", [search.REVIEW]), ("Midway reviews", [search.MIDWAY]),
                    ("Notes", [search.NOTE]))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QLineEdit()
        self.box.setPlaceholderText("Find words in letters, midway reviews and notes (Ctrl+F)")
        self.box.setAccessibleName("Find")
        self.box.setClearButtonEnabled(True)
        self.child = QComboBox()
        self.child.setAccessibleName("Only this child")
        self.child.setMinimumContentsLength(18)
        self.child.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.child.addItem("All children", None)
        self.kinds = QComboBox()
        self.kinds.setAccessibleName("Only these records")
        for text, kinds in self.KIND_CHOICES:
            self.kinds.addItem(text, kinds)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.setWordWrap(True)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.doubleClicked.connect(self._open)
        self.results.activated.connect(self._open)
        self.status = QLabel("Type a word to search everything you have written.")
        self.status.setStyleSheet("color: #455a64;")
        self._names: dict[str, str] = {}
        self._asked = ""  # the words of the search on its way
        self._shown_query = ""  # the words whose results are shown
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self.search_now)
        self.child.currentIndexChanged.connect(lambda _i: self.search_now())
        self.kinds.currentIndexChanged.connect(lambda _i: self.search_now())

        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addWidget(QLabel("Child:"))
        top.addWidget(self.child)
        top.addWidget(QLabel("In:"))
        top.addWidget(self.kinds)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    # ---- filling ---------------------------------------------------------------------------

    def set_children(self, children: list[tuple[str, str]]) -> None:
        """(child id, name) for the filter, in the caseload's order."""
        current = self.child.currentData()
        self._names = dict(children)
        self.child.blockSignals(True)
        try:
            self.child.clear()
            self.child.addItem("All children", None)
            for child_id, name in sorted(children, key=lambda c: c[1].casefold()):
                self.child.addItem(name, child_id)
            index = self.child.findData(current) if current is not None else 0
            self.child.setCurrentIndex(max(0, index))
        finally:
            self.child.blockSignals(False)

    def set_child_filter(self, child_id: str | None) -> None:
        index = self.child.findData(child_id) if child_id is not None else 0
        self.child.setCurrentIndex(max(0, index))

    def search_now(self) -> None:
        self._timer.stop()
        text = self.box.text()
        if not text.strip():
            self.model.clear()
            self.status.setText("Type a word to search everything you have written.")
            return
        self._asked = text
        self.query_changed.emit(text, self.child.currentData(), self.kinds.currentData())

    def shown_query(self) -> str:
        """The words the results shown were found for (what opening one marks)."""
        return self._shown_query

    def show_hits(self, hits: list[search.SearchHit]) -> None:
        self._shown_query = self._asked
        self.model.set_hits(hits, self._names)
        n = len(hits)
        self.status.setText("Nothing found." if n == 0 else f"{n} found{' (the best 100)' if n >= 100 else ''}. "
                            "Double-click one to open it.")

    def show_failure(self, text: str) -> None:
        self.status.setText(text)

    def focus_search(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def clear(self) -> None:
        """Forget the search, the results and the children (the vault is locking)."""
        self._timer.stop()
        self.box.blockSignals(True)
        self.box.clear()
        self.box.blockSignals(False)
        self.model.clear()
        self._names = {}
        self._asked = self._shown_query = ""
        self.child.blockSignals(True)
        self.child.clear()
        self.child.addItem("All children", None)
        self.child.blockSignals(False)
        self.status.setText("Type a word to search everything you have written.")

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is not None:
            self.open_requested.emit(hit)
