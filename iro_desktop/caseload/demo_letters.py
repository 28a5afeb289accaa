"""Finalised review records, letters, decisions and midway reviews for the demo caseload.

So that a newcomer opening the demo sees what good looks like: short, warm letters written to
the child by the name they use, celebrating what they have achieved and saying plainly what
will happen next and who will do it. Everything is invented, like the rest of the demo; the
same seed and ``today`` always give the same letters and decisions (only the decisions'
random ids differ).

Most children get a record for each of their last two reviews (the earlier one's decisions
carried into the later one), a few have their latest letter still in draft, one record has
been amended, and children past the midway point have a finalised midway review.

Letters are written for the child's age with the leaflet's bands (``printing.views.
leaflet_audience``: under 11, 11 to 15, 16 and over or leaving care), with a gentler letter to
keep for a child under 4; brothers and sisters name each other. The participation code always
agrees with the attendance except in one finalised record (``CONTRADICTION``: PN5 with the
child in the room), finalised as if before the app checked this, so the demo shows how a
contradiction in a finalised record is pointed out.

Why this module is long: most of it is the phrases the letters are drawn from, one set for each
age band, which read best beside the few lines that choose among them.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Sequence

from dateutil.relativedelta import relativedelta

from iro_desktop.caseload.demo_days import working_day_on_or_before
from iro_desktop.caseload.model import Child, Placement
from iro_desktop.documents import markup
from iro_desktop.printing.views import LEAVING_CARE, OLDER, leaflet_audience
from iro_desktop.reviews import codes, lifecycle
from iro_desktop.reviews.midway import finalise_midway_tx, start_midway_tx
from iro_desktop.reviews.model import (Attendee, ParentParticipation, QualityAssurance, Recommendation,
                                       ReviewContent)
from iro_desktop.reviews.recommendations import carry_forward, refresh_what_next, set_outcome
from iro_desktop.reviews.records import RECORD_KIND, finalise_review_tx, save_review_tx, start_record_for_review_tx
from iro_desktop.timescales import age_on
from iro_desktop.vault import Vault

DEMO_IRO = "Alex Penhallowby"
IRO_FIRST = DEMO_IRO.split()[0]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TEACHERS = ["Mrs Harebell", "Mr Lindenfold", "Ms Coppergate", "Mr Dovecote", "Miss Glimmerton"]
NURSES = ["Bronwen Silverbeck", "Marta Tidewhistle", "Nasreen Brightwater"]
ADVISERS = ["Tunde Fairbairnley", "Eilidh Ravensmoss", "Rajesh Moonwhistle"]
# The one contradiction the demo keeps in a finalised record: this code with the child attending.
CONTRADICTION = "PN5"
# How a child who attends, or does not, took part (``codes.ATTENDED`` and the others), weighted
# as a caseload's codes fall.
ATTENDING_CODES = {"PN1": 14, "PN2": 2, "PN3": 0.2, "PN4": 0.5}
ABSENT_CODES = {"PN5": 2, "PN6": 3, "PN7": 0.5}


def names_joined(names: list[str]) -> str:
    """"Dylan", "Dylan and Mihai", "Dylan, Mihai and Rosie"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _first_names(carer: str | None) -> str | None:
    """"Jo and Sam Bramblewick" -> "Jo and Sam"; None for homes and other places."""
    if not carer or ":" in carer or " and " not in carer:
        return None
    a, _, rest = carer.partition(" and ")
    return f"{a} and {rest.split()[0]}"


