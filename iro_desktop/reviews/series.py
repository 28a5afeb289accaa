"""A review held as a series of meetings counts from its first meeting: the one place that says
which day that is, for the form, the checks and the returns."""

from __future__ import annotations

import dataclasses
from datetime import date

from iro_desktop.reviews.model import ReviewDetails


def first_meeting(details: ReviewDetails) -> date | None:
    """The earliest dated meeting of a series, or None (not a series, or no meeting dated yet)."""
    if not details.held_as_series:
        return None
    dated = [m.meeting_date for m in details.meetings if isinstance(m.meeting_date, date)]
    return min(dated) if dated else None


def counted_date(details: ReviewDetails) -> date:
    """The date the review counts from: its first meeting for a series, else the review date."""
    return first_meeting(details) or details.review_date


def follow_first_meeting(details: ReviewDetails) -> ReviewDetails:
    """``details`` with the review date moved to the first meeting of a series (unchanged
    otherwise), so the review row, the timescales and the returns all count from that day."""
    first = first_meeting(details)
    if first is None or first == details.review_date:
        return details
    return dataclasses.replace(details, review_date=first)
