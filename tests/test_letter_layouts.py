"""Laying out a letter already being written like a template: nothing written is lost."""

from __future__ import annotations

from iro_desktop.documents.layouts import apply_layout
from iro_desktop.documents.letter import NEXT_REVIEW, WHAT_NEXT, default_letter
from iro_desktop.documents.phrasebank import STARTER_TEMPLATES


def _template(title: str):
    return dict(STARTER_TEMPLATES)[title]


def _written():
    letter = default_letter("Mira", sign_off="Best wishes,\nSam")
    letter.opening = "It was lovely to see you."
    letter.set_body("worries", "You are worried about the new school.")
    letter.set_body(WHAT_NEXT, "This is what we agreed:\n\n- I will ring you.")
    letter.set_body(NEXT_REVIEW, "Your next review meeting will be by 1 June.")
    return letter


def test_the_template_order_headings_and_hidden_sections_are_taken():
    letter = apply_layout(_written(), _template("Short letter for a young child"))
    shown = [(s.key, s.heading) for s in letter.visible_sections]
    assert shown[:5] == [("how_you_are", "How you are"), ("home", "Home"), ("family_time", "Family time"),
                         ("going_well", "Things you are good at"), (WHAT_NEXT, "What happens next")]
    assert letter.section("school").hidden, "empty and not in the template"


def test_nothing_written_is_lost_or_hidden():
    before = _written()
    letter = apply_layout(before, _template("Short letter for a young child"))
    # "Worries" and "Your next review" are not in the young child's template but have text.
    assert not letter.section("worries").hidden
    assert letter.section("worries").body == "You are worried about the new school."
    assert not letter.section(NEXT_REVIEW).hidden
    assert letter.plain_text().count("I will ring you.") == 1
    assert letter.opening == before.opening and letter.sign_off == before.sign_off
    assert letter.addressed_to == "Mira"
    assert {s.key for s in letter.sections} == {s.key for s in before.sections}
    assert before.section(WHAT_NEXT).heading == "What will happen next", "the letter given is not changed"
    # Empty sections the template leaves out are hidden, not removed.
    assert letter.section("school").hidden and letter.section("school").body == ""


def test_the_templates_text_fills_only_empty_sections():
    template = _template("Every section").copy()
    template.set_body("how_you_are", "It was lovely to see you at {where}.")
    template.set_body("worries", "Template words.")
    letter = apply_layout(_written(), template)
    assert letter.section("how_you_are").body == "It was lovely to see you at {where}."
    assert letter.section("worries").body == "You are worried about the new school."


def test_the_templates_own_sections_are_added_once():
    template = _template("Every section").copy()
    template.add_section("Your football", body="You told me about the match.")
    letter = _written()
    letter.add_section("My own bit", body="Something of mine.")
    once = apply_layout(letter, template)
    twice = apply_layout(once, template)
    headings = [s.heading for s in twice.sections]
    assert headings.count("Your football") == 1
    assert headings.count("My own bit") == 1
    assert twice.section(next(s.key for s in twice.sections if s.heading == "My own bit")).body == \
        "Something of mine."
    assert len({s.key for s in twice.sections}) == len(twice.sections), "every key is unique"