def _home(placement: Placement | None) -> tuple[str, str, str]:
    """(at the home, the home in short, who looks after you) in the child's words."""
    if placement is None:
        return "your home", "home", "the people who look after you"
    carer, kind = placement.carer_name or "", placement.placement_type or ""
    names = _first_names(carer)
    if carer.startswith("Grandparents"):
        return "your nan and grandad's", "your nan and grandad's", "your nan and grandad"
    if carer.startswith("Aunt and uncle"):
        return "your aunt and uncle's", "their house", "your aunt and uncle"
    if carer.startswith("Older sister"):
        return "your sister's", "your sister's", "your sister"
    if names:
        return f"{names}'s", f"{names}'s", names
    if kind in ("K1", "K2", "S1", "R3") or kind.startswith("H"):
        return carer or "your home", carer or "home", "the staff"
    if kind == "P1":
        return "home", "home", "your family"
    if kind == "P2":
        return "your flat", "your flat", "your personal adviser"
    return "your home", "home", "the people who look after you"


def professional_venue(placement: Placement | None) -> str:
    """Where the meeting was held, as the professional record gives it: the kind of home and
    who lives there, never the child's words for it ("your sister's")."""
    if placement is None:
        return "Carers' home"
    carer, kind = placement.carer_name or "", placement.placement_type or ""
    who, _, named = carer.partition(": ")
    if named:  # "Older sister: Jo Bramblewick"
        return {"Grandparents": "Grandparents' home", "Aunt and uncle": "Aunt and uncle's home",
                "Family friends": "Family friends' home", "Older sister": "Older sister's home"
                }.get(who, "Family home") + f" ({named})"
    if _first_names(carer):
        return f"Foster carers' home ({carer})"
    if kind in ("K1", "K2", "S1", "R3") or kind.startswith("H"):
        return carer or "Children's home"
    if kind == "P1":
        return f"Family home ({carer.lower()})" if carer else "Family home"
    if kind == "P2":
        return "The young person's own flat"
    return "Carers' home"


def _placement_on(child: Child, day: date) -> Placement | None:
    found = [p for p in child.placements if p.start_date <= day and (p.end_date is None or day <= p.end_date)]
    return max(found, key=lambda p: p.start_date) if found else child.current_placement


def _band(age: int, child: Child) -> str:
    """Which letter suits the child: the leaflet's wording bands (``leaflet_audience``), and
    a letter to keep for one too young to read."""
    if age < 4:
        return "little"
    audience = leaflet_audience(age, child.care_leaver)
    return "young_adult" if audience == LEAVING_CARE else "teen" if audience == OLDER else "child"


def _para(text: str) -> str:
    return markup.serialise([markup.paragraph(text)]) if text else ""


