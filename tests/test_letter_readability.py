"""Readability figures on fixed texts: words, sentences, offsets, longest sentences, reading age."""

import socket

import pytest

from iro_desktop.documents import readability
from iro_desktop.documents.letter import default_letter
from iro_desktop.documents.readability import analyse_letter, analyse_markup, analyse_text
from iro_desktop.errors import ValidationError

EASY = ("Dear Mira. It was lovely to see you. You showed me your room. "
        "It is pink and blue. You love your cat.")
HARD = ("The multidisciplinary professionals network considered comprehensive documentation regarding "
        "educational provision, therapeutic intervention and contingency arrangements, and determined "
        "that the statutory framework necessitated additional consideration of the placement's suitability.")


def test_counts_and_offsets_on_a_fixed_text():
    r = analyse_text(EASY, child_age=8)
    assert (r.words, r.sentences) == (22, 5)
    assert r.average_sentence_words == 4.4
    first = r.longest[0]
    assert EASY[first.start:first.end] == "It was lovely to see you."
    assert first.words == 6
    assert [EASY[s.start:s.end] for s in r.longest] == [
        "It was lovely to see you.", "You showed me your room.", "It is pink and blue."]
    assert r.long_sentences == () and r.warnings == ()
    assert r.reading_age == pytest.approx(5.0, abs=0.5) and r.reading_age_text == "5 or under"


def test_a_hard_sentence_is_flagged_and_reads_far_older():
    r = analyse_text(HARD, child_age=10)
    assert (r.words, r.sentences) == (28, 1)
    assert r.long_sentences == (readability.SentenceSpan(0, len(HARD), 28),)
    assert r.reading_age > 20
    assert r.reading_age_above_child_age
    assert any("more than 20 words" in w for w in r.warnings)
    assert any("reading age" in w and "(10)" in w for w in r.warnings)


def test_line_breaks_and_abbreviations():
    text = "Mr. Jones came to see you.\n- more family time\n- a bike\nThat is all! Bye?"
    r = analyse_text(text)
    assert r.sentences == 5  # the abbreviation does not end a sentence; each line does
    assert text[r.longest[0].start:r.longest[0].end] == "Mr. Jones came to see you."
    assert [text[s.start:s.end] for s in r.longest[1:]] == ["- more family time", "That is all!"]
    assert (r.longest[1].start, r.longest[2].start) == (27, 55)
    assert analyse_text("").reading_age is None and analyse_text("").words == 0


def test_markup_is_measured_without_its_marks():
    assert analyse_markup("**Well** _done_ you!\n\n- one\n- two").words == 5


def test_long_letter_warning_at_the_setting(vault):
    assert readability.word_limit(vault) == 700
    letter = default_letter("Mira")
    letter.set_body("home", " ".join(["You like your room and your cat."] * 100))  # 700 words
    assert not analyse_letter(letter).over_limit
    letter.set_body("school", "You like maths.")
    r = analyse_letter(letter, child_age=12)
    assert r.words == 703 and r.over_limit
    assert r.warnings[0].startswith("This letter is 703 words long.")
    readability.set_word_limit(vault, 800)
    assert readability.word_limit(vault) == 800
    assert not analyse_letter(letter, word_limit=readability.word_limit(vault)).warnings
    with pytest.raises(ValidationError):
        readability.set_word_limit(vault, 5)


def test_letter_spans_name_their_section():
    letter = default_letter("Mira")
    letter.opening = "Hello."
    letter.set_body("home", "You live with Joan and Pete and their dog, who is very big and very loud.")
    letter.set_body("worries", "A hidden worry with many many many many many words in it today.")
    letter.hide_section("worries")
    r = analyse_letter(letter, child_age=9)
    assert r.sentences == 2
    assert r.longest[0].part == "home" and r.longest[0].start == 0
    assert {s.part for s in r.longest} == {"home", "opening"}


def test_no_network_is_used(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("readability tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert analyse_text("A short and simple text about a dog called Biscuit.").reading_age is not None


def test_readability_of_a_review_letter_uses_the_childs_age_and_the_setting(vault):
    from datetime import date

    from iro_desktop import reviews
    from tests.support.caseload_helpers import TODAY
    from tests.support.review_helpers import CHILD, setup

    setup(vault)  # born 2 April 2013: 12 on 6 January 2026
    r = reviews.start_review(vault, CHILD, date(2026, 1, 6), "subsequent", today=TODAY)
    r.content.letter.set_body("home", EASY)
    readability.set_word_limit(vault, 100)
    figures = reviews.letter_readability(vault, r.id, r.content)
    assert figures.child_age == 12 and figures.word_limit == 100
    assert figures.words == 22 + readability.words_in(r.content.letter.section("next_review").plain) + \
        readability.words_in(r.content.letter.section("what_next").plain)
