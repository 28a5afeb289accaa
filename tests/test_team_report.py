"""The team report: each IRO's figures file (counts only, small areas left out, a stable source
id that names no one) and the merge of a team's files (counts added, percentages worked out
again, files for another period, repeated files and broken files named and not counted). A team
of three files merges to the figures of one vault holding all three caseloads."""

from __future__ import annotations

import json
import random
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from iro_desktop import resources
from iro_desktop.caseload import repository
from iro_desktop.caseload.model import PeriodOfCare, Placement
from iro_desktop.reports import history_import, kpis, team
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support import kpi_dataset as ds
from tests.support.caseload_helpers import make_child


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    home = tmp_path_factory.mktemp("team") / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    ds.build(vault)
    yield vault
    vault.close()


def _strings(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {s for v in value.values() for s in _strings(v)}
    return {value} if isinstance(value, str) else set()


def test_the_file_holds_counts_only_and_leaves_small_areas_out(built):
    doc = json.loads(team.export_figures(built, *ds.PERIOD))
    schema = json.loads(resources.resource_path("schemas", team.SCHEMA).read_text())
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["schema"] == team.SCHEMA and doc["schema_version"] == 1 and doc["areas_under"] == 5
    assert doc["caseload"]["areas"] == {"Cornwall": 5}  # Kent's one child is left out
    assert doc["caseload"]["placed_out_of_area"] == ds.EXPECTED["caseload"]["placed_out_of_area"]
    # Every string in the file is a key, a date, an id made for the file, the version or an area:
    # no child's id, no name.
    values = {s for s in _strings(doc) if s not in _strings(ds.EXPECTED) | set(team.METADATA)}
    values -= {doc["file_id"], doc["source_id"], doc["exported_at"], doc["app_version"], doc["schema"]}
    assert values == set(), values
    with built.read() as db:
        child_ids = {r[0] for r in db.conn.execute("SELECT child_id FROM child")}
        names = {r[0] for r in db.conn.execute("SELECT first_name FROM child UNION SELECT last_name FROM child")}
    text = json.dumps(doc)
    assert not any(f'"{c}"' in text for c in child_ids) and not any(n in text for n in names)


def test_each_export_has_its_own_file_id_and_the_vaults_source_id(built):
    one, two = (json.loads(team.export_figures(built, *ds.PERIOD)) for _ in range(2))
    assert one["file_id"] != two["file_id"]
    assert one["source_id"] == two["source_id"] == built.setting(team.SOURCE_SETTING)
    assert str(uuid.UUID(one["source_id"])) == one["source_id"]


def test_the_kpis_figures_of_one_file_merge_to_themselves(built, tmp_path):
    team.save_export(built, *ds.PERIOD, tmp_path)
    merged = team.merge_folder(tmp_path, *ds.PERIOD)
    assert merged.problems == [] and len(merged.files_used) == 1
    expected = json.loads(json.dumps(ds.EXPECTED))
    expected["caseload"]["areas"] = {"Cornwall": 5}
    assert merged.figures == expected


def _file(folder: Path, name: str, doc: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_other_periods_repeated_and_broken_files_are_named_and_not_counted(built, tmp_path):
    good = json.loads(team.export_figures(built, *ds.PERIOD))
    other = dict(good, file_id=str(uuid.uuid4()), source_id=str(uuid.uuid4()))
    _file(tmp_path, "a-ours.json", good)
    _file(tmp_path, "b-copy.json", good)  # the same file again
    _file(tmp_path, "c-colleague.json", other)
    older = dict(other, file_id=str(uuid.uuid4()), exported_at="2020-01-01T00:00:00Z")
    _file(tmp_path, "d-colleague-older.json", older)  # an earlier export from the colleague's vault
    last_year = json.loads(team.export_figures(built, date(2025, 1, 1), date(2025, 6, 30)))
    last_year["source_id"] = str(uuid.uuid4())
    _file(tmp_path, "e-last-year.json", last_year)
    broken = json.loads(json.dumps(dict(good, file_id=str(uuid.uuid4()), source_id=str(uuid.uuid4()))))
    broken["in_timescale"]["count"] = -1
    _file(tmp_path, "f-broken.json", broken)
    (tmp_path / "g-not-json.json").write_text("{ this is not json", encoding="utf-8")
    _file(tmp_path, "h-other-json.json", {"hello": 1})
    (tmp_path / "notes.txt").write_text("not a figures file and not looked at")

    merged = team.merge_folder(tmp_path, *ds.PERIOD)
    assert merged.files_used == ["a-ours.json", "c-colleague.json"]
    said = "\n".join(merged.problems)
    for name in ("b-copy.json", "d-colleague-older.json", "e-last-year.json", "f-broken.json",
                 "g-not-json.json", "h-other-json.json"):
        assert sum(p.startswith(name + ":") for p in merged.problems) == 1, (name, said)
    assert "notes.txt" not in said
    assert "same file as a-ours.json" in said and "2025-01-01 to 2025-06-30" in said
    assert "at in_timescale.count" in said and "line 1, column 3" in said
    # Counts added, percentages from the summed counts.
    assert merged.figures["reviews_held"] == 22
    assert merged.figures["in_timescale"] == {"count": 16, "total": 22, "percent": 72.7}
    assert merged.figures["participation"]["PN1"] == {"count": 6, "percent": 27.3}
    assert merged.figures["caseload"]["areas"] == {"Cornwall": 10}


def test_percentages_are_worked_out_from_the_summed_counts_never_averaged():
    a = json.loads(json.dumps(ds.EXPECTED))
    b = json.loads(json.dumps(ds.EXPECTED))
    a["in_timescale"] = {"count": 1, "total": 1, "percent": 100.0}
    b["in_timescale"] = {"count": 1, "total": 3, "percent": 33.3}
    merged = team.merge([a, b])
    assert merged["in_timescale"] == {"count": 2, "total": 4, "percent": 50.0}  # the average would be 66.7


def test_without_a_period_the_one_most_files_are_for_is_used(built, tmp_path):
    for _ in range(2):
        doc = json.loads(team.export_figures(built, *ds.PERIOD))
        _file(tmp_path, f"{uuid.uuid4()}.json", dict(doc, source_id=str(uuid.uuid4())))
    odd = json.loads(team.export_figures(built, date(2025, 1, 1), date(2025, 6, 30)))
    _file(tmp_path, "odd.json", odd)
    merged = team.merge_files(sorted(tmp_path.iterdir()))
    assert len(merged.files_used) == 2 and merged.figures["period"] == ds.EXPECTED["period"]
    assert [p.split(":")[0] for p in merged.problems] == ["odd.json"]


def test_no_file_to_count_gives_no_figures(tmp_path):
    merged = team.merge_folder(tmp_path, *ds.PERIOD)
    assert merged.figures is None and merged.files_used == [] and merged.problems == []


# ---- a team of three merges to the figures of one vault with all three caseloads ------------

BUILT_ON = date(2026, 7, 31)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))

