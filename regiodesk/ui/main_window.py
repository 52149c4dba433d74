"""The main window: five record tabs, the menus, the status bar, switching files."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QTabWidget, QWidget

from regiodesk.db.custody import DatabaseLock
from regiodesk.db.database import Database
from regiodesk.i18n import tr
from regiodesk.office import Office
from regiodesk.services.region import region_name
from regiodesk.ui import dialogs
from regiodesk.ui.custody import CustodyActions
from regiodesk.ui.documents_menu import DocumentActions
from regiodesk.ui.geometry import restore_geometry, save_geometry
from regiodesk.ui.help_menu import HelpActions
from regiodesk.ui.master_data_pages import PAGES
from regiodesk.ui.menu_places import MenuPlaces
from regiodesk.ui.office_window import OfficeWindow
from regiodesk.ui.open_files import FileActions
from regiodesk.ui.operations import wait_for_operations
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.region_actions import RegionActions
from regiodesk.ui.search import SearchField, open_hit
from regiodesk.ui.server_window import ServerActions
from regiodesk.ui.start_window import window_title
from regiodesk.ui.sync_ui import SyncActions
from regiodesk.ui.tabs import TABS
from regiodesk.ui.undo import UndoController
from regiodesk.ui.widgets import W, show_once
from regiodesk.ui.window_parts import Forward, TabSlot, show_read_only

log = logging.getLogger(__name__)


class MainWindow(OfficeWindow):
    def __init__(self, db: Database, lock: DatabaseLock | None = None):
        super().__init__()
        #: The open file, its lock, backups, sync and handover (regiodesk.office).
        self.office = Office(db, lock)
        self.custody = CustodyActions(self)
        self.sync_actions = SyncActions(self)
        self.files = FileActions(self)
        self.server = ServerActions(self)  # a database on a PostgreSQL server
        self.region = RegionActions(self)
        self.documents = DocumentActions(self)
        self.help = HelpActions(self)
        #: Strg+Z / Strg+Umschalt+Z over every tab's saves and deletions (ui.undo)
        self.undo: UndoController = UndoController(self)
        self._windows: dict[str, QWidget] = {}
        self._tabs: dict[str, RecordTab] = {}  # the tabs built so far
        self._index_of: dict[str, int] = {}
        self._tab_index = 0
        self._reverting_tab = False
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        # Beside the menus rather than in a toolbar of its own: a 1366×768 screen has no row to spare.
        self.search_field = SearchField(lambda: self.db, self)
        self.search_field.open_requested.connect(lambda hit: open_hit(self, hit))
        self.menuBar().setCornerWidget(self.search_field)
        self.path_label = QLabel()
        self.count_label = QLabel()
        #: Shown while the file can only be read (read-only file, folder or medium).
        self.read_only_label = QLabel()
        self.read_only_label.setStyleSheet("font-weight: bold")
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_tabs()
        self.tabs.currentChanged.connect(self._tab_changed)
        restore_geometry(self)
        self._database_changed()

    @property
    def db(self) -> Database:
        return self.office.db

    # ------------------------------------------------------------ tabs
    def tab(self, key: str) -> RecordTab:
        """The tab of an area, built now if it has not been shown yet."""
        return self._built(self._index_of[key])

    def current_tab(self) -> RecordTab:
        return self._built(self.tabs.currentIndex())

    def show_tab(self, key: str) -> RecordTab:
        """Switch to a tab as a click on it does (saving the tab being left first)."""
        self.tabs.setCurrentIndex(self._index_of[key])
        return self.current_tab()

    def open_record(self, key: str, record_id: str) -> RecordTab | None:
        """Show a record in its tab as a click on it there does (the search's hits, links); None
        if the tab being left keeps edits that cannot be saved. ``record_id`` '': just the tab."""
        tab = self.show_tab(key)
        if self._tab_index != self._index_of[key]:
            return None
        tab.ensure_loaded()
        if record_id and not tab.reveal(record_id):
            return None
        return tab

    def import_list(self, key: str, path: Path | None = None):
        """Datei → Importieren: the import dialog of that area, shown on its tab."""
        tab = self.show_tab(key)
        if self._tab_index != self._index_of[key]:
            return None  # the tab being left keeps unsaved edits: it stays
        # the tab's module is imported already: show_tab built the tab
        if key == "contacts":
            from regiodesk.ui.contacts.tab import ContactsTab

            return tab.import_contacts(path) if isinstance(tab, ContactsTab) else None
        from regiodesk.ui.projects.tab import ProjectsTab

        return tab.import_projects(path) if isinstance(tab, ProjectsTab) else None

    def _built(self, index: int) -> RecordTab:
        slot = self.tabs.widget(index)
        assert isinstance(slot, TabSlot)
        if slot.tab is None:
            tab = slot.spec.load()(self.db)
            slot.put(tab)
            self._tabs[tab.key] = tab
            tab.changed.connect(lambda source=tab: self._data_changed(source))
            tab.counts_changed.connect(lambda source=tab: self._counts_changed(source))
            self.undo.watch(tab)
        assert slot.tab is not None
        return slot.tab

    def _built_tab_at(self, index: int) -> RecordTab | None:
        slot = self.tabs.widget(index)
        return slot.tab if isinstance(slot, TabSlot) else None

    def _route(self, command: str) -> None:
        """Neu and Löschen act where the user is working.

        A list inside a tab (the agenda of a meeting, the members of a body) offers its own
        ``local_commands()``; when the keyboard focus is in it, Entf removes the agenda item,
        not the meeting. Elsewhere the command goes to the tab's record.
        """
        widget: QWidget | None = QApplication.focusWidget()
        while widget is not None and widget is not self:
            local = getattr(widget, "local_commands", None)
            if callable(local):
                slot = local().get(command)
                if slot is not None:
                    slot()
                    return
            widget = widget.parentWidget()
        getattr(self.current_tab(), command)()

    def _build_tabs(self) -> None:
        self.tabs.blockSignals(True)  # the old tabs are going; nothing to save or load for them
        while self.tabs.count():
            old = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if old is not None:
                old.deleteLater()
        self._tabs = {}
        self._index_of = {}
        for spec in TABS:
            self._index_of[spec.key] = self.tabs.addTab(TabSlot(spec), tr(spec.title))
        self.tabs.setCurrentIndex(0)
        self.tabs.blockSignals(False)
        self._tab_index = 0
        # Only the visible tab reads its list at start; the others when first shown.
        self.current_tab().ensure_loaded()
        self._update_counts()

    def _tab_changed(self, index: int) -> None:
        if self._reverting_tab:
            return
        previous = self._built_tab_at(self._tab_index)
        if previous is not None and index != self._tab_index and not previous.commit_pending():
            # The edits in the tab being left cannot be saved: go back to them.
            QTimer.singleShot(0, lambda: self._revert_tab(self._tab_index))
            self.statusBar().showMessage(
                tr("Bitte erst die rot markierten Angaben korrigieren oder die Änderungen verwerfen."), 8000
            )
            return
        self._tab_index = index
        self.current_tab().activate()
        self._update_counts()

    def _revert_tab(self, index: int) -> None:
        self._reverting_tab = True
        try:
            self.tabs.setCurrentIndex(index)
        finally:
            self._reverting_tab = False

    def _data_changed(self, source: RecordTab) -> None:
        # Only tabs that show something of the changed area (names, counts, reference lists)
        # read again; 20,000 contacts are not reloaded because a project was saved.
        for tab in self._tabs.values():
            if tab is not source and source.key in tab.depends_on:
                tab.mark_stale()
        self._update_title()

    def _counts_changed(self, source: RecordTab) -> None:
        if self._built_tab_at(self.tabs.currentIndex()) is source:
            self._update_counts()

    def _update_counts(self) -> None:
        self.count_label.setText(self.current_tab().count_text())

    # ------------------------------------------------------------ menus
    def _action(self, menu: QMenu, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.places = MenuPlaces(self)  # Extras, and the entries that stay put whatever the tab
        file_menu = bar.addMenu(tr("&Datei"))
        self._action(file_menu, tr("Neue Geschäftsstellen-&Datei …"), self.new_database, "Ctrl+Shift+N")
        self._action(file_menu, tr("Ö&ffnen …"), self.ask_open_database, "Ctrl+O")
        self.recent_menu = file_menu.addMenu(tr("&Zuletzt geöffnet"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self._action(file_menu, tr("&Region einrichten …"), self.show_setup)
        self.settings_action = self._action(file_menu, tr("&Einstellungen der Region …"), self.show_settings)
        # Strg+, first: the menu shows the first shortcut, and Preferences is empty on most Linux desktops.
        self.settings_action.setShortcuts(
            [QKeySequence("Ctrl+,"), QKeySequence(QKeySequence.StandardKey.Preferences)]
        )
        file_menu.addSeparator()
        # Printing and exporting, as in every office program, under Datei: what the current tab offers.
        self.print_action = self._action(file_menu, tr("&Drucken …"), self.print_document, "Ctrl+P")
        self.documents_menu = file_menu.addMenu(tr("Do&kumente erstellen"))
        self.documents_menu.aboutToShow.connect(self._fill_documents_menu)
        file_menu.aboutToShow.connect(self._fill_documents_menu)
        # A stable place for importing, whatever tab is shown.
        self.import_menu = file_menu.addMenu(tr("&Importieren"))
        self._action(self.import_menu, tr("&Kontakte …"), lambda: self.import_list("contacts"))
        self._action(self.import_menu, tr("&Projekte …"), lambda: self.import_list("projects"))
        file_menu.addSeparator()
        self._action(file_menu, tr("S&ynchronisieren"), self.synchronise, "Ctrl+Shift+Y")
        self._action(file_menu, tr("Synchronisierung &einrichten …"), self.show_sync_settings)
        self._action(file_menu, tr("&Konflikte der Synchronisierung …"), self.show_conflicts)
        self._action(file_menu, tr("Einer Synchronisierung &beitreten …"), self.join_sync)
        file_menu.addSeparator()
        self._action(file_menu, tr("&Sicherung jetzt anlegen"), self.backup_now)
        self._action(file_menu, tr("Sicherung &wiederherstellen …"), self.show_backups)
        self._action(file_menu, tr("Ü&bergabe an Nachfolger/in …"), self.write_handover)
        file_menu.addSeparator()
        self._action(file_menu, tr("&Demo-Region öffnen …"), self.open_demo)
        file_menu.addSeparator()
        self._action(file_menu, tr("&Beenden"), self.close, "Ctrl+Q")
        self.server.add_to(file_menu)

        edit = bar.addMenu(tr("&Bearbeiten"))
        self.undo.add_to(edit)
        edit.addSeparator()
        self.new_action = self._action(
            edit, tr("&Neuer Eintrag"), lambda: self._route("new_record"), "Ctrl+N"
        )
        edit.aboutToShow.connect(lambda: self.places.name_new_action(self.new_action))
        self.save_action = self._action(edit, tr("&Speichern"), lambda: self.current_tab().save(), "Ctrl+S")
        self.delete_action = self._action(edit, tr("&Löschen"), lambda: self._route("delete_record"), "Del")
        edit.addSeparator()
        self.filter_action = self._action(
            edit, tr("&Filter"), lambda: self.current_tab().focus_filter(), "Ctrl+F"
        )
        self.history_action = self._action(edit, tr("&Verlauf"), lambda: self.current_tab().show_history())
        self.search_action = self._action(edit, tr("&Suchen …"), lambda: self.search_field.focus(), "Ctrl+K")
        self.trash_action = self._action(edit, tr("&Gelöschte Einträge …"), self._show_trash)
        # the Übersicht has no records of its own, so nothing deleted either
        edit.aboutToShow.connect(
            lambda: self.trash_action.setEnabled(isinstance(self.current_tab(), RecordTab))
        )

        master = bar.addMenu(tr("S&tammdaten"))
        for key, title in PAGES.items():
            self._action(master, tr(title) + " …", lambda key=key: self.show_master_data(key))
        self.places.add_master_data(master)
        self.places.add_extras(bar.addMenu(tr("E&xtras")))

        help_menu = bar.addMenu(tr("&Hilfe"))
        self.handbook_action = self._action(help_menu, tr("&Handbuch"), self.show_handbook, "F1")
        help_menu.addSeparator()
        self._action(help_menu, tr("Ü&ber regiodesk"), self.show_about)

    # ------------------------------------------------------------ jobs kept in small controllers
    new_database = Forward("files")
    ask_open_database = Forward("files")
    open_database = Forward("files")
    open_demo = Forward("files")
    _fill_documents_menu = Forward("documents", "fill_documents_menu")
    print_document = Forward("documents")
    offer_setup = Forward("region")
    show_setup = Forward("region")
    show_settings = Forward("region")
    show_master_data = Forward("region")
    backup_now = Forward("custody")
    show_backups = Forward("custody")
    restore = Forward("custody")
    write_handover = Forward("custody")
    synchronise = Forward("sync_actions")
    show_sync_settings = Forward("sync_actions")
    show_conflicts = Forward("sync_actions")
    join_sync = Forward("sync_actions")
    show_about = Forward("help")
    show_handbook = Forward("help")

    def _show_trash(self) -> None:
        tab = self.current_tab()
        if isinstance(tab, RecordTab):
            tab.show_trash()

    def _fill_recent_menu(self) -> None:
        self.files.fill_recent_menu(self.recent_menu)

    def leave_all(self, title: str) -> bool:
        """Save unsaved edits in every tab; where that fails, the user may discard them or stay."""
        for index in range(self.tabs.count()):
            tab = self._built_tab_at(index)
            if tab is None or tab.commit_pending():
                continue
            self._revert_tab(index)
            self._tab_index = index
            if not dialogs.ask_discard_or_cancel(
                self,
                title,
                tr(
                    "Die Änderungen in „{tab}“ können nicht gespeichert werden; die Gründe stehen rot "
                    "neben den Feldern.\n\nÄnderungen verwerfen und fortfahren?",
                    tab=tr(tab.title),
                ),
            ):
                return False
            tab.drop_edits()
        return True

    def database_replaced(self, changed: bool = True) -> None:
        """The Office holds another database (opened, restored): the tabs read it afresh."""
        self.undo.clear()
        self.search_field.clear()  # its hits were the other file's
        self._build_tabs()
        if changed:
            self._database_changed()

    def _database_changed(self) -> None:
        self.server.database_changed()  # remembered in Zuletzt geöffnet; on a server: listening
        self.path_label.setText(self.db.location)
        self._show_read_only()
        self._update_title()
        self.sync_actions.mention_open_conflicts()  # e.g. left by a sync on the command line

    def _update_title(self) -> None:
        title = window_title(region_name(self.db), self.db.path)
        if self.db.read_only:
            title = f"{title} ({tr('nur lesen')})"
        self.setWindowTitle(title)

    def _show_read_only(self) -> None:
        show_read_only(self, (self.new_action, self.save_action, self.delete_action))

    # ------------------------------------------------------------ window
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.leave_all(tr("Beenden")):
            event.ignore()
            return
        save_geometry(self)
        self.server.stop_listening()  # first: a reconnect still under way then reads no list again
        wait_for_operations()
        self.office.sync_on_close()
        self.office.close(backup_reason="beim-beenden")
        event.accept()

    def show_window(self, key: str, make: Callable[[], W]) -> W:
        """One window per kind; shown again when asked a second time."""
        return show_once(self._windows, key, make)

    def shown(self, key: str) -> QWidget | None:
        """The window of that key if it is open."""
        return self._windows.get(key)

    def reload_all(self) -> None:
        """Another laptop's changes arrived: every list reads again (the current one now)."""
        for tab in self._tabs.values():
            tab.mark_stale()
        self.current_tab().activate()
        self._update_title()

    def show_shared_folder_warning(self, warning: str) -> None:
        dialogs.show_error(self, tr("Datenbank in einem geteilten Ordner"), warning)
