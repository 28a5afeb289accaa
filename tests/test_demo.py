"""The demo caseload: realistic in shape, plainly invented, deterministic, and valid."""

import re
import time
from collections import Counter, defaultdict
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from iro_desktop.caseload import demo, repository
from iro_desktop.caseload.repository import age_on
from iro_desktop.caseload.validation import postcode_district_problem, validate_child
from iro_desktop.workdays import england
from tests.conftest import MARKERS
from tests.support.caseload_helpers import TODAY, audit_rows


@pytest.fixture(scope="module")
def children():
    return demo.demo_children(70, seed=demo.DEFAULT_SEED, today=TODAY)


def test_count_and_unique_ids(children):
    assert len(children) == 70
    assert len({c.child_id for c in children}) == 70
    assert all(re.fullmatch(r"C\d{6}", c.child_id) for c in children)


def test_every_child_passes_validation(children):
    problems = {c.child_id: validate_child(c, TODAY) for c in children}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("seed", [1, 2, 3, 2026])
def test_other_seeds_and_sizes_are_valid_too(seed):
    for n in (1, 5, 85):
        kids = demo.demo_children(n, seed=seed, today=date(2025, 3, 31))
        assert len(kids) == n
        assert all(validate_child(c, date(2025, 3, 31)) == [] for c in kids)


def test_deterministic_for_a_seed(children):
    assert demo.demo_children(70, seed=demo.DEFAULT_SEED, today=TODAY) == children
    other = demo.demo_children(70, seed=demo.DEFAULT_SEED + 1, today=TODAY)
    assert [c.first_name for c in other] != [c.first_name for c in children]


def test_share_placed_out_of_area(children):
    away = [c for c in children if c.current_placement.area != demo.COUNCIL_AREA]
    assert 0.3 <= len(away) / len(children) <= 0.7
    far = {"Cornwall", "Kent", "Cumbria", "Northumberland", "Devon"}
    assert len({c.current_placement.area for c in away} & far) >= 2
    assert all(c.current_placement.out_of_area == (c.current_placement.area != demo.COUNCIL_AREA)
               for c in children)


def test_sibling_groups(children):
    groups = defaultdict(list)
    for c in children:
        if c.sibling_group:
            groups[c.sibling_group].append(c)
    assert len(groups) >= 4
    for members in groups.values():
        assert len(members) >= 2
        assert len({m.last_name for m in members}) == 1
        assert len({m.social_worker_name for m in members}) == 1
    together = [g for g in groups.values() if len({m.current_placement.carer_name for m in g}) == 1]
    assert together, "some brothers and sisters should live together"


def test_ages_care_leavers_and_uasc(children):
    ages = [age_on(c.date_of_birth, TODAY) for c in children]
    assert min(ages) == 0 and max(ages) >= 18
    assert sum(a < 5 for a in ages) >= 5 and sum(10 <= a <= 17 for a in ages) >= 30
    leavers = [c for c in children if c.care_leaver]
    assert len(leavers) >= 3
    for c in leavers:
        assert age_on(c.date_of_birth, TODAY) >= 18
        assert c.periods[-1].end_date is not None
        if demo._birthday(c.date_of_birth, 18) + relativedelta(months=2) < TODAY:
            assert any(r.review_type == "pathway" for r in c.reviews)
    assert all(c.care_leaver for c, a in zip(children, ages) if a >= 18)
    uasc = [c for c in children if c.uasc]
    assert len(uasc) >= 3
    assert all(15 <= age_on(c.date_of_birth, TODAY) <= 17 for c in uasc)
    assert all(c.first_language != "English" for c in uasc)


def test_varied_legal_statuses_and_placements(children):
    statuses = Counter(c.current_period.legal_status for c in children)
    types = Counter(c.current_placement.placement_type for c in children)
    assert len(statuses) >= 5 and statuses.most_common(1)[0][0] == "C2"
    assert len(types) >= 7
    assert {"U4", "U6", "K2", "H5"} <= set(types)


