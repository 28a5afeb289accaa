"""Small dialogs for one period of care, placement or key person, and for an end date.

They only collect what the IRO types. Checks happen when the whole child is saved, where the
core reports every problem at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Callable, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import KeyPerson, PeriodOfCare, Placement

from ui.common.form_widgets import CodeCombo, OptionalDateEdit, text_or_none

T = TypeVar("T")


class RecordDialog(QDialog, Generic[T]):
    """Calls ``on_accept`` with the record built from the form when the IRO presses OK."""

    def __init__(self, title: str, parent: QWidget, on_accept: Callable[[T], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self._on_accept = on_accept

    def build(self) -> T:
        raise NotImplementedError

    def accept(self) -> None:
        record = self.build()
        super().accept()
        self._on_accept(record)


class PeriodDialog(RecordDialog[PeriodOfCare]):
    def __init__(self, parent: QWidget, period: PeriodOfCare | None,
                 on_accept: Callable[[PeriodOfCare], None]) -> None:
        super().__init__("Period of care", parent, on_accept)
        self._original = period
        self.start = OptionalDateEdit()
        self.legal_status = CodeCombo(codes.LEGAL_STATUSES)
        self.end = OptionalDateEdit(blank_text="Still looked after")
        self.form.addRow("Date became looked after:", self.start)
        self.form.addRow("Legal status:", self.legal_status)
        self.form.addRow("Period ended:", self.end)
        if period is not None:
            self.start.set_value(period.start_date)
            self.legal_status.set_value(period.legal_status)
            self.end.set_value(period.end_date)

    def build(self) -> PeriodOfCare:
        fields = dict(start_date=self.start.value(), legal_status=self.legal_status.value(),
                      end_date=self.end.value())
        if self._original is not None:
            return replace(self._original, **fields)
        return PeriodOfCare(**fields)  # type: ignore[arg-type]


class PlacementDialog(RecordDialog[Placement]):
    def __init__(self, parent: QWidget, placement: Placement | None, council_area: str | None,
                 on_accept: Callable[[Placement], None]) -> None:
        super().__init__("Placement", parent, on_accept)
        self._original = placement
        self.start = OptionalDateEdit()
        self.placement_type = CodeCombo(codes.PLACEMENT_TYPES)
        self.carer_name = QLineEdit()
        self.area = QLineEdit()
        self.area.setPlaceholderText("Local authority area, like Cornwall")
        self.postcode_district = QLineEdit()
        self.postcode_district.setPlaceholderText("First part only, like TR1")
        self.postcode_district.setMaxLength(8)
        self.out_of_area = QCheckBox("Outside my council's area")
        self.end = OptionalDateEdit(blank_text="Current placement")
        self.form.addRow("Started:", self.start)
        self.form.addRow("Type:", self.placement_type)
        self.form.addRow("Carer or home:", self.carer_name)
        self.form.addRow("Area:", self.area)
        self.form.addRow("Postcode district:", self.postcode_district)
        self.form.addRow("", self.out_of_area)
        if council_area:
            note = QLabel(f"Your council area is {council_area}. When the placement's area is "
                          "filled in, IRO Desktop works out whether it is out of area when you save.")
            note.setWordWrap(True)
            self.form.addRow("", note)
        self.form.addRow("Ended:", self.end)
        if placement is not None:
            self.start.set_value(placement.start_date)
            self.placement_type.set_value(placement.placement_type)
            self.carer_name.setText(placement.carer_name or "")
            self.area.setText(placement.area or "")
            self.postcode_district.setText(placement.postcode_district or "")
            self.out_of_area.setChecked(placement.out_of_area)
            self.end.set_value(placement.end_date)

    def build(self) -> Placement:
        fields = dict(start_date=self.start.value(), placement_type=self.placement_type.value(),
                      carer_name=text_or_none(self.carer_name.text()),
                      area=text_or_none(self.area.text()),
                      postcode_district=text_or_none(self.postcode_district.text()),
                      out_of_area=self.out_of_area.isChecked(), end_date=self.end.value())
        if self._original is not None:
            return replace(self._original, **fields)
        return Placement(**fields)  # type: ignore[arg-type]


class KeyPersonDialog(RecordDialog[KeyPerson]):
    def __init__(self, parent: QWidget, person: KeyPerson | None,
                 on_accept: Callable[[KeyPerson], None]) -> None:
        super().__init__("Key person", parent, on_accept)
        self._original = person
        self.role = CodeCombo(codes.KEY_PERSON_ROLES, blank_text="Choose a role", show_code=False)
        self.name = QLineEdit()
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("Phone number or email")
        self.form.addRow("Role:", self.role)
        self.form.addRow("Name:", self.name)
        self.form.addRow("Contact:", self.contact)
        if person is not None:
            self.role.set_value(person.role)
            self.name.setText(person.name or "")
            self.contact.setText(person.contact or "")

    def build(self) -> KeyPerson:
        fields = dict(role=self.role.value() or "", name=self.name.text(),
                      contact=text_or_none(self.contact.text()))
        if self._original is not None:
            return replace(self._original, **fields)
        return KeyPerson(**fields)


class EndDateDialog(RecordDialog[date]):
    """Asks for the day something ended (a placement, a period of care); today to start with."""

    def __init__(self, title: str, question: str, parent: QWidget,
                 on_accept: Callable[[date], None]) -> None:
        super().__init__(title, parent, on_accept)
        self.end = OptionalDateEdit()
        self.end.set_value(date.today())
        self.form.addRow(question, self.end)

    def accept(self) -> None:
        if self.end.value() is None:
            return  # OK means "it ended on this day": a blank is not an answer
        super().accept()

    def build(self) -> date:
        return self.end.value()  # type: ignore[return-value]
