"""The window on a database on a PostgreSQL server: Datei → Mit Server verbinden …, what only a
file has (backups, the shared-folder sync) switched off or explained, and the lists read again
when someone else changed something (LISTEN/NOTIFY, db.server). A listening connection that
drops (server restarted, network gone) is made again after growing pauses, off the GUI thread,
and then every list is read once (what changed meanwhile was not heard).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from regiodesk import preferences
from regiodesk.db import server
from regiodesk.db.database import Database
from regiodesk.i18n import tr
from regiodesk.office import handover_name
from regiodesk.services.region import region_name
from regiodesk.ui import dialogs
from regiodesk.ui.export import export_folder
from regiodesk.ui.office_window import OfficeWindow
from regiodesk.ui.operations import Operation
from regiodesk.ui.saved_document import announce_saved
from regiodesk.ui.server_dialog import ServerDialog, last_server
from regiodesk.ui.window_parts import TabSlot

log = logging.getLogger(__name__)

#: The tables each tab lists (its records and what its list shows of them).
TAB_TABLES: dict[str, frozenset[str]] = {
    "bodies": frozenset({"body", "membership", "interest_group"}),
    "meetings": frozenset(
        {
            "meeting",
            "agenda_item",
            "attendance",
            "conflict_of_interest",
            "vote",
            "named_vote",
            "written_procedure",
            "written_procedure_answer",
        }
    ),
    "projects": frozenset(
        {
            "project",
            "project_status_change",
            "project_contact",
            "cooperation_partner",
            "payment",
            "score",
            "call",
            "regional_budget",
        }
    ),
    "contacts": frozenset(
        {
            "contact",
            "affiliation",
            "address",
            "contact_email",
            "contact_phone",
            "tag",
            "contact_tag",
            "consent",
            "consent_purpose",
        }
    ),
    "monitoring": frozenset(
        {
            "action_field",
            "development_goal",
            "budget_reallocation",
            "indicator",
            "indicator_target",
            "indicator_value",
        }
    ),
}
#: Seconds before each new attempt to listen after the connection to the server was lost: soon
#: at first (a restarted server is back in seconds), then every minute (a network that is gone).
RETRY_PAUSES = (1, 2, 5, 10, 30, 60)
#: Written with every change, shown in no list: never a reason to read a list again.
QUIET_TABLES = frozenset({"change_log", "alembic_version", "sync_meta", "sync_device", "saved_filter"})
#: The shared-folder sync's menu entries: a server database is synchronised on the server itself.
SYNC_ENTRIES = (
    "S&ynchronisieren",
    "Synchronisierung &einrichten …",
    "&Konflikte der Synchronisierung …",
    "Einer Synchronisierung &beitreten …",
)


def affected_tabs(tables: set[str]) -> set[str] | None:
    """The keys of the tabs whose lists show something of ``tables``; None: every tab (unknown)."""
    tables = {name for name in tables if name not in QUIET_TABLES and not name.startswith("search")}
    keys = {key for key, own in TAB_TABLES.items() if own & tables}
    known = set().union(*TAB_TABLES.values())
    if tables - known:
        return None  # settings, attachments, catalogues, "*": whatever shows them reads again
    return keys


def remembered_location(db: Database) -> Path | str:
    """What Datei → Zuletzt geöffnet keeps of the open database: the file, or the address without password."""
    if not db.is_server:
        return db.path
    from sqlalchemy.engine import make_url

    try:
        return server.label(make_url(db.server).set(password=None).render_as_string(hide_password=False))
    except Exception:  # an address that does not parse again: kept as shown
        return db.server


class ChangeListener(QObject):
    """Hears on a connection of its own which tables the others changed (no polling)."""

    changed = Signal(object)  # set[str]
    lost = Signal()

    def __init__(self, connection, parent: QObject | None = None):
        """``connection``: one that listens already (``server.listen``)."""
        super().__init__(parent)
        self.connection = connection
        self.notifier = QSocketNotifier(self.connection.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(lambda *_args: self.read())

    def read(self) -> None:
        tables = server.received(self.connection)
        if tables is None:
            self.stop()
            self.lost.emit()
        elif tables:
            self.changed.emit(tables)

    def stop(self) -> None:
        self.notifier.setEnabled(False)
        try:
            self.connection.close()
        except Exception:  # already gone with the server
            log.debug("Lauschverbindung schon geschlossen", exc_info=True)


class ServerActions(QObject):
    """The window's entries and behaviour for a server database (a small controller)."""

    def __init__(self, window: OfficeWindow):
        super().__init__(window)
        self.window = window
        self.listener: ChangeListener | None = None
        self.sync_actions: list[QAction] = []
        self.copy_action: QAction | None = None
        #: The next attempt to listen again after the connection was lost (a pause, never a loop).
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.timeout.connect(self.listen_again)
        self.attempts = 0
        #: Counts the databases listened to: an attempt that returns after a switch is dropped.
        self._generation = 0

    def add_to(self, file_menu: QMenu) -> None:
        """Datei → Mit Server verbinden … (after Öffnen), Kopie als Datei speichern … (after the backups)."""
        entries = file_menu.actions()
        texts = {tr(text) for text in SYNC_ENTRIES}
        self.sync_actions = [action for action in entries if action.text() in texts]
        connect = QAction(tr("Mit &Server verbinden …"), self)
        connect.triggered.connect(lambda _checked=False: self.connect_server())
        opening = next((a for a in entries if a.text() == tr("Ö&ffnen …")), None)
        after = entries[entries.index(opening) + 1] if opening in entries else None
        if after is not None:
            file_menu.insertAction(after, connect)
        else:
            file_menu.addAction(connect)
        self.copy_action = QAction(tr("Kopie als &Datei speichern …"), self)
        self.copy_action.triggered.connect(lambda _checked=False: self.save_copy())
        restoring = next((a for a in entries if a.text() == tr("Sicherung &wiederherstellen …")), None)
        if restoring is not None and entries.index(restoring) + 1 < len(entries):
            file_menu.insertAction(entries[entries.index(restoring) + 1], self.copy_action)
        else:
            file_menu.addAction(self.copy_action)

    # ------------------------------------------------------------ the open database
    def database_changed(self) -> None:
        """Another database is open: remember it, switch what only a file has, listen on a server."""
        db = self.window.db
        preferences.remember_file(remembered_location(db))
        reason = (
            tr(
                "Mit dem gemeinsamen Ordner synchronisiert der Server selbst: regiodesk --db … sync "
                "--folder ORDNER (z. B. als geplante Aufgabe)."
            )
            if db.is_server
            else ""
        )
        for action in self.sync_actions:
            action.setEnabled(not reason)
            action.setStatusTip(reason)
            action.setToolTip(reason)
        if self.copy_action is not None:
            self.copy_action.setVisible(db.is_server)
        self.stop_listening()
        if db.is_server:
            self.start_listening()

    def start_listening(self) -> None:
        try:
            connection = server.listen(self.window.db.engine)
        except Exception:  # the lists then refresh when a tab is shown again; never fatal
            log.exception("Benachrichtigungen des Servers nicht verfügbar")
            return
        self._listen_on(connection)

    def _listen_on(self, connection) -> None:
        self.listener = ChangeListener(connection, self)
        self.listener.changed.connect(self.others_changed)
        self.listener.lost.connect(self._lost)

    def stop_listening(self) -> None:
        self._generation += 1
        self.retry.stop()
        self.attempts = 0
        if self.listener is not None:
            self.listener.stop()
            self.listener.deleteLater()
            self.listener = None

    # ------------------------------------------------------------ the connection comes back
    def _lost(self) -> None:
        """The listening connection dropped: say so and try again after a pause."""
        if self.listener is not None:
            self.listener.deleteLater()
            self.listener = None
        self._try_later()

    def _try_later(self) -> None:
        pause = RETRY_PAUSES[min(self.attempts, len(RETRY_PAUSES) - 1)]
        self.attempts += 1
        self.window.statusBar().showMessage(
            tr("Verbindung zum Server unterbrochen – neuer Versuch in {seconds} s …", seconds=pause)
        )
        self.retry.start(int(pause * 1000))

    def listen_again(self) -> None:
        """One attempt to listen again, off the GUI thread (a server that does not answer takes
        seconds); then every list is read once, or the next attempt waits longer."""
        generation, engine = self._generation, self.window.db.engine
        self.window.statusBar().showMessage(tr("Verbindung zum Server unterbrochen – neuer Versuch …"))

        def attempt():
            connection = server.listen(engine)
            if generation != self._generation:  # another database was opened meanwhile
                connection.close()
                return None
            return connection

        def failed(error: Exception) -> None:
            log.info("Server noch nicht erreichbar: %s", " ".join(str(error).split()))
            if generation == self._generation:
                self._try_later()

        Operation(self.window, attempt, quiet=True).success(
            lambda connection: self._back(connection, generation)
        ).failure(failed).run()

    def _back(self, connection, generation: int) -> None:
        if connection is None:
            return
        if generation != self._generation:
            connection.close()
            return
        self.attempts = 0
        self._listen_on(connection)
        self.window.reload_all()  # what the others changed meanwhile was not heard
        self.window.statusBar().showMessage(tr("Verbindung zum Server wiederhergestellt"), 10000)

    def others_changed(self, tables: set[str]) -> None:
        """Someone else committed: the lists showing those tables read again (the current one now),
        keeping the shown record and unsaved edits as after a sync."""
        keys = affected_tabs(tables)
        if keys is None:
            self.window.reload_all()
            return
        if not keys:
            return
        window = self.window
        current = window.tabs.currentIndex()
        for index in range(window.tabs.count()):
            slot = window.tabs.widget(index)
            tab = slot.tab if isinstance(slot, TabSlot) else None
            if tab is None or not (tab.key in keys or keys & tab.depends_on):
                continue
            tab.mark_stale()
            if index == current:
                tab.activate()

    # ------------------------------------------------------------ menu jobs
    def connect_server(self) -> bool:
        """Datei → Mit Server verbinden …: the dialog, then the window on that database."""
        window = self.window
        dialog = ServerDialog(window, last_server())
        if dialog.exec() != ServerDialog.DialogCode.Accepted or not dialog.url:
            return False
        opened = window.open_database(dialog.url)
        if dialog.notice:  # e.g. the keyring refused the password: connected all the same
            window.statusBar().showMessage(dialog.notice, 15000)
        return opened

    def explain_backups(self) -> None:
        explain_backups(self.window)

    def save_copy(self) -> Path | None:
        return save_copy(self.window)


