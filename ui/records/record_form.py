"""What the record editors' form pages share: the width a form reads well at, a titled form
group, a named line edit, and ``keep_blank``, which lets an untouched page give back exactly what
it was given (so opening a record and closing it again leaves no draft behind)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit


PAGE_WIDTH = 1000  # wider forms are hard to read across


def keep_blank(new: Any, old: Any) -> Any:
    """A blank widget gives back the blank it was given ("" or None), so nothing changes by looking."""
    if new in (None, "") and old in (None, ""):
        return old
    return new


def form_group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    form = QFormLayout(box)
    # Text boxes grow; dates and lists keep their natural width, so a form reads down the page.
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    return box, form


def line_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit
