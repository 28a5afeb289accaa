"""Full-text search (SQLite FTS5, inside the encrypted vault) across letters, midway reviews
and the IRO's notes, filterable by child, with the matches marked in a short snippet.

The index has one row per searchable thing (``search_doc`` says what it is: a review record,
a midway review or a child's notes; its id is the FTS rowid). Records are indexed by the code
that saves them, in the same transaction (``index_tx``); notes by triggers on the child table.
Only the current version of a record is indexed, so a search finds each record once.

The child filter is a column of the index holding the child's id as a single token
(``child_key``), so filtering by child is an index look-up, not a scan. Whatever the IRO types
is turned into quoted terms (``fts_query``): FTS5 syntax typed by accident never fails a search.

A snippet keeps a heading apart from the text under it (``SEPARATOR`` where the indexed text
broke a line), and ``locate`` finds, in the texts of an opened record, the field and the words
that matched, by the same terms the index was asked for, so the editor can show the match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

NOTE, REVIEW, MIDWAY = "note", "review", "midway"
KINDS = {REVIEW: "Review record", MIDWAY: "Midway review", NOTE: "Notes"}
OPEN_MARK, CLOSE_MARK = "\ue000", "\ue001"  # private-use characters: never in typed text
SNIPPET_TOKENS = 16
DEFAULT_LIMIT = 50
RESULTS_SHOWN = 100  # what the Find screen asks for (and what the benchmark times)
RANK_WINDOW = 2000  # matches ranked by relevance: the most recently indexed ones

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
SEPARATOR = " — "  # between a heading (or any line) and the next, in a snippet


def child_key(child_id: str) -> str:
    """The child's id as one index token (matches the SQL ``'c' || lower(hex(child_id))``)."""
    return "c" + child_id.encode("utf-8").hex()


# ---- keeping the index in step -------------------------------------------------------------

def index_tx(conn, kind: str, ref: str | int, child_id: str, title: str, body: str) -> None:
    """Put (or replace) one document in the index, inside the caller's transaction."""
    ref = str(ref)
    row = conn.execute("SELECT id FROM search_doc WHERE kind = ? AND ref = ?", (kind, ref)).fetchone()
    if row is None:
        doc_id = conn.execute("INSERT INTO search_doc (kind, ref, child_id) VALUES (?, ?, ?)",
                              (kind, ref, child_id)).lastrowid
    else:
        doc_id = row[0]
        conn.execute("DELETE FROM search_text WHERE rowid = ?", (doc_id,))
        conn.execute("UPDATE search_doc SET child_id = ? WHERE id = ?", (child_id, doc_id))
    conn.execute("INSERT INTO search_text (rowid, child_key, title, body) VALUES (?, ?, ?, ?)",
                 (doc_id, child_key(child_id), title, body))


def unindex_tx(conn, kind: str, ref: str | int) -> None:
    row = conn.execute("SELECT id FROM search_doc WHERE kind = ? AND ref = ?", (kind, str(ref))).fetchone()
    if row is not None:
        conn.execute("DELETE FROM search_text WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM search_doc WHERE id = ?", (row[0],))


def index_many_tx(conn, docs: Iterable[tuple[str, str, str, str, str]]) -> int:
    """Add many new documents (kind, ref, child_id, title, body) at once: for bulk loads."""
    n = 0
    for kind, ref, child_id, title, body in docs:
        doc_id = conn.execute("INSERT INTO search_doc (kind, ref, child_id) VALUES (?, ?, ?)",
                              (kind, str(ref), child_id)).lastrowid
        conn.execute("INSERT INTO search_text (rowid, child_key, title, body) VALUES (?, ?, ?, ?)",
                     (doc_id, child_key(child_id), title, body))
        n += 1
    return n


# ---- searching -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchHit:
    kind: str  # "review", "midway" or "note"
    ref: str  # the record id (review, midway) or the child id (note)
    child_id: str
    title: str
    snippet: str  # plain text around the best match, "…" where cut
    highlights: tuple[tuple[int, int], ...]  # (start, end) of each match within ``snippet``

    @property
    def record_id(self) -> int | None:
        return int(self.ref) if self.kind in (REVIEW, MIDWAY) else None

    def marked(self, open_mark: str = "[", close_mark: str = "]") -> str:
        """The snippet with each match wrapped in the given marks (escape it first for HTML)."""
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.snippet[last:start], open_mark, self.snippet[start:end], close_mark]
            last = end
        out.append(self.snippet[last:])
        return "".join(out)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


@dataclass(frozen=True)
class Term:
    """One thing every match must hold: a word, or a phrase of words in order; ``prefix`` when
    its last word also matches as the start of a longer word."""

    words: tuple[str, ...]
    prefix: bool = False


def query_terms(text: str, *, prefix_last: bool = True) -> list[Term]:
    """What the IRO typed, as terms: every word must match (any order); words in double quotes
    must match as a phrase; the last word also matches as the start of a longer word (so results
    come as they type)."""
    terms = [Term(tuple(words)) for m in _PHRASE.finditer(text) if (words := _TOKEN.findall(m.group(1)))]
    rest = _PHRASE.sub(" ", text)
    loose = _TOKEN.findall(rest)
    tail_open = prefix_last and bool(loose) and not text.rstrip('"').endswith((" ", "\t")) \
        and not text.rstrip().endswith('"')
    terms += [Term((word,), tail_open and i == len(loose) - 1) for i, word in enumerate(loose)]
    return terms


