"""The table model behind every record list: formatting, sorting and filtering in one place.

Filtering lives in the model, not in a QSortFilterProxyModel: a Python
``filterAcceptsRow`` is called once per row and keystroke, too slow for 20,000
contacts. Instead each row carries one precomputed search key, and a filter is a
list comprehension over those keys.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from regiodesk.domain.list_filter import FilterTerm, filter_terms, refines
from regiodesk.domain.text import search_key, sort_key
from regiodesk.fields import NUMERIC, Column, Kind, display_value
from regiodesk.i18n import tr
from regiodesk.services.records import ListRow
from regiodesk.ui.signals import emit

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


@dataclass(frozen=True, slots=True)
class PreparedRows:
    """Rows with their display texts and search keys; built off the GUI thread if need be.

    One compact form per row (80,000 contacts): its values, its display texts (the very same
    tuple where every value is shown as it is, as in most contact rows) and one folded search
    key. Sort keys are not kept: only the rows' order for ``sorted_by``, made with them.
    """

    ids: list[str]
    values: list[tuple[Any, ...]]
    cells: list[tuple[str, ...]]
    keys: list[str]
    #: the rows' order for ``sorted_by`` (column, descending), made with them; None: not made
    order: list[int] | None = None
    #: ``keys`` in that order (what the filter searches), made with it: 80,000 of them copied on
    #: the window's thread took it 30-120 ms
    ordered_keys: list[str] | None = None
    sorted_by: tuple[int, bool] | None = None
    #: record id -> row, made with the rows too (None: made when taken over)
    index_of: dict[str, int] | None = None


def prepare(
    columns: Sequence[Column], rows: Iterable[ListRow], sort: tuple[int, bool] | None = None
) -> PreparedRows:
    """Format every cell once and fold each row into a search key (pure Python, thread-safe);
    with ``sort`` (column, descending), the rows' order too, so the window's thread only takes
    it over (sorting 80,000 rows there froze it for a second).

    ``rows`` is consumed once, row by row: a streamed query (:meth:`RecordService.stream_rows`)
    never holds the whole result beside the prepared rows."""
    kinds = [c.kind for c in columns]

    def cell(value: Any, kind: Kind) -> str:
        # Most cells are plain text: skip the formatting ladder for them (20,000 contacts).
        return value if type(value) is str else display_value(value, kind)

    ids: list[str] = []
    values: list[tuple[Any, ...]] = []
    cells: list[tuple[str, ...]] = []
    keys: list[str] = []
    add_id, add_values, add_cells, add_key = ids.append, values.append, cells.append, keys.append
    for row in rows:
        row_values = row.values
        row_cells = tuple(map(cell, row_values, kinds))
        add_id(row.id)
        add_values(row_values)
        # every value its own text (None would be ""): one tuple serves for both
        add_cells(row_values if row_cells == row_values else row_cells)
        add_key(search_key(" ".join(row_cells)))
    order = ordered_keys = None
    if sort is not None:
        column, descending = sort
        order = sorted_order(sort_keys_of(values, column), descending)
        ordered_keys = [keys[i] for i in order]
    return PreparedRows(
        ids=ids,
        values=values,
        cells=cells,
        keys=keys,
        order=order,
        ordered_keys=ordered_keys,
        sorted_by=sort,
        index_of={record_id: n for n, record_id in enumerate(ids)},
    )


def sort_key_of(value: Any) -> Any:
    """A value's sort key: text by DIN 5007 (Ö with O), an empty text None (it sorts last).

    A text's key is one string (its folded form, a NUL, the text itself), not a pair: Python
    compares strings several times faster than tuples of them, and a sort holds the GIL."""
    if isinstance(value, str):
        return f"{sort_key(value)}\x00{value}" if value.strip() else None
    return value


def sort_keys_of(values: Sequence[tuple[Any, ...]], column: int) -> list[Any]:
    """Each row's key in ``column``: :func:`sort_key_of` written out (80,000 calls of it took
    a header click 0.1 s longer)."""
    keys: list[Any] = []
    append = keys.append
    for row in values:
        value = row[column]
        if isinstance(value, str):
            append(f"{sort_key(value)}\x00{value}" if value.strip() else None)
        else:
            append(value)
    return keys


#: Rows sorted at a time before the slices are merged (see :func:`sorted_order`).
SORT_SLICE = 8192


def sorted_order(keys: Sequence[Any], descending: bool) -> list[int]:
    """Row indices by ``keys``; rows without a value go last in both directions (an unknown date
    is not "the earliest"). Rows with equal keys keep their order."""
    count = len(keys)
    present = [i for i in range(count) if keys[i] is not None]
    by_key = keys.__getitem__
    if len(present) > SORT_SLICE:
        # Slice by slice first, then the sorted runs merged: one sort holds the GIL throughout,
        # and a loader thread sorting 80,000 names at once would stop the window that long.
        # Both sorts are stable, so the result is the same as one sort's.
        for start in range(0, len(present), SORT_SLICE):
            present[start : start + SORT_SLICE] = sorted(
                present[start : start + SORT_SLICE], key=by_key, reverse=descending
            )
    present.sort(key=by_key, reverse=descending)
    return present + [i for i in range(count) if keys[i] is None]


class _Reversed:
    """A key compared the other way round: a descending order for :mod:`bisect`."""

    __slots__ = ("key",)

    def __init__(self, key: Any):
        self.key = key

    def __lt__(self, other: _Reversed) -> bool:
        return other.key < self.key


def insert_sorted(order: list[int], row: int, key_of: Callable[[int], Any], descending: bool) -> None:
    """Put ``row`` (the highest index so far) into ``order`` where :func:`sorted_order` would
    have it, computing the keys of O(log n) rows instead of all."""
    key = key_of(row)
    if key is None:
        order.append(row)  # after the other rows without a value
        return
    # rows without a value are at the end; find where they begin
    present = bisect_left(order, True, key=lambda i: key_of(i) is None)
    if descending:
        at = bisect_right(order, _Reversed(key), 0, present, key=lambda i: _Reversed(key_of(i)))
    else:
        at = bisect_right(order, key, 0, present, key=key_of)
    order.insert(at, row)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._alignments = [_RIGHT if c.kind in NUMERIC else _LEFT for c in self.columns]
        self._data = PreparedRows([], [], [], [])
        self._index_of: dict[str, int] = {}  # record id -> data index
        self._order: list[int] = []  # all data indices, in sort order
        self._visible: list[int] = []  # the shown subset of _order
        self._filter_text = ""
        #: Only these ids are shown (a contact filter by tag, body, consent); None: all.
        self._allowed: set[str] | None = None
        self._terms: tuple[FilterTerm, ...] = ()
        #: The results of the filter as it was typed, broadest first, each (terms, data indices,
        #: their search keys); the first is the unfiltered list. Typing on filters the last
        #: result only; a backspace goes back to the result it had before, without searching.
        self._steps: list[tuple[tuple[FilterTerm, ...], list[int], list[str]]] = [((), [], [])]
        #: the headings a filter term may name its column by (``hf:3``)
        self._labels = [tr(c.label) for c in self.columns]
        #: column -> the search key of each row's cell there, made when a term first names it
        self._column_keys: dict[int, list[str]] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        #: column -> each row's sort key there, for the columns sorted by a header click (the
        #: next click on it only reverses; the loader's order needs none kept)
        self._sort_keys: dict[int, list[Any]] = {}

    # ------------------------------------------------------------- filling
    def set_rows(self, rows: Sequence[ListRow] | PreparedRows) -> None:
        prepared = rows if isinstance(rows, PreparedRows) else prepare(self.columns, rows)
        self.beginResetModel()
        self._data = prepared
        self._index_of = (
            prepared.index_of
            if prepared.index_of is not None
            else {record_id: n for n, record_id in enumerate(prepared.ids)}
        )
        self._column_keys.clear()
        self._sort_keys.clear()
        if prepared.order is not None and prepared.sorted_by == self._sort_spec():
            self._order = prepared.order
            self._refilter(prepared.ordered_keys)
        else:
            self._order = self._sorted_order()
            self._refilter()
        self.endResetModel()

    def merged(self, fresh: PreparedRows, asked: Collection[str]) -> PreparedRows:
        """The current rows with the ``asked`` ids replaced by ``fresh`` (missing there: dropped).

        After saving or deleting one record the list re-reads that row only, not 20,000, and
        puts it into the order without sorting the others again.
        """
        asked_set = set(asked)
        data = self._data
        keep = [n for n, record_id in enumerate(data.ids) if record_id not in asked_set]
        ids = [data.ids[n] for n in keep] + fresh.ids
        values = [data.values[n] for n in keep] + fresh.values
        spec = self._sort_spec()
        order = None
        if spec is not None:
            moved_to = [-1] * len(data.ids)
            for new, old in enumerate(keep):
                moved_to[old] = new
            order = [moved_to[i] for i in self._order if moved_to[i] >= 0]
            column, descending = spec

            def key_of(row: int) -> Any:
                return sort_key_of(values[row][column])

            for row in range(len(keep), len(ids)):
                insert_sorted(order, row, key_of, descending)
        return PreparedRows(
            ids=ids,
            values=values,
            cells=[data.cells[n] for n in keep] + fresh.cells,
            keys=[data.keys[n] for n in keep] + fresh.keys,
            order=order,
            sorted_by=spec,
        )

    def set_filter(self, text: str) -> None:
        self._filter_text = text
        terms = filter_terms(text, self._labels)
        if terms == self._terms:
            return
        self._terms = terms
        self.beginResetModel()
        self._narrow()
        self.endResetModel()

    def set_allowed(self, ids: Collection[str] | None) -> None:
        """Show only rows whose id is in ``ids`` (besides the text filter); None lifts it."""
        allowed = None if ids is None else set(ids)
        if allowed == self._allowed:
            return
        self._allowed = allowed
        self.beginResetModel()
        self._refilter()
        self.endResetModel()

    @property
    def is_restricted(self) -> bool:
        return self._allowed is not None

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def _refilter(self, ordered_keys: list[str] | None = None) -> None:
        """Filter the rows afresh (new rows, order or restriction): the typed results are void.

        ``ordered_keys``: the search keys in the order's order, if already made."""
        rows = self._order
        keys = self._data.keys
        if self._allowed is not None:
            ids, allowed = self._data.ids, self._allowed
            rows = [i for i in rows if ids[i] in allowed]
            ordered_keys = None
        if ordered_keys is None or len(ordered_keys) != len(rows):
            ordered_keys = [keys[i] for i in rows]
        self._steps = [((), rows, ordered_keys)]
        self._narrow()

    def _narrow(self) -> None:
        """Show the rows the terms let through, starting from the narrowest earlier result that
        holds them all (typing on: the last one; a backspace: the one before, as it is)."""
        terms, steps = self._terms, self._steps
        while len(steps) > 1 and not refines(steps[-1][0], terms):
            steps.pop()
        found, rows, keys = steps[-1]
        if found != terms:
            rows, keys = self._search(terms, rows, keys)
            steps.append((terms, rows, keys))
        self._visible = rows

    def _search(
        self, terms: Sequence[FilterTerm], rows: list[int], keys: list[str]
    ) -> tuple[list[int], list[str]]:
        # One C-speed pass per term (substring tests, then compress) instead of a Python
        # function call per row: a keystroke stays far below 50 ms on 80,000 contacts.
        for column, plain, translit in terms:
            # a term naming a column (hf:3) looks into that column's cell only
            cells = keys if column is None else self._keys_of_column(column, rows)
            if plain in translit:
                # also when they differ: a key holding "mue" holds "mu" (see search_key), so
                # "mü" tests each row once
                hits = [plain in key for key in cells]
            else:
                hits = [plain in key or translit in key for key in cells]
            rows, keys = list(compress(rows, hits)), list(compress(keys, hits))
        return rows, keys

    def _keys_of_column(self, column: int, rows: list[int]) -> list[str]:
        """The search keys of ``column``'s cells of ``rows`` (folded once per column and data)."""
        keys = self._column_keys.get(column)
        if keys is None:
            keys = self._column_keys[column] = [search_key(cells[column]) for cells in self._data.cells]
        return [keys[i] for i in rows]

    # ------------------------------------------------------------- sorting
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        # PySide6 only offers the argument-less overloads of the layout signals.
        emit(self.layoutAboutToBeChanged)
        old_indexes = self.persistentIndexList()
        old_rows = [(self._visible[i.row()], i.column()) for i in old_indexes]
        if column not in self._sort_keys:
            self._sort_keys = {column: sort_keys_of(self._data.values, column)}  # one column's
        self._order = self._sorted_order()
        self._refilter()  # the same rows, in the new order
        position = {data_index: row for row, data_index in enumerate(self._visible)}
        self.changePersistentIndexList(old_indexes, [self.index(position[d], col) for d, col in old_rows])
        emit(self.layoutChanged)

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sort

    def _sorted_order(self) -> list[int]:
        if self._sort is None:
            return list(range(len(self._data.ids)))
        column, order = self._sort
        keys = self._sort_keys.get(column)
        if keys is None:  # new rows: the keys only for this sort, not kept
            keys = sort_keys_of(self._data.values, column)
        return sorted_order(keys, order == Qt.SortOrder.DescendingOrder)

    def _sort_spec(self) -> tuple[int, bool] | None:
        if self._sort is None:
            return None
        return self._sort[0], self._sort[1] == Qt.SortOrder.DescendingOrder

    @property
    def sort_spec(self) -> tuple[int, bool] | None:
        """(column, descending) the list is sorted by: rows are best prepared with it, or None."""
        return self._sort_spec()

    # -------------------------------------------------------------- lookup
    def row_of(self, record_id: str) -> int | None:
        """The shown row of a record, or None if it is filtered out or not in the list."""
        data_index = self._index_of.get(record_id)
        if data_index is None:
            return None
        try:
            return self._visible.index(data_index)  # a C-level scan; cheaper than a map per filter
        except ValueError:
            return None

    def id_at(self, row: int) -> str:
        return self._data.ids[self._visible[row]]

    def contains(self, record_id: str) -> bool:
        return record_id in self._index_of

    def values_at(self, row: int) -> tuple[Any, ...]:
        return self._data.values[self._visible[row]]

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def total_count(self) -> int:
        return len(self._data.ids)

    # ------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every painted cell: plain comparisons, nothing computed here.
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        if role in (_DISPLAY, _TOOLTIP):
            return self._data.cells[self._visible[index.row()]][index.column()]
        if role == _ALIGNMENT:
            return self._alignments[index.column()]
        if role == ID_ROLE:
            return self._data.ids[self._visible[index.row()]]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns)
        if role == Qt.ItemDataRole.ToolTipRole and horizontal and self.columns[section].tooltip:
            return tr(self.columns[section].tooltip)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label if horizontal else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


def column_index(columns: Sequence[Column], key: str) -> int:
    for n, column in enumerate(columns):
        if column.key == key:
            return n
    raise KeyError(key)


__all__ = [
    "ID_ROLE",
    "Kind",
    "PreparedRows",
    "RecordTableModel",
    "column_index",
    "insert_sorted",
    "prepare",
    "sort_key_of",
    "sort_keys_of",
    "sorted_order",
]
