"""Searching the large vault as the Find screen does, and making the child's letter as a PDF."""

from __future__ import annotations

import io
import random
import time
from datetime import date
from pathlib import Path

from iro_desktop import search
from iro_desktop.vault import Vault
from iro_desktop.vault.vault import VaultPaths

from iro_desktop.benchmarks.common import BENCH_PASSPHRASE, FAST_BUILD_KDF, median_ms, p95_ms
from iro_desktop.benchmarks.large_vault import BuiltVault

TYPED = ["swimming", "family time", "biscuit", "proud of", '"new puppy"', "school friends", "hamster", "football",
         "exams", "zebra", "fin", "sw", "your social worker", "Lego"]


def bench_search(built: BuiltVault, queries: int) -> dict:
    """The Find screen's search (its result limit) over the large vault's index: single words,
    two words, a prefix as the IRO types, a phrase, a word in no letter; half of them for one child."""
    rng = random.Random(20000)
    with Vault._open(VaultPaths(built.home), built.key) as vault:
        with vault.read() as db:
            children = [r[0] for r in db.conn.execute("SELECT child_id FROM child ORDER BY child_id")]
        search.search(vault, TYPED[0], limit=search.RESULTS_SHOWN)
        times, hits = [], 0
        for i in range(queries):
            child = rng.choice(children) if i % 2 else None
            start = time.perf_counter()
            hits += len(search.search(vault, TYPED[i % len(TYPED)], child_id=child, limit=search.RESULTS_SHOWN))
            times.append(time.perf_counter() - start)
    return {"search_ms_p95": p95_ms(times), "search_limit": search.RESULTS_SHOWN,
            "search_records": built.search_rows, "search_hits_mean": round(hits / queries, 1)}


def _bench_photo() -> bytes:
    """A made-up picture for the IRO's photo (a coloured disc), so letters carry one."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 400), (255, 214, 165))
    ImageDraw.Draw(img).ellipse([80, 60, 320, 300], fill=(60, 120, 180))
    out = io.BytesIO()
    img.save(out, "JPEG")
    return out.getvalue()


def bench_render(home: Path, letters: int, runs: int) -> dict:
    """The child's letter as a PDF from the demo caseload (photo, picture, QR code and all): the
    first render in a process (fonts and icons loaded), a three-page letter (median), and
    ``letters`` letters one after another as a batch print does."""
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
            return len(PdfReader(io.BytesIO(pdf)).pages)

        three = next((i for i in items if pages(printing.render_letter(vault, i.record_id, version=i.version)) == 3),
                     items[0])
        three_pages = pages(printing.render_letter(vault, three.record_id, version=three.version))
        letter_ms = median_ms(lambda: printing.render_letter(vault, three.record_id, version=three.version), runs)
        batch = [items[n % len(items)] for n in range(letters)]
        start = time.perf_counter()
        total_bytes = sum(len(r.pdf) for r in printing.render_batch(vault, batch, "child"))
        batch_s = time.perf_counter() - start
    return {"render_first_letter_ms": first_ms, "render_letter_ms": letter_ms, "render_letter_pages": three_pages,
            "render_batch_s": round(batch_s, 2), "render_batch_letters": letters,
            "render_batch_mb": round(total_bytes / 1e6, 1)}
