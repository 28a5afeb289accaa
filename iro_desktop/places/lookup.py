"""Looking a postcode district up, with a typed reason whenever there is no distance to give.

A reason's message names no district and no child: it may be logged or shown beside a list, and
the screen shows the district itself next to it where the IRO may see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from iro_desktop.caseload.validation import normalise_postcode_district, postcode_district_problem
from iro_desktop.places import table as places
from iro_desktop.places.distance import km_between, miles_between
from iro_desktop.places.table import District


class Unlocated(Enum):
    NOT_RECORDED = "not_recorded"
    UNKNOWN = "unknown"
    NO_LOCATION = "no_location"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"
    OUTSIDE_UK = "outside_uk"  # the Channel Islands and the Isle of Man

    @property
    def message(self) -> str:
        return _MESSAGES[self]

    @property
    def outside_england_and_wales(self) -> bool:
        """The place is known, and it is certainly not an English council's area."""
        return self in (Unlocated.SCOTLAND, Unlocated.NORTHERN_IRELAND, Unlocated.OUTSIDE_UK)


_NO_DISTANCE = "no distance is given for it"
_MESSAGES = {
    Unlocated.NOT_RECORDED: "No postcode district is recorded for this placement, so no distance is given. "
                            "Add the first part of the placement's postcode (like TR1) to the child's record.",
    Unlocated.UNKNOWN: "This postcode district is not in the ONS postcode directory used here: it may be "
                       f"mistyped, new since that release or retired, and {_NO_DISTANCE}. Check the first part "
                       "of the placement's postcode.",
    Unlocated.NO_LOCATION: "This postcode district has no location in the ONS postcode directory (its postcodes "
                           f"are PO boxes or large users, not places), so {_NO_DISTANCE}.",
    Unlocated.SCOTLAND: "This placement is in Scotland. Distances here are measured for England and Wales, as "
                        f"the 903 return measures them, so {_NO_DISTANCE}.",
    Unlocated.NORTHERN_IRELAND: "This placement is in Northern Ireland, whose grid references are on a different "
                                f"grid, so {_NO_DISTANCE}.",
    Unlocated.OUTSIDE_UK: "This placement is in the Channel Islands or the Isle of Man, outside the UK's councils, "
                          f"so {_NO_DISTANCE}.",
}

_BY_COUNTRY = {places.SCOTLAND: Unlocated.SCOTLAND, places.NORTHERN_IRELAND: Unlocated.NORTHERN_IRELAND,
               places.CHANNEL_ISLANDS: Unlocated.OUTSIDE_UK, places.ISLE_OF_MAN: Unlocated.OUTSIDE_UK}


@dataclass(frozen=True)
class Located:
    district: District


@dataclass(frozen=True)
class NotLocated:
    reason: Unlocated
    district: District | None = None  # the table's row, when the district is known but has no distance

    @property
    def message(self) -> str:
        return self.reason.message


Lookup = Located | NotLocated


def locate(text: str | None) -> Lookup:
    """Where the district ``text`` (as the caseload stores it, or as typed) is, or why that is not known."""
    key = normalise_postcode_district(text)
    if key is None:
        return NotLocated(Unlocated.NOT_RECORDED)
    if postcode_district_problem(key):
        return NotLocated(Unlocated.UNKNOWN)
    row = places.places_table().get(key.replace(" ", ""))
    if row is None:
        return NotLocated(Unlocated.UNKNOWN)
    if row.country in _BY_COUNTRY:
        return NotLocated(_BY_COUNTRY[row.country], row)
    if not row.located:
        return NotLocated(Unlocated.NO_LOCATION, row)
    return Located(row)


@dataclass(frozen=True)
class Distance:
    miles: float
    km: float


def distance(a: str | None, b: str | None) -> Distance | NotLocated:
    """Straight-line distance between two districts' centres, or the first one's reason for none."""
    found = [locate(a), locate(b)]
    for f in found:
        if isinstance(f, NotLocated):
            return f
    da, db = (f.district for f in found)
    return Distance(miles_between(da, db), km_between(da, db))
