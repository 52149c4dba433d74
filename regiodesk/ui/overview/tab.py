"""Übersicht: the first tab, a list of what is due, each line opening its record.

Not a list-and-detail tab (there is nothing to edit here), but it answers the window as the
RecordTabs do (``activate``, ``commit_pending``, ``count_text`` …), so the window treats every
tab alike. A line opens its record the way a click in the other tab does: the window shows that
tab (``MainWindow.show_tab``) and the tab selects the record (``RecordTab.select_id``).
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.i18n import format_date, tr
from regiodesk.services.overview import DEADLINE_DAYS, Overview, OverviewLine, Target, read_overview
from regiodesk.ui.office_window import OfficeWindow

#: Sections in the order shown: (attribute of Overview, heading, text when empty).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("meetings", "Nächste Sitzungen", "Keine Sitzung geplant."),
    ("deadlines", "Fristen in den nächsten {days} Tagen", "Keine Frist fällig."),
    ("waiting", "Projekte, bei denen die Geschäftsstelle am Zug ist", "Kein Projekt wartet."),
    ("conflicts", "Konflikte der Synchronisierung", "Keine Konflikte offen."),
    ("backup", "Sicherung", ""),
)
TARGET_ROLE = Qt.ItemDataRole.UserRole
URGENT = QColor("#a8071a")  # readable on white and on the alternate row colour


class OverviewTab(QWidget):
    key: ClassVar[str] = "overview"
    title: ClassVar[str] = "Übersicht"
    #: Shows meetings and projects (and their bodies): their changes make it stale.
    depends_on: ClassVar[frozenset[str]] = frozenset({"bodies", "meetings", "projects"})

    #: Nothing is edited here; the window connects these as for every tab.
    changed = Signal()
    counts_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.overview: Overview | None = None
        self._loaded = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold")
        top.addWidget(self.heading, 1)
        self.refresh_button = QPushButton(tr("Aktualisieren"))
        self.refresh_button.clicked.connect(self.reload)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("Betrifft"), tr("Was ansteht"), tr("Datum")])
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(lambda item, _column: self.open_item(item))  # Enter, double-click
        layout.addWidget(self.tree, 1)
        hint = QLabel(tr("Doppelklick oder Eingabetaste öffnet den Eintrag."))
        hint.setEnabled(False)
        layout.addWidget(hint)

    # ------------------------------------------------------------ loading (as RecordTab)
    @property
    def is_loaded(self) -> bool:
        return self._loaded

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def activate(self) -> None:
        """Shown again: read afresh (a backup, a sync or an edit elsewhere may have changed it)."""
        self.reload()

    def mark_stale(self) -> None:
        self._loaded = False

    def reload(self) -> None:
        self.overview = read_overview(self.db)
        self._fill(self.overview)
        self._loaded = True
        self.counts_changed.emit()

    def _fill(self, overview: Overview) -> None:
        self.heading.setText(tr("Was ansteht – Stand {today}", today=format_date(overview.today)))
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        first_line: QTreeWidgetItem | None = None
        for name, heading, empty in SECTIONS:
            lines: list[OverviewLine] = getattr(overview, name)
            section = QTreeWidgetItem([tr(heading, days=DEADLINE_DAYS) if "{" in heading else tr(heading)])
            section.setFont(0, bold)
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(section)
            section.setFirstColumnSpanned(True)
            if not lines and empty:
                item = QTreeWidgetItem(["", tr(empty)])
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.tree.addTopLevelItem(item)
            for line in lines:
                item = QTreeWidgetItem(["    " + line.title, line.detail, format_date(line.due)])
                item.setData(0, TARGET_ROLE, line.target)
                for column in range(3):
                    item.setToolTip(column, f"{line.title}\n{line.detail}")
                    if line.urgent:
                        item.setForeground(column, QBrush(URGENT))
                if line.urgent:
                    item.setFont(1, bold)
                self.tree.addTopLevelItem(item)
                first_line = first_line or item
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 420))
        if first_line is not None:
            self.tree.setCurrentItem(first_line)

    def lines(self) -> list[tuple[str, str, Target]]:
        """The lines as shown (title, detail, target), top to bottom."""
        result = []
        for n in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(n)
            if item is None:
                continue
            target = item.data(0, TARGET_ROLE)
            if isinstance(target, Target):
                result.append((item.text(0).strip(), item.text(1), target))
        return result

    # ------------------------------------------------------------ opening a line
    def open_item(self, item: QTreeWidgetItem) -> bool:
        target = item.data(0, TARGET_ROLE)
        return self.open_target(target) if isinstance(target, Target) else False

    def open_target(self, target: Target) -> bool:
        """Open what a line is about: the record in its tab, the conflicts or the backups."""
        window = self.window()
        if not isinstance(window, OfficeWindow):
            return False  # shown on its own (a test), not in the main window
        if target.tab == "conflicts":
            window.show_conflicts()
            return True
        if target.tab == "backups":
            window.show_backups()
            return True
        tab = window.show_tab(target.tab)
        if window.current_tab() is not tab or target.record_id is None:
            return False  # the tab being left keeps edits that cannot be saved
        tab.ensure_loaded()
        if tab.filter_edit.text():
            tab.filter_edit.clear()  # the filter might hide the record
        return tab.select_id(target.record_id)

    # ------------------------------------------------------------ the window's commands (as RecordTab)
    def count_text(self) -> str:
        if self.overview is None:
            return tr("wird geladen …")
        urgent = sum(
            line.urgent for name, _heading, _empty in SECTIONS for line in getattr(self.overview, name)
        )
        return tr("1 dringender Punkt") if urgent == 1 else tr("{n} dringende Punkte", n=urgent)

    def has_unsaved_edits(self) -> bool:
        return False

    def commit_pending(self, reveal: bool = False) -> bool:
        return True

    def save(self, reveal: bool = True) -> bool:
        return True

    def drop_edits(self) -> None:
        pass

    def discard(self) -> None:
        pass

    def new_record(self) -> bool:
        return False  # nothing to create here; the other tabs create

    def delete_record(self) -> None:
        pass

    def focus_filter(self) -> None:
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_history(self) -> None:
        return None
