"""The team report: each IRO exports the period's figures as a file; the manager merges them.

A figures file is the figures dict (``kpis.compute``) with ``schema``, ``schema_version``,
``app_version``, a random ``file_id`` for each export, the vault's ``source_id`` (random, made
once and kept as a setting: it tells two files from one vault apart without naming anyone),
``exported_at`` and ``areas_under``. It holds counts only: no names, no child ids, and the
placement areas with fewer than ``AREAS_UNDER`` children left out.

Merging adds the counts and works every percentage out again from the summed counts (never an
average of percentages). A file that is not a figures file, fails the schema, is for another
period, or repeats one already counted (the same ``file_id``, or a second file from the same
``source_id``: the newest export of that vault is the one counted) is named in ``problems`` and
not counted.

With sync set up, the file can instead go on the outbox (kind ``figures``, ``queue_export``) and
reach the council's store with the next sync, like a finalised record.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from iro_desktop import __version__, files, resources
from iro_desktop.errors import IroError
from iro_desktop.reports import kpis
from iro_desktop.reports.rates import percent
from iro_desktop.sync import config, manifest, outbox

SCHEMA = "kpi-figures.schema.json"
SCHEMA_VERSION = 1
SOURCE_SETTING = "reports.source_id"
AREAS_UNDER = 5  # publication practice: counts under 5 could point to a child
MAX_FILE_BYTES = 2 * 2**20  # a figures file is a few kilobytes; anything this big is another file
METADATA = ("schema", "schema_version", "app_version", "file_id", "source_id", "exported_at", "areas_under")


@dataclass
class TeamMerge:
    figures: dict[str, Any] | None  # None when no file could be counted
    files_used: list[str] = field(default_factory=list)  # file names, in the order counted
    problems: list[str] = field(default_factory=list)  # one sentence per file not counted


# ---- export --------------------------------------------------------------------------------

def source_id(vault) -> str:
    """This vault's stable id in team files: random, made the first time it is asked for."""
    found = vault.setting(SOURCE_SETTING)
    if found:
        return found
    with vault.transaction() as tx:
        return _source_id_tx(tx)


def _source_id_tx(tx) -> str:
    row = tx.db.conn.execute("SELECT value FROM settings WHERE key = ?", (SOURCE_SETTING,)).fetchone()
    if row:
        return row[0]
    made = str(uuid.uuid4())
    tx.set_setting(SOURCE_SETTING, made)
    return made


