"""The PDFs of an export bundle: the professional record, and the child's letter (or a midway
review's note to the child) in the child's own look, with a title that never names the child.
A module of its own so that the PDF makers load only when a bundle is first made."""

from __future__ import annotations

import dataclasses

from iro_desktop.printing import render
from iro_desktop.printing.pdf.child_letter import render_child_letter
from iro_desktop.printing.pdf.professional import professional_data, render_professional
from iro_desktop.printing.views import ChildLetterView


class _ExportLetterView(ChildLetterView):
    """The child's letter as sent: the same pages, a title without the child's name."""

    @property
    def pdf_title(self) -> str:
        what = "a letter" if self.kind == "review" else "a note"
        return f"{self.title}: {what}, {self.subtitle}"


def professional_pdf(source, record_id: int, version: int) -> bytes:
    # The professional record's own title names the child by id only.
    return render_professional(professional_data(source, record_id, version=version))


def letter_pdf(source, kind: str, record_id: int, version: int) -> bytes:
    """The letter of a review record (``kind`` "review") or the note of a midway review."""
    make_view = render.review_letter_view if kind == "review" else render.midway_letter_view
    view = make_view(source, record_id, version=version)
    export_view = _ExportLetterView(**{f.name: getattr(view, f.name) for f in dataclasses.fields(view)})
    return render_child_letter(export_view, "child")
