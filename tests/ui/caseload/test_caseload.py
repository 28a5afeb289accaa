"""The caseload window: search, sorting, the child form and its problems, allocation, titles."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from iro_desktop.caseload import repository
from tests.ui.conftest import sample_child
from tests.ui.window_support import unlock
from tests.ui.window_support import child_dialog, closed, settle
from ui.caseload.caseload_model import AGE, AREA, NAME
from ui.caseload.child_dialog import ChildDialog
from ui.caseload.child_part_dialogs import EndDateDialog, KeyPersonDialog, PlacementDialog

NAMES = ("Zebediah", "Quillfeather", "Amira", "Okafor", "Tom", "Baker", "Xanthippe")


def shown_names(view) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, NAME).data() for r in range(proxy.rowCount())]


def test_search_filters_by_name_id_area_and_social_worker(closed_vault, window, qtbot):
    unlock(window, qtbot)
    view = window.caseload
    assert sorted(shown_names(view)) == ["Amira Okafor", "Tom Baker", "Zebediah Quillfeather"]
    for text, expected in [("okaf", ["Amira Okafor"]), ("C300", ["Tom Baker"]),
                           ("cornwall", ["Amira Okafor"]), ("priya", ["Amira Okafor"]),
                           ("sam jones", ["Tom Baker", "Zebediah Quillfeather"]),
                           ("devon baker", ["Tom Baker"]), ("nobody", [])]:
        view.search.clear()
        qtbot.keyClicks(view.search, text)
        assert sorted(shown_names(view)) == expected, text
    view.search.clear()
    assert view.proxy.rowCount() == 3


def test_out_of_area_is_said_in_words(closed_vault, window, qtbot):
    unlock(window, qtbot)
    model = window.caseload.model
    row = model.row_for("C200")
    assert model.index(row, AREA).data() == "Cornwall (out of area)"
    assert model.index(model.row_for("C300"), AREA).data() == "Devon"


def test_age_sorts_as_a_number(closed_vault, window, qtbot, vault_home, keychain):
    unlock(window, qtbot)
    vault = window.vault
    young = sample_child("C400", "Ava", "Young")
    young.date_of_birth = date(2020, 1, 1)
    young.periods[0].start_date = young.placements[0].start_date = date(2021, 3, 1)
    old = sample_child("C500", "Olu", "Older")
    old.date_of_birth = date(2007, 1, 1)
    repository.add_child(vault, young)
    repository.add_child(vault, old)
    window.refresh()
    settle(window, qtbot)
    view = window.caseload
    view.table.sortByColumn(AGE, Qt.SortOrder.AscendingOrder)
    ages = [int(view.proxy.index(r, AGE).data()) for r in range(view.proxy.rowCount())]
    assert ages == sorted(ages) and ages[0] < 10 < ages[-1]


def test_saving_shows_the_cores_problems_by_the_fields_and_keeps_the_typing(closed_vault, window, qtbot):
    unlock(window, qtbot)
    dialog = child_dialog(window, qtbot, "C100")
    assert isinstance(dialog, ChildDialog)
    dialog.social_worker_email.setText("not an email")
    dialog.iro_notes.setPlainText("Met at school; wants more family time with her brother.")
    dialog._add_placement()
    placement = dialog.findChild(PlacementDialog)
    placement.start.set_value(date(2023, 4, 1))
    placement.placement_type.set_value("K2")
    placement.postcode_district.setText("TR1 3AB")  # a full postcode: the core refuses it
    placement.accept()

    dialog.save()
    qtbot.waitUntil(lambda: dialog.problem_list.count() > 0, timeout=10_000)
    assert dialog.isVisible(), "a refused save leaves the dialog open"
    problems = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert any(p.startswith("Social worker's email:") for p in problems)
    assert any(p.startswith("Placement 2:") and "full postcode" in p for p in problems)
    email_problem = dialog._field_problems["social_worker_email"]
    assert not email_problem.isHidden() and "email" in email_problem.text()
    assert "full postcode" in dialog.placement_model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert dialog.placement_model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert dialog.tabs.tabText(3).startswith("Placements ⚠")
    assert dialog.social_worker_email.text() == "not an email"
    assert dialog.iro_notes.toPlainText().startswith("Met at school")
    assert repository.get_child(window.vault, "C100").iro_notes is None, "nothing was written"

    dialog.social_worker_email.setText("sam.jones@northshire.gov.uk")
    dialog._placements[1].postcode_district = "TR1"
    dialog.save()
    qtbot.waitUntil(lambda: closed(dialog))
    settle(window, qtbot)
    stored = repository.get_child(window.vault, "C100")
    assert stored.social_worker_email == "sam.jones@northshire.gov.uk"
    assert stored.iro_notes.startswith("Met at school")
    assert [p.postcode_district for p in stored.placements] == [None, "TR1"]
    assert "Met at school" in window.caseload.detail.toPlainText()


def test_end_placement_and_key_people(closed_vault, window, qtbot):
    unlock(window, qtbot)
    dialog = child_dialog(window, qtbot, "C300")
    dialog.placement_view.selectRow(0)
    dialog._end_placement()
    ender = dialog.findChild(EndDateDialog)
    ender.end.set_value(date(2024, 6, 30))
    ender.accept()
    assert dialog.placement_model.index(0, 5).data() == "30/06/2024"
    dialog._add_person()
    person = dialog.findChild(KeyPersonDialog)
    person.role.set_value("advocate")
    person.name.setText("Jo Advocate")
    person.accept()
    dialog.save()
    qtbot.waitUntil(lambda: closed(dialog))
    stored = repository.get_child(window.vault, "C300")
    assert stored.placements[0].end_date == date(2024, 6, 30)
    assert [(k.role, k.name) for k in stored.key_people] == [("advocate", "Jo Advocate")]


def test_mark_not_allocated_then_reallocate(closed_vault, window, qtbot):
    unlock(window, qtbot)
    view = window.caseload
    view.select("C200")
    assert view.allocation_button.text() == "Mark not allocated"
    qtbot.mouseClick(view.allocation_button, Qt.MouseButton.LeftButton)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    confirm = next(b for b in box.buttons() if b.text() == "Mark not allocated")
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.row_for("C200") is None)
    assert window.count_label.text() == "2 children on your caseload"

    view.show_not_allocated.setChecked(True)
    settle(window, qtbot)
    assert view.model.row_for("C200") is not None
    assert "(not allocated)" in view.model.index(view.model.row_for("C200"), NAME).data()
    assert window.count_label.text() == "2 children on your caseload (and 1 no longer allocated)"
    view.select("C200")
    assert view.allocation_button.text() == "Re-allocate to me"
    qtbot.mouseClick(view.allocation_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert repository.get_child(window.vault, "C200").allocated
    assert window.count_label.text() == "3 children on your caseload"


def test_window_titles_never_name_a_child(closed_vault, window, qtbot):
    unlock(window, qtbot)
    view = window.caseload

    def titles() -> list[str]:
        return [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]

    for child_id in ("C100", "C200", "C300"):
        view.select(child_id)
        dialog = child_dialog(window, qtbot, child_id)
        assert dialog.heading.text() != "", "the name is shown inside the dialog instead"
        for title in titles():
            assert not any(n in title for n in NAMES), title
        dialog.reject()
    child_dialog(window, qtbot)
    assert window.windowTitle() == "IRO Desktop"
    for title in titles():
        assert not any(n in title for n in NAMES), title
