"""``build/make_district_table.py`` on a hand-made directory: the centres, the main authority,
split districts, districts without a place, and the same bytes every time."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from iro_desktop.places import table as places

SCRIPT = Path(__file__).resolve().parents[1] / "build" / "make_district_table.py"

# (postcode as pcd7, easting, northing, authority): TR1 all Cornwall; PL99 split 2:1; XX1 has
# no grid references; BT9 is in Northern Ireland; one Cornish postcode has no authority.
POSTCODES = [
    ("TR1 1AA", 182000.0, 44000.0, "E06000052"),
    ("TR1 1AB", 183000.0, 45000.0, "E06000052"),
    ("TR1 1AD", 182500.0, 44501.0, "E06000052"),
    ("TR1 9ZZ", None, None, None),
    ("PL991AA", 240000.0, 60000.0, "E06000026"),
    ("PL991AB", 240002.0, 60000.0, "E06000026"),
    ("PL991AD", 239000.0, 61000.0, "E06000052"),
    ("XX1 1AA", None, None, "E06000052"),
    ("BT9 1AA", 333000.0, 372000.0, "N09000003"),
    ("TR101AA", 180000.0, 40000.0, "E06000052"),
    ("TR2 1AA", 190000.0, 43000.0, "E06000052"),
]


@pytest.fixture()
def script(monkeypatch):
    spec = importlib.util.spec_from_file_location("make_district_table", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "read_postcodes",
                        lambda _folder: ((p[:-3].strip(), e, n, la) for p, e, n, la in POSTCODES))
    return module


def test_centres_are_means_of_the_located_postcodes_and_splits_are_noted(script):
    rows = {r[0]: r for r in script.build(Path("unused"))}
    assert list(rows) == ["BT9", "PL99", "TR1", "TR2", "TR10", "XX1"]  # TR2 before TR10
    # TR1: the mean of three (the one with no grid reference left out): (547500/3, 133501/3).
    assert rows["TR1"] == ("TR1", 182500, 44500, 3, "E06000052", 100, "")
    assert rows["PL99"] == ("PL99", 239667, 60333, 3, "E06000026", 67, "E06000052:33")
    assert rows["XX1"] == ("XX1", "", "", 0, "E06000052", "", "")  # no place; its authority still known
    assert rows["BT9"][4] == "N09000003"


def test_the_files_are_the_same_bytes_every_time_and_the_app_reads_them(script, tmp_path):
    authorities = script.read_authorities()
    for out in (tmp_path / "a", tmp_path / "b"):
        script.write(out, script.build(Path("unused")), authorities, "test")
    for name in ("districts.csv", "authorities.csv", "source.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    table = places.read_table(tmp_path / "a")
    pl = table.get("PL99")
    assert (pl.authority.name, pl.share, pl.others) == ("Plymouth", 67, (("E06000052", 33),))
    assert table.upper_authorities(pl) == {"E06000026", "E06000052"}
    assert table.get("BT9").country == "Northern Ireland" and table.get("XX1").located is False
    assert table.source.package_version == "test"


def test_an_english_authority_with_no_name_stops_the_build(script, tmp_path, monkeypatch):
    monkeypatch.setattr(script, "read_postcodes", lambda _f: iter([("ZZ1", 1.0, 1.0, "E06999999")]))
    with pytest.raises(SystemExit) as stop:
        script.write(tmp_path, script.build(Path("unused")), script.read_authorities(), "test")
    assert "E06999999" in str(stop.value)
