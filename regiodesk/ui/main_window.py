"""The main window: five record tabs, the menus, the status bar, switching files."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QTabWidget, QVBoxLayout, QWidget

from regiodesk import __version__
from regiodesk.db.custody import DatabaseLock, handover, make_backup, restore_backup
from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import format_datetime, tr
from regiodesk.paths import data_dir
from regiodesk.services.region import region_name, settings_id
from regiodesk.ui import dialogs, preferences
from regiodesk.ui.custody import BackupsDialog, handover_name, last_change
from regiodesk.ui.export import export_folder, write_atomically
from regiodesk.ui.geometry import restore_geometry, save_geometry
from regiodesk.ui.master_data_pages import PAGES
from regiodesk.ui.operations import Operation, wait_for_operations
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.start_window import window_title
from regiodesk.ui.sync_ui import (
    ConflictsDialog,
    SyncSettings,
    SyncSettingsDialog,
    load_settings,
    save_settings,
    sync_service,
)
from regiodesk.ui.tabs import TABS, TabSpec

log = logging.getLogger(__name__)
DEMO_FILE = "demo-region.regiodesk"


class _TabSlot(QWidget):
    """A page of the tab bar; its RecordTab is built the first time it is needed."""

    def __init__(self, spec: TabSpec):
        super().__init__()
        self.spec = spec
        self.tab: RecordTab | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def put(self, tab: RecordTab) -> None:
        self.tab = tab
        layout = self.layout()
        assert layout is not None
        layout.addWidget(tab)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, lock: DatabaseLock | None = None):
        super().__init__()
        self.db = db
        #: Held while the file is open: a second regiodesk cannot write it meanwhile.
        self._lock = lock
        self._backed_up_at = last_change(db)  # a backup on close only if something changed
        self._windows: dict[str, QWidget] = {}
        self._tabs: dict[str, RecordTab] = {}  # the tabs built so far
        self._index_of: dict[str, int] = {}
        self._tab_index = 0
        self._reverting_tab = False
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._build_menus()
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
        self._restore_geometry()
        self._database_changed()

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

    def import_list(self, key: str, path: Path | None = None):
        """Datei → Importieren: the import dialog of that area, shown on its tab."""
        tab = self.show_tab(key)
        if self._tab_index != self._index_of[key]:
            return None  # the tab being left keeps unsaved edits: it stays
        return tab.import_contacts(path) if key == "contacts" else tab.import_projects(path)

    def _built(self, index: int) -> RecordTab:
        slot = self.tabs.widget(index)
        assert isinstance(slot, _TabSlot)
        if slot.tab is None:
            tab = slot.spec.load()(self.db)
            slot.put(tab)
            self._tabs[tab.key] = tab
            tab.changed.connect(lambda source=tab: self._data_changed(source))
            tab.counts_changed.connect(lambda source=tab: self._counts_changed(source))
        assert slot.tab is not None
        return slot.tab

    def _built_tab_at(self, index: int) -> RecordTab | None:
        slot = self.tabs.widget(index)
        return slot.tab if isinstance(slot, _TabSlot) else None

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
            self._index_of[spec.key] = self.tabs.addTab(_TabSlot(spec), tr(spec.title))
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
        file_menu = bar.addMenu(tr("&Datei"))
        self._action(file_menu, tr("&Neu …"), self.new_database, "Ctrl+Shift+N")
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

        edit = bar.addMenu(tr("&Bearbeiten"))
        self.new_action = self._action(edit, tr("&Neu"), lambda: self._route("new_record"), "Ctrl+N")
        self.save_action = self._action(edit, tr("&Speichern"), lambda: self.current_tab().save(), "Ctrl+S")
        self.delete_action = self._action(edit, tr("&Löschen"), lambda: self._route("delete_record"), "Del")
        edit.addSeparator()
        self.filter_action = self._action(
            edit, tr("&Filter"), lambda: self.current_tab().focus_filter(), "Ctrl+F"
        )
        self.history_action = self._action(edit, tr("&Verlauf"), lambda: self.current_tab().show_history())

        master = bar.addMenu(tr("S&tammdaten"))
        for key, title in PAGES.items():
            self._action(master, tr(title) + " …", lambda key=key: self.show_master_data(key))

        help_menu = bar.addMenu(tr("&Hilfe"))
        self.handbook_action = self._action(help_menu, tr("&Handbuch"), self.show_handbook, "F1")
        help_menu.addSeparator()
        self._action(help_menu, tr("Ü&ber regiodesk"), self.show_about)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = preferences.recent_files()
        for n, path in enumerate(files, start=1):
            exists = path.exists()
            text = f"&{n} {path.name}  ({path.parent})"
            if not exists:
                text += " – " + tr("nicht gefunden")
            action = self.recent_menu.addAction(text)
            action.setEnabled(exists)
            action.triggered.connect(lambda _checked=False, p=path: self.open_database(p))
        if not files:
            self.recent_menu.addAction(tr("(noch keine)")).setEnabled(False)
            return
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(tr("Liste leeren")).triggered.connect(
            lambda _checked=False: preferences.write_json(preferences.RECENT_FILES, [])
        )

    def _fill_documents_menu(self) -> None:
        """The documents the current tab offers; Strg+P prints its main one."""
        menu = self.documents_menu
        menu.clear()
        tab = self.current_tab()
        printable = {"meetings": tr("Protokoll der Sitzung"), "bodies": tr("Mitgliederliste")}
        key = tab.key
        self.print_action.setText(
            tr("&Drucken: {what} …", what=printable[key]) if key in printable else tr("&Drucken …")
        )
        actions = getattr(tab, "document_actions", None)
        entries = actions() if callable(actions) else []
        for entry in entries:
            action = menu.addAction(entry.label)
            action.setEnabled(entry.enabled)
            action.triggered.connect(lambda _checked=False, run=entry.run: run())
        if not entries:
            menu.addAction(tr("(in diesem Bereich keine Dokumente)")).setEnabled(False)

    def print_document(self) -> bool:
        """Strg+P: the main document of the record shown (minutes of a meeting, member list of a body)."""
        tab = self.current_tab()
        print_document = getattr(tab, "print_document", None)
        if not callable(print_document) or not print_document():
            self.statusBar().showMessage(
                tr("Hier gibt es nichts zu drucken: Bitte eine Sitzung oder ein Gremium auswählen."), 8000
            )
            return False
        return True

    # ------------------------------------------------------------ files
    def new_database(self) -> None:
        path = dialogs.ask_save_file(self, tr("Neue Datenbank anlegen"), data_dir() / "neue-region.regiodesk")
        if path is None:
            return
        if path.exists():
            # A "new" file must never open (or look like it overwrote) an existing one.
            dialogs.show_error(
                self,
                tr("Neue Datenbank"),
                tr(
                    "„{name}“ gibt es schon. Bitte einen neuen Dateinamen wählen; "
                    "vorhandene Dateien öffnen Sie mit „Öffnen …“.",
                    name=path.name,
                ),
            )
            return
        self.open_database(path, create=True)

    # ------------------------------------------------------------ the region
    def offer_setup(self) -> QWidget | None:
        """An empty office (no region settings yet) meets the assistant „Region einrichten“."""
        if settings_id(self.db) is not None:
            return None
        return self.show_setup()

    def show_setup(self) -> QWidget | None:
        """The assistant; on a file that already has its region, the settings instead."""
        if settings_id(self.db) is not None:
            self.statusBar().showMessage(
                tr("Die Region ist schon eingerichtet; hier können Sie sie ändern."), 10000
            )
            return self.show_settings()
        from regiodesk.ui.setup_wizard import SetupWizard

        def make() -> SetupWizard:
            wizard = SetupWizard(self.db, self)
            wizard.done_setup.connect(lambda _id: self._region_changed())
            # After the wizard has closed: opening another file replaces this one's window contents.
            wizard.demo_requested.connect(lambda: QTimer.singleShot(0, self.open_demo))
            wizard.open_requested.connect(lambda: QTimer.singleShot(0, self.ask_open_database))
            return wizard

        return self._window("setup", make)

    def show_settings(self) -> QWidget | None:
        """„Einstellungen der Region …“ (Strg+,); without a region yet, the assistant."""
        record_id = settings_id(self.db)
        if record_id is None:
            return self.show_setup()
        from regiodesk.ui.region_settings import RegionSettingsDialog

        def make() -> RegionSettingsDialog:
            dialog = RegionSettingsDialog(self.db, record_id, self)
            dialog.saved.connect(self._region_changed)
            return dialog

        return self._window("region-settings", make)

    def show_master_data(self, page: str = "interest_groups") -> QWidget:
        """„Stammdaten“: the catalogues, opened at ``page``."""
        from regiodesk.ui.master_data import MasterDataDialog

        def make() -> MasterDataDialog:
            dialog = MasterDataDialog(self.db, self)
            dialog.changed.connect(self._reload_all)
            return dialog

        dialog = self._window("master-data", make)
        dialog.show_page(page)  # type: ignore[attr-defined]
        return dialog

    def _region_changed(self) -> None:
        self._reload_all()
        self._update_title()

    def ask_open_database(self) -> None:
        path = dialogs.ask_open_file(self, tr("Datenbank öffnen"), self.db.path.parent)
        if path is not None:
            self.open_database(path)

    def open_database(self, path: Path | str, create: bool = False) -> bool:
        """Switch to another file; unsaved edits are saved or, if impossible, the user decides.

        A missing or empty file is refused with a German message (``create``: only "Neu").
        """
        path = Path(path).expanduser().absolute()
        if path == self.db.path:
            return True
        if not self.leave_all(tr("Andere Datei öffnen")):
            return False
        lock = DatabaseLock(path)
        try:
            lock.acquire()
            db = Database.open(path, create=create)
        except DomainError as error:
            lock.release()
            dialogs.show_error(self, tr("Datei kann nicht geöffnet werden"), str(error))
            return False
        except Exception as error:  # permissions, a full disk, …: say so, keep the open file
            lock.release()
            log.exception("Öffnen fehlgeschlagen: %s", path)
            dialogs.show_error(
                self,
                tr("Datei kann nicht geöffnet werden"),
                tr("„{name}“ kann nicht geöffnet werden: {error}", name=path.name, error=error),
            )
            return False
        wait_for_operations()  # a list still loading from the old file must finish before it closes
        self._backup_if_changed("vor-dateiwechsel")
        for key in ("setup", "region-settings", "master-data"):  # they belong to the old file
            window = self._windows.pop(key, None)
            if window is not None:
                window.close()
        old, self.db = self.db, db
        self._build_tabs()
        old.close()
        if self._lock is not None:
            self._lock.release()
        self._lock = lock
        self._backed_up_at = last_change(db)
        self._database_changed()
        return True

    def open_demo(self) -> None:
        path = data_dir() / DEMO_FILE
        if path.exists():
            self.open_database(path)
            return
        if not dialogs.confirm(
            self,
            tr("Demo-Region"),
            tr(
                "Die Demo-Region ist eine Übungsdatei mit erfundenen Beispieldaten. Sie wird als "
                "eigene Datei „{name}“ angelegt; Ihre Daten bleiben unberührt.\n\nJetzt anlegen und öffnen?",
                name=path.name,
            ),
            yes=tr("Anlegen und öffnen"),
        ):
            return
        try:
            from regiodesk.services.demo import create_demo_file
        except ImportError:
            dialogs.show_error(
                self, tr("Demo-Region"), tr("Die Demo-Region ist in dieser Version noch nicht enthalten.")
            )
            return

        def created(_result: None) -> None:
            self.open_database(path)

        busy = tr("Demo-Region wird angelegt …")
        Operation(self, lambda: create_demo_file(path), busy).success(created).run()

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

    def _database_changed(self) -> None:
        preferences.remember_file(self.db.path)
        self.path_label.setText(str(self.db.path))
        self._show_read_only()
        self._update_title()

    def _update_title(self) -> None:
        title = window_title(region_name(self.db), self.db.path)
        if self.db.read_only:
            title = f"{title} ({tr('nur lesen')})"
        self.setWindowTitle(title)

    def _show_read_only(self) -> None:
        """A file that can only be read says so; Neu, Speichern and Löschen are off.

        Like a damaged file, the database itself refuses every write (with the reason), so an
        edit that reaches a save anyway is refused in German, never half-written.
        """
        reason = self.db.read_only
        self.read_only_label.setText(tr("Nur lesen: {reason}", reason=reason) if reason else "")
        self.read_only_label.setToolTip(
            tr("{reason} Änderungen können nicht gespeichert werden.", reason=reason) if reason else ""
        )
        self.read_only_label.setVisible(bool(reason))
        for action in (self.new_action, self.save_action, self.delete_action):
            action.setEnabled(not reason)
        if reason:
            self.statusBar().showMessage(
                tr("{reason} Die Datenbank ist nur zum Lesen geöffnet.", reason=reason), 60000
            )

    def show_about(self) -> None:
        region = region_name(self.db) or tr("(noch nicht eingerichtet)")
        dialogs.show_info(
            self,
            tr("Über regiodesk"),
            tr(
                "regiodesk {version}\nDas Arbeitsprogramm der Geschäftsstelle.\n\n"
                "Region: {region}\nDatenbank: {path}",
                version=__version__,
                region=region,
                path=self.db.path,
            ),
        )

    def show_handbook(self) -> QWidget:
        """Hilfe → Handbuch (F1), opened at the topic of the current tab."""
        from regiodesk.ui.handbook import HandbookWindow, topic_for_tab

        slot = self.tabs.currentWidget()
        window = self._window("handbook", lambda: HandbookWindow(self))
        assert isinstance(window, HandbookWindow)
        window.show_topic(topic_for_tab(slot.spec.key if isinstance(slot, _TabSlot) else ""))
        window.activateWindow()  # F1 again from the main window brings it to the front with the focus
        return window

    # ------------------------------------------------------------ window
    def _restore_geometry(self) -> None:
        restore_geometry(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.leave_all(tr("Beenden")):
            event.ignore()
            return
        save_geometry(self)
        wait_for_operations()
        self._sync_on_close()
        self._backup_if_changed("beim-beenden")
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        event.accept()

    def _sync_on_close(self) -> None:
        settings = load_settings(self.db.path)
        if not (settings.at_close and settings.folder) or self.db.damaged or self.db.read_only:
            return
        try:
            report = sync_service(self.db).run(Path(settings.folder))
            log.info("Synchronisiert beim Beenden: %s", report.summary())
        except Exception as error:  # closing goes on; the next sync catches up
            log.warning("Synchronisieren beim Beenden fehlgeschlagen: %s", error)

    # ------------------------------------------------------------ backups and handover
    def _backup_if_changed(self, reason: str) -> Path | None:
        """A backup when the file changed since it was opened (or last backed up); never fatal."""
        if self.db.damaged:
            return None  # a damaged file is not copied over the good backups
        try:
            seen = last_change(self.db)
            if seen == self._backed_up_at:
                return None
            path = make_backup(self.db.path, reason)
            self._backed_up_at = seen
            return path
        except Exception:  # a full disk must not keep the window from closing
            log.exception("Sicherung fehlgeschlagen: %s", self.db.path)
            return None

    def backup_now(self) -> Path | None:
        if not self.leave_all(tr("Sicherung")):
            return None
        try:
            path = make_backup(self.db.path, "manuell")
        except Exception as error:
            message = tr("Die Sicherung ist fehlgeschlagen: {error}", error=error)
            dialogs.show_error(self, tr("Sicherung"), message)
            return None
        self._backed_up_at = last_change(self.db)
        self.statusBar().showMessage(tr("Sicherung angelegt: {path}", path=path), 15000)
        return path

    def _window(self, key: str, make) -> QWidget:
        window = self._windows.get(key)
        if window is None:
            window = make()
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda *_args, key=key: self._windows.pop(key, None))
            self._windows[key] = window
        window.show()
        window.raise_()
        return window

    def show_backups(self) -> BackupsDialog:
        def make() -> BackupsDialog:
            dialog = BackupsDialog(self.db.path, self)
            dialog.restore_requested.connect(lambda backup: self.restore(backup.path, backup.created))
            return dialog

        return self._window("backups", make)  # type: ignore[return-value]

    def restore(self, backup: Path, created=None, asked: bool = False) -> bool:
        """Put a backup in place of the open file, after asking; the current state is backed up first."""
        when = format_datetime(created) if created else backup.name
        if not asked and not dialogs.confirm(
            self,
            tr("Sicherung wiederherstellen"),
            tr(
                "Die Datenbank auf den Stand vom {when} zurücksetzen?\n\nDer jetzige Stand wird vorher "
                "gesichert und bleibt unter „Sicherung wiederherstellen“ erreichbar.",
                when=when,
            ),
            yes=tr("Wiederherstellen"),
        ):
            return False
        if not self.leave_all(tr("Sicherung wiederherstellen")):
            return False
        wait_for_operations()
        path, damaged = self.db.path, self.db.damaged
        self.db.close()
        try:
            if damaged:
                # Never copy a damaged file with the backup API; keep it aside for an expert.
                aside = path.with_name(f"{path.stem}.beschaedigt-{date.today().isoformat()}{path.suffix}")
                path.replace(aside)
                for suffix in ("-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
                restore_backup(backup, path)
            else:
                restore_backup(backup, path)
            db = Database.open(path)
        except Exception as error:
            log.exception("Wiederherstellen fehlgeschlagen: %s", backup)
            dialogs.show_error(
                self,
                tr("Sicherung wiederherstellen"),
                tr("Das Wiederherstellen ist fehlgeschlagen: {error}", error=error),
            )
            self.db = Database.open(path, deep_check=False) if path.exists() else self.db
            self._build_tabs()
            return False
        self.db = db
        self._backed_up_at = last_change(db)
        self._build_tabs()
        self._database_changed()
        backups = self._windows.get("backups")
        if isinstance(backups, BackupsDialog):
            backups.reload()
        self.statusBar().showMessage(tr("Sicherung vom {when} wiederhergestellt.", when=when), 15000)
        return True

    # ------------------------------------------------------------ synchronising
    def show_sync_settings(self) -> SyncSettingsDialog:
        def make() -> SyncSettingsDialog:
            return SyncSettingsDialog(self.db.path, self)

        return self._window("sync-settings", make)  # type: ignore[return-value]

    def join_sync(self) -> bool:
        """A new laptop: its own database made from the shared folder (snapshot plus journals)."""
        folder = dialogs.ask_folder(self, tr("Gemeinsamer Ordner der Geschäftsstelle"))
        if folder is None:
            return False
        target = dialogs.ask_save_file(
            self, tr("Neue Datenbank für diesen Laptop"), data_dir() / "geschaeftsstelle.regiodesk"
        )
        if target is None:
            return False
        if target.exists():
            dialogs.show_error(
                self,
                tr("Einer Synchronisierung beitreten"),
                tr("„{name}“ gibt es schon. Bitte einen neuen Dateinamen wählen.", name=target.name),
            )
            return False

        def work():
            from regiodesk.sync import join

            return join(folder, target)

        def done(result) -> None:
            path, report = result
            save_settings(path.absolute(), SyncSettings(str(folder)))
            if self.open_database(path):
                self.statusBar().showMessage(tr("Beigetreten: {summary}", summary=report.summary()), 20000)

        def failed(error: Exception) -> None:
            dialogs.show_error(self, tr("Einer Synchronisierung beitreten"), str(error))

        busy = tr("Daten aus {folder} übernehmen …", folder=folder)
        Operation(self, work, busy).success(done).failure(failed).run()
        return True

    def show_conflicts(self) -> ConflictsDialog:
        def make() -> ConflictsDialog:
            dialog = ConflictsDialog(self.db, self)
            dialog.changed.connect(self._reload_all)
            return dialog

        return self._window("conflicts", make)  # type: ignore[return-value]

    def synchronise(self, quiet: bool = False) -> bool:
        """Send this laptop's changes to the shared folder and apply the others' (off the GUI thread)."""
        folder = load_settings(self.db.path).folder
        if not folder:
            if not quiet:
                self.show_sync_settings()
                self.statusBar().showMessage(tr("Bitte zuerst den gemeinsamen Ordner wählen."), 10000)
            return False
        if not self.leave_all(tr("Synchronisieren")):
            return False
        try:
            service = sync_service(self.db)
        except DomainError as error:
            dialogs.show_error(self, tr("Synchronisieren"), str(error))
            return False

        def done(report) -> None:
            self._reload_all()
            self.statusBar().showMessage(tr("Synchronisiert: {summary}", summary=report.summary()), 20000)
            if report.conflicts:
                self.show_conflicts().reload()

        def failed(error: Exception) -> None:
            message = (
                str(error)
                if isinstance(error, (DomainError, OSError))
                else tr(
                    "Die Synchronisierung ist wegen eines Programmfehlers abgebrochen: {error}", error=error
                )
            )
            dialogs.show_error(
                self, tr("Synchronisieren"), message + "\n\n" + tr("Die Datenbank ist unverändert.")
            )

        busy = tr("Synchronisieren mit {folder} …", folder=folder)
        Operation(self, lambda: service.run(Path(folder)), busy).success(done).failure(failed).run()
        return True

    def _reload_all(self) -> None:
        """Another laptop's changes arrived: every list reads again (the current one now)."""
        for tab in self._tabs.values():
            tab.mark_stale()
        self.current_tab().activate()
        self._update_title()

    def show_shared_folder_warning(self, warning: str) -> None:
        dialogs.show_error(self, tr("Datenbank in einem geteilten Ordner"), warning)

    def write_handover(self) -> Path | None:
        """One file for a successor (VACUUM INTO) and, beside it, the Übergabeprotokoll."""
        if not self.leave_all(tr("Übergabe")):
            return None
        suggestion = export_folder() / handover_name(region_name(self.db))
        target = dialogs.ask_save_file(self, tr("Übergabedatei speichern"), suggestion)
        if target is None:
            return None
        db = self.db

        def work() -> list[Path]:
            written = [handover(db.path, target)]
            try:
                from regiodesk.reports.handover_docs import handover_pdf
            except ImportError:
                return written
            protocol = target.with_name(target.stem + "_Uebergabeprotokoll.pdf")
            write_atomically(protocol, handover_pdf(db))
            written.append(protocol)
            return written

        def done(paths: list[Path]) -> None:
            dialogs.show_info(
                self,
                tr("Übergabe"),
                tr(
                    "Die Übergabedatei enthält die ganze Geschäftsstelle (Einstellungen, Gremien, Sitzungen, "
                    "Projekte, Kontakte, Anhänge und den Verlauf). Ihre Nachfolgerin oder Ihr Nachfolger "
                    "öffnet sie mit regiodesk über „Datei → Öffnen“.\n\n{files}",
                    files="\n".join(str(p) for p in paths),
                ),
            )

        def failed(error: Exception) -> None:
            dialogs.show_error(self, tr("Übergabe"), str(error))

        Operation(self, work, tr("Übergabedatei wird geschrieben …")).success(done).failure(failed).run()
        return target