class _Writer:
    """Draws one child's letters and decisions from the phrases below."""

    def __init__(self, rng: random.Random, child: Child, siblings: Sequence[Child] = ()) -> None:
        self.rng = rng
        self.child = child
        self.name = child.known_as
        self.sw_full = child.social_worker_name or "Sam Coppergate"
        self.sw = self.sw_full.split()[0]
        self.siblings = list(siblings)
        # (in the letter, in the decisions)
        self.family, self.family_pro = self.rng.choice([
            ("Mum", "mum"), ("Dad", "dad"), ("Nan", "Nan"), ("Mum and your sisters", "mum and sisters"),
            ("Dad and Grandma", "dad and Grandma")])
        if self.siblings:
            self.family, self.family_pro = self.rng.choice([("Mum", "mum"), ("Dad", "dad")])
        self.pick = rng.choice

    def sibling_names(self, held: date, *, together: bool) -> list[str]:
        """The brothers and sisters in care who lived with the child on ``held`` (or, with
        ``together`` false, elsewhere), by the names they use."""
        mine = _placement_on(self.child, held)
        here = (mine.placement_type, mine.carer_name) if mine else None
        out = []
        for sib in self.siblings:
            theirs = _placement_on(sib, held)
            same = theirs is not None and here is not None and (theirs.placement_type, theirs.carer_name) == here
            if same == together and sib.date_of_birth <= held:
                out.append(sib.known_as)
        return out

    def family_on(self, held: date) -> tuple[str, str]:
        """Who the child sees at family time, (in the letter, in the decisions): with the
        brothers and sisters who live elsewhere named."""
        apart = self.sibling_names(held, together=False)
        if not apart:
            return self.family, self.family_pro
        return names_joined(apart + [self.family]), names_joined(apart + [self.family_pro])

    # ---- the letter --------------------------------------------------------------------------

    def letter(self, content: ReviewContent, age: int, held: date, placement: Placement | None) -> None:
        at_home, home_short, carers = _home(placement)
        band = _band(age, self.child)
        letter = content.letter
        day = WEEKDAYS[held.weekday()]
        p, sw = self.pick, self.sw
        fam, _pro = self.family_on(held)
        together = self.sibling_names(held, together=True)
        apart = self.sibling_names(held, together=False)
        school = self.child.school or "school"
        body: dict[str, str] = {}
        marked: dict[str, str] = {}  # bodies already in markup
        if band == "little":
            letter.opening = _para(f"I am {IRO_FIRST}, and my job is to make sure the grown-ups do everything "
                                   "they promised for you. You are too little to read this yet, so I have "
                                   "written it for you to keep and read when you are older.")
            body["how_you_are"] = (f"I came to see you at {at_home} on {day}. You " + p([
                "showed me how high you can stack your blocks", "were busy in your toy kitchen",
                "were splashing in the paddling pool", "were chatting away and learning new words every day",
                "were toddling round the garden"]) + ", and you gave me the biggest smile.")
            body["home"] = (f"{carers[:1].upper() + carers[1:]} look after you every day. They told me you love "
                            + p(["bath time", "the swings at the park", "your bedtime stories", "singing songs",
                                 "feeding the ducks"]) + " and that you are sleeping much better now.")
            body["family_time"] = (f"You see {fam} " + p(["twice a week", "every week", "every Saturday"])
                                   + ". Everyone says you are happy and settled during family time.")
            body["health"] = p(["You had your check-up with the health visitor and you are growing well.",
                                "You have had all your injections, and you were very brave.",
                                "Your new glasses help you see everything much better."])
            proud = p(["You took your first steps", "You started at nursery and you love the sand tray",
                       "You can say twenty words now", "You sleep right through the night now"])
            # Already markup (the achievement in bold), so it bypasses the plain-text escaping below.
            marked["going_well"] = markup.serialise([markup.Paragraph((
                markup.Run(proud + "!", bold=True), markup.Run(" Everyone is so proud of you.")))])
            hide = ["school", "what_you_told_me", "worries"]
            letter.rename_section("what_you_told_me", "What I saw")
        elif band == "child":
            body["how_you_are"] = (f"It was lovely to see you at {at_home} on {day}. Thank you for showing me "
                                   + p(["your bedroom and all your drawings", "your new bike", "the den you "
                                        "built in the garden", "your Lego models", "your football medals"]) + ".")
            body["home"] = (f"You told me you feel safe with {carers} and you like "
                            + p(["Friday film nights", "helping with the cooking", "walking the dog",
                                 "your new bedroom", "playing board games after tea"]) + ".")
            body["family_time"] = (f"You see {fam} " + p(["every other Saturday", "once a month", "every week"])
                                   + ". You said you would like it to be longer, and we talked about that at "
                                   "your review meeting.")
            body["school"] = (f"{school} say you are working hard. Your teacher told us you "
                              + p(["got a certificate for your reading", "are really good at maths now",
                                   "sang in the school concert", "help the younger children at lunchtime"]) + ".")
            body["health"] = p(["You have been to the dentist and your teeth are healthy.",
                                "You had your health check and you are fit and well.",
                                "You told me you are sleeping better since you got your night light."])
            body["what_you_told_me"] = "You told me that " + p([
                f"you want to keep living with {carers}", "you miss your old school friends sometimes",
                f"you would like more time with {fam}", "you really, really want a hamster"]) + "."
            body["going_well"] = "You should be really proud of yourself. " + p([
                "You learnt to swim 25 metres this summer.", "You joined the Cubs and got your first badge.",
                "You were star of the week twice!", "You read a whole chapter book on your own."])
            body["worries"] = ("You told me you sometimes worry about " + p(["Mum", "moving schools",
                                                                            "family time being cancelled"])
                               + f". That is OK. You can always talk to {carers}, {sw} or me.")
            hide = []
        elif band == "teen":
            body["how_you_are"] = (f"Thanks for making time to see me at {at_home} on {day}, and for being so "
                                   "honest with me.")
            body["home"] = (f"You said things at {home_short} are going well and you get on with {carers}. "
                            + p(["You have your own room now and you like having your own space.",
                                 "You are allowed to stay out later at weekends, which you were pleased about.",
                                 "You have been cooking tea on Thursdays and your pasta bake is famous."]))
            body["family_time"] = (f"You see {fam} " + p(["every fortnight", "once a month", "most weekends"])
                                   + f". You told me you would like to stay over sometimes; {sw} is going to "
                                   "look at that.")
            if self.child.uasc:
                body["family_time"] = ("You told me you have been able to speak to your family on the phone, "
                                       "and that this means a lot to you.")
            body["school"] = (f"At {school} you are doing well in "
                              + p(["English", "science", "art", "PE", "music"])
                              + ". Your attendance is up to " + p(["92", "95", "97"]) + "%, which is brilliant.")
            body["health"] = p(["You had your health check and you told me you are sleeping better.",
                                "You have started seeing someone to talk about your feelings, and you said it helps.",
                                "You have been going to the gym with a friend."])
            body["what_you_told_me"] = "You told me you want " + p([
                "to stay where you are until you finish school", "more say in who comes to your meetings",
                f"to see {apart[0]} more often" if apart else "to see your cousins more often",
                "your social worker to visit after school, not during it"]) \
                + ". I wrote that down and we talked about it at your review meeting."
            body["going_well"] = p(["You got into the school football team.", "You started helping at the "
                                    "stables on Saturdays.", "You got a merit in your music exam.",
                                    "You have not missed a single day of school this term."]) + " Well done!"
            body["worries"] = ("You said you worry about " + p(["exams", "what happens when you turn 18",
                                                               "your mum", "falling out with friends"])
                               + f". We agreed that {sw} will talk this through with you.")
            hide = []
        else:
            body["how_you_are"] = f"It was good to catch up with you at {at_home} on {day}."
            body["home"] = ("You are settled and you are learning to cook and manage your money. You told me your "
                            "favourite thing to cook is " + p(["jollof rice", "chicken curry", "spaghetti bolognese",
                                                               "pancakes"]) + ".")
            if self.child.uasc:
                body["family_time"] = ("You told me you have been able to speak to your family on the phone, and "
                                       "that this means a lot to you.")
                body["school"] = ("Your English is getting stronger every time I see you, and your tutor says you "
                                  "are one of the hardest-working students in your group.")
            else:
                body["family_time"] = f"You see {fam} when you want to, and you said that works well for you now."
                body["school"] = ("You are studying " + p(["catering", "motor vehicle", "health and social care",
                                                           "IT", "construction"])
                                  + " at college. Your tutor says your work is really good.")
            body["what_you_told_me"] = "You told me you want to " + p([
                "get your own flat one day", "learn to drive" if age >= 17 else "get a Saturday job",
                "go to university", "work with animals"]) + "."
            body["going_well"] = p(["You passed your theory test." if age >= 17 else "You passed your first exam.",
                                    "You got your first payslip.",
                                    "You were chosen to speak at the children in care council.",
                                    "You opened your first bank account."]) + " That is a big step, well done."
            body["worries"] = ("You said you are worried about " + p(
                ["money", "your immigration case" if self.child.uasc else "paying the bills",
                 "finding a job", "living on your own"]) + ". We have agreed who will help you with this, below.")
            body["health"] = p(["You have registered with a doctor near you, and you know how to book an "
                                "appointment yourself.", "You told me you are sleeping and eating well.",
                                "You have been going to the gym, and you said it helps you feel good."])
            hide = ["health"] if self.rng.random() < 0.5 else []
        if together and "home" in body:
            body["home"] += f" You live there with {names_joined(together)}."
        for key, text in body.items():
            letter.set_body(key, _para(text))
        for key, text in marked.items():
            letter.set_body(key, text)
        for key in hide:
            letter.hide_section(key)

    # ---- decisions ---------------------------------------------------------------------------

    def decisions(self, band: str, held: date, carers: str, already: list[Recommendation]) -> list[Recommendation]:
        rng = self.rng

        def by(weeks: int) -> date:
            d = held + timedelta(weeks=weeks + rng.randrange(0, 4))
            if rng.random() < 0.5:  # "by the end of the month"
                d = date(d.year, d.month, 1) + relativedelta(months=1) - timedelta(days=1)
            return d

        # Named carers are foster carers or family; "the staff" means a home with a key worker.
        carer_role, carer_name = ("foster_carer", carers) if carers[:1].isupper() else \
            ("residential_worker", rng.choice(["Jordan Glimmerton", "Morgan Lindenfold", "Robin Harebell"]))
        pool = [
            Recommendation(f"Arrange contact with {self.family_on(held)[1]} to include one longer visit each month",
                           "social_worker", by(6), self.sw_full),
            Recommendation(f"Update the care plan with {self.name}'s views from this review", "social_worker",
                           by(3), self.sw_full),
            Recommendation(f"Visit {self.name} before the next review and talk about who should come", "iro",
                           by(20)),
        ]
        if band == "little":
            pool += [Recommendation("Book the review health assessment", "health", by(8), rng.choice(NURSES)),
                     Recommendation("Make a memory box of photos and first things", carer_role, by(10),
                                    carer_name)]
        elif band in ("child", "teen"):
            pool += [Recommendation("Update the PEP with new targets for reading and maths", "designated_teacher",
                                    by(5), rng.choice(TEACHERS)),
                     Recommendation("Book swimming lessons" if band == "child" else "Find a local football club",
                                    carer_role, by(6), carer_name),
                     Recommendation("Complete the life story work", "social_worker", by(12), self.sw_full)]
            if band == "teen":
                pool.append(Recommendation("Think about who to invite to the next review meeting", "child", by(16)))
        else:
            pool += [Recommendation("Review the pathway plan with a budget for the move to independence",
                                    "personal_adviser", by(8), rng.choice(ADVISERS)),
                     Recommendation("Apply for a provisional driving licence", "child", by(10))
                     if age_on(self.child.date_of_birth, held) >= 17 else
                     Recommendation("Open a bank account", "child", by(10))]
        rng.shuffle(pool)
        taken = {r.what for r in already}
        return [r for r in pool if r.what not in taken][: rng.randint(2, 4)]

    # ---- the rest of the record --------------------------------------------------------------

    def details(self, content: ReviewContent, age: int, held: date, placement: Placement | None,
                carers: str) -> None:
        rng, d = self.rng, content.details
        d.venue_mode = rng.choices(list(codes.VENUE_MODES), [7, 1, 2])[0]
        d.venue = professional_venue(placement) if d.venue_mode != "virtual" else "Online"
        d.attendees += [Attendee(self.sw_full, "social_worker")]
        if carers[:1].isupper():
            d.attendees.append(Attendee(carers, "foster_carer"))
        attends = age >= 4 and rng.random() < 0.7
        if attends:
            d.attendees.append(Attendee(self.name, "child"))
        if rng.random() < 0.3:
            d.apologies.append(Attendee(rng.choice(NURSES), "health"))
        if age < 4:
            d.seen_alone = False
            d.not_seen_alone_reason = "Too young to talk on their own; I saw them at home with their carers."
        else:
            d.seen_alone = True
            d.seen_alone_date = held - timedelta(days=rng.randrange(0, 8))
        allowed = codes.participation_codes_allowed(self.child.date_of_birth, held)
        # How the child took part agrees with whether they came (``codes.ATTENDED``...).
        weights = dict(ATTENDING_CODES if attends else ABSENT_CODES)
        if "PN3" in weights and self.child.disability:
            weights["PN3"] = 1
        d.participation_code = allowed[0] if len(allowed) == 1 else rng.choices(
            list(weights), list(weights.values()))[0]
        d.parents = [ParentParticipation("Mum", rng.choice(["attended", "views_given", "invited_no_part"]))]
        d.advocate_offered = age >= 5
        d.advocate_used = age >= 5 and any(k.role == "advocate" for k in self.child.key_people)
        d.consultation_returned = {g: rng.random() < 0.6 for g in codes.CONSULTATION_GROUPS if g != "others"}
        content.qa = QualityAssurance(
            care_planning_rag=rng.choices(list(codes.RAG), [7, 2.5, 0.5])[0],
            preparation_rag=rng.choices(list(codes.RAG), [6, 3, 1])[0],
            social_worker_report=rng.random() < 0.85, care_plan_up_to_date=rng.random() < 0.8,
            child_prepared=age >= 4 and rng.random() < 0.8)
        if rng.random() < 0.1:
            content.qa.good_practice = True
            content.qa.good_practice_note = (f"{self.sw} spent time preparing {self.name} for the meeting with a "
                                             "picture agenda; it made a real difference.")


