"""Bringing an IRO's review history from a spreadsheet tracker (CSV) into the vault.

Three steps, as the caseload import: ``parse`` reads and checks the file on its own, ``plan``
checks it against the vault (read only) and says which reviews are new and which are there
already, ``apply`` writes the new ones in one transaction with their audit rows, or nothing.

The file's bytes (size, encoding, delimiter aside) are read by the caseload import's own reader,
so both imports accept the same files and dates. Messages name the row and the column and
never quote a cell: a name typed into the wrong column would otherwise reach stderr and any log.

An imported review is a ``review`` row like any other (``source = 'history'``), so the
timescales read it exactly as a review recorded by hand; its details go into the history columns
of migration 10, and a midway date becomes a ``visit`` row with purpose ``midway``, which is what
the timescales read as "midway done".
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from iro_desktop.caseload import repository
from iro_desktop.caseload.due import MIDWAY  # the visit purpose the timescales read as "midway done"
from iro_desktop.caseload.importer import clean_cell, column_letter, parse_date
from iro_desktop.caseload.importer.columns import CONTROL_CHARS, BadCell, normalise_heading
from iro_desktop.caseload.importer.planning import audit_seq
from iro_desktop.caseload.importer.reading import ExtractProblems, decode_text, read_source, csv_records
from iro_desktop.caseload.model import Review
from iro_desktop.errors import IroError
from iro_desktop.reviews import codes
from iro_desktop.vault import Vault

AUDIT_ACTION = "review.import_history"
SOURCE = "history"
MAX_REASON = 500  # characters: a reason, not a report

REQUIRED = ("child_id", "review_date", "review_type", "participation_code", "child_seen_alone",
            "decisions_circulated", "record_distributed", "rag_care_planning", "rag_preparation", "midway_date",
            "parent_participated")
OPTIONAL = ("child_attended", "advocate_offered", "advocate_involved", "health_assessment_up_to_date",
            "pep_up_to_date", "permanence_plan_in_place", "rearranged", "rearranged_reason")
COLUMNS = REQUIRED + OPTIONAL
# A value every row must have; the other columns may be left blank ("not recorded").
MUST_HAVE = ("child_id", "review_date", "review_type")
DATE_COLUMNS = ("review_date", "decisions_circulated", "record_distributed", "midway_date")
YES_NO_COLUMNS = ("child_seen_alone", "parent_participated", "child_attended", "advocate_offered",
                  "advocate_involved", "health_assessment_up_to_date", "pep_up_to_date",
                  "permanence_plan_in_place", "rearranged")
RAG_LETTERS = {"G": "green", "A": "amber", "R": "red"}  # the file's spelling -> the vault's (codes.RAG)
assert set(RAG_LETTERS.values()) == set(codes.RAG)

_HISTORY_DB_COLUMNS = ("participation_code", "child_seen_alone", "child_attended", "parent_participated",
                       "advocate_offered", "advocate_involved", "health_assessment_up_to_date", "pep_up_to_date",
                       "permanence_plan_in_place", "rearranged", "rearranged_reason", "rag_care_planning",
                       "rag_preparation")
_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0"}


class StaleHistoryPlan(IroError):
    def __init__(self) -> None:
        super().__init__("The vault changed after this review history was previewed. Preview the import "
                         "again before applying it. Nothing was changed.")


@dataclass
class HistoryRow:
    """One review as the file gives it, every value checked."""

    row: int  # spreadsheet row (the heading row is 1)
    child_id: str
    review_date: date
    review_type: str
    participation_code: str | None = None
    child_seen_alone: bool | None = None
    decisions_circulated: date | None = None
    record_distributed: date | None = None
    rag_care_planning: str | None = None  # "green" / "amber" / "red"
    rag_preparation: str | None = None
    midway_date: date | None = None
    parent_participated: bool | None = None
    child_attended: bool | None = None
    advocate_offered: bool | None = None
    advocate_involved: bool | None = None
    health_assessment_up_to_date: bool | None = None
    pep_up_to_date: bool | None = None
    permanence_plan_in_place: bool | None = None
    rearranged: bool | None = None
    rearranged_reason: str = ""


@dataclass
class HistoryFile:
    source: str
    digest: str  # SHA-256 of the bytes: names the import in the audit log
    columns: list[str]
    rows: list[HistoryRow]
    warnings: list[str]
    today: date


@dataclass
class HistoryPlan:
    """What applying the file would do. ``new`` and ``already`` name children (by id): they are
    for the IRO's own screen and the command's output, never for a log."""

    source: str
    digest: str
    today: date
    audit_seq: int
    new: list[HistoryRow] = field(default_factory=list)
    already: list[HistoryRow] = field(default_factory=list)  # a review on that day is in the vault
    warnings: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.new)

    def summary(self) -> str:
        """Counts only, safe to print anywhere."""
        midways = sum(1 for r in self.new if r.midway_date)
        children = len({r.child_id for r in self.new})
        lines = [f"{len(self.new)} review{'s' if len(self.new) != 1 else ''} to import for "
                 f"{children} child{'ren' if children != 1 else ''}, with {midways} midway "
                 f"review{'s' if midways != 1 else ''}."]
        if self.already:
            lines.append(f"{len(self.already)} review{'s are' if len(self.already) != 1 else ' is'} already in "
                         "the vault (same child and date) and will be left as they are.")
        return "\n".join(lines)

    def lines(self) -> list[str]:
        """One line per row of the file, for the preview on the IRO's screen."""
        out = [f"Row {r.row}: {r.child_id}, {r.review_date:%d/%m/%Y}, {codes.REVIEW_TYPES[r.review_type]}"
               + (f", midway {r.midway_date:%d/%m/%Y}" if r.midway_date else "") for r in self.new]
        out += [f"Row {r.row}: {r.child_id}, {r.review_date:%d/%m/%Y}: already in the vault, left as it is"
                for r in self.already]
        return out