def test_review_histories(children):
    cal = england()
    first_reviews = [(p, r) for c in children for p in c.periods for r in c.reviews
                     if r.review_type == "first" and p.start_date <= r.review_date
                     and (p.end_date is None or r.review_date <= p.end_date)]
    assert len(first_reviews) >= 50
    in_time = [1 for p, r in first_reviews if r.review_date <= cal.add_working_days(p.start_date, 20)]
    assert 0.8 <= len(in_time) / len(first_reviews) < 1.0  # mostly on time, a few late
    years = [(c.reviews[-1].review_date - c.reviews[0].review_date).days / 365 for c in children if c.reviews]
    assert max(years) >= 4
    for c in children:
        dates = [r.review_date for r in c.reviews]
        assert dates == sorted(dates)
        assert all(d <= TODAY for d in dates)
        kinds = [r.review_type for r in c.reviews if r.review_type != "additional"]
        if "second" in kinds:
            assert kinds.index("first") < kinds.index("second")

    def overdue(c):
        statutory = [r for r in c.reviews if r.review_type != "additional"]
        if not statutory or c.periods[-1].end_date is not None and not c.care_leaver:
            return False
        months = 3 if len(statutory) == 1 and not c.care_leaver else 6
        return statutory[-1].review_date + relativedelta(months=months) < TODAY

    assert 1 <= sum(overdue(c) for c in children) <= 15


def test_key_people(children):
    roles = Counter(k.role for c in children for k in c.key_people)
    assert roles["advocate"] >= 10 and roles["independent_visitor"] >= 3
    contacts = [k.contact for c in children for k in c.key_people]
    assert all(x.endswith(".example.org.uk") or x.startswith("07700 900") for x in contacts)


def test_plainly_invented_and_no_addresses(children):
    for c in children:
        assert c.last_name in demo.SURNAMES
        assert c.social_worker_email.endswith("@example.gov.uk")
        for p in c.placements:
            assert p.postcode_district is None or postcode_district_problem(p.postcode_district) is None
            if p.area == demo.COUNCIL_AREA:
                assert p.postcode_district.startswith("NS")
        text = repr(c)
        assert not any(m in text for m in MARKERS)


def test_load_demo_into_a_vault(vault):
    kids = demo.load_demo(vault, n=70, today=TODAY)
    rows = repository.list_children(vault, today=TODAY)
    assert len(rows) == 70
    assert repository.council_area(vault) == "Northshire"
    by_id = {r.child_id: r for r in rows}
    for c in kids:
        r = by_id[c.child_id]
        assert r.out_of_area == (c.current_placement.area != "Northshire")
        assert r.last_review_date == (c.reviews[-1].review_date if c.reviews else None)
    actions = Counter(a for a, _, _ in audit_rows(vault))
    assert actions["child.create"] == 70 and actions["setting.update"] == 2  # the council area and the base
    assert vault.verify_audit().ok
    stored = repository.get_child(vault, kids[0].child_id)
    assert len(stored.reviews) == len(kids[0].reviews)


def test_load_demo_keeps_an_existing_council_area(vault):
    repository.set_council_area(vault, "Kent")
    demo.load_demo(vault, n=10, today=TODAY)
    assert repository.council_area(vault) == "Kent"


def test_large_caseload_has_exact_sizes(vault):
    start = time.perf_counter()
    demo.load_large(vault, children=85, reviews=2000, other_rows=10000, today=TODAY)
    assert time.perf_counter() - start < 10
    with vault.read() as db:
        count = {t: db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("child", "review", "period_of_care", "placement", "key_person", "audit_log")}
    assert count["child"] == 85 and count["review"] == 2000
    assert count["period_of_care"] + count["placement"] + count["key_person"] == 10000
    assert count["audit_log"] < 100
    assert len(repository.list_children(vault, today=TODAY)) == 85
    assert vault.verify_audit().ok


def test_large_caseload_can_shrink_reviews():
    kids = demo.large_caseload(children=20, reviews=30, other_rows=500, today=TODAY)
    assert sum(len(c.reviews) for c in kids) == 30
    assert sum(len(c.periods) + len(c.placements) + len(c.key_people) for c in kids) == 500
    with pytest.raises(ValueError):
        demo.large_caseload(children=20, reviews=30, other_rows=5, today=TODAY)


def test_demo_letters_carry_no_stray_markup_characters(vault):
    from iro_desktop.caseload import demo
    from iro_desktop.reviews import records

    demo.load_demo(vault, n=70)
    bodies = []
    for child in repository.list_children(vault):
        for info in records.review_records(vault, child.child_id):
            letter = records.get_review(vault, info.id).content.letter
            bodies.extend(section.plain for section in letter.sections)
    assert bodies
    assert not [b for b in bodies if "**" in b or "\\" in b]
