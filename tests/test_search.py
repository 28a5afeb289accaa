"""Full-text search in the vault: letters, midway reviews and notes, by child, with highlights."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from iro_desktop import reviews, search
from iro_desktop.caseload import repository
from tests.support.caseload_helpers import TODAY, make_child
from tests.support.review_helpers import IRO, add_child, complete

HELD = date(2026, 1, 6)


def _letter(vault, child_id, text, **kw):
    r = reviews.start_review(vault, child_id, HELD, "subsequent", today=TODAY)
    r.content.letter.set_body("how_you_are", text)
    return reviews.save_review(vault, r.id, r.content, today=TODAY)


def test_letters_midways_and_notes_with_highlights(vault):
    add_child(vault, "C1", iro_notes="Loves horse riding on Saturdays.")
    add_child(vault, "C2", iro_notes="Worried about the school trip.")
    r1 = _letter(vault, "C1", "You told me **riding** Biscuit the pony is the best thing ever.")
    _letter(vault, "C2", "You showed me your riding hat and your new trainers.")
    m = reviews.start_midway(vault, "C1", date(2026, 1, 8), how="call", today=TODAY)
    m.content.child_views = "Said the school trip to the farm was brilliant."
    reviews.save_midway(vault, m.id, m.content, today=TODAY)

    hits = search.search(vault, "riding")
    assert {(h.kind, h.child_id) for h in hits} == {("review", "C1"), ("review", "C2"), ("note", "C1")}
    h = next(h for h in hits if h.kind == "review" and h.child_id == "C1")
    assert h.record_id == r1.id and h.title == "Review record, 6 January 2026"
    assert [h.snippet[s:e] for s, e in h.highlights] == ["riding"]
    assert "[riding]" in h.marked()

    only_c1 = search.search(vault, "school trip", child_id="C1")
    assert [(h.kind, h.child_id) for h in only_c1] == [("midway", "C1")]
    assert only_c1[0].marked("<b>", "</b>").count("<b>") == 2
    assert {h.kind for h in search.search(vault, "school trip")} == {"midway", "note"}
    assert [h.kind for h in search.search(vault, "riding", kinds=["note"])] == ["note"]


def test_typing_prefixes_phrases_and_accidental_syntax(vault):
    add_child(vault, "C1", iro_notes="Café visit with Nan; she said “family time” was fun. NEAR the end.")
    assert search.search(vault, "fam")[0].kind == "note"  # the last word matches as a prefix
    assert search.search(vault, "cafe")  # accents do not matter
    assert search.search(vault, '"family time"')
    assert search.search(vault, '"time family"') == []
    for odd in ('NEAR(', 'a OR', '"', '*', 'child_key:x', '(((', "AND", "-x"):
        search.search(vault, odd)  # never an FTS syntax error
    assert search.search(vault, "   ") == []
    assert search.search(vault, "zebra") == []


def test_the_index_follows_saves_amendments_and_note_edits(vault):
    add_child(vault, "C1")
    r = _letter(vault, "C1", "You like trampolines.")
    assert search.search(vault, "trampolines")
    r.content.letter.set_body("how_you_are", "You like skateboards.")
    r = reviews.save_review(vault, r.id, r.content, today=TODAY)
    assert search.search(vault, "trampolines") == [] and search.search(vault, "skateboards")
    reviews.finalise_review(vault, r.id, finalised_by=IRO, content=complete(r.content), today=TODAY)
    amended = reviews.amend_review(vault, r.id, "wrong hobby")
    amended.content.letter.set_body("how_you_are", "You like scooters.")
    reviews.save_review(vault, r.id, amended.content, today=TODAY)
    assert [h.record_id for h in search.search(vault, "scooters")] == [r.id]
    assert search.search(vault, "skateboards") == []  # only the current version is indexed

    child = repository.get_child(vault, "C1")
    child.iro_notes = "Ask about the hamster."
    repository.update_child(vault, child, today=TODAY)
    assert search.search(vault, "hamster")[0].kind == "note"
    assert not [h for h in search.search(vault, "dog") if h.kind == "note"]  # the old note is gone
    child.iro_notes = ""
    repository.update_child(vault, child, today=TODAY)
    assert search.search(vault, "hamster") == []
    assert search.indexed_count(vault) == 1


def test_notes_from_an_import_are_indexed_in_the_same_transaction(vault):
    kids = [make_child(f"C{i}", iro_notes=f"Plays the tuba number {i}", reviews=[]) for i in range(3)]
    with vault.transaction() as tx:
        repository.insert_children_tx(tx, kids, today=TODAY)
    assert {h.child_id for h in search.search(vault, "tuba")} == {"C0", "C1", "C2"}
    assert [h.child_id for h in search.search(vault, "tuba", child_id="C1")] == ["C1"]


def test_child_ids_with_any_characters_filter_exactly(vault):
    add_child(vault, "NS-12/3", iro_notes="Likes kites")
    add_child(vault, "NS-12", iro_notes="Likes kites too")
    assert [h.child_id for h in search.search(vault, "kites", child_id="NS-12/3")] == ["NS-12/3"]
    assert [h.child_id for h in search.search(vault, "kites", child_id="NS-12")] == ["NS-12"]
    assert search.child_key("NS-12") == "c" + "NS-12".encode().hex()


def test_ranking_covers_the_most_recent_matches(vault, monkeypatch):
    with vault.transaction() as tx:
        search.index_many_tx(tx.db.conn, [(search.NOTE, f"C{i}", f"C{i}", "Notes", f"kite number {i}")
                                          for i in range(10)])
        tx.audit("test.index", "search", 10)
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    assert {h.ref for h in search.search(vault, "kite")} == {"C7", "C8", "C9"}
    assert [h.ref for h in search.search(vault, "kite", child_id="C2")] == ["C2"]
    assert [h.ref for h in search.search(vault, "kite", kinds=[search.REVIEW])] == []


# ---- snippets keep headings apart; where in a record the words matched -------------------------

def test_a_snippet_keeps_the_heading_apart_from_the_text_under_it(vault):
    add_child(vault, "C1")
    _letter(vault, "C1", "Your football team won the cup.")
    hit = search.search(vault, "football")[0]
    heading = "How you are"
    assert f"{search.SEPARATOR}Your football" in hit.snippet
    assert f"{heading} Your" not in hit.snippet and "\n" not in hit.snippet
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["football"], "the marks move with the separators"


def test_split_marks_turns_each_line_break_into_one_separator():
    plain, spans = search._split_marks("Heading \n\n\ue000Word\ue001 and\nmore\n")
    assert plain == f"Heading{search.SEPARATOR}Word and{search.SEPARATOR}more"
    assert [plain[s:e] for s, e in spans] == ["Word"]
    assert search._split_marks("\nStart")[0] == "Start"


def test_locate_finds_the_field_with_most_terms_phrases_prefixes_and_accents():
    fields = [("letter.a", "We went to the café."), ("letter.b", "Family time with Nan at the cafe"),
              ("recommendations[0].what", "Nan to visit")]
    assert search.locate(fields, "cafe") == search.Located("letter.a", 15, 19)  # the first, accent folded
    assert search.locate(fields, "nan cafe") == search.Located("letter.b", 0 + 17, 20)
    assert search.locate(fields, '"family time"') == search.Located("letter.b", 0, 11)
    assert search.locate(fields, '"time family"') is None
    assert search.locate(fields, "visi") == search.Located("recommendations[0].what", 7, 12)  # typed so far
    assert search.locate(fields, "visi ") is None, "a finished word is whole"
    assert search.locate(fields, "   ") is None and search.locate([], "nan") is None


@given(words=st.lists(st.sampled_from(["Nan", "café", "school", "riding", "pony", "Biscuit", "é"]), min_size=1,
                      max_size=12), pick=st.integers(0, 11))
def test_locate_marks_exactly_a_word_the_query_asks_for(words, pick):
    text = " ".join(words) + "."
    word = words[pick % len(words)]
    found = search.locate([("f", text)], word + " ")
    assert found is not None
    assert search._fold(text[found.start:found.end]) == search._fold(word)
    # Whatever the index would match, locate finds too: the same terms (fts_query's).
    assert search.fts_query(word + " ") == " AND ".join(
        '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "") for t in search.query_terms(word + " "))