def _review_rows(conn, child_id: str) -> list[tuple[int, date, str, date | None]]:
    return [(rid, date.fromisoformat(d), kind, date.fromisoformat(sent) if sent else None)
            for rid, d, kind, sent in conn.execute(
                "SELECT id, review_date, review_type, record_sent_date FROM review WHERE child_id = ? "
                "ORDER BY review_date, id", (child_id,))]


def add_demo_records(vault: Vault, children: list[Child], seed: int, today: date) -> None:
    """Review records (most finalised), decisions and midway reviews for the demo children, in
    one transaction."""
    rng = random.Random(seed + 3)
    amended = contradiction = False
    midways = [0]
    groups: dict[str, list[Child]] = {}
    for child in children:
        if child.sibling_group:
            groups.setdefault(child.sibling_group, []).append(child)
    with vault.transaction() as tx:
        conn = tx.db.conn
        for child in children:
            rows = _review_rows(conn, child.child_id)
            if not rows or rng.random() < 0.2:
                continue
            siblings = [c for c in groups.get(child.sibling_group or "", []) if c is not child]
            writer = _Writer(rng, child, siblings)
            latest_final = None
            for i, (review_id, held, _kind, sent) in enumerate(rows[-2:]):
                last = i == len(rows[-2:]) - 1
                age = age_on(child.date_of_birth, held)
                placement = _placement_on(child, held)
                _at_home, _short, carers = _home(placement)
                rec = start_record_for_review_tx(tx, review_id, iro=DEMO_IRO)
                content = rec.content
                writer.letter(content, age, held, placement)
                writer.details(content, age, held, placement, carers)
                for p in list(content.previous):
                    if rng.random() < 0.25:
                        earlier = next(t for t in _open(conn, child.child_id) if t.uid == p.uid)
                        carry_forward(content, earlier, by_when=held + timedelta(weeks=rng.randrange(6, 14)))
                    else:
                        set_outcome(content, p.uid, codes.DONE if rng.random() < 0.85 else codes.NOT_DONE)
                content.recommendations += writer.decisions(_band(age, child), held, carers, content.recommendations)
                refresh_what_next(content)
                finalise_on = min(today, sent - timedelta(days=rng.randrange(0, 3)) if sent
                                  else held + timedelta(days=rng.randrange(2, 9)))
                finalise_on = max(finalise_on, held)
                if last and (sent is None and rng.random() < 0.4 or finalise_on > today):
                    save_review_tx(tx, rec.id, content, today)  # still being written
                    continue
                in_room = any(a.role == "child" for a in content.details.attendees) \
                    and content.details.venue_mode != "virtual"
                if last and not contradiction and in_room:
                    contradiction = True
                    content.details.participation_code = CONTRADICTION
                    _finalise_before_the_check(tx, rec.id, on=finalise_on, content=content, today=today)
                    latest_final = (rec.id, held)
                    continue
                final = finalise_review_tx(tx, rec.id, finalised_by=DEMO_IRO, on=finalise_on, content=content,
                                           today=today)
                if not amended and not last:
                    amended = True
                    from iro_desktop.reviews.lifecycle import amend_tx

                    amend_tx(tx, rec.id, "review", "The school's name was wrong in the letter.")
                    fixed = final.content
                    fixed.letter.set_body("school", _para(f"{child.school or 'Your school'} say you are "
                                                          "working really hard this year."))
                    finalise_review_tx(tx, rec.id, finalised_by=DEMO_IRO, on=finalise_on, content=fixed, today=today)
                latest_final = (rec.id, held)
            if latest_final is not None:
                _midway(tx, rng, writer, child, latest_final[1], today, midways)


