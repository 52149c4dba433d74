"""The one way regiodesk builds a read-only table: whole rows selected, one line per row,
and no column narrower than its header text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from regiodesk.i18n import tr

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

DEFAULT_WIDTH = 90
HEADER_PADDING = 30  # the sort arrow and the section margins


def make_table(
    model: QAbstractItemModel,
    widths: Sequence[int | None] = (),
    stretch: int | None = None,
    parent: QWidget | None = None,
) -> QTableView:
    """A table on ``model``; ``stretch`` is the column that takes the spare width (else the last)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)  # one line per row; the tooltip shows long texts in full
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    set_column_widths(view, widths)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def set_column_widths(view: QTableView, widths: Sequence[int | None]) -> None:
    """The given widths, but never narrower than the header text: a cut-off title helps nobody."""
    model = view.model()
    metrics = view.horizontalHeader().fontMetrics()
    for column in range(model.columnCount()):
        wanted = widths[column] if column < len(widths) else None
        title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        title_width = metrics.horizontalAdvance(str(title or "")) + HEADER_PADDING
        view.setColumnWidth(column, max(wanted or DEFAULT_WIDTH, title_width))


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a list of row objects.

    Subclasses name their ``HEADERS`` and say what a cell shows (``text``) and which id a
    row has (``row_id``); the tooltip repeats the text, so a cut-off cell can still be read.
    """

    HEADERS: tuple[str, ...] = ()
    #: columns shown right-aligned (numbers)
    NUMERIC_COLUMNS: frozenset[int] = frozenset()
    #: column -> what it means, shown over its header
    HEADER_TOOLTIPS: ClassVar[dict[int, str]] = {}

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def id_at(self, row: int) -> str:
        return self.row_id(self._rows[row])

    def row_of(self, record_id: str) -> int | None:
        return next((n for n, r in enumerate(self._rows) if self.row_id(r) == record_id), None)

    def text(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def row_id(self, row: Row) -> str:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return self.row_id(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMERIC_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            tooltip = self.HEADER_TOOLTIPS.get(section)
            return tr(tooltip) if tooltip else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return READ_ONLY if index.isValid() else Qt.ItemFlag.NoItemFlags


__all__ = ["RowsModel", "make_table", "set_column_widths"]
