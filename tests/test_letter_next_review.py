"""The letter's "next review" sentence agrees with the due dates My week shows."""

from datetime import date

from iro_desktop.caseload import due, repository
from iro_desktop.caseload.model import Child, PeriodOfCare, Review
from iro_desktop.documents.letter import NEXT_REVIEW
from iro_desktop.reviews import records
from iro_desktop.reviews.recommendations import long_date
from iro_desktop.timescales import TimescaleSettings

TODAY = date(2026, 11, 23)


def _next_review_text(vault, child_id, held, kind):
    rec = records.start_review(vault, child_id, held, kind, today=TODAY)
    return rec.content.letter.section(NEXT_REVIEW).body


def test_after_a_first_review_the_letter_gives_the_second_review_limit(vault):
    repository.add_child(vault, Child("C1", "Ada", "Test", date(2012, 5, 17),
                                      periods=[PeriodOfCare(date(2026, 9, 1), "C2")]), today=TODAY)
    text = _next_review_text(vault, "C1", date(2026, 9, 28), "first")
    [d] = due.caseload_due(vault, TODAY)
    assert d.next_review_due == date(2026, 12, 28)
    assert long_date(d.next_review_due) in text


def test_the_under_fives_setting_reaches_the_letter(vault):
    due.save_timescale_settings(vault, TimescaleSettings(under5_review_interval_months=3))
    repository.add_child(vault, Child("C2", "Bo", "Test", date(2024, 1, 10),
                                      periods=[PeriodOfCare(date(2025, 1, 6), "C2")],
                                      reviews=[Review(date(2025, 2, 1), "first"), Review(date(2025, 5, 1), "second")]),
                         today=TODAY)
    text = _next_review_text(vault, "C2", date(2025, 11, 3), "subsequent")
    assert long_date(date(2026, 2, 3)) in text
