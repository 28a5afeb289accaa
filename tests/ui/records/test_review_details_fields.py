"""The review details page's fields for the annual report: whether the child attended, the
plans checked, a rearranged meeting and why, and a series that counts from its first meeting."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QLineEdit, QRadioButton

from iro_desktop.reviews.model import Meeting, ReviewDetails
from ui.records.review_details_page import DetailsPage

DOB = date(2013, 4, 2)


def _page(qtbot, details: ReviewDetails) -> DetailsPage:
    page = DetailsPage(DOB)
    qtbot.addWidget(page)
    page.load(details)
    page.resize(1280, 720)
    page.show()
    return page


def test_new_fields_load_and_collect_as_they_were(qtbot):
    d = ReviewDetails(review_date=date(2025, 6, 2), review_type="subsequent", child_attended=False,
                      health_assessment_up_to_date=True, pep_up_to_date=None, permanence_plan_in_place=False,
                      rearranged=True, rearranged_reason="The social worker was ill")
    page = _page(qtbot, d)
    assert page.collect() == d  # an untouched page gives back exactly what it was given
    page.child_attended.set_value(True)
    page.pep.set_value(True)
    collected = page.collect()
    assert collected.child_attended is True and collected.pep_up_to_date is True
    assert collected.rearranged_reason == "The social worker was ill"


def test_the_reason_shows_only_for_a_rearranged_meeting_and_is_cleared_with_it(qtbot):
    page = _page(qtbot, ReviewDetails(review_date=date(2025, 6, 2), review_type="subsequent"))
    assert not page.rearranged_reason.isVisible()
    with qtbot.waitSignal(page.changed):
        page.rearranged.setChecked(True)
    assert page.rearranged_reason.isVisible()
    page.rearranged_reason.setText("The child was unwell")
    assert page.collect().rearranged_reason == "The child was unwell"
    page.rearranged.setChecked(False)
    assert not page.rearranged_reason.isVisible()
    assert (page.collect().rearranged, page.collect().rearranged_reason) == (False, "")


def test_a_series_review_date_follows_its_first_meeting(qtbot):
    page = _page(qtbot, ReviewDetails(review_date=date(2025, 6, 9), review_type="subsequent"))
    page.held_as_series.setChecked(True)
    assert page.series_hint.isVisible()
    page.meetings.add_row([date(2025, 6, 9), "in_person", ""])
    page.meetings.add_row([date(2025, 6, 2), "virtual", ""])
    assert page.review_date.value() == date(2025, 6, 2)
    assert page.collect().review_date == date(2025, 6, 2)
    # Not a series: the meetings no longer set the date.
    page.held_as_series.setChecked(False)
    page.review_date.set_value(date(2025, 6, 5))
    assert page.collect().review_date == date(2025, 6, 5)


def test_loading_an_old_series_does_not_move_its_date(qtbot):
    """A record saved before the rule keeps its date until the IRO changes the meetings (the
    checks point at it), so opening a record never makes a draft by itself."""
    d = ReviewDetails(review_date=date(2025, 6, 9), review_type="subsequent", held_as_series=True,
                      meetings=[Meeting(date(2025, 6, 2)), Meeting(date(2025, 6, 9))])
    page = _page(qtbot, d)
    assert page.collect() == d


def test_every_new_control_has_an_accessible_name(qtbot):
    page = _page(qtbot, ReviewDetails(review_date=date(2025, 6, 2), review_type="subsequent", rearranged=True))
    controls = [page.rearranged, page.rearranged_reason]
    for yes_no in (page.child_attended, page.health_assessment, page.pep, page.permanence_plan):
        controls += yes_no.findChildren(QRadioButton)
    assert all(c.accessibleName() for c in controls)
    names = {c.accessibleName() for c in page.findChildren(QRadioButton)}
    assert "Personal education plan up to date: Yes" in names
    assert all(isinstance(c, (QCheckBox, QLineEdit, QRadioButton)) for c in controls)


def test_read_only_disables_the_new_fields(qtbot):
    page = _page(qtbot, ReviewDetails(review_date=date(2025, 6, 2), review_type="subsequent"))
    page.set_read_only(True)
    assert not any(w.isEnabled() for w in (page.child_attended, page.health_assessment, page.pep,
                                           page.permanence_plan, page.rearranged, page.rearranged_reason))
