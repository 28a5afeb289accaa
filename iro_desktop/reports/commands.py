"""The report commands of ``iro-desktop``: ``kpis`` (the period's figures, as a table, as JSON,
or as a team figures file saved or put on the outbox) and ``team-report`` (a folder of team
files merged).
``iro_desktop.cli`` adds them to its parser and hands in its own unlock, so this module never
imports the command line.

Exit codes: 0 done; 1 an error said in one sentence (no file could be counted, say); 2 a date
given wrongly.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Callable

EXIT_USAGE = 2
# The dates the rules are meant for (as ``cli``'s ``--on``).
EARLIEST, LATEST = date(1970, 1, 1), date(2199, 12, 31)


class BadPeriod(ValueError):
    pass


def add_parsers(sub, parents: list[argparse.ArgumentParser], *, unlock: Callable,
                read_secret: Callable) -> None:
    def bind(func: Callable) -> Callable:
        return lambda args: func(args, unlock)

    p = sub.add_parser("kpis", parents=parents, help="the annual report's figures for a period")
    _period_options(p)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON object (the figures)")
    out.add_argument("--export", metavar="FILE|FOLDER", type=Path,
                     help="save the figures as a team file (counts only, no names or ids) for the team report")
    out.add_argument("--outbox", action="store_true",
                     help="put the team file on the outbox, for the next sync to send to the council's store")
    p.set_defaults(func=bind(cmd_kpis))

    # Merging reads only the files in the folder: no vault is opened.
    p = sub.add_parser("team-report", parents=parents[:1], help="merge a team's figures files into the team's figures")
    p.add_argument("folder", metavar="FOLDER", type=Path, help="the folder holding the team's figures files (*.json)")
    _period_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object: the figures, the files used, the problems")
    p.set_defaults(func=bind(cmd_team_report))


def _period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="first day of the period (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day of the period (YYYY-MM-DD)")


def _day(text: str, option: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise BadPeriod(f"{option} needs a date as YYYY-MM-DD; '{text}' is not one.") from None
    if not EARLIEST <= value <= LATEST:
        raise BadPeriod(f"{option} needs a date between {EARLIEST:%d/%m/%Y} and {LATEST:%d/%m/%Y}.")
    return value


def period(args) -> tuple[date, date]:
    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    if end < start:
        raise BadPeriod(f"--to ({end:%d/%m/%Y}) is before --from ({start:%d/%m/%Y}); "
                        "give the first day, then the last.")
    return start, end


def _period_or_usage(args) -> tuple[date, date] | None:
    try:
        return period(args)
    except BadPeriod as exc:
        print(f"iro-desktop: {exc}", file=sys.stderr)
        return None


def cmd_kpis(args, unlock: Callable) -> int:
    from iro_desktop import command_inputs
    from iro_desktop.reports import kpis, table, team

    found = _period_or_usage(args)
    if found is None:
        return EXIT_USAGE
    start, end = found
    if args.export is not None:
        command_inputs.check_out(args.export)
    with unlock(args) as vault:
        if args.outbox:
            bundle_id = team.queue_export(vault, start, end)
            print(f"The figures for {start:%d/%m/%Y} to {end:%d/%m/%Y} are on the outbox ({bundle_id}); "
                  "the next sync sends them.")
            return 0
        if args.export is not None:
            saved = team.save_export(vault, start, end, args.export)
            print(f"Saved the figures for {start:%d/%m/%Y} to {end:%d/%m/%Y} as {saved}.")
            return 0
        figs = kpis.figures(vault, start, end)
    if args.json:
        print(json.dumps(figs, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(table.render(figs))
    return 0


def cmd_team_report(args, _unlock: Callable) -> int:
    from iro_desktop.errors import IroError
    from iro_desktop.reports import table, team

    found = _period_or_usage(args)
    if found is None:
        return EXIT_USAGE
    start, end = found
    if not args.folder.is_dir():
        raise IroError(f"{args.folder} is not a folder; give the folder that holds the team's figures files.")
    merged = team.merge_folder(args.folder, start, end)
    if args.json:
        print(json.dumps({"figures": merged.figures, "files_used": merged.files_used, "problems": merged.problems},
                         indent=2, ensure_ascii=False))
    else:
        if merged.figures is not None:
            sys.stdout.write(table.render(merged.figures, f"Team figures from {len(merged.files_used)} files"))
            print("\nFiles counted: " + ", ".join(merged.files_used))
        for problem in merged.problems:
            print(problem, file=sys.stderr)
    if merged.figures is None:
        print(f"iro-desktop: no figures file in {args.folder} could be counted for "
              f"{start:%d/%m/%Y} to {end:%d/%m/%Y}.", file=sys.stderr)
        return 1
    return 0
