"""A hand-built caseload with a known answer for every figure of the period PERIOD.

Every child, period of care, placement, review, record, visit, escalation and history row is
made through the core's own functions. The expected figures (EXPECTED) were worked out by hand
from the statutory rules (DESIGN.md section 2) and England's 2026 bank holidays (1 January,
3 and 6 April, 4 and 25 May), not by the code under test; the comments say how.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from iro_desktop.caseload import repository, visits
from iro_desktop.caseload.model import PeriodOfCare, Placement, Review
from iro_desktop.escalations import good_practice, tracker
from iro_desktop.reports import history_import
from iro_desktop.reviews import records
from iro_desktop.reviews.model import Meeting, ParentParticipation, ReviewContent
from tests.support.caseload_helpers import make_child
from tests.support.review_helpers import IRO, complete

START, END = date(2026, 1, 1), date(2026, 6, 30)
PERIOD = (START, END)
BUILT_ON = date(2026, 7, 31)  # "today" while the data is entered
COUNCIL = "Northshire"


def _child(vault, cid: str, dob: date, periods: list[tuple[date, date | None]], area: str,
           reviews: list[Review] = (), *, care_leaver: bool = False, seed: tuple[date, int] | None = None) -> None:
    child = make_child(cid, date_of_birth=dob, care_leaver=care_leaver,
                       seed_last_review_date=seed[0] if seed else None, seed_reviews_held=seed[1] if seed else None,
                       periods=[PeriodOfCare(s, "C2", e) for s, e in periods],
                       # No district: out of area and the areas come from the typed area here
                       # (tests/test_kpis.py shows a district deciding them).
                       placements=[Placement(periods[-1][0], "U4", "Carers", area, None)],
                       reviews=list(reviews))
    repository.add_child(vault, child, today=BUILT_ON)


def _record(vault, cid: str, held: date, kind: str, fill: Callable[[ReviewContent], None], *,
            circulated: date | None = None, sent: date | None = None, series: bool = False) -> int:
    rec = records.start_review(vault, cid, held, kind, held_as_series=series, today=BUILT_ON)
    content = rec.content
    fill(content)
    complete(content)
    records.finalise_review(vault, rec.id, finalised_by=IRO, on=held, content=content, today=BUILT_ON)
    if circulated:
        records.record_decisions_circulated(vault, rec.id, circulated, today=BUILT_ON)
    if sent:
        records.record_letter_sent(vault, rec.id, sent, today=BUILT_ON)
    return rec.id


def _details(**values) -> Callable[[ReviewContent], None]:
    def fill(content: ReviewContent) -> None:
        d, qa = content.details, content.qa
        qa.care_planning_rag = values.pop("cp", None)
        qa.preparation_rag = values.pop("prep", None)
        for name, value in values.items():
            setattr(d, name, value)
        if d.seen_alone is False:
            d.not_seen_alone_reason = "They chose not to."
        if d.seen_alone and d.seen_alone_date is None:
            d.seen_alone_date = d.review_date
    return fill


def _midway(vault, cid: str, on: date) -> None:
    visits.add_visit(vault, visits.Visit(cid, on, "midway", None), today=BUILT_ON)


def parents(*how: str) -> list[ParentParticipation]:
    return [ParentParticipation("Mum", h) for h in how]


def build(vault) -> None:
    repository.set_council_area(vault, COUNCIL)
    records.set_iro_name(vault, IRO)

    # E: a later review held exactly on its limit (26/09/2025 + 6 months = 26/03/2026): in time.
    _child(vault, "E", date(2012, 1, 10), [(date(2024, 6, 3), None)], COUNCIL,
           [Review(date(2024, 6, 28), "first"), Review(date(2024, 9, 27), "second"),
            Review(date(2025, 3, 27), "subsequent"), Review(date(2025, 9, 26), "subsequent")])
    _midway(vault, "E", date(2025, 12, 20))
    # Decisions by 02/04 (5 working days), record by 27/04 (20, Easter in between).
    _record(vault, "E", date(2026, 3, 26), "subsequent",
            _details(participation_code="PN1", child_attended=True, seen_alone=True, parents=parents("attended"),
                     advocate_offered=True, advocate_used=False, health_assessment_up_to_date=True,
                     pep_up_to_date=True, cp="green", prep="green"),
            circulated=date(2026, 3, 30), sent=date(2026, 4, 20))

    # L: the same history, the review one day after its limit: late. No record, no paperwork.
    _child(vault, "L", date(2010, 2, 2), [(date(2024, 6, 3), None)], COUNCIL,
           [Review(date(2024, 6, 28), "first"), Review(date(2024, 9, 27), "second"),
            Review(date(2025, 3, 27), "subsequent"), Review(date(2025, 9, 26), "subsequent"),
            Review(date(2026, 3, 27), "subsequent")])

    # F: looked after from Friday 20/03/2026; the 20th working day after, with Good Friday and
    # Easter Monday inside, is Tuesday 21/04 (it would be 17/04 without them). Held 21/04: in time.
    _child(vault, "F", date(2016, 8, 15), [(date(2026, 3, 20), None)], "Cornwall")
    _record(vault, "F", date(2026, 4, 21), "first",
            _details(participation_code="PN6", child_attended=False, seen_alone=False, rearranged=True,
                     rearranged_reason="The social worker was ill.",
                     cp="amber", prep="red"),
            circulated=date(2026, 4, 29))  # one working day after 28/04: late
    # F2: the same start, the first review on 22/04: one day late. Paperwork in time.
    _child(vault, "F2", date(2014, 3, 3), [(date(2026, 3, 20), None)], "Cornwall",
           [Review(date(2026, 4, 22), "first", record_sent_date=date(2026, 5, 1),
                   decisions_circulated_date=date(2026, 4, 23))])

    # N: a first period of care 2023-2025 with six reviews, then a new one from 02/02/2026: its
    # first review is due by 02/03/2026 (20 working days), not six months after 01/05/2025.
    _child(vault, "N", date(2011, 9, 9), [(date(2023, 1, 9), date(2025, 6, 30)), (date(2026, 2, 2), None)], "Kent",
           [Review(date(2023, 2, 1), "first"), Review(date(2023, 5, 1), "second"),
            Review(date(2023, 11, 1), "subsequent"), Review(date(2024, 5, 1), "subsequent"),
            Review(date(2024, 11, 1), "subsequent"), Review(date(2025, 5, 1), "subsequent")])
    _record(vault, "N", date(2026, 2, 27), "first",
            _details(participation_code="PN5", child_attended=False, seen_alone=True,
                     parents=parents("not_applicable"), advocate_offered=True, advocate_used=True,
                     health_assessment_up_to_date=False))
    # The second review exactly 3 months after the first: in time, a permanence plan in place.
    _record(vault, "N", date(2026, 5, 27), "second",
            _details(participation_code="PN2", child_attended=True, seen_alone=True, parents=parents("views_given"),
                     advocate_offered=False, health_assessment_up_to_date=True, permanence_plan_in_place=True,
                     cp="green", prep="amber"))

    # S: held as a series, meetings on 05/05 and 19/05/2026; the limit is 07/05 (07/11/2025 + 6
    # months). It counts by its first meeting, so it is in time though the second was after it.
    _child(vault, "S", date(2013, 1, 20), [(date(2024, 1, 8), None)], COUNCIL,
           [Review(date(2024, 2, 2), "first"), Review(date(2024, 5, 2), "second"),
            Review(date(2024, 11, 1), "subsequent"), Review(date(2025, 5, 1), "subsequent"),
            Review(date(2025, 11, 7), "subsequent")])
    _midway(vault, "S", date(2026, 2, 10))

    def series(content: ReviewContent) -> None:
        _details(participation_code="PN1", child_attended=True, seen_alone=True, parents=parents("invited_no_part"),
                 advocate_offered=False, advocate_used=False, health_assessment_up_to_date=True,
                 pep_up_to_date=False, cp="red", prep="green")(content)
        content.details.meetings = [Meeting(date(2026, 5, 5), "in_person"), Meeting(date(2026, 5, 19), "virtual")]
        content.details.seen_alone_date = date(2026, 5, 1)

    # Decisions by 12/05 (5 working days from the first meeting): sent that day, in time. The
    # record is due by 03/06 (the spring bank holiday inside) and was never sent.
    _record(vault, "S", date(2026, 5, 5), "subsequent", series, circulated=date(2026, 5, 12), series=True)

    # Y: aged 2 (PN0); the second review on 30/01/2026, limit 31/01. Paperwork exactly on time.
    _child(vault, "Y", date(2023, 6, 1), [(date(2025, 10, 6), None)], COUNCIL, [Review(date(2025, 10, 31), "first")])
    _record(vault, "Y", date(2026, 1, 30), "second",
            _details(participation_code="PN0", seen_alone=True, parents=parents("attended"),
                     permanence_plan_in_place=False, cp="green", prep="green"),
            circulated=date(2026, 2, 2), sent=date(2026, 2, 27))

    # FOUR: four years old on the day of the review (10/03/2026), PN7.
    _child(vault, "FOUR", date(2022, 3, 10), [(date(2025, 9, 1), None)], "Cornwall",
           [Review(date(2025, 9, 26), "first"), Review(date(2025, 12, 19), "second")])
    _midway(vault, "FOUR", date(2026, 1, 20))
    _record(vault, "FOUR", date(2026, 3, 10), "subsequent",
            _details(participation_code="PN7", child_attended=False, seen_alone=False, pep_up_to_date=True,
                     cp="amber", prep="amber"),
            circulated=date(2026, 3, 17), sent=date(2026, 4, 1))  # 17/03 is exactly the 5th working day

    # H: a care leaver whose caseload extract says 6 reviews, the last on 15/07/2025; that review
    # (with its midway on 15/10) and the one of 14/01/2026 come from a spreadsheet tracker: a
    # pathway plan review, in time (limit 15/01). Decisions in time (by 21/01), the record late
    # (due by 11/02, sent 01/03).
    _child(vault, "H", date(2009, 7, 7), [(date(2020, 1, 6), None)], "Cornwall", care_leaver=True,
           seed=(date(2025, 7, 15), 6))
    history = ("child_id,review_date,review_type,participation_code,child_seen_alone,decisions_circulated,"
               "record_distributed,rag_care_planning,rag_preparation,midway_date,parent_participated\r\n"
               "H,2025-07-15,pathway,PN1,Y,,,G,G,2025-10-15,Y\r\n"
               "H,2026-01-14,pathway,PN1,Y,2026-01-16,2026-03-01,G,A,,N\r\n")
    history_import.import_file(vault, history.encode(), today=BUILT_ON)

    # O: overdue at the end of the period (limit 01/05/2026, nothing held since), no review in it.
    _child(vault, "O", date(2012, 12, 12), [(date(2024, 1, 8), None)], "Cornwall",
           [Review(date(2024, 2, 1), "first"), Review(date(2024, 5, 1), "second"),
            Review(date(2024, 11, 1), "subsequent"), Review(date(2025, 5, 1), "subsequent"),
            Review(date(2025, 11, 1), "subsequent")])

    # Z: reviewed (late: limit 20/12/2025) in the period, then no longer allocated from 01/06.
    _child(vault, "Z", date(2011, 11, 11), [(date(2024, 3, 4), None)], COUNCIL,
           [Review(date(2024, 3, 28), "first"), Review(date(2024, 6, 28), "second"),
            Review(date(2024, 12, 20), "subsequent"), Review(date(2025, 6, 20), "subsequent"),
            Review(date(2026, 2, 15), "subsequent")])
    repository.set_allocated(vault, "Z", False, today=date(2026, 6, 1))

    # Escalations: one raised in the period and resolved 10 working days later; one raised before.
    with vault.transaction() as tx:
        early = tracker.raise_tx(tx, "L", theme="care_planning", description="The plan has not moved.",
                                 raised_on=date(2025, 12, 1), today=BUILT_ON)
        inside = tracker.raise_tx(tx, "E", theme="drift_and_delay", description="The assessment is late.",
                                  partner_agency="health", raised_on=date(2026, 2, 2), today=BUILT_ON)
    assert early and inside
    tracker.resolve(vault, inside, "resolved", on=date(2026, 2, 16), today=BUILT_ON)
    good_practice.record_good_practice(vault, about="carer", what="Brought the child's photos.",
                                       noted_on=date(2026, 2, 1), today=BUILT_ON)
    good_practice.record_good_practice(vault, about="team", what="Outside the period.",
                                       noted_on=date(2025, 12, 1), today=BUILT_ON)


def _rate(count: int, total: int) -> dict:
    return {"count": count, "total": total, "percent": None if not total else round(100 * count / total, 1)}


def _share(count: int, of: int = 11) -> dict:
    return {"count": count, "percent": round(100 * count / of, 1)}


# 11 reviews held: E, L, F, F2, N (two), S, Y, FOUR, H, Z.
EXPECTED = {
    "period": {"from": "2026-01-01", "to": "2026-06-30"},
    "reviews_held": 11,
    "pathway_reviews_held": 1,  # H
    "in_timescale": _rate(8, 11),  # late: L, F2, Z
    "first_reviews_in_timescale": _rate(2, 3),  # F and N's in time, F2's late
    "participation": {"PN0": _share(1), "PN1": _share(3), "PN2": _share(1), "PN3": _share(0), "PN4": _share(0),
                      "PN5": _share(1), "PN6": _share(1), "PN7": _share(1)},
    "participation_no_code": 3,  # L, F2, Z: no record
    "participated_4plus": _rate(6, 7),  # Y (PN0, aged 2) is not counted; FOUR's PN7 is in the total
    "attended_4plus": _rate(3, 6),  # E, N's second, S of E, F, N, N, S, FOUR (H's file said nothing)
    "up_to_date_at_end": _rate(9, 10),  # O overdue; Z no longer allocated
    "decisions_in_time": _rate(6, 11),  # E, F2, S, Y, FOUR, H
    "records_in_time": _rate(4, 11),  # E, F2, Y, FOUR
    "midway_completed": _rate(4, 8),  # E, S, FOUR, H of the 8 reviews with an interval before them
    "rag": {"care_planning": {"G": _share(4), "A": _share(2), "R": _share(1), "not_rated": 4},
            "preparation": {"G": _share(3), "A": _share(3), "R": _share(1), "not_rated": 4}},
    "health_assessment_up_to_date": _rate(3, 4),  # E, N's second, S; not N's first
    "pep_up_to_date": _rate(2, 3),  # E, FOUR; not S
    "permanence_plan_by_second_review": _rate(1, 2),  # N yes, Y no
    "parent_participated": _rate(3, 5),  # E, N's second, Y; not S, not H; F none, N's first n/a
    "advocate_offered": _rate(2, 4),  # E, N's first; not N's second, not S
    "advocate_involved": _rate(1, 3),  # N's first; not E, not S
    "rearranged": _rate(1, 7),  # F, of the 7 written records
    "seen_alone": _rate(6, 8),  # not F, not FOUR
    "escalations": {"raised": 1, "by_stage_reached": {"informal": 1}, "by_theme": {"drift_and_delay": 1},
                    "by_partner_agency": {"health": 1}, "by_outcome": {"resolved": 1}, "referred_to_cafcass": 0,
                    "resolved": 1, "resolved_within_20_working_days": _rate(1, 1)},
    "good_practice": {"count": 1, "by_about": {"carer": 1}},
    "caseload": {"children": 10, "placed_out_of_area": _rate(6, 10),  # F, F2, N, FOUR, H, O
                 "areas": {"Cornwall": 5, "Kent": 1},
                 # No district, no base: no distance for anyone (tests/test_kpis.py has distances).
                 "by_distance": {"under_20": 0, "20_to_49": 0, "50_plus": 0, "not_known": 10}},
    # No meeting was booked in the app for these reviews: none consulted through it (tests of
    # these figures on meetings of their own: test_preparation_figures).
    "consultation": {
        "child_consulted_before": _rate(0, 11),
        "child_consulted_by_how": {"paper": 0, "email": 0, "phone": 0, "online": 0, "in_person": 0},
        "returns_by_role": {role: _rate(0, 0) for role in ("child", "parent", "carer", "social_worker", "school",
                                                           "health", "advocate", "independent_visitor",
                                                           "partner_agency", "other")},
        "partner_agency_returns": _rate(0, 0), "rearranged": _rate(0, 0), "meetings_moved": 0,
        "child_chose_to_chair": _rate(0, 0), "child_set_agenda": _rate(0, 0), "child_chair_or_agenda": _rate(0, 0),
    },
}
