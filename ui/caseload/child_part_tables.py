"""Read-only tables of a child's periods of care, placements and key people, in the child form.

Rows are shown in the order of the child's lists, so a problem the core reports for
``placements[1]`` lands on the second row here.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from iro_desktop.caseload import codes
from iro_desktop.caseload.model import KeyPerson, PeriodOfCare, Placement

from ui.common.formatting import code_with_words, uk_date

T = TypeVar("T")
_Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], str]]


class RecordTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: list[Column], parent=None) -> None:
        super().__init__(parent)
        self._columns = columns
        self._items: list[T] = []
        self._problems: dict[int, list[str]] = {}

    def set_items(self, items: list[T]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def refresh(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def set_problems(self, problems: dict[int, list[str]]) -> None:
        self.beginResetModel()
        self._problems = problems
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        problems = self._problems.get(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[index.column()][1](item)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._columns[index.column()][1](item)
            return "\n".join(([text] if text else []) + (problems or [])) or None
        if role == Qt.ItemDataRole.DecorationRole and problems and index.column() == 0:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None


def _ended(end) -> str:
    return uk_date(end) if end else "Current"


PERIOD_COLUMNS: list[Column] = [
    ("Became looked after", lambda p: uk_date(p.start_date)),
    ("Legal status", lambda p: code_with_words(codes.LEGAL_STATUSES, p.legal_status)),
    ("Ended", lambda p: _ended(p.end_date)),
]

PLACEMENT_COLUMNS: list[Column] = [
    ("Started", lambda p: uk_date(p.start_date)),
    ("Type", lambda p: code_with_words(codes.PLACEMENT_TYPES, p.placement_type)),
    ("Carer or home", lambda p: p.carer_name or ""),
    ("Area", lambda p: (p.area or "") + (" (out of area)" if p.out_of_area else "")),
    ("Postcode district", lambda p: p.postcode_district or ""),
    ("Ended", lambda p: _ended(p.end_date)),
]

KEY_PERSON_COLUMNS: list[Column] = [
    ("Role", lambda k: codes.KEY_PERSON_ROLES.get(k.role, k.role or "")),
    ("Name", lambda k: k.name or ""),
    ("Contact", lambda k: k.contact or ""),
]


def period_model(parent=None) -> RecordTableModel[PeriodOfCare]:
    return RecordTableModel(PERIOD_COLUMNS, parent)


def placement_model(parent=None) -> RecordTableModel[Placement]:
    return RecordTableModel(PLACEMENT_COLUMNS, parent)


def key_person_model(parent=None) -> RecordTableModel[KeyPerson]:
    return RecordTableModel(KEY_PERSON_COLUMNS, parent)
