"""Import of the council's caseload extract (CSV), in three steps.

1. ``parse(source)`` reads and checks the whole file. Any bad value anywhere raises one
   ``ValidationError`` listing every problem by row and column; nothing has touched the vault.
2. ``plan(vault, extract)`` compares the file with the vault (read only) and says what would
   change: new children, changed fields, children to mark as no longer allocated, unchanged.
3. ``apply(vault, plan)`` writes the plan in one transaction, or nothing at all.

Row numbers are spreadsheet rows as the IRO sees them in Excel: the heading row is row 1.
Warnings and error messages carry row and column names, never a child's name. The preview
lines (``ImportPlan.lines``) do name children: they are for the screen, never for a log.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from iro_desktop.caseload import codes, repository
from iro_desktop.caseload.model import Child, PeriodOfCare, Placement
from iro_desktop.caseload.validation import (
    email_problem, normalise_postcode_district, postcode_district_problem, validate_child,
)
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.vault import Vault

# A caseload of 85 children is a few kilobytes; anything this large is the wrong file.
MAX_FILE_BYTES = 20 * 1024 * 1024

DATE_FORMATS_HINT = "use YYYY-MM-DD or DD/MM/YYYY"


# ---- the column contract -------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, date, bool, int, legal_status, placement_type, gender, postcode, email
    attr: str | None  # the Child attribute it fills; None for period/placement columns
    label: str  # for preview lines


COLUMNS: dict[str, Column] = {c.name: c for c in [
    Column("child_id", "text", "child_id", "id"),
    Column("first_name", "text", "first_name", "first name"),
    Column("preferred_name", "text", "preferred_name", "preferred name"),
    Column("last_name", "text", "last_name", "last name"),
    Column("date_of_birth", "date", "date_of_birth", "date of birth"),
    Column("gender", "gender", "gender", "gender"),
    Column("pronouns", "text", "pronouns", "pronouns"),
    Column("ethnicity", "text", "ethnicity", "ethnicity"),
    Column("first_language", "text", "first_language", "first language"),
    Column("interpreter_needed", "bool", "interpreter_needed", "interpreter needed"),
    Column("communication_needs", "text", "communication_needs", "communication needs"),
    Column("legal_status", "legal_status", None, "legal status"),
    Column("date_became_looked_after", "date", None, "date became looked after"),
    Column("placement_type", "placement_type", None, "placement type"),
    Column("placement_start", "date", None, "placement start"),
    Column("placement_area", "text", None, "placement area"),
    Column("placement_postcode", "postcode", None, "placement postcode district"),
    Column("carer_name", "text", None, "carer"),
    Column("social_worker_name", "text", "social_worker_name", "social worker"),
    Column("social_worker_email", "email", "social_worker_email", "social worker email"),
    Column("social_worker_team", "text", "social_worker_team", "social worker team"),
    Column("school", "text", "school", "school"),
    Column("disability", "bool", "disability", "disability"),
    Column("uasc", "bool", "uasc", "unaccompanied asylum-seeking child"),
    Column("care_leaver", "bool", "care_leaver", "care leaver"),
    Column("last_review_date", "date", "seed_last_review_date", "last review date (from the extract)"),
    Column("reviews_held", "int", "seed_reviews_held", "reviews held (from the extract)"),
    Column("sibling_group", "text", "sibling_group", "sibling group"),
]}

REQUIRED = ("child_id", "first_name", "last_name", "date_of_birth", "date_became_looked_after")
PLACEMENT_COLUMNS = {  # column -> Placement attribute
    "placement_type": "placement_type", "carer_name": "carer_name", "placement_area": "area",
    "placement_postcode": "postcode_district", "placement_start": "start_date",
}

# validate_child's field names -> the column that holds that value in the file.
_FIELD_TO_COLUMN = {c.attr: c.name for c in COLUMNS.values() if c.attr}
_LIST_FIELD_TO_COLUMN = {
    ("periods", "start_date"): "date_became_looked_after",
    ("periods", "end_date"): "date_became_looked_after",
    ("periods", "legal_status"): "legal_status",
    ("placements", "start_date"): "placement_start",
    ("placements", "end_date"): "placement_start",
    ("placements", "placement_type"): "placement_type",
    ("placements", "postcode_district"): "placement_postcode",
}

_TRUE = {"y", "yes", "true", "1"}
_FALSE = {"n", "no", "false", "0"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_FORMULA_QUOTED = re.compile(r'^="(.*)"$', re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The 903 return codes gender 1 (male) and 2 (female); some extracts keep those digits.
_GENDER_DIGITS = {"1": "M", "2": "F"}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names the column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _normalise_heading(text: str) -> str:
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def clean_cell(value: str) -> str:
    """Undo what Excel does to a cell: stray spaces and ``="0123"`` formula quoting."""
    text = value.replace("\xa0", " ").strip()
    m = _FORMULA_QUOTED.match(text)
    if m:
        text = m.group(1).strip()
    return text


# ---- reading the bytes ---------------------------------------------------------------------

def _problem(where: str, message: str) -> ValidationError:
    return ValidationError([(where, message)])


def _read_source(source: str | Path | bytes) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "the file"
    path = Path(source)
    try:
        if path.is_dir():
            raise _problem("file", f"{path} is a folder, not a file. Choose the caseload CSV file.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _problem("file", f"The file {path.name} is too large to be a caseload extract "
                           f"(over {MAX_FILE_BYTES // (1024 * 1024)} MB). Check that you chose the right file.")
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise _problem("file", f"The file {path.name} was not found in {path.parent}. "
                       "Check the name and folder, then try again.") from None
    except PermissionError:
        raise _problem("file", f"The file {path.name} cannot be read: permission was refused. "
                       "Close it in Excel or copy it somewhere you can read, then try again.") from None
    except OSError as exc:
        raise _problem("file", f"The file {path.name} cannot be read ({exc.strerror or exc}).") from None


def _decode(data: bytes, warnings: list[str]) -> str:
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _problem("file", "The file is empty. Export the caseload from the council system again.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _problem("file", "This is an Excel workbook, not a CSV file. In Excel choose "
                       "File > Save As > 'CSV UTF-8 (Comma delimited)', then import that file.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _problem("file", "The file says it is UTF-16 text but cannot be read as such. "
                           "Save it from Excel as 'CSV UTF-8 (Comma delimited)'.") from None
        warnings.append("The file was saved as UTF-16 ('Unicode Text'); it was read as such.")
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _problem("file", f"The file says it is UTF-8 but byte {exc.start + 3} is not valid "
                           "UTF-8. Save it from Excel as 'CSV UTF-8 (Comma delimited)'.") from None
    elif b"\x00" in data:
        raise _not_csv()
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Only now, with UTF-8 ruled out, is this taken for Excel's older Windows format.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise _not_csv() from None
            warnings.append("The file is not UTF-8, so it was read as Windows-1252 (Excel's older "
                            "'CSV (Comma delimited)' format). Check accented letters in names in the "
                            "preview; saving as 'CSV UTF-8' avoids this.")
    # A stray control character in one cell is the cell's problem (reported by row and
    # column); many of them mean this is not text at all.
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise _not_csv()
    return text


def _not_csv() -> ValidationError:
    return _problem("file", "This does not look like a CSV text file (it contains binary data). "
                    "Export the caseload from the council system as CSV and choose that file.")


def _pick_delimiter(text: str, warnings: list[str]) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_hits = ",", -1
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([first], delimiter=delimiter), [])
        hits = sum(_normalise_heading(c) in COLUMNS for c in cells)
        if hits > best_hits:
            best, best_hits = delimiter, hits
    if best != ",":
        name = "semicolons" if best == ";" else "tabs"
        warnings.append(f"The file separates values with {name} rather than commas; it was read that way.")
    return best


def _records(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        raise _problem(f"row {len(records) + 1}", f"This row cannot be read as CSV ({exc}). "
                       "Check for a stray quotation mark.") from None
    return records


# ---- parsing values ------------------------------------------------------------------------

class _Bad(Exception):
    """A cell value that cannot be used; the message says why."""


def parse_date(text: str) -> date:
    m = _ISO_DATE.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _UK_DATE.match(text)
        if not m:
            raise _Bad(f"'{text}' is not a date in a form this import accepts; {DATE_FORMATS_HINT}.")
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        raise _Bad(f"'{text}' is not a real date; {DATE_FORMATS_HINT}.") from None


def parse_bool(text: str) -> bool:
    low = text.lower()
    if low == "" or low in _FALSE:
        return False
    if low in _TRUE:
        return True
    raise _Bad(f"'{text}' is not a yes/no value; use Y or N (blank means N).")


def _parse_int(text: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise _Bad(f"'{text}' is not a whole number; use 0 or more.")
    value = int(text)
    if value < 0:
        raise _Bad(f"'{text}' is negative; the number of reviews held must be 0 or more.")
    return value


def _parse_code(text: str, valid, what: str) -> str:
    code = text.upper()
    if code not in valid:
        raise _Bad(f"'{text}' is not a {what}. Use one of: {codes.hint(valid)}.")
    return code


def _parse_gender(text: str) -> str:
    code = text.upper()
    if code in codes.GENDERS:
        return code
    word = codes.GENDER_WORDS.get(text.lower()) or _GENDER_DIGITS.get(text)
    if word:
        return word
    raise _Bad(f"'{text}' is not a gender this import knows. Use one of: {codes.hint(codes.GENDERS)} "
               "(or Female, Male).")


def _parse_postcode(text: str) -> str:
    problem = postcode_district_problem(text)
    if problem:
        raise _Bad(problem)
    return normalise_postcode_district(text)  # type: ignore[return-value]


def _parse_email(text: str) -> str:
    problem = email_problem(text)
    if problem:
        raise _Bad(problem)
    return text


_PARSERS: dict[str, Callable[[str], object]] = {
    "text": lambda t: t,
    "date": parse_date,
    "bool": parse_bool,
    "int": _parse_int,
    "legal_status": lambda t: _parse_code(t, codes.LEGAL_STATUSES, "903 legal status code"),
    "placement_type": lambda t: _parse_code(t, codes.PLACEMENT_TYPES, "903 placement type code"),
    "gender": _parse_gender,
    "postcode": _parse_postcode,
    "email": _parse_email,
}

_REQUIRED_MESSAGES = {
    "child_id": "The child's id is missing; every row needs the council's id for the child.",
    "first_name": "The first name is missing; every child needs one.",
    "last_name": "The last name is missing; every child needs one.",
    "date_of_birth": "The date of birth is missing; every child needs one.",
    "date_became_looked_after": "The date the child became looked after is missing; every child needs one.",
}


# ---- the parsed file -----------------------------------------------------------------------

@dataclass
class ExtractRow:
    row: int  # spreadsheet row number (the heading row is 1)
    values: dict[str, object]  # parsed value for every column the file has
    child: Child  # the child as this row describes it (no ids, no reviews)
    placement_start_missing: bool = False


@dataclass
class Extract:
    """A caseload file read and checked in full; nothing in it refers to the vault yet."""

    source: str
    digest: str  # SHA-256 of the file's bytes: names the import in the audit log
    columns: list[str]
    rows: list[ExtractRow]
    warnings: list[str]
    today: date

    def has(self, column: str) -> bool:
        return column in self.columns


def _blank(value: object) -> bool:
    return value is None or value == ""


def _build_child(values: dict[str, object]) -> tuple[Child, bool]:
    def text(col: str) -> str | None:
        v = values.get(col)
        return None if _blank(v) else v  # type: ignore[return-value]

    child = Child(child_id=values.get("child_id") or "", first_name=values.get("first_name") or "",
                  last_name=values.get("last_name") or "",
                  date_of_birth=values.get("date_of_birth"))  # type: ignore[arg-type]
    for col in COLUMNS.values():
        if col.attr and col.name in values and col.name not in REQUIRED:
            setattr(child, col.attr, values[col.name] if col.kind in ("bool", "int") else text(col.name))
    start = values.get("date_became_looked_after")
    if isinstance(start, date):
        child.periods = [PeriodOfCare(start, text("legal_status"))]
    placement_start_missing = False
    details = {attr: text(col) for col, attr in PLACEMENT_COLUMNS.items() if col != "placement_start"}
    if any(details.values()) or isinstance(values.get("placement_start"), date):
        pstart = values.get("placement_start")
        if not isinstance(pstart, date):
            placement_start_missing = True
            pstart = start if isinstance(start, date) else None
        if pstart is not None:
            child.placements = [Placement(pstart, **details)]  # type: ignore[arg-type]
    return child, placement_start_missing


def _column_for(where: str) -> str | None:
    """``periods[0].start_date`` -> ``date_became_looked_after``; None if no column holds it."""
    m = re.fullmatch(r"(\w+)\[\d+\]\.(\w+)", where)
    if m:
        return _LIST_FIELD_TO_COLUMN.get((m.group(1), m.group(2)))
    return _FIELD_TO_COLUMN.get(where)


def _row_problems(row_number: int, child: Child, today: date, flagged: set[str]) -> list[tuple[str, str]]:
    """validate_child's problems with the file's row and column names; already-flagged cells skipped."""
    out = []
    for where, message in validate_child(child, today):
        column = _column_for(where)
        if column in flagged:
            continue
        out.append((f"row {row_number}, column {column}" if column else f"row {row_number}", message))
    return out


def parse(source: str | Path | bytes, today: date | None = None) -> Extract:
    """Read and check a caseload CSV (a path, or the file's bytes). Raises ValidationError."""
    today = today or date.today()
    warnings: list[str] = []
    data, name = _read_source(source)
    text = _decode(data, warnings)
    records = _records(text, _pick_delimiter(text, warnings))

    def is_blank(record: list[str]) -> bool:
        return all(not clean_cell(c) for c in record)

    header_index = next((i for i, r in enumerate(records) if not is_blank(r)), None)
    if header_index is None:
        raise _problem("file", "The file is empty. Export the caseload from the council system again.")
    header = [_normalise_heading(c) for c in records[header_index]]
    header_row = header_index + 1
    problems: list[tuple[str, str]] = []
    positions: dict[str, int] = {}
    unnamed: list[int] = []
    for i, heading in enumerate(header):
        if not heading:
            unnamed.append(i)
        elif heading in positions:
            problems.append((f"row {header_row}, column {heading}",
                             f"The column {heading} appears twice (columns {column_letter(positions[heading])} "
                             f"and {column_letter(i)}); keep only one."))
        elif heading in COLUMNS:
            positions[heading] = i
        else:
            positions[heading] = i
            warnings.append(f"The column '{heading}' (column {column_letter(i)}) is not one IRO Desktop "
                            "uses; it was ignored.")
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        problems.append((f"row {header_row}",
                         f"Required column{'s are' if len(missing) > 1 else ' is'} missing: "
                         f"{', '.join(missing)}. The first row must name every one of these columns: "
                         f"{', '.join(REQUIRED)}."))
    if problems:
        raise ValidationError(problems)
    known = {c: i for c, i in positions.items() if c in COLUMNS}

    data_rows = [(i + 1, r) for i, r in enumerate(records) if i > header_index and not is_blank(r)]
    if not data_rows:
        raise _problem("file", "The file has a heading row but no children in it. Nothing was imported; "
                       "export the caseload again.")
    for i in unnamed:
        if any(i < len(r) and clean_cell(r[i]) for _, r in data_rows):
            warnings.append(f"Column {column_letter(i)} has values but no heading; it was ignored.")

    rows: list[ExtractRow] = []
    first_seen: dict[str, int] = {}
    for row_number, record in data_rows:
        extra = [j for j in range(len(header), len(record)) if clean_cell(record[j])]
        if extra:
            problems.append((f"row {row_number}",
                             f"This row has more values than there are headings (a value in column "
                             f"{column_letter(extra[0])}); check for a stray comma."))
            continue
        values: dict[str, object] = {}
        flagged: set[str] = set()
        for column, index in known.items():
            raw = clean_cell(record[index]) if index < len(record) else ""
            col = COLUMNS[column]
            bad = _CONTROL.search(raw)
            if bad:
                problems.append((f"row {row_number}, column {column}",
                                 f"This cell contains an invisible control character (U+{ord(bad.group()):04X}); "
                                 "delete it in the spreadsheet and save the file again."))
                flagged.add(column)
                values[column] = None
                continue
            if not raw:
                if column in REQUIRED:
                    problems.append((f"row {row_number}, column {column}", _REQUIRED_MESSAGES[column]))
                    flagged.add(column)
                values[column] = False if col.kind == "bool" else None
                continue
            try:
                values[column] = _PARSERS[col.kind](raw)
            except _Bad as exc:
                problems.append((f"row {row_number}, column {column}", str(exc)))
                flagged.add(column)
                values[column] = None
        child, placement_start_missing = _build_child(values)
        problems += _row_problems(row_number, child, today, flagged)
        cid = values.get("child_id")
        if isinstance(cid, str) and cid:
            key = cid.casefold()
            if key in first_seen:
                problems.append((f"row {row_number}, column child_id",
                                 f"The id {cid} is also on row {first_seen[key]}; each child must "
                                 "appear only once."))
            else:
                first_seen[key] = row_number
        if placement_start_missing and child.placements:
            warnings.append(f"Row {row_number} has a placement but no placement start; the date the "
                            "child became looked after was used.")
        rows.append(ExtractRow(row_number, values, child, placement_start_missing))
    if problems:
        raise ValidationError(problems)
    return Extract(name, hashlib.sha256(data).hexdigest(), [c for c in known], rows, warnings, today)


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
                             f"{show(start)} is before the start of the current period of care "
                             f"({show(current.start_date)}) and overlaps an earlier period; check the date."))
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


