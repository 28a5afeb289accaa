"""``python -m iro_desktop.bench``: timings on a large synthetic vault, printed as one JSON object.

A benchmark, not a test: it reports figures and asserts nothing. Each figure is the median of
several runs, measured on this machine in one process.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from iro_desktop.vault import keyslots
from iro_desktop.vault.connection import connect
from iro_desktop.vault.vault import Vault, VaultPaths

BENCH_PASSPHRASE = "benchmark-passphrase-not-secret-1"
FAST_BUILD_KDF = keyslots.KdfParams(1, 1024, 1)  # building only; kdf_ms measures real parameters


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def bench_kdf() -> dict:
    params = keyslots.calibrate()
    ms = _median_ms(lambda: params.derive(b"benchmark", b"s" * 16), 3)
    return {"kdf_ms": ms, "kdf_params": {"time_cost": params.time_cost,
                                         "memory_kib": params.memory_kib,
                                         "parallelism": params.parallelism}}


def build_large_vault(home: Path) -> bytes:
    """85 children, 2,000 reviews and 10,000 other rows; returns the data key."""
    from iro_desktop.caseload import demo

    vault, _code = Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)
    with vault:
        demo.load_large(vault, children=85, reviews=2000, other_rows=10000)
    slots = keyslots.KeySlotsFile.load(VaultPaths(home).slots)
    key = keyslots.open_slot(slots.vault_id, slots.slots[keyslots.PASSPHRASE], BENCH_PASSPHRASE.encode())
    assert key is not None
    return key


def bench_vault(home: Path) -> dict:
    from iro_desktop.caseload import repository

    key = build_large_vault(home)
    paths = VaultPaths(home)

    def open_close() -> None:
        Vault._open(paths, key).close()

    open_close()  # first open settles the WAL; the figure is for a typical unlock
    open_ms = _median_ms(open_close, 15)
    with Vault._open(paths, key) as vault:
        rows = repository.list_children(vault)
        list_ms = _median_ms(lambda: repository.list_children(vault), 20)
    return {"open_ms": open_ms, "caseload_list_ms": list_ms, "caseload_rows": len(rows)}


def _workload(conn) -> None:
    """Shaped like the app's own use: many small committed changes (each edit is one
    transaction), one bulk import, then indexed look-ups and whole-table summaries."""
    conn.execute("DROP TABLE IF EXISTS w")
    conn.execute("CREATE TABLE w (id INTEGER PRIMARY KEY, child TEXT, kind TEXT, body TEXT, at TEXT)")
    conn.execute("CREATE INDEX w_child ON w(child, at)")
    for i in range(200):
        with conn:
            conn.execute("INSERT INTO w (child, kind, body, at) VALUES (?, 'note', ?, '2026-01-01')",
                         (f"C{i % 85:05d}", "n" * 300))
    with conn:
        conn.executemany(
            "INSERT INTO w (child, kind, body, at) VALUES (?, ?, ?, ?)",
            ((f"C{i % 85:05d}", "review", "x" * 400, f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}")
             for i in range(2000)),
        )
    for i in range(500):
        conn.execute("SELECT kind, body FROM w WHERE child = ? ORDER BY at DESC LIMIT 5",
                     (f"C{i % 85:05d}",)).fetchall()
    for _ in range(5):
        conn.execute("SELECT child, count(*), max(at), sum(length(body)) FROM w GROUP BY child").fetchall()


def bench_encryption_ratio(folder: Path, rounds: int = 7) -> dict:
    enc_conn = connect(folder / "enc.db", b"k" * 32)
    plain_conn = sqlite3.connect(str(folder / "plain.db"))
    for c in (plain_conn,):
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = FULL")
        c.execute("PRAGMA temp_store = MEMORY")
    enc, plain = [], []
    for _ in range(rounds):  # interleaved, so drift on the machine hits both alike
        for conn, sink in ((enc_conn, enc), (plain_conn, plain)):
            start = time.perf_counter()
            _workload(conn)
            sink.append(time.perf_counter() - start)
    enc_conn.close()
    plain_conn.close()
    e, p = statistics.median(enc), statistics.median(plain)
    return {"encrypted_vs_plain_ratio": round(e / p, 3),
            "workload_encrypted_ms": round(e * 1000, 1), "workload_plain_ms": round(p * 1000, 1)}


def bench_due_all(children: int = 5000) -> dict:
    """Due dates and statuses for 5,000 children, each with a full review history."""
    import random
    from datetime import date, timedelta

    from iro_desktop import timescales

    rng = random.Random(7)
    today = date(2026, 11, 23)
    cases = []
    for i in range(children):
        start = today - timedelta(days=rng.randint(30, 3650))
        reviews, at = [], start + timedelta(days=25)
        while at < today:
            reviews.append(timescales.HeldReview(at, "subsequent", at + timedelta(days=12), at + timedelta(days=3)))
            at += timedelta(days=rng.randint(80, 200))
        cases.append(timescales.CaseFacts(f"C{i:06d}", start - timedelta(days=3000), start,
                                          care_leaver=i % 20 == 0, reviews=tuple(reviews)))
    timescales.all_due(cases[:10], today)  # builds the bank-holiday calendar once, as at start-up
    return {"due_all_ms": _median_ms(lambda: timescales.all_due(cases, today), 5),
            "due_all_children": children,
            "due_all_reviews": sum(len(c.reviews) for c in cases)}


def _p95_ms(times_s: list[float]) -> float:
    ordered = sorted(times_s)
    return round(ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] * 1000, 3)


_LETTER_WORDS = ("it was lovely to see you at home on Tuesday and hear about your swimming your friends at "
                 "school family time with Nan the new puppy called Biscuit you told me you want to stay "
                 "where you are until you finish school and you should be really proud of yourself").split()


def _words(rng, n: int) -> str:
    return " ".join(rng.choice(_LETTER_WORDS) for _ in range(n))


def _big_review_content(words: int = 3000):
    """A review record whose letter holds ``words`` words over the ten default sections, with
    some bold text and bullet lists, as a long letter really looks."""
    import random
    from datetime import date

    from iro_desktop.documents.letter import default_letter
    from iro_desktop.reviews.model import Recommendation, ReviewContent, ReviewDetails

    rng = random.Random(3000)
    letter = default_letter("Mira", sign_off="Best wishes,\nSam")
    per = words // len(letter.sections)
    for s in letter.sections:
        half = per // 2
        bullets = "\n".join("- " + _words(rng, 10) for _ in range((per - half) // 10))
        s.body = f"**{_words(rng, 3)}** {_words(rng, half - 3)}.\n\n{bullets}"
    content = ReviewContent(ReviewDetails(date(2026, 1, 6), "subsequent"), letter)
    content.recommendations = [Recommendation(_words(rng, 12), "social_worker", date(2026, 3, 31), "Sam Harebell")
                               for _ in range(6)]
    return content


def bench_autosave(home: Path, runs: int = 300) -> dict:
    """Autosave of a 3,000-word draft: the part on the UI thread (serialising and hashing the
    editor's content) and the whole save into the vault (a worker thread, fsync included)."""
    from iro_desktop.documents.readability import words_in
    from iro_desktop.reviews import drafts

    content = _big_review_content()
    section = content.letter.sections[0]
    base = section.body
    vault, _code = Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)
    with vault:
        ui, db = [], []
        for i in range(runs):
            section.body = f"{base} {i}"  # a keystroke since the last save
            start = time.perf_counter()
            payload = drafts.prepare_draft(content)
            ui.append(time.perf_counter() - start)
            start = time.perf_counter()
            drafts.save_draft(vault, "review:1", payload)
            db.append(time.perf_counter() - start)
        size = len(payload.text.encode())
    return {"autosave_ms_p95": _p95_ms(ui), "autosave_db_save_ms_p95": _p95_ms(db),
            "autosave_draft_words": words_in(content.letter.body_text()), "autosave_draft_bytes": size}


