"""Set-up asks who the IRO is: their name as children see it and their council area, kept in the
new vault (never a settings file) in its first change after it was made; the name then signs
finalised records. A new vault with no children says what to do next on My week and Caseload."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from iro_desktop.caseload import repository
from iro_desktop.printing import profile
from iro_desktop.reviews import records
from iro_desktop.vault import keyslots
from tests.support.caseload_helpers import audit_rows
from tests.ui.conftest import sample_child
from tests.ui.session.test_first_run import walk_wizard
from tests.ui.window_support import closed, opened, settle
from ui.caseload.child_dialog import ChildDialog
from ui.caseload.empty_caseload import NO_CHILDREN

NAME, AREA = "Quillfeather Okonjo", "Cornwall"


def _set_up(window, qtbot, name: str = NAME, area: str = AREA) -> None:
    about = window.wizard.welcome_page.about_you
    qtbot.keyClicks(about.name, "  " + name + " ")
    qtbot.keyClicks(about.council_area, area)
    walk_wizard(window, qtbot)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=10_000)
    settle(window, qtbot)


def test_the_name_and_council_area_go_into_the_vault_with_their_audit_rows(window, qtbot, vault_home, settings):
    _set_up(window, qtbot)
    vault = window.vault
    assert profile.iro_profile(vault).name == NAME
    assert repository.council_area(vault) == AREA
    # The default "finalised by": the name a record editor signs with without asking.
    assert records.iro_name(vault) == NAME
    vault_id = keyslots.KeySlotsFile.load(vault_home / "keyslots.json").vault_id
    rows = audit_rows(vault)
    assert rows[:3] == [("vault.create", "vault", vault_id), ("setting.update", "setting", "iro.name"),
                        ("setting.update", "setting", "council_area")]
    assert vault.verify_audit().ok
    # Nothing personal in the plain settings file.
    settings.sync()
    text = open(settings.fileName(), encoding="utf-8").read() if settings.allKeys() else ""
    assert NAME.split()[0] not in text and AREA not in text


def test_left_empty_nothing_is_stored_and_the_app_asks_later(window, qtbot):
    walk_wizard(window, qtbot)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=10_000)
    settle(window, qtbot)
    assert records.iro_name(window.vault) is None and repository.council_area(window.vault) is None
    assert [r[0] for r in audit_rows(window.vault)] == ["vault.create"]


def test_the_council_area_offers_english_councils_as_typed(window, qtbot):
    field = window.wizard.welcome_page.about_you.council_area
    completer = field.completer()
    completer.setCompletionPrefix("cornw")
    assert completer.completionCount() == 1 and completer.currentCompletion() == "Cornwall"
    completer.setCompletionPrefix("hull")  # "Kingston upon Hull", by any part of its name
    assert completer.currentCompletion() == "Kingston upon Hull"
    completer.setCompletionPrefix("westmorland")  # since 2023, not in the 2021 list
    assert completer.currentCompletion() == "Westmorland and Furness"
    # Anything may be typed: the list only suggests.
    qtbot.keyClicks(field, "Northshire")
    assert field.text() == "Northshire"


def test_fields_have_names_and_labels_for_a_screen_reader(window):
    about = window.wizard.welcome_page.about_you
    for field in (about.name, about.council_area):
        assert field.accessibleName()
        assert any(label.buddy() is field for label in about.findChildren(QLabel))


def test_an_empty_vault_says_what_to_do_next_and_its_buttons_are_the_menus(window, qtbot):
    _set_up(window, qtbot)
    qtbot.waitUntil(lambda: window.due_data is not None, timeout=10_000)
    for view in (window.week, window.caseload):
        assert view.showing_empty_vault(), view
        panel = view.empty_panel
        assert panel.title.text() == NO_CHILDREN
        assert "Import the council's caseload extract, or add a child." in panel.text.text()
        for button in (panel.import_button, panel.add_button):
            assert button.isEnabled() and button.accessibleName()
    # "Import…" is the File menu's command itself: it goes where the menu goes.
    asked = []
    window.caseload_controller.choose_import_file = lambda: asked.append("import")
    window.week.empty_panel.import_button.click()
    window.caseload.empty_panel.import_button.click()
    assert asked == ["import", "import"]
    # "Add a child…" opens the child dialog, as Caseload > Add child does.
    window.home.setCurrentWidget(window.caseload)
    qtbot.mouseClick(window.caseload.empty_panel.add_button, Qt.MouseButton.LeftButton)
    dialog = opened(ChildDialog, qtbot)
    dialog.reject()
    qtbot.waitUntil(lambda: closed(dialog))
    # With a child in the vault, the tables are back.
    window.worker.run(lambda: repository.add_child(window.vault, sample_child("C100", "Zebediah", "Quillfeather")),
                      text="")
    qtbot.waitUntil(lambda: not window.caseload.showing_empty_vault(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.week.showing_empty_vault(), timeout=10_000)
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 1, timeout=10_000)  # read apart from what is due
    assert window.caseload.body.currentWidget() is window.caseload.splitter


def test_the_empty_vaults_buttons_are_reached_by_tab_and_pressed_by_keyboard(window, qtbot):
    _set_up(window, qtbot)
    qtbot.waitUntil(lambda: window.due_data is not None, timeout=10_000)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = window.week.empty_panel
    window.home.tabBar().setFocus()
    reached = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if reached[-1] is panel.add_button:
            break
    assert panel.import_button in reached and panel.add_button in reached
    assert reached.index(panel.import_button) < reached.index(panel.add_button), "in reading order"
    asked = []
    window.caseload_controller.choose_import_file = lambda: asked.append("import")
    panel.import_button.setFocus()
    qtbot.keyClick(panel.import_button, Qt.Key.Key_Space)
    assert asked == ["import"]
