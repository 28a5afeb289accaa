"""Printed documents: the child's letter (and its large-print, dyslexia-friendly and easy-read
variants), the midway note to the child, the professional record, and the "my Independent
Reviewing Officer" leaflet. Every PDF is made in memory; only ``save_pdf`` writes a file.

Modules, by what they hold:
  render    the API: documents from the vault as PDF bytes, batches with progress
  outputs   saving, printing and exporting, each recorded in the audit log
  views     what a child's document may show: the only input of the child renderers
  themes    the child's colour theme (named, high-contrast), kept per child
  profile   the IRO's name, contacts and photo; the feedback address; the child's picture
  images    pictures re-encoded and stripped of their metadata before they are kept
  pdf/      the reportlab layouts, fonts and icons
"""

from iro_desktop.printing.outputs import KINDS, record_output, save_pdf
from iro_desktop.printing.render import (LEAFLET, PROFESSIONAL, VARIANT_LABELS, VARIANTS, BatchItem, BatchResult,
                                         NoNoteForChild, NoReviewYet, NotThisChild, UnknownVariant,
                                         finalised_letters_between, latest_review_record, preview_letter, render_batch,
                                         render_document, render_leaflet, render_letter,
                                         render_professional_record)

__all__ = [
    "KINDS", "LEAFLET", "PROFESSIONAL", "VARIANTS", "VARIANT_LABELS", "BatchItem", "BatchResult", "NoNoteForChild",
    "NoReviewYet", "NotThisChild", "UnknownVariant", "finalised_letters_between", "latest_review_record",
    "preview_letter", "record_output", "render_batch", "render_document", "render_leaflet", "render_letter",
    "render_professional_record", "save_pdf",
]