@dataclass(frozen=True)
class HistoryImported:
    reviews: int
    midways: int
    already: int


# ---- reading the file ----------------------------------------------------------------------

def _yes_no(text: str) -> bool | None:
    low = text.lower()
    if low == "":
        return None
    if low in _YES:
        return True
    if low in _NO:
        return False
    raise BadCell("This is not a yes/no value; use Y or N (blank means not recorded).")


def _value(column: str, raw: str):
    if column in DATE_COLUMNS:
        return parse_date(raw)
    if column in YES_NO_COLUMNS:
        return _yes_no(raw)
    if column == "review_type":
        low = raw.lower()
        if low not in codes.REVIEW_TYPES:
            raise BadCell(f"This is not a review type; use one of: {', '.join(codes.REVIEW_TYPES)}.")
        return low
    if column == "participation_code":
        code = raw.upper().replace(" ", "")
        if code not in codes.PARTICIPATION:
            raise BadCell("This is not a participation code; use one of PN0 to PN7.")
        return code
    if column in ("rag_care_planning", "rag_preparation"):
        letter = raw.upper()
        word = RAG_LETTERS.get(letter) or (raw.lower() if raw.lower() in codes.RAG else None)
        if word is None:
            raise BadCell("This is not a quality rating; use G, A or R (green, amber or red).")
        return word
    if column == "rearranged_reason":
        if len(raw) > MAX_REASON:
            raise BadCell(f"This reason is longer than {MAX_REASON} characters; shorten it.")
        return raw
    return raw  # child_id


def _row_rules(values: dict, where) -> list[tuple[str, str]]:
    """Rules between the cells of one row, the vault aside."""
    problems = []
    held = values.get("review_date")
    if not isinstance(held, date):
        return problems
    for column in ("decisions_circulated", "record_distributed"):
        value = values.get(column)
        if isinstance(value, date) and value < held:
            problems.append((where(column), "This date is before the review was held; it is when the "
                             "decisions or the record went out after the review."))
    midway = values.get("midway_date")
    if isinstance(midway, date) and midway <= held:
        problems.append((where("midway_date"), "The midway review must be after the review it follows."))
    if values.get("rearranged") is True and not values.get("rearranged_reason"):
        problems.append((where("rearranged_reason"), "This review was rearranged: say why in rearranged_reason "
                         "(or leave rearranged blank if it is not known)."))
    if values.get("rearranged") is False and values.get("rearranged_reason"):
        problems.append((where("rearranged"), "A reason for rearranging is given but rearranged is N; "
                         "set it to Y or clear the reason."))
    return problems


