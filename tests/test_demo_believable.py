"""The demo caseload is believable: meetings on working days, an overdue share like a real
service's, letters that suit the child's age, brothers and sisters by name, venues written for
professionals, and exactly one finalised record that contradicts itself (for the screens that
point such records out)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.caseload import demo
from iro_desktop.caseload.demo_days import working_day_on_or_before
from iro_desktop.caseload.demo_letters import ABSENT_CODES, ATTENDING_CODES, CONTRADICTION, names_joined
from iro_desktop.caseload.due import caseload_due
from iro_desktop.printing.views import LEAVING_CARE, OLDER, YOUNG, leaflet_audience
from iro_desktop.reviews import checks, codes
from iro_desktop.reviews.model import Attendee, ReviewDetails
from iro_desktop.timescales import OVERDUE, age_on
from iro_desktop.vault import Vault
from iro_desktop.workdays import england
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.caseload_helpers import TODAY

# Days the demo may be made on: an ordinary Saturday, Boxing Day, Easter Monday, a Wednesday.
MADE_ON = [TODAY, date(2025, 12, 26), date(2026, 4, 6), date(2025, 6, 18)]
# The first words of each letter, by the leaflet's wording bands (and a letter to keep for a
# child under 4): a letter to a 16-year-old never opens as one to a 6-year-old.
OPENS = {"little": "I came to see you at", YOUNG: "It was lovely to see you at",
         OLDER: "Thanks for making time to see me at", LEAVING_CARE: "It was good to catch up with you at"}


@pytest.fixture(scope="module", params=MADE_ON[:2], ids=["saturday", "boxing-day"])
def made(request, tmp_path_factory):
    today = request.param
    vault, _code = Vault.create(tmp_path_factory.mktemp("demo") / "v", PASSPHRASE, None,
                                allow_no_keychain=True, kdf=FAST_KDF)
    with vault:
        kids = demo.load_demo(vault, n=70, today=today)
        yield vault, kids, today


def _records(vault, kids):
    """Every review record of the demo as (child, record at its current version)."""
    return [(k, reviews.get_review(vault, info.id)) for k in kids for info in reviews.review_records(vault, k.child_id)]


def overdue_share(due) -> float:
    """The share of children the caseload shows as overdue (the due rule's own status)."""
    return sum(d.status == OVERDUE for d in due) / len(due)


def test_no_meeting_on_a_weekend_or_bank_holiday():
    cal = england()
    for today in MADE_ON:
        for seed in (demo.DEFAULT_SEED, 7):
            kids = demo.demo_children(70, seed=seed, today=today)
            held = [r.review_date for k in kids for r in k.reviews]
            assert len(held) > 400
            assert [d for d in held if not cal.is_working_day(d)] == [], (today, seed)
    # The rule that moves them: Saturday 27 December 2025 -> Wednesday 24 December (25, 26 are
    # bank holidays); a working day stays where it is.
    assert working_day_on_or_before(date(2025, 12, 27)) == date(2025, 12, 24)
    assert working_day_on_or_before(date(2025, 12, 23)) == date(2025, 12, 23)


def test_records_and_midway_reviews_are_on_working_days_too(made):
    vault, kids, _today = made
    cal = england()
    held = [r.content.details.review_date for _k, r in _records(vault, kids)]
    midways = [reviews.get_midway(vault, m.id).content.midway_date
               for k in kids for m in reviews.midway_records(vault, k.child_id)]
    with vault.read() as db:
        visits = [date.fromisoformat(d) for (d,) in db.conn.execute("SELECT visit_date FROM visit")]
    assert held and midways and visits
    assert [d for d in held + midways + visits if not cal.is_working_day(d)] == []


def test_overdue_share_is_a_few_percent_on_the_day_it_is_made(made):
    vault, _kids, today = made
    due = caseload_due(vault, today=today)
    share = overdue_share(due)
    assert 0.02 <= share <= 0.06, f"{share:.0%} overdue"
    overdue = [d for d in due if d.status == OVERDUE]
    # The few are late with their review itself, not with paperwork the demo forgot to send.
    assert all(any(i.kind == "review" and i.status == OVERDUE for i in d.items) for d in overdue)
    # The measure sees a caseload a third overdue for what it is.
    assert overdue_share(overdue + due[:len(overdue) * 2]) > 0.3


def test_the_demo_today_is_the_day_it_is_made():
    assert demo.demo_children(12) == demo.demo_children(12, today=date.today())


def test_letters_suit_the_childs_age(made):
    vault, kids, _today = made
    seen = Counter()
    for k, r in _records(vault, kids):
        held = r.content.details.review_date
        age = age_on(k.date_of_birth, held)
        band = "little" if age < 4 else leaflet_audience(age, k.care_leaver)
        text = r.content.letter.plain_text()
        first = r.content.letter.section("how_you_are").plain
        assert first.startswith(OPENS[band]), (age, first)
        seen[band] += 1
        if age < 11:
            assert not any(w in text for w in ("college", "payslip", "driving", "pathway")), (age, text)
        if age < 17:
            assert "driving" not in text and "theory test" not in text, age
        if not k.uasc:
            assert "immigration" not in text
        assert " at where you live" not in text
    assert all(seen[b] >= 3 for b in OPENS), seen


def test_brothers_and_sisters_are_named(made):
    vault, kids, _today = made
    groups: dict[str, list] = {}
    for k in kids:
        if k.sibling_group:
            groups.setdefault(k.sibling_group, []).append(k)
    named = 0
    for k, r in _records(vault, kids):
        if not k.sibling_group:
            continue
        others = {s.known_as for s in groups[k.sibling_group] if s is not k
                  and s.date_of_birth <= r.content.details.review_date}
        text = r.content.letter.plain_text()
        assert "brothers and sisters" not in text
        if others:
            assert any(name in text for name in others), (k.known_as, others, text)
            named += 1
        decisions = " ".join(d.what for d in r.content.recommendations)
        assert "brothers and sisters" not in decisions
    assert named >= 5
    assert names_joined(["Dylan"]) == "Dylan"
    assert names_joined(["Dylan", "Mihai", "Rosie"]) == "Dylan, Mihai and Rosie"


def test_venues_are_written_for_professionals(made):
    vault, kids, _today = made
    venues = [r.content.details.venue for _k, r in _records(vault, kids)]
    assert venues and all(v.strip() for v in venues)
    assert [v for v in venues if v.lower().startswith(("your ", "where you"))] == []
    assert any("Foster carers' home (" in v for v in venues)


def test_exactly_one_finalised_record_contradicts_itself(made):
    vault, kids, _today = made
    found = [(k, r) for k, r in _records(vault, kids)
             if r.version.read_only and checks.record_contradictions(r.content)]
    assert len(found) == 1
    (k, r), = found
    d = r.content.details
    assert d.participation_code == CONTRADICTION == "PN5"
    assert any(a.role == "child" for a in d.attendees) and d.venue_mode != "virtual"
    assert reviews.verify_version(vault, r.id, r.version.version)
    # Every other record's code agrees with its attendance, drafts included.
    others = [x for _k, x in _records(vault, kids) if x.id != r.id]
    assert [x.id for x in others if checks.record_contradictions(x.content)] == []
    # The demo draws its codes from the rule's own sets, so they cannot drift apart.
    assert set(ATTENDING_CODES) == codes.ATTENDED
    assert set(ABSENT_CODES) == codes.NOT_IN_PERSON | codes.DID_NOT_ATTEND
    # The finder sees a contradiction for what it is.
    made_up = ReviewDetails(TODAY, "later", venue_mode="in_person", attendees=[Attendee("A", "child")],
                            participation_code="PN5")
    assert checks.participation_contradiction(made_up)
    assert codes.attendance_contradiction("PN1", True, True) is None


def test_midway_notes_suit_the_childs_age_too(made):
    vault, kids, _today = made
    checked = 0
    for k in kids:
        for info in reviews.midway_records(vault, k.child_id):
            m = reviews.get_midway(vault, info.id).content
            age = age_on(k.date_of_birth, m.midway_date)
            if age < 4 or leaflet_audience(age, k.care_leaver) == LEAVING_CARE:
                assert "work at school" not in m.child_note, (age, m.child_note)
                checked += 1
    assert checked >= 3
