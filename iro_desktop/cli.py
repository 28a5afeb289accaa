"""The command line: set-up, import and listing for council IT, automation and tests.

Every command works without a terminal: secrets come from ``--passphrase-file PATH`` (``-`` for
standard input). Errors go to stderr as one plain sentence with a non-zero exit status; child
data is printed only where a command's purpose is to show it (``list``).

Every command ends with a clear message: an error the user can act on (``IroError``) is printed
as it is; anything else is reported by ``iro_desktop.unexpected`` (its type and where, never its
message, which could quote a child's details), never as a traceback. Files named on the command
line are checked before they are opened: a device (``/dev/zero``), a FIFO or a folder given as a
secret file, an import file or ``--out`` is refused, and ``--out`` into a folder that does not
exist says so. Before any command the start-up tidy (``iro_desktop.housekeeping``) removes what
a killed run left in the vault's folders.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Callable

from iro_desktop import __version__, command_inputs, housekeeping, install_check, unexpected
from iro_desktop.errors import IroError, KeychainUnavailable
from iro_desktop.paths import resolve_home
from iro_desktop.preparation import commands as preparation_commands
from iro_desktop.reports import history_commands
from iro_desktop.reports import commands as report_commands
from iro_desktop.sync import commands as sync_commands
from iro_desktop.trips import commands as trip_commands
from iro_desktop.vault import Keychain, Vault
from iro_desktop.vault import backups as backup_files
from iro_desktop.vault.keychain import system_keychain_or_reason

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUDIT_BROKEN = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # as a shell reports a command killed by SIGPIPE
# ``--on``: dates the rules are meant for (the calendar arithmetic breaks near the year 9999).
EARLIEST_ON, LATEST_ON = date(1970, 1, 1), date(2199, 12, 31)
# The documents ``render`` makes (iro_desktop.printing.VARIANTS, listed here so that building the
# parser does not load the PDF libraries).
VARIANT_CHOICES = ("child", "large-print", "dyslexia", "easy-read", "professional", "leaflet")
# The forms before a review (iro_desktop.preparation.forms.FORM_VARIANTS).
FORM_CHOICES = ("consultation", "consultation-large-print", "consultation-dyslexia", "consultation-easy-read",
                "consultation-pictures", "invitation", "consultation-parent", "consultation-carer",
                "consultation-partner")


class CliError(IroError):
    pass


def _read_secret(source: str | None, what: str, *, stdin_used: list[bool]) -> str:
    if source is None:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(f"{what}: ")
        raise CliError(f"No {what.lower()} given. Use --{what.lower().replace(' ', '-')}-file PATH "
                       "(or - to read it from standard input).")
    if source == "-":
        if stdin_used[0]:
            raise CliError("Only one secret can be read from standard input; put the others in files.")
        stdin_used[0] = True
        text = sys.stdin.readline()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"Cannot read the {what.lower()} file {source}: {exc.strerror}.") from exc
        except UnicodeDecodeError as exc:
            from iro_desktop.errors import PassphraseFileNotText

            raise CliError(str(PassphraseFileNotText(what.lower()))) from exc
    # Only the line ending is stripped: spaces may be part of a passphrase.
    secret = text.splitlines()[0] if text else ""
    if not secret:
        raise CliError(f"The {what.lower()} given is empty.")
    return secret


def _keychain_for_new_secret(args) -> tuple[Keychain | None, bool]:
    keychain, reason = system_keychain_or_reason()
    if keychain is not None:
        return keychain, False
    if not args.no_keychain:
        raise CliError(f"{reason}\nTo continue on passphrase alone, run the command again with --no-keychain.")
    return None, True


def _unlock(args) -> Vault:
    command_inputs.check_vault_files(args.home)
    keychain, _reason = system_keychain_or_reason()
    passphrase = _read_secret(args.passphrase_file, "Passphrase", stdin_used=args._stdin)
    try:
        vault = Vault.unlock(args.home, passphrase, keychain, allow_no_keychain=args.no_keychain)
    except KeychainUnavailable as exc:
        raise CliError(f"{exc}\nUse 'iro-desktop recover' with your recovery code.") from exc
    if vault.integrity_warning:  # gone back in time, or its audit log broken (vault.chain_head)
        print(f"Warning: {vault.integrity_warning}", file=sys.stderr)
    return vault


# ---- commands --------------------------------------------------------------------------------

def cmd_init(args) -> int:
    keychain, no_keychain = _keychain_for_new_secret(args)
    passphrase = _read_secret(args.passphrase_file, "Passphrase", stdin_used=args._stdin)
    vault, code = Vault.create(args.home, passphrase, keychain, allow_no_keychain=no_keychain)
    with vault:
        if args.council_area:
            from iro_desktop.caseload import repository
            repository.set_council_area(vault, args.council_area)
    print(f"Created a new vault in {args.home}.")
    if no_keychain:
        print("It is protected by your passphrase alone (no keychain).")
    print("\nYour recovery code (shown once; print it or write it down and keep it safe):\n")
    print(f"    {code}\n")
    return 0


def cmd_import(args) -> int:
    from iro_desktop.caseload import importer

    with _unlock(args) as vault:
        plan = importer.plan(vault, importer.parse(Path(args.file)))
        for warning in plan.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
        print(plan.summary())
        if args.dry_run:
            print("Dry run: nothing was changed.")
            return 0
        importer.apply(vault, plan)
        print("Import applied.")
    return 0


def cmd_list(args) -> int:
    from iro_desktop.caseload import repository

    with _unlock(args) as vault:
        rows = repository.list_children(vault, include_not_allocated=args.all)
    if args.json:
        print(json.dumps([_summary_json(r) for r in rows], indent=2))
        return 0
    for r in rows:
        flag = "" if r.allocated else "  (not allocated)"
        area = (r.placement_area or "-") + (" [out of area]" if r.out_of_area else "")
        print(f"{r.child_id:<10} {r.display_name:<28} age {r.age:<3} {r.legal_status or '-':<3} "
              f"{r.placement_type or '-':<3} {area}{flag}")
    print(f"{len(rows)} children")
    return 0


def _summary_json(r) -> dict:
    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "child_id": r.child_id, "name": r.display_name, "date_of_birth": iso(r.date_of_birth),
        "age": r.age, "legal_status": r.legal_status, "placement_type": r.placement_type,
        "placement_area": r.placement_area, "out_of_area": r.out_of_area,
        "social_worker": r.social_worker_name, "last_review_date": iso(r.last_review_date),
        "allocated": r.allocated,
    }


def cmd_due(args) -> int:
    from iro_desktop.caseload import due, repository
    from iro_desktop.timescales import STATUS_WORDS

    on = _parse_date(args.on, "--on") if args.on else date.today()
    with _unlock(args) as vault:
        results = due.caseload_due(vault, on)
        names = {r.child_id: r.display_name for r in repository.list_children(vault)}
    if args.json:
        print(json.dumps([_due_json(d, names.get(d.child_id, "")) for d in results], indent=2))
        return 0
    kinds = {"first": "1st", "second": "2nd", "subsequent": "later", "pathway": "pathway"}
    print(f"Due as at {on:%d/%m/%Y}:")
    for d in results:
        review = f"{d.next_review_due:%d/%m/%Y}" if d.next_review_due else "unknown"
        days = "" if d.working_days_remaining is None else f"{d.working_days_remaining:+d} wd"
        midway = f"{d.midway_due:%d/%m/%Y}" if d.midway_due else "-"
        paperwork = ", ".join(f"{i.kind} by {i.due:%d/%m/%Y}" for i in d.items if i.kind in ("record", "decisions"))
        print(f"{d.child_id:<10} {names.get(d.child_id, ''):<26} {kinds[d.review_kind]:<10} review {review} "
              f"{days:>8}  midway {midway}  {STATUS_WORDS[d.status]}" + (f"  [{paperwork}]" if paperwork else ""))
    return 0


def _due_json(d, name: str) -> dict:
    def iso(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "child_id": d.child_id, "name": name, "next_review_due": iso(d.next_review_due),
        "review_kind": d.review_kind, "counts_from": iso(d.counts_from), "previous_review": iso(d.previous_review),
        "midway_due": iso(d.midway_due), "status": d.status,
        "working_days_remaining": d.working_days_remaining,
        "items": [{"kind": i.kind, "due": iso(i.due), "status": i.status,
                   "working_days_remaining": i.working_days_remaining,
                   "review_date": iso(i.review_date)} for i in d.items],
    }


def _parse_date(text: str, option: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option} needs a date as YYYY-MM-DD; '{text}' is not one.") from exc
    if not EARLIEST_ON <= value <= LATEST_ON:
        raise CliError(f"{option} needs a date between {EARLIEST_ON:%d/%m/%Y} and {LATEST_ON:%d/%m/%Y}; "
                       f"{value:%d/%m/%Y} is outside the years these rules are made for.")
    return value


def cmd_audit_verify(args) -> int:
    with _unlock(args) as vault:
        result = vault.verify_audit()
    print(result)
    return 0 if result.ok else EXIT_AUDIT_BROKEN


def cmd_demo(args) -> int:
    from iro_desktop.demo_vault import DEMO_PASSPHRASE, looks_like_demo, open_demo_vault
    from iro_desktop.vault import vault_exists

    if looks_like_demo(args.home):
        # Made before (perhaps by a run that was killed as it finished): left as it is.
        print(f"A demo vault already exists in {args.home}; it was left as it is.")
        print(f"Its passphrase is: {DEMO_PASSPHRASE}")
        return 0
    if vault_exists(args.home):
        raise CliError(f"A vault already exists in {args.home}; choose an empty folder for the demo.")
    with open_demo_vault(args.home, children=args.children):
        pass
    print(f"Created a demo vault with {args.children} invented children in {args.home}.")
    print(f"Its passphrase is: {DEMO_PASSPHRASE}")
    return 0


def cmd_backup_list(args) -> int:
    found = backup_files.list_backups(args.home)
    for p in found:
        print(p.name)
    if not found:
        print("No backups yet.")
    return 0


def cmd_backup_now(args) -> int:
    with _unlock(args) as vault:
        path = vault.backup_now("manual")
    print(f"Backup written: {path.name}")
    return 0


def cmd_backup_restore(args) -> int:
    backup = _find_backup(args.home, args.backup)
    keychain, _ = system_keychain_or_reason()
    passphrase = _read_secret(args.passphrase_file, "Passphrase", stdin_used=args._stdin)
    with Vault.restore_backup(args.home, passphrase, keychain, backup, allow_no_keychain=args.no_keychain):
        pass
    print(f"Restored {backup.name}. The previous database was kept in the backups folder.")
    return 0


def _find_backup(home: Path, name: str | None) -> Path:
    found = backup_files.list_backups(home)
    candidates = [p for p in found if not p.name.startswith("replaced-")]
    if name is None:
        if not candidates:
            raise CliError(f"There are no backups in {backup_files.backup_dir(home)}.")
        return candidates[0]
    for p in found:
        if p.name == name or p.stem == name:
            return p
    raise CliError(f"No backup called {name}. See 'iro-desktop backup list'.")


def cmd_passphrase_change(args) -> int:
    keychain, _ = system_keychain_or_reason()
    old = _read_secret(args.passphrase_file, "Passphrase", stdin_used=args._stdin)
    new = _read_secret(args.new_passphrase_file, "New passphrase", stdin_used=args._stdin)
    with Vault.unlock(args.home, old, keychain, allow_no_keychain=args.no_keychain) as vault:
        vault.change_passphrase(old, new, keychain, allow_no_keychain=args.no_keychain)
    print("Passphrase changed. The old passphrase no longer opens the vault.")
    return 0


def cmd_recover(args) -> int:
    keychain, no_keychain = _keychain_for_new_secret(args)
    code = _read_secret(args.recovery_code_file, "Recovery code", stdin_used=args._stdin)
    new = _read_secret(args.new_passphrase_file, "New passphrase", stdin_used=args._stdin)
    with Vault.unlock_with_recovery(args.home, code, new, keychain, allow_no_keychain=no_keychain):
        pass
    print("Unlocked with the recovery code; your new passphrase is set.")
    return 0


def cmd_render(args) -> int:
    from iro_desktop import printing
    from iro_desktop.printing.file_names import document_file_name
    from iro_desktop.caseload import repository
    from iro_desktop.reviews import midway

    record_id = None
    command_inputs.check_out(args.out)  # before the unlock and the rendering, not after them
    if args.variant in FORM_CHOICES:
        from iro_desktop.preparation.forms import command as form_command

        return form_command.render(args, _unlock)
    with _unlock(args) as vault:
        if args.midway is not None:
            if args.variant not in VARIANT_CHOICES[:4]:
                raise CliError("A midway review gives a note to the child: use --variant child, large-print, "
                               "dyslexia or easy-read.")
            if args.midway == "latest":
                repository.get_child(vault, args.child)  # an unknown child, said plainly
                found = midway.midway_records(vault, args.child)
                if not found:
                    raise CliError(f"Child {args.child} has no midway review yet.")
                record_id = found[-1].id
            else:
                record_id = _record_id(args.midway, "--midway")
        elif args.review != "latest":
            record_id = _record_id(args.review, "--review")
        pdf = printing.render_document(vault, args.child, args.variant, record_id=record_id)
        if args.variant == printing.LEAFLET:
            target: int | str = args.child
        else:
            target = record_id if record_id is not None else printing.latest_review_record(vault, args.child)
        out = args.out
        if out.is_dir():  # a folder: the file is named as the app names it, never with the child's name
            out = out / document_file_name(vault, args.child, args.variant,
                                           None if args.variant == printing.LEAFLET else target)  # type: ignore[arg-type]
        printing.save_pdf(vault, out, pdf, record_id=target, variant=args.variant)
    print(f"Saved: {printing.VARIANT_LABELS[args.variant]} for child {args.child} to {out} "
          f"({len(pdf) // 1024 + 1} KB).")
    return 0


def _record_id(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CliError(f"{option} takes 'latest' or a record id (a number); '{text}' is neither.") from None


# ---- parser ----------------------------------------------------------------------------------

def _common_options(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--vault", metavar="DIR", default=default(None),
                        help="vault folder (default: IRO_DESKTOP_HOME or your user data folder)")
    parser.add_argument("--no-keychain", action="store_true", default=default(False),
                        help="allow a vault protected by the passphrase alone, where no secure keychain exists")


def build_parser() -> argparse.ArgumentParser:
    # Options may come before or after the command; SUPPRESS stops a sub-command's default from
    # overwriting a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, lambda _value: argparse.SUPPRESS)
    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument("--passphrase-file", metavar="PATH", help="read the passphrase from PATH (- for standard input)")

    parser = argparse.ArgumentParser(
        prog="iro-desktop",
        description="IRO Desktop: your caseload, offline and encrypted. With no command, starts the app.")
    _common_options(parser, lambda value: value)
    parser.add_argument("--version", action="version", version=f"IRO Desktop {__version__}")
    parser.add_argument("--demo", action="store_true", help="open a demo vault of invented children")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common, secret], help="create a new vault")
    p.add_argument("--council-area", help="your council's area, to mark placements out of area")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("import", parents=[common, secret], help="import the council's caseload extract (CSV)")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="check and preview only")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", parents=[common, secret], help="list your caseload")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--all", action="store_true", help="include children no longer allocated to you")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("due", parents=[common, secret], help="what is due: reviews, midway reviews, paperwork")
    p.add_argument("--on", metavar="DATE", help="evaluate as if today were DATE (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_due)

    p = sub.add_parser("audit", help="audit log commands")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    a = asub.add_parser("verify", parents=[common, secret], help="check the audit log's hash chain")
    a.set_defaults(func=cmd_audit_verify)

    p = sub.add_parser("demo", parents=[common], help="create a demo vault of invented children")
    p.add_argument("--children", type=int, default=70)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("backup", help="backups of the encrypted vault")
    bsub = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    b = bsub.add_parser("list", parents=[common], help="list backups, newest first")
    b.set_defaults(func=cmd_backup_list)
    b = bsub.add_parser("now", parents=[common, secret], help="make a backup now")
    b.set_defaults(func=cmd_backup_now)
    b = bsub.add_parser("restore", parents=[common, secret], help="restore a backup (default: the latest)")
    b.add_argument("backup", nargs="?", help="backup name from 'backup list'")
    b.set_defaults(func=cmd_backup_restore)

    p = sub.add_parser("render", parents=[common, secret],
                       help="make a PDF: the child's letter (four looks), the professional record or the leaflet")
    p.add_argument("--child", required=True, metavar="CHILD_ID", help="the council's id of the child")
    p.add_argument("--review", metavar="latest|RECORD_ID", default="latest",
                   help="which review record (default: the latest)")
    p.add_argument("--midway", metavar="latest|RECORD_ID",
                   help="print the note to the child from a midway review instead of a review letter")
    p.add_argument("--variant", required=True, choices=VARIANT_CHOICES + FORM_CHOICES,
                   help="child, large-print, dyslexia, easy-read, professional or leaflet; before a review: "
                        + ", ".join(FORM_CHOICES))
    p.add_argument("--out", required=True, metavar="FILE.pdf|FOLDER", type=Path,
                   help="where to save the PDF; in a folder, under the name the app gives it (the child's id, "
                        "the record's date and the variant, never the child's name)")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("passphrase", help="change your passphrase")
    psub = p.add_subparsers(dest="passphrase_command", metavar="ACTION", required=True)
    c = psub.add_parser("change", parents=[common, secret], help="change the passphrase")
    c.add_argument("--new-passphrase-file", metavar="PATH", help="read the new passphrase from PATH")
    c.set_defaults(func=cmd_passphrase_change)

    p = sub.add_parser("recover", parents=[common], help="unlock with the recovery code and set a new passphrase")
    p.add_argument("--recovery-code-file", metavar="PATH", help="read the recovery code from PATH")
    p.add_argument("--new-passphrase-file", metavar="PATH", help="read the new passphrase from PATH")
    p.set_defaults(func=cmd_recover)

    # sync, outbox, config set, config credential: in the sync package, given this module's unlock.
    sync_commands.add_parsers(sub, [common, secret], unlock=_unlock, read_secret=_read_secret)
    history_commands.add_parsers(sub, [common, secret], unlock=_unlock, read_secret=_read_secret)
    report_commands.add_parsers(sub, [common, secret], unlock=_unlock, read_secret=_read_secret)
    trip_commands.add_parsers(sub, [common, secret], unlock=_unlock, read_secret=_read_secret)
    preparation_commands.add_parsers(sub, [common, secret], unlock=_unlock, read_secret=_read_secret)
    install_check.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None, gui: Callable[[argparse.Namespace], int] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    args._stdin = [False]
    if args.command is None:
        if gui is None:
            parser.error("no command given (the app itself is started by 'iro-desktop' with no command)")
        return gui(args)
    try:
        args.home = resolve_home(args.vault)
        housekeeping.tidy(args.home)
        command_inputs.check_secret_files(args)
        return args.func(args)
    except IroError as exc:
        print(f"iro-desktop: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("iro-desktop: interrupted; nothing half-done was saved.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``iro-desktop list | head``): nothing more to say, to anyone.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # noqa: BLE001 - the one place every unexpected error ends
        print(f"iro-desktop: {unexpected.one_line(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's own flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
