"""The one way regiodesk builds a read-only table: whole rows selected, one line per row,
and no column narrower than its header text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

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


__all__ = ["make_table", "set_column_widths"]
