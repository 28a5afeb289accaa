"""The names printed documents are saved under: the child's id, the kind of record, its date
and the variant, never the child's name, because file names travel into recent-files lists,
backups and e-mail attachments. The app's Save as PDF, its batches and ``iro-desktop render``
with a folder all use these."""

from __future__ import annotations

import re
from datetime import date

from iro_desktop.printing.render import LEAFLET
from iro_desktop.reviews import lifecycle


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "child"


def pdf_file_name(child_id: str, variant: str, record_date: date | None = None, *, kind: str = "review",
                  version: int | None = None, draft: bool = False) -> str:
    """``C100-review-2026-06-02-child.pdf``; the leaflet is ``C100-leaflet.pdf``."""
    parts = [_safe(child_id)]
    if variant != LEAFLET:
        parts.append(kind)
        if record_date is not None:
            parts.append(f"{record_date:%Y-%m-%d}")
        if version is not None:
            parts.append(f"v{version}")
    parts.append(variant)
    if draft:
        parts.append("draft")
    return "-".join(parts) + ".pdf"


def unique_file_name(name: str, record_id: int, used: set[str]) -> str:
    """``name``, or with the record's id added when the name is taken already (two records for
    one child on one day); the name given is added to ``used``."""
    if name in used:
        name = name.removesuffix(".pdf") + f"-{record_id}.pdf"
    used.add(name)
    return name


def document_file_name(vault, child_id: str, variant: str, record_id: int | None) -> str:
    """The name for a document of the vault: the leaflet, or a record's document."""
    if variant == LEAFLET or record_id is None:
        return pdf_file_name(child_id, variant)
    with vault.read() as db:
        info = lifecycle.record_info(db.conn, record_id)
    return pdf_file_name(child_id, variant, info.record_date, kind=info.kind)
