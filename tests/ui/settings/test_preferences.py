"""Preferences: the idle-lock time within council policy, and settings that hold nothing personal."""

from __future__ import annotations

import json


from iro_desktop.caseload import repository
from tests.ui.window_support import unlock
from tests.ui.window_support import child_dialog, closed, opened, settle
from ui.settings.preferences_dialog import PreferencesDialog


def _open_preferences(window, qtbot) -> PreferencesDialog:
    window.preferences_action.trigger()
    return opened(PreferencesDialog, qtbot)


def test_idle_lock_defaults_to_five_minutes(closed_vault, window, qtbot):
    assert window.idle_lock.interval_ms() == 5 * 60_000


def test_idle_minutes_are_saved_and_capped_by_council_policy(closed_vault, make_window, services, qtbot):
    home, _code = closed_vault
    (home / "policy.json").write_text(json.dumps({"idle_lock_minutes_max": 3}))
    window = make_window(services)
    unlock(window, qtbot)
    dialog = _open_preferences(window, qtbot)
    assert dialog.idle.maximum() == 3, "the IRO cannot choose longer than the council allows"
    dialog.idle.setValue(2)
    dialog.accept()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert window.idle_lock.interval_ms() == 2 * 60_000
    assert window.prefs.idle_minutes() == 2

    # A value stored before the council lowered its limit is still capped.
    window.prefs.set_idle_minutes(30)
    window.lock()
    unlock(window, qtbot)
    assert window.idle_lock.interval_ms() == 3 * 60_000


def test_nothing_can_be_changed_while_locked(closed_vault, window, qtbot):
    assert window.vault is None
    assert not window.preferences_action.isEnabled()
    window.show_preferences()  # called anyway (a shortcut, a script): nothing opens
    qtbot.wait(200)
    assert not [w for w in window.findChildren(PreferencesDialog) if w.isVisible()]
    unlock(window, qtbot)
    assert window.preferences_action.isEnabled()


def test_council_area_is_set_through_the_core(closed_vault, window, qtbot):
    unlock(window, qtbot)
    dialog = _open_preferences(window, qtbot)
    dialog.area.setText("Northshire")
    dialog.accept()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    settle(window, qtbot)
    assert repository.council_area(window.vault) == "Northshire"
    row = window.caseload.model.row_for("C300")
    assert window.caseload.model.summary(row).out_of_area, "Devon is now out of area"

    dialog = _open_preferences(window, qtbot)
    assert dialog.area.text() == "Northshire"
    dialog.area.setText("   ")
    dialog.accept()
    qtbot.waitUntil(lambda: "missing" in dialog.area_problem.text(), timeout=10_000)
    assert dialog.isVisible(), "the core refused a blank area; the dialog stays open"
    assert "missing" in dialog.area_problem.text()
    assert repository.council_area(window.vault) == "Northshire"


def test_settings_file_holds_no_child_data(closed_vault, window, qtbot, settings, tmp_path):
    unlock(window, qtbot)
    window.caseload.search.setText("Zebediah")
    window.caseload.select("C100")
    child_dialog(window, qtbot, "C100").reject()
    window.close()
    settings.sync()
    text = (tmp_path / "preferences.ini").read_text(encoding="utf-8", errors="replace")
    assert "window" in text.lower() or "geometry" in text.lower()
    for secret in ("Zebediah", "Quillfeather", "C100", "Okafor", "C200", "Sam Jones", "Cornwall"):
        assert secret not in text