def _finalise_before_the_check(tx, record_id: int, *, on: date, content: ReviewContent, today: date) -> None:
    """Finalise the demo's one contradiction as a record finalised before the app checked the
    participation code against the attendance: the usual routine, with that one check left out."""
    def checks(conn, rec, c, day):
        found = RECORD_KIND.checks(conn, rec, c, day)
        found.missing = [m for m in found.missing if m[0] != "details.participation_code"]
        return found

    lifecycle.finalise_record_tx(tx, replace(RECORD_KIND, checks=checks), record_id, finalised_by=DEMO_IRO,
                                 on=on, content=content, today=today)


def _open(conn, child_id: str):
    from iro_desktop.reviews.recommendations import open_for_child_tx

    return open_for_child_tx(conn, child_id)


def _midway(tx, rng: random.Random, writer: _Writer, child: Child, held: date, today: date,
            made: list[int]) -> None:
    nxt = held + relativedelta(months=6)
    when = date.fromordinal((held.toordinal() + nxt.toordinal()) // 2) + timedelta(days=rng.randrange(0, 8))
    when = working_day_on_or_before(when)
    if when > today or rng.random() < 0.2:
        return
    m = start_midway_tx(tx, child.child_id, when, how=rng.choice(list(codes.MIDWAY_HOW)), today=today)
    made[0] += 1
    c = m.content
    notes = {"done": ["Done, and it went well.", "Finished last month."],
             "on_track": ["Booked for next month.", "Started; going to plan."],
             "delayed": ["Waiting for a date; I have chased this.", "Delayed by staff changes; new date agreed."]}
    for p in c.progress:
        p.progress = rng.choices(["done", "on_track", "delayed"], [4, 4, 2])[0]
        p.note = rng.choice(notes[p.progress])
    name = writer.name
    c.child_views = _para(f"{name} told me " + rng.choice([
        "things are going well at home and school is getting easier.",
        "they are enjoying their new club and have made a good friend there.",
        "they would like family time to be at the weekend instead of after school.",
        "they are happy and do not want anything to change right now."]))
    c.new_concerns = _para(rng.choice(["", "", "", "A few late nights recently; the carers are keeping an eye "
                                       "on this."]))
    band = _band(age_on(child.date_of_birth, when), child)
    c.child_note = _para(f"Hi {name}, it was good to catch up. " + rng.choice([
        "I am really pleased to hear how well things are going.",
        {"little": "Everyone tells me how happy you are at home.", "young_adult": "Keep up the hard work at college."
         }.get(band, "Keep up the brilliant work at school."),
        "I have asked your social worker about changing the day of family time."]) + f" From {IRO_FIRST}")
    if made[0] % 12 == 3:  # now and then, something needs escalating
        c.escalation_needed = True
        c.escalation_details = _para("The health assessment is three months late despite two reminders; "
                                     "I am raising it with the team manager.")
    finalise_midway_tx(tx, m.id, finalised_by=DEMO_IRO, on=min(today, when + timedelta(days=rng.randrange(0, 4))),
                       content=c, today=today)
