"""Datei → Neu, Öffnen, Zuletzt geöffnet and the Demo-Region: switching the window's Office to
another file, with every German message a refused file needs."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from regiodesk import preferences
from regiodesk.db.server import database_name, label
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.location import is_server_url
from regiodesk.paths import data_dir, demo_db_path
from regiodesk.ui import dialogs
from regiodesk.ui.office_window import OfficeWindow
from regiodesk.ui.older_file import bring_up_to_date
from regiodesk.ui.operations import Operation, wait_for_operations

log = logging.getLogger(__name__)
#: Windows that show the open file's data: closed when another file takes its place.
WINDOWS_OF_THE_FILE = ("setup", "region-settings", "master-data")


class FileActions(QObject):
    def __init__(self, window: OfficeWindow):
        super().__init__(window)
        self.window = window

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        files = preferences.recent_locations()
        for n, path in enumerate(files, start=1):
            if isinstance(path, str):  # a database on a server: whether it answers shows on opening
                exists, text = True, f"&{n} {database_name(path)}  ({tr('Server')}: {label(path)})"
            else:
                exists, text = path.exists(), f"&{n} {path.name}  ({path.parent})"
            if not exists:
                text += " – " + tr("nicht gefunden")
            action = menu.addAction(text)
            action.setEnabled(exists)
            action.triggered.connect(lambda _checked=False, p=path: self.window.open_database(p))
        if not files:
            menu.addAction(tr("(noch keine)")).setEnabled(False)
            return
        menu.addSeparator()
        menu.addAction(tr("Liste leeren")).triggered.connect(
            lambda _checked=False: preferences.clear_recent_files()
        )

    def new_database(self) -> None:
        window = self.window
        path = dialogs.ask_save_file(
            window, tr("Neue Datenbank anlegen"), data_dir() / "neue-region.regiodesk"
        )
        if path is None:
            return
        if path.exists():
            # A "new" file must never open (or look like it overwrote) an existing one.
            dialogs.show_error(
                window,
                tr("Neue Datenbank"),
                tr(
                    "„{name}“ gibt es schon. Bitte einen neuen Dateinamen wählen; "
                    "vorhandene Dateien öffnen Sie mit „Öffnen …“.",
                    name=path.name,
                ),
            )
            return
        window.open_database(path, create=True)

    def ask_open_database(self) -> None:
        path = dialogs.ask_open_file(self.window, tr("Datenbank öffnen"), self.window.db.path.parent)
        if path is not None:
            self.window.open_database(path)

    def open_database(self, path: Path | str, create: bool = False) -> bool:
        """Switch to another file (or a database on a server, ``postgresql://…``); unsaved edits are
        saved or, if impossible, the user decides.

        A missing or empty file is refused with a German message (``create``: only "Neu"); the
        open file then stays as it is.
        """
        window = self.window
        if is_server_url(path):
            path = str(path).strip()
            if window.db.is_server and label(path) == window.db.server:
                return True
        else:
            path = Path(path).expanduser().absolute()
            if not window.db.is_server and path == window.db.path:
                return True
        if not window.leave_all(tr("Andere Datei öffnen")):
            return False

        def before_close() -> None:
            wait_for_operations()  # a list still loading from the old file must finish before it closes
            for key in WINDOWS_OF_THE_FILE:
                shown = window.shown(key)
                if shown is not None:
                    shown.close()

        title = tr("Datei kann nicht geöffnet werden")
        bring_up_to_date(path, window)  # a file of an earlier version: migrated with a notice
        try:
            window.office = window.office.switch(path, create=create, before_close=before_close)
        except DomainError as error:
            dialogs.show_error(window, title, str(error))
            return False
        except Exception as error:  # permissions, a full disk, …: say so, keep the open file
            log.exception("Öffnen fehlgeschlagen: %s", path)
            name = label(path) if isinstance(path, str) else path.name
            message = tr("„{name}“ kann nicht geöffnet werden: {error}", name=name, error=error)
            dialogs.show_error(window, title, message)
            return False
        window.database_replaced()
        return True

    def open_demo(self) -> None:
        window = self.window
        path = demo_db_path()
        if path.exists():
            window.open_database(path)
            return
        if not dialogs.confirm(
            window,
            tr("Demo-Region"),
            tr(
                "Die Demo-Region ist eine Übungsdatei mit erfundenen Beispieldaten. Sie wird als "
                "eigene Datei „{name}“ angelegt; Ihre Daten bleiben unberührt.\n\nJetzt anlegen und öffnen?",
                name=path.name,
            ),
            yes=tr("Anlegen und öffnen"),
        ):
            return
        from regiodesk.services.demo import create_demo_file

        busy = tr("Demo-Region wird angelegt …")
        operation = Operation(window, lambda: create_demo_file(path), busy)
        operation.success(lambda _result: window.open_database(path)).run()
