"""The caseload list as Qt models: one table row per ChildSummary, and a searchable, sortable view.

The rows come whole from ``repository.list_children``, and each child's next review and its
standing from ``overview.Overview.reviews`` (``due.review_standing``); nothing here decides who is
on the caseload, when a review is due or what a code means.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from iro_desktop.caseload import codes
from iro_desktop.caseload.due import ReviewStanding
from iro_desktop.caseload.model import ChildSummary
from iro_desktop.places import placement
from iro_desktop.places.placement import WherePlaced
from iro_desktop.timescales import OVERDUE

from ui.common.formatting import uk_date
from ui.common.list_table_model import ID_ROLE, SORT_ROLE, Column, ListTableModel

CHILD_ID_ROLE = ID_ROLE

OUT = "out of area"
NOT_ALLOCATED = "not allocated"

_Index = QModelIndex | QPersistentModelIndex


def _name(row: ChildSummary) -> str:
    return row.display_name if row.allocated else f"{row.display_name} ({NOT_ALLOCATED})"


def _sortable_date(d: date | None) -> str:
    return d.isoformat() if d else ""


def _full(text: str) -> str | None:
    """A cell's whole text as its tooltip, for when a narrow column cuts it short."""
    return text or None


# The next review and where it stands follow the name, id and age: what an IRO scans the list
# for. The date sorts as a date (a child with no review due last), the status by urgency.
NAME, CHILD_ID, AGE, NEXT_REVIEW, REVIEW_STATUS, LEGAL, PLACEMENT, AREA, MILES, SOCIAL_WORKER, LAST_REVIEW = range(11)
SEARCHED_COLUMNS = (NAME, CHILD_ID, AREA, SOCIAL_WORKER)
NO_DATE = "9999-12-31"  # sorts after every real date


def columns(standing: Callable[[ChildSummary], ReviewStanding | None],
            where: Callable[[ChildSummary], WherePlaced | None]) -> list[Column[ChildSummary]]:
    """The caseload's columns; ``standing`` gives a row's next review (None until it is known),
    ``where`` where the child is placed (``places.placement``)."""
    def due_text(r: ChildSummary) -> str:
        s = standing(r)
        return uk_date(s.due) if s and s.due else ""

    def status_text(r: ChildSummary) -> str:
        s = standing(r)
        return s.words if s else ""

    def status_order(r: ChildSummary) -> str:
        # Urgency, then date, as one string: the proxy compares plain values.
        s = standing(r)
        return f"{s.order}:{s.due.isoformat() if s.due else NO_DATE}" if s else f"9:{NO_DATE}"

    def status_tip(r: ChildSummary) -> str | None:
        s = standing(r)
        if s is None or not s.status:
            return None
        if s.booked is not None:
            return f"Booked: a trip to see the child starts {uk_date(s.booked)}, before the review is due"
        return s.words

    def away(r: ChildSummary) -> bool:
        return placement.is_out_of_area(where(r), r.out_of_area)

    def placed_text(r: ChildSummary) -> str:
        # "Out" in words, not colour alone: it must survive a black-and-white print or a screen reader.
        return placement.placed_in(where(r), r.placement_area) + (f" ({OUT})" if away(r) else "")

    def place_tip(r: ChildSummary) -> str | None:
        return placement.where_words(where(r), r.placement_area, r.out_of_area) or None

    def miles_text(r: ChildSummary) -> str:
        w = where(r)
        return f"{w.miles_from_base:.0f}" if w is not None and w.miles_from_base is not None else ""

    def miles_order(r: ChildSummary) -> float:
        w = where(r)
        return w.miles_from_base if w is not None and w.miles_from_base is not None else float("inf")

    return [
        Column("Name", _name, lambda r: r.display_name.casefold(), lambda r: _full(_name(r))),
        Column("ID", lambda r: r.child_id, lambda r: r.child_id.casefold()),
        Column("Age", lambda r: str(r.age), lambda r: r.age, lambda r: f"Born {uk_date(r.date_of_birth)}"),
        Column("Next review", due_text, lambda r: (s.due.isoformat() if (s := standing(r)) and s.due else NO_DATE),
               lambda r: _full(due_text(r))),
        Column("Status", status_text, status_order, status_tip),
        # The codes IROs know, whole; their words in the tooltip and to a screen reader.
        Column("Legal", lambda r: r.legal_status or "", lambda r: r.legal_status or "",
               lambda r: codes.describe(codes.LEGAL_STATUSES, r.legal_status) or None,
               lambda r: codes.in_words(codes.SHORT_LEGAL_STATUSES, r.legal_status)),
        Column("Placement", lambda r: r.placement_type or "", lambda r: r.placement_type or "",
               lambda r: codes.describe(codes.PLACEMENT_TYPES, r.placement_type) or None,
               lambda r: codes.in_words(codes.SHORT_PLACEMENT_TYPES, r.placement_type)),
        Column("Placed in", placed_text, lambda r: placed_text(r).casefold(), place_tip, place_tip),
        Column("Miles", miles_text, miles_order, place_tip, place_tip),
        Column("Social worker", lambda r: r.social_worker_name or "", lambda r: (r.social_worker_name or "").casefold(),
               lambda r: _full(r.social_worker_name or "")),
        Column("Last review", lambda r: uk_date(r.last_review_date), lambda r: _sortable_date(r.last_review_date)),
    ]


class CaseloadTableModel(ListTableModel[ChildSummary]):
    """One row per child; ``update_rows`` and ``row_for`` go by child id."""

    def __init__(self, parent=None) -> None:
        self._reviews: Mapping[str, ReviewStanding] = {}
        self._places: dict[str, WherePlaced] = {}
        super().__init__(columns(lambda r: self._reviews.get(r.child_id), lambda r: self._places.get(r.child_id)),
                         lambda r: r.child_id, parent)

    def set_places(self, places: Mapping[str, WherePlaced]) -> None:
        """Where these children are placed, for the rows about to be shown (``placement.caseload_list``)."""
        self._places.update(places)

    def set_reviews(self, reviews: Mapping[str, ReviewStanding]) -> None:
        """Show each child's next review and its status (from what is due, read apart from the rows)."""
        self._reviews = dict(reviews)
        if self.rowCount():
            for column in (NEXT_REVIEW, REVIEW_STATUS):
                self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def clear(self) -> None:
        self._reviews, self._places = {}, {}
        super().clear()

    def summary(self, row: int) -> ChildSummary:
        return self.row(row)

    def more_data(self, row: ChildSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and column == REVIEW_STATUS and self._reviews.get(row.child_id) \
                and self._reviews[row.child_id].status == OVERDUE:
            font = QFont()
            font.setBold(True)  # with the word itself: never colour or weight alone
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and not row.allocated:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class CaseloadFilter(QSortFilterProxyModel):
    """Sorts by the real values (age as a number, dates in order) and filters by the search box.

    Every word typed must appear somewhere in the name, id, area or social worker.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._terms: list[str] = []

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._terms = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self._terms:
            return True
        model = self.sourceModel()
        hay = " ".join(str(model.data(model.index(source_row, c, source_parent)) or "")
                       for c in SEARCHED_COLUMNS).casefold()
        return all(term in hay for term in self._terms)
