"""Documents leaving the app: saving a PDF, printing it, exporting it. Each one is recorded in
the audit log (what kind of output, which document, which variant, by id only).

A preview is made in memory and shown; it is not an output and is not recorded.
"""

from __future__ import annotations

from pathlib import Path

from iro_desktop.errors import IroError
from iro_desktop.files import atomic_write_bytes

SAVE, PRINT, EXPORT = "save", "print", "export"
KINDS = (SAVE, PRINT, EXPORT)


def _check(kind: str, variant: str) -> None:
    from iro_desktop.printing.render import check_variant

    if kind not in KINDS:
        raise IroError(f"'{kind}' is not a kind of output; use one of: {', '.join(KINDS)}.")
    check_variant(variant)


def _audit_target(variant: str) -> str:
    from iro_desktop.printing.render import FORM_VARIANTS, LEAFLET

    return "child" if variant == LEAFLET or variant in FORM_VARIANTS else "record"


def record_output_tx(tx, kind: str, record_id: int | str, variant: str) -> None:
    _check(kind, variant)
    tx.audit(f"output.{kind}.{variant}", _audit_target(variant), record_id)


def record_output(vault, kind: str, record_id: int | str, variant: str) -> None:
    """Record that a document left the app: ``kind`` is "save", "print" or "export";
    ``record_id`` is the review or midway record's id, or the child's id for the leaflet and
    the forms before a review."""
    with vault.transaction() as tx:
        record_output_tx(tx, kind, record_id, variant)


def save_pdf(vault, path: str | Path, pdf: bytes, *, record_id: int | str, variant: str,
             kind: str = SAVE) -> None:
    """Write ``pdf`` to ``path`` atomically (a crash leaves the old file or the new one, never
    half of one) and record the save. If the file cannot be written nothing is recorded."""
    _check(kind, variant)
    with vault.transaction() as tx:
        record_output_tx(tx, kind, record_id, variant)
        try:
            atomic_write_bytes(Path(path), pdf, mode=0o600)
        except OSError as exc:
            raise IroError(f"The PDF could not be saved to {path}: {exc.strerror or exc}. "
                           "Nothing was written.") from exc
