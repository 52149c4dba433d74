"""The left half of every tab: the filter field above the sortable record table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from regiodesk.fields import Column, Kind
from regiodesk.i18n import tr
from regiodesk.ui.filter_hint import filter_help, filter_placeholder
from regiodesk.ui.record_model import RecordTableModel, column_index
from regiodesk.ui.tables import compact_rows, use_office_sort_arrows

DEFAULT_COLUMN_WIDTH = 110
TEXT_KINDS = frozenset({Kind.TEXT, Kind.MULTILINE})


class RecordList(QWidget):
    def __init__(
        self,
        model: RecordTableModel,
        columns: Sequence[Column],
        sort_by: str,
        descending: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._columns = tuple(columns)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(filter_placeholder([tr(column.label) for column in columns]))
        self.filter_edit.setToolTip(filter_help())
        self.filter_edit.setClearButtonEnabled(True)

        view = self.view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the tooltip shows the whole text
        view.verticalHeader().hide()
        compact_rows(view)
        header = view.horizontalHeader()
        use_office_sort_arrows(header)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column_index(columns, sort_by), order)
        view.setSortingEnabled(True)  # sorts by the indicator set just above
        metrics = header.fontMetrics()
        # Never narrower than the header text plus the sort arrow: a cut-off title helps nobody.
        self._declared_widths = [
            max(column.width or DEFAULT_COLUMN_WIDTH, metrics.horizontalAdvance(tr(column.label)) + 30)
            for column in columns
        ]
        for n, width in enumerate(self._declared_widths):
            view.setColumnWidth(n, width)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(view)

    def fit_text_columns(self, max_width: int) -> None:
        """Widen text columns towards what the shown rows need (at most half again their
        declared width), as far as the list still fits into ``max_width`` without scrolling."""
        room = max_width - self.wanted_width()
        for n, column in enumerate(self._columns):
            if room <= 0:
                return
            if column.kind in TEXT_KINDS:
                current = self.view.columnWidth(n)
                needed = min(self.view.sizeHintForColumn(n), current * 3 // 2)  # rows on screen only
                grow = min(max(needed - current, 0), room)
                self.view.setColumnWidth(n, current + grow)
                room -= grow

    def give_spare_width(self, width: int) -> None:
        """Widen the widest text column (the name) by what the pane has beyond the columns' needs."""
        spare = width - self.wanted_width()
        texts = [n for n, column in enumerate(self._columns) if column.kind in TEXT_KINDS]
        if spare <= 0 or not texts:
            return
        widest = max(texts, key=self.view.columnWidth)
        self.view.setColumnWidth(widest, self.view.columnWidth(widest) + spare)

    def fill_width(self, width: int) -> None:
        """Share ``width`` out: text columns towards what they show, the rest to the name.

        The stretched last column would otherwise take all spare room while the name is cut off.
        """
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        last = len(self._declared_widths) - 1
        self.view.setColumnWidth(last, self._declared_widths[last])
        self.fit_text_columns(width)
        self.give_spare_width(width)
        header.setStretchLastSection(True)

    def wanted_width(self) -> int:
        """The width that shows every column without a horizontal scroll bar."""
        view = self.view
        columns = sum(view.columnWidth(n) for n in range(view.model().columnCount()))
        return columns + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
