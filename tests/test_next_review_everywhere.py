"""Every place that shows a child's next review gives the same date: My week, the calendar,
the calendar file, `due --json`, the letter (its "My next review meeting" box and the words the
app wrote in "Your next review"), the midway note, the leaflet and the professional record.

Random histories (hypothesis) cover several periods of care, extract seeds older and newer than
the current period, care leavers, under-fives with and without the shorter local interval, and
review records in and out of the current period.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import date, timedelta

import icalendar
from hypothesis import HealthCheck, event, given, settings, strategies as st

from iro_desktop import cli, printing
from iro_desktop.caseload import due, repository, week
from iro_desktop.caseload.model import Child, PeriodOfCare, Review
from iro_desktop.demo_vault import DEMO_PASSPHRASE, open_demo_vault
from iro_desktop.documents.letter import NEXT_REVIEW
from iro_desktop.printing import render
from iro_desktop.printing.pdf.professional import professional_data
from iro_desktop.reviews import midway, records
from iro_desktop.reviews.recommendations import long_date
from iro_desktop.timescales import TimescaleSettings, next_review
from iro_desktop.trips import calendar_export
from tests.support.render_helpers import flat, text

TODAY = date(2026, 11, 23)
_ids = itertools.count(1)


@st.composite
def histories(draw):
    """A child, their periods of care (each ended before the next began), the reviews held,
    which of them have records, an extract seed, and the council's under-5 setting."""
    dob = draw(st.dates(date(2005, 1, 1), date(2026, 3, 1)))
    starts = sorted(draw(st.lists(st.dates(dob + timedelta(days=1), TODAY - timedelta(days=1)),
                                  min_size=1, max_size=3, unique=True)))
    periods = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else None
        if end is not None and end < start:
            continue
        periods.append(PeriodOfCare(start, "C2", end))
    if draw(st.booleans()) and periods[-1].start_date < TODAY - timedelta(days=40):
        periods[-1].end_date = draw(st.dates(periods[-1].start_date + timedelta(days=1), TODAY))  # left care
    first = periods[0].start_date
    review_dates = draw(st.lists(st.dates(first + timedelta(days=1), TODAY), max_size=6, unique=True))
    reviews = [Review(d, draw(st.sampled_from(["first", "second", "subsequent", "additional"])))
               for d in sorted(review_dates)]
    with_records = [r.review_date for r in reviews if draw(st.booleans())]
    # Seeds from any time since birth (older than the period of care, often), and from the
    # current period.
    seed = draw(st.one_of(st.none(), st.tuples(st.dates(dob + timedelta(days=1), TODAY), st.integers(0, 6)),
                          st.tuples(st.dates(periods[-1].start_date, TODAY), st.integers(0, 6))))
    child = Child(f"C{next(_ids):06d}", "Ada", "Test", dob, care_leaver=draw(st.booleans()),
                  periods=periods, reviews=reviews,
                  seed_last_review_date=seed[0] if seed else None, seed_reviews_held=seed[1] if seed else None)
    under5 = draw(st.sampled_from([None, 3, 4]))
    return child, with_records, under5, draw(st.booleans())


def _ics_review_dates(ics: bytes, child_id: str) -> set[date]:
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    summary = f"({child_id}): {calendar_export.KIND_WORDS['review']}"
    return {e.decoded("DTSTART") for e in events if str(e.get("SUMMARY")).endswith(summary)}