def bench_search(home: Path, records: int = 20000, queries: int = 300) -> dict:
    """Full-text search over ``records`` indexed letters, midway reviews and notes (85 children),
    as the IRO types: single words, two words, a prefix, a phrase, with and without a child."""
    import random

    from iro_desktop import search

    rng = random.Random(20000)
    vocab = _LETTER_WORDS + [f"{a}{b}" for a in ("bram", "cob", "dap", "fern", "gorse", "haz", "ink", "lark")
                             for b in ("wick", "moss", "beck", "well", "vale", "ley")]
    children = [f"C{100100 + i}" for i in range(85)]
    kinds = [search.REVIEW, search.MIDWAY, search.NOTE]
    vault, _code = Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)
    with vault:
        start = time.perf_counter()
        with vault.transaction() as tx:
            search.index_many_tx(tx.db.conn, (
                (kinds[i % 3], str(i), children[i % 85], "Review record",
                 " ".join(rng.choice(vocab) for _ in range(rng.randint(60, 400))))
                for i in range(records)))
            tx.audit("bench.index", "search", records)
        build_s = time.perf_counter() - start
        typed = ["swimming", "family time", "biscuit", "lark", "proud of", '"new puppy"', "school friends nan",
                 "hazmoss", "zebra", "fin"]
        times = []
        for i in range(queries):
            q = typed[i % len(typed)]
            child = children[rng.randrange(85)] if i % 2 else None
            start = time.perf_counter()
            search.search(vault, q, child_id=child)
            times.append(time.perf_counter() - start)
    return {"search_ms_p95": _p95_ms(times), "search_records": records,
            "search_index_build_s": round(build_s, 2)}


