"""Printed documents: the child's letter (and its large-print, dyslexia-friendly and easy-read
variants), the midway note to the child, the professional record, and the "my Independent
Reviewing Officer" leaflet. Every PDF is made in memory; only ``save_pdf`` writes a file.

Modules, by what they hold:
  render    the API: documents from the vault as PDF bytes, batches with progress
  outputs   saving, printing and exporting, each recorded in the audit log
  views     what a child's document may show: the only input of the child renderers
  themes    the child's colour theme (named, high-contrast), kept per child
  profile   the IRO's name, contacts and photo; the feedback address; the child's picture
  print_settings  those settings and a child's letter style as their dialogs read and save them
  choices   what a child's preview offers to print: their records and versions
  images    pictures re-encoded and stripped of their metadata before they are kept
  pdf/      the reportlab layouts, fonts and icons
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iro_desktop.lazy import lazy_names

# The names load their module on first use: making PDFs needs reportlab, its fonts and images,
# which the app should not load until a document is first asked for.
_HOMES = {name: "outputs" for name in ("KINDS", "record_output", "save_pdf")}
_HOMES.update({name: "render" for name in (
    "LEAFLET", "PROFESSIONAL", "VARIANT_LABELS", "VARIANTS", "BatchItem", "BatchResult", "NoNoteForChild",
    "NoReviewYet", "NotThisChild", "UnknownVariant", "finalised_letters_between", "latest_review_record",
    "preview_letter", "render_batch", "render_document", "render_leaflet", "render_letter",
    "render_professional_record")})
__getattr__, __dir__ = lazy_names(__name__, _HOMES)
__all__ = sorted(_HOMES)

if TYPE_CHECKING:
    from iro_desktop.printing.outputs import KINDS, record_output, save_pdf  # noqa: F401
    from iro_desktop.printing.render import (LEAFLET, PROFESSIONAL, VARIANT_LABELS, VARIANTS,  # noqa: F401
                                             BatchItem, BatchResult, NoNoteForChild, NoReviewYet, NotThisChild,
                                             UnknownVariant, finalised_letters_between, latest_review_record,
                                             preview_letter, render_batch, render_document, render_leaflet,
                                             render_letter, render_professional_record)
