"""Settings for printed documents.

* My details for children (the IRO's own, once called "print settings"): name, phone, number
  for texts, email and photo as children's letters and leaflets show them; the council's
  feedback form address (printed as a QR code); how children reach the advocacy service and
  make a complaint.
* A child's letter style: the colour theme they chose, and their own picture.

Everything is read and saved through the core (``printing.print_settings``) on the vault
thread; the core checks every value and re-encodes pictures (dropping their
metadata, such as where a phone photo was taken). A picture file is only read when saving.
Nothing here goes to QSettings.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import shiboken6
from PySide6.QtCore import QSize, QStandardPaths, Qt
from PySide6.QtGui import QColor, QIcon, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from iro_desktop.errors import ValidationError
from iro_desktop.printing import print_settings, profile, themes
from iro_desktop.printing.print_settings import KEEP, ChildStyle, PictureChange, PrintSettings

from ui.common.form_widgets import FieldProblem
from ui.common.messages import error_text
from ui.printing.printer import documents_folder

if TYPE_CHECKING:
    from ui.printing.output_context import Outputs

PICTURE_FILTERS = ["Pictures (*.png *.jpg *.jpeg *.gif *.webp *.bmp *.tif *.tiff)", "All files (*)"]


def pictures_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or documents_folder()


def _note(text: str) -> QLabel:
    """A line under a field that says what it is for, in grey."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444;")
    return label


def _thumbnail(pixmap: QPixmap, side: int) -> QPixmap:
    return pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


class PictureField(QWidget):
    """A picture shown small, with Choose… and Remove. Holds the picture as the vault has it
    and what the IRO changed it to (a file to read when saving, or removed)."""

    SIDE = 110

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what  # "photo", "picture": for the words on screen
        self._had_picture = False
        self.chosen: Path | None = None
        self.removed = False
        self.image = QLabel()
        self.image.setFixedSize(self.SIDE, self.SIDE)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setFrameShape(QFrame.Shape.StyledPanel)
        self.image.setAccessibleName(what.capitalize())
        self.choose_button = QPushButton(f"Choose a {what}…")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(f"Remove the {what}")
        self.remove_button.clicked.connect(self.remove)
        self.problem = FieldProblem()
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.image, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(buttons)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self._show(None)

    def set_stored(self, data: bytes | None) -> None:
        """The picture as the vault holds it (already re-encoded by the core)."""
        self._had_picture = data is not None
        self.chosen, self.removed = None, False
        pixmap = QPixmap()
        self._show(pixmap if data is not None and pixmap.loadFromData(data) else None)

    def choose(self) -> QFileDialog:
        dialog = QFileDialog(self, f"Choose a {self.what}")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(PICTURE_FILTERS)
        dialog.setDirectory(pictures_folder())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.use_file(Path(path)))
        dialog.open()
        return dialog

    def use_file(self, path: Path) -> None:
        """Show the file chosen; it is read and kept (re-encoded by the core) on saving."""
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # turned upright as the core will turn it
        image = reader.read()
        self.problem.show_problems([])
        if image.isNull():
            self.problem.show_problems(["This file is not a picture the app can read; use a PNG or JPEG picture."])
            return
        self.chosen, self.removed = path, False
        self._show(QPixmap.fromImage(image))

    def remove(self) -> None:
        self.chosen, self.removed = None, True
        self.problem.show_problems([])
        self._show(None)

    def change(self) -> PictureChange:
        """KEEP, None (remove) or the chosen file's path."""
        if self.chosen is not None:
            return self.chosen
        if self.removed and self._had_picture:
            return None
        return KEEP

    def _show(self, pixmap: QPixmap | None) -> None:
        if pixmap is None:
            self.image.setPixmap(QPixmap())
            self.image.setText(f"No {self.what}")
        else:
            self.image.setPixmap(_thumbnail(pixmap, self.SIDE - 6))
        self.remove_button.setEnabled(pixmap is not None)


