"""Booked review meetings for the demo vault: a believable handful in the coming weeks.

Five children whose next review is a few weeks away get a meeting on a working day: one in
person at home, one on a video call that had to be moved (with its reason), one hybrid, one at
school, and one booked after its limit (so the screen's warning can be seen). Each has the
default consultation list from the child's record; some forms have gone out and some have come
back, the children's in their own (invented, kind) words. Same seed and today, same meetings.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from iro_desktop.caseload.due import caseload_due
from iro_desktop.caseload.model import Child
from iro_desktop.preparation import consultation, meetings
from iro_desktop.timescales import age_on
from iro_desktop.workdays import england, last_working_day_on_or_before, next_working_day_on_or_after

# (how, start, end, the venue in the child's words, for professionals, moved: the reason, after the limit)
PLANS = (
    ("in_person", time(10), time(11, 30), "at home, in the kitchen", "Foster carers' home", None, False),
    ("virtual", time(16), time(17), "on a video call, after school", "Microsoft Teams",
     "The social worker is on leave that week", False),
    ("hybrid", time(13, 30), time(15), "at my school, with Mum on the video call",
     "School meeting room; birth mother joining by Teams", None, False),
    ("in_person", time(9, 30), time(11), "at school, in the quiet room", "School, the inclusion room", None, False),
    ("in_person", time(15, 30), time(16, 30), "at home", "Children's home lounge", None, True),
)

CHILD_WORDS = (
    {"going_well": "I got a certificate for reading every day", "worries": "I miss my brother when I don't see him",
     "change": "I want to see my brother every week, not every month", "who_there": "Me, my carers and my teacher",
     "where": "At home, not at school", "chair": "yes", "agenda": "yes"},
    {"going_well": "Football on Saturdays and my new friends", "worries": "Nothing really",
     "change": "Stay up later at weekends", "who_there": "Just the people who know me", "chair": "no",
     "agenda": "not_sure"},
    {"going_well": "I am doing well in art and I like my room", "worries": "Moving school next year",
     "where": "At school is fine", "chair": "not_sure", "agenda": "yes",
     "anything_else": "Thank you for listening to me last time"},
)
CARER_WORDS = {"going_well": "Settled well; making friends at the youth club",
               "health_education": "Dentist done; attendance good this term",
               "support": "Help with the school transport", "attend": "yes"}
SOCIAL_WORKER_NOTE = "Told me by phone: family time going well; the new school place is agreed."


def _candidates(vault, children: list[Child], today: date) -> list[tuple[Child, date]]:
    """Children aged 8 or more whose next review's limit is 2 to 8 weeks away, soonest first."""
    by_id = {c.child_id: c for c in children}
    out = []
    for d in caseload_due(vault, today):
        child = by_id.get(d.child_id)
        if child is None or d.next_review_due is None or age_on(child.date_of_birth, today) < 8:
            continue
        if today + timedelta(days=14) <= d.next_review_due <= today + timedelta(days=56):
            out.append((child, d.next_review_due))
    return sorted(out, key=lambda x: (x[1], x[0].child_id))


def add_demo_meetings(vault, children: list[Child], seed: int, today: date) -> list[int]:
    """Book the demo's meetings (see the module's docstring); returns their ids."""
    rng = random.Random(seed + 5)
    cal = england()
    picked = _candidates(vault, children, today)[:len(PLANS)]
    ids = []
    for n, ((child, limit), plan) in enumerate(zip(picked, PLANS)):
        how, start, end, venue_child, venue_pro, moved_because, late = plan
        if late:
            day = cal.add_working_days(limit, 3)
        else:
            day = last_working_day_on_or_before(limit - timedelta(days=rng.randrange(3, 10)))
        booked_day = day if not moved_because else last_working_day_on_or_before(day - timedelta(days=7))
        booked_day = max(booked_day, next_working_day_on_or_after(today + timedelta(days=1)))
        booking = consultation.book_with_list(vault, child.child_id, booked_day, start, end, how, venue_child,
                                              venue_pro, return_by=booked_day - timedelta(days=3), today=today)
        mid = booking.meeting.id
        if moved_because and day != booked_day:
            meetings.move(vault, mid, day, start, end, reason=moved_because, today=today)
        ids.append(mid)
        _consult(vault, mid, n, rng, today)
    return ids


def _consult(vault, meeting_id: int, n: int, rng: random.Random, today: date) -> None:
    cal = england()
    sent_on = last_working_day_on_or_before(today - timedelta(days=10 + n))
    back_on = last_working_day_on_or_before(today - timedelta(days=rng.randrange(1, 5)))
    for c in consultation.consultees(vault, meeting_id):
        if c.role in ("advocate", "independent_visitor") or (n == 4 and c.role != "child"):
            continue  # not every form has gone out yet
        how = "paper" if c.role == "child" else "email"
        consultation.record_sent(vault, c.id, sent_on, how, today=today)
        if c.role == "child" and n < len(CHILD_WORDS):
            consultation.record_returned(vault, c.id, back_on, "paper" if n != 1 else "online",
                                         CHILD_WORDS[n], today=today)
        elif c.role == "carer" and n % 2 == 0:
            consultation.record_returned(vault, c.id, back_on, "email", CARER_WORDS, today=today)
        elif c.role == "social_worker" and n == 1:
            consultation.record_returned(vault, c.id, cal.add_working_days(sent_on, 2), "phone",
                                         note=SOCIAL_WORKER_NOTE, today=today)
