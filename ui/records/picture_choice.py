"""The easy-read letter's pictures, beside the letter: each sentence of the section being
written with the picture it will have, and a way to change it from the bundled pictures.

Which picture a sentence gets is the core's (``documents.pictures``: the IRO's choice, else one
from its words, else the section's picture); the IRO's choice is kept in the letter
(``LetterSection.pictures``, by sentence number), so it is autosaved and saved like any change.
The opening's pictures always come from its words, so they are shown and not offered to change.

Keyboard and screen reader: the sentences are a list (arrow keys), the picture a combo box
after it; every picture has a name ("Picture: cooking and food").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from iro_desktop.documents import pictures
from iro_desktop.documents.letter import Letter
from iro_desktop.printing.pdf.icons import section_icon
from iro_desktop.resources import resource_path

from ui.common.widgets import heading_label, hint_label
from ui.records.letter_sections import OPENING

ICON_SIZE = 28
INK = "#1f2a44"
OPENING_PICTURE = pictures.FALLBACK  # the easy-read letter's picture for the opening's lines


@dataclass(frozen=True)
class PictureSection:
    """The section whose pictures are shown: its words (markup), the IRO's choices, the
    section's own picture for sentences whose words give none, and whether they can change."""

    key: str
    body: str
    chosen: dict[int, str] = field(default_factory=dict)
    fallback: str = pictures.FALLBACK
    changeable: bool = True


def picture_section(letter: Letter | None, key: str | None, body: str, *,
                    read_only: bool) -> PictureSection | None:
    """What the panel shows for section ``key`` of ``letter`` with ``body`` on screen now (None
    for no section, or the signing off, which has no pictures)."""
    if letter is None or key is None:
        return None
    if key == OPENING:
        return PictureSection(key, body, {}, OPENING_PICTURE, changeable=False)
    if not letter.has_section(key):
        return None
    return PictureSection(key, body, dict(letter.section(key).pictures), section_icon(key), not read_only)


def choose_picture(letter: Letter, key: str, number: int, picture: str | None) -> None:
    """Keep the IRO's picture for sentence ``number`` of section ``key`` (None: the one its
    words give again)."""
    pictures.set_choice(letter.section(key).pictures, number, picture)


def picture_name(name: str) -> str:
    """What a screen reader says for a picture: "Picture: cooking and food"."""
    label = pictures.PICTURES.get(name, name.replace("-", " "))
    return f"Picture: {label[:1].lower()}{label[1:]}"


@lru_cache(maxsize=256)
def picture_icon(name: str, size: int = ICON_SIZE) -> QIcon:
    """A bundled picture drawn in the app's ink (the SVGs stroke in ``currentColor``)."""
    try:
        svg = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    except OSError:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", INK).encode("utf-8")))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return QIcon(pixmap)


