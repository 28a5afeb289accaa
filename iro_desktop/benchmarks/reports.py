"""The annual report's figures over a team's work, and the team report's merge.

The vault is a team of 10 IROs' caseloads put in one: 700 children and about 5,000 reviews
(first, second, then six-monthly; most on time, some late; some additional reviews, care
leavers' pathway reviews, earlier periods of care), a finalised review record with a letter for
most reviews (details and quality ratings in realistic mixes), midway visits for most
intervals, the paperwork dates, placements in and out of area. Children came into care all
through the years, so ``kpis.figures`` is timed for the whole span the reviews were held in:
every one of the 5,000 is counted, as a year's figures for a larger team would count them.
The rows are written by direct inserts in one of the core's transactions (the figures read the
same tables whichever way the rows arrived).
"""

from __future__ import annotations

import gc
import json
import random
import shutil
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from iro_desktop.documents.letter import DEFAULT_SECTIONS, default_letter
from iro_desktop.reports import kpis, team
from iro_desktop.reviews import report_copy
from iro_desktop.reviews.model import (Attendee, ParentParticipation, QualityAssurance, ReviewDetails,
                                       canonical_json, sha256_text)
from iro_desktop.timescales import age_on
from iro_desktop.vault import Vault
from iro_desktop.workdays import england

from iro_desktop.benchmarks.common import BENCH_PASSPHRASE, FAST_BUILD_KDF, median_ms, words

TODAY = date(2026, 11, 23)
# The figures are asked for the whole span the team's reviews were held in, so every review counts.
START, END = date(2015, 1, 1), TODAY
SEED = 12
NOW = "2026-11-23T09:00:00Z"
AREAS = ("Northshire", "Northshire", "Northshire", "Eastborough", "Westvale", "Southmere", "Kent", "Cumbria")
CODES = ("PN1",) * 6 + ("PN2", "PN3", "PN4", "PN5", "PN6", "PN6", "PN7")
RAGS = ("green",) * 6 + ("amber",) * 3 + ("red", None)


def _content(rng: random.Random, held: date, kind: str, dob: date, letter_json: dict) -> dict:
    code = "PN0" if age_on(dob, held) < 4 else rng.choice(CODES)
    maybe = lambda p: None if rng.random() < 0.1 else rng.random() < p  # noqa: E731
    d = ReviewDetails(review_date=held, review_type=kind, venue_mode="in_person", venue="Home",
                      attendees=[Attendee("Sam Iro", "iro"), Attendee("Robin Worker", "social_worker")],
                      seen_alone=maybe(0.85), participation_code=code,
                      parents=[ParentParticipation("Mum", rng.choice(("attended", "views_given", "invited_no_part",
                                                                       "not_applicable")))],
                      advocate_offered=maybe(0.8), advocate_used=maybe(0.25),
                      child_attended=None if code == "PN0" else code in ("PN1", "PN2", "PN3", "PN4"),
                      health_assessment_up_to_date=maybe(0.8), pep_up_to_date=maybe(0.7),
                      permanence_plan_in_place=maybe(0.75) if kind == "second" else None,
                      rearranged=rng.random() < 0.08)
    qa = QualityAssurance(care_planning_rag=rng.choice(RAGS), preparation_rag=rng.choice(RAGS),
                          good_practice=rng.random() < 0.05)
    return {"format": 1, "kind": "review", "details": d.to_dict(), "letter": letter_json, "recommendations": [],
            "previous": [], "qa": qa.to_dict()}


def _letters(rng: random.Random) -> list[dict]:
    out = []
    for n in range(6):
        letter = default_letter("Alex", sign_off="Best wishes")
        for key, _heading, _prompt in DEFAULT_SECTIONS:
            letter.set_body(key, words(rng, rng.randint(40, 120)))
        out.append(letter.to_dict())
    return out


