"""Writing a review record in its own window, with no network: the letter and its formatting,
children's words, readability, decisions, finalising, amending and earlier versions."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QInputDialog, QLineEdit, QPlainTextEdit,
    QTextEdit,
)

from iro_desktop.caseload import repository, week
from iro_desktop.documents.letter import NEXT_REVIEW, WHAT_NEXT
from iro_desktop.reviews import records
from iro_desktop.reviews.recommendations import long_date
from iro_desktop.timescales import add_months
from tests.ui.review_support import (  # noqa: F401 - fixtures
    EARLIER, IRO, TODAY, answer_name, fill_for_finalising, no_network, press, review_vault, section_editor,
    start_review, type_into, unlock,
)
from ui.common.formatting import uk_date

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def content_pages(editor):
    return [editor.details_page, editor.letter_page, editor.decisions_page, editor.quality_page]


def editable_widgets(editor) -> list:
    """Every input on the record's pages that would still take a change."""
    found = []
    for page in content_pages(editor):
        for w in page.findChildren(QAbstractButton) + page.findChildren(QLineEdit) + \
                page.findChildren(QComboBox) + page.findChildren(QAbstractSpinBox):
            if w.isEnabled() and not (isinstance(w, QLineEdit) and w.isReadOnly()):
                found.append(w)
        for w in page.findChildren(QTextEdit) + page.findChildren(QPlainTextEdit):
            if w.isEnabled() and not w.isReadOnly():
                found.append(w)
    return found


def finalise(qtbot, editor, *, asks_name: bool) -> None:
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    if asks_name:
        answer_name(qtbot, editor)
    press(qtbot, editor, "Finalise")
    qtbot.waitUntil(lambda: editor.record.read_only, timeout=10_000)