def _check_child(vault, child_id: str, record_ids: list[int], midway_id: int | None) -> None:
    settings_now = due.timescale_settings(vault)
    [mine] = [d for d in due.caseload_due(vault, TODAY) if d.child_id == child_id]
    with vault.read() as db:
        facts = due.child_facts(db.conn, child_id)
    expected = next_review(facts, settings_now).due
    event(f"kind: {mine.review_kind}")
    if next_review(facts, settings_now).from_extract:
        event("counts from the extract's seed")
    # My week, the calendar and the trips read caseload_due; `due --json` prints it.
    assert mine.next_review_due == expected
    assert cli._due_json(mine, "")["next_review_due"] == (expected.isoformat() if expected else None)
    review_rows = [w for w in week.open_items([mine], {}) if w.kind == "review"]
    assert [w.due for w in review_rows] == ([expected] if expected else [])
    assert _ics_review_dates(calendar_export.due_ics([mine], {}), child_id) == ({expected} if expected else set())
    # The leaflet speaks of today.
    assert render.leaflet_view(vault, child_id, TODAY).next_review == expected
    latest_review = max((r.review_date for r in facts.reviews), default=None)
    for rid in record_ids:
        rec = records.get_review(vault, rid)
        held = rec.content.details.review_date
        as_then = next_review(facts, settings_now, as_of=held).due
        view = render.review_letter_view(vault, rid)
        assert view.next_review == as_then
        assert professional_data(vault, rid, today=TODAY).next_review == as_then
        section = rec.content.letter.section(NEXT_REVIEW)
        assert section.follows_generated and long_date(as_then) in section.body
        # The letter of the latest review, held in the current period, is about today's next review.
        current = next_review(facts, settings_now)
        if held == latest_review and current.previous == held:
            event("the latest review's letter is about today's next review")
            assert as_then == expected
        elif held < (current.period_start or date.min):
            event("a letter from an earlier period of care")
    if midway_id is not None:
        m = midway.get_midway(vault, midway_id)
        assert render.midway_letter_view(vault, midway_id).next_review == \
            next_review(facts, settings_now, as_of=m.content.midway_date).due


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories())
def test_every_place_gives_the_same_next_review(vault, history):
    child, with_records, under5, add_midway = history
    due.save_timescale_settings(vault, TimescaleSettings(under5_review_interval_months=under5))
    repository.add_child(vault, child, today=TODAY)
    saved = repository.get_child(vault, child.child_id)
    record_ids = [records.start_record_for_review(vault, r.id).id for r in saved.reviews
                  if r.review_date in with_records]
    midway_id = None
    if add_midway and saved.reviews:
        when = min(TODAY, saved.reviews[-1].review_date + timedelta(days=30))
        m = midway.start_midway(vault, child.child_id, when, how="visit", today=TODAY)
        m.content.child_note = "Hi Ada, it was good to see you."
        midway.save_midway(vault, m.id, m.content, today=TODAY)
        midway_id = m.id
    _check_child(vault, child.child_id, record_ids, midway_id)


def test_a_changed_review_date_moves_the_letters_next_review_words(vault):
    repository.add_child(vault, Child("C1", "Ada", "Test", date(2012, 5, 17),
                                      periods=[PeriodOfCare(date(2026, 1, 5), "C2")]), today=TODAY)
    rec = records.start_review(vault, "C1", date(2026, 1, 30), "first", today=TODAY)
    assert long_date(date(2026, 4, 30)) in rec.content.letter.section(NEXT_REVIEW).body
    rec.content.details.review_date = date(2026, 2, 2)
    saved = records.save_review(vault, rec.id, rec.content, today=TODAY)
    assert long_date(date(2026, 5, 2)) in saved.content.letter.section(NEXT_REVIEW).body
    # Words the IRO wrote themselves are theirs: saving never rewrites them.
    saved.content.letter.set_body(NEXT_REVIEW, "See you in the spring.")
    saved.content.details.review_date = date(2026, 2, 3)
    again = records.save_review(vault, rec.id, saved.content, today=TODAY)
    assert again.content.letter.section(NEXT_REVIEW).body == "See you in the spring."
    assert render.review_letter_view(vault, rec.id).next_review == date(2026, 5, 3)


def test_a_preview_counts_the_review_date_on_screen(vault):
    repository.add_child(vault, Child("C1", "Ada", "Test", date(2012, 5, 17),
                                      periods=[PeriodOfCare(date(2026, 1, 5), "C2")]), today=TODAY)
    rec = records.start_review(vault, "C1", date(2026, 1, 30), "first", today=TODAY)
    rec.content.details.review_date = date(2026, 2, 2)  # changed in the editor, not saved
    words = flat(text(printing.preview_letter(vault, "C1", rec.content, record_id=rec.id)))
    assert flat(long_date(date(2026, 5, 2))) in words
    assert flat(long_date(date(2026, 4, 30))) not in words


def test_due_json_agrees_with_every_printed_document_of_the_demo(tmp_path):
    """The command line and the PDFs themselves, for every child of the demo caseload."""
    home = tmp_path / "demo"
    cmd = [sys.executable, "-m", "iro_desktop"]
    subprocess.run(cmd + ["demo", "--vault", str(home)], check=True, capture_output=True)
    secret = tmp_path / "pass"
    secret.write_text(DEMO_PASSPHRASE)
    out = subprocess.run(cmd + ["--vault", str(home), "due", "--json", "--passphrase-file", str(secret)],
                         check=True, capture_output=True, text=True).stdout
    by_child = {d["child_id"]: d for d in json.loads(out)}
    with open_demo_vault(home) as vault:
        checked = 0
        for child_id, d in by_child.items():
            expected = date.fromisoformat(d["next_review_due"])
            words = flat(text(printing.render_leaflet(vault, child_id)))
            assert flat(long_date(expected)) in words, child_id
            found = records.review_records(vault, child_id)
            if not found:
                continue
            latest = records.get_review(vault, found[-1].id)
            if d["previous_review"] != latest.content.details.review_date.isoformat():
                continue  # a later review has no record (the extract's, say): that letter is about an earlier one
            for variant in ("child", "professional"):
                pdf = printing.render_document(vault, child_id, variant, record_id=latest.id)
                assert flat(long_date(expected)) in flat(text(pdf)), (child_id, variant)
            checked += 1
        assert checked >= 30
