"""``iro-desktop render --child ID --variant consultation|…|invitation|consultation-carer …``:
the forms before a review meeting, for the child's next booked meeting (or with blanks), saved
where ``--out`` says. A folder gets the app's name for the file: the child's id, the meeting's
date and the form, never the child's name."""

from __future__ import annotations

from datetime import date
from typing import Callable

from iro_desktop.errors import IroError
from iro_desktop.preparation.forms import FORM_LABELS, FORM_VARIANTS


def file_name(child_id: str, variant: str, meeting_date: date | None) -> str:
    """``C100-meeting-2026-12-10-consultation.pdf`` (without a date when none is booked)."""
    from iro_desktop.printing.file_names import pdf_file_name

    return pdf_file_name(child_id, variant, meeting_date, kind="meeting")


def render(args, unlock: Callable) -> int:
    """Run ``render`` for a form (``args.variant`` in ``FORM_VARIANTS``)."""
    from iro_desktop.caseload import repository
    from iro_desktop.preparation.forms.source import meeting_for, render_form
    from iro_desktop.printing.outputs import save_pdf

    if args.variant not in FORM_VARIANTS:
        raise IroError(f"'{args.variant}' is not a form.")
    if getattr(args, "midway", None) is not None or getattr(args, "review", "latest") != "latest":
        raise IroError("The forms before a review are made for the child's next booked meeting: "
                       "leave out --review and --midway.")
    with unlock(args) as vault:
        repository.get_child(vault, args.child)  # an unknown child, said plainly
        pdf = render_form(vault, args.child, args.variant)
        out = args.out
        if out.is_dir():
            meeting, _people = meeting_for(vault, args.child)
            out = out / file_name(args.child, args.variant, meeting.meeting_date if meeting else None)
        save_pdf(vault, out, pdf, record_id=args.child, variant=args.variant)
    print(f"Saved: {FORM_LABELS[args.variant]} for child {args.child} to {out} ({len(pdf) // 1024 + 1} KB).")
    return 0
