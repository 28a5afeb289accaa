"""My week and the calendar: order, counts, opening a child, words and icons, lock, recording."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QLabel

from iro_desktop.caseload import demo, due, repository
from iro_desktop.escalations import tracker
from iro_desktop.timescales import STATUS_ORDER, STATUS_WORDS, add_months, status_for
from iro_desktop.workdays import england
from tests.conftest import FAST_KDF, MARKERS, PASSPHRASE
from tests.ui.session.test_lock import visible_dialogs
from tests.ui.window_support import unlock
from tests.ui.window_support import closed, opened, settle
from ui.caseload.history_dialogs import PaperworkDialog, ReviewHeldDialog, VisitDialog
from ui.due.week_model import CHILD, STATUS, WHAT, WHEN

NAMES = MARKERS + ("Amira", "Okafor")


def loaded(window, qtbot) -> None:
    """Wait until what is due has been read (on the vault thread) and shown."""
    qtbot.waitUntil(lambda: window.due_data is not None and not window.worker.is_busy, timeout=10_000)


def rows(window) -> list[tuple[str, str, str]]:
    model = window.week.model
    return [(model.item(r).child_id, model.item(r).kind, model.item(r).status) for r in range(model.rowCount())]


def dialog_of(kind):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def test_my_week_is_home_with_the_overdue_child_first_and_a_click_opens_them(due_vault, window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    assert window.home.currentWidget() is window.week
    shown = rows(window)
    assert shown[0] == ("C100", "review", "overdue")
    assert [s for _c, _k, s in shown] == sorted((s for _c, _k, s in shown), key=STATUS_ORDER.__getitem__)
    assert {c for c, _k, _s in shown} == {"C100", "C200"}, "on-track children are not on My week"
    assert window.week.proxy.index(0, WHAT).data() == "Review due (1st)"
    assert window.week.proxy.index(0, WHEN).data().endswith("working days overdue")

    table = window.week.table
    rect = table.visualRect(window.week.proxy.index(0, CHILD))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.home.currentWidget() is window.caseload
    assert window.caseload.current_child_id() == "C100"
    settle(window, qtbot)
    detail = window.caseload.detail.toPlainText()
    assert "Zebediah Quillfeather" in detail and "What is due" in detail and "Overdue" in detail

    # Enter on a row does the same, even if a search was hiding the child in the caseload.
    window.caseload.search.setText("Tom")
    window.home.setCurrentWidget(window.week)
    amira = next(r for r in range(window.week.proxy.rowCount())
                 if window.week.proxy.index(r, CHILD).data() == "Amira Okafor")
    table.setFocus()
    table.setCurrentIndex(window.week.proxy.index(amira, CHILD))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.home.currentWidget() is window.caseload
    assert window.caseload.current_child_id() == "C200"


def test_counts_match_the_cores_figures_for_a_seeded_vault(vault_home, keychain, window_factory, qtbot):
    from iro_desktop.preparation import meetings
    from iro_desktop.vault import Vault

    vault, _code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    try:
        demo.load_demo(vault, n=30)
    finally:
        vault.close()
    window = window_factory()
    unlock(window, qtbot)
    loaded(window, qtbot)

    # The core's figures, counted here straight from the timescales' items.
    soon = [(d.child_id, i) for d in due.caseload_due(window.vault, date.today()) for i in d.items
            if i.status in ("overdue", "due_soon")]
    # And each open escalation's deadline (counted by status only: it has no card of its own).
    settings = due.timescale_settings(window.vault)
    for esc in tracker.list_escalations(window.vault):
        if esc.current_deadline is not None:
            status, _left = status_for(esc.current_deadline, date.today(), False, settings, england())
            if status in ("overdue", "due_soon"):
                soon.append((esc.child_id, SimpleNamespace(status=status, kind="escalation")))
    by_status = Counter(i.status for _c, i in soon)
    by_kind = Counter(i.kind for _c, i in soon)
    expected = {"overdue": by_status["overdue"], "due_soon": by_status["due_soon"], "review": by_kind["review"],
                "midway": by_kind["midway"], "record": by_kind["record"], "decisions": by_kind["decisions"],
                "visit": by_kind["visit"]}
    assert sum(expected.values()) > 0, "the demo caseload has something due"
    assert window.week.counts() == expected
    # Beside them, the demo's review meetings booked within the "due soon" window: rows, not counts.
    soon_until = england().add_working_days(date.today(), settings.due_soon_working_days)
    booked = [m for m in meetings.meetings_between(window.vault, date.today(), soon_until)]
    assert window.week.model.rowCount() == len(soon) + len(booked)
    for category, card in window.week.cards.items():
        assert card.number.text() == str(expected[category])
        assert card.accessibleName().endswith(f": {expected[category]}")

    # A count is also a filter: only that category's rows are left.
    window.week.cards["record"].click()
    proxy = window.week.proxy
    assert proxy.rowCount() == expected["record"]
    assert all(proxy.index(r, WHAT).data() == "Record to send" for r in range(proxy.rowCount()))
    window.week.cards["record"].click()
    assert proxy.rowCount() == len(soon) + len(booked)


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_status_is_said_in_words_and_shown_by_icon_not_colour_alone(due_vault, window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    model = window.week.model
    seen = set()
    for r in range(model.rowCount()):
        item = model.item(r)
        index = model.index(r, STATUS)
        assert index.data() == STATUS_WORDS[item.status]
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        assert icon is not None and not icon.isNull()
        fg, bg = index.data(Qt.ItemDataRole.ForegroundRole), index.data(Qt.ItemDataRole.BackgroundRole)
        assert _contrast(fg, bg) >= 4.5, item.status
        assert item.status.replace("_", " ") in index.data(Qt.ItemDataRole.AccessibleTextRole).lower()
        seen.add(item.status)
    assert seen == {"overdue", "due_soon"}
    # The two icons differ in shape, not just hue: compare them in greyscale.
    from ui.common import status_style
    grey = [status_style.icon(s).pixmap(24, 24).toImage().convertToFormat(
        status_style.icon(s).pixmap(24, 24).toImage().Format.Format_Grayscale8) for s in ("overdue", "due_soon")]
    assert grey[0] != grey[1]


def test_the_calendar_marks_due_dates_and_lists_the_days_items(due_vault, window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    amira = window.due_data.for_child("C200")
    day = amira.next_review_due
    view = window.calendar_view
    fmt = view.calendar.dateTextFormat(QDate(day.year, day.month, day.day))
    assert fmt.fontWeight() == QFont.Weight.Bold
    assert "Amira Okafor" in fmt.toolTip() and "Due soon" in fmt.toolTip()
    unmarked = day + timedelta(days=1)
    while unmarked in view.calendar.by_date:
        unmarked += timedelta(days=1)
    assert view.calendar.dateTextFormat(QDate(unmarked.year, unmarked.month, unmarked.day)).fontWeight() \
        != QFont.Weight.Bold

    # Further ahead than My week looks: on-track reviews are on the calendar too.
    tom = window.due_data.for_child("C300").next_review_due
    assert [i.child_id for i in view.marked(tom)] == ["C300"]

    window.home.setCurrentWidget(view)
    view.calendar.setCurrentPage(tom.year, tom.month)
    view.show_date(tom)
    assert view.day_model.rowCount() == 1 and view.day_model.item(0).name == "Tom Baker"
    view.go_to_today()
    today = date.today()
    assert (view.calendar.yearShown(), view.calendar.monthShown()) == (today.year, today.month)
    view.show_date(day)
    qtbot.mouseClick(view.day_table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.day_table.visualRect(view.day_model.index(0, CHILD)).center())
    assert window.home.currentWidget() is window.caseload
    assert window.caseload.current_child_id() == "C200"


def test_lock_empties_my_week_the_calendar_and_trips(due_vault, window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    window.home.setCurrentWidget(window.trips)
    assert window.week.model.rowCount() > 0 and window.calendar_view.calendar.by_date
    marked = next(iter(window.calendar_view.calendar.by_date))
    window.calendar_view.show_date(marked)
    assert window.calendar_view.day_model.rowCount() > 0
    assert window.trips.tree.topLevelItemCount() > 0

    window.reload_due()  # a read still on its way when the lock comes must not refill anything
    window.lock()
    # Results come back to this thread before the worker counts as idle (see ui/common/workers.py).
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)

    assert window.due_data is None
    assert window.week.model.rowCount() == 0 and window.week.proxy.rowCount() == 0
    assert set(window.week.counts().values()) == {0}
    assert window.calendar_view.calendar.by_date == {}
    assert window.calendar_view.calendar.dateTextFormat(QDate(marked.year, marked.month, marked.day)).toolTip() == ""
    assert window.calendar_view.day_model.rowCount() == 0
    assert window.trips.tree.topLevelItemCount() == 0 and window.trips.trips_table.rowCount() == 0
    for label in window.findChildren(QLabel):
        for name in NAMES:
            assert name not in label.text() and name not in label.toolTip(), label.objectName()
    for name in NAMES:
        assert name not in window.caseload.detail.toPlainText()


def test_adding_a_review_through_the_ui_moves_the_due_date(due_vault, window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    before = window.due_data.for_child("C100")
    assert ("C100", "review", "overdue") in rows(window)

    window.open_child("C100")
    qtbot.mouseClick(window.caseload.record_review_button, Qt.MouseButton.LeftButton)
    dialog = dialog_of(ReviewHeldDialog)
    assert dialog is not None and dialog.heading.text() == "Zebediah Quillfeather"
    assert "Zebediah" not in dialog.windowTitle()
    assert dialog.review_type.value() == "first", "the type the timescales expect is offered"

    # A date in the future is refused by the core; the dialog stays open with what was typed.
    dialog.review_date.set_value(date.today() + timedelta(days=3))
    dialog.held_as_series.setChecked(True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problems() != [], timeout=10_000)
    assert dialog.isVisible()
    assert any("future" in p for p in dialog.problems())
    assert dialog.held_as_series.isChecked() and dialog.review_type.value() == "first"
    assert repository.get_child(window.vault, "C100").reviews == []

    held = date.today() + timedelta(days=6) - timedelta(days=92)
    dialog.review_date.set_value(held)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog_of(ReviewHeldDialog), timeout=10_000)
    qtbot.waitUntil(lambda: window.due_data is not None
                    and window.due_data.for_child("C100").review_kind == "second", timeout=10_000)
    loaded(window, qtbot)

    after = window.due_data.for_child("C100")
    assert after.next_review_due == add_months(held, 3) != before.next_review_due
    mine = [window.week.model.item(r) for r in range(window.week.model.rowCount())
            if window.week.model.item(r).child_id == "C100"]
    review_rows = [i for i in mine if i.kind == "review"]
    assert [(i.words, i.due) for i in review_rows] == [("Review due (2nd)", after.next_review_due)]
    assert {i.kind for i in mine} >= {"decisions"}, "the new review's decisions are now due"
    assert window.calendar_view.marked(after.next_review_due)
    assert not any(i.child_id == "C100" and i.kind == "review" for i in window.calendar_view.marked(before.next_review_due))
    assert "Review due (2nd)" in window.caseload.detail.toPlainText()


def test_recording_a_visit_and_the_paperwork_clears_those_items(due_vault, window, qtbot):
    unlock(window, qtbot)
    loaded(window, qtbot)
    assert {("C200", "record", "overdue"), ("C200", "decisions", "overdue"),
            ("C200", "visit", "due_soon")} <= set(rows(window))

    visit_item = next(window.week.model.item(r) for r in range(window.week.model.rowCount())
                      if window.week.model.item(r).child_id == "C200" and window.week.model.item(r).kind == "visit")
    window.record_item(visit_item)
    dialog = dialog_of(VisitDialog)
    assert dialog.purpose.currentData() == "pre_review"
    dialog.seen_alone.setCurrentIndex(1)
    dialog.save()
    qtbot.waitUntil(lambda: ("C200", "visit", "due_soon") not in rows(window), timeout=10_000)
    assert not dialog_of(VisitDialog)

    window.open_child("C200")
    qtbot.mouseClick(window.caseload.record_paperwork_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog_of(PaperworkDialog) is not None, timeout=10_000)
    dialog = dialog_of(PaperworkDialog)
    review = repository.get_child(window.vault, "C200").reviews[0]
    assert dialog.review.currentData() == review.id
    dialog.record_sent.set_value(review.review_date - timedelta(days=1))  # before the review: refused
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problems() != [], timeout=10_000)
    assert "before the review" in dialog._field_problems["record_sent_date"].text()
    dialog.record_sent.set_value(date.today())
    dialog.decisions.set_value(date.today() - timedelta(days=1))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog_of(PaperworkDialog), timeout=10_000)
    qtbot.waitUntil(lambda: not {("C200", "record", "overdue"), ("C200", "decisions", "overdue")} & set(rows(window)),
                    timeout=10_000)
    stored = repository.get_child(window.vault, "C200").reviews[0]
    assert (stored.record_sent_date, stored.decisions_circulated_date) == (date.today(), date.today() - timedelta(days=1))
    assert visible_dialogs() == []


def test_local_standards_are_set_in_preferences_through_the_core(due_vault, window, qtbot):
    from ui.settings.preferences_dialog import PreferencesDialog

    unlock(window, qtbot)
    loaded(window, qtbot)
    assert not any(c == "C400" for c, _k, _s in rows(window))
    window.preferences_action.trigger()
    dialog = opened(PreferencesDialog, qtbot)
    spin = dialog.standard_boxes["due_soon_working_days"]
    assert (spin.minimum(), spin.maximum(), spin.value()) == (*due.LIMITS["due_soon_working_days"], 10)
    assert dialog.standard_boxes["record_deadline_working_days"].maximum() == due.LIMITS["record_deadline_working_days"][1]
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "20 working days after the child became looked after" in texts and "cannot be changed" in texts
    spin.setValue(30)
    dialog.under5.setChecked(True)
    dialog.under5_months.setValue(4)
    dialog.accept()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    stored = due.timescale_settings(window.vault)
    assert (stored.due_soon_working_days, stored.under5_review_interval_months) == (30, 4)
    qtbot.waitUntil(lambda: any(c == "C400" for c, _k, _s in rows(window)), timeout=10_000)
    assert "next 30 working days" in window.week.subheading.text()
