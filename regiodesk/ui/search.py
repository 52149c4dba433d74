"""The search over everything in the window: a field beside the menus (Strg+K), its hits below it.

The hits show up as the user types, grouped by kind; ↑/↓ choose, Enter (or a double click)
opens the record in its tab. The query runs on the window's thread a moment after the last
key (under 50 ms on the large region, see bench/bench_search.py), so typing never waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLineEdit, QTableView, QWidget

from regiodesk.db.database import Database
from regiodesk.i18n import tr
from regiodesk.services.search import Hit, HitGroup, SearchService
from regiodesk.ui.record_links import open_record_of
from regiodesk.ui.signals import emit

Index = QModelIndex | QPersistentModelIndex
#: Wait this long after a key for the next one before searching (fast typists type on meanwhile).
DELAY_MS = 120
POPUP_WIDTH = 640
FIELD_WIDTH = 320
#: the share of the popup's width for the title (the rest for the detail)
TITLE_SHARE = 0.58


class SearchResultsModel(QAbstractTableModel):
    """Flat rows: a heading per kind ("Personen (185)"), then its hits (title, detail)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, Any]] = []  # ("group", HitGroup) | ("hit", Hit) | ("empty", text)

    def set_groups(self, groups: list[HitGroup], typed: str) -> None:
        self.beginResetModel()
        self._rows = []
        for group in groups:
            self._rows.append(("group", group))
            self._rows.extend(("hit", hit) for hit in group.hits)
        if not groups and typed.strip():
            self._rows.append(("empty", tr("Nichts gefunden für „{typed}“.", typed=typed.strip())))
        self.endResetModel()

    def hit_at(self, row: int) -> Hit | None:
        if 0 <= row < len(self._rows) and self._rows[row][0] == "hit":
            return self._rows[row][1]
        return None

    def hit_rows(self) -> list[int]:
        return [n for n, (what, _value) in enumerate(self._rows) if what == "hit"]

    def heading_rows(self) -> list[int]:
        return [n for n, (what, _value) in enumerate(self._rows) if what != "hit"]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        what, value = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if what == "group":
                if column:
                    return ""
                more = value.total - len(value.hits)
                label = f"{value.label} ({value.total})"
                return label + (" – " + tr("genauer tippen für die übrigen {n}", n=more) if more else "")
            if what == "empty":
                return "" if column else value
            return value.title if column == 0 else value.detail
        if role == Qt.ItemDataRole.FontRole and what == "group":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (column == 1 or what == "empty"):
            return QPalette().brush(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()][0] == "hit":
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


class SearchPopup(QTableView):
    """The hits below the field: a child of the window laid over the tabs, so the field keeps the
    keyboard (a popup window of its own would take it) and clicks elsewhere simply close it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.results = SearchResultsModel(self)
        self.setModel(self.results)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # a title is read from its beginning
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        # compact rows: more hits on a 768 pixel high screen
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setFrameShape(QFrame.Shape.Box)
        self.hide()

    def show_groups(self, groups: list[HitGroup], typed: str) -> None:
        self.clearSpans()
        self.results.set_groups(groups, typed)
        for row in self.results.heading_rows():
            self.setSpan(row, 0, 1, 2)
        rows = self.results.hit_rows()
        if rows:
            self.selectRow(rows[0])

    def current_hit(self) -> Hit | None:
        rows = self.selectionModel().selectedRows()
        return self.results.hit_at(rows[0].row()) if rows else None

    def step(self, step: int) -> None:
        """↑/↓: the previous or next hit, over the headings."""
        rows = self.results.hit_rows()
        if not rows:
            return
        selected = self.selectionModel().selectedRows()
        current = rows.index(selected[0].row()) if selected and selected[0].row() in rows else -1
        target = rows[max(0, min(len(rows) - 1, current + step))]
        self.selectRow(target)
        self.scrollTo(self.results.index(target, 0))

    def wanted_height(self, limit: int) -> int:
        rows = self.results.rowCount()
        height = sum(self.rowHeight(n) for n in range(rows)) or self.verticalHeader().defaultSectionSize()
        return min(height + 2 * self.frameWidth(), limit)


class SearchField(QLineEdit):
    """The search field (Strg+K). ``open_requested`` carries the hit the user chose."""

    open_requested = Signal(object)

    def __init__(self, database: Callable[[], Database], window: QWidget):
        super().__init__()
        self._database = database
        self._window = window
        self.setPlaceholderText(tr("Suchen: Personen, Projekte, Sitzungen … (Strg+K)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(FIELD_WIDTH)
        self.popup = SearchPopup(window)
        self.popup.activated.connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.textChanged.connect(self._text_changed)

    def sizeHint(self) -> QSize:
        # The menu bar lays out its corner widget by the size hint alone.
        return QSize(FIELD_WIDTH, super().sizeHint().height())

    def focus(self) -> None:
        """Strg+K: into the field, its text selected, the last hits shown again."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()
        if self.text().strip():
            self.run_search()

    def _text_changed(self, text: str) -> None:
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self.popup.hide()

    def run_search(self) -> None:
        """Search now for what is typed (the timer calls it a moment after the last key)."""
        self._timer.stop()
        typed = self.text()
        if not typed.strip():
            self.popup.hide()
            return
        groups = SearchService(self._database()).search(typed)
        self.popup.show_groups(groups, typed)
        self._place_popup()

    def _place_popup(self) -> None:
        window = self._window
        below = self.mapTo(window, QPoint(self.width(), self.height()))
        width = min(POPUP_WIDTH, window.width() - 16)
        left = max(8, min(below.x() - width, window.width() - width - 8))
        height = self.popup.wanted_height(max(120, window.height() - below.y() - 40))
        self.popup.setGeometry(left, below.y() + 2, width, height)
        self.popup.setColumnWidth(0, int(width * TITLE_SHARE))
        self.popup.show()
        self.popup.raise_()

    def open_current(self) -> bool:
        """Enter: open the chosen hit (the first one if none was chosen)."""
        if self._timer.isActive():
            self.run_search()  # Enter typed before the pause: search first, then open
        hit = self.popup.current_hit() if self.popup.isVisible() else None
        if hit is None:
            return False
        self.popup.hide()
        emit(self.open_requested, hit)
        return True

    def _activated(self, index: QModelIndex) -> None:
        hit = self.popup.results.hit_at(index.row())
        if hit is not None:
            self.popup.hide()
            emit(self.open_requested, hit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.popup.isVisible():
            self.popup.step(1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
            return
        if key == Qt.Key.Key_Escape:
            if self.popup.isVisible():
                self.popup.hide()
            else:
                self.clear()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        # A double click into the hits keeps the focus here (they take none); anywhere else
        # the user went on with something else.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.popup.hide()


def open_hit(window: Any, hit: Hit) -> bool:
    """Show the record of ``hit`` in its tab, as a click on it there would; False if the tab
    being left keeps edits that cannot be saved (the user stays there and sees why)."""
    if hit.opens:  # a consultation, an event, press and network work: in a window of its own
        return open_record_of(window, hit.opens, hit.part_id)
    tab = window.open_record(hit.tab, hit.tab_record_id)
    if tab is None:
        return False
    if hit.kind == "procedure":
        tab.show_written_procedures().reload(select=hit.part_id)
    elif hit.part_id:
        tab.show_agenda_item(hit.part_id)
    return True


__all__ = ["SearchField", "SearchPopup", "SearchResultsModel", "open_hit"]