def _bench_photo() -> bytes:
    """A made-up picture for the IRO's photo (a coloured disc), so letters carry one."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 400), (255, 214, 165))
    ImageDraw.Draw(img).ellipse([80, 60, 320, 300], fill=(60, 120, 180))
    out = io.BytesIO()
    img.save(out, "JPEG")
    return out.getvalue()


def bench_render(home: Path, letters: int = 70) -> dict:
    """The child's letter as a PDF from the demo caseload (photo, picture, QR code and all): the
    first render in a process (fonts and icons loaded), a three-page letter (median), and
    ``letters`` letters one after another as a batch print does."""
    from datetime import date

    from pypdf import PdfReader

    from iro_desktop import printing
    from iro_desktop.caseload import demo
    from iro_desktop.printing import profile

    today = date(2026, 11, 23)
    vault, _code = Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)
    with vault:
        demo.load_demo(vault, n=70, today=today)
        profile.save_iro_profile(vault, name="Alex Penhallowby", phone="01632 960 418", text="07700 900 418",
                                 email="alex.penhallowby@northshire.example")
        profile.set_iro_photo(vault, _bench_photo())
        profile.set_feedback_address(vault, "https://northshire.example/have-your-say")
        items = printing.finalised_letters_between(vault, date(2000, 1, 1), today)
        start = time.perf_counter()
        printing.render_letter(vault, items[0].record_id, version=items[0].version)
        first_ms = round((time.perf_counter() - start) * 1000, 1)

        def pages(pdf: bytes) -> int:
            import io

            return len(PdfReader(io.BytesIO(pdf)).pages)

        three = next(i for i in items if pages(printing.render_letter(vault, i.record_id, version=i.version)) == 3)
        letter_ms = _median_ms(lambda: printing.render_letter(vault, three.record_id, version=three.version), 15)
        batch = [items[n % len(items)] for n in range(letters)]
        start = time.perf_counter()
        total_bytes = sum(len(r.pdf) for r in printing.render_batch(vault, batch, "child"))
        batch_s = time.perf_counter() - start
    return {"render_first_letter_ms": first_ms, "render_letter_ms": letter_ms, "render_letter_pages": 3,
            "render_batch_70_s": round(batch_s, 2), "render_batch_letters": letters,
            "render_batch_mb": round(total_bytes / 1e6, 1)}


def run() -> dict:
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="iro-bench-") as tmp:
        tmp_path = Path(tmp)
        results.update(bench_kdf())
        results.update(bench_vault(tmp_path / "vault"))
        results.update(bench_encryption_ratio(tmp_path))
        results.update(bench_autosave(tmp_path / "autosave"))
        results.update(bench_search(tmp_path / "search"))
        results.update(bench_render(tmp_path / "render"))
    results.update(bench_due_all())
    return results


def main() -> int:
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
