"""The easy-read letter's pictures beside the letter: each sentence with the picture its words
give, changed by keyboard from the bundled pictures, kept after closing and opening the record,
and the one the easy-read PDF draws (read back from the PDF's own drawing commands)."""

from __future__ import annotations

import io
import re
from collections import Counter

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas

from iro_desktop import printing
from iro_desktop.printing.pdf import icons
from iro_desktop.reviews import records
from tests.ui.accessibility_support import nameless
from tests.ui.review_support import review_vault, section_editor, start_review, type_into, unlock  # noqa: F401
from ui.records.picture_choice import picture_name

SENTENCES = "You told me your favourite thing to cook is pancakes. You see Nan every Saturday."
_PATH = re.compile(r"^n .*[mlc]( h)?$")
_BOX = "n 0 0 m 24 0 l 24 24 l 0 24 l h"  # every icon's empty frame


def _paths(pdf: bytes) -> Counter:
    """Each path a PDF draws, counted (icons are drawn in their own 24-unit coordinates)."""
    found: Counter = Counter()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for line in page.get_contents().get_data().decode("latin-1").splitlines():
            if _PATH.match(line.strip()) and line.strip() != _BOX:
                found[line.strip()] += 1
    return found


def _icon_path(name: str) -> str:
    """The longest path of picture ``name``: it says which picture was drawn."""
    buf = io.BytesIO()
    canvas = Canvas(buf)
    renderPDF.draw(icons.drawing(name, "#000000", 20), canvas, 0, 0)
    canvas.save()
    return max(_paths(buf.getvalue()), key=len)


def _open_pictures(editor, qtbot):
    page = editor.letter_page
    page.side.setCurrentWidget(page.picture_choice)
    qtbot.waitUntil(lambda: page.picture_choice.isVisible(), timeout=5_000)
    return page.picture_choice


def _shown(panel) -> list[tuple[str, str, bool]]:
    return [(line.text, line.picture, line.chosen) for line in panel.lines]


def test_each_sentence_shows_the_picture_its_words_give_with_a_name(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    text = section_editor(editor, "family_time")
    type_into(qtbot, text, SENTENCES)
    panel = _open_pictures(editor, qtbot)
    qtbot.waitUntil(lambda: len(panel.lines) == 2, timeout=5_000)
    assert _shown(panel) == [("You told me your favourite thing to cook is pancakes.", "chef-hat", False),
                             ("You see Nan every Saturday.", "users-group", False)]
    first = panel.sentences.item(0)
    assert first.text().endswith("Picture: cooking and food")
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Sentence 1: You told me your favourite thing to cook is pancakes. Picture: cooking and food")
    assert not first.icon().isNull(), "the picture itself is drawn beside the words"
    combo = panel.picture
    assert all(combo.itemData(i, Qt.ItemDataRole.AccessibleTextRole).startswith("Picture: ")
               for i in range(combo.count()))
    assert picture_name("users-group") == "Picture: family time"
    assert nameless(editor) == []

    # Typing on changes the list: a third sentence gets its own picture.
    type_into(qtbot, text, " You walk the dog.")
    qtbot.waitUntil(lambda: len(panel.lines) == 3, timeout=5_000)
    assert panel.lines[2].picture == "dog"

    # A read-only letter's pictures are shown, not changed.
    editor.letter_page.set_read_only(True)
    assert not panel.picture.isEnabled() and not panel.words_button.isEnabled()
    assert len(panel.lines) == 3
    editor.letter_page.set_read_only(False)
    assert panel.picture.isEnabled()

    # The opening's pictures come from its words only.
    editor.letter_page.select_section("__opening")
    panel.refresh_now()
    assert not panel.picture.isEnabled()


def test_a_picture_changed_by_keyboard_is_kept_and_printed(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    text = section_editor(editor, "family_time")
    type_into(qtbot, text, SENTENCES)
    panel = _open_pictures(editor, qtbot)
    qtbot.waitUntil(lambda: len(panel.lines) == 2, timeout=5_000)
    vault, record_id = window.vault, editor.record.id
    # By keyboard: down to the second sentence, then type the picture's name in its box.
    panel.sentences.setFocus()
    assert panel.current_line().number == 1, "the first sentence is chosen to begin with"
    QTest.keyClick(panel.sentences, Qt.Key.Key_Down)
    assert panel.current_line().number == 2
    panel.picture.setFocus()
    QTest.keyClicks(panel.picture, "Birthday")
    qtbot.waitUntil(lambda: panel.lines and panel.lines[1].picture == "cake", timeout=5_000)
    assert _shown(panel)[1] == ("You see Nan every Saturday.", "cake", True)
    assert panel.sentences.item(1).text().endswith("Picture: birthday or party (your choice)")
    assert panel.words_button.isEnabled()
    assert editor.letter_page.collect().section("family_time").pictures == {2: "cake"}

    # Closing puts the choice into the record; opening it again shows it.
    editor.close()
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    assert records.get_review(vault, record_id).content.letter.section("family_time").pictures == {2: "cake"}
    window.records.open_record("review", record_id)
    qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=10_000)
    again = window.records.editor_for("review", record_id)
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    again.letter_page.select_section("family_time")
    panel = _open_pictures(again, qtbot)
    panel.refresh_now()
    assert _shown(panel) == [("You told me your favourite thing to cook is pancakes.", "chef-hat", False),
                             ("You see Nan every Saturday.", "cake", True)]

    # The easy-read letter draws the cake where Nan's family picture was: read from the PDF.
    cake, family = _icon_path("cake"), _icon_path("users-group")
    chosen = _paths(printing.render_document(vault, "C100", "easy-read", record_id=record_id))

    # Back to the words' picture (the button), kept as well: the family picture is back.
    panel.sentences.setCurrentRow(1)
    panel.words_button.click()
    assert _shown(panel)[1] == ("You see Nan every Saturday.", "users-group", False)
    again.close()
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    assert records.get_review(vault, record_id).content.letter.section("family_time").pictures == {}
    words = _paths(printing.render_document(vault, "C100", "easy-read", record_id=record_id))
    assert cake != family and chosen[cake] >= 1
    assert chosen[cake] == words[cake] + 1, "one more cake with the IRO's choice"
    assert chosen[family] == words[family] - 1, "and one family picture fewer"


def test_a_chosen_picture_follows_its_sentence_when_one_is_written_before_it(review_vault, window, qtbot):
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    text = section_editor(editor, "family_time")
    type_into(qtbot, text, SENTENCES)
    panel = _open_pictures(editor, qtbot)
    qtbot.waitUntil(lambda: len(panel.lines) == 2, timeout=5_000)
    panel.sentences.setCurrentRow(1)
    panel.picture.setFocus()
    QTest.keyClicks(panel.picture, "Birthday")
    qtbot.waitUntil(lambda: panel.lines[1].picture == "cake", timeout=5_000)
    # A new first sentence: Nan's sentence is the third now, and its cake goes with it.
    text.setFocus()
    cursor = text.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    text.setTextCursor(cursor)
    QTest.keyClicks(text, "Your football team won the cup. ")
    letter = editor.letter_page.collect()
    assert letter.section("family_time").pictures == {3: "cake"}
    panel.refresh_now()
    assert _shown(panel)[2] == ("You see Nan every Saturday.", "cake", True)
    assert not _shown(panel)[0][2], "the new sentence gets the picture its words give"
