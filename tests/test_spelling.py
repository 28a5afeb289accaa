"""The UK English spell check: the bundled Hunspell dictionary, and the IRO's own words kept in
the vault (never in a settings file, never named in the audit log)."""

from __future__ import annotations

import pytest

from iro_desktop.documents import spelling
from iro_desktop.errors import ValidationError
from tests.support.caseload_helpers import audit_rows


@pytest.fixture(scope="module")
def speller():
    s = spelling.Speller()  # a speller of this module's own: the IRO's words below stay here
    yield s


def words(found):
    return [m.word for m in found]


def test_british_spellings_pass_and_american_ones_and_typos_are_found(speller):
    text = "Your social worker will organise family time; we realised your behaviour and colour choices, color, analyze, recieve."
    assert words(speller.check(text)) == ["color", "analyze", "recieve"]
    [m] = speller.check("I will recieve it")
    assert (m.start, m.end) == (7, 14)


def test_suggestions_come_best_first(speller):
    assert speller.suggestions("recieve")[0] == "receive"
    assert "family" in speller.suggestions("famly")
    assert len(speller.suggestions("famly")) <= spelling.MAX_SUGGESTIONS


def test_what_is_not_checked(speller):
    text = "CAMHS and the SDQ, {child_name}, year 10, www.examplee.org.uk and someone@examplee.org"
    assert words(speller.check(text)) == []


def test_possessives_hyphens_and_curly_apostrophes(speller):
    assert words(speller.check("The child’s well-being and your step-dad’s car; it's fine")) == []


def test_own_words_are_correct_possessive_and_any_case(speller):
    assert words(speller.check("Zephyrine and Blethwood")) == ["Zephyrine", "Blethwood"]
    speller.set_own_words(["Zephyrine", "blethwood"])
    assert words(speller.check("Zephyrine’s visit to Blethwood, ZEPHYRINE")) == []
    speller.set_own_words([])
    assert words(speller.check("Zephyrine")) == ["Zephyrine"]


def test_the_iros_words_are_kept_in_the_vault_and_audited_by_digest(vault):
    spelling.add_own_word(vault, "Zephyrine")
    spelling.add_own_word(vault, "zephyrine")  # the same word: nothing changes
    spelling.add_own_word(vault, "Blethwood")
    assert spelling.own_words(vault) == ["Blethwood", "Zephyrine"]
    spelling.remove_own_word(vault, "BLETHWOOD")
    assert spelling.own_words(vault) == ["Zephyrine"]
    rows = [r for r in audit_rows(vault) if r[0].startswith("spelling.")]
    assert [r[0] for r in rows] == ["spelling.add_word", "spelling.add_word", "spelling.remove_word"]
    assert not any("Zephyrine".casefold() in str(r).casefold() or "Blethwood".casefold() in str(r).casefold()
                   for r in audit_rows(vault))
    with pytest.raises(ValidationError):
        spelling.add_own_word(vault, "two words")
    with pytest.raises(ValidationError):
        spelling.add_own_word(vault, "   ")


def test_the_process_speller_is_made_once():
    assert spelling.speller() is spelling.speller()
