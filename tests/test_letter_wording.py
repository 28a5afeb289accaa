"""The words children asked for, and the IRO's phrase bank and templates in the vault."""

import re

import pytest

from iro_desktop.documents import phrasebank, wording
from iro_desktop.documents.letter import default_letter
from iro_desktop.errors import IroError, ValidationError
from tests.support.caseload_helpers import audit_rows


@pytest.mark.parametrize("typed, words", [
    ("contact", "family time"),
    ("care plan", "your plan"),
    ("placement", "home"),
    ("LAC review", "your review meeting"),
    ("siblings", "brothers and sisters"),
    ("PEP", "your school plan"),
])
def test_each_term_gets_the_childrens_words(typed, words):
    [s] = wording.suggest(f"We talked about {typed} today.")
    assert (s.found, s.child_words) == (typed, words)
    assert wording.child_friendly(f"We talked about {typed} today.") == f"We talked about {words} today."


def test_positions_case_and_longest_term_first():
    text = "Contact with Nan is weekly; contact arrangements will change after the LAC review."
    found = wording.suggest(text)
    assert [(text[s.start:s.end], s.child_words) for s in found] == [
        ("Contact", "Family time"), ("contact arrangements", "family time plans"),
        ("the LAC review", "your review meeting")]
    assert found[0].message == "Children asked for “Family time” rather than “Contact”."


@pytest.mark.parametrize("term", sorted(wording.BUILT_IN))
def test_every_built_in_swap_in_both_voices(term):
    """The list is the child's own voice ("my plan"); a letter is the IRO speaking to the child
    ("your plan"). No swap in the IRO's voice speaks as the child, and the child's own voice
    keeps the words exactly as children asked for them."""
    listed = wording.BUILT_IN[term]
    text = f"Then {term} came up."
    assert wording.child_friendly(text, voice=wording.CHILDS_OWN) == f"Then {listed} came up."
    to_child = wording.child_friendly(text)
    assert not re.search(r"\b(my|me|myself|mine)\b", to_child, re.IGNORECASE), to_child
    if re.search(r"\bmy\b", listed):
        assert re.sub(r"\bmy\b", "your", listed) in to_child


def test_the_iros_voice_keeps_the_determiner_rule_and_capitals():
    assert wording.child_friendly("Your care plan and the next LAC review.") == "Your plan and your next review meeting."
    assert wording.child_friendly("The care plan says", voice=wording.CHILDS_OWN) == "My plan says"
    assert wording.in_voice("the person who chairs my review meeting") == "the person who chairs your review meeting"
    with pytest.raises(ValueError):
        wording.in_voice("my plan", "shouting")


def test_whole_words_only_and_acronyms_only_in_capitals():
    assert wording.suggest("contacts, recontact, Contacted") == []
    assert wording.suggest("The lac of sleep") == []  # "LAC" matches only in capitals
    assert wording.child_friendly("The care plan says") == "Your plan says"


def test_suggestion_as_the_iro_types():
    text = "We will look at the placement"
    s = wording.suggest_at(text, len(text))
    assert s is not None and s.child_words == "home"
    assert wording.suggest_at("We will look", 12) is None


def test_acronyms_are_found_except_everyday_ones():
    text = "CAMHS and the SDQ, then TV and GCSEs, OK? And I said so."
    assert [a for _s, _e, a in wording.acronyms(text)] == ["CAMHS", "SDQ"]


def test_the_iros_own_words_in_the_vault(vault):
    wording.save_wording(vault, "contact", "time with family")
    wording.save_wording(vault, "  key   worker ", "grown-up who looks out for you")
    wording.remove_wording(vault, "placement")
    table = wording.wording_list(vault)
    by_term = {w.term: w for w in table}
    assert by_term["contact"].child_words == "time with family" and by_term["contact"].changed
    assert by_term["key worker"].child_words == "grown-up who looks out for you"
    assert not by_term["key worker"].built_in
    assert "placement" not in by_term
    assert wording.child_friendly("contact with the key worker at the placement", table) == \
        "time with family with the grown-up who looks out for you at the placement"
    wording.restore_built_in(vault, "placement")
    wording.remove_wording(vault, "key worker")
    table = wording.wording_list(vault)
    assert {w.term for w in table} >= {"placement"} and "key worker" not in {w.term for w in table}
    with pytest.raises(ValidationError):
        wording.save_wording(vault, "", "x")
    # The audit log names terms by a digest only.
    assert not [r for r in audit_rows(vault) if "contact" in r[2] or "worker" in r[2]]


def test_phrase_bank_is_editable_and_kept_in_the_vault(vault):
    assert phrasebank.add_starters(vault) > 5
    assert phrasebank.add_starters(vault) == 0  # only into an empty bank
    mine = phrasebank.add_phrase(vault, "Swimming", "You swam **25 metres**!", "going_well")
    going_well = phrasebank.list_phrases(vault, section_key="going_well")
    assert mine in going_well
    assert all(p.section_key in ("going_well", None) for p in going_well)
    changed = phrasebank.update_phrase(vault, mine.id, body="You swam **50 metres**!")
    assert changed.body == "You swam **50 metres**!" and changed.title == "Swimming"
    moved = phrasebank.update_phrase(vault, mine.id, section_key=None)
    assert moved.section_key is None
    phrasebank.delete_phrase(vault, mine.id)
    assert mine.id not in [p.id for p in phrasebank.list_phrases(vault)]
    with pytest.raises(IroError):
        phrasebank.update_phrase(vault, mine.id, title="x")
    with pytest.raises(ValidationError):
        phrasebank.add_phrase(vault, "  ", "text")


def test_templates_keep_a_layout_without_the_childs_name(vault):
    letter = default_letter("Mira")
    letter.rename_section("home", "Your home with Joan")
    letter.hide_section("health")
    letter.add_section("Horses")
    t = phrasebank.add_template(vault, "My usual", letter)
    assert "Mira" not in t.body
    [stored] = [p for p in phrasebank.list_phrases(vault, kind=phrasebank.TEMPLATE) if p.id == t.id]
    made = phrasebank.letter_from_template(stored, "Kai", sign_off="Best wishes,\nSam")
    assert made.greeting == "Dear Kai,"
    assert made.section("home").heading == "Your home with Joan"
    assert made.section("health").hidden and made.section("own-1").heading == "Horses"
    phrasebank.add_starters(vault)
    starters = phrasebank.list_phrases(vault, kind=phrasebank.TEMPLATE)
    assert len(starters) == 1  # the bank was not empty, so no starters were added