child_plan = st.fixed_dictionaries({
    "dob": st.integers(5 * 365, 16 * 365),
    "start": st.integers(0, 500),
    "gaps": st.lists(st.integers(20, 220), min_size=1, max_size=5),
    "area": st.sampled_from(["Northshire", "Cornwall", "Kent", "Leeds"]),
    "seed": st.integers(0, 2**32 - 1),
    "leaver": st.booleans(),
})
team_plan = st.lists(st.lists(child_plan, min_size=1, max_size=5), min_size=3, max_size=3)


def _history(cid: str, dob: date, held: list[date], rng: random.Random) -> list[str]:
    rows = []
    for i, day in enumerate(held):
        code = rng.choice(["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7", ""])
        yn = lambda: rng.choice(["Y", "N", ""])  # noqa: E731
        gap = (held[i + 1] - day).days if i + 1 < len(held) else 0
        midway = day + timedelta(days=gap // 2) if gap >= 4 and rng.random() < 0.6 else None
        circulated = day + timedelta(days=rng.randint(0, 12)) if rng.random() < 0.8 else None
        sent = day + timedelta(days=rng.randint(0, 40)) if rng.random() < 0.8 else None
        dates = [d if d and d <= BUILT_ON else None for d in (circulated, sent, midway)]
        kind = ("first", "second")[i] if i < 2 else "subsequent"
        rows.append(",".join([cid, day.isoformat(), kind, code, yn(),
                              *(d.isoformat() if d else "" for d in dates[:2]),
                              rng.choice("GAR") + "" if rng.random() < 0.8 else "", rng.choice(["G", "A", "R", ""]),
                              dates[2].isoformat() if dates[2] else "", yn(), yn(), yn(), yn()]))
    return rows


def _load(vault, children: list[tuple[str, dict]]) -> None:
    repository.set_council_area(vault, "Northshire")
    lines = ["child_id,review_date,review_type,participation_code,child_seen_alone,decisions_circulated,"
             "record_distributed,rag_care_planning,rag_preparation,midway_date,parent_participated,"
             "child_attended,advocate_offered,health_assessment_up_to_date"]
    for cid, plan in children:
        rng = random.Random(plan["seed"])
        start = date(2024, 1, 1) + timedelta(days=plan["start"])
        dob = start - timedelta(days=plan["dob"])
        held, day = [], start + timedelta(days=rng.randint(10, 40))
        for gap in plan["gaps"]:
            if day > BUILT_ON:
                break
            held.append(day)
            day += timedelta(days=gap)
        repository.add_child(vault, make_child(
            cid, date_of_birth=dob, care_leaver=plan["leaver"] and (BUILT_ON - dob).days > 16 * 365,
            seed_last_review_date=None, seed_reviews_held=None, periods=[PeriodOfCare(start, "C2")],
            placements=[Placement(start, "U4", "Carers", plan["area"], "AB1")], reviews=[]), today=BUILT_ON)
        lines += _history(cid, dob, held, rng)
    if len(lines) > 1:
        history_import.import_file(vault, ("\r\n".join(lines) + "\r\n").encode(), today=BUILT_ON)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team_plan)
