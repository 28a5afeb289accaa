"""The main window's menus and their commands: built once, enabled while the vault is open (and,
for the commands that write the whole vault, while nothing else runs). The commands are the
window's own methods; this module only says where each one is, under which access key and
shortcut."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from ui.help.help_windows import help_actions


def _action(window, text: str, slot: Callable[[], None], shortcut: QKeySequence | str | None = None) -> QAction:
    action = QAction(text, window)
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    window.addAction(action)
    return action


def build_menus(window) -> None:
    """Every command of the menu bar, as an attribute of ``window`` (``window.lock_action``…)."""
    window.import_action = _action(window, "&Import caseload…",
                                   lambda: window.caseload_controller.choose_import_file())
    window.import_history_action = _action(window, "Import review histor&y…",
                                           lambda: window.history_import().choose_file())
    window.backup_now_action = _action(window, "Back &up now", window.back_up_now)
    window.backups_action = _action(window, "Restore from &backup…", window.show_backups)
    window.preferences_action = _action(window, "&Preferences…", window.show_preferences,
                                        QKeySequence.StandardKey.Preferences)
    window.change_passphrase_action = _action(window, "C&hange passphrase…", window.change_passphrase)
    window.new_recovery_code_action = _action(window, "Make a new &recovery code…", window.new_recovery_code)
    window.lock_action = _action(window, "&Lock", window.lock, "Ctrl+L")
    window.quit_action = _action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    window.add_action = _action(window, "&Add child…", window.add_child, QKeySequence.StandardKey.New)
    window.edit_action = _action(window, "&Edit child…", lambda: window.caseload_controller.edit_selected())
    window.export_due_action = _action(window, "&Export due dates to a calendar file…",
                                       lambda: window.trips_controller.export_all_due())
    window.record_review_action = _action(window, "Record a &review held…",
                                          lambda: window._record_selected("review"))
    window.record_paperwork_action = _action(window, "Record paperwork se&nt…",
                                             lambda: window._record_selected("paperwork"))
    window.record_visit_action = _action(window, "Record a &visit…", lambda: window._record_selected("visit"))
    window.write_review_action = _action(window, "&Write review record…",
                                         lambda: window._record_selected("review_record"))
    window.write_midway_action = _action(window, "Write &midway review…",
                                         lambda: window._record_selected("midway_record"))
    window.records_action = _action(window, "Reviews and le&tters…", lambda: window._record_selected("records"))
    window.raise_escalation_action = _action(
        window, "Raise an e&scalation…",
        lambda: window._with_selected(window.escalations_controller.raise_escalation))
    window.book_meeting_action = _action(window, "&Book review meeting…",
                                         lambda: window._with_selected(lambda c: window.preparation_controller.book(c)))
    window.meetings_action = _action(
        window, "Review meetin&gs and consultation…",
        lambda: window._with_selected(lambda c: window.preparation_controller.show_meetings(c)))
    window.find_action = _action(window, "&Find…", window.show_search, QKeySequence.StandardKey.Find)
    window.preview_action = _action(window, "&Preview and print…",
                                    lambda: window._with_selected(window.preview_child))
    window.child_style_action = _action(window, "Letter &colours and picture…",
                                        lambda: window._with_selected(window.child_style))
    window.batch_action = _action(window, "Print or save all &finalised letters…",
                                  lambda: window.outputs.batch(window))
    window.print_settings_action = _action(window, "&My details for children…",
                                          lambda: window.outputs.print_settings(window))
    window.words_action = _action(window, "&Words and phrases…", window.show_words_and_phrases)
    window.sync_now_action = _action(window, "&Sync now", lambda: window.sync_controller.sync_now(), "F9")
    window.outbox_action = _action(window, "&Outbox", window.show_outbox, "Ctrl+6")
    window.reports_action = _action(window, "&Reports", window.show_reports, "Ctrl+7")
    window.sync_settings_action = _action(window, "Sync se&ttings…", lambda: window.sync_controller.show_settings())
    window.page_actions = [
        _action(window, name, lambda page=page: window.home.setCurrentWidget(getattr(window, page)), f"Ctrl+{n}")
        for n, (name, page) in enumerate((("&My week", "week"), ("Ca&lendar", "calendar_view"),
                                          ("&Caseload", "caseload"), ("&Trips", "trips")), start=1)]
    file_menu = window.menuBar().addMenu("&File")
    for a in (window.import_action, window.export_due_action, None, window.batch_action, None, window.backup_now_action,
              window.backups_action, None, window.preferences_action, window.print_settings_action,
              window.words_action, None,
              window.change_passphrase_action, window.new_recovery_code_action, None,
              window.lock_action, window.quit_action):
        file_menu.addSeparator() if a is None else file_menu.addAction(a)
    file_menu.insertAction(window.export_due_action, window.import_history_action)  # beside the caseload import
    view_menu = window.menuBar().addMenu("&View")
    for a in window.page_actions + [None, window.find_action]:
        view_menu.addSeparator() if a is None else view_menu.addAction(a)
    view_menu.insertAction(view_menu.actions()[len(window.page_actions)], window.reports_action)
    window.view_menu = view_menu  # the caseload's columns join it once the home screens are built
    sync_menu = window.menuBar().addMenu("&Sync")
    for a in (window.sync_now_action, window.outbox_action, None, window.sync_settings_action):
        sync_menu.addSeparator() if a is None else sync_menu.addAction(a)
    child_menu = window.menuBar().addMenu("&Child")
    for a in (window.add_action, window.edit_action, None, window.record_review_action,
              window.record_paperwork_action, window.record_visit_action, None, window.write_review_action,
              window.write_midway_action, window.records_action, window.raise_escalation_action, None,
              window.preview_action, window.child_style_action):
        child_menu.addSeparator() if a is None else child_menu.addAction(a)
    child_menu.insertActions(window.record_review_action, [window.book_meeting_action, window.meetings_action])
    help_menu = window.menuBar().addMenu("&Help")
    for a in help_actions(window, window.context):
        help_menu.addSeparator() if a is None else help_menu.addAction(a)


def update_actions(window) -> None:
    """Commands need an open vault; those that write the whole vault also wait for other work."""
    open_ = window.vault is not None
    idle = window._busy_count == 0  # quiet refreshes (see Worker.run) do not count
    for action in (window.import_action, window.import_history_action, window.backup_now_action,
                   window.backups_action):
        action.setEnabled(open_ and idle)
    for action in (window.reports_action, window.raise_escalation_action, window.add_action, window.edit_action,
                   window.lock_action, window.export_due_action,
                   window.record_review_action, window.record_paperwork_action, window.record_visit_action,
                   window.write_review_action, window.write_midway_action, window.records_action, window.find_action,
                   window.preview_action, window.child_style_action, window.batch_action, window.print_settings_action,
                   window.words_action, window.preferences_action, window.audit_log_action,
                   window.change_passphrase_action, window.new_recovery_code_action, *window.page_actions,
                   window.sync_now_action, window.outbox_action, window.sync_settings_action):
        action.setEnabled(open_)
    for action in (window.book_meeting_action, window.meetings_action):
        action.setEnabled(open_)
    window.home.setEnabled(open_)