def team_document(figures: dict[str, Any], source: str, *, areas_under: int = AREAS_UNDER,
                  now: datetime | None = None) -> dict[str, Any]:
    """The file's JSON: ``figures`` with small areas left out and the file's own details first."""
    doc: dict[str, Any] = {
        "schema": SCHEMA, "schema_version": SCHEMA_VERSION, "app_version": __version__,
        "file_id": str(uuid.uuid4()), "source_id": source,
        "exported_at": (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "areas_under": areas_under,
    }
    doc.update(json.loads(json.dumps(figures)))
    areas = doc["caseload"]["areas"]
    doc["caseload"]["areas"] = {a: n for a, n in areas.items() if n >= areas_under}
    return doc


def export_figures(vault, start: date, end: date) -> bytes:
    """The period's figures file, as bytes ready to save or send."""
    doc = team_document(kpis.figures(vault, start, end), source_id(vault))
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def file_name(start: date, end: date, data: bytes) -> str:
    """``figures-2025-04-01-2026-03-31-1a2b3c4d.json``: the period and the start of the file's
    id, so a team's files can sit in one folder without overwriting each other."""
    short = json.loads(data)["file_id"][:8]
    return f"figures-{start.isoformat()}-{end.isoformat()}-{short}.json"


def save_export(vault, start: date, end: date, out: Path) -> Path:
    """Write the figures file to ``out`` (a file, or a folder to put it in under ``file_name``)."""
    data = export_figures(vault, start, end)
    out = Path(out)
    target = out / file_name(start, end, data) if out.is_dir() else out
    files.atomic_write_bytes(target, data, mode=0o644)
    return target


class SyncNotConfigured(IroError):
    def __init__(self) -> None:
        super().__init__("Sync is not set up in this vault, so the figures cannot go through the outbox. Set "
                         "sync.target first ('iro-desktop config set sync.target URL'), or save the file "
                         "with --export and send it yourself. Nothing was queued.")


def queue_export_tx(tx, start: date, end: date) -> str:
    """Put the period's figures file on the outbox (kind ``figures``) in the caller's
    transaction; returns the bundle id. Its bytes are made and stored here, once: there is no
    record behind it to make them from later, and every retry must send the same bytes."""
    conn = tx.db.conn
    source = _source_id_tx(tx)
    data = (json.dumps(team_document(kpis.compute(conn, start, end), source), indent=2, ensure_ascii=False)
            + "\n").encode("utf-8")
    folder = file_name(start, end, data)[: -len(".json")]
    bundle_id = outbox.enqueue_tx(tx, outbox.FIGURES, folder)
    folder = outbox.entry_conn(conn, bundle_id).folder
    made = [(f"{folder}.json", data)]
    made.append((manifest.NAME, manifest.make(bundle_id, outbox.FIGURES, folder, made,
                                              outbox.stamp(outbox.now_utc()))))
    for position, (name, payload) in enumerate(made):
        conn.execute("INSERT INTO outbox_file (bundle_id, position, name, size, sha256, data) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (bundle_id, position, name, len(payload), manifest.sha256(payload), payload))
    now = outbox.stamp(outbox.now_utc())
    conn.execute("UPDATE outbox SET built_at = ?, updated_at = ? WHERE bundle_id = ?", (now, now, bundle_id))
    tx.audit("outbox.built", "outbox", bundle_id)
    return bundle_id


def queue_export(vault, start: date, end: date) -> str:
    """The figures file on its way to the council's store through the outbox (sync must be set
    up); the next sync sends it like any other export."""
    with vault.transaction() as tx:
        if not tx.db.conn.execute("SELECT 1 FROM settings WHERE key = ? AND value != ''",
                                  (config.TARGET_SETTING,)).fetchone():
            raise SyncNotConfigured()
        return queue_export_tx(tx, start, end)


# ---- reading and checking a file -----------------------------------------------------------

@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(resources.resource_path("schemas", SCHEMA).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_problem(doc: Any) -> str | None:
    """Where ``doc`` breaks the schema, without quoting what it holds; None when it follows it."""
    error = next(iter(sorted(_validator().iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])), None)
    if error is None:
        return None
    where = ".".join(str(p) for p in error.absolute_path) or "the top level"
    return f"it does not follow the figures schema (at {where}: the '{error.validator}' rule)"


def _read(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    try:
        st = files.require_regular_file(path, "figures file")
        if st.st_size > MAX_FILE_BYTES:
            return None, "it is too large to be a figures file"
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return None, "it is not a text file"
    except json.JSONDecodeError as exc:
        return None, f"it is not valid JSON (line {exc.lineno}, column {exc.colno})"
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror or 'error'})"
    except Exception as exc:  # noqa: BLE001 - a refused special file says why in its own words
        return None, str(exc)
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA or "file_id" not in doc:
        return None, "it is not a team figures file from IRO Desktop"
    problem = schema_problem(doc)
    return (None, problem) if problem else (doc, None)


# ---- merging -------------------------------------------------------------------------------

def _add(total: Any, more: Any) -> Any:
    """Counts added key by key; percentages are dropped here and worked out again after."""
    if isinstance(total, dict):
        out = dict(total)
        for key, value in more.items():
            if key == "percent":
                continue
            out[key] = _add(out[key], value) if key in out else _add(_zero(value), value)
        return out
    return total + more


def _zero(value: Any) -> Any:
    return {k: _zero(v) for k, v in value.items() if k != "percent"} if isinstance(value, dict) else 0


def _percents(figs: dict[str, Any], held: int) -> None:
    """Every rate's percent from its own counts; every share's from the total it is a share of
    (participation and the quality ratings: the reviews held)."""
    for value in figs.values():
        if isinstance(value, dict):
            if "count" in value and "total" in value:
                value["percent"] = percent(value["count"], value["total"])
            else:
                _percents(value, held)
    for code in figs.get("participation", {}).values():
        code["percent"] = percent(code["count"], held)
    for ratings in figs.get("rag", {}).values():
        for letter in ("G", "A", "R"):
            ratings[letter]["percent"] = percent(ratings[letter]["count"], held)


def merge(documents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The team's figures from several figures dicts (or files) of one period."""
    docs = [{k: v for k, v in d.items() if k not in METADATA} for d in documents]
    if not docs:
        raise ValueError("nothing to merge")
    period = docs[0]["period"]
    total = _zero({k: v for k, v in docs[0].items() if k != "period"})
    for d in docs:
        total = _add(total, {k: v for k, v in d.items() if k != "period"})
    for key in ("by_stage_reached", "by_theme", "by_partner_agency", "by_outcome"):
        total["escalations"][key] = dict(sorted(total["escalations"][key].items()))
    total["good_practice"]["by_about"] = dict(sorted(total["good_practice"]["by_about"].items()))
    total["caseload"]["areas"] = dict(sorted(total["caseload"]["areas"].items()))
    _percents(total, total["reviews_held"])
    out = {"period": dict(period)}
    out.update({k: total[k] for k in docs[0] if k != "period"})
    # The consultation counts (preparation.figures) are added and their rates worked out again
    # above; a file made before they existed has none, and a total of some files only would mislead.
    if any("consultation" not in d for d in docs):
        out.pop("consultation", None)
    # The same for the placements' distances from the base (newer than the first files).
    if any("by_distance" not in d["caseload"] for d in docs):
        out["caseload"].pop("by_distance", None)
    return out


def merge_files(paths: Iterable[Path], start: date | None = None, end: date | None = None) -> TeamMerge:
    """Merge the figures files at ``paths`` (see the module's docstring). With no period given,
    the period is the one most of the files are for."""
    read: list[tuple[Path, dict[str, Any]]] = []
    problems: list[str] = []
    for path in sorted((Path(p) for p in paths), key=lambda p: p.name):
        doc, problem = _read(path)
        if problem:
            problems.append(f"{path.name}: not counted: {problem}.")
        else:
            read.append((path, doc))
    if start is not None and end is not None:
        wanted = {"from": start.isoformat(), "to": end.isoformat()}
    else:
        periods = [(d["period"]["from"], d["period"]["to"]) for _p, d in read]
        common = max(sorted(set(periods)), key=periods.count, default=None)
        wanted = {"from": common[0], "to": common[1]} if common else None
    used: list[tuple[Path, dict[str, Any]]] = []
    for path, doc in read:
        if doc["period"] != wanted:
            problems.append(f"{path.name}: not counted: it is for {doc['period']['from']} to {doc['period']['to']}, "
                            f"not {wanted['from']} to {wanted['to']}.")
        else:
            used.append((path, doc))
    # One file per vault: the newest export of each, and never one file twice.
    by_source: dict[str, tuple[Path, dict[str, Any]]] = {}
    seen_ids: dict[str, str] = {}
    for path, doc in used:
        if doc["file_id"] in seen_ids:
            problems.append(f"{path.name}: not counted: it is the same file as {seen_ids[doc['file_id']]}.")
            continue
        seen_ids[doc["file_id"]] = path.name
        kept = by_source.get(doc["source_id"])
        if kept is None:
            by_source[doc["source_id"]] = (path, doc)
            continue
        newer, older = ((path, doc), kept) if doc["exported_at"] > kept[1]["exported_at"] else (kept, (path, doc))
        by_source[doc["source_id"]] = newer
        problems.append(f"{older[0].name}: not counted: {newer[0].name} is another export from the same vault, "
                        "and the newer of the two is the one counted.")
    counted = sorted(by_source.values(), key=lambda item: item[0].name)
    figures = merge(d for _p, d in counted) if counted else None
    return TeamMerge(figures, [p.name for p, _d in counted], problems)


def merge_folder(folder: Path, start: date | None = None, end: date | None = None) -> TeamMerge:
    """Every ``*.json`` file in ``folder`` (not its subfolders), merged."""
    folder = Path(folder)
    return merge_files([p for p in folder.iterdir() if p.suffix.lower() == ".json" and not p.name.startswith(".")],
                       start, end)
