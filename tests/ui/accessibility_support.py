"""What a screen reader and a keyboard user meet in a window: the controls that take focus,
the name Qt's accessibility layer gives each one (what a screen reader says), the form labels
that name an input, and the order Tab walks. Used by the accessibility and tab order tests."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QFormLayout, QLabel,
    QDateTimeEdit, QLayout, QRadioButton, QTabBar, QTabWidget, QWidget,
)


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader says for ``widget``: its accessible name, or what Qt makes of
    it (a button's text, a buddy label's text, a group box's title)."""
    face = QAccessible.queryAccessibleInterface(widget)
    return "" if face is None else face.text(QAccessible.Text.Name).strip()


def _inner_part(widget: QWidget) -> bool:
    """A widget that is part of another control (a spin box's or combo box's line edit, a
    scroll area's viewport, a tab bar's scroll buttons): the outer control is checked instead."""
    parent = widget.parentWidget()
    if parent is None:
        return False
    if isinstance(parent, (QAbstractSpinBox, QComboBox, QTabBar)):
        return True
    return isinstance(parent, QAbstractScrollArea) and widget is parent.viewport()


def focusable(window: QWidget) -> list[QWidget]:
    """The visible controls of ``window`` (itself a top-level window) that take focus, enabled
    or not, in the order they were made; inner parts of a control are left out."""
    found = []
    for w in window.findChildren(QWidget):
        if w.window() is not window or not w.isVisible():
            continue
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or _inner_part(w):
            continue
        # A widget that hands its focus to another is reached (and named) through that one.
        if w.focusProxy() is not None and w.focusProxy() is not w:
            continue
        found.append(w)
    return found


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    words = [type(widget).__name__]
    if widget.objectName():
        words.append(f"#{widget.objectName()}")
    if text:
        words.append(repr(text))
    if widget.toolTip():
        words.append(f"tip {widget.toolTip()!r}")
    return " ".join(words)


def nameless(window: QWidget, title: str | None = None) -> list[str]:
    """Every focusable control of ``window`` a screen reader would announce with no name, as
    'window: class #objectName 'text''."""
    title = title or window.windowTitle() or type(window).__name__
    return [f"{title}: {describe(w)}" for w in focusable(window) if not spoken_name(w)]


def _layouts(window: QWidget) -> list[QLayout]:
    layouts = window.findChildren(QLayout)
    return [lay for lay in layouts if isinstance(lay, QFormLayout)]


def _inputs_in(item) -> list[QWidget]:
    """The focusable widgets a form row's field holds (the widget itself, or those in its layout)."""
    if item is None:
        return []
    if item.widget() is not None:
        w = item.widget()
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and not isinstance(w, QLabel):
            return [w]
        return [c for c in w.findChildren(QWidget) if c.focusPolicy() != Qt.FocusPolicy.NoFocus
                and not _inner_part(c) and not isinstance(c, QLabel)][:1]
    if item.layout() is not None:
        lay = item.layout()
        for i in range(lay.count()):
            found = _inputs_in(lay.itemAt(i))
            if found:
                return found[:1]
    return []


def unlabelled_rows(window: QWidget, title: str | None = None) -> list[str]:
    """Every visible form row whose label is not its input's buddy, where the input has no
    accessible name of its own: the screen reader would not say the label with the input."""
    title = title or window.windowTitle() or type(window).__name__
    problems = []
    for form in _layouts(window):
        parent = form.parentWidget()
        if parent is None or parent.window() is not window or not parent.isVisible():
            continue
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            if not isinstance(label, QLabel) or not label.isVisible() or not label.text().strip():
                continue
            for field in _inputs_in(field_item):
                if field.isVisible() and label.buddy() is not field and not _own_name(field):
                    problems.append(f"{title}: the label {label.text()!r} is not the buddy of {describe(field)}")
    return problems


def _own_name(field: QWidget) -> bool:
    """A name of the input's own, not taken from a label: its accessible name, or a button's text."""
    return bool(field.accessibleName().strip() or (isinstance(field, QAbstractButton) and field.text().strip()))


def position(widget: QWidget) -> QPoint:
    """Where ``widget`` sits in its window (its top-left corner in window coordinates)."""
    return widget.mapTo(widget.window(), QPoint(0, 0))


# ---- Tab ---------------------------------------------------------------------------------------

TRAPPED = "kept the focus"


def tab_chain(window: QWidget, qtbot, limit: int = 150) -> tuple[list[QWidget], list[str]]:
    """The controls Tab visits in ``window``, once round from the first in reading order; and
    the controls that kept the focus when Tab was pressed in them (a table walking its cells,
    a text editor typing a tab). A date box takes a Tab for each of its parts (day, month,
    year) before it lets the focus go, as Qt's date boxes do: that is not a trap."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QApplication.processEvents()  # laid out: rows just added sit where they will be seen
    controls = tabbable(window)
    if not controls:
        return [], []
    first = min(controls, key=lambda w: (position(w).y() // 16, position(w).x()))
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=5_000)
    chain: list[QWidget] = []
    traps: list[str] = []
    for _ in range(limit):
        now = QApplication.focusWidget()
        if now is None or now in chain:
            break
        chain.append(now)
        for _part in range(4 if isinstance(now, QDateTimeEdit) else 1):
            QTest.keyClick(now, Qt.Key.Key_Tab)
            if QApplication.focusWidget() is not now:
                break
        if QApplication.focusWidget() is now:
            traps.append(f"{describe(now)} {TRAPPED}")
            break
    return chain, traps


def each_page(window: QWidget):
    """Show each page of every tab widget in ``window`` in turn (nested ones too), yielding the
    tabs' names ("Letter", "Details / Decisions"); the window itself when it has no tabs."""
    def walk(done: frozenset):
        tabs = [t for t in window.findChildren(QTabWidget)
                if t.window() is window and t.isVisible() and t not in done]
        if not tabs:
            yield ""
            return
        t = tabs[0]
        for i in range(t.count()):
            if not t.isTabEnabled(i) or not t.isTabVisible(i):
                continue
            t.setCurrentIndex(i)
            for rest in walk(done | {t}):
                yield " / ".join(x for x in (t.tabText(i).replace("&", ""), rest) if x)
    yield from walk(frozenset())


def tabbable(window: QWidget) -> list[QWidget]:
    """The controls Tab should reach: visible, enabled, taking focus by Tab (of a group of radio
    buttons, the checked one: the arrow keys move between them)."""
    found = []
    for w in focusable(window):
        if not w.isEnabled() or not (w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value):
            continue
        if isinstance(w, QRadioButton) and w.autoExclusive() and not w.isChecked():
            continue
        found.append(w)
    return found


def out_of_order(chain: list[QWidget], tolerance: int = 12) -> list[str]:
    """Each Tab that goes back against reading order: to a control further left on the same
    row, or up and not into a column to the right (a tab widget's pages and side-by-side
    columns are read top to bottom, one after the other)."""
    problems = []
    for a, b in zip(chain, chain[1:]):
        pa, pb = position(a), position(b)
        if a.isAncestorOf(b) or b.isAncestorOf(a):
            continue
        same_row = abs(pa.y() - pb.y()) <= tolerance
        if same_row and pb.x() < pa.x() - tolerance:
            problems.append(f"{describe(a)} → {describe(b)}: back to the left on the same row")
        elif not same_row and pb.y() < pa.y() and pb.x() < pa.x() + a.width() - tolerance:
            problems.append(f"{describe(a)} → {describe(b)}: back up the window")
    return problems
