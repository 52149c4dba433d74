"""The first window on the screen while the rest of the program loads.

Importing SQLAlchemy and mapping the models takes longer than Python and Qt together, so the
window the user works in (MainWindow) cannot be on screen as fast as a bare Qt window that
reads the file. This window can: it reads the Gremien list with :mod:`sqlite3` alone (read
only), looks like the main window's Gremien tab, and can be scrolled and filtered while
the ORM is imported in the background. :func:`regiodesk.app.start_gui` then puts the
main window in its place with what the user did here (filter, selection, tab,
keyboard focus, and keys typed while it took over).

Only Qt, sqlite3 and light regiodesk modules are imported here (a test checks that), and not
even Qt's ``Qt`` namespace: building its Python enums takes 40 ms, a sixth of a bare Qt start,
so the few constants needed are given as Qt's documented numbers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from regiodesk.domain.enums import BodyType
from regiodesk.domain.list_filter import FilterTerm, filter_terms
from regiodesk.domain.text import search_key, sort_key
from regiodesk.i18n import count_entries, tr
from regiodesk.ui.filter_hint import filter_help, filter_placeholder

if TYPE_CHECKING:  # Qt builds QCloseEvent's Python type (3.6 ms) when the first one arrives
    from PySide6.QtGui import QCloseEvent

#: The tab titles of the main window, in its order (regiodesk.ui.tabs.TABS; a test compares).
TAB_TITLES = ("Übersicht", "Gremien", "Sitzungen", "Projekte", "Kontakte", "Monitoring")
#: Where the Gremien list stands among them.
BODIES_INDEX = 1
#: The Gremien list's columns (BodyService.columns; a test compares the rows too).
HEADERS = ("Name", "Art", "stimmberechtigt", "Mitglieder")

#: Qt::TextAlignmentRole and Qt::AlignRight | Qt::AlignVCenter (qnamespace.h)
_ALIGNMENT_ROLE, _RIGHT = 7, 0x0002 | 0x0080
_CENTERED = "qproperty-alignment: AlignCenter;"

_BODIES = """
    SELECT b.id, b.name, b.body_type,
        (SELECT count(*) FROM membership m WHERE m.body_id = b.id AND {live} AND m.voting_right = 1),
        (SELECT count(*) FROM membership m WHERE m.body_id = b.id AND {live})
    FROM body b WHERE b.deleted_at IS NULL
""".format(live="m.deleted_at IS NULL AND (m.ends_on IS NULL OR m.ends_on >= date('now'))")


class FirstList(NamedTuple):  # not a dataclass: importing dataclasses costs 5 ms here
    region: str
    #: (id, (Name, Art, stimmberechtigt, Mitglieder)) per live body, in German name order
    rows: tuple[tuple[str, tuple[str, str, int, int]], ...]


def read_first_list(path: Path) -> FirstList | None:
    """The region's name and its bodies, read only; None if the file cannot be read so."""
    try:
        con = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        found = con.execute("SELECT name FROM region_settings WHERE deleted_at IS NULL LIMIT 1").fetchone()
        bodies = con.execute(_BODIES).fetchall()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    rows = [
        (bid, (name, BodyType.label_of(kind), voted, members)) for bid, name, kind, voted, members in bodies
    ]
    rows.sort(key=lambda row: sort_key(row[1][0]))
    return FirstList((found[0] or "") if found else "", tuple(rows))


def window_title(region: str, path: Path) -> str:
    """'Region – datei.regiodesk – regiodesk', as the main window titles itself."""
    parts = [region, Path(path).name, "regiodesk"] if region else [Path(path).name, "regiodesk"]
    return " – ".join(parts)


class _Filter(QSortFilterProxyModel):
    """The main window's list filter over the few rows here: every word in some column, or in
    the column it names (``art:lag``), umlauts folded (``domain/list_filter.py``)."""

    def __init__(self, labels: list[str], cells: list[tuple[str, ...]], parent: QWidget):
        super().__init__(parent)
        self.labels = labels
        self.keys = [[search_key(cell) for cell in row] for row in cells]
        self.terms: tuple[FilterTerm, ...] = ()

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.terms = filter_terms(text, self.labels)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent: QModelIndex | QPersistentModelIndex) -> bool:
        cells = self.keys[source_row]
        for column, plain, translit in self.terms:
            keys = cells if column is None else cells[column : column + 1]
            if not any(plain in key or translit in key for key in keys):
                return False
        return True


