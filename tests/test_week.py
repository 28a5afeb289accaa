"""My week: the due items flattened, ordered, counted and worded; and the trip sheet built from them."""

from datetime import date

from iro_desktop.caseload import due, repository, week
from iro_desktop.caseload.model import Child, PeriodOfCare, Placement, Review
from iro_desktop.caseload.visits import Visit, add_visit
from iro_desktop.timescales import DUE_SOON, ON_TRACK, OVERDUE, ChildDue, DueItem
from iro_desktop.trips import sheet, store
from iro_desktop.trips.planning import Placed

D = date
TODAY = D(2026, 11, 23)  # a Monday


def _due(cid, kind, *items):
    review = next((i for i in items if i.kind == "review"), None)
    return ChildDue(cid, kind, review.due if review else None, None, None, items[0].status, 0, tuple(items))


def test_overdue_first_then_due_soon_earliest_first_and_on_track_left_out():
    dues = [
        _due("B", "second", DueItem("review", D(2026, 12, 1), DUE_SOON, 6)),
        _due("A", "subsequent", DueItem("review", D(2027, 3, 1), ON_TRACK, 68),
             DueItem("record", D(2026, 11, 20), OVERDUE, -1, D(2026, 10, 23)),
             DueItem("decisions", D(2026, 11, 25), DUE_SOON, 2, D(2026, 10, 23))),
        _due("C", "first", DueItem("review", D(2026, 11, 2), OVERDUE, -15),
             DueItem("visit", D(2026, 11, 2), OVERDUE, -15)),
    ]
    names = {"A": "Ann Able", "B": "Bob Brown", "C": "Cat Cole"}
    items = week.week_items(dues, names)
    assert [(i.child_id, i.kind, i.status) for i in items] == [
        ("C", "review", OVERDUE), ("C", "visit", OVERDUE), ("A", "record", OVERDUE),
        ("A", "decisions", DUE_SOON), ("B", "review", DUE_SOON)]
    assert [i.words for i in items] == [
        "Review due (1st)", "Speak with the child before the review (regulation 36)", "Record to send",
        "Decisions to circulate", "Review due (2nd)"]
    assert [i.when_words for i in items] == [
        "15 working days overdue", "15 working days overdue", "1 working day overdue",
        "2 working days left", "6 working days left"]
    assert items[2].review_date == D(2026, 10, 23)
    assert week.counts(items) == {"overdue": 3, "due_soon": 2, "review": 2, "midway": 0, "record": 1,
                                  "decisions": 1, "visit": 1}
    # The calendar looks further ahead: on-track items are in it too.
    assert len(week.open_items(dues, names)) == 6
    assert week.worst_status(week.by_date(items)[D(2026, 11, 2)]) == OVERDUE


def test_words_for_each_kind_and_the_days():
    assert week.item_words("review", "pathway") == "Review due (pathway plan)"
    assert week.item_words("review", "subsequent") == "Review due (later)"
    assert week.item_words("midway", "second") == "Midway review"
    assert week.when_words(DUE_SOON, 0) == "Due today"
    assert week.when_words(DUE_SOON, 1) == "1 working day left"
    assert week.when_words(OVERDUE, 0) == "Overdue"  # the limit was last Saturday
    assert week.when_words("done", 3) == "Done"


def _child(cid, first, last, start, reviews=(), area="Cornwall"):
    return Child(cid, first, last, D(2012, 5, 17), periods=[PeriodOfCare(start, "C2")],
                 placements=[Placement(start, "U4", "A Carer", area, out_of_area=True)],
                 reviews=list(reviews))


