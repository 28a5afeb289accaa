"""Import of the council's caseload extract (CSV), in three steps, each a module of its own.

1. ``parse(source)`` (``reading``, with the column contract in ``columns``) reads and checks the
   whole file. Any bad value anywhere raises one ``ValidationError`` listing every problem by row
   and column; nothing has touched the vault.
2. ``plan(vault, extract)`` (``planning``) compares the file with the vault (read only) and says
   what would change: new children, changed fields, children to mark as no longer allocated,
   unchanged.
3. ``apply(vault, plan)`` (``applying``) writes the plan in one transaction, or nothing at all.

Row numbers are spreadsheet rows as the IRO sees them in Excel: the heading row is row 1.
Warnings and error messages carry row and column names, never a cell's text (a problem's cell
is kept apart, in ``ExtractProblems.cells``, for the IRO's own screen). The preview
lines (``ImportPlan.lines``) do name children: they are for the screen, never for a log.
"""

from iro_desktop.caseload.importer.applying import StalePlan, apply
from iro_desktop.caseload.importer.columns import (
    COLUMNS, DATE_FORMATS_HINT, MAX_FILE_BYTES, PLACEMENT_COLUMNS, REQUIRED, Column, clean_cell, column_letter,
    parse_bool, parse_date,
)
from iro_desktop.caseload.importer.planning import ChildChange, ImportPlan, plan, preview, show
from iro_desktop.caseload.importer.reading import Extract, ExtractProblems, ExtractRow, parse

__all__ = [
    "COLUMNS", "DATE_FORMATS_HINT", "MAX_FILE_BYTES", "PLACEMENT_COLUMNS", "REQUIRED", "ChildChange", "Column",
    "Extract", "ExtractProblems", "ExtractRow", "ImportPlan", "StalePlan", "apply", "clean_cell", "column_letter", "parse",
    "parse_bool", "parse_date", "plan", "preview", "show",
]
