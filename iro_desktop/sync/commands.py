"""The sync commands of ``iro-desktop``: ``sync``, ``outbox``, ``config set`` and ``config
credential``. ``iro_desktop.cli`` adds them to its parser and hands in its own unlock and secret
reading, so this module never imports the command line (no cycle) and ``cli.py`` stays small.

Exit codes: 0 when everything due was synced (or nothing was due); 4 when records wait (the
target cannot be reached, or a failure will be retried); 5 when the target refused the sign-in;
6 when a record was not sent because different bytes are already at its place (a conflict).
Every failure prints one plain sentence to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Callable

EXIT_WAITING, EXIT_SIGNIN, EXIT_CONFLICT = 4, 5, 6
KEEP_GOING_MAX_WAIT_S = 300.0  # without --once: wait at most this long for retries that are due soon


def add_parsers(sub, parents: list[argparse.ArgumentParser], *, unlock: Callable,
                read_secret: Callable) -> None:
    def bind(func: Callable) -> Callable:
        return lambda args: func(args, unlock, read_secret)

    p = sub.add_parser("sync", parents=parents, help="send finalised records in the outbox to the council")
    p.add_argument("--once", action="store_true", help="one pass over what is due now, no waiting for retries")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=bind(cmd_sync))

    p = sub.add_parser("outbox", parents=parents, help="list the outbox: each export, its state and receipt")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=bind(cmd_outbox))

    p = sub.add_parser("config", help="this vault's settings")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    c = csub.add_parser("set", parents=parents, help="set sync.target, sync.ca_bundle or sync.retention_days")
    c.add_argument("key", metavar="KEY")
    c.add_argument("value", metavar="VALUE")
    c.set_defaults(func=bind(cmd_config_set))
    c = csub.add_parser("credential", parents=parents, help="store the sign-in for the sync target in the vault")
    c.add_argument("which", choices=["sync"], help="the credential to set")
    c.add_argument("--username", metavar="NAME")
    c.add_argument("--password-file", metavar="PATH", help="read the password from PATH")
    c.add_argument("--token-file", metavar="PATH", help="read a bearer token from PATH")
    c.set_defaults(func=bind(cmd_config_credential))


def _print_results(results, as_json: bool, counts: dict, stopped_by: str | None) -> None:
    if as_json:
        print(json.dumps({"results": [r.to_json() for r in results], "stopped_by": stopped_by,
                          "outbox": counts}, indent=2))
        return
    for r in results:
        line = f"{r.outcome:<8} {r.folder}  ({r.bundle_id})"
        if r.reason and r.outcome != "synced":
            line += f"\n         {r.reason}"
        print(line)
    waiting = sum(n for s, n in counts.items() if s != "synced")
    print(f"{counts['synced']} synced in all; {waiting} waiting.")


def cmd_sync(args, unlock: Callable, _read_secret: Callable) -> int:
    from iro_desktop.sync import config, drain, outbox

    with unlock(args) as vault:
        lane = vault.lane(drain.LANE)  # sync's own connection, as in the app
        outbox.requeue_interrupted(lane)
        target = config.target_for(lane)
        results: dict[str, drain.BundleResult] = {}
        waited = 0.0
        while True:
            report = drain.drain(lane, target)
            results.update((r.bundle_id, r) for r in report.results)
            if args.once or report.stopped_by:
                break
            upcoming = [e.next_try_at for e in outbox.entries(lane, (outbox.FAILED,)) if e.next_try_at]
            if not upcoming:
                break
            delay = max(0.0, (_parse(min(upcoming)) - outbox.now_utc()).total_seconds()) + 0.5
            if waited + delay > KEEP_GOING_MAX_WAIT_S:
                break
            time.sleep(delay)
            waited += delay
        counts = outbox.counts(lane)
        _print_results(list(results.values()), args.json, counts, report.stopped_by)
    outcomes = [r.outcome for r in results.values()]
    if drain.SIGNIN in outcomes:
        print("iro-desktop: the council's store refused the sign-in; set it again with "
              "'iro-desktop config credential sync'. Records stay in the outbox.", file=sys.stderr)
        return EXIT_SIGNIN
    # A failure that is not retried automatically is a conflict: only the IRO can settle it.
    if any(r.outcome == drain.FAILED and not r.retried_automatically for r in results.values()):
        print("iro-desktop: a record was not sent because a different file is already in its place on the "
              "council's store; see 'iro-desktop outbox'.", file=sys.stderr)
        return EXIT_CONFLICT
    if any(o != drain.SENT for o in outcomes):
        first = next(r for r in results.values() if r.outcome != drain.SENT)
        print(f"iro-desktop: {sum(o != drain.SENT for o in outcomes)} record(s) were not sent and wait in the "
              f"outbox. {first.reason or ''}".rstrip(), file=sys.stderr)
        return EXIT_WAITING
    return 0


def _parse(stamp: str):
    from datetime import datetime, timezone

    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def cmd_outbox(args, unlock: Callable, _read_secret: Callable) -> int:
    from iro_desktop.sync import outbox

    with unlock(args) as vault:
        rows = outbox.entries(vault)
    if args.json:
        print(json.dumps([e.to_json() for e in rows], indent=2))
        return 0
    for e in rows:
        extra = f"  synced {e.synced_at} to {e.target}" if e.synced_at else ""
        if e.state == outbox.FAILED:
            extra = f"  attempts {e.attempts}" + (f", next try {e.next_try_at}" if e.next_try_at
                                                  else ", waits for you: retry it once the cause is fixed")
        print(f"{e.state:<9} {e.folder}{extra}")
        if e.last_error and e.state != outbox.SYNCED:
            print(f"          {e.last_error}")
    print(f"{len(rows)} exports in the outbox.")
    return 0


def cmd_config_set(args, unlock: Callable, _read_secret: Callable) -> int:
    from iro_desktop.sync import config

    with unlock(args) as vault:
        stored = config.set_option(vault, args.key, args.value)
    print(f"{args.key} is now {stored}.")
    return 0


def cmd_config_credential(args, unlock: Callable, read_secret: Callable) -> int:
    from iro_desktop.errors import IroError
    from iro_desktop.sync import config

    if args.token_file and (args.username or args.password_file):
        raise IroError("Give either --username with --password-file, or --token-file, not both.")
    if args.token_file:
        token = read_secret(args.token_file, "Token", stdin_used=args._stdin)
        with unlock(args) as vault:
            config.set_credential(vault, token=token)
        print("The sync token is stored in the vault.")
        return 0
    if not args.username or not args.password_file:
        raise IroError("Give --username NAME with --password-file PATH, or --token-file PATH.")
    password = read_secret(args.password_file, "Password", stdin_used=args._stdin)
    with unlock(args) as vault:
        config.set_credential(vault, username=args.username, password=password)
    print(f"The sync sign-in for {args.username} is stored in the vault.")
    return 0
