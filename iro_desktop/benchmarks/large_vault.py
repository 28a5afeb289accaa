"""A large vault built the way a real one fills up, through the core's own calls.

85 children (the top of a caseload) with 2,000 reviews between them and 10,000 periods,
placements and key people; a review record for every review, its letter 300–1,500 words long
and written over several saves before it is finalised (the latest of some children still a
draft), some records amended (a second version), midway reviews, the search index kept by the
saves themselves, and the audit rows all of that leaves (saves, finalising, the autosave's
once-a-minute rows while a letter is written, printing).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from iro_desktop.caseload import demo
# The demo's letter writer: real sentences in a child's words, not a word salad.
from iro_desktop.caseload.demo_letters import DEMO_IRO, _band, _home, _midway, _placement_on, _Writer
from iro_desktop.documents import markup
from iro_desktop.printing.outputs import record_output_tx
from iro_desktop.reviews import codes, records
from iro_desktop.documents.letter import default_letter
from iro_desktop.reviews.model import ReviewContent, ReviewDetails
from iro_desktop.reviews.recommendations import refresh_what_next, set_outcome
from iro_desktop.timescales import age_on
from iro_desktop.vault import Vault, keyslots
from iro_desktop.vault.vault import VaultPaths

from iro_desktop.benchmarks.common import BENCH_PASSPHRASE, FAST_BUILD_KDF

TODAY = date(2026, 11, 23)
SEED = 903
WORDS_PER_AUTOSAVE_ROW = 100  # about a minute's writing: drafts are audited at most once a minute


@dataclass(frozen=True)
class Size:
    children: int = 85
    reviews: int = 2000
    other_rows: int = 10000
    letter_words: tuple[int, int] = (300, 1500)


QUICK = Size(children=6, reviews=40, other_rows=200, letter_words=(150, 400))


@dataclass
class BuiltVault:
    home: Path
    key: bytes  # the data key, for opening without the KDF
    letters: int = 0
    letter_words: int = 0
    versions: int = 0
    search_rows: int = 0
    audit_rows: int = 0

    @property
    def mib(self) -> float:
        return round(sum(p.stat().st_size for p in self.home.glob("vault.db*")) / 2**20, 1)


def _sentences(writer_rng: random.Random, children) -> list[str]:
    """Sentences the demo writer uses, gathered from letters to these children: the padding
    that makes a long letter long is made of the same kind of sentences."""
    pool: list[str] = []
    for child in children:
        for age in (2, 8, 13, 17):
            content = ReviewContent(ReviewDetails(TODAY, "subsequent"),
                                    default_letter(child.known_as, sign_off="Best wishes"))
            _Writer(writer_rng, child).letter(content, age, TODAY, child.current_placement)
            for s in content.letter.sections:
                pool += [t.strip() + "." for t in s.plain.split(".") if len(t.split()) > 3]
    return sorted(set(pool))


def _lengthen(content: ReviewContent, rng: random.Random, pool: list[str], target_words: int) -> None:
    sections = [s for s in content.letter.visible_sections if s.body.strip()]
    have = sum(len(s.plain.split()) for s in sections)
    extra: dict[str, list[str]] = {s.key: [] for s in sections}
    while have < target_words and sections:
        sentence = rng.choice(pool)
        extra[rng.choice(sections).key].append(sentence)
        have += len(sentence.split())
    for s in sections:
        if extra[s.key]:
            paragraphs = [" ".join(extra[s.key][i:i + 4]) for i in range(0, len(extra[s.key]), 4)]
            s.body = markup.serialise(markup.parse(s.body) + [markup.paragraph(p) for p in paragraphs])


def _write_child(tx, rng: random.Random, child, pool: list[str], size: Size, built: BuiltVault,
                 midways: list[int], *, keep_draft: bool) -> None:
    conn = tx.db.conn
    rows = conn.execute("SELECT id, review_date, record_sent_date FROM review WHERE child_id = ? "
                        "ORDER BY review_date, id", (child.child_id,)).fetchall()
    writer = _Writer(rng, child)
    last_final = None
    for n, (review_id, held_text, sent_text) in enumerate(rows):
        held = date.fromisoformat(held_text)
        latest = n == len(rows) - 1
        age = age_on(child.date_of_birth, held)
        placement = _placement_on(child, held)
        _at_home, _short, carers = _home(placement)
        rec = records.start_record_for_review_tx(tx, review_id, iro=DEMO_IRO)
        content = rec.content
        writer.letter(content, age, held, placement)
        writer.details(content, age, held, placement, carers)
        for p in content.previous:
            set_outcome(content, p.uid, codes.DONE if rng.random() < 0.85 else codes.NOT_DONE)
        content.recommendations += writer.decisions(_band(age, child), held, carers, content.recommendations)
        refresh_what_next(content)
        target = rng.randint(*size.letter_words)
        # Written over a few sittings: each save puts more of the letter into the record.
        for part in (0.4, 0.75, 1.0):
            _lengthen(content, rng, pool, int(target * part))
            records.save_review_tx(tx, rec.id, content, TODAY)
        for _ in range(max(1, target // WORDS_PER_AUTOSAVE_ROW)):
            tx.audit("draft.autosave", "draft", records.draft_key(rec.id))
        built.letters += 1
        built.letter_words += len(content.letter.body_text().split())
        if latest and (keep_draft or rng.random() < 0.3):
            continue  # still being written
        sent = date.fromisoformat(sent_text) if sent_text else None
        on = max(held, min(TODAY, sent - timedelta(days=1) if sent else held + timedelta(days=rng.randrange(2, 9))))
        final = records.finalise_review_tx(tx, rec.id, finalised_by=DEMO_IRO, on=on, today=TODAY)
        record_output_tx(tx, "print", rec.id, "child")
        record_output_tx(tx, "save", rec.id, "professional")
        if rng.random() < 0.05:
            from iro_desktop.reviews.lifecycle import amend_tx

            amend_tx(tx, rec.id, "review", "A date in the letter was wrong.")
            records.finalise_review_tx(tx, rec.id, finalised_by=DEMO_IRO, on=on, content=final.content,
                                       today=TODAY)
        last_final = held
    if last_final is not None:
        _midway(tx, rng, writer, child, last_final, TODAY, midways)


def build(home: Path, size: Size = Size(), *, seed: int = SEED) -> BuiltVault:
    """Make the vault in ``home`` (locked again on return) and say what is in it."""
    vault, _code = Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)
    built = BuiltVault(Path(home), bytes(vault._key))
    with vault:
        demo.load_large(vault, children=size.children, reviews=size.reviews, other_rows=size.other_rows,
                        seed=seed, today=TODAY)
        kids = demo.large_caseload(size.children, size.reviews, size.other_rows, seed, TODAY)
        rng = random.Random(seed + 5)
        pool = _sentences(random.Random(seed + 6), kids[:20])
        midways: list[int] = [0]
        for n, child in enumerate(kids):
            with vault.transaction() as tx:  # one child at a time, as the IRO's work arrives
                _write_child(tx, rng, child, pool, size, built, midways, keep_draft=n == 0)
        with vault.read() as db:
            count = lambda table: db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
            built.versions, built.search_rows, built.audit_rows = (
                count("record_version"), count("search_doc"), count("audit_log"))
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return built


def use_calibrated_kdf(home: Path, key: bytes, *, calibrate: bool = True) -> keyslots.KdfParams:
    """Rewrap the passphrase slot with the Argon2 parameters the app picks on this machine, so
    unlocking it costs what a real unlock costs (``calibrate=False``: a small cost, for --quick)."""
    paths = VaultPaths(Path(home))
    slots = keyslots.KeySlotsFile.load(paths.slots)
    params = keyslots.calibrate() if calibrate else keyslots.KdfParams(1, 8 * 1024, 1)
    slots.slots[keyslots.PASSPHRASE] = keyslots.make_slot(slots.vault_id, keyslots.PASSPHRASE, key,
                                                          BENCH_PASSPHRASE.encode(), params)
    slots.save(paths.slots)
    return params