def _future(values: dict, today: date, where) -> list[tuple[str, str]]:
    return [(where(c), f"This date is in the future; only reviews already held can be imported (today is "
             f"{today:%d/%m/%Y}).") for c in DATE_COLUMNS if isinstance(values.get(c), date) and values[c] > today]


def parse(source: str | Path | bytes, today: date | None = None) -> HistoryFile:
    """Read and check a review history CSV (a path, or its bytes). Raises ``ExtractProblems``
    (a ``ValidationError``) listing every problem by row and column; the vault is not touched."""
    today = today or date.today()
    warnings: list[str] = []
    data, name = read_source(source, "review history CSV file")
    text = decode_text(data, warnings)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=lambda d: sum(normalise_heading(c) in COLUMNS
                                                        for c in next(csv.reader([first], delimiter=d), [])))
    if delimiter != ",":
        warnings.append(f"The file separates values with {'semicolons' if delimiter == ';' else 'tabs'} rather "
                        "than commas; it was read that way.")
    records = csv_records(text, delimiter)
    blank = [all(not clean_cell(c) for c in r) for r in records]
    header_index = next((i for i, b in enumerate(blank) if not b), None)
    if header_index is None:
        raise ExtractProblems([("file", "The file is empty. Save the review history as CSV again.")])
    header = [normalise_heading(c) for c in records[header_index]]
    header_row = header_index + 1
    problems: list[tuple[str, str]] = []
    positions: dict[str, int] = {}
    for i, heading in enumerate(header):
        if heading in COLUMNS:
            if heading in positions:
                problems.append((f"row {header_row}, column {heading}",
                                 f"The column {heading} appears twice (columns {column_letter(positions[heading])} "
                                 f"and {column_letter(i)}); keep only one."))
            else:
                positions[heading] = i
        elif heading:
            warnings.append(f"Column {column_letter(i)} has a heading the review history import does not use; "
                            "that column was ignored.")
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        problems.append((f"row {header_row}", f"Required column{'s are' if len(missing) > 1 else ' is'} missing: "
                         f"{', '.join(missing)}. The first row must name every one of these columns: "
                         f"{', '.join(REQUIRED)}."))
    if problems:
        raise ExtractProblems(problems)
    data_rows = [(i + 1, r) for i, r in enumerate(records) if i > header_index and not blank[i]]
    if not data_rows:
        raise ExtractProblems([("file", "The file has a heading row but no reviews in it. Nothing was imported.")])

    rows: list[HistoryRow] = []
    cells: dict[str, str] = {}
    seen: dict[tuple[str, date], int] = {}
    for row_number, record in data_rows:
        def where(column: str, n: int = row_number) -> str:
            return f"row {n}, column {column}"

        if any(clean_cell(record[j]) for j in range(len(header), len(record))):
            problems.append((f"row {row_number}", "This row has more values than there are headings; check for "
                             "a stray comma."))
            continue
        values: dict[str, object] = {}
        row_problems: list[tuple[str, str]] = []
        for column, index in positions.items():
            raw = clean_cell(record[index]) if index < len(record) else ""
            cells[where(column)] = raw
            bad = CONTROL_CHARS.search(raw)
            if bad:
                row_problems.append((where(column), f"This cell contains an invisible control character "
                                     f"(U+{ord(bad.group()):04X}); delete it and save the file again."))
                continue
            if not raw:
                if column in MUST_HAVE:
                    row_problems.append((where(column), f"The {column.replace('_', ' ')} is missing; every "
                                         "review needs one."))
                values[column] = None
                continue
            if column == "child_id" and any(ch.isspace() for ch in raw):
                row_problems.append((where(column), "The child's id must not contain spaces."))
                continue
            try:
                values[column] = _value(column, raw)
            except BadCell as exc:
                row_problems.append((where(column), str(exc)))
        row_problems += _row_rules(values, where) + _future(values, today, where)
        cid, held = values.get("child_id"), values.get("review_date")
        if isinstance(cid, str) and isinstance(held, date):
            key = (cid.casefold(), held)
            if key in seen:
                row_problems.append((where("review_date"), f"The same child's review on this date is also on row "
                                     f"{seen[key]}; each review must appear once."))
            else:
                seen[key] = row_number
        problems += row_problems
        if not row_problems:
            rows.append(HistoryRow(row=row_number, **{k: v for k, v in values.items() if v is not None}))
    if problems:
        raise ExtractProblems(problems, {w: cells[w] for w, _m in problems if w in cells})
    return HistoryFile(name, hashlib.sha256(data).hexdigest(), list(positions), rows, warnings, today)


