"""What people told me, beside the letter: the replies for Mira's booked meeting by person and
question (the child first), who has not replied, the child's words quoted into the letter and
saved, and the panel reading again when a reply is recorded."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from iro_desktop.preparation import consultation
from iro_desktop.preparation.demo import CARER_WORDS, CHILD_WORDS, SOCIAL_WORKER_NOTE
from iro_desktop.reviews import drafts, records
from iro_desktop.vault import Vault, thread_guard
from tests.conftest import PASSPHRASE
from tests.ui.accessibility_support import nameless
from tests.ui.review_support import (  # noqa: F401 - fixtures
    TODAY, review_vault, section_editor, start_review, type_into, unlock,
)
from ui.records.told_me_panel import NO_MEETING, NOBODY_YET

MEETING = TODAY + timedelta(days=14)
SENT = TODAY - timedelta(days=10)
BACK = TODAY - timedelta(days=2)
D = "%d/%m/%Y"


def _book(home, keychain, *, replies: bool = True) -> dict[str, int]:
    """Mira's meeting in a fortnight with her social worker (from her record), a carer and a
    school added; the forms went out; the child, the carer and the social worker (by phone)
    replied as in the demo, the school has not. Returns the consultee ids by role."""
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        booking = consultation.book_with_list(vault, "C100", MEETING, venue_child="at home", today=TODAY)
        mid = booking.meeting.id
        consultation.add(vault, mid, "carer", "Joan Hill")
        consultation.add(vault, mid, "school", "Mrs Patel", "Northshire Academy")
        ids = {c.role: c.id for c in consultation.consultees(vault, mid)}
        for cid in ids.values():
            consultation.record_sent(vault, cid, SENT, "email" if cid != ids["child"] else "paper", today=TODAY)
        if replies:
            consultation.record_returned(vault, ids["child"], BACK, "paper", CHILD_WORDS[0], today=TODAY)
            consultation.record_returned(vault, ids["carer"], BACK, "email", CARER_WORDS, today=TODAY)
            consultation.record_returned(vault, ids["social_worker"], BACK, "phone", note=SOCIAL_WORKER_NOTE,
                                         today=TODAY)
    return ids


def _panel(editor, qtbot):
    page = editor.letter_page
    page.side.setCurrentWidget(page.told_me)
    qtbot.waitUntil(lambda: page.told_me.told is not None, timeout=10_000)
    return page.told_me


EXPECTED = [
    "The child — Mira", f"Replied on {BACK:{D}} (on paper)",
    "Going well", CHILD_WORDS[0]["going_well"], "Worries", CHILD_WORDS[0]["worries"],
    "Wants to change", CHILD_WORDS[0]["change"], "Who they want there", CHILD_WORDS[0]["who_there"],
    "Where they want it", CHILD_WORDS[0]["where"], "Chair part of it", "Yes", "Set the agenda", "Yes",
    "Carer — Joan Hill", f"Replied on {BACK:{D}} (by email)",
    "Going well", CARER_WORDS["going_well"], "Health and education", CARER_WORDS["health_education"],
    "Support needed", CARER_WORDS["support"], "Coming to the meeting", "Yes",
    "Social worker — Sam Jones", f"Replied on {BACK:{D}} (by phone)", "Note", SOCIAL_WORKER_NOTE,
    "Not replied yet", f"School — Mrs Patel, Northshire Academy: sent {SENT:{D}} (by email)",
]


def test_the_panel_lists_what_each_person_said_the_child_first(review_vault, keychain, window, qtbot):
    home, _code = review_vault
    _book(home, keychain)
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    panel = _panel(editor, qtbot)
    assert panel.meeting_line.text().startswith("For the review meeting on ")
    assert panel.sections_text() == EXPECTED
    # One button for each of the child's written answers, none for a yes/no or an adult's words.
    assert [b.accessibleName() for b in panel.quote_buttons] == [
        "Quote in the letter: going well", "Quote in the letter: worries", "Quote in the letter: wants to change",
        "Quote in the letter: who they want there", "Quote in the letter: where they want it"]
    assert nameless(editor) == []


def test_empty_states_are_said_in_words(review_vault, keychain, window, qtbot):
    home, _code = review_vault
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    panel = _panel(editor, qtbot)
    assert panel.sections_text() == [NO_MEETING]
    assert not panel.meeting_line.isVisible()


def test_nobody_replied_yet_lists_who_is_waited_for(review_vault, keychain, window, qtbot):
    home, _code = review_vault
    _book(home, keychain, replies=False)
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    panel = _panel(editor, qtbot)
    lines = panel.sections_text()
    assert lines[0] == NOBODY_YET
    assert lines[1] == "Not replied yet"
    assert lines[2:] == [f"The child — Mira: sent {SENT:{D}} (on paper)",
                         f"Carer — Joan Hill: sent {SENT:{D}} (by email)",
                         f"Social worker — Sam Jones: sent {SENT:{D}} (by email)",
                         f"School — Mrs Patel, Northshire Academy: sent {SENT:{D}} (by email)"]
    assert panel.quote_buttons == []


def test_quoting_the_childs_words_is_one_undo_and_is_saved(review_vault, keychain, window, qtbot):
    home, _code = review_vault
    _book(home, keychain)
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    panel = _panel(editor, qtbot)
    text = section_editor(editor, "what_you_told_me")
    type_into(qtbot, text, "Thank you for your form.")
    worries = next(b for b in panel.quote_buttons if b.accessibleName().endswith("worries"))
    worries.setFocus()  # by keyboard: Tab reaches the button, Space presses it
    QTest.keyClick(worries, Qt.Key.Key_Space)
    quoted = "Thank you for your form. You told me: “I miss my brother when I don't see him”"
    assert text.toPlainText() == quoted
    assert text.hasFocus(), "the IRO carries on writing where the words went"
    text.undo()
    assert text.toPlainText() == "Thank you for your form.", "the quotation is one step to undo"
    text.redo()
    assert text.toPlainText() == quoted

    # The autosave keeps it like typing, and closing puts it into the record.
    key = editor.autosaver.draft_key
    qtbot.waitUntil(lambda: "You told me" in _draft_body(window.vault, key), timeout=5_000)
    record_id = editor.record.id
    editor.close()
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    body = records.get_review(window.vault, record_id).content.letter.section("what_you_told_me").body
    assert body == quoted


def _draft_body(vault, key: str) -> str:
    draft = drafts.load_draft(vault, key)
    return draft.letter.section("what_you_told_me").body if draft is not None else ""


def test_a_quote_in_bold_text_is_plain_and_keeps_the_childs_markup_characters(review_vault, keychain, window,
                                                                               qtbot):
    home, _code = review_vault
    ids = _book(home, keychain)
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        consultation.record_returned(vault, ids["child"], BACK, "paper", {"anything_else": "I *love* my_room"},
                                     today=TODAY)
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    panel = _panel(editor, qtbot)
    text = section_editor(editor, "how_you_are")
    editor.letter_page.bold_button.click()
    type_into(qtbot, text, "Hello")
    panel.quote_buttons[0].click()
    body = editor.letter_page.collect().section("how_you_are").body
    assert body == "**Hello** You told me: “I \\*love\\* my\\_room”"


def test_the_panel_reads_again_when_a_reply_is_recorded(review_vault, keychain, window, qtbot):
    home, _code = review_vault
    ids = _book(home, keychain)
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    panel = _panel(editor, qtbot)
    assert panel.sections_text()[-2:] == ["Not replied yet",
                                          f"School — Mrs Patel, Northshire Academy: sent {SENT:{D}} (by email)"]
    vault = window.vault

    # Written behind the app's back (no change reported), the panel has no reason to read again:
    # what it shows comes from the change the app's own work reports, not from polling.
    with thread_guard.allowed():
        consultation.record_returned(vault, ids["school"], BACK, "email",
                                     {"concerns": "Attendance dipped in October"}, today=TODAY)
    qtbot.wait(300)
    assert "Not replied yet" in panel.sections_text()

    # The same kind of reply recorded through the app's vault thread is shown at once.
    window.worker.run(lambda: consultation.record_returned(vault, ids["school"], BACK, "email",
                                                           {"concerns": "Attendance dipped in October",
                                                            "attend": "no"}, today=TODAY),
                      text="Recording the reply…")
    qtbot.waitUntil(lambda: "Not replied yet" not in panel.sections_text(), timeout=5_000)
    lines = panel.sections_text()
    assert lines[-6:] == ["School — Mrs Patel, Northshire Academy", f"Replied on {BACK:{D}} (by email)",
                          "Concerns", "Attendance dipped in October", "Coming to the meeting", "No"]


def test_a_read_only_letter_quotes_nothing(review_vault, keychain, window, qtbot):
    home, _code = review_vault
    _book(home, keychain)
    unlock(window, qtbot)
    editor = start_review(window, qtbot)
    panel = _panel(editor, qtbot)
    editor.letter_page.set_read_only(True)
    assert panel.quote_buttons and not any(b.isEnabled() for b in panel.quote_buttons)
    before = editor.letter_page.collect().to_dict()
    editor.letter_page.quote_child_words("words")
    assert editor.letter_page.collect().to_dict() == before
