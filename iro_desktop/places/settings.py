"""The two place settings: the council's own authority and the base district trips start from.

Both live in the vault's settings table (written through ``Tx.set_setting``, which audits
``setting.update``). The council's authority is an upper-tier ONS code (the council responsible
for children's services, "E06000052" for Cornwall), chosen from the table's list at set-up; it
sits beside the caseload's typed council area name (``repository.COUNCIL_AREA``), which stays
the IRO's words. The base district defaults to the council's own area: the district of the
council's that lies nearest the middle of all its postcodes.
"""

from __future__ import annotations

from iro_desktop.caseload.council_areas import everyday_name
from iro_desktop.errors import ValidationError
from iro_desktop.places import table as places
from iro_desktop.places.lookup import Located, locate
from iro_desktop.places.table import Authority, District
from iro_desktop.vault import Tx, Vault

COUNCIL_AUTHORITY = "places.council_authority"
BASE_DISTRICT = "places.base_district"


def council_authorities() -> list[Authority]:
    """The English councils responsible for children's services, by name: the set-up list.
    Only authorities some postcode lies in today (so Cumbria is Cumberland and Westmorland and
    Furness)."""
    seen: dict[str, Authority] = {}
    for a in places.places_table().authorities.values():
        if a.country == places.ENGLAND and a.upper_code:
            name = everyday_name(a.upper_name)
            seen.setdefault(a.upper_code, Authority(a.upper_code, name, a.upper_code, name, a.country))
    return sorted(seen.values(), key=lambda a: (a.name.casefold(), a.code))


def council_authority_code(vault: Vault) -> str | None:
    return vault.setting(COUNCIL_AUTHORITY)


def set_council_authority(vault: Vault, code: str) -> None:
    code = (code or "").strip().upper()
    if code not in {a.code for a in council_authorities()}:
        raise ValidationError([("council_authority", "This is not the code of an English council with children's "
                                "services in the ONS list; choose your council from the list.")])
    with vault.transaction() as tx:
        tx.set_setting(COUNCIL_AUTHORITY, code)


def check_base(text: str | None) -> District:
    """The district a base may be (one with a distance); a ValidationError saying why not."""
    found = locate(text)
    if not isinstance(found, Located):
        raise ValidationError([("base_district", found.message)])
    return found.district


def set_base_district(vault: Vault, text: str) -> None:
    district = check_base(text)
    with vault.transaction() as tx:
        set_base_district_tx(tx, district)


def set_base_district_tx(tx: Tx, district: District) -> None:
    tx.set_setting(BASE_DISTRICT, district.district)


def default_base(council_code: str | None) -> District | None:
    """The council's own district nearest the postcode-weighted middle of its area."""
    if not council_code:
        return None
    own = [d for d in places.places_table().districts.values()
           if d.located and d.authority and d.authority.upper_code == council_code]
    if not own:
        return None
    total = sum(d.postcodes for d in own)
    e = sum(d.easting * d.postcodes for d in own) / total
    n = sum(d.northing * d.postcodes for d in own) / total
    return min(own, key=lambda d: ((d.easting - e) ** 2 + (d.northing - n) ** 2, d.district))


def base_from(chosen: str | None, council_code: str | None) -> District | None:
    """The base a setting gives: the chosen district, else the council's own area's, else None
    (nothing set up yet)."""
    if chosen:
        found = locate(chosen)
        if isinstance(found, Located):
            return found.district
    return default_base(council_code)


def base_district(vault: Vault) -> District | None:
    """``base_from`` the vault's settings."""
    return base_from(vault.setting(BASE_DISTRICT), council_authority_code(vault))