def build(home: Path, children: int = 700, reviews: int = 5000, seed: int = SEED) -> tuple[Vault, int]:
    """The team's vault, open; and the number of reviews it holds."""
    rng = random.Random(seed)
    cal = england()
    vault, _code = Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)
    letters = _letters(rng)
    child_rows, periods, placements, visits = [], [], [], []
    planned: list[tuple] = []
    # Histories of different lengths (children come into care all through the years), so the
    # caseload holds about ``reviews`` reviews: first, second, then six-monthly.
    span = int(2 * 182 * (reviews / children - 0.3))
    for i in range(children):
        cid = f"T{i:05d}"
        dob = TODAY - timedelta(days=rng.randint(200, 17 * 365))
        leaver = age_on(dob, TODAY) >= 16 and rng.random() < 0.5
        child_rows.append((cid, "Child", f"Surname{i}", dob.isoformat(), int(leaver), NOW, NOW))
        start = max(dob, TODAY - timedelta(days=rng.randint(60, max(61, span))))
        if rng.random() < 0.05:  # an earlier period of care that ended: its reviews restart the rule
            periods.append((cid, (start - timedelta(days=400)).isoformat(), (start - timedelta(days=200)).isoformat()))
        periods.append((cid, start.isoformat(), None))
        area = rng.choice(AREAS)
        placements.append((cid, "U4", area, int(area != "Northshire"), start.isoformat()))
        held = cal.add_working_days(start, rng.choice((15, 18, 19, 20, 20, 20, 22)))
        n = 0
        while held <= TODAY:
            kind = ("first", "second")[n] if n < 2 else ("pathway" if leaver else "subsequent")
            if rng.random() < 0.04:
                kind = "additional"
            planned.append((cid, dob, held, kind))
            limit = held + relativedelta(months=3 if n == 0 else 6)
            # Most on time (a week or a few early), some late by days or weeks.
            nxt = limit - timedelta(days=rng.randint(0, 21)) if rng.random() < 0.9 else limit + timedelta(
                days=rng.randint(1, 30))
            if rng.random() < 0.8:
                visits.append((cid, (held + (nxt - held) / 2).isoformat(), "midway", NOW))
            held, n = nxt, n + 1
    with vault.transaction() as tx:
        conn = tx.db.conn
        conn.executemany("INSERT INTO child (child_id, first_name, last_name, date_of_birth, care_leaver, created_at, "
                         "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", child_rows)
        conn.executemany("INSERT INTO period_of_care (child_id, start_date, end_date) VALUES (?, ?, ?)", periods)
        conn.executemany("INSERT INTO placement (child_id, placement_type, area, out_of_area, start_date) "
                         "VALUES (?, ?, ?, ?, ?)", placements)
        conn.executemany("INSERT INTO visit (child_id, visit_date, purpose, created_at) VALUES (?, ?, ?, ?)", visits)
        for cid, dob, held, kind in planned:
            sent = cal.add_working_days(held, rng.randint(3, 25)) if rng.random() < 0.9 else None
            circulated = cal.add_working_days(held, rng.randint(1, 8)) if rng.random() < 0.9 else None
            sent = sent if sent and sent <= TODAY else None
            circulated = circulated if circulated and circulated <= TODAY else None
            rid = conn.execute(
                "INSERT INTO review (child_id, review_date, review_type, record_sent_date, decisions_circulated_date, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (cid, held.isoformat(), kind, sent and sent.isoformat(), circulated and circulated.isoformat(),
                 NOW)).lastrowid
            if rng.random() < 0.12:
                continue  # no record written (yet)
            doc = _content(rng, held, kind, dob, rng.choice(letters))
            text = canonical_json(doc)
            rec = conn.execute(
                "INSERT INTO record (kind, child_id, review_id, record_date, state, current_version, "
                "first_finalised_on, created_at, updated_at) VALUES ('review', ?, ?, ?, 'finalised', 1, ?, ?, ?)",
                (cid, rid, held.isoformat(), held.isoformat(), NOW, NOW)).lastrowid
            conn.execute("INSERT INTO record_version (record_id, version, status, content, content_sha256, "
                         "finalised_by, finalised_on, created_at, updated_at) "
                         "VALUES (?, 1, 'finalised', ?, ?, 'Sam Iro', ?, ?, ?)",
                         (rec, text, sha256_text(text), held.isoformat(), NOW, NOW))
            report_copy.copy_stored_tx(conn, rec, 1, doc)  # as finalising does
        tx.audit("import.caseload", "child", "benchmark")
    return vault, len(planned)


def bench_reports(scratch: Path, quick: bool) -> dict:
    """``kpis.figures`` for the team's year (median), and merging 10 of its figures files."""
    home = scratch / "team"
    children, reviews, runs = (60, 430, 3) if quick else (700, 5000, 9)
    built, _in_year = build(home, children, reviews)
    built.close()  # the IRO unlocks, then opens the Reports tab: the vault as a lock left it
    with Vault.unlock(home, BENCH_PASSPHRASE, None, allow_no_keychain=True) as vault:
        kpis.figures(vault, START, END)
        # As in the app, where the cyclic collector runs on the GUI thread only (ui/common/
        # garbage.py) and never in the middle of the vault thread's work.
        gc.disable()
        try:
            figures_ms = median_ms(lambda: kpis.figures(vault, START, END), runs)
        finally:
            gc.enable()
        data = team.export_figures(vault, START, END)
    folder = scratch / "team-files"
    folder.mkdir()
    for n in range(10):
        doc = json.loads(data)
        doc["file_id"], doc["source_id"] = str(uuid.uuid4()), str(uuid.uuid4())
        (folder / f"iro-{n:02d}.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    team.merge_folder(folder, START, END)
    start = time.perf_counter()
    merged = [team.merge_folder(folder, START, END) for _ in range(runs)]
    merge_ms = round((time.perf_counter() - start) * 1000 / runs, 2)
    assert len(merged[0].files_used) == 10, merged[0].problems
    shutil.rmtree(home)
    shutil.rmtree(folder)
    return {"kpis_5000_reviews_ms": figures_ms, "team_report_10_files_ms": merge_ms}

