"""The windows a feature has open (previews, print and save dialogs, reports), so that locking
closes every one of them and drops any document it holds."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget


class OpenWindows:
    def __init__(self) -> None:
        self._windows: list[QWidget] = []

    def track(self, widget: QWidget) -> QWidget:
        self._windows.append(widget)
        widget.destroyed.connect(lambda _obj=None, w=widget: self._forget(w))
        return widget

    def _forget(self, widget: QWidget) -> None:
        self._windows = [w for w in self._windows if w is not widget]

    def visible(self) -> list[QWidget]:
        return [w for w in self._windows if shiboken6.isValid(w) and w.isVisible()]

    def close_all(self) -> None:
        """Close each one (a dialog is rejected), a document it shows dropped first."""
        windows, self._windows = self._windows, []
        for widget in windows:
            if not shiboken6.isValid(widget):
                continue
            drop = getattr(widget, "drop_document", None)
            if drop is not None:
                drop()
            widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            if isinstance(widget, QDialog):
                widget.reject()
            widget.close()