def test_write_and_finalise_a_review_with_no_network(no_network, review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    assert editor.windowTitle() == "Review record — IRO Desktop"
    assert "Mira" not in editor.windowTitle() and "Quillfeather" not in editor.windowTitle()
    assert editor.name_label.text() == "Mira Quillfeather", "the child's name is shown inside the window"
    assert editor.letter_page.dear.text() == "Mira", "the letter is addressed by the name she uses"

    text = section_editor(editor, "how_you_are")
    type_into(qtbot, text, "It was lovely to see you at Joan and Pete's on Tuesday.")
    fill_for_finalising(editor)
    finalise(qtbot, editor, asks_name=True)

    assert records.iro_name(window.vault) == IRO, "the name is asked once and kept"
    assert editor.banner.isVisible()
    assert editor.banner.text().startswith(f"Finalised by {IRO} on {uk_date(TODAY)}")
    assert [w.text() if hasattr(w, "text") else w for w in editable_widgets(editor)] == []
    assert all(e.isReadOnly() for e in editor.letter_page.editors.values())
    assert not editor.finalise_button.isVisible() and editor.amend_button.isVisible()
    assert editor.indicator.text() == "Finalised" and "· Finalised ·" in editor.sub_label.text()
    stored = records.get_review(window.vault, editor.record.id)
    assert stored.read_only and stored.version.finalised_by == IRO
    assert "Joan and Pete's on Tuesday" in stored.content.letter.section("how_you_are").body
    assert no_network == [], "nothing tried to reach the network"


def test_bold_italics_and_bullets_are_stored_as_the_letter_markup(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    text = section_editor(editor, "how_you_are")
    type_into(qtbot, text, "It was lovely to see you")
    cursor = text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.movePosition(QTextCursor.MoveOperation.PreviousWord, QTextCursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    QTest.keyClick(text, Qt.Key.Key_B, CTRL)
    text.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(text, Qt.Key.Key_B, CTRL)  # typing after a bold word carries on bold until switched off
    QTest.keyClicks(text, " at home. ")
    QTest.keyClick(text, Qt.Key.Key_I, CTRL)
    QTest.keyClicks(text, "Brilliant")
    QTest.keyClick(text, Qt.Key.Key_I, CTRL)
    QTest.keyClicks(text, " news.")
    QTest.keyClick(text, Qt.Key.Key_Return)
    QTest.keyClick(text, Qt.Key.Key_8, CTRL | SHIFT)
    QTest.keyClicks(text, "Football")
    QTest.keyClick(text, Qt.Key.Key_Return)
    QTest.keyClicks(text, "Drawing")
    QTest.keyClick(text, Qt.Key.Key_Return)
    QTest.keyClick(text, Qt.Key.Key_Return)  # an empty bullet ends the list
    QTest.keyClicks(text, "See you soon.")
    expected = "It was lovely to see **you** at home. _Brilliant_ news.\n\n- Football\n- Drawing\n\nSee you soon."
    assert text.markup() == expected

    save = next(a for a in editor.actions() if a.shortcut().toString() == "Ctrl+S")
    save.trigger()  # "save now": the same saved, into the record at once
    qtbot.waitUntil(lambda: records.get_review(window.vault, editor.record.id).content.letter.section(
        "how_you_are").body == expected, timeout=5_000)
    assert editor.indicator.text().startswith("Saved at ")
    body = records.get_review(window.vault, editor.record.id).content.letter.section("how_you_are").body
    assert body == expected, "stored as the core's markup, never Qt HTML"
    assert "<" not in body and "style" not in body

    record_id = editor.record.id
    editor.close()
    window.records.open_record("review", record_id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=5_000)
    again = section_editor(window.records.editor_for("review", record_id), "how_you_are")
    doc = again.document()
    word = doc.toPlainText().index("you")
    c = QTextCursor(doc)
    c.setPosition(word + 1)
    assert c.charFormat().fontWeight() == QFont.Weight.Bold.value
    c.setPosition(doc.toPlainText().index("Brilliant") + 1)
    assert c.charFormat().fontItalic()
    assert doc.findBlock(doc.toPlainText().index("Football")).textList() is not None
    assert doc.findBlock(doc.toPlainText().index("See you soon")).textList() is None
    assert again.markup() == expected


def test_paste_arrives_as_plain_text(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    text = section_editor(editor, "home")
    data = QMimeData()
    data.setHtml("<b style='color:red;font-size:30pt'>Shouting</b> <i>words</i>")
    data.setText("Shouting words")
    QApplication.clipboard().setMimeData(data)
    QTest.keyClick(text, Qt.Key.Key_V, CTRL)
    assert text.markup() == "Shouting words"
    QApplication.clipboard().clear()


def test_undo_and_redo_in_the_letter(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    text = section_editor(editor, "school")
    type_into(qtbot, text, "You moved up a set in maths")
    assert text.markup() == "You moved up a set in maths"
    QTest.keyClick(text, Qt.Key.Key_Z, CTRL)
    assert text.markup() != "You moved up a set in maths"
    QTest.keyClick(text, Qt.Key.Key_Z, CTRL | SHIFT)
    assert text.markup() == "You moved up a set in maths"
    QTest.keyClick(text, Qt.Key.Key_Z, CTRL)
    qtbot.mouseClick(editor.letter_page.redo_button, Qt.MouseButton.LeftButton)
    assert text.markup() == "You moved up a set in maths"


def test_the_childrens_words_are_offered_for_a_professional_term(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    page = editor.letter_page
    text = section_editor(editor, "family_time")
    type_into(qtbot, text, "We talked about contact ")
    assert page.suggestion_bar.isVisible()
    assert "family time" in page.suggestion_bar.label.text() and "contact" in page.suggestion_bar.label.text()
    replace = next(b for b in page.suggestion_bar.findChildren(QAbstractButton) if b.text() == "Replace")
    qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    assert text.markup() == "We talked about family time"
    assert not page.suggestion_bar.isVisible()
    QTest.keyClicks(text, " and your care plan.")
    assert page.suggestion_bar.isVisible() and "your plan" in page.suggestion_bar.label.text()
    keep = next(b for b in page.suggestion_bar.findChildren(QAbstractButton) if b.text() == "Keep my words")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert "your care plan" in text.markup() and not page.suggestion_bar.isVisible()


def test_a_phrase_goes_in_at_the_cursor(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    page = editor.letter_page
    text = section_editor(editor, "going_well")
    page._add_starters()
    qtbot.waitUntil(lambda: len(editor.ctx.phrases) > 0, timeout=5_000)
    type_into(qtbot, text, "Well done.")
    page._fill_phrase_menu()
    proud = next(a for a in page.phrase_menu.actions() if a.text() == "Proud")
    proud.trigger()
    assert text.markup() == "Well done. You should be really proud of yourself."


def test_readability_panel_and_longest_sentence_highlighted(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    page = editor.letter_page
    text = section_editor(editor, "how_you_are")
    long_sentence = ("It was really lovely to come and see you at your home with Joan and Pete on Tuesday "
                     "afternoon after school when you showed me your drawings of the dogs.")
    type_into(qtbot, text, "Hello. " + long_sentence)
    qtbot.waitUntil(lambda: bool(text.highlighted_spans()), timeout=5_000)
    start, end = text.highlighted_spans()[0]
    assert text.document().toPlainText()[start:end] == long_sentence
    figures = page.readability.figures.text()
    assert "Words" in figures and "Reading age" in figures and "11 on the review date" in figures
    assert page.readability.longest.count() >= 1
    assert "more than 20 words" in page.readability.warnings.text()


def test_decisions_write_what_happens_next_until_it_is_edited(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    decisions = editor.decisions_page
    editor.tabs.setCurrentWidget(decisions)
    assert len(decisions.earlier) == 2, "Mira's open decisions from her last review wait for an outcome"
    qtbot.mouseClick(decisions.add_button, Qt.MouseButton.LeftButton)
    row = decisions.rows[-1]
    QTest.keyClicks(row.what, "arrange a visit to see your brother")
    row.role.set_value("social_worker")
    QTest.keyClicks(row.name, "Priya")
    row.by_when.set_value(TODAY + timedelta(days=30))
    what_next = editor.letter_page.editors[WHAT_NEXT]
    assert "Priya, your social worker, will arrange a visit to see your brother" in what_next.markup()

    earlier = decisions.earlier[0]
    earlier.outcome.set_value("carry_forward")
    assert any(r.value().carried_from == earlier.uid for r in decisions.rows), "carried into this review"

    text = section_editor(editor, WHAT_NEXT)
    text.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(text, " I will ring you.")
    QTest.keyClicks(row.name, " Shah")
    assert what_next.markup().endswith("I will ring you."), "the IRO's own words are kept"
    assert editor.letter_page.regenerate_button.isVisible()


def test_the_next_review_words_follow_the_review_date_until_they_are_edited(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot, when=TODAY)
    words = editor.letter_page.editors[NEXT_REVIEW]
    assert long_date(add_months(TODAY, 6)) in words.markup()
    moved = TODAY - timedelta(days=3)
    editor.details_page.review_date.set_value(moved)
    qtbot.waitUntil(lambda: long_date(add_months(moved, 6)) in words.markup(), timeout=5_000)
    with window.vault.read() as db:  # what My week shows once this date is saved
        assert records.next_review_for(db.conn, editor.record.id, editor.collect()) == add_months(moved, 6)

    text = section_editor(editor, NEXT_REVIEW)
    text.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(text, " Bring your drawings!")
    editor.details_page.review_date.set_value(TODAY)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=5_000)
    assert words.markup().endswith("Bring your drawings!"), "the IRO's own words are kept"
    assert long_date(add_months(moved, 6)) in words.markup()


def test_participation_code_pn0_only_for_a_child_under_4(review_vault, window, qtbot):
    unlock(window, qtbot)
    older = start_review(window, qtbot, "C100")
    assert "PN0" not in older.details_page.participation.codes_offered()
    assert older.details_page.participation.codes_offered()[0] == "PN1"
    assert older.details_page.participation.value() is None
    assert "PN0 is not offered" in older.details_page.participation_hint.text()

    young = start_review(window, qtbot, "C300", kind="first")
    assert young.details_page.participation.codes_offered() == ["PN0"]
    assert young.details_page.participation.value() == "PN0", "suggested for a child under 4"
    assert "Child aged under 4" in young.details_page.participation_words.text()


def test_amend_with_a_reason_and_open_the_earlier_version(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    text = section_editor(editor, "how_you_are")
    type_into(qtbot, text, "It was lovely to see you and Nan.")
    fill_for_finalising(editor)
    finalise(qtbot, editor, asks_name=True)

    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.pending_dialog, QInputDialog), timeout=5_000)
    editor.pending_dialog.setTextValue("Nan's visit was on Wednesday, not Tuesday")
    editor.pending_dialog.accept()
    qtbot.waitUntil(lambda: editor.record.version.version == 2 and not editor.read_only, timeout=5_000)
    assert "Nan's visit was on Wednesday" in editor.banner.text()
    assert not text.isReadOnly()
    text.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(text, " You made her laugh.")
    finalise(qtbot, editor, asks_name=False)  # the name was kept: not asked again

    versions = records.review_versions(window.vault, editor.record.id)
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].amendment_reason == "Nan's visit was on Wednesday, not Tuesday"
    editor.tabs.setCurrentWidget(editor.versions_page)
    qtbot.waitUntil(lambda: editor.versions_page.table.rowCount() == 2, timeout=5_000)
    assert editor.versions_page.table.item(0, 5).text().startswith("✔")
    editor.versions_page.table.selectRow(0)
    qtbot.mouseClick(editor.versions_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.records.editor_for("review", editor.record.id, 1) is not None, timeout=5_000)
    first = window.records.editor_for("review", editor.record.id, 1)
    assert first.read_only and editable_widgets(first) == []
    assert first.letter_page.editors["how_you_are"].markup() == "It was lovely to see you and Nan."
    assert first.banner.text().startswith("Version 1 as it was kept, finalised by")
    assert editor.letter_page.editors["how_you_are"].markup().endswith("You made her laugh.")


def test_paperwork_dates_are_recorded(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot, when=TODAY - timedelta(days=2))
    box = editor.paperwork
    assert not box.sent_button.isEnabled(), "only a finalised record can be sent"
    box.circulated.set_value(TODAY)
    qtbot.mouseClick(box.circulated_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=5_000)
    section_editor(editor, "how_you_are")
    type_into(qtbot, editor.letter_page.editors["how_you_are"], "Hello.")
    fill_for_finalising(editor)
    finalise(qtbot, editor, asks_name=True)
    assert box.sent_button.isEnabled()
    box.sent.set_value(TODAY)
    qtbot.mouseClick(box.sent_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=5_000)
    review = next(r for r in repository.get_child(window.vault, "C100").reviews
                  if r.id == editor.record.record.review_id)
    assert review.decisions_circulated_date == TODAY and review.record_sent_date == TODAY


def test_records_open_from_the_child_and_my_week(review_vault, window, qtbot):
    unlock(window, qtbot)
    window.open_child("C100")
    qtbot.mouseClick(window.caseload.records_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.records.dialog is not None and window.records.dialog.isVisible(), timeout=5_000)
    dialog = window.records.dialog
    assert dialog.windowTitle() == "Reviews and letters"
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "Finalised"
    assert dialog.table.item(0, 1).text() == uk_date(EARLIER)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.records.editors) == 1, timeout=5_000)
    editor = next(iter(window.records.editors.values()))
    assert editor.read_only and editor.banner.text().startswith("Finalised by A. Previous")

    qtbot.mouseClick(window.caseload.write_review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.records.dialog is not dialog and window.records.dialog.isVisible(), timeout=5_000)
    assert window.records.dialog.windowTitle() == "Write a review record"
    assert window.records.dialog.new_button.isChecked(), "the earlier review already has its record"
    window.records.dialog.reject()


def test_a_date_already_on_the_childs_history_opens_that_reviews_record(review_vault, window, qtbot):
    unlock(window, qtbot)
    reviews_before = len(repository.get_child(window.vault, "C100").reviews)
    window.records.write_review("C100")
    qtbot.waitUntil(lambda: window.records.dialog is not None and window.records.dialog.isVisible(), timeout=5_000)
    dialog = window.records.dialog
    dialog.new_button.setChecked(True)
    dialog.new_date.set_value(EARLIER)
    dialog.new_type.set_value("first")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.records.editors) == 1, timeout=5_000)
    editor = next(iter(window.records.editors.values()))
    assert editor.read_only and editor.banner.text().startswith("Finalised by A. Previous")
    assert len(repository.get_child(window.vault, "C100").reviews) == reviews_before, "no second review that day"


def test_my_week_row_writes_the_record_of_its_review(review_vault, window, qtbot):
    unlock(window, qtbot)
    item = week.WeekItem("C100", "Mira Quillfeather", week.RECORD, "Record to send", TODAY, "overdue", -3,
                         "second", review_date=EARLIER)
    window.write_item(item)
    qtbot.waitUntil(lambda: len(window.records.editors) == 1, timeout=5_000)
    editor = next(iter(window.records.editors.values()))
    assert editor.record.record.review_id is not None and editor.record.content.details.review_date == EARLIER


def test_a_template_lays_the_letter_out_without_losing_words(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    page = editor.letter_page
    type_into(qtbot, section_editor(editor, "worries"), "You are worried about the new school.")
    page._add_starters()
    qtbot.waitUntil(lambda: len(editor.ctx.templates) > 0, timeout=5_000)
    page._fill_template_menu()
    young = next(a for a in page.template_menu.actions() if a.text() == "Short letter for a young child")
    young.trigger()
    press(qtbot, page, "Use the template")
    letter = page.collect()
    assert [s.heading for s in letter.visible_sections][:2] == ["How you are", "Home"]
    assert letter.section("worries").body == "You are worried about the new school."
    assert not letter.section("worries").hidden
    assert letter.section("school").hidden
    assert "How you are" in [page.sections.item(i).text() for i in range(page.sections.count())]