def fts_query(text: str, *, prefix_last: bool = True) -> str | None:
    """An FTS5 query for what the IRO typed (``query_terms``). None if there is nothing to
    search for."""
    parts = [_quote(" ".join(t.words)) + ("*" if t.prefix else "") for t in query_terms(text, prefix_last=prefix_last)]
    if not parts:
        return None
    return " AND ".join(parts)


# ---- where in a record the words matched -----------------------------------------------------

@dataclass(frozen=True)
class Located:
    field: str  # as the record's checks name it: "letter.family_time", "recommendations[0].what"
    start: int  # the match within that field's plain text
    end: int


def _fold(word: str) -> str:
    """A word as the index compares it: case and accents ignored (``unicode61 remove_diacritics``)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _find(term: Term, tokens: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    words = [_fold(w) for w in term.words]
    n = len(words)
    for i in range(len(tokens) - n + 1):
        window = tokens[i:i + n]
        if all(t[2] == w for t, w in zip(window[:-1], words[:-1])):
            last, want = window[-1][2], words[-1]
            if last == want or (term.prefix and last.startswith(want)):
                return window[0][0], window[-1][1]
    return None


def locate(fields: Sequence[tuple[str, str]], query: str) -> Located | None:
    """In an opened record's texts ((field, plain text), in page order), the field that holds
    the most of the query's terms (the first such), and where in it the earliest of them is.
    None where no field holds any (the match was in the title, or the text has changed)."""
    terms = query_terms(query)
    best: tuple[int, Located] | None = None
    for field, text in fields:
        tokens = [(m.start(), m.end(), _fold(m.group())) for m in _TOKEN.finditer(text or "")]
        spans = [span for term in terms if (span := _find(term, tokens)) is not None]
        if spans and (best is None or len(spans) > best[0]):
            start, end = min(spans)
            best = (len(spans), Located(field, start, end))
    return best[1] if best else None


def _split_marks(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The snippet's plain text and where its marks were; each break between lines (a heading
    and its text, one paragraph and the next) becomes one ``SEPARATOR``, so a heading never runs
    into the words under it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    start: int | None = None
    at_break = False
    length = 0

    def add(piece: str) -> None:
        nonlocal length, at_break
        if at_break and out:
            while out and out[-1] == " ":  # a line's trailing space goes with the break
                out.pop()
                length -= 1
            out.append(SEPARATOR)
            length += len(SEPARATOR)
            if piece == " ":
                piece = ""
        at_break = False
        out.append(piece)
        length += len(piece)

    for ch in text:
        if ch == OPEN_MARK:
            add("")
            start = length
        elif ch == CLOSE_MARK:
            if start is not None:
                spans.append((start, length))
            start = None
        elif ch in "\r\n":
            at_break = True
        else:
            add(ch)
    return "".join(out), tuple(spans)


def search(vault, query: str, *, child_id: str | None = None, kinds: Sequence[str] | None = None,
           limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """The best matches for ``query``, best first (by relevance among the RANK_WINDOW most
    recently indexed matches); only this child's with ``child_id``; only records of ``kinds``
    (review, midway, note) if given."""
    match = fts_query(query)
    if match is None:
        return []
    text_match = "{title body} : (" + match + ")"
    if child_id is not None:
        text_match = f"child_key : {_quote(child_key(child_id))} AND {text_match}"
    kind_filter, kind_params = "", []
    if kinds:
        kind_filter = f" AND d.kind IN ({', '.join('?' * len(kinds))})"
        kind_params = list(kinds)
    base = "FROM search_text s JOIN search_doc d ON d.id = s.rowid WHERE search_text MATCH ?" + kind_filter
    with vault.read() as db:
        # Rank only the most recent RANK_WINDOW matches: a word found in every letter would
        # otherwise be scored in every letter before the first result appears.
        edge = db.conn.execute(f"SELECT s.rowid {base} ORDER BY s.rowid DESC LIMIT 1 OFFSET ?",
                               [text_match, *kind_params, RANK_WINDOW - 1]).fetchone()
        rows = db.conn.execute(
            f"SELECT d.kind, d.ref, d.child_id, s.title, snippet(search_text, 2, ?, ?, '…', ?) {base} "
            "AND s.rowid >= ? ORDER BY rank LIMIT ?",
            [OPEN_MARK, CLOSE_MARK, SNIPPET_TOKENS, text_match, *kind_params, edge[0] if edge else 0,
             int(limit)]).fetchall()
    hits = []
    for kind, ref, cid, title, snip in rows:
        plain, spans = _split_marks(snip or "")
        hits.append(SearchHit(kind, ref, cid, title, plain, spans))
    return hits


def indexed_count(vault) -> int:
    with vault.read() as db:
        return db.conn.execute("SELECT count(*) FROM search_doc").fetchone()[0]
