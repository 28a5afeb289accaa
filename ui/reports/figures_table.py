"""A table of a report's numbers (``charts.Row``): what the screen shows beside each chart, and
what a screen reader reads in its place. Read-only; Tab leaves it rather than walking its cells."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView, QWidget

from iro_desktop.reports import charts

from ui.common.list_table_model import Column, ListTableModel


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _label(heading: str) -> Column:
    return Column(heading, lambda r: r.label, tooltip=lambda r: r.label)


ROW_COLUMNS = [
    _label("Figure"),
    Column("Count", lambda r: _n(r.count)),
    Column("Of", lambda r: _n(r.total)),
    Column("Per cent", lambda r: "" if r.percent is None and r.total is None else charts.percent_text(r.percent)),
]
COMPARE_COLUMNS = ROW_COLUMNS + [
    Column("Previous", lambda r: charts.percent_text(r.previous), tooltip=lambda r: "The previous period's per cent"),
    Column("Change", lambda r: r.comparison, tooltip=lambda r: f"Compared with the previous period: {r.comparison}"),
]


class _RowsModel(ListTableModel[charts.Row]):
    def more_data(self, row: charts.Row, column: int, role: int):
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FiguresTable(QTableView):
    """The rows of one chart (or of figures without one), tall enough to show them all so the
    page scrolls as one rather than table by table."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.model_ = _RowsModel(ROW_COLUMNS, parent=self)
        self.setModel(self.model_)
        self.setTabKeyNavigation(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_rows(self, rows: list[charts.Row], *, compares: bool = False, first: str = "Figure") -> None:
        self.model_.columns = [_label(first)] + (COMPARE_COLUMNS if compares else ROW_COLUMNS)[1:]
        self.model_.set_rows(rows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.model_.columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.resizeRowsToContents()
        self._fit_height()

    def clear(self) -> None:
        self.model_.clear()
        self._fit_height()

    def rows(self) -> list[charts.Row]:
        return self.model_.rows()

    def cell_text(self, row: int, column: int) -> str:
        return self.model_.data(self.model_.index(row, column)) or ""

    def _fit_height(self) -> None:
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(i) for i in range(self.model_.rowCount()))
        self.setFixedHeight(max(height, 40))
