"""The postcode-district table (``resources/places/``), read once on first use.

The table is small (about 3,100 districts, 140 KB) and read with the standard library, so no
screen pays for it until something asks where a district is. The first caller reads it under a
lock; everyone after gets the same object (the benchmark's ``places_table_load_ms`` times that
first read).
"""

from __future__ import annotations

import csv
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from iro_desktop.resources import resource_path

ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND = "England", "Wales", "Scotland", "Northern Ireland"
CHANNEL_ISLANDS, ISLE_OF_MAN = "Channel Islands", "Isle of Man"


@dataclass(frozen=True)
class Authority:
    code: str  # ONS local authority district code, e.g. "E06000052"
    name: str  # "Cornwall"; empty for Scottish and Northern Irish councils (not in the list used)
    upper_code: str  # the upper-tier authority: the council responsible for children's services
    upper_name: str
    country: str


@dataclass(frozen=True)
class District:
    district: str  # "TR1"
    easting: int | None  # metres on the British National Grid; None: no postcode has a location
    northing: int | None
    postcodes: int  # how many postcodes the centre is the mean of
    authority: Authority | None  # where most of its postcodes are
    share: int  # per cent of its postcodes in that authority
    others: tuple[tuple[str, int], ...]  # the other authorities it reaches into: (code, per cent)

    @property
    def located(self) -> bool:
        return self.easting is not None and self.northing is not None

    @property
    def country(self) -> str | None:
        return self.authority.country if self.authority else None


@dataclass(frozen=True)
class Source:
    ons_release: str
    package_version: str
    licence: str


class PlacesTable:
    def __init__(self, districts: dict[str, District], authorities: dict[str, Authority], source: Source):
        self.districts = districts
        self.authorities = authorities
        self.source = source

    def get(self, district: str) -> District | None:
        return self.districts.get(district)

    def upper_authorities(self, d: District) -> set[str]:
        """Every upper-tier authority the district's postcodes lie in (a border district has two)."""
        codes = {d.authority.upper_code} if d.authority else set()
        for code, _share in d.others:
            a = self.authorities.get(code)
            if a and a.upper_code:
                codes.add(a.upper_code)
        return codes

    def upper_tier(self) -> dict[str, str]:
        """Upper-tier code -> name, for England and Wales (the councils a placement can be with)."""
        return {a.upper_code: a.upper_name for a in self.authorities.values() if a.upper_code}


def read_table(folder: Path) -> PlacesTable:
    with open(folder / "authorities.csv", newline="", encoding="utf-8") as f:
        authorities = {r["la_code"]: Authority(r["la_code"], r["la_name"], r["upper_code"], r["upper_name"],
                                               r["country"]) for r in csv.DictReader(f)}
    districts = {}
    with open(folder / "districts.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            others = tuple((code, int(share)) for code, _, share in
                           (item.partition(":") for item in r["other_la"].split(";") if item))
            districts[r["district"]] = District(
                r["district"], int(r["easting"]) if r["easting"] else None,
                int(r["northing"]) if r["northing"] else None, int(r["postcodes"]),
                authorities.get(r["la_code"]) if r["la_code"] else None,
                int(r["la_share"]) if r["la_share"] else 0, others)
    meta = json.loads((folder / "source.json").read_text(encoding="utf-8"))
    return PlacesTable(districts, authorities, Source(meta["ons_release"], meta["package_version"], meta["licence"]))


_lock = threading.Lock()
_table: PlacesTable | None = None


def places_table() -> PlacesTable:
    """The table, read on the first call (thread-safe: two screens asking at once read it once)."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = read_table(resource_path("places"))
    return _table


def _forget_for_benchmark() -> None:
    """Drop the loaded table so that the next call reads it again (the benchmark's first use)."""
    global _table
    with _lock:
        _table = None
