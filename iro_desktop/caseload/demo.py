"""A synthetic caseload of invented children, for the demo vault, screenshots and benchmarks.

Everything here is made up. Surnames are invented words (Bramblewick, Puddlewick...) so that no
record can be mistaken for a real child; the council, Northshire, is fictional and its postcode
districts (NS1-NS9) use letters no real postcode area has, so its own children have no distance.
Placements elsewhere are in real English areas because planning trips to them is what the app is
for: distances to them are measured from a real base district (``DEMO_BASE``, Wakefield's WF1),
where the demo puts Northshire's offices.

The caseload is shaped like a real one: sibling groups, many children placed far away, babies
on interim care orders, teenagers in children's homes, unaccompanied asylum-seeking young
people, care leavers on pathway plans, review histories over several years (some late, a few
overdue). Reviews and visits fall on working days (no meeting on a Saturday or on Boxing Day),
and the share of children overdue today is what a real service sees, a few in a hundred: a set
number of children (``OVERDUE_SHARE``) are overdue with their review, and everyone else's
latest paperwork went out by its limit. The same seed and ``today`` always give the same
caseload; "today" is the day the demo is made, so it looks current whenever it is made.

Why this module is long: the making of a child (periods of care, placements, reviews and their
paperwork, key people) is one class whose small draws read best together, with the benchmark
caseload padded from it; the invented names, places and schools are in ``demo_names``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from iro_desktop.caseload import repository
from iro_desktop.caseload.demo_days import working_day_on_or_before
from iro_desktop.caseload.demo_names import (ADULT_NAMES, AWAY, AWAY_AREAS, BOYS, CHILDRENS_HOMES, COLLEGES,
                                             COUNCIL_AREA, ETHNICITIES, GIRLS, HOME_DISTRICTS, NICKNAMES,
                                             OUT_OF_AREA_CHANCE, PRO_SURNAMES, SCHOOLS_PRIMARY, SCHOOLS_SECONDARY,
                                             SUPPORTED, SURNAMES, TEAMS, UASC_LANGUAGES, UASC_NAMES)
from iro_desktop.caseload.model import Child, KeyPerson, PeriodOfCare, Placement, Review
from iro_desktop.places import settings as place_settings
from iro_desktop.timescales import CarePeriod, CaseFacts, HeldReview, TimescaleSettings, child_due, next_review
from iro_desktop.vault import Vault
from iro_desktop.workdays import england, next_working_day_on_or_after

DEFAULT_SEED = 903
DEMO_BASE = "WF1"  # a real district where the fictional Northshire keeps its offices: trips start there
# Children overdue with their review on the demo's today: a few percent, as in a real service.
OVERDUE_SHARE = 0.04


@dataclass
class _Plan:
    """The shape of one invented child before the details are drawn."""

    age: int
    gender: str
    kind: str  # child / uasc / care_leaver
    surname: str
    sibling_group: str | None = None
    shared: dict | None = None  # what siblings share: entry date, status, social worker, home
    overdue: bool = False  # late with their review today (one of the few, ``OVERDUE_SHARE``)


def _add_months(d: date, months: int) -> date:
    return d + relativedelta(months=months)


def _birthday(dob: date, years: int) -> date:
    return dob + relativedelta(years=years)


class _Maker:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.cal = england()
        self.social_workers = [
            (f"{self.rng.choice(ADULT_NAMES)} {pro}", team)
            for pro, team in zip(PRO_SURNAMES, TEAMS * 2)
        ]
        self.next_id = 100100 + self.rng.randrange(100)

    # ---- small draws -----------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, weights: dict[str, float]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, [weights[k] for k in keys])[0]

    def on_working_day(self, d: date, not_before: date | None = None) -> date:
        """``d`` moved to the working day before it (or, if that is before ``not_before``, the
        one after it)."""
        earlier = working_day_on_or_before(d, self.cal)
        if not_before is not None and earlier < not_before:
            return next_working_day_on_or_after(d, self.cal)
        return earlier

    def day_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def new_id(self) -> str:
        self.next_id += self.rng.randrange(1, 40)
        return f"C{self.next_id}"

    def social_worker(self, kind: str, disabled: bool) -> tuple[str, str, str]:
        if kind == "care_leaver":
            pool = [sw for sw in self.social_workers if "Leaving" in sw[1]]
        elif kind == "uasc":
            pool = [sw for sw in self.social_workers if "UASC" in sw[1]]
        elif disabled:
            pool = [sw for sw in self.social_workers if "Disabled" in sw[1]]
        else:
            pool = [sw for sw in self.social_workers if "Care Team" in sw[1] or "Permanence" in sw[1]]
        name, team = self.rng.choice(pool)
        email = name.lower().replace(" ", ".") + "@example.gov.uk"
        return name, email, team

    def area(self, placement_type: str) -> tuple[str, str]:
        if self.chance(OUT_OF_AREA_CHANCE.get(placement_type, 0.4)):
            where = self.rng.choice(AWAY_AREAS)
            return where, self.rng.choice(AWAY[where])
        return COUNCIL_AREA, self.rng.choice(HOME_DISTRICTS)

    def carer(self, placement_type: str, surname: str) -> str | None:
        adults = self.rng.sample(ADULT_NAMES, 2)
        if placement_type in ("U1", "U2", "U3"):
            who = self.rng.choice(["Grandparents", "Aunt and uncle", "Family friends", "Older sister"])
            return f"{who}: {adults[0]} {surname}" if who != "Family friends" else \
                f"{who}: {adults[0]} and {adults[1]} {self.rng.choice(SURNAMES)}"
        if placement_type.startswith("U") or placement_type[0] == "A":
            return f"{adults[0]} and {adults[1]} {self.rng.choice(SURNAMES)}"
        if placement_type in ("K1",):
            return "Kestrel Rise Secure Children's Home"
        if placement_type == "K2":
            return self.rng.choice(CHILDRENS_HOMES)
        if placement_type == "H5":
            return self.rng.choice(SUPPORTED)
        if placement_type == "S1":
            return "Larkspur Residential School"
        if placement_type == "R3":
            return "Rosewood Family Centre"
        if placement_type == "P1":
            return self.rng.choice(["Mother", "Father", "Mother and stepfather"])
        return None

    # ---- whole records ---------------------------------------------------------------------

    def legal_status(self, age: int, kind: str, disabled: bool) -> str:
        if kind == "uasc":
            return self.pick({"V2": 9, "C2": 1})
        if disabled and self.chance(0.3):
            return self.pick({"V3": 2, "V4": 1})
        if age < 1:
            return self.pick({"C1": 4, "C2": 2, "V2": 2, "L2": 0.5, "E1": 0.5})
        if age < 5:
            return self.pick({"C2": 4, "C1": 2, "E1": 2, "V2": 1, "D1": 0.2})
        if age < 16:
            return self.pick({"C2": 14, "C1": 2, "V2": 3, "J1": 0.4, "L1": 0.2, "L3": 0.1})
        return self.pick({"C2": 11, "V2": 7, "J1": 1, "J2": 0.3, "J3": 0.5})

    def placement_type(self, age: int, legal: str, kind: str) -> str:
        if kind == "care_leaver":
            return self.pick({"P2": 4, "H5": 3, "U4": 2})  # U4 here is "staying put"
        if kind == "uasc":
            return "H5" if age >= 16 and self.chance(0.7) else self.pick({"U6": 3, "K2": 1})
        if legal in ("V3", "V4"):
            return self.pick({"K2": 2, "U6": 1})
        if legal == "E1":
            return self.pick({"A4": 2, "A6": 3, "A5": 1, "A3": 0.5, "U5": 1.5})
        if legal in ("J1", "J2"):
            return self.pick({"R5": 1, "K1": 1, "K2": 1})
        if age < 1:
            return self.pick({"U6": 5, "U3": 2, "R3": 1, "U5": 1})
        if age < 10:
            return self.pick({"U4": 5, "U6": 4, "U1": 2, "U3": 1, "P1": 1, "K2": 0.3})
        if age < 16:
            return self.pick({"U4": 5, "U6": 3, "U1": 1, "K2": 3, "S1": 0.7, "K1": 0.3, "P1": 0.5,
                              "T4": 0.1, "Z1": 0.1})
        return self.pick({"U4": 3, "K2": 3, "H5": 3, "U1": 1, "P3": 0.1, "R2": 0.1})

    def school(self, age: int, kind: str) -> str | None:
        if age < 4:
            return None
        if age < 11:
            return self.rng.choice(SCHOOLS_PRIMARY)
        if age < 16:
            return self.rng.choice(SCHOOLS_SECONDARY)
        return self.rng.choice(COLLEGES) if self.chance(0.85) else None

    def dob_for(self, age: int) -> date:
        latest = self.today - relativedelta(years=age)
        earliest = self.today - relativedelta(years=age + 1) + timedelta(days=1)
        return self.day_between(earliest, latest - timedelta(days=1 if age == 0 else 0))

    def paperwork(self, review: Review) -> None:
        """Decisions and the record went out on time for most reviews, late for a few, and
        not yet for some recent ones."""
        held = review.review_date
        decisions = held + timedelta(days=self.rng.choice([1, 2, 3, 5, 6, 9]))
        record = held + timedelta(days=self.rng.choice([7, 12, 18, 22, 26, 33]))
        if decisions <= self.today and not (self.today - held).days < 10 and self.chance(0.95):
            review.decisions_circulated_date = decisions
        if record <= self.today and self.chance(0.9 if (self.today - held).days < 60 else 1.0):
            review.record_sent_date = record

    def latest_paperwork_in_time(self, review: Review) -> None:
        """The latest review's decisions and record went out by their limits (``due``'s
        working-day deadlines) once those limits have passed: lateness stays in the history,
        where the annual report counts it, and today's overdue list holds only the few children
        overdue with a review."""
        rules = TimescaleSettings()
        for field, days in (("decisions_circulated_date", rules.decisions_deadline_working_days),
                            ("record_sent_date", rules.record_deadline_working_days)):
            limit = self.cal.add_working_days(review.review_date, days)
            sent = getattr(review, field)
            if limit < self.today and (sent is None or sent > limit):
                setattr(review, field, self.day_between(review.review_date, limit))

    def reviews_for(self, start: date, end: date | None, overdue: bool) -> list[Review]:
        """Reviews held in one period of care: first within 20 working days, then 3 and 6 months."""
        stop = min(end or self.today, self.today)
        reviews: list[Review] = []
        due = self.cal.add_working_days(start, 20)
        held = due - timedelta(days=self.rng.choice([0, 0, 1, 2, 5, 7]))
        if self.chance(0.08):
            held = due + timedelta(days=self.rng.randrange(2, 12))  # a late first review
        held = max(held, start + timedelta(days=1))
        held = self.on_working_day(held, not_before=start + timedelta(days=1))
        kind = "first"
        while held <= stop:
            reviews.append(Review(held, kind))
            months = 3 if kind == "first" else 6
            kind = "second" if kind == "first" else "subsequent"
            due = _add_months(held, months)
            slack = self.rng.randrange(0, 21 if months == 6 else 10)
            held = self.on_working_day(due - timedelta(days=slack))
            if self.chance(0.06):
                held = self.on_working_day(due + timedelta(days=self.rng.randrange(1, 15)), not_before=due)
            if self.chance(0.05):
                # An additional review (a placement move, say) between statutory ones.
                extra = self.on_working_day(reviews[-1].review_date + timedelta(days=self.rng.randrange(20, 60)))
                if extra < held and extra <= stop:
                    reviews.append(Review(extra, "additional"))
        for r in reviews:
            self.paperwork(r)
        if overdue and end is None:
            # Drop recent reviews until the next one is already late today.
            while reviews:
                held_so_far = tuple(HeldReview(r.review_date, r.review_type) for r in reviews)
                limit = next_review(CaseFacts("demo", date.min, (CarePeriod(start, end),), reviews=held_so_far)).due
                if limit is not None and limit < self.today:
                    break
                reviews.pop()
        return reviews

    def placements_for(self, start: date, end: date | None, first_type: str, age_at_end: int,
                       legal: str, kind: str, surname: str, shared: dict | None) -> list[Placement]:
        """Placements in one period: moves at random dates, the last one open if the period is."""
        last = min(end or self.today, self.today)
        moves = 0 if (last - start).days < 60 else self.rng.choice([0, 0, 0, 1, 1, 2, 3])
        starts = sorted({start} | {self.day_between(start + timedelta(days=14), last) for _ in range(moves)})
        out: list[Placement] = []
        for i, s in enumerate(starts):
            final = i == len(starts) - 1
            ptype = first_type if final else self.pick({"U6": 4, "U4": 1, "K2": 1, "U3": 1, "T4": 0.3})
            if final and shared and shared.get("home"):
                ptype, carer, area, district = shared["home"]
            else:
                area, district = self.area(ptype)
                carer = self.carer(ptype, surname)
            e = None if (final and end is None) else (starts[i + 1] - timedelta(days=1) if not final else end)
            out.append(Placement(s, ptype, carer, area, district, area != COUNCIL_AREA, e))
        return out

    def key_people(self, age: int, kind: str, legal: str) -> list[KeyPerson]:
        people: list[KeyPerson] = []

        def person(role: str, org: str) -> KeyPerson:
            first, last = self.rng.choice(ADULT_NAMES), self.rng.choice(PRO_SURNAMES)
            if self.chance(0.5):
                contact = f"{first.lower()}.{last.lower()}@{org}.example.org.uk"
            else:
                # Ofcom reserves 07700 900000-900999 for drama: never a real phone.
                contact = f"07700 900{self.rng.randrange(1000):03d}"
            return KeyPerson(role, f"{first} {last}", contact)

        if age >= 5 and self.chance(0.4 if kind != "uasc" else 0.7):
            people.append(person("advocate", "advocacy"))
        if 6 <= age < 18 and self.chance(0.22):
            people.append(person("independent_visitor", "iv"))
        if kind == "care_leaver" or (age >= 16 and self.chance(0.6)):
            people.append(person("personal_adviser", "leavingcare"))
        if legal == "C1":
            people.append(person("childrens_guardian", "cafcass"))
        if 5 <= age < 18 and self.chance(0.15):
            people.append(person("designated_teacher", "school"))
        if legal in ("J1", "J2", "J3"):
            people.append(person("youth_justice", "yjs"))
        return people

    def child(self, plan: _Plan) -> Child:
        rng = self.rng
        age, kind = plan.age, plan.kind
        shared = plan.shared or {}
        dob = self.dob_for(age)
        disabled = kind == "child" and self.chance(0.14)
        if kind == "uasc":
            first, gender = rng.choice(UASC_NAMES)
        else:
            gender = plan.gender
            first = rng.choice(GIRLS if gender == "F" else BOYS)
        legal = shared.get("legal") or self.legal_status(age, kind, disabled)
        if kind == "care_leaver":
            legal = rng.choice(["C2", "C2", "V2"])
        periods: list[PeriodOfCare] = []
        placements: list[Placement] = []
        reviews: list[Review] = []
        overdue = plan.overdue

        eighteen = _birthday(dob, 18)
        if kind == "care_leaver":
            start = self.day_between(_birthday(dob, 12), _birthday(dob, 16))
            end = eighteen - timedelta(days=1)
        elif kind == "uasc":
            start = self.day_between(max(dob, self.today - timedelta(days=700)), self.today - timedelta(days=30))
            start = max(start, _birthday(dob, 14))
            end = None
        elif "start" in shared:
            start, end = max(shared["start"], dob), None
        else:
            if age == 0:
                start = self.day_between(dob, self.today - timedelta(days=5))
            else:
                earliest = max(dob, self.today - relativedelta(years=min(age, 9)))
                start = self.day_between(earliest, self.today - timedelta(days=10))
            end = None
        start = min(start, self.today - timedelta(days=3))

        # Some children went home and came back: an earlier, closed period of care.
        if kind == "child" and age >= 6 and "start" not in shared and self.chance(0.12):
            earlier_start = self.day_between(_birthday(dob, 1), start - timedelta(days=400)) \
                if start - timedelta(days=400) > _birthday(dob, 1) else None
            if earlier_start is not None:
                earlier_end = self.day_between(earlier_start + timedelta(days=90), start - timedelta(days=120))
                periods.append(PeriodOfCare(earlier_start, rng.choice(["V2", "C1"]), earlier_end))
                placements += self.placements_for(earlier_start, earlier_end, "U6", age, "V2", kind,
                                                  plan.surname, None)
                reviews += self.reviews_for(earlier_start, earlier_end, False)

        periods.append(PeriodOfCare(start, legal, end))
        age_in_care = age if kind != "care_leaver" else 17
        ptype = self.placement_type(age_in_care, legal, "child" if kind == "care_leaver" else kind)
        placements += self.placements_for(start, end, ptype, age, legal, kind, plan.surname, shared)
        reviews += self.reviews_for(start, end, overdue)

        if kind == "care_leaver":
            # After 18: where they live now, and pathway plan reviews every 6 months.
            leaver_type = self.placement_type(age, legal, kind)
            area, district = self.area(leaver_type)
            if leaver_type == "U4":
                last_pl = placements[-1]
                carer, area, district = last_pl.carer_name, last_pl.area, last_pl.postcode_district
            else:
                carer = self.carer(leaver_type, plan.surname)
            placements.append(Placement(eighteen, leaver_type, carer, area, district, area != COUNCIL_AREA))
            held = self.on_working_day(eighteen + timedelta(days=rng.randrange(10, 60)))
            while held <= self.today:
                reviews.append(Review(held, "pathway"))
                self.paperwork(reviews[-1])
                held = self.on_working_day(_add_months(held, 6) - timedelta(days=rng.randrange(0, 20)))
            if overdue:
                # Late with the latest pathway review, but never with none at all.
                while (len(reviews) > 1 and reviews[-2].review_type == "pathway"
                       and _add_months(reviews[-1].review_date, 6) >= self.today):
                    reviews.pop()

        reviews.sort(key=lambda r: r.review_date)
        if reviews and not overdue:
            self.latest_paperwork_in_time(reviews[-1])
        sw_name, sw_email, sw_team = shared.get("social_worker") or self.social_worker(kind, disabled)
        language = rng.choice(UASC_LANGUAGES) if kind == "uasc" else (
            "English" if self.chance(0.9) else rng.choice(["Polish", "Romanian", "Urdu", "Bengali"]))
        pronouns = None
        if age >= 12 and kind == "child" and self.chance(0.05):
            gender, pronouns = "X", "they/them"
        child = Child(
            child_id=self.new_id(), first_name=first, last_name=plan.surname, date_of_birth=dob,
            preferred_name=NICKNAMES.get(first) if self.chance(0.4) else None,
            gender=gender, pronouns=pronouns,
            ethnicity="Black African" if kind == "uasc" and language in ("Tigrinya", "Amharic", "Somali")
            else ("Asian Other" if kind == "uasc" else rng.choice(ETHNICITIES)),
            first_language=language,
            interpreter_needed=kind == "uasc" and self.chance(0.8),
            disability=disabled,
            communication_needs=rng.choice(["Uses Makaton", "Uses a picture communication board",
                                            "Likes short visual plans and extra time"]) if disabled else None,
            uasc=kind == "uasc", care_leaver=kind == "care_leaver",
            school=self.school(age, kind),
            social_worker_name=sw_name, social_worker_email=sw_email, social_worker_team=sw_team,
            sibling_group=plan.sibling_group,
            periods=periods, placements=placements, reviews=sorted(reviews, key=lambda r: r.review_date),
            key_people=self.key_people(age, kind, legal),
        )
        if plan.shared is not None:
            plan.shared.setdefault("legal", legal)
            plan.shared.setdefault("start", start)
            plan.shared.setdefault("social_worker", (sw_name, sw_email, sw_team))
            plan.shared.setdefault("ethnicity", child.ethnicity)
            child.ethnicity = plan.shared["ethnicity"]
            # Brothers and sisters often live together, in foster care rather than a home.
            if "home" not in plan.shared and placements[-1].placement_type.startswith("U") and self.chance(0.7):
                last_pl = placements[-1]
                plan.shared["home"] = (last_pl.placement_type, last_pl.carer_name, last_pl.area,
                                       last_pl.postcode_district)
        return child


def _age(rng: random.Random) -> int:
    # Roughly the national picture: few babies, most children 10-15, a quarter 16-17.
    band = rng.choices([(0, 0), (1, 4), (5, 9), (10, 15), (16, 17)], [5, 13, 17, 39, 26])[0]
    return rng.randint(*band)


def _plans(n: int, rng: random.Random) -> list[_Plan]:
    surnames = SURNAMES[:]
    rng.shuffle(surnames)
    plans: list[_Plan] = []
    n_leavers = max(1, round(n * 0.07)) if n >= 8 else 0
    n_uasc = max(1, round(n * 0.07)) if n >= 8 else 0
    n_groups = n // 9
    group_no = 0
    while group_no < n_groups and len(plans) + 4 <= n - n_leavers - n_uasc:
        group_no += 1
        size = rng.choice([2, 2, 2, 3, 3, 4])
        surname = surnames.pop() if surnames else rng.choice(SURNAMES)
        oldest = rng.randint(6, 16)
        shared: dict = {}
        for k in range(size):
            age = max(0, oldest - k * rng.randint(1, 3))
            plans.append(_Plan(age, rng.choice("FM"), "child", surname, f"SG{group_no:02d}", shared))
    for _ in range(n_leavers):
        plans.append(_Plan(rng.randint(18, 20), rng.choice("FM"), "care_leaver", rng.choice(surnames or SURNAMES)))
    for _ in range(n_uasc):
        plans.append(_Plan(rng.randint(15, 17), "M", "uasc", rng.choice(surnames or SURNAMES)))
    # Children who are not siblings get surnames no sibling group uses.
    others = surnames or SURNAMES
    while len(plans) < n:
        plans.append(_Plan(_age(rng), rng.choice("FM"), "child", rng.choice(others)))
    plans = plans[:n]
    # The few overdue today: children in care with a review history (not a brand-new child,
    # whose first review cannot be late yet, nor a care leaver, whose pathway reviews differ).
    can_be_late = [p for p in plans if p.kind == "child" and p.age >= 1]
    for p in rng.sample(can_be_late, min(len(can_be_late), round(n * OVERDUE_SHARE))):
        p.overdue = True
    return plans


def demo_children(n: int = 70, seed: int = DEFAULT_SEED, today: date | None = None) -> list[Child]:
    """``n`` invented children; the same ``seed`` and ``today`` always give the same list."""
    today = today or date.today()
    maker = _Maker(seed, today)
    plans = _plans(n, maker.rng)
    # Siblings are made together so the eldest sets what they share (entry date, home...).
    return [maker.child(p) for p in plans]


def _set_council_if_unset(tx, area: str) -> None:
    if repository.council_area_tx(tx) is None:
        repository.set_council_area_tx(tx, area)
        if area == COUNCIL_AREA and tx.db.conn.execute(
                "SELECT 1 FROM settings WHERE key = ?", (place_settings.BASE_DISTRICT,)).fetchone() is None:
            place_settings.set_base_district_tx(tx, place_settings.check_base(DEMO_BASE))


def load_demo(vault: Vault, n: int = 70, seed: int = DEFAULT_SEED, today: date | None = None,
              council_area: str = COUNCIL_AREA) -> list[Child]:
    """Add ``n`` invented children in one transaction (council area set if none is yet). The
    demo's "today" is ``today`` or the day it is made, read once: a demo made across midnight
    is still made for one day."""
    today = today or date.today()
    children = demo_children(n, seed, today)
    with vault.transaction() as tx:
        _set_council_if_unset(tx, council_area)
        repository.insert_children_tx(tx, children, today=today)
    from iro_desktop.caseload.demo_letters import add_demo_records

    add_demo_records(vault, children, seed, today)
    _add_demo_visits(vault, random.Random(seed + 2), today)
    from iro_desktop.preparation.demo import add_demo_meetings

    add_demo_meetings(vault, children, seed, today)  # booked review meetings in the coming weeks
    return children


def _add_demo_visits(vault: Vault, rng: random.Random, today: date) -> None:
    """Midway visits for every child past their midway date (and without a midway review): a
    missed midway would be overdue, and the overdue few are those late with a review. Regulation
    36 conversations for about half of those whose review is close: so the
    demo's "due" list has a realistic mix."""
    from iro_desktop.caseload.due import case_facts

    visits = []
    cal = england()
    for facts in case_facts(vault):
        due = child_due(facts, today)
        midway_done = any(i.kind == "midway" and i.status == "done" for i in due.items)
        if due.midway_due and due.midway_due <= today and not midway_done:
            when = min(today, due.midway_due + timedelta(days=rng.randrange(0, 12)))
            visits.append((facts.child_id, working_day_on_or_before(when, cal), "midway"))
        if due.next_review_due and 0 <= (due.next_review_due - today).days <= 21 and rng.random() < 0.5:
            when = today - timedelta(days=rng.randrange(0, 6))
            visits.append((facts.child_id, working_day_on_or_before(when, cal), "pre_review"))
    with vault.transaction() as tx:
        for child_id, when, purpose in visits:
            cur = tx.db.conn.execute(
                "INSERT INTO visit (child_id, visit_date, purpose, seen_alone, created_at) VALUES (?, ?, ?, 1, ?)",
                (child_id, when.isoformat(), purpose, today.isoformat()))
            tx.audit("visit.create", "visit", cur.lastrowid)