class PictureChoice(QFrame):
    """The current section's sentences with their pictures, and the picture for the chosen one."""

    choice_made = Signal(str, int, object)  # section key, sentence number, picture name (None: its words')

    REFRESH_MS = 250

    def __init__(self, section: Callable[[], PictureSection | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._section = section
        self._read_only = False
        self.shown: PictureSection | None = None
        self.lines: list[pictures.SentencePicture] = []
        self.setObjectName("pictureChoice")
        self.setStyleSheet("QFrame#pictureChoice { background: #f7f8fa; border: 1px solid #dde1e6; "
                           "border-radius: 4px; }")
        self.setMinimumWidth(230)
        self.title = heading_label("Pictures in the easy-read letter", 1.05)
        self.title.setWordWrap(True)
        self.hint = hint_label("")
        self.hint.setAccessibleName("About the pictures")
        self.sentences = QListWidget()
        self.sentences.setAccessibleName("Sentences and their pictures")
        self.sentences.setWordWrap(True)
        self.sentences.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.sentences.setStyleSheet("QListWidget::item { padding: 4px 0; border-bottom: 1px solid #e3e6ea; } "
                                     "QListWidget::item:selected { background: #dbe7f7; color: #10203a; }")
        self.sentences.currentRowChanged.connect(lambda _row: self._show_picture())
        self.picture_label = QLabel("Picture for this sentence:")
        self.picture = QComboBox()
        self.picture.setAccessibleName("Picture for the chosen sentence")
        self.picture.setIconSize(QSize(ICON_SIZE - 6, ICON_SIZE - 6))
        self.picture.setMaxVisibleItems(12)
        for name, label in sorted(pictures.PICTURES.items(), key=lambda kv: kv[1].casefold()):
            self.picture.addItem(picture_icon(name), label, name)
            self.picture.setItemData(self.picture.count() - 1, picture_name(name), Qt.ItemDataRole.AccessibleTextRole)
        self.picture_label.setBuddy(self.picture)
        self.picture.activated.connect(lambda _index: self._chosen(self.picture.currentData()))
        self.words_button = QPushButton("Use the picture its words give")
        self.words_button.setAccessibleName("Use the picture the sentence's words give")
        self.words_button.clicked.connect(lambda _checked=False: self._chosen(None))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.sentences, 1)
        layout.addWidget(self.picture_label)
        layout.addWidget(self.picture)
        layout.addWidget(self.words_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh_now)

    # ---- following the letter --------------------------------------------------------------

    def refresh(self) -> None:
        """The section or its words changed: show them again soon (at once when next shown)."""
        if self.isVisible():
            self._timer.start()

    def set_read_only(self, read_only: bool) -> None:
        """A finalised letter's pictures are shown, not changed (its sections say so too)."""
        self._read_only = read_only
        self.refresh_now()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh_now()

    def refresh_now(self) -> None:
        self._timer.stop()
        section = self._section()
        row = self.sentences.currentRow()
        same_section = section is not None and self.shown is not None and section.key == self.shown.key
        self.shown = section
        self.lines = (pictures.sentence_pictures(section.body, section.chosen, section.fallback)
                      if section is not None else [])
        self.sentences.blockSignals(True)
        try:
            self.sentences.clear()
            for line in self.lines:
                self.sentences.addItem(self._item(line))
            if self.lines:
                self.sentences.setCurrentRow(min(row, len(self.lines) - 1) if same_section and row >= 0 else 0)
        finally:
            self.sentences.blockSignals(False)
        if section is None:
            self.hint.setText("Choose a section of the letter to see its pictures.")
        elif not self.lines:
            self.hint.setText("No sentences yet: as you write, each sentence gets a picture from its words.")
        elif not section.changeable and section.key == OPENING:
            self.hint.setText("The opening's pictures come from its words.")
        elif not section.changeable:
            self.hint.setText("Each sentence's picture in the easy-read letter.")
        else:
            self.hint.setText("Each sentence gets a picture from its words. Choose a sentence to change its "
                              "picture.")
        self._show_picture()

    def _item(self, line: pictures.SentencePicture) -> QListWidgetItem:
        name = picture_name(line.picture)
        mine = " (your choice)" if line.chosen else ""
        item = QListWidgetItem(picture_icon(line.picture), f"{line.text}\n{name}{mine}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Sentence {line.number}: {line.text} {name}{mine}")
        item.setData(Qt.ItemDataRole.UserRole, line.number)
        return item

    def current_line(self) -> pictures.SentencePicture | None:
        row = self.sentences.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def _show_picture(self) -> None:
        line = self.current_line()
        changeable = line is not None and self.shown is not None and self.shown.changeable and not self._read_only
        self.picture.blockSignals(True)
        try:
            index = self.picture.findData(line.picture) if line is not None else -1
            self.picture.setCurrentIndex(index)
        finally:
            self.picture.blockSignals(False)
        self.picture.setEnabled(changeable)
        self.words_button.setEnabled(changeable and line.chosen)

    def _chosen(self, picture: str | None) -> None:
        line, section = self.current_line(), self.shown
        if line is None or section is None or not section.changeable or self._read_only:
            return
        if picture is not None and picture == line.picture and line.chosen:
            return
        self.choice_made.emit(section.key, line.number, picture)
