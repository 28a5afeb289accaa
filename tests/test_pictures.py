"""Pictures that mean something: each easy-read sentence's picture from its words, the IRO's own
choice kept in the letter through save and render, and old letters unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iro_desktop import printing, reviews
from iro_desktop.documents import markup, pictures
from iro_desktop.documents.letter import Letter, LetterSection, default_letter
from iro_desktop.documents.readability import sentences_in
from iro_desktop.install_check import pictures_named
from iro_desktop.resources import resource_path
from tests.support.render_helpers import crafted_review

# Sentences IROs write, and the picture a child should see beside each.
SAMPLES = [
    ("You told me your favourite thing to cook is pancakes.", "chef-hat"),
    ("You are saving your pocket money for a new game.", "pig-money"),
    ("You told me you love baking cakes with Pat.", "cake"),
    ("You had a brilliant birthday party.", "cake"),
    ("You see Nan every Saturday.", "users-group"),
    ("Family time with your mum is on Sundays.", "users-group"),
    ("You miss your brother.", "mood-sad"),
    ("You are worried about the new school.", "mood-sad"),
    ("Your teacher told us you help the younger children at lunchtime.", "school"),
    ("You walk the dog every morning.", "dog"),
    ("You told me about your hamster, Biscuit.", "cat"),
    ("You play football for the under-11s on Saturdays.", "ball-football"),
    ("You are learning to play the guitar.", "music"),
    ("You went to the dentist in June.", "stethoscope"),
    ("You are sleeping better now.", "heartbeat"),
    ("You have lots of friends at school.", "friends"),
    ("You told me you feel safe with Pat and Lee.", "shield-heart"),
    ("You like your bedroom at home.", "home"),
    ("Your carers are proud of you.", "user-heart"),
    ("You should be really proud of yourself.", "star"),
    ("Your next review meeting will be by 1 June.", "calendar-event"),
    ("You showed me your new bike.", "bike"),
    ("You want to go to the seaside on holiday.", "sun"),
    ("You can call me whenever you like.", "phone"),
]


@pytest.mark.parametrize("sentence, expected", SAMPLES)
def test_sample_sentences_get_fitting_pictures(sentence, expected):
    assert pictures.picture_for(sentence) == expected, pictures.scores(sentence)


def test_the_subject_wins_over_how_it_is_said():
    # "told me" is how it is said, "cook" and "pancakes" what it is about: the section's family
    # picture (the old behaviour) and the speech bubble are both wrong here.
    sentence = "You told me your favourite thing to cook is pancakes."
    assert pictures.choose(sentence, "users-group") == "chef-hat"
    found = pictures.scores(sentence)
    assert found["message-circle"] < found["chef-hat"]


def test_a_sentence_with_no_fitting_words_gets_the_fallback():
    assert pictures.picture_for("It was Tuesday.") is None
    assert pictures.choose("It was Tuesday.", "umbrella") == "umbrella"
    assert pictures.choose("It was Tuesday.") == pictures.FALLBACK


def test_every_picture_is_bundled_and_offered_with_words():
    named = pictures_named()
    assert {name for _s, name in SAMPLES} <= named
    for name in named:
        assert resource_path("icons", f"{name}.svg").is_file(), name
    assert all(label.strip() for label in pictures.PICTURES.values())
    assert "MIT License" in resource_path("icons", "LICENSE-tabler-icons.txt").read_text()


def test_the_iros_choice_wins_and_going_back_returns_the_words_picture():
    body = "You told me your favourite thing to cook is pancakes. You see Nan every Saturday."
    chosen: dict[int, str] = {}
    pictures.set_choice(chosen, 2, "cake")
    found = pictures.sentence_pictures(body, chosen, "users-group")
    assert [(p.number, p.picture, p.chosen) for p in found] == [(1, "chef-hat", False), (2, "cake", True)]
    pictures.set_choice(chosen, 2, None)
    assert [p.picture for p in pictures.sentence_pictures(body, chosen)] == ["chef-hat", "users-group"]
    with pytest.raises(pictures.UnknownPicture):
        pictures.set_choice(chosen, 1, "no-such-picture")
    with pytest.raises(ValueError):
        pictures.set_choice(chosen, 0, "cake")
    # A stored choice the app no longer has falls back to the words' picture.
    assert pictures.sentence_pictures(body, {1: "retired-icon"})[0].picture == "chef-hat"


def test_the_choice_is_kept_in_the_letter_json_and_an_old_letter_loads_unchanged():
    old = default_letter("Lu").to_dict()
    old["sections"][0]["body"] = "You showed me your new bike."
    assert "pictures" not in old["sections"][0]
    again = Letter.from_dict(old)
    assert again.to_dict() == old, "a letter without choices keeps its JSON (and so its hash)"
    again.section("how_you_are").pictures[1] = "star"
    stored = again.to_dict()
    assert stored["sections"][0]["pictures"] == {"1": "star"}
    loaded = Letter.from_dict(stored)
    assert loaded.section("how_you_are").pictures == {1: "star"}
    copy = loaded.copy()
    copy.section("how_you_are").pictures[1] = "dog"
    assert loaded.section("how_you_are").pictures == {1: "star"}, "a copy's choices are its own"
    # Damaged choices never stop a letter loading.
    bad = LetterSection.from_dict({"key": "home", "heading": "Home", "pictures": {"x": "dog", "0": "cat", "3": 7}})
    assert bad.pictures == {}
    assert LetterSection.from_dict({"key": "home", "pictures": ["dog"]}).pictures == {}


@pytest.fixture
def drawn(monkeypatch):
    """The pictures drawn, in order, while a PDF is made."""
    from iro_desktop.printing.pdf import common

    names: list[str] = []
    real = common.icons.drawing

    def spy(name, colour, size):
        names.append(name)
        return real(name, colour, size)

    monkeypatch.setattr(common.icons, "drawing", spy)
    return names


def test_the_iros_choice_is_kept_through_save_and_printed_in_the_easy_read_letter(vault, drawn):
    record_id = crafted_review(vault, finalise=False)
    r = reviews.get_review(vault, record_id)
    # how_you_are: "It was lovely to see you at home on Tuesday. You showed me your **new bike**."
    lines = pictures.sentence_pictures(r.content.letter.section("how_you_are").body, fallback="mood-smile")
    assert [p.picture for p in lines] == ["home", "bike"]

    printing.render_document(vault, "C900001", "easy-read", record_id=record_id)
    before = list(drawn)
    assert "home" in before and "bike" in before and "dog" in before  # "You walk the dog."

    pictures.set_choice(r.content.letter.section("how_you_are").pictures, 2, "star")
    reviews.save_review(vault, record_id, r.content)
    kept = reviews.get_review(vault, record_id).content.letter.section("how_you_are").pictures
    assert kept == {2: "star"}

    drawn.clear()
    printing.render_document(vault, "C900001", "easy-read", record_id=record_id)
    after = list(drawn)
    # The same pictures, one for one, except the bike the IRO changed to a star.
    assert len(after) == len(before)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [("bike", "star")]


def test_an_old_letter_still_renders(vault, drawn):
    record_id = crafted_review(vault)  # saved without any choices, as every letter before them
    pdf = printing.render_document(vault, "C900001", "easy-read", record_id=record_id)
    assert pdf.startswith(b"%PDF") and drawn.count("bike") == 1, "the words' picture, as before"
    stored = reviews.get_review(vault, record_id).content.letter.to_dict()
    assert not any("pictures" in s for s in stored["sections"])


SENTENCE = st.sampled_from([s for s, _p in SAMPLES] + ["It was Tuesday.", "Well done!", "Mr. Lee said so."])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(SENTENCE, min_size=1, max_size=4), min_size=1, max_size=3))
def test_the_letter_the_editor_and_the_readability_check_count_the_same_sentences(paragraphs):
    body = "\n\n".join(" ".join(p) for p in paragraphs)
    plain = markup.plain_text(markup.parse(body)) if hasattr(markup, "plain_text") else markup.strip_markup(body)
    expected = sum(len(sentences_in(line)) for line in plain.splitlines())
    found = pictures.sentence_pictures(body)
    assert len(found) == expected == len(pictures.sentences(markup.parse(body)))
    assert [p.number for p in found] == list(range(1, expected + 1))


def test_check_install_notices_a_missing_picture(tmp_path, monkeypatch):
    import shutil

    from iro_desktop import install_check, resources

    copy = tmp_path / "resources"
    shutil.copytree(resources.resources_dir(), copy)
    monkeypatch.setenv(resources.ENV, str(copy))
    resources.resources_dir.cache_clear()
    try:
        assert install_check._icons().endswith("icons")
        (copy / "icons" / "chef-hat.svg").unlink()
        with pytest.raises(RuntimeError, match="chef-hat"):
            install_check._icons()
    finally:
        resources.resources_dir.cache_clear()


def test_a_choice_follows_its_sentence_when_the_iro_edits_the_section():
    before = "You see Nan every Saturday. You told me about your hamster."
    chosen = {1: "sun", 2: "star"}
    # A sentence added in front: both choices move down one.
    after = "It was good to see you. " + before
    assert pictures.follow_edit(before, after, chosen) == {2: "sun", 3: "star"}
    # The second sentence rewritten: its choice goes, the first stays.
    assert pictures.follow_edit(before, "You see Nan every Saturday. You have a new rabbit.", chosen) == {1: "sun"}
    # Unchanged, a choice stays where it is; out-of-range choices are dropped.
    assert pictures.follow_edit(before, before, {**chosen, 9: "dog"}) == chosen
    # Without following, the added sentence would wrongly take the heart: the check can fail.
    assert pictures.sentence_pictures(after, chosen)[0].picture == "sun"
    assert pictures.sentence_pictures(after, pictures.follow_edit(before, after, chosen))[0].picture != "sun"
