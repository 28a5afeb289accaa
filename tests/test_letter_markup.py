"""The letter's text format: parse, serialise, round trips, plain text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from iro_desktop.documents import markup
from iro_desktop.documents.markup import BulletList, Paragraph, Run


def test_paragraphs_bold_italics_and_bullets():
    text = ("It was **lovely** to see you.\nYou told me about _swimming_.\n\n"
            "Things we agreed:\n- more **family time**\n- a _new_ bike\n\nSee you soon.")
    assert markup.parse(text) == [
        Paragraph((Run("It was "), Run("lovely", bold=True),
                   Run(" to see you. You told me about "), Run("swimming", italic=True), Run("."))),
        Paragraph((Run("Things we agreed:"),)),
        BulletList(((Run("more "), Run("family time", bold=True)),
                    (Run("a "), Run("new", italic=True), Run(" bike")))),
        Paragraph((Run("See you soon."),)),
    ]


def test_serialise_writes_the_documented_syntax():
    blocks = [Paragraph((Run("Well done "), Run("Amira", bold=True), Run("!"))),
              BulletList(((Run("swimming"),), (Run("both", bold=True, italic=True),)))]
    assert markup.serialise(blocks) == "Well done **Amira**!\n\n- swimming\n- **_both_**"


def test_overlapping_styles_and_unpaired_markers():
    assert markup.parse("**a _b** c_") == [Paragraph((Run("a ", bold=True), Run("b", bold=True, italic=True),
                                                      Run(" c", italic=True)))]
    # An unpaired marker is ordinary text, so nothing the IRO types is lost.
    assert markup.strip_markup("2 ** 3 and my_name") == "2 ** 3 and my_name"
    assert markup.strip_markup("**bold** and *one star") == "bold and *one star"


def test_escapes_and_a_paragraph_starting_with_a_dash():
    blocks = [Paragraph((Run("- not a bullet, * or _ or \\ either"),))]
    text = markup.serialise(blocks)
    assert text == "\\- not a bullet, \\* or \\_ or \\\\ either"
    assert markup.parse(text) == blocks


def test_list_item_continuation_and_lists_after_paragraphs():
    text = "Intro line\n- first item\n  goes on here\n- second\nAfter the list"
    assert markup.parse(text) == [
        Paragraph((Run("Intro line"),)),
        BulletList(((Run("first item goes on here"),), (Run("second"),))),
        Paragraph((Run("After the list"),)),
    ]


def test_windows_line_endings_blank_and_empty_items():
    assert markup.parse("a\r\n\r\nb\r\n-\n- \n") == [Paragraph((Run("a"),)), Paragraph((Run("b"),))]
    assert markup.parse("") == [] and markup.serialise([]) == ""


def test_plain_text_is_one_line_per_paragraph_and_item():
    text = "Hello **Mira**.\n\n- one\n- _two_\n\nBye"
    assert markup.strip_markup(text) == "Hello Mira.\none\ntwo\nBye"
    assert markup.plain_lines(markup.parse(text)) == ["Hello Mira.", "one", "two", "Bye"]


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
                min_size=1, max_size=12)
_run = st.builds(Run, _text, st.booleans(), st.booleans())
_runs = st.lists(_run, min_size=1, max_size=5).map(tuple)
_block = st.one_of(st.builds(Paragraph, _runs),
                   st.builds(BulletList, st.lists(_runs, min_size=1, max_size=3).map(tuple)))


@settings(max_examples=300, deadline=None)
@given(st.lists(_block, max_size=5))
def test_round_trip_of_any_blocks(blocks):
    normal = markup.normalise(blocks)
    assert markup.parse(markup.serialise(normal)) == normal
    assert markup.normalise(normal) == normal


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_and_reaches_a_fixed_point(text):
    once = markup.serialise(markup.parse(text))
    assert markup.serialise(markup.parse(once)) == once
