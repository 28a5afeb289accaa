"""The midway review's note to the child is written with the letter's tools: the formatting bar
(and its shortcuts), the phrase bank, the readability panel with the child's age, the spell
check and the children's words; and the progress list says, in words, which decisions were
past due at the midway review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import PeriodOfCare, Placement
from iro_desktop.reviews import midway, records
from iro_desktop.reviews.model import Recommendation
from iro_desktop.reviews.recommendations import long_date
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.review_helpers import complete
from tests.ui.conftest import sample_child
from tests.ui.records.test_spelling_ui import underlined
from tests.ui.review_support import type_into
from tests.ui.window_support import unlock
from ui.records.text.spelling_qt import app_spell_check

TODAY = date.today()
EARLIER = TODAY - timedelta(days=70)
LATE_BY = EARLIER + timedelta(days=30)  # before today: past due at a midway held today
LATER_BY = TODAY + timedelta(days=60)


@pytest.fixture
def note_vault(vault_home, keychain):
    """Mira (11) with a finalised review: one decision due a month after it (past due now), one
    due in two months; and a midway review started today."""
    vault, code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    try:
        mira = sample_child("C100", "Miranda", "Quillfeather", social_worker="Priya Shah")
        mira.preferred_name = "Mira"
        mira.date_of_birth = TODAY.replace(year=TODAY.year - 11) - timedelta(days=40)
        start = TODAY - timedelta(days=400)
        mira.periods = [PeriodOfCare(start, "C2")]
        mira.placements = [Placement(start, "U4", "Joan and Pete Marsh", area="Northshire")]
        repository.add_child(vault, mira)
        record = records.start_review(vault, "C100", EARLIER, "first")
        content = complete(record.content)
        content.recommendations = [
            Recommendation("Arrange family time with Nan every month", "social_worker", LATE_BY, "Priya Shah"),
            Recommendation("Find a swimming club", "foster_carer", LATER_BY, "Joan")]
        records.finalise_review(vault, record.id, finalised_by="A. Previous", content=content, on=EARLIER)
        note = midway.start_midway(vault, "C100", TODAY, how="visit")
    finally:
        vault.close()
    return vault_home, code, note.id


def open_midway(window, qtbot, record_id: int):
    window.records.open_record("midway", record_id)
    qtbot.waitUntil(lambda: any(k.startswith("midway:") for k in window.records.editors), timeout=10_000)
    editor = next(e for k, e in window.records.editors.items() if k.startswith("midway:"))
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=5_000)
    editor.tabs.setCurrentWidget(editor.note_page)
    return editor


def select_all(box) -> None:
    cursor = box.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    box.setTextCursor(cursor)


def test_the_note_s_toolbar_formats_and_the_note_keeps_it(note_vault, window, qtbot):
    unlock(window, qtbot)
    editor = open_midway(window, qtbot, note_vault[2])
    writer, box = editor.note_writer, editor.child_note
    bar = writer.toolbar
    assert [b.accessibleName() for b in (bar.bold_button, bar.italic_button, bar.bullets_button, bar.undo_button,
                                         bar.redo_button, bar.phrase_button)] == [
        "Bold", "Italics", "Bullet list", "Undo", "Redo", "Insert a phrase from your phrase bank"]
    assert "Ctrl+B" in bar.bold_button.toolTip()
    type_into(qtbot, box, "Well done")
    select_all(box)
    qtbot.mouseClick(bar.bold_button, Qt.MouseButton.LeftButton)
    assert box.markup() == "**Well done**" and bar.bold_button.isChecked()
    box.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(box, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # bold off, by keyboard
    QTest.keyClicks(box, " on the test.")
    assert editor.collect().child_note == "**Well done** on the test."

    editor.save()
    qtbot.waitUntil(lambda: midway.get_midway(window.vault, editor.record.id).content.child_note
                    == "**Well done** on the test.", timeout=5_000)
    editor.close()
    qtbot.waitUntil(lambda: not window.records.editors, timeout=5_000)
    again = open_midway(window, qtbot, note_vault[2])
    assert again.child_note.markup() == "**Well done** on the test."
    assert again.child_note.document().firstBlock().begin().fragment().charFormat().fontWeight() >= 600


def test_the_phrase_bank_inserts_into_the_note(note_vault, window, qtbot):
    unlock(window, qtbot)
    editor = open_midway(window, qtbot, note_vault[2])
    bar = editor.note_writer.toolbar
    bar.fill_phrase_menu()
    starters = next(a for a in bar.phrase_menu.actions() if a.text() == "Add the starter phrases")
    starters.trigger()
    qtbot.waitUntil(lambda: len(editor.ctx.phrases) > 0, timeout=5_000)
    type_into(qtbot, editor.child_note, "Well done.")
    bar.fill_phrase_menu()
    # The starters are each for a letter section, so the note finds them one menu down.
    more = next(a for a in bar.phrase_menu.actions() if a.menu() is not None).menu()
    next(a for a in more.actions() if a.text() == "Proud").trigger()
    assert editor.child_note.markup() == "Well done. You should be really proud of yourself."


def test_the_readability_panel_follows_the_note(note_vault, window, qtbot):
    unlock(window, qtbot)
    editor = open_midway(window, qtbot, note_vault[2])
    panel = editor.note_writer.readability
    long_sentence = ("It was really lovely to come and see you at your home with Joan and Pete on Tuesday "
                     "afternoon after school when you showed me your drawings of the dogs.")
    type_into(qtbot, editor.child_note, "Hello. " + long_sentence)
    qtbot.waitUntil(lambda: bool(editor.child_note.highlighted_spans()), timeout=5_000)
    plain = editor.child_note.document().toPlainText()
    # The longest sentences are marked: here both, the long one first in the panel's list.
    assert {plain[a:b] for a, b in editor.child_note.highlighted_spans()} == {"Hello.", long_sentence}
    assert long_sentence[:40] in panel.longest.item(0).text()
    figures = panel.figures.text()
    assert "<b>31</b>" in figures, "Hello (1) + the long sentence (30)"
    assert "11 on the midway date" in figures
    assert "more than 20 words" in panel.warnings.text()
    assert panel.longest.count() == 2
    # Shorter now: the panel follows the text, and the yellow goes.
    select_all(editor.child_note)
    QTest.keyClicks(editor.child_note, "It was good to see you.")
    qtbot.waitUntil(lambda: "<b>6</b>" in panel.figures.text(), timeout=5_000)
    assert editor.child_note.highlighted_spans() == [(0, 23)], "the longest sentence is still shown"
    assert not panel.warnings.isVisible()


def test_spelling_underlines_a_misspelling_in_the_note(note_vault, window, qtbot):
    unlock(window, qtbot)
    editor = open_midway(window, qtbot, note_vault[2])
    qtbot.waitUntil(lambda: app_spell_check().speller is not None, timeout=20_000)
    type_into(qtbot, editor.child_note, "It was grate to see you on Wensday.")
    qtbot.waitUntil(lambda: underlined(editor.child_note) == ["Wensday"], timeout=5_000)


def test_the_note_s_tools_are_off_once_finalised(note_vault, window, qtbot):
    unlock(window, qtbot)
    editor = open_midway(window, qtbot, note_vault[2])
    bar = editor.note_writer.toolbar
    assert bar.bold_button.isEnabled()
    editor.note_writer.set_read_only(True)
    assert not any(b.isEnabled() for b in (bar.bold_button, bar.italic_button, bar.bullets_button,
                                           bar.phrase_button, bar.undo_button, bar.redo_button))
    assert editor.child_note.isReadOnly()


def test_decisions_past_due_at_the_midway_say_so_in_words(note_vault, window, qtbot):
    unlock(window, qtbot)
    editor = open_midway(window, qtbot, note_vault[2])
    late, not_yet = editor.rows
    words = f"Past due: was due {long_date(LATE_BY)}"
    assert late.past_due_words == words and late.past_due_label.isVisibleTo(editor.main_page.widget())
    assert late.choice.accessibleDescription() == words and late.accessibleDescription() == words
    assert not_yet.past_due_words == "" and not not_yet.past_due_label.isVisibleTo(editor.main_page.widget())
    assert not_yet.choice.accessibleDescription() == ""
    # Judged on the midway date: a midway held before the first date passed found nothing late.
    editor.midway_date.set_value(LATE_BY - timedelta(days=1))
    assert late.past_due_words == "" and late.choice.accessibleDescription() == ""
    editor.midway_date.set_value(LATER_BY + timedelta(days=1))  # ahead of today: judged on today
    assert late.past_due_words == words and not_yet.past_due_words == ""