# The window's title. The menu item (``ui/app/menus.py``) and the preview's button say
# "My details for children…": the IRO's own details as children see them.
TITLE = "Your details on children's letters"


class _SettingsDialog(QDialog):
    """What both dialogs share: read on the vault thread, fields shown once read, saved on the
    vault thread, each problem shown under its field, the dialog open until all is well."""

    WHAT = ""  # what is being read or saved, for the busy line: "your details for children"
    SAVED = ""  # the status line once saved

    def __init__(self, outputs: "Outputs", parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.outputs = outputs
        self.ctx = outputs.ctx
        self._session = self.ctx.session()
        self.problems: dict[str, FieldProblem] = {}
        self.general_problem = FieldProblem()
        self.loaded = False
        self.saving = False
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    def _problem(self, field: str) -> FieldProblem:
        label = FieldProblem()
        self.problems[field] = label
        return label

    def _still_wanted(self) -> bool:
        return shiboken6.isValid(self) and self._session == self.ctx.session() and self.isVisible()

    def _load(self, read: Callable[[Any], Any], show: Callable[[Any], None]) -> None:
        vault = self.ctx.vault()
        if vault is None:
            return

        def done(values: Any) -> None:
            if self._still_wanted():
                show(values)
                self.loaded = True
                self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

        def failed(exc: BaseException) -> None:
            if self._still_wanted():
                self.general_problem.show_problems([error_text(exc)])

        self.ctx.worker.run(lambda: read(vault), text=f"Reading {self.WHAT}…", done=done, failed=failed)

    def _save(self, write: Callable[[Any], None], field_of: Callable[[str], str] = lambda f: f) -> None:
        vault = self.ctx.vault()
        if vault is None or not self.loaded or self.saving:
            return
        for label in (*self.problems.values(), self.general_problem):
            label.show_problems([])
        self.saving = True
        self.buttons.setEnabled(False)

        def done(_result: object) -> None:
            if not self._still_wanted():
                return
            self.saving = False
            self.buttons.setEnabled(True)
            self.ctx.status(self.SAVED)
            super(_SettingsDialog, self).accept()

        def failed(exc: BaseException) -> None:
            if not self._still_wanted():
                return
            self.saving = False
            self.buttons.setEnabled(True)
            if isinstance(exc, ValidationError):
                for where, message in exc.problems:
                    (self.problems.get(field_of(where)) or self.general_problem).show_problems([message])
            else:
                self.general_problem.show_problems([error_text(exc)])

        self.ctx.worker.run(lambda: write(vault), text=f"Saving {self.WHAT}…", done=done, failed=failed)

    def accept(self) -> None:
        self.save()

    def save(self) -> None:
        raise NotImplementedError


# ---- the IRO's details for children ----------------------------------------------------------------

class PrintSettingsDialog(_SettingsDialog):
    """The IRO's own details as children see them (the menu's "My details for children…")."""

    WHAT = "your details for children"
    SAVED = "Your details for children saved."

    def __init__(self, outputs: "Outputs", parent: QWidget | None = None) -> None:
        super().__init__(outputs, parent)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(620)
        self.before: PrintSettings | None = None

        intro = QLabel("How you appear on children's letters and the “My IRO” leaflet. Leave a box empty "
                       "to leave it off the page.")
        intro.setWordWrap(True)
        self.name = self._line("Your name", "As children should see it, like Alex Penhallow")
        self.phone = self._line("Phone", "Like 01632 960 418")
        self.text = self._line("Mobile for text messages", "Like 07700 900 418")
        self.email = self._line("Email", "Like alex.penhallow@northshire.gov.uk")
        self.photo = PictureField("photo")
        self.problems["photo"] = self.photo.problem
        self.problems["picture"] = self.photo.problem

        you = QGroupBox("You")
        form = QFormLayout(you)
        for label, widget, field in (("Name:", self.name, "name"), ("Phone:", self.phone, "phone"),
                                     ("Text messages:", self.text, "text"), ("Email:", self.email, "email")):
            form.addRow(label, widget)
            form.addRow("", self._problem(field))
        form.addRow("Photo:", self.photo)
        photo_note = _note("A photo helps a child put a face to your name. It is kept in the vault, made "
                           "smaller, and stripped of anything but the picture (such as where it was taken).")
        form.addRow("", photo_note)

        self.feedback = self._line("Feedback form web address", "https://…")
        self.consultation = self._line("Online consultation form web address", "https://…")
        self.advocacy = self._line("Advocacy service", "Like Northshire Advocacy: call 0800 000 0000 or text "
                                                       "07700 900000")
        self.complaints = self._line("Complaints", "Like Call 0800 000 0001 or ask your IRO")
        council = QGroupBox("Your council's services for children")
        cform = QFormLayout(council)
        cform.addRow("Feedback form:", self.feedback)
        feedback_note = _note("Printed on letters as a QR code a child can scan to tell the council what "
                              "they think.")
        cform.addRow("", feedback_note)
        cform.addRow("", self._problem("feedback_address"))
        cform.addRow("Consultation form:", self.consultation)
        cform.addRow("", _note("Printed on the consultation forms before a review as a QR code (children) or a "
                               "link (adults), for saying it online."))
        cform.addRow("", self._problem("consultation_address"))
        cform.addRow("Advocacy:", self.advocacy)
        cform.addRow("", self._problem("advocacy"))
        cform.addRow("Complaints:", self.complaints)
        cform.addRow("", self._problem("complaints"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(you)
        layout.addWidget(council)
        layout.addWidget(self.general_problem)
        layout.addWidget(self.buttons)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(profile.MAX_TEXT)
        return edit

    def start(self) -> None:
        self._load(print_settings.read_print_settings, self._show)

    def _show(self, s: PrintSettings) -> None:
        self.before = s
        self.name.setText(s.profile.name)
        self.phone.setText(s.profile.phone)
        self.text.setText(s.profile.text)
        self.email.setText(s.profile.email)
        self.photo.set_stored(s.profile.photo)
        self.feedback.setText(s.feedback)
        self.consultation.setText(s.consultation)
        self.advocacy.setText(s.services.advocacy)
        self.complaints.setText(s.services.complaints)

    def save(self) -> None:
        before = self.before
        if before is None:
            return
        name, phone, text, email = (w.text() for w in (self.name, self.phone, self.text, self.email))
        feedback, advocacy, complaints = self.feedback.text(), self.advocacy.text(), self.complaints.text()
        consultation = self.consultation.text()
        photo = self.photo.change()

        def write(vault) -> None:
            print_settings.save_print_settings(vault, before, name=name, phone=phone, text=text, email=email,
                                               feedback=feedback, advocacy=advocacy, complaints=complaints,
                                               photo=photo, consultation=consultation)

        self._save(write)


# ---- a child's letter style ----------------------------------------------------------------------

def theme_swatch(theme: themes.Theme, size: QSize = QSize(56, 32)) -> QPixmap:
    """A small picture of a theme: its tint as the page, its accent as a stripe, its ink as a dot."""
    pixmap = QPixmap(size)
    pixmap.fill(QColor(theme.tint))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(0, 0, size.width(), max(4, size.height() // 6), QColor(theme.accent))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.ink))
    d = size.height() // 2
    painter.drawEllipse(6, size.height() - d - 4, d, d)
    painter.fillRect(12 + d, size.height() - d // 2 - 6, size.width() - d - 18, 4, QColor(theme.ink))
    painter.setPen(QColor(theme.ink))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(0, 0, size.width() - 1, size.height() - 1)
    painter.end()
    return pixmap


class ThemePreview(QFrame):
    """A heading and a line of a letter as they would look in the theme."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("themePreview")
        self.setMinimumWidth(260)
        self.heading = QLabel("How you are doing")
        self.heading.setObjectName("themeHeading")
        self.body = QLabel("It was lovely to see you at home on Tuesday.")
        self.body.setWordWrap(True)
        self.body.setObjectName("themeBody")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.setAccessibleName("How the letter looks in these colours")

    def show_theme(self, theme: themes.Theme) -> None:
        self.setStyleSheet(
            f"QFrame#themePreview {{ background: {theme.tint}; border: 2px solid {theme.ink}; "
            f"border-top: 8px solid {theme.accent}; border-radius: 6px; }} "
            f"QLabel#themeHeading {{ color: {theme.ink}; font-size: 16pt; font-weight: bold; }} "
            "QLabel#themeBody { color: #1f1f1f; font-size: 12pt; }")


class ChildStyleDialog(_SettingsDialog):
    WHAT = "the letter colours and picture"
    SAVED = "Letter colours and picture saved."

    def __init__(self, outputs: "Outputs", child_id: str, child_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(outputs, parent)
        self.setWindowTitle("Letter colours and picture")  # never the child's name
        # Wrapped labels make Qt's own minimum too short: room for every colour and the picture.
        self.setMinimumSize(600, 640)
        self.child_id = child_id
        self.before: ChildStyle | None = None

        who = QLabel(f"<b>{escape(child_name)}</b> ({escape(child_id)})")
        intro = QLabel("Let the child choose how their letters look. Every colour is easy to read; "
                       "the choice is kept for all their letters and the leaflet.")
        intro.setWordWrap(True)
        self.theme_list = QListWidget()
        self.theme_list.setAccessibleName("Colours")
        self.theme_list.setIconSize(QSize(56, 32))
        self.theme_list.setSpacing(2)
        for theme in themes.THEMES.values():
            item = QListWidgetItem(QIcon(theme_swatch(theme)), theme.label)
            item.setData(Qt.ItemDataRole.UserRole, theme.key)
            self.theme_list.addItem(item)
        # Tall enough to show every colour without scrolling.
        rows = sum(self.theme_list.sizeHintForRow(i) + 2 * self.theme_list.spacing()
                   for i in range(self.theme_list.count()))
        self.theme_list.setFixedHeight(rows + 2 * self.theme_list.frameWidth() + 4)
        self.preview = ThemePreview()
        self.theme_list.currentItemChanged.connect(lambda item, _old: self._theme_chosen(item))
        colours = QHBoxLayout()
        colours.addWidget(self.theme_list, 1)
        colours.addWidget(self.preview, 1)

        self.picture = PictureField("picture")
        self.problems["picture"] = self.picture.problem
        picture_note = _note("A picture the child chose (a drawing, a pet, a favourite thing) printed on "
                             "their letters. It is kept in the vault without its metadata.")

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Colours:"))
        layout.addLayout(colours)
        layout.addWidget(self._problem("theme"))
        layout.addWidget(QLabel("Picture:"))
        layout.addWidget(self.picture)
        layout.addWidget(picture_note)
        layout.addStretch(1)
        layout.addWidget(self.general_problem)
        layout.addWidget(self.buttons)

    def start(self) -> None:
        child_id = self.child_id
        self._load(lambda vault: print_settings.read_child_style(vault, child_id), self._show)

    def _show(self, style: ChildStyle) -> None:
        self.before = style
        self.choose_theme(style.theme)
        self.picture.set_stored(style.picture)

    def choose_theme(self, key: str) -> None:
        for row in range(self.theme_list.count()):
            if self.theme_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.theme_list.setCurrentRow(row)
                return

    def chosen_theme(self) -> str | None:
        item = self.theme_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _theme_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.preview.show_theme(themes.theme(item.data(Qt.ItemDataRole.UserRole)))

    def save(self) -> None:
        before = self.before
        if before is None:
            return
        child_id, key, picture = self.child_id, self.chosen_theme(), self.picture.change()

        def write(vault) -> None:
            print_settings.save_child_style(vault, child_id, before, theme=key, picture=picture)

        self._save(write)


