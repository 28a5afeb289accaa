"""The caseload list shows each child's next review and where it stands (overdue, due soon,
booked, on track: the core's one rule), legal status and placement as codes (in words to a
screen reader and in the tooltip),
sorts the next review by date, and fits its last column on a 1280 by 720 screen."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt

from iro_desktop.caseload import codes, due
from iro_desktop.trips import store
from tests.ui.window_support import settle, unlock
from ui.caseload.caseload_model import (
    LAST_REVIEW, LEGAL, NAME, NEXT_REVIEW, PLACEMENT, REVIEW_STATUS, SOCIAL_WORKER,
)
from ui.common.formatting import uk_date


def _ready(window, qtbot) -> None:
    unlock(window, qtbot)
    qtbot.waitUntil(lambda: window.due_data is not None, timeout=10_000)
    settle(window, qtbot)


def _cell(window, child_id: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = window.caseload.model
    return model.index(model.row_for(child_id), column).data(role)


def test_next_review_and_its_status_come_from_the_due_rule(due_vault, window, qtbot):
    _ready(window, qtbot)
    data = window.due_data
    for child_id, words in (("C100", "Overdue"), ("C300", "On track"), ("C500", "On track")):
        assert _cell(window, child_id, REVIEW_STATUS) == words, child_id
        assert _cell(window, child_id, NEXT_REVIEW) == uk_date(data.for_child(child_id).next_review_due)
    # The one rule: every cell is the core's standing for that child, whatever it says.
    for child_id, standing in data.reviews.items():
        assert _cell(window, child_id, REVIEW_STATUS) == standing.words
        assert standing == due.review_standing(data.for_child(child_id), [
            (t.start_date, t.end_date) for t in data.trips if child_id in t.child_ids], data.today)
    assert _cell(window, "C100", REVIEW_STATUS, Qt.ItemDataRole.FontRole).bold(), "overdue stands out (in words too)"


def test_a_trip_planned_before_the_limit_shows_the_review_booked(due_vault, window, qtbot):
    _ready(window, qtbot)
    assert _cell(window, "C500", REVIEW_STATUS) == "On track"
    start = date.today() + timedelta(days=3)
    window.worker.run(lambda: store.plan_trip(window.vault, "Northshire", start, start + timedelta(days=1),
                                              ["C500"]), text="")
    qtbot.waitUntil(lambda: _cell(window, "C500", REVIEW_STATUS) == "Booked", timeout=10_000)
    assert uk_date(start) in _cell(window, "C500", REVIEW_STATUS, Qt.ItemDataRole.ToolTipRole)
    assert _cell(window, "C100", REVIEW_STATUS) == "Overdue"


def test_legal_status_and_placement_as_codes_in_words_to_a_screen_reader_and_whole_as_tooltip(
        due_vault, window, qtbot):
    _ready(window, qtbot)
    # The codes, read whole on a small screen; a screen reader says their short words.
    assert _cell(window, "C100", LEGAL) == "C2"
    assert _cell(window, "C100", PLACEMENT) == "U4"
    assert _cell(window, "C100", LEGAL, Qt.ItemDataRole.AccessibleTextRole) == "C2 — Care order"
    assert _cell(window, "C100", PLACEMENT, Qt.ItemDataRole.AccessibleTextRole) == "U4 — Foster care (long-term)"
    assert _cell(window, "C100", LEGAL, Qt.ItemDataRole.ToolTipRole) == codes.describe(codes.LEGAL_STATUSES, "C2")
    assert _cell(window, "C100", PLACEMENT, Qt.ItemDataRole.ToolTipRole) == codes.describe(codes.PLACEMENT_TYPES, "U4")


def test_every_code_has_short_words():
    assert set(codes.SHORT_LEGAL_STATUSES) == set(codes.LEGAL_STATUSES)
    assert set(codes.SHORT_PLACEMENT_TYPES) == set(codes.PLACEMENT_TYPES)
    assert codes.in_words(codes.SHORT_PLACEMENT_TYPES, "K2") == "K2 — Children's home"
    assert codes.in_words(codes.SHORT_LEGAL_STATUSES, "Q9") == "Q9" and codes.in_words({}, None) == ""


def test_sorting_by_next_review_sorts_by_date_with_no_review_last(due_vault, window, qtbot):
    _ready(window, qtbot)
    view = window.caseload
    view.table.sortByColumn(NEXT_REVIEW, Qt.SortOrder.AscendingOrder)
    shown = [view.proxy.index(r, NEXT_REVIEW).data() for r in range(view.proxy.rowCount())]
    dates = [datetime.strptime(s, "%d/%m/%Y").date() for s in shown if s]
    assert len(dates) >= 4 and dates == sorted(dates)
    assert all(shown[:len(dates)]), "a child with no review due comes after every date"
    # As text, dd/mm/yyyy would sort by day of the month: the days here are not in order.
    assert [d.day for d in dates] != sorted(d.day for d in dates) or len({d.month for d in dates}) == 1
    view.table.sortByColumn(REVIEW_STATUS, Qt.SortOrder.AscendingOrder)
    assert view.proxy.index(0, REVIEW_STATUS).data() == "Overdue"
    view.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)


def test_the_last_column_fits_at_1280_by_720(due_vault, window, qtbot):
    _ready(window, qtbot)
    window.resize(1280, 680)
    window.home.setCurrentWidget(window.caseload)
    window.show()
    qtbot.waitExposed(window)
    table = window.caseload.table
    header = table.horizontalHeader()
    assert header.stretchLastSection()
    last = max((c for c in range(header.count()) if not header.isSectionHidden(c)), key=header.visualIndex)
    right = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert right <= table.viewport().width() + 1, (right, table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0, "nothing off to the right"
    # What a narrow column cuts short is in its tooltip whole.
    assert table.textElideMode() == Qt.TextElideMode.ElideRight
    for column in (NAME, LEGAL, PLACEMENT):
        assert _cell(window, "C100", column, Qt.ItemDataRole.ToolTipRole)
    # The codes, ids, ages, dates and statuses are never cut short.
    metrics = table.fontMetrics()
    for column in (LEGAL, PLACEMENT, NEXT_REVIEW, REVIEW_STATUS):
        widest = max(metrics.horizontalAdvance(table.model().index(r, column).data() or "")
                     for r in range(table.model().rowCount()))
        assert table.columnWidth(column) >= widest, column


def test_columns_fit_a_narrower_table_until_the_iro_sets_a_width(due_vault, window, qtbot):
    _ready(window, qtbot)
    window.home.setCurrentWidget(window.caseload)
    window.resize(1100, 680)
    window.show()
    qtbot.waitExposed(window)
    table = window.caseload.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    # Dates and statuses whole: none of them is cut short.
    metrics = table.fontMetrics()
    for column in (NEXT_REVIEW, REVIEW_STATUS):
        widest = max(metrics.horizontalAdvance(table.model().index(r, column).data() or "")
                     for r in range(table.model().rowCount()))
        assert table.columnWidth(column) >= widest, column
    # The IRO drags a column wider: from then on their widths stand.
    table.horizontalHeader().resizeSection(NAME, 400)
    assert window.caseload.columns_chosen
    window.resize(1200, 680)
    qtbot.wait(50)
    assert table.columnWidth(NAME) == 400


def test_the_iro_chooses_the_columns_from_the_view_menu_and_the_last_review_starts_hidden_on_a_small_screen(
        due_vault, window, qtbot):
    _ready(window, qtbot)
    window.home.setCurrentWidget(window.caseload)
    window.resize(1100, 680)
    window.show()
    qtbot.waitExposed(window)
    view = window.caseload
    header = view.table.horizontalHeader()
    assert window.screen().availableGeometry().width() < 1600 and header.isSectionHidden(LAST_REVIEW)
    menu = next(a.menu() for a in window.view_menu.actions() if a.menu() is view.columns_menu)
    menu.aboutToShow.emit()
    actions = {a.text().replace("&", ""): a for a in menu.actions()}
    assert "Name" not in actions, "the name always shows"
    assert not actions["Last review"].isChecked() and actions["Placed in"].isChecked()
    actions["Last review"].trigger()
    assert not header.isSectionHidden(LAST_REVIEW)
    qtbot.waitUntil(lambda: view.table.horizontalScrollBar().maximum() == 0)
    actions["Social worker"].trigger()
    assert header.isSectionHidden(SOCIAL_WORKER)
    # Kept with the columns' widths: the header's state is what the app saves when it closes.
    state = header.saveState()
    header.setSectionHidden(SOCIAL_WORKER, False)
    header.restoreState(state)
    assert header.isSectionHidden(SOCIAL_WORKER)
