"""A PDF shown from memory: QtPdf reading a QBuffer over the bytes, with page and zoom controls.

The bytes never touch the disk. ``clear()`` closes the document and empties the buffer, so the
PDF is gone from the widget the moment the window closes or the vault locks; the owner drops
its own reference at the same time.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QSpinBox, QStyle, QToolButton, QVBoxLayout, QWidget,
)

FIT_WIDTH = "Fit to width"
WHOLE_PAGE = "Whole page"
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


def open_pdf(data: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading ``data`` through an in-memory QBuffer (both returned: the buffer
    must live as long as the document). Loading a buffer is synchronous: on return the status
    is Ready, or Error with ``error()`` saying why."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def close_pdf(document: QPdfDocument | None, buffer: QBuffer | None) -> None:
    """Close the document and empty its buffer, so no copy of the PDF stays in either."""
    if document is not None:
        document.close()
    if buffer is not None:
        buffer.close()
        buffer.setData(QByteArray())


class PdfViewer(QWidget):
    """Pages of one in-memory PDF, scrolled continuously, with previous/next, a page number and
    zoom (fit to width, whole page, or a percentage)."""

    loaded = Signal(int)  # page count, once a document is shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None

        self.view = QPdfView()  # parented by the layout, after the bar above it: Tab goes down the window
        self.view.setAccessibleName("Document preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #5f6368; }")
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)

        style = self.style()
        self.previous_button = self._tool_button(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
                                                 "Previous page", QKeySequence.StandardKey.MoveToPreviousPage)
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button = self._tool_button(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                             "Next page", QKeySequence.StandardKey.MoveToNextPage)
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page number")
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda n: self.go_to_page(n - 1))
        self.page_total = QLabel()

        self.zoom_out_button = self._tool_button(None, "Zoom out", QKeySequence.StandardKey.ZoomOut, "−")
        self.zoom_out_button.clicked.connect(lambda: self._step_zoom(-1))
        self.zoom_in_button = self._tool_button(None, "Zoom in", QKeySequence.StandardKey.ZoomIn, "+")
        self.zoom_in_button.clicked.connect(lambda: self._step_zoom(+1))
        self.zoom_box = QComboBox()
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.addItem(FIT_WIDTH, FIT_WIDTH)
        self.zoom_box.addItem(WHOLE_PAGE, WHOLE_PAGE)
        for factor in ZOOM_STEPS:
            self.zoom_box.addItem(f"{factor:.0%}", factor)
        self.zoom_box.activated.connect(lambda i: self.set_zoom(self.zoom_box.itemData(i)))

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(QLabel("Page"))
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_total)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_box)
        bar.addWidget(self.zoom_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._update_controls()

    def _tool_button(self, icon, text: str, shortcut: QKeySequence.StandardKey, label: str | None = None
                     ) -> QToolButton:
        button = QToolButton()
        if icon is not None:
            button.setIcon(icon)
        else:
            button.setText(label or text)
        button.setToolTip(f"{text} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        button.setAccessibleName(text)
        button.setShortcut(QKeySequence(shortcut))
        button.setAutoRaise(True)
        return button

    # ---- the document ----------------------------------------------------------------------

    def show_pdf(self, data: bytes) -> bool:
        """Show ``data`` (replacing what was shown); False if QtPdf could not read it."""
        self.clear()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready
        self._update_controls()
        if ok:
            self.go_to_page(0)
            self.loaded.emit(self.document.pageCount())
        return ok

    def clear(self) -> None:
        """Forget the PDF: close the document and empty and drop the buffer."""
        buffer, self._buffer = self._buffer, None
        close_pdf(self.document, buffer)
        if buffer is not None:
            buffer.deleteLater()
        self._update_controls()

    def page_count(self) -> int:
        return self.document.pageCount() if self.document.status() == QPdfDocument.Status.Ready else 0

    def current_page(self) -> int:
        """0-based."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        count = self.page_count()
        if count == 0:
            return
        page = max(0, min(page, count - 1))
        navigator = self.view.pageNavigator()
        if page != navigator.currentPage() or self.page_box.value() != page + 1:
            navigator.jump(page, QPointF(), navigator.currentZoom())
        self._update_controls()

    def _page_changed(self, _page: int) -> None:
        self._update_controls()

    # ---- zoom ------------------------------------------------------------------------------

    def set_zoom(self, zoom: float | str) -> None:
        """A factor (1.0 is actual size), FIT_WIDTH or WHOLE_PAGE."""
        if zoom == FIT_WIDTH:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif zoom == WHOLE_PAGE:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(zoom))
        self._update_controls()

    def zoom_words(self) -> str:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            return FIT_WIDTH
        if mode == QPdfView.ZoomMode.FitInView:
            return WHOLE_PAGE
        return f"{self.view.zoomFactor():.0%}"

    def _step_zoom(self, direction: int) -> None:
        # Step from the size on screen now, whatever mode it came from.
        now = self._effective_zoom()
        if direction > 0:
            bigger = [z for z in ZOOM_STEPS if z > now + 0.01]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [z for z in ZOOM_STEPS if z < now - 0.01]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _effective_zoom(self) -> float:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return self.view.zoomFactor()
        # QPdfView draws a point as a pixel at 100 % (at 72 dpi), scaled to fit in the other modes.
        size = self.document.pagePointSize(max(0, self.current_page()))
        viewport = self.view.viewport().size()
        width_zoom = viewport.width() / max(1.0, size.width())
        if mode == QPdfView.ZoomMode.FitToWidth:
            return width_zoom
        return min(width_zoom, viewport.height() / max(1.0, size.height()))

    # ---- controls --------------------------------------------------------------------------

    def _update_controls(self) -> None:
        count = self.page_count()
        page = self.current_page() + 1 if count else 0
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if count else 0, max(count, 0))
        self.page_box.setValue(page)
        self.page_box.blockSignals(False)
        self.page_box.setEnabled(count > 1)
        self.page_total.setText(f"of {count}" if count else "")
        self.previous_button.setEnabled(count > 0 and page > 1)
        self.next_button.setEnabled(count > 0 and page < count)
        for w in (self.zoom_box, self.zoom_in_button, self.zoom_out_button):
            w.setEnabled(count > 0)
        words = self.zoom_words()
        index = self.zoom_box.findText(words)
        self.zoom_box.blockSignals(True)
        if index < 0:
            self.zoom_box.setEditable(False)
            self.zoom_box.setCurrentIndex(-1)
            self.zoom_box.setPlaceholderText(words)
        else:
            self.zoom_box.setCurrentIndex(index)
        self.zoom_box.blockSignals(False)