def test_counts_agree_with_the_timescales_for_a_vault(vault):
    repository.add_child(vault, _child("C1", "Ada", "Overdue", D(2026, 9, 1)), today=TODAY)  # 1st review late
    repository.add_child(vault, _child("C2", "Ben", "Held", D(2026, 1, 5),
                                       [Review(D(2026, 2, 2), "first"), Review(D(2026, 11, 16), "second")]),
                         today=TODAY)
    repository.add_child(vault, _child("C3", "Cal", "Far", D(2026, 1, 5),
                                       [Review(D(2026, 2, 2), "first"), Review(D(2026, 5, 1), "second")]),
                         today=TODAY)
    add_visit(vault, Visit("C1", D(2026, 11, 20), "pre_review", True), today=TODAY)
    dues = due.caseload_due(vault, TODAY)
    names = {c: p.name for c, p in store.placed_children(vault).items()}
    items = week.week_items(dues, names)
    got = {(i.child_id, i.kind) for i in items}
    # C1: first review overdue, but the private conversation is recorded. C2: decisions from last
    # Monday's review due today (5 working days); its record has 20, so it is not due soon yet.
    # C3: 1 May + 6 months = 1 November: overdue.
    assert ("C1", "review") in got and ("C1", "visit") not in got
    assert ("C2", "decisions") in got and ("C2", "record") not in got
    assert ("C3", "review") in got
    flat = [(d.child_id, i.kind) for d in dues for i in d.items if i.status in (OVERDUE, DUE_SOON)]
    assert sorted(got) == sorted(flat)
    c = week.counts(items)
    assert c["overdue"] + c["due_soon"] == len(items)
    assert sum(c[k] for k in ("review", "midway", "record", "decisions", "visit")) == len(items)
    assert items[0].status == OVERDUE and items[-1].status == DUE_SOON


def test_trip_sheet_rows_say_what_to_do_for_each_child_most_urgent_first():
    trip = store.Trip(7, "Cornwall", D(2026, 12, 1), D(2026, 12, 2), ("C2", "C1", "C9"))
    placed = {"C1": Placed("C1", "AO", "Ada Overdue", "Cornwall", True),
              "C2": Placed("C2", "BH", "Ben Held", "Cornwall", True)}
    dues = [
        _due("C1", "first", DueItem("review", D(2026, 11, 2), OVERDUE, -15),
             DueItem("visit", D(2026, 11, 2), OVERDUE, -15)),
        _due("C2", "subsequent", DueItem("review", D(2026, 12, 10), DUE_SOON, 13),
             DueItem("midway", D(2026, 9, 1), "done", -50),
             DueItem("record", D(2026, 12, 4), DUE_SOON, 9, D(2026, 11, 6))),
    ]
    rows = sheet.trip_sheet(trip, dues, placed)
    assert [r.child_id for r in rows] == ["C1", "C2", "C9"]
    ada, ben, gone = rows
    assert (ada.name, ada.area, ada.review_due, ada.review_words) == ("Ada Overdue", "Cornwall", D(2026, 11, 2),
                                                                      "1st review")
    assert ada.to_do == ("Speak with the child in private before the review (regulation 36): by 02/11/2026 (overdue)",
                         "Hold the 1st review: by 02/11/2026 (overdue)")
    assert ben.review_words == "Later review"
    assert ben.to_do == ("Send the record of the review (review held 06/11/2026): by 04/12/2026",
                         "Hold the later review: by 10/12/2026")  # the done midway is left out
    assert (gone.name, gone.area, gone.to_do) == ("C9", "Not on your caseload now", (sheet.NOTHING_OPEN,))
    assert sheet.sheet_title(trip) == "Trip to Cornwall, Tuesday 01 December 2026 to Wednesday 02 December 2026"


def test_the_calendar_greys_out_englands_bank_holidays_from_last_year_to_the_year_after_next():
    days = week.bank_holidays_around(date(2026, 12, 1))
    assert days[0] == date(2025, 1, 1) and days[-1] == date(2028, 12, 26)
    assert date(2026, 12, 28) in days  # Boxing Day 2026 falls on a Saturday: the substitute Monday
    assert date(2026, 12, 26) not in days and all(d.weekday() < 5 for d in days)
