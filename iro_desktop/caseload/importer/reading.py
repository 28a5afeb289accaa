"""Reading the extract: the bytes (size, encoding, delimiter), the CSV records, and every row
checked into an ``Extract``. Any bad value anywhere raises one ``ValidationError`` listing every
problem by row and column; nothing has touched the vault.

A problem's message says where (row and column) and what is wrong, never what the cell holds: a
name shifted into a date column would otherwise reach the command's stderr and anything that
logs it. The cell's text is kept beside the message instead (``ExtractProblems.cells``), for the
import preview on the IRO's own screen.

Only an ordinary file is read: a device (``/dev/zero``), a FIFO or a socket is refused before it
is opened, as reading one can hang or never end; at most ``MAX_FILE_BYTES`` are read."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from iro_desktop.caseload.importer.columns import (
    CONTROL_CHARS, _FIELD_TO_COLUMN, _LIST_FIELD_TO_COLUMN, _PARSERS, _REQUIRED_MESSAGES, COLUMNS, MAX_FILE_BYTES,
    PLACEMENT_COLUMNS, REQUIRED, BadCell, normalise_heading, clean_cell, column_letter,
)
from iro_desktop.caseload.model import Child, PeriodOfCare, Placement
from iro_desktop.caseload.validation import validate_child
from iro_desktop.errors import ValidationError

# Headings the app itself knows (its columns and the record's own field names): a warning may
# repeat one of these; any other heading is text from the file and is named by its letter only.
_APP_NAMES = frozenset(COLUMNS) | frozenset(f.name for f in dataclasses.fields(Child))

# ---- reading the bytes ---------------------------------------------------------------------

class ExtractProblems(ValidationError):
    """The extract's problems, as ``ValidationError``; ``cells`` maps a problem's place
    (``"row 3, column date_of_birth"``) to that cell's text as the file has it. The messages
    never quote a cell; ``cells`` is for the IRO's own screen (the import preview), never for a
    log or a message."""

    def __init__(self, problems: list[tuple[str, str]], cells: dict[str, str] | None = None) -> None:
        super().__init__(problems)
        self.cells = dict(cells or {})


def _problem(where: str, message: str) -> ValidationError:
    return ExtractProblems([(where, message)])


def _too_large(name: str, what: str) -> ValidationError:
    return _problem("file", f"The file {name} is too large to be a {what} "
                    f"(over {MAX_FILE_BYTES // (1024 * 1024)} MB). Check that you chose the right file.")


def _special(path: Path, what: str) -> ValidationError:
    return _problem("file", f"{path} is a device, pipe or other special file, not a CSV file, so it was not "
                    f"opened. Choose the {what}.")


def _open_for_reading(path: Path):
    return os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)), "rb")


def read_source(source: str | Path | bytes, what: str = "caseload CSV file") -> tuple[bytes, str]:
    """The bytes of a CSV file given by path (or the bytes themselves) and its name for messages;
    ``what`` names the file the IRO should choose instead ("caseload CSV file")."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "the file"
    path = Path(source)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise _problem("file", f"{path} is a folder, not a file. Choose the {what}.")
        if not stat.S_ISREG(st.st_mode):
            raise _special(path, what)  # before opening: a FIFO would hang the open, /dev/zero never ends
        if st.st_size > MAX_FILE_BYTES:
            raise _too_large(path.name, what)
        # Non-blocking, and checked again once open, in case a pipe was put there meanwhile.
        with _open_for_reading(path) as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise _special(path, what)
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise _too_large(path.name, what)
        return data, path.name
    except (FileNotFoundError, NotADirectoryError):
        raise _problem("file", f"The file {path.name} was not found in {path.parent}. "
                       "Check the name and folder, then try again.") from None
    except PermissionError:
        raise _problem("file", f"The file {path.name} cannot be read: permission was refused. "
                       "Close it in Excel or copy it somewhere you can read, then try again.") from None
    except OSError as exc:
        raise _problem("file", f"The file {path.name} cannot be read ({exc.strerror or 'an error from the system'}).") from None


