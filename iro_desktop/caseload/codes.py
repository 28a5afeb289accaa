"""Code lists: SSDA903 legal statuses and placement types, genders, key people, review types.

Each list maps the stored code to the plain-English description the IRO sees. Descriptions of
903 codes follow the DfE's children looked after return guidance, shortened where the official
wording runs to a paragraph. The dicts keep the DfE's order, so a drop-down can list them as-is.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

LEGAL_STATUSES: Mapping[str, str] = MappingProxyType({
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order granted",
    "E1": "Placement order granted",
    "V2": "Single period of accommodation under section 20 (Children Act 1989)",
    "V3": "Accommodated under an agreed series of short breaks (each episode recorded)",
    "V4": "Accommodated under an agreed series of short breaks (agreements recorded)",
    "L1": "Under police protection and in local authority accommodation",
    "L2": "Emergency protection order",
    "L3": "Under a child assessment order and in local authority accommodation",
    "J1": "Remanded to local authority accommodation or to youth detention accommodation",
    "J2": "Placed in local authority accommodation under PACE (including secure accommodation)",
    "J3": "Youth rehabilitation order with a residence or fostering requirement",
})

PLACEMENT_TYPES: Mapping[str, str] = MappingProxyType({
    "A3": "Placed for adoption with consent, with current foster carers",
    "A4": "Placed for adoption with consent, not with current foster carers",
    "A5": "Placed for adoption with a placement order, with current foster carers",
    "A6": "Placed for adoption with a placement order, not with current foster carers",
    "H5": "Semi-independent or supported accommodation, not a children's home",
    "K1": "Secure children's home",
    "K2": "Children's home (subject to children's homes regulations)",
    "P1": "Placed with own parents or other person with parental responsibility",
    "P2": "Independent living (flat, lodgings, bedsit, B&B or with friends)",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS or health trust establishment providing medical or nursing care",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution",
    "S1": "Residential school (not dual-registered as a children's home)",
    "T0": "Temporary move of any kind",
    "T1": "Temporary period in hospital",
    "T2": "Temporary absence on holiday",
    "T3": "Temporary accommodation while the usual foster carers are on holiday",
    "T4": "Temporary accommodation of seven days or less, not covered by T1 to T3",
    "U1": "Foster care with relatives or friends: long-term fostering",
    "U2": "Foster care with relatives or friends who are approved adopters: fostering for adoption",
    "U3": "Foster care with relatives or friends: not long-term or fostering for adoption",
    "U4": "Foster care with other foster carers: long-term fostering",
    "U5": "Foster care with other foster carers who are approved adopters: fostering for adoption",
    "U6": "Foster care with other foster carers: not long-term or fostering for adoption",
    "Z1": "Other placement",
})

# Kinship (family and friends) foster care: the codes the annual report counts separately.
KINSHIP_PLACEMENT_TYPES = frozenset({"U1", "U2", "U3"})
FOSTER_PLACEMENT_TYPES = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})

GENDERS: Mapping[str, str] = MappingProxyType({
    "F": "Female",
    "M": "Male",
    "X": "Another gender",
    "U": "Not known or not recorded",
})

# Words a council extract uses for the gender codes above (compared case-insensitively).
GENDER_WORDS: Mapping[str, str] = MappingProxyType({
    "female": "F", "girl": "F",
    "male": "M", "boy": "M",
    "other": "X", "another gender": "X", "non-binary": "X", "nonbinary": "X",
    "unknown": "U", "not known": "U", "not recorded": "U", "not stated": "U",
})

KEY_PERSON_ROLES: Mapping[str, str] = MappingProxyType({
    "advocate": "Advocate",
    "independent_visitor": "Independent visitor",
    "personal_adviser": "Personal adviser",
    "childrens_guardian": "Children's guardian (Cafcass)",
    "solicitor": "Child's solicitor",
    "designated_teacher": "Designated teacher",
    "virtual_school": "Virtual school",
    "health": "Health (looked-after children's nurse)",
    "supervising_social_worker": "Supervising social worker (carers)",
    "youth_justice": "Youth justice worker",
    "parent": "Parent",
    "family": "Family member",
    "other": "Other",
})

REVIEW_TYPES: Mapping[str, str] = MappingProxyType({
    "first": "First review",
    "second": "Second review",
    "subsequent": "Later review",  # the statutory "subsequent" review, in everyday words
    "pathway": "Pathway plan review",
    "additional": "Additional review",
})


def describe(codes: Mapping[str, str], code: str | None) -> str:
    """``"C2 – Full care order"`` for display; the code alone if it is not in the list."""
    if not code:
        return ""
    label = codes.get(code)
    return f"{code} – {label}" if label else code


def hint(codes: Mapping[str, str]) -> str:
    """The valid codes as a short list, for error messages."""
    return ", ".join(codes)


# Short words for a table cell, where the DfE's wording would be cut off: the full description
# stays in ``LEGAL_STATUSES`` / ``PLACEMENT_TYPES`` (shown as the cell's tooltip).
SHORT_LEGAL_STATUSES: Mapping[str, str] = MappingProxyType({
    "C1": "Interim care order",
    "C2": "Care order",
    "D1": "Freeing order",
    "E1": "Placement order",
    "V2": "Section 20",
    "V3": "Short breaks (episodes)",
    "V4": "Short breaks (agreements)",
    "L1": "Police protection",
    "L2": "Emergency protection order",
    "L3": "Child assessment order",
    "J1": "Remanded",
    "J2": "PACE",
    "J3": "Youth rehabilitation order",
})

SHORT_PLACEMENT_TYPES: Mapping[str, str] = MappingProxyType({
    "A3": "Adoption (consent, own carers)",
    "A4": "Adoption (consent)",
    "A5": "Adoption (order, own carers)",
    "A6": "Adoption (order)",
    "H5": "Semi-independent",
    "K1": "Secure children's home",
    "K2": "Children's home",
    "P1": "With parents",
    "P2": "Independent living",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS or health setting",
    "R3": "Family centre",
    "R5": "Young offender institution",
    "S1": "Residential school",
    "T0": "Temporary move",
    "T1": "In hospital",
    "T2": "On holiday",
    "T3": "Holiday cover",
    "T4": "Temporary (7 days or less)",
    "U1": "Kinship foster care (long-term)",
    "U2": "Kinship fostering for adoption",
    "U3": "Kinship foster care",
    "U4": "Foster care (long-term)",
    "U5": "Fostering for adoption",
    "U6": "Foster care",
    "Z1": "Other placement",
})


def in_words(short: Mapping[str, str], code: str | None) -> str:
    """``"C2 — Care order"`` for a table cell (the short words); the code alone if unknown."""
    if not code:
        return ""
    label = short.get(code)
    return f"{code} — {label}" if label else code