class StartWindow(QMainWindow):
    """The main window's tabs while the program loads: the Übersicht waiting for it, the
    Gremien list read-only and usable."""

    def __init__(self, path: Path, first: FirstList):
        super().__init__()
        #: Called when the user closes this window before the main window takes over (Beenden).
        self.closed_early: Callable[[], None] | None = None
        self.setWindowTitle(window_title(first.region, path))
        for title in (tr("Datei"), tr("Bearbeiten"), tr("Hilfe")):
            self.menuBar().addMenu(title).setEnabled(False)  # the menus act on the loaded program
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        page = QWidget()
        layout = QVBoxLayout(page)
        self.filter_edit = QLineEdit()
        labels = [tr(h) for h in HEADERS]
        self.filter_edit.setPlaceholderText(filter_placeholder(labels))
        self.filter_edit.setToolTip(filter_help())
        self.filter_edit.setClearButtonEnabled(True)
        layout.addWidget(self.filter_edit)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.focus_filter)  # as the main window
        self.model = QStandardItemModel(len(first.rows), len(HEADERS))
        self.model.setHorizontalHeaderLabels(labels)
        self.ids = [body_id for body_id, _values in first.rows]
        for r, (_body_id, values) in enumerate(first.rows):
            for c, value in enumerate(values):
                item = QStandardItem(str(value))
                item.setEditable(False)
                if isinstance(value, int):
                    item.setData(_RIGHT, _ALIGNMENT_ROLE)
                self.model.setItem(r, c, item)
        self.proxy = _Filter(labels, [tuple(map(str, values)) for _body_id, values in first.rows], self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit.textChanged.connect(self._filter)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.view, 1)  # in German name order as read; sorting comes with the program
        self.loading = QLabel(tr("Die Bearbeitung wird geladen …"))
        self.loading.setStyleSheet(_CENTERED)
        layout.addWidget(self.loading, 2)
        # The Übersicht opens first, as in the main window; the Gremien list is a click away.
        for n, title in enumerate(TAB_TITLES):
            if n == BODIES_INDEX:
                self.tabs.addTab(page, tr(title))
                continue
            waiting = QLabel(tr("Die Übersicht wird geladen …") if n == 0 else tr("Wird geladen …"))
            waiting.setStyleSheet(_CENTERED)
            self.tabs.addTab(waiting, tr(title))
        self.statusBar().addWidget(QLabel(str(path)), 1)
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self._count()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closed_early is not None:
            self.closed_early()
        super().closeEvent(event)

    def shown_rows(self) -> list[tuple[str, ...]]:
        """The list as it is on the screen (filtered and sorted), as texts."""
        return [
            tuple(self.proxy.index(r, c).data() for c in range(len(HEADERS)))
            for r in range(self.proxy.rowCount())
        ]

    def focus_filter(self) -> None:
        self.tabs.setCurrentIndex(BODIES_INDEX)  # the one list here
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._count()

    def _count(self) -> None:
        self.count_label.setText(count_entries(self.proxy.rowCount(), self.model.rowCount()))

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.ids[self.proxy.mapToSource(rows[0]).row()] if rows else None

    def place(self, window) -> None:
        """The main window where this one is (before it is shown)."""
        window.setGeometry(self.geometry())
        if self.isMaximized():
            window.setWindowState(window.windowState() | self.windowState())

    def carry_over(self, window) -> None:
        """Give the main window what the user did here: the tab, the filter, the selection, and
        the keyboard focus, so that typing in the filter goes on in the main window's filter."""
        tab = window.tab("bodies")
        if self.filter_edit.text():
            tab.filter_edit.setText(self.filter_edit.text())
            tab.filter_edit.setCursorPosition(self.filter_edit.cursorPosition())
        selected = self.selected_id()
        if selected:
            tab.select_id(selected)
        if self.tabs.currentIndex() != 0:
            window.tabs.setCurrentIndex(self.tabs.currentIndex())
        focused = self.focusWidget()  # the last one focused, whether this window is active or not
        if focused is self.filter_edit:
            tab.filter_edit.setFocus()
        elif focused is self.view:
            tab.view.setFocus()
