"""Straight-line distance between postcode districts, in miles and kilometres.

The SSDA903 return's placement distance (``PL_DISTANCE``) is worked out from the home and the
placement postcodes' Ordnance Survey grid references in the ONS postcode directory: Pythagoras
on eastings and northings (metres on the British National Grid), divided by 1000 and by 1.6093
to give miles, rounded to one decimal place. That is the formula the public 903 validator uses,
with the comment "This formula is taken straight from the guidance, to get miles between two
postcodes" (data-to-insight/csc-validator-be-903, ``validator903/datastore.py``), whose rule
164 says "<PL_DISTANCE> is a calculated value based on Postcode" and must be between 0.0 and
999.9. The same formula is used here, between the centres of two postcode districts (the app
never holds a full postcode), so a figure here can differ from the 903's by up to the size of
the districts: read it as "about so many miles as the crow flies", never as a road distance.
"""

from __future__ import annotations

import math

from iro_desktop.places.table import District

METRES_PER_MILE = 1609.3  # the 903 guidance's 1.6093 km to the mile (1609.344 m exactly: 0.003% apart)


def metres_between(a: District, b: District) -> float:
    """Straight-line metres between two located districts' centres."""
    if not (a.located and b.located):
        raise ValueError("both districts need a location")
    return math.hypot(a.easting - b.easting, a.northing - b.northing)


def miles_between(a: District, b: District) -> float:
    return metres_between(a, b) / METRES_PER_MILE


def km_between(a: District, b: District) -> float:
    return metres_between(a, b) / 1000
