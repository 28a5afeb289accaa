"""The commands ``import-reviews`` (an IRO's review history from a spreadsheet tracker) and
``export-903`` (the period's reviews in the DfE SSDA903 ``Reviews`` layout). ``iro_desktop.cli``
adds them to its parser and hands in its own unlock, so this module never imports the command
line.

Both print child ids only where showing them is the command's purpose (the preview of what an
import would add, the reviews a return leaves out); problems with a file name its row and
column, never a cell's text.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Callable

from iro_desktop.errors import IroError


def add_parsers(sub, parents: list[argparse.ArgumentParser], *, unlock: Callable,
                read_secret: Callable) -> None:
    def bind(func: Callable) -> Callable:
        return lambda args: func(args, unlock)

    p = sub.add_parser("import-reviews", parents=parents,
                       help="import your review history from a spreadsheet tracker (CSV)")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="check and preview only; change nothing")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=bind(cmd_import_reviews))

    p = sub.add_parser("export-903", parents=parents,
                       help="the period's reviews in the DfE SSDA903 Reviews layout (CSV)")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day (YYYY-MM-DD)")
    p.add_argument("--out", required=True, metavar="FILE.csv", type=Path, help="where to save the file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=bind(cmd_export_903))


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise IroError(f"{option} must be a date in the form YYYY-MM-DD.") from None


def cmd_import_reviews(args, unlock: Callable) -> int:
    from iro_desktop import files
    from iro_desktop.reports import history_import

    files.require_regular_file(Path(args.file), "review history file")  # before unlocking
    with unlock(args) as vault:
        plan, done = history_import.import_file(vault, Path(args.file), dry_run=args.dry_run)
    if args.json:
        print(json.dumps({
            "new": [{"row": r.row, "child_id": r.child_id, "review_date": r.review_date.isoformat(),
                     "review_type": r.review_type, "midway_date": r.midway_date.isoformat() if r.midway_date else None}
                    for r in plan.new],
            "already_in_vault": [{"row": r.row, "child_id": r.child_id, "review_date": r.review_date.isoformat()}
                                 for r in plan.already],
            "warnings": plan.warnings, "applied": done is not None,
            "imported": done.reviews if done else 0, "midways": done.midways if done else 0,
        }, indent=2))
        return 0
    for warning in plan.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    print(plan.summary())
    if done is None:
        print("Dry run: nothing was changed.")
    elif done.reviews:
        print(f"Imported {done.reviews} review{'s' if done.reviews != 1 else ''}.")
    else:
        print("Nothing new to import: nothing was changed.")
    return 0


def cmd_export_903(args, unlock: Callable) -> int:
    from iro_desktop import command_inputs
    from iro_desktop.reports import return_903

    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    command_inputs.check_out(args.out)
    if args.out.is_dir():
        raise IroError(f"{args.out} is a folder; give the name of the CSV file to save.")
    with unlock(args) as vault:
        result = return_903.export_903(vault, start, end, args.out)
    if args.json:
        print(json.dumps({"rows": len(result.rows), "file": str(args.out),
                          "refused": [{"child_id": r.child_id, "review_date": r.review_date.isoformat(),
                                       "reason": r.reason} for r in result.refused]}, indent=2))
        return 0
    print(result.summary())
    for refused in result.refused:
        print(f"Left out: {refused.line()}", file=sys.stderr)
    print(f"Saved {args.out}.")
    return 0
