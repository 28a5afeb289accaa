"""The Escalations tab, driven as the IRO drives it: raise one (a refusal shown in the dialog
first), copy its letter, move it up, resolve it; its deadline on My week; the stage settings
with a preset; good practice; every control named, at 1280 by 720."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTableView, QTextBrowser,
    QWidget,
)

from iro_desktop.caseload import week
from iro_desktop.escalations import letters, stages, tracker
from iro_desktop.escalations.model import deadline_after
from iro_desktop.escalations.good_practice import good_practice_list
from tests.ui.window_support import closed, opened, settle, unlock
from ui.escalations.dialogs import GoodPracticeDialog, MoveUpDialog, RaiseDialog, ReferDialog, ResolveDialog
from ui.escalations.letter_dialog import LetterDialog
from ui.escalations.stage_settings_dialog import StageSettingsDialog

FIELDS = (QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox, QTableView, QTextBrowser)


def _unnamed(root: QWidget) -> list[str]:
    """Controls a screen reader could not name: inputs without an accessible name, buttons without either."""
    missing = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.parent() is not None and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            continue
        if isinstance(w, FIELDS) and not w.accessibleName():
            missing.append(f"{type(w).__name__}")
        elif isinstance(w, QAbstractButton) and not (w.accessibleName() or w.text().strip()):
            missing.append(f"{type(w).__name__}")
    return missing


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_raise_move_up_and_resolve_from_the_screen(closed_vault, window, qtbot):
    window.resize(1280, 720)
    unlock(window, qtbot)
    controller = window.escalations_controller
    view = controller.view
    page = view.escalations
    window.home.setCurrentWidget(view)
    settle(window, qtbot)
    assert controller.data is not None and page.model.rowCount() == 0
    assert _unnamed(view) == []

    _click(qtbot, page.raise_button)
    dialog = opened(RaiseDialog, qtbot)
    assert dialog.height() <= 690 and _unnamed(dialog) == []
    dialog.child.setCurrentIndex(dialog.child.findData("C200"))
    qtbot.keyClicks(dialog.description, "The PEP has not been reviewed for two terms.")
    qtbot.keyClicks(dialog.name, "Ash Fenwick")
    _click(qtbot, dialog.ok_button)  # no theme chosen yet: the core's refusal is shown here
    qtbot.waitUntil(lambda: dialog.problems.isVisible(), timeout=5_000)
    assert "theme" in dialog.problems.text() and dialog.isVisible()
    assert tracker.list_escalations(window.vault) == []
    dialog.theme.set_value("education_pep")
    dialog.agency.set_value("education")
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    settle(window, qtbot)
    [esc] = tracker.list_escalations(window.vault)
    assert (esc.child_id, esc.theme, esc.partner_agency, esc.raised_with_name) == ("C200", "education_pep",
                                                                                  "education", "Ash Fenwick")
    assert page.selected().id == esc.id
    assert "Ash Fenwick" in page.detail.toPlainText() and "Informal alert" in page.detail.toPlainText()

    # Its deadline is on My week, five working days from today (inside the "due soon" window).
    items = [i for i in window.due_controller.data.week_items if i.kind == week.ESCALATION]
    assert [(i.child_id, i.due, i.escalation_id) for i in items] == [("C200", deadline_after(date.today(), 5), esc.id)]
    assert any(i.kind == week.ESCALATION for i in window.due_controller.data.open_items), "on the calendar too"
    window.due_controller.record_item(items[0])  # "Open the escalation…" from My week
    assert window.home.currentWidget() is view and page.selected().id == esc.id

    _click(qtbot, page.letter_button)
    letter = opened(LetterDialog, qtbot)
    assert letter.body.toPlainText().startswith("Dear Ash Fenwick,") and "Amira" in letter.subject.text()
    _click(qtbot, letter.copy_button)
    assert QApplication.clipboard().text() == letters.stage_letter(window.vault, esc.id).text
    assert window.clipboard.holds_ours, "cleared at the lock like anything else the app copied"
    letter.reject()

    _click(qtbot, page.move_up_button)
    move = opened(MoveUpDialog, qtbot)
    assert _unnamed(move) == []
    _click(qtbot, move.ok_button)
    qtbot.waitUntil(lambda: closed(move), timeout=5_000)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().current_step.stage_key == "stage_1",
                    timeout=5_000)

    _click(qtbot, page.resolve_button)
    resolve = opened(ResolveDialog, qtbot)
    resolve.outcome.set_value("resolved")
    qtbot.keyClicks(resolve.note, "A PEP meeting is booked.")
    _click(qtbot, resolve.ok_button)
    qtbot.waitUntil(lambda: closed(resolve), timeout=5_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5_000)  # shows open ones by default
    page.state_filter.setCurrentIndex(page.state_filter.findData("resolved"))
    assert page.model.rowCount() == 1
    done = tracker.get_escalation(window.vault, esc.id)
    assert (done.outcome, done.resolved_on, done.outcome_note) == ("resolved", date.today(), "A PEP meeting is booked.")
    assert not page.resolve_button.isEnabled() and not page.move_up_button.isEnabled()
    settle(window, qtbot)
    assert not [i for i in window.due_controller.data.week_items if i.kind == week.ESCALATION]

    window.lock()
    assert page.model.rowCount() == 0 and controller.data is None


def test_stage_settings_preset_and_good_practice(closed_vault, window, qtbot):
    window.resize(1280, 720)
    unlock(window, qtbot)
    page = window.escalations_controller.view.escalations
    window.home.setCurrentWidget(window.escalations_controller.view)
    settle(window, qtbot)
    _click(qtbot, page.settings_button)
    dialog = opened(StageSettingsDialog, qtbot)
    assert dialog.height() <= 690 and _unnamed(dialog) == []
    dialog.preset.setCurrentIndex(dialog.preset.findData("five_stages"))
    _click(qtbot, dialog.use_preset)
    assert dialog.rows[4].label.text() == "Director"
    dialog.rows[0].days.setValue(10)  # 10 + 4 x 4 = 26: more than the 20 allowed
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.problems.isVisible(), timeout=5_000)
    assert "add up to 26" in dialog.problems.text()
    dialog.rows[0].days.setValue(4)
    dialog.naming.setCurrentIndex(dialog.naming.findData(letters.CHILD_ID))
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5_000)
    assert stages.stage_settings(window.vault) == stages.PRESETS["five_stages"][1]
    with window.vault.read() as db:
        assert letters.naming(db.conn) == letters.CHILD_ID

    gp = window.escalations_controller.view.good_practice
    window.escalations_controller.view.setCurrentWidget(gp)
    _click(qtbot, gp.record_button)
    record = opened(GoodPracticeDialog, qtbot)
    assert _unnamed(record) == []
    record.about.set_value("carer")
    qtbot.keyClicks(record.what, "The carers helped Tom prepare for his review.")
    _click(qtbot, record.ok_button)
    qtbot.waitUntil(lambda: closed(record), timeout=5_000)
    qtbot.waitUntil(lambda: gp.model.rowCount() == 1, timeout=5_000)
    assert [g.about for g in good_practice_list(window.vault)] == ["carer"]
    gp.about_filter.setCurrentIndex(gp.about_filter.findData("team"))
    assert gp.model.rowCount() == 0


def test_the_name_check_finds_an_unnamed_control(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    named, unnamed = QLineEdit(root), QLineEdit(root)
    named.setAccessibleName("Named")
    assert _unnamed(root) == ["QLineEdit"]
    unnamed.setAccessibleName("Now named")
    assert _unnamed(root) == []


def test_the_child_menu_raises_one_for_the_child_selected(closed_vault, window, qtbot):
    unlock(window, qtbot)
    settle(window, qtbot)
    assert window.caseload.select("C300")
    window.raise_escalation_action.trigger()
    dialog = opened(RaiseDialog, qtbot)
    assert dialog.child.currentData() == "C300" and not dialog.child.isEnabled()
    dialog.reject()


def test_skip_a_stage_and_refer_to_cafcass_from_the_screen(closed_vault, window, qtbot):
    unlock(window, qtbot)
    eid = tracker.raise_escalation(window.vault, "C100", theme="drift_and_delay", description="Drift in the plan")
    controller = window.escalations_controller
    page = controller.view.escalations
    controller.reload()
    settle(window, qtbot)
    assert page.selected().id == eid

    _click(qtbot, page.skip_button)
    skip = opened(MoveUpDialog, qtbot)
    assert skip.stage.currentData() == "stage_2", "skipping offers the stage after next"
    _click(qtbot, skip.ok_button)
    qtbot.waitUntil(lambda: closed(skip), timeout=5_000)
    qtbot.waitUntil(lambda: page.selected().current_step.stage_key == "stage_2", timeout=5_000)
    assert [s.ended_how for s in page.selected().steps] == ["moved_up", "skipped", None]
    assert "Stage 1: skipped" in page.detail.toPlainText()

    _click(qtbot, page.refer_button)
    refer = opened(ReferDialog, qtbot)
    _click(qtbot, refer.ok_button)
    qtbot.waitUntil(lambda: closed(refer), timeout=5_000)
    qtbot.waitUntil(lambda: page.selected().referred_to_cafcass, timeout=5_000)
    assert not page.refer_button.isEnabled() and not page.move_up_button.isEnabled()
    assert page.resolve_button.isEnabled(), "still open until its outcome is recorded"
    assert page.model.data(page.model.index(0, 4)) == "With Cafcass"