def test_a_team_of_three_files_merges_to_one_vault_holding_all_three_caseloads(plans):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        everyone = []
        for n, caseload in enumerate(plans):
            children = [(f"I{n}C{i}", plan) for i, plan in enumerate(caseload)]
            everyone += children
            vault, _code = Vault.create(Path(tmp) / f"iro{n}", PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
            with vault:
                _load(vault, children)
                (folder / f"iro{n}.json").write_bytes(team.export_figures(vault, *YEAR))
                raw = kpis.figures(vault, *YEAR)
                (folder / f"iro{n}.raw").write_text(json.dumps(raw))
        whole, _code = Vault.create(Path(tmp) / "whole", PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
        with whole:
            _load(whole, everyone)
            expected = kpis.figures(whole, *YEAR)
        merged = team.merge_folder(folder, *YEAR)
        assert merged.problems == [] and merged.files_used == ["iro0.json", "iro1.json", "iro2.json"]
        # The files leave out areas under 5 children each; every other figure is the whole's.
        assert {k: v for k, v in merged.figures.items() if k != "caseload"} == \
            {k: v for k, v in expected.items() if k != "caseload"}
        assert merged.figures["caseload"]["children"] == expected["caseload"]["children"]
        assert merged.figures["caseload"]["placed_out_of_area"] == expected["caseload"]["placed_out_of_area"]
        # Unsuppressed, the areas add up exactly too.
        raws = [json.loads((folder / f"iro{n}.raw").read_text()) for n in range(3)]
        assert team.merge(raws) == expected


# ---- through the outbox --------------------------------------------------------------------

def test_with_sync_set_up_the_file_goes_through_the_outbox(vault, tmp_path):
    from iro_desktop.sync import config, drain, outbox

    ds.build(vault)
    with pytest.raises(team.SyncNotConfigured):
        team.queue_export(vault, *ds.PERIOD)
    assert [e for e in outbox.entries(vault) if e.kind == outbox.FIGURES] == []  # refused: nothing queued
    store = tmp_path / "store"
    store.mkdir()
    config.set_option(vault, config.TARGET_SETTING, str(store))
    bundle_id = team.queue_export(vault, *ds.PERIOD)
    entry = outbox.entry(vault, bundle_id)
    assert entry.kind == outbox.FIGURES and entry.child_id is None and entry.folder.startswith("figures-2026-01-01")
    results = drain.drain(vault, config.target_for(vault)).results
    # Sent with the review records the dataset finalised, like any other export.
    assert [r.outcome for r in results if r.bundle_id == bundle_id] == ["synced"]
    sent = store / entry.folder
    assert sorted(p.name for p in sent.iterdir()) == sorted([f"{entry.folder}.json", "manifest.json"])
    merged = team.merge_folder(sent, *ds.PERIOD)
    assert merged.files_used == [f"{entry.folder}.json"]
    assert merged.problems == ["manifest.json: not counted: it is not a team figures file from IRO Desktop."]
    assert merged.figures["in_timescale"] == ds.EXPECTED["in_timescale"]
    doc = json.loads((sent / f"{entry.folder}.json").read_bytes())
    assert doc["source_id"] == vault.setting(team.SOURCE_SETTING)