# ---- against the vault ---------------------------------------------------------------------

def plan(vault: Vault, history: HistoryFile) -> HistoryPlan:
    """Check the file against the vault (unknown children, the PN0 rule, dates before birth)
    and sort its reviews into new and already there. Raises ``ExtractProblems``; reads only."""
    with vault.read() as db:
        conn = db.conn
        seq = audit_seq(db)
        children = {cid: date.fromisoformat(dob) for cid, dob in
                    conn.execute("SELECT child_id, date_of_birth FROM child")}
        held = {(cid, day) for cid, day in conn.execute("SELECT child_id, review_date FROM review")}
    by_fold = {cid.casefold(): cid for cid in children}
    result = HistoryPlan(history.source, history.digest, history.today, seq, warnings=list(history.warnings))
    problems: list[tuple[str, str]] = []
    for row in history.rows:
        def where(column: str, n: int = row.row) -> str:
            return f"row {n}, column {column}"

        child_id = row.child_id if row.child_id in children else by_fold.get(row.child_id.casefold())
        if child_id is None:
            problems.append((where("child_id"), "No child with this id is in the vault; import the caseload "
                             "first, or correct the id."))
            continue
        row.child_id = child_id
        dob = children[child_id]
        if row.review_date < dob:
            problems.append((where("review_date"), "This date is before the child's date of birth."))
            continue
        if codes.participation_problem(row.participation_code, dob, row.review_date):
            # The rule is codes.py's; the words here name no age, so a message carries nothing of the child.
            problems.append((where("participation_code"),
                             "PN0 is only for a child under 4 on the review date, and a child under 4 always "
                             "has PN0: this code does not fit the child's age on that date."))
            continue
        (result.already if (child_id, row.review_date.isoformat()) in held else result.new).append(row)
    if problems:
        raise ExtractProblems(problems)
    return result


def _now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _db(value):
    return int(value) if isinstance(value, bool) else value


def apply(vault: Vault, plan: HistoryPlan) -> HistoryImported:
    """Write the plan's new reviews, their details and their midway visits in one transaction,
    with one ``review.import_history`` audit row (and each review's and visit's own), or nothing.
    A backup is taken first, as for the caseload import, so an import can be undone."""
    midways = sum(1 for r in plan.new if r.midway_date)
    if not plan.has_changes:
        return HistoryImported(0, 0, len(plan.already))
    vault.backup_now("pre-import")
    with vault.transaction() as tx:
        if audit_seq(tx.db) != plan.audit_seq:
            raise StaleHistoryPlan()
        conn = tx.db.conn
        for row in plan.new:
            review = repository.add_review_tx(tx, row.child_id, Review(
                row.review_date, row.review_type, record_sent_date=row.record_distributed,
                decisions_circulated_date=row.decisions_circulated), plan.today)
            values = [_db(getattr(row, c)) for c in _HISTORY_DB_COLUMNS]
            values[_HISTORY_DB_COLUMNS.index("rearranged_reason")] = row.rearranged_reason or None
            assignments = ", ".join(f"{c} = ?" for c in _HISTORY_DB_COLUMNS)
            conn.execute(f"UPDATE review SET source = ?, {assignments} WHERE id = ?",
                         (SOURCE, *values, review.id))
            if row.midway_date:
                cur = conn.execute(
                    "INSERT INTO visit (child_id, visit_date, purpose, seen_alone, created_at) "
                    "VALUES (?, ?, ?, NULL, ?)", (row.child_id, row.midway_date.isoformat(), MIDWAY,
                                                  _now_utc()))
                tx.audit("visit.create", "visit", cur.lastrowid)
        tx.audit(AUDIT_ACTION, "import", plan.digest[:16])
    return HistoryImported(len(plan.new), midways, len(plan.already))


def import_file(vault: Vault, source: str | Path | bytes, *, today: date | None = None,
                dry_run: bool = False) -> tuple[HistoryPlan, HistoryImported | None]:
    """``parse``, ``plan`` and (unless ``dry_run``) ``apply``: what the command and the app's
    vault worker call."""
    history_plan = plan(vault, parse(source, today))
    return history_plan, None if dry_run else apply(vault, history_plan)

