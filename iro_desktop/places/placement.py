"""Where each child is placed, as the caseload list, the reports and trips show it: the local
authority of the placement's postcode district, the straight-line distance from the council's
base, and whether that is out of the council's area.

"Out of area" here is decided by authority, never by the extract's typed area name (which stays
the IRO's words on the record): the placement district's local authority (the one most of its
postcodes lie in) against the council's own upper-tier authority (a setting). It is "unknown"
when either side is not known: no council authority chosen yet, or a district that cannot be
placed (in the shipped table a district with no location names no authority either). A district in Scotland, Northern Ireland, the Channel Islands or the Isle of Man is out
of area (no English council's) even though no distance is given. A district that the council's
boundary runs through is decided by where most of its postcodes are, and says ``on_border`` so
a screen can ask the IRO to check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import ChildSummary
from iro_desktop.caseload.council_areas import everyday_name
from iro_desktop.places import settings
from iro_desktop.places import table as places
from iro_desktop.places.distance import km_between, miles_between
from iro_desktop.places.lookup import Located, NotLocated, Unlocated, locate
from iro_desktop.places.table import District
from iro_desktop.vault import Vault

YES, NO, UNKNOWN = "yes", "no", "unknown"
NO_BASE = ("No base district is set and no council authority is chosen, so no distance is given. "
           "Choose your council (or a base district) in the settings.")


@dataclass(frozen=True)
class WherePlaced:
    district: str | None  # as the caseload holds it
    local_authority: str | None  # "Cornwall", "Scotland" for a Scottish council; None when not known
    upper_authority: str | None  # the council responsible for children's services there
    out_of_area: str  # YES, NO or UNKNOWN
    on_border: bool  # the council's boundary runs through the district
    miles_from_base: float | None
    km_from_base: float | None
    reason: Unlocated | None  # why the district has no distance, if it has none
    located: District | None  # the table row, when the district has a distance

    @property
    def message(self) -> str | None:
        """Why there is no distance, in words that name no place or child."""
        if self.reason is not None:
            return self.reason.message
        if self.miles_from_base is None:
            return NO_BASE
        return None


def _authority_name(d: District | None) -> tuple[str | None, str | None]:
    if d is None or d.authority is None:
        return None, None
    a = d.authority
    if a.name:
        return everyday_name(a.name), everyday_name(a.upper_name or a.name)
    return a.country, None  # a Scottish or Northern Irish council: the list used has no names for them


def where_placed(district: str | None, council_code: str | None, base: District | None) -> WherePlaced:
    """One placement district seen from a council (its upper-tier code) and a base district."""
    found = locate(district)
    row = found.district
    la, upper = _authority_name(row)
    if isinstance(found, NotLocated):
        away = YES if (council_code and found.reason.outside_england_and_wales) else UNKNOWN
        return WherePlaced(district, la, upper, away, False, None, None, found.reason, None)
    assert isinstance(found, Located)
    if council_code:
        away = NO if row.authority and row.authority.upper_code == council_code else YES
        reaches = places.places_table().upper_authorities(row)
        on_border = council_code in reaches and len(reaches) > 1
    else:
        away, on_border = UNKNOWN, False
    miles = km = None
    if base is not None:
        miles, km = miles_between(base, row), km_between(base, row)
    return WherePlaced(district, la, upper, away, on_border, miles, km, None, row)


def is_out_of_area(where: WherePlaced | None, recorded: bool) -> bool:
    """Out of the council's area by authority when that can be decided; otherwise as the
    caseload recorded it (``repository.out_of_area``: the extract's flag, or its typed area)."""
    if where is not None and where.out_of_area != UNKNOWN:
        return where.out_of_area == YES
    return recorded


def placed_in(where: WherePlaced | None, typed_area: str | None) -> str:
    """Where a child is placed, in a few words: the district's local authority, or the area as
    the caseload typed it when the district cannot be placed."""
    if where is not None and where.local_authority:
        return where.local_authority
    return " ".join((typed_area or "").split())


# How far children are placed from the base, as the annual report counts it. 20 miles is the
# DfE's own line (children placed more than 20 miles from home, in its looked-after statistics).
DISTANCE_BANDS = (("under_20", "Under 20 miles", 20.0), ("20_to_49", "20 to 49 miles", 50.0),
                  ("50_plus", "50 miles or more", None))
NOT_KNOWN = "not_known"
BAND_WORDS = {key: words for key, words, _ in DISTANCE_BANDS} | {NOT_KNOWN: "Distance not known"}


def distance_band(miles: float | None) -> str:
    """The ``DISTANCE_BANDS`` key a distance falls in (``NOT_KNOWN`` for none)."""
    if miles is None:
        return NOT_KNOWN
    return next(key for key, _words, below in DISTANCE_BANDS if below is None or miles < below)


def miles_words(miles: float | None) -> str:
    """A straight-line distance as screens and sheets show it: "182 miles", "under a mile"."""
    if miles is None:
        return ""
    if miles < 1:
        return "under a mile"
    return f"{miles:.0f} mile" if round(miles) == 1 else f"{miles:.0f} miles"


def where_words(where: WherePlaced | None, typed_area: str | None, recorded_out_of_area: bool) -> str:
    """Where a child is placed, in a sentence for a tooltip or a screen reader: the district,
    its authority, the distance from the base (or why there is none) and whether that is out of
    the council's area. Names no child."""
    parts = []
    if where is not None and where.district:
        parts.append(f"Placement district {where.district}" + (f", {where.local_authority}"
                                                              if where.local_authority else ""))
    elif typed_area:
        parts.append(placed_in(None, typed_area))
    if where is not None and where.miles_from_base is not None:
        parts.append(f"{miles_words(where.miles_from_base)} ({where.km_from_base:.0f} km) in a straight line "
                     "from your base")
    elif where is not None and where.district and where.message:
        parts.append(where.message)
    if is_out_of_area(where, recorded_out_of_area):
        parts.append("out of your council's area")
    if where is not None and where.on_border:
        parts.append("your council's boundary runs through this district: check it")
    return ". ".join(p[0].upper() + p[1:] for p in parts) + "." if parts else ""


def caseload_list(vault: Vault, include_not_allocated: bool = False, child_ids: Iterable[str] | None = None,
                  ) -> tuple[list[ChildSummary], dict[str, WherePlaced]]:
    """The caseload list's rows (``repository.list_children``) and where each child is placed."""
    rows = repository.list_children(vault, include_not_allocated, child_ids=child_ids)
    council = settings.council_authority_code(vault)
    base = settings.base_district(vault)
    return rows, {r.child_id: where_placed(r.placement_district, council, base) for r in rows}


def current_districts(vault: Vault, include_not_allocated: bool = False) -> dict[str, str | None]:
    """Each child's current placement's postcode district (None when none is recorded)."""
    out = {}
    for cid, child in sorted(repository.load_children(vault).items()):
        if child.allocated or include_not_allocated:
            pl = child.current_placement
            out[cid] = pl.postcode_district if pl else None
    return out


def caseload_places(vault: Vault, include_not_allocated: bool = False) -> dict[str, WherePlaced]:
    """Every child's current placement, placed: what the caseload list and the reports show."""
    council = settings.council_authority_code(vault)
    base = settings.base_district(vault)
    return {cid: where_placed(district, council, base)
            for cid, district in current_districts(vault, include_not_allocated).items()}
