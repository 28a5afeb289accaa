"""My details for children (once "print settings"): the IRO's profile and photo, the feedback
form and the council's services for children; and a child's letter colours and picture. All
saved through the core."""

from __future__ import annotations

import io

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from iro_desktop.printing import profile, themes
from tests.support.render_helpers import jpeg_with_location, picture
from tests.ui.print_support import audit_rows, print_vault  # noqa: F401 - fixtures
from tests.ui.window_support import unlock
from ui.printing.print_settings_dialog import ChildStyleDialog, PrintSettingsDialog, theme_swatch

FEEDBACK = "https://northshire.example/have-your-say"


@pytest.fixture
def unlocked(print_vault, window, qtbot):
    unlock(window, qtbot)
    return window


def open_settings(window, qtbot) -> PrintSettingsDialog:
    window.print_settings_action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, PrintSettingsDialog) for w in window.outputs.open_windows()),
                    timeout=5_000)
    dialog = next(w for w in window.outputs.open_windows() if isinstance(w, PrintSettingsDialog))
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    return dialog


def save(dialog, qtbot) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or (not dialog.saving and not dialog.ctx.worker.is_busy),
                    timeout=10_000)


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_the_iro_profile_photo_and_council_contacts_are_saved_through_the_core(unlocked, qtbot, tmp_path):
    dialog = open_settings(unlocked, qtbot)
    assert dialog.windowTitle() == "Your details on children's letters"
    assert unlocked.print_settings_action.text() == "&My details for children…"
    assert dialog.name.text() == "Sam Ravensmoss", "what is saved already is shown"
    assert dialog.phone.text() == "01632 960 418"
    dialog.name.setText("Sam Ravensmoss-Hale")
    dialog.email.setText("sam.hale@northshire.example")
    dialog.feedback.setText(FEEDBACK)
    dialog.advocacy.setText("Northshire Advocacy: call 0800 000 0000")
    dialog.complaints.setText("Call 0800 000 0001")
    photo = tmp_path / "me.jpg"
    photo.write_bytes(jpeg_with_location())
    dialog.photo.use_file(photo)
    assert not dialog.photo.image.pixmap().isNull(), "the chosen photo is shown"
    save(dialog, qtbot)
    assert closed(dialog)
    assert unlocked.statusBar().currentMessage() == "Your details for children saved."

    vault = unlocked.vault
    p = profile.iro_profile(vault)
    assert (p.name, p.phone, p.email) == ("Sam Ravensmoss-Hale", "01632 960 418", "sam.hale@northshire.example")
    assert profile.feedback_address(vault) == FEEDBACK
    services = profile.service_contacts(vault)
    assert (services.advocacy, services.complaints) == ("Northshire Advocacy: call 0800 000 0000",
                                                         "Call 0800 000 0001")
    assert p.photo is not None and p.photo != photo.read_bytes(), "the core re-encoded the photo"
    with Image.open(io.BytesIO(p.photo)) as img:
        assert not img.getexif(), "nothing but the picture is kept: no location"
    assert ("image.set", "stored_image", profile.PHOTO) in audit_rows(vault)

    again = open_settings(unlocked, qtbot)
    assert again.feedback.text() == FEEDBACK and not again.photo.image.pixmap().isNull()
    again.photo.remove()
    save(again, qtbot)
    assert profile.iro_profile(unlocked.vault).photo is None


def test_each_problem_is_shown_under_its_box_and_the_dialog_stays_open(unlocked, qtbot, tmp_path):
    dialog = open_settings(unlocked, qtbot)
    dialog.email.setText("not an email")
    dialog.feedback.setText("northshire feedback")
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_bytes(b"just words")
    dialog.photo.use_file(not_a_picture)
    assert "not a picture" in dialog.photo.problem.text(), "refused before saving, too"
    dialog.phone.setText("01632 960 999")
    save(dialog, qtbot)
    assert dialog.isVisible()
    assert "does not look like an email address" in dialog.problems["email"].text()
    assert "https://" in dialog.problems["feedback_address"].text()
    assert dialog.problems["email"].isVisibleTo(dialog)
    assert profile.feedback_address(unlocked.vault) is None
    assert profile.iro_profile(unlocked.vault).phone == "01632 960 418", "the profile was refused as a whole"

    dialog.email.setText("sam@northshire.example")
    dialog.feedback.setText(FEEDBACK)
    save(dialog, qtbot)
    assert closed(dialog)
    assert profile.iro_profile(unlocked.vault).phone == "01632 960 999"


def test_a_childs_colours_and_picture(unlocked, qtbot, tmp_path):
    unlocked.open_child("C100")
    assert unlocked.caseload.style_button.isEnabled()
    qtbot.mouseClick(unlocked.caseload.style_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, ChildStyleDialog) for w in unlocked.outputs.open_windows()),
                    timeout=5_000)
    dialog = next(w for w in unlocked.outputs.open_windows() if isinstance(w, ChildStyleDialog))
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    assert dialog.windowTitle() == "Letter colours and picture", "never the child's name"
    assert dialog.chosen_theme() == themes.DEFAULT_THEME
    assert dialog.theme_list.count() == len(themes.THEMES)
    assert all(not dialog.theme_list.item(i).icon().isNull() for i in range(dialog.theme_list.count()))

    dialog.choose_theme("forest")
    forest = themes.THEMES["forest"]
    assert forest.ink in dialog.preview.styleSheet() and forest.tint in dialog.preview.styleSheet()
    drawing = tmp_path / "drawing.png"
    drawing.write_bytes(picture(colour=(200, 60, 90)))
    dialog.picture.use_file(drawing)
    save(dialog, qtbot)
    assert closed(dialog)

    vault = unlocked.vault
    assert themes.child_theme(vault, "C100").key == "forest"
    assert profile.child_picture(vault, "C100") is not None
    rows = audit_rows(vault)
    assert ("print_style.theme", "child", "C100") in rows and ("print_style.picture", "child", "C100") in rows
    assert themes.child_theme(vault, "C200").key == themes.DEFAULT_THEME, "only this child's letters change"


def test_a_swatch_shows_the_themes_colours(qapp):
    theme = themes.THEMES["sunset"]
    image = theme_swatch(theme).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert {theme.tint.lower(), theme.accent.lower(), theme.ink.lower()} <= colours


def test_no_screen_calls_them_print_settings_any_more(unlocked, qtbot):
    """The old name is gone from the menus, the preview's button and the help guide."""
    from ui.help.help_windows import GUIDE

    texts = [a.text() for menu in unlocked.menuBar().actions() if menu.menu() for a in menu.menu().actions()]
    assert "&My details for children…" in texts
    assert not any("print se" in t.replace("&", "").casefold() for t in texts)
    assert "My details for children" in GUIDE and "print settings" not in GUIDE.casefold()


def test_the_online_consultation_form_address_is_kept_and_checked(unlocked, qtbot):
    dialog = open_settings(unlocked, qtbot)
    dialog.consultation.setText("northshire.example/my-review")
    save(dialog, qtbot)
    assert dialog.isVisible() and "https://" in dialog.problems["consultation_address"].text()
    assert profile.consultation_address(unlocked.vault) is None
    dialog.consultation.setText("https://northshire.example/my-review")
    save(dialog, qtbot)
    assert closed(dialog)
    assert profile.consultation_address(unlocked.vault) == "https://northshire.example/my-review"
    assert open_settings(unlocked, qtbot).consultation.text() == "https://northshire.example/my-review"

