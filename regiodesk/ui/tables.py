"""The one way regiodesk builds a read-only table: whole rows selected, one line per row,
no column narrower than its header text, columns sized to their content (numbers whole, long
texts elided in the middle and shown in full in the tooltip), and sort arrows that point the way
office programs draw them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

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
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # „Projektauswahl: … Steinbühl“ stay apart
    view.verticalHeader().hide()
    compact_rows(view)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    use_office_sort_arrows(header)
    set_column_widths(view, widths)
    ColumnFitter(view, stretch)
    return view


def compact_rows(view: QTableView) -> None:
    """Rows as high as a line of text needs: the style's default (30 px in Fusion) shows a
    third fewer rows on a 768-pixel-high laptop screen."""
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)


def set_column_widths(view: QTableView, widths: Sequence[int | None]) -> None:
    """The given widths, but never narrower than the header text: a cut-off title helps nobody."""
    model = view.model()
    metrics = view.horizontalHeader().fontMetrics()
    for column in range(model.columnCount()):
        wanted = widths[column] if column < len(widths) else None
        title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        title_width = metrics.horizontalAdvance(str(title or "")) + HEADER_PADDING
        view.setColumnWidth(column, max(wanted or DEFAULT_WIDTH, title_width))


def _is_numeric(model: QAbstractItemModel, column: int) -> bool:
    if model.rowCount() == 0:
        return False
    alignment = model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
    try:
        return bool(Qt.AlignmentFlag(int(alignment)) & Qt.AlignmentFlag.AlignRight) if alignment else False
    except (TypeError, ValueError):
        return False


def column_widths_for(
    content: Sequence[int], floor: Sequence[int], numeric: Sequence[bool], available: int, stretch: int | None
) -> list[int]:
    """Widths that show every number whole and share the rest fairly among the text columns.

    A text column gets what its content needs if that is no more than an equal share of the
    room the numbers leave; the others share what is left equally (never below ``floor``, the
    header text). Room beyond every need goes to ``stretch`` (else the first text column).
    """
    count = len(content)
    widths = [max(content[c], floor[c]) for c in range(count)]
    texts = [c for c in range(count) if not numeric[c]]
    room = available - sum(widths[c] for c in range(count) if numeric[c])
    pending = sorted(texts, key=lambda c: widths[c])
    while pending:
        share = room // len(pending)
        smallest = pending[0]
        if widths[smallest] <= share:
            room -= widths[smallest]
            pending.pop(0)
            continue
        for c in pending:
            widths[c] = max(floor[c], share)
        room -= sum(widths[c] for c in pending)
        break
    if room > 0:
        target = stretch if stretch is not None else (texts[0] if texts else count - 1)
        if 0 <= target < count:
            widths[target] += room
    return widths


class ColumnFitter(QObject):
    """Keeps a table's columns sized to their content and the view's width (after each reload
    and resize) until the user drags a column border: then that view keeps the user's widths."""

    CONTENT_PADDING = 12
    #: a text column is not squeezed below this (or its content, if narrower)
    TEXT_FLOOR = 160
    #: no text column asks for more than this share of the view
    MAX_SHARE = 0.6

    def __init__(self, view: QTableView, stretch: int | None = None):
        super().__init__(view)
        self.view, self.stretch = view, stretch
        self.user_sized = False
        self._fitting = False
        view.horizontalHeader().setStretchLastSection(False)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
            signal.connect(self._later)
        view.horizontalHeader().sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        view._column_fitter = self  # type: ignore[attr-defined]  # found by fit_columns()

    def _later(self, *_args) -> None:
        QTimer.singleShot(0, self, self.fit)  # not after the view is gone

    def _resized(self, *_args) -> None:
        if not self._fitting and self.view.horizontalHeader().underMouse():
            self.user_sized = True  # a drag on the header: the user's widths stay

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        view = self.view
        if self.user_sized or not view.isVisible():
            return
        model = view.model()
        count = model.columnCount()
        if count == 0:
            return
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        available = view.viewport().width()
        cap = max(int(available * self.MAX_SHARE), 120)
        floor, content, numeric = [], [], []
        for c in range(count):
            title = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            is_number = _is_numeric(model, c)
            needed = view.sizeHintForColumn(c) + self.CONTENT_PADDING  # the rows on screen
            header_width = metrics.horizontalAdvance(str(title or "")) + HEADER_PADDING
            # A text keeps a readable width even where the numbers need a scroll bar.
            floor.append(header_width if is_number else max(header_width, min(needed, self.TEXT_FLOOR)))
            content.append(needed if is_number else min(needed, cap))
            numeric.append(is_number)
        self._fitting = True
        try:
            for c, width in enumerate(column_widths_for(content, floor, numeric, available, self.stretch)):
                if not view.isColumnHidden(c):
                    view.setColumnWidth(c, width)
        finally:
            self._fitting = False


class OfficeSortArrowStyle(QProxyStyle):
    """Qt draws ▲ for a descending sort and ▼ for an ascending one; Excel, LibreOffice, the
    Explorer and the Finder do the opposite, and so the users read it. This style swaps them."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            swapped = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
            if option.sortIndicator == up:
                swapped.sortIndicator = down
            elif option.sortIndicator == down:
                swapped.sortIndicator = up
            super().drawPrimitive(element, swapped, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


def use_office_sort_arrows(header: QHeaderView) -> None:
    """▲ on an ascending sort, ▼ on a descending one (see :class:`OfficeSortArrowStyle`)."""
    style = OfficeSortArrowStyle()
    style.setParent(header)  # lives as long as the header
    header.setStyle(style)


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


__all__ = [
    "ColumnFitter",
    "OfficeSortArrowStyle",
    "RowsModel",
    "column_widths_for",
    "compact_rows",
    "make_table",
    "set_column_widths",
    "use_office_sort_arrows",
]