def decode_text(data: bytes, warnings: list[str]) -> str:
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
    if len(CONTROL_CHARS.findall(text)) > max(2, len(text) // 100):
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
        hits = sum(normalise_heading(c) in COLUMNS for c in cells)
        if hits > best_hits:
            best, best_hits = delimiter, hits
    if best != ",":
        name = "semicolons" if best == ";" else "tabs"
        warnings.append(f"The file separates values with {name} rather than commas; it was read that way.")
    return best


def csv_records(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        raise _problem(f"row {len(records) + 1}", f"This row cannot be read as CSV ({exc}). "
                       "Check for a stray quotation mark.") from None
    return records


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
    data, name = read_source(source)
    text = decode_text(data, warnings)
    records = csv_records(text, _pick_delimiter(text, warnings))

    def is_blank(record: list[str]) -> bool:
        return all(not clean_cell(c) for c in record)

    header_index = next((i for i, r in enumerate(records) if not is_blank(r)), None)
    if header_index is None:
        raise _problem("file", "The file is empty. Export the caseload from the council system again.")
    header = [normalise_heading(c) for c in records[header_index]]
    header_row = header_index + 1
    problems: list[tuple[str, str]] = []
    positions: dict[str, int] = {}
    unnamed: list[int] = []
    for i, heading in enumerate(header):
        if not heading:
            unnamed.append(i)
        elif heading in positions:
            # Only a heading IRO Desktop knows is named: any other is text from the file.
            named = f"column {heading}" if heading in COLUMNS else f"column {column_letter(i)}"
            what = f"The column {heading}" if heading in COLUMNS else "This heading"
            problems.append((f"row {header_row}, {named}",
                             f"{what} appears twice (columns {column_letter(positions[heading])} "
                             f"and {column_letter(i)}); keep only one."))
        elif heading in COLUMNS:
            positions[heading] = i
        elif heading in _APP_NAMES:  # a name the app itself gives a field: safe to repeat
            positions[heading] = i
            warnings.append(f"The column {heading} (column {column_letter(i)}) is not one the import "
                            "fills in; it was ignored.")
        else:
            positions[heading] = i
            warnings.append(f"Column {column_letter(i)} has a heading IRO Desktop does not use; that column "
                            "was ignored.")
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        problems.append((f"row {header_row}",
                         f"Required column{'s are' if len(missing) > 1 else ' is'} missing: "
                         f"{', '.join(missing)}. The first row must name every one of these columns: "
                         f"{', '.join(REQUIRED)}."))
    if problems:
        raise ExtractProblems(problems)
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
    cells: dict[str, str] = {}  # a problem's place -> the cell's text, for the preview only
    for row_number, record in data_rows:
        extra = [j for j in range(len(header), len(record)) if clean_cell(record[j])]
        if extra:
            problems.append((f"row {row_number}",
                             f"This row has more values than there are headings (a value in column "
                             f"{column_letter(extra[0])}); check for a stray comma."))
            continue
        values: dict[str, object] = {}
        flagged: set[str] = set()
        raw_cells: dict[str, str] = {}
        for column, index in known.items():
            raw = clean_cell(record[index]) if index < len(record) else ""
            raw_cells[f"row {row_number}, column {column}"] = raw
            col = COLUMNS[column]
            bad = CONTROL_CHARS.search(raw)
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
            except BadCell as exc:
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
                                 f"This child's id is also on row {first_seen[key]}; each child must "
                                 "appear only once."))
            else:
                first_seen[key] = row_number
        cells.update((where, raw_cells[where]) for where, _message in problems if where in raw_cells)
        if placement_start_missing and child.placements:
            warnings.append(f"Row {row_number} has a placement but no placement start; the date the "
                            "child became looked after was used.")
        rows.append(ExtractRow(row_number, values, child, placement_start_missing))
    if problems:
        raise ExtractProblems(problems, cells)
    return Extract(name, hashlib.sha256(data).hexdigest(), [c for c in known], rows, warnings, today)