def _audit_seq(db) -> int:
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
        seq = _audit_seq(db)
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
        raise ValidationError(problems)
    allocated_now = sum(1 for c in existing.values() if c.allocated)
    if allocated_now >= 4 and len(result.not_allocated) * 2 > allocated_now:
        result.warnings.append(f"{len(result.not_allocated)} of the {allocated_now} children on your "
                               "caseload are not in this file. Check that it is your own caseload extract "
                               "before applying it.")
    return result


def preview(vault: Vault, source: str | Path | bytes, today: date | None = None) -> ImportPlan:
    """``parse`` then ``plan``: what the import dialog shows before the IRO says yes."""
    return plan(vault, parse(source, today), today)


class StalePlan(IroError):
    def __init__(self) -> None:
        super().__init__("The caseload changed after this import was previewed. Preview the import "
                         "again before applying it. Nothing was changed.")


def apply(vault: Vault, plan: ImportPlan) -> None:
    """Write ``plan`` in one transaction: all of it or, on any error, nothing.

    An encrypted backup is taken first, so even a correct import that the IRO regrets can be
    undone from the backups list. Every child is checked and tidied before the transaction
    (``repository.prepare``), so it holds the vault's write lock for the writes alone: autosaved
    drafts, written meanwhile on a connection of their own, wait at most that long."""
    if plan.has_changes:
        vault.backup_now("pre-import")
    new = repository.prepare([c.child for c in plan.new if c.child], plan.today)
    assert all(change.child is not None for change in plan.changed)
    changed = repository.prepare([c.child for c in plan.changed], plan.today)  # type: ignore[misc]
    with vault.transaction() as tx:
        if _audit_seq(tx.db) != plan.audit_seq:
            raise StalePlan()
        if new:
            repository.insert_children_tx(tx, new, today=plan.today, prepared=True)
        for child in changed:
            repository.update_child_tx(tx, child, today=plan.today, prepared=True)
        for change in plan.not_allocated:
            repository.set_allocated_tx(tx, change.child_id, False, plan.today)
        tx.audit("import.apply", "import", plan.digest[:16])
