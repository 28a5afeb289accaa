"""The letter to the child: default sections, and the IRO renaming, reordering, hiding, adding."""

import pytest

from iro_desktop.documents.letter import DEFAULT_SECTIONS, WHAT_NEXT, Letter, default_letter, sign_off_for

HEADINGS = ["How you are doing", "Home", "Family time", "School and learning", "Health and feelings",
            "What you told me", "What is going well", "Worries", "What will happen next", "Your next review"]


def test_default_sections_and_greeting_by_preferred_name():
    letter = default_letter("Mira", sign_off=sign_off_for("Sam Ravensmoss"))
    assert [s.heading for s in letter.sections] == HEADINGS
    assert len({s.key for s in letter.sections}) == len(DEFAULT_SECTIONS)
    assert letter.greeting == "Dear Mira,"
    assert letter.sign_off.splitlines() == ["Best wishes,", "Sam Ravensmoss", "Your Independent Reviewing Officer"]


def test_rename_reorder_hide_add_and_remove():
    letter = default_letter("Mira")
    letter.rename_section("home", "  Living   with Joan and Pete ")
    assert letter.section("home").heading == "Living with Joan and Pete"
    letter.move_section(WHAT_NEXT, 0)
    letter.move_section("worries", 99)
    assert letter.sections[0].key == WHAT_NEXT and letter.sections[-1].key == "worries"
    letter.hide_section("health")
    assert "health" not in [s.key for s in letter.visible_sections]
    own = letter.add_section("Your cat, Biscuit", after="home", body="Biscuit is **huge** now.")
    keys = [s.key for s in letter.sections]
    assert keys[keys.index("home") + 1] == own.key == "own-1"
    assert letter.add_section("Football").key == "own-2"
    letter.remove_section("own-1")
    assert letter.add_section("Drums").key == "own-1"
    with pytest.raises(ValueError):
        letter.remove_section("home")  # built-in sections are hidden, not removed
    with pytest.raises(ValueError):
        letter.rename_section("home", "   ")
    with pytest.raises(KeyError):
        letter.section("nope")


def test_plain_text_leaves_out_hidden_and_empty_sections():
    letter = default_letter("Mira", sign_off="Best wishes,\nSam")
    letter.opening = "It was **lovely** to see you."
    letter.set_body("home", "You like your room.")
    letter.set_body("worries", "A worry.")
    letter.hide_section("worries")
    assert letter.plain_text() == ("Dear Mira,\n\nIt was lovely to see you.\n\nHome\nYou like your room."
                                   "\n\nBest wishes,\nSam")
    assert letter.body_text() == "It was lovely to see you.\nYou like your room."


def test_dict_round_trip_keeps_everything():
    letter = default_letter("Mira", sign_off="Best wishes")
    letter.set_body("home", "- one\n- two")
    letter.hide_section("school")
    letter.add_section("Pets", body="Biscuit")
    letter.section(WHAT_NEXT).generated = "x"
    again = Letter.from_dict(letter.to_dict())
    assert again == letter
    copy = letter.copy()
    copy.set_body("home", "changed")
    assert letter.section("home").body == "- one\n- two"