def explain_backups(window: OfficeWindow) -> None:
    """Datei → Sicherung on a server: the server backs up (pg_dump); a copy as a file is offered."""
    if dialogs.confirm(
        window,
        tr("Sicherungen"),
        tr(
            "Sicherungen macht der Server (pg_dump, von der Verwaltung eingerichtet). Eine Kopie der "
            "ganzen Geschäftsstelle als Datei legen Sie mit „Datei → Kopie als Datei speichern …“ "
            "an.\n\nJetzt eine Kopie als Datei speichern?"
        ),
        yes=tr("Kopie als Datei speichern …"),
    ):
        save_copy(window)


def save_copy(window: OfficeWindow) -> Path | None:
    """The whole office as an ordinary office file (what ``backup --out`` writes)."""
    if not window.leave_all(tr("Kopie als Datei")):
        return None
    suggestion = export_folder() / handover_name(region_name(window.db)).replace("Uebergabe_", "Kopie_")
    target = dialogs.ask_save_file(window, tr("Kopie als Datei speichern"), suggestion)
    if target is None:
        return None
    if target.exists():
        message = tr("„{name}“ gibt es schon. Bitte einen neuen Dateinamen wählen.", name=target.name)
        dialogs.show_error(window, tr("Kopie als Datei"), message)
        return None
    office = window.office

    def failed(error: Exception) -> None:
        dialogs.show_error(window, tr("Kopie als Datei"), str(error))

    operation = Operation(window, lambda: office.write_file(target), tr("Kopie wird geschrieben …"))
    operation.success(lambda path: announce_saved(window, path)).failure(failed).run()
    return target


__all__ = [
    "ChangeListener",
    "ServerActions",
    "affected_tabs",
    "explain_backups",
    "remembered_location",
    "save_copy",
]
