"""Planning the import: the extract compared with the vault (read only), and what would change —
new children, changed fields, children to mark as no longer allocated, unchanged. The preview
lines name children: they are for the screen, never for a log."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from iro_desktop.caseload import codes, repository
from iro_desktop.caseload.importer.columns import COLUMNS, PLACEMENT_COLUMNS
from iro_desktop.caseload.importer.reading import Extract, ExtractProblems, ExtractRow, _blank, _row_problems, parse
from iro_desktop.caseload.model import Child, PeriodOfCare, Placement
from iro_desktop.vault import Vault

# ---- the plan ------------------------------------------------------------------------------

@dataclass
class ChildChange:
    """One child the import would add, change or mark as no longer allocated."""

    child_id: str
    name: str
    lines: list[str]  # human-readable, for the on-screen preview (they name the child)
    child: Child | None = None  # the complete record to write; None for "not allocated"
    row: int | None = None


@dataclass
class ImportPlan:
    source: str
    digest: str
    today: date
    warnings: list[str] = field(default_factory=list)
    new: list[ChildChange] = field(default_factory=list)
    changed: list[ChildChange] = field(default_factory=list)
    not_allocated: list[ChildChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # child ids
    # The vault's last audit row when the plan was made: any change since makes it stale.
    audit_seq: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed),
                "not_allocated": len(self.not_allocated), "unchanged": len(self.unchanged)}

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.not_allocated)

    def lines(self) -> list[str]:
        """Every change as a sentence, grouped new / changed / not allocated. Names children."""
        out: list[str] = []
        for change in self.new + self.changed + self.not_allocated:
            out += change.lines
        return out

    def summary(self, with_names: bool = False) -> str:
        """Counts in one sentence; with ``with_names`` the change lines follow (screen only)."""
        c = self.counts
        text = (f"{c['new']} new {_plural(c['new'], 'child', 'children')}, {c['changed']} changed, "
                f"{c['not_allocated']} no longer allocated to you (kept, not deleted), "
                f"{c['unchanged']} unchanged.")
        if with_names and self.has_changes:
            text += "\n" + "\n".join(self.lines())
        return text


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def show(value: object) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    return str(value)


def _cells(extract: Extract, problems: list[tuple[str, str]]) -> dict[str, str]:
    """The file's value at each problem's place, for the preview only (never in a message)."""
    by_place = {f"row {r.row}, column {column}": value for r in extract.rows for column, value in r.values.items()}
    return {where: show(by_place[where]) for where, _message in problems if where in by_place}


def _who(child: Child) -> str:
    return f"{child.display_name} ({child.child_id})"


def _current(items: list):
    open_items = [x for x in items if x.end_date is None]
    pool = open_items or items
    return max(pool, key=lambda x: x.start_date) if pool else None


def _merge_period(child: Child, row: ExtractRow, extract: Extract, lines: list[str],
                  problems: list[tuple[str, str]]) -> None:
    start: date = row.values["date_became_looked_after"]  # type: ignore[assignment]
    has_legal = extract.has("legal_status")
    legal = row.values.get("legal_status") if has_legal else None
    current = _current(child.periods)
    who = _who(child)
    if current is None:
        child.periods.append(PeriodOfCare(start, legal))
        lines.append(f"{who}: period of care from {show(start)} added.")
        return
    if start > current.start_date:
        if current.end_date is None or current.end_date >= start:
            current.end_date = start - timedelta(days=1)
        new = PeriodOfCare(start, legal if has_legal else current.legal_status)
        child.periods.append(new)
        lines.append(f"{who}: new period of care from {show(start)}"
                     f"{f' ({new.legal_status})' if new.legal_status else ''}; the previous one ends "
                     f"{show(current.end_date)}.")
        return
    if start < current.start_date:
        others = [p for p in child.periods if p is not current]
        if any(p.start_date >= start or (p.end_date or date.max) >= start for p in others):
            problems.append((f"row {row.row}, column date_became_looked_after",
                             "This date is before the start of the current period of care and overlaps "
                             "an earlier period; check the date."))
            return
        lines.append(f"{who}: date became looked after corrected from {show(current.start_date)} to {show(start)}.")
        current.start_date = start
    if has_legal and (legal or None) != (current.legal_status or None):
        lines.append(f"{who}: legal status changed from {show(current.legal_status)} to {show(legal)}"
                     f"{f' ({codes.LEGAL_STATUSES[legal]})' if legal else ''}.")
        current.legal_status = legal


def _merge_placement(child: Child, row: ExtractRow, extract: Extract, today: date, lines: list[str],
                     warnings: list[str]) -> None:
    present = {col: attr for col, attr in PLACEMENT_COLUMNS.items() if extract.has(col)}
    given = {attr: row.values.get(col) for col, attr in present.items()}
    file_start = given.pop("start_date", None)
    details = {attr: (None if _blank(v) else v) for attr, v in given.items()}
    if not any(details.values()) and file_start is None:
        return  # the file says nothing about where the child lives: keep what is recorded
    current = _current(child.placements)
    who = _who(child)
    if current is None:
        start = file_start or (child.current_period.start_date if child.current_period else today)
        child.placements.append(Placement(start, **details))
        lines.append(f"{who}: placement from {show(start)} added{_placement_words(details)}.")
        return
    differences = {a: v for a, v in details.items() if (getattr(current, a) or None) != v}
    start_changed = file_start is not None and file_start != current.start_date
    if not differences and not start_changed:
        return
    if file_start is not None and file_start > current.start_date:
        moved = True
    elif file_start is None:
        # A different home with no start date in the file: the move is dated today.
        moved = True
        file_start = today
        warnings.append(f"Row {row.row}: the placement changed but the file gives no placement start; "
                        "today's date was used.")
    else:
        moved = False
    if moved:
        if current.end_date is None or current.end_date >= file_start:
            current.end_date = file_start - timedelta(days=1)
        child.placements.append(Placement(file_start, **details))
        what = ", ".join(_PLACEMENT_LABELS[a] for a in differences)
        lines.append(f"{who}: new placement from {show(file_start)}{_placement_words(details)}"
                     f"{f' ({what} changed)' if what else ''}; the previous one ends {show(current.end_date)}.")
        return
    # Same or earlier start: the council corrected the current placement's details.
    for attr, value in differences.items():
        lines.append(f"{who}: placement {_PLACEMENT_LABELS[attr]} corrected from "
                     f"{show(getattr(current, attr))} to {show(value)}.")
        setattr(current, attr, value)
    if start_changed:
        lines.append(f"{who}: placement start corrected from {show(current.start_date)} to {show(file_start)}.")
        current.start_date = file_start  # type: ignore[assignment]


_PLACEMENT_LABELS = {"placement_type": "type", "carer_name": "carer", "area": "area",
                     "postcode_district": "postcode district"}


def _placement_words(details: dict) -> str:
    parts = [details.get("placement_type"), details.get("area"), details.get("postcode_district")]
    words = ", ".join(p for p in parts if p)
    return f" ({words})" if words else ""


def audit_seq(db) -> int:
    """The audit row of the last change that could matter to an import. Autosaved drafts are
    left out: they go on being saved (on a connection of their own) while the IRO reads the
    preview, and change nothing an import reads or writes."""
    row = db.conn.execute("SELECT seq FROM audit_log WHERE action NOT LIKE 'draft.%' "
                          "ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else 0


def plan(vault: Vault, extract: Extract, today: date | None = None) -> ImportPlan:
    """What importing ``extract`` would change. Reads the vault; writes nothing."""
    today = today or extract.today
    with vault.read() as db:
        seq = audit_seq(db)
    existing = repository.load_children(vault)
    result = ImportPlan(extract.source, extract.digest, today, list(extract.warnings), audit_seq=seq)
    problems: list[tuple[str, str]] = []
    in_file: set[str] = set()
    scalar_columns = [c for c in extract.columns if COLUMNS[c].attr and c != "child_id"]

    for row in extract.rows:
        child_id = row.child.child_id
        in_file.add(child_id)
        old = existing.get(child_id)
        if old is None:
            lines = [f"{_who(row.child)}: new child, row {row.row}."]
            result.new.append(ChildChange(child_id, row.child.display_name, lines,
                                          copy.deepcopy(row.child), row.row))
            continue
        merged = copy.deepcopy(old)
        lines: list[str] = []
        who = _who(old)
        for column in scalar_columns:
            col = COLUMNS[column]
            new_value = row.values.get(column)
            if col.kind not in ("bool", "int") and _blank(new_value):
                new_value = None
            old_value = getattr(merged, col.attr)  # type: ignore[arg-type]
            if old_value == "":
                old_value = None
            if new_value != old_value:
                lines.append(f"{who}: {col.label} changed from {show(old_value)} to {show(new_value)}.")
                setattr(merged, col.attr, new_value)  # type: ignore[arg-type]
        row_problems: list[tuple[str, str]] = []
        _merge_period(merged, row, extract, lines, row_problems)
        _merge_placement(merged, row, extract, today, lines, result.warnings)
        if not merged.allocated:
            merged.allocated = True
            merged.not_allocated_since = None
            lines.append(f"{who}: back on your caseload (they were marked as no longer allocated on "
                         f"{show(old.not_allocated_since)}).")
        if not row_problems:
            row_problems = _row_problems(row.row, merged, today, set())
        problems += row_problems
        if lines:
            result.changed.append(ChildChange(child_id, old.display_name, lines, merged, row.row))
        else:
            result.unchanged.append(child_id)

    for child_id, old in existing.items():
        if child_id not in in_file and old.allocated:
            result.not_allocated.append(ChildChange(
                child_id, old.display_name,
                [f"{_who(old)}: not in the file, so marked as no longer allocated to you "
                 "(the record is kept)."]))
    if problems:
        raise ExtractProblems(problems, _cells(extract, problems))
    allocated_now = sum(1 for c in existing.values() if c.allocated)
    if allocated_now >= 4 and len(result.not_allocated) * 2 > allocated_now:
        result.warnings.append(f"{len(result.not_allocated)} of the {allocated_now} children on your "
                               "caseload are not in this file. Check that it is your own caseload extract "
                               "before applying it.")
    return result


def preview(vault: Vault, source: str | Path | bytes, today: date | None = None) -> ImportPlan:
    """``parse`` then ``plan``: what the import dialog shows before the IRO says yes."""
    return plan(vault, parse(source, today), today)