def large_caseload(children: int = 85, reviews: int = 2000, other_rows: int = 10000,
                   seed: int = DEFAULT_SEED, today: date | None = None) -> list[Child]:
    """A caseload padded to exact sizes for benchmarks: ``reviews`` review rows in all and
    ``other_rows`` periods + placements + key people in all. Extra placements are short
    temporary moves (T4) in the past; extra reviews are additional reviews."""
    today = today or date.today()
    kids = demo_children(children, seed, today)
    rng = random.Random(seed + 1)

    all_reviews = [(c, r) for c in kids for r in c.reviews]
    if len(all_reviews) > reviews:
        # Drop the oldest reviews of the children with most, keeping each child's latest.
        for c in sorted(kids, key=lambda c: -len(c.reviews)):
            while len(all_reviews) > reviews and len(c.reviews) > 1:
                victim = c.reviews.pop(0)
                all_reviews.remove((c, victim))
    while len(all_reviews) < reviews:
        c = kids[len(all_reviews) % len(kids)]
        start = c.periods[-1].start_date
        held = start + timedelta(days=rng.randrange(max(1, (today - start).days + 1)))
        r = Review(max(start, working_day_on_or_before(held, england())), "additional")
        c.reviews.append(r)
        all_reviews.append((c, r))
    for c in kids:
        c.reviews.sort(key=lambda r: r.review_date)

    base = sum(len(c.periods) + len(c.placements) + len(c.key_people) for c in kids)
    if base > other_rows:
        raise ValueError(f"other_rows must be at least {base} for {children} children")
    extra = other_rows - base
    n_key = extra * 3 // 10
    for i in range(extra - n_key):
        c = kids[i % len(kids)]
        start = c.periods[-1].start_date
        s = start + timedelta(days=rng.randrange(max(1, (today - start).days)))
        area = rng.choice(AWAY_AREAS + [COUNCIL_AREA])
        c.placements.append(Placement(s, "T4", None, area, None, area != COUNCIL_AREA,
                                      min(s + timedelta(days=rng.randrange(0, 7)), today)))
    for i in range(n_key):
        c = kids[i % len(kids)]
        c.key_people.append(KeyPerson("other", f"{rng.choice(ADULT_NAMES)} {rng.choice(PRO_SURNAMES)}",
                                      f"07700 900{rng.randrange(1000):03d}"))
    return kids


def load_large(vault: Vault, children: int = 85, reviews: int = 2000, other_rows: int = 10000,
               seed: int = DEFAULT_SEED, today: date | None = None) -> None:
    """Fill ``vault`` with ``large_caseload`` in one transaction of bulk inserts."""
    kids = large_caseload(children, reviews, other_rows, seed, today)
    with vault.transaction() as tx:
        _set_council_if_unset(tx, COUNCIL_AREA)
        # The padding rows are not meant to pass the record checks (temporary moves may
        # overlap), and checking 12,000 rows would only slow the benchmark's set-up.
        repository.insert_children_tx(tx, kids, today=today, validate=False)
