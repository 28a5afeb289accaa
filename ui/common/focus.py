"""Where the keyboard focus goes, and how it shows, for someone using the keyboard alone.

Qt's Tab order is the order widgets were made, not where they sit: a dialog's button box made
with Cancel first tabs from Cancel leftwards to OK. And the platform style draws the focus on a
tab only as a faint dotted line, easy to lose on a laptop screen; the home tabs get a plain
frame instead, drawn only while the tab bar has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDialogButtonBox, QTabWidget, QWidget

FOCUS_COLOUR = "#1f4e79"  # the cards' focus border (ui/due/week_view.py): 8.9:1 on white

# The whole tab must be styled once any part is: these are the platform's proportions, with a
# 2-pixel frame in the focus colour on the tab that has the keyboard focus.
TAB_FOCUS_STYLE = (
    "QTabBar::tab { padding: 5px 12px; margin: 0 1px; border: 2px solid transparent; "
    "border-bottom: 2px solid transparent; }"
    "QTabBar::tab:selected { border-bottom: 2px solid #5b6b80; font-weight: bold; }"
    "QTabBar::tab:hover { background: #eef3fa; }"
    f"QTabBar::tab:focus {{ border: 2px solid {FOCUS_COLOUR}; border-radius: 3px; background: #eef3fa; }}"
)


def show_tab_focus(tabs: QTabWidget) -> None:
    """A visible frame on the tab that has the keyboard focus."""
    tabs.tabBar().setStyleSheet(TAB_FOCUS_STYLE)


def buttons_in_reading_order(box: QDialogButtonBox) -> None:
    """Tab through a button box's buttons left to right, as the platform lays them out. The box
    lays its buttons out again when it is first shown (for the platform's order), so the order
    is set then, and again whenever it is shown."""
    box.installEventFilter(_ReadingOrder(box))


class _ReadingOrder(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Show, QEvent.Type.LayoutRequest) and isinstance(watched, QDialogButtonBox):
            _order(watched)
        return False


def _order(box: QDialogButtonBox) -> None:
    layout = box.layout()
    shown: list[QWidget] = []
    for i in range(layout.count() if layout is not None else 0):
        widget = layout.itemAt(i).widget()
        if widget is not None and widget in box.buttons():
            shown.append(widget)
    for first, second in zip(shown, shown[1:]):
        QWidget.setTabOrder(first, second)




# Qt puts a widget made after its window into the Tab order at the window's end, wherever it
# sits: rows added to a form (who attended, decisions) and pages filled in later are put back in
# their place with these. Qt ignores an order set after a widget that never takes the focus (a
# label, a row's frame), so the anchor is always one that can.

def place_after(anchor: QWidget, widgets: list[QWidget]) -> None:
    """Tab goes from ``anchor`` through ``widgets`` in the order given, then on as before."""
    for widget in widgets:
        QWidget.setTabOrder(anchor, widget)
        anchor = widget


def _focusable_before(start: QWidget, moving: list[QWidget]) -> QWidget:
    """The nearest control before ``start`` in the Tab order that is not (in) one of ``moving``."""
    window = start.window()
    before = start.previousInFocusChain()
    while before is not window and (before.focusPolicy() == Qt.FocusPolicy.NoFocus
                                    or any(m is before or m.isAncestorOf(before) for m in moving)):
        before = before.previousInFocusChain()
    return before


def place_before(anchor: QWidget, widgets: list[QWidget]) -> None:
    """Tab goes through ``widgets`` in the order given just before ``anchor``: new rows above
    the button that adds them."""
    place_after(_focusable_before(anchor, widgets), [*widgets, anchor])


def keep_last(window: QWidget, widgets: list[QWidget]) -> None:
    """Put ``widgets`` at the end of ``window``'s Tab order, in the order given: a footer stays
    last however many rows are made in the window after it."""
    place_after(_focusable_before(window, widgets), widgets)
