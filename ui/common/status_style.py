"""How a due status looks: its words, a drawn icon of its own shape, and quiet colours.

Colour is never the only sign. Each status has words (from the core's STATUS_WORDS) and an icon
whose shape differs (a circle with "!" for overdue, a clock for due soon, a tick for on track or
done, a calendar page for a booked meeting, which is not a deadline), so it reads in black and
white, to colour-blind eyes and to a screen reader. Text colours
on their tints are dark enough for WCAG AA (4.5:1) and more.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from iro_desktop.caseload.due import BOOKED, STANDING_WORDS
from iro_desktop.timescales import DONE, DUE_SOON, ON_TRACK, OVERDUE, STATUS_WORDS

# (strong colour for the icon, pale tint behind the words, dark text on that tint)
COLOURS = {
    OVERDUE: ("#b3261e", "#fde7e6", "#7a1712"),
    DUE_SOON: ("#a85d00", "#fff1cc", "#5c3b00"),
    ON_TRACK: ("#2e7d32", "#e3f2e5", "#1b4d1f"),
    DONE: ("#5f6368", "#eeeeee", "#303336"),
    BOOKED: ("#1a5c9e", "#e4eefa", "#0d3a66"),
}
WORDS = {**STATUS_WORDS, BOOKED: STANDING_WORDS[BOOKED]}


def words(status: str) -> str:
    return WORDS.get(status, status)


def tint(status: str) -> QColor:
    return QColor(COLOURS.get(status, COLOURS[DONE])[1])


def text_colour(status: str) -> QColor:
    return QColor(COLOURS.get(status, COLOURS[DONE])[2])


def strong(status: str) -> QColor:
    return QColor(COLOURS.get(status, COLOURS[DONE])[0])


def draw_status(painter: QPainter, rect: QRectF, status: str) -> None:
    """Draw the status's sign into ``rect`` (square); used for icons and calendar cells."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = min(rect.width(), rect.height())
    box = QRectF(rect.center().x() - s / 2, rect.center().y() - s / 2, s, s).adjusted(s * .06, s * .06,
                                                                                       -s * .06, -s * .06)
    colour = strong(status)
    white = QPen(QColor("white"), max(1.5, s * .13), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                 Qt.PenJoinStyle.RoundJoin)
    c = box.center()
    if status == OVERDUE:  # filled circle with an exclamation mark
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(box)
        painter.setPen(white)
        painter.drawLine(QPointF(c.x(), box.top() + s * .24), QPointF(c.x(), c.y() + s * .08))
        painter.drawPoint(QPointF(c.x(), box.bottom() - s * .22))
    elif status == DUE_SOON:  # a clock face
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(box)
        painter.setPen(white)
        painter.drawLine(c, QPointF(c.x(), box.top() + s * .2))
        painter.drawLine(c, QPointF(box.right() - s * .24, c.y()))
    elif status == ON_TRACK:  # filled circle with a tick
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(box)
        path = QPainterPath(QPointF(box.left() + s * .24, c.y() + s * .02))
        path.lineTo(QPointF(c.x() - s * .06, box.bottom() - s * .26))
        path.lineTo(QPointF(box.right() - s * .22, box.top() + s * .28))
        painter.setPen(white)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    elif status == BOOKED:  # a calendar page: a square, its top bar and two rings
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        page = box.adjusted(s * .04, s * .14, -s * .04, 0)
        painter.drawRoundedRect(page, s * .1, s * .1)
        painter.setPen(white)
        top = page.top() + page.height() * .34
        painter.drawLine(QPointF(page.left() + s * .16, top), QPointF(page.right() - s * .16, top))
        for x in (page.left() + page.width() * .3, page.right() - page.width() * .3):
            painter.drawLine(QPointF(x, box.top()), QPointF(x, page.top() + s * .06))
        painter.drawPoint(QPointF(c.x(), page.bottom() - page.height() * .3))
    else:  # done: a plain tick, no circle
        pen = QPen(colour, max(1.5, s * .16), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        path = QPainterPath(QPointF(box.left() + s * .1, c.y()))
        path.lineTo(QPointF(c.x() - s * .08, box.bottom() - s * .14))
        path.lineTo(QPointF(box.right() - s * .08, box.top() + s * .14))
        painter.setPen(pen)
        painter.setBrush(QBrush())
        painter.drawPath(path)
    painter.restore()


@lru_cache(maxsize=None)
def icon(status: str) -> QIcon:
    result = QIcon()
    for size in (16, 20, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        draw_status(painter, QRectF(0, 0, size, size), status)
        painter.end()
        result.addPixmap(pixmap)
    return result
