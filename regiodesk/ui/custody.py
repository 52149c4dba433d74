"""Keeping the office safe from the window: backups (now, on close, restore) and the handover file
for a successor, a small Qt controller over the window's :class:`~regiodesk.office.Office`."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from regiodesk.db.custody import BackupInfo, list_backups, make_backup
from regiodesk.i18n import format_datetime, tr
from regiodesk.office import handover_name, protocol_beside
from regiodesk.services.region import region_name
from regiodesk.ui import dialogs
from regiodesk.ui.export import export_folder
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.office_window import OfficeWindow
from regiodesk.ui.operations import Operation, wait_for_operations, wait_with_notice
from regiodesk.ui.saved_document import announce_saved
from regiodesk.ui.server_window import explain_backups
from regiodesk.ui.tables import RowsModel, make_table

log = logging.getLogger(__name__)


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def reason_text(reason: str) -> str:
    """The backup's reason as the file name keeps it, in words."""
    known = {
        "manuell": tr("von Hand"),
        "beim-beenden": tr("beim Beenden"),
        "vor-import": tr("vor einem Import"),
        "vor-sync": tr("vor der Synchronisierung"),
        "vor-zusammenfuehrung": tr("vor dem Zusammenführen"),
        "vor-wiederherstellung": tr("vor dem Wiederherstellen"),
        "vor-dateiwechsel": tr("vor dem Öffnen einer anderen Datei"),
    }
    if reason.startswith("vor-update"):
        return tr("vor dem Programm-Update")
    return known.get(reason, reason.replace("-", " "))


class BackupModel(RowsModel[BackupInfo]):
    HEADERS = ("Zeitpunkt", "Anlass", "Größe")
    NUMERIC_COLUMNS = frozenset({2})

    def text(self, row: BackupInfo, column: int) -> str:
        if column == 0:
            return format_datetime(row.created)
        if column == 1:
            return reason_text(row.reason)
        return size_text(row.size)

    def row_id(self, row: BackupInfo) -> str:
        return str(row.path)


class BackupsDialog(QDialog):
    """Sicherung wiederherstellen: the backups with date and size; ``restore_requested`` carries
    the chosen file (the window asks, backs up the current state and restores)."""

    restore_requested = Signal(object)

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle(tr("Sicherung wiederherstellen"))
        self.model = BackupModel(self)
        self.view = make_table(self.model, [160, 260, 90], stretch=1)
        self.view.activated.connect(lambda _index: self._restore())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        info = QLabel(
            tr(
                "regiodesk sichert die Datenbank beim Beenden und vor jedem Update, Import, Zusammenführen "
                "und jeder Synchronisierung; ältere Sicherungen werden ausgedünnt (die letzten 10, dann "
                "eine je Tag, Woche und Monat). Vor dem Wiederherstellen wird der jetzige Stand gesichert."
            )
        )
        info.setWordWrap(True)
        self.empty = QLabel(tr("Für diese Datenbank gibt es noch keine Sicherung."))
        self.now_button = QPushButton(tr("Jetzt sichern"))
        self.now_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(tr("Wiederherstellen …"))
        self.restore_button.clicked.connect(self._restore)
        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        fit_to_screen(self, 620, 420)
        self.reload()

    def reload(self) -> None:
        backups = sorted(list_backups(self.db_path), key=lambda b: b.created, reverse=True)
        self.model.set_rows(backups)
        self.empty.setVisible(not backups)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def backup_now(self) -> Path:
        path = make_backup(self.db_path, "manuell")
        self.reload()
        return path

    def _restore(self) -> None:
        backup = self.selected()
        if backup is not None:
            self.restore_requested.emit(backup)


class CustodyActions(QObject):
    """The window's Sicherung and Übergabe entries over its Office."""

    def __init__(self, window: OfficeWindow):
        super().__init__(window)
        self.window = window

    def backup_now(self) -> Path | None:
        window = self.window
        if window.db.is_server:  # the server backs up; a copy as a file is offered
            explain_backups(window)
            return None
        if not window.leave_all(tr("Sicherung")):
            return None
        try:
            path = window.office.backup("manuell")
        except Exception as error:
            message = tr("Die Sicherung ist fehlgeschlagen: {error}", error=error)
            dialogs.show_error(window, tr("Sicherung"), message)
            return None
        window.statusBar().showMessage(tr("Sicherung angelegt: {path}", path=path), 15000)
        return path

    def show_backups(self) -> BackupsDialog | None:
        window = self.window
        if window.db.is_server:
            explain_backups(window)
            return None

        def make() -> BackupsDialog:
            dialog = BackupsDialog(window.db.path, window)
            dialog.restore_requested.connect(lambda backup: self.restore(backup.path, backup.created))
            return dialog

        return window.show_window("backups", make)

    def restore(self, backup: Path, created=None, asked: bool = False) -> bool:
        """Put a backup in place of the open file, after asking; the current state is backed up first."""
        window = self.window
        title = tr("Sicherung wiederherstellen")
        when = format_datetime(created) if created else backup.name
        if not asked and not dialogs.confirm(
            window,
            title,
            tr(
                "Die Datenbank auf den Stand vom {when} zurücksetzen?\n\nDer jetzige Stand wird vorher "
                "gesichert und bleibt unter „Sicherung wiederherstellen“ erreichbar.",
                when=when,
            ),
            yes=tr("Wiederherstellen"),
        ):
            return False
        if not window.leave_all(title):
            return False
        wait_for_operations()
        office = window.office
        try:
            # copied back, page by page checked and, if older, updated: seconds for a large file,
            # in a worker while a notice says so (the window's lists keep their rows meanwhile)
            wait_with_notice(
                lambda: office.restore(backup),
                title,
                tr("Die Sicherung vom {when} wird wiederhergestellt …", when=when),
                window,
            )
        except Exception as error:
            message = tr("Das Wiederherstellen ist fehlgeschlagen: {error}", error=error)
            dialogs.show_error(window, title, message)
            window.database_replaced(changed=False)
            return False
        window.database_replaced()
        backups = window.shown("backups")
        if isinstance(backups, BackupsDialog):
            backups.reload()
        window.statusBar().showMessage(tr("Sicherung vom {when} wiederhergestellt.", when=when), 15000)
        return True

    def write_handover(self) -> Path | None:
        """One file for a successor (VACUUM INTO) and, beside it, the Übergabeprotokoll."""
        window = self.window
        if not window.leave_all(tr("Übergabe")):
            return None
        suggestion = export_folder() / handover_name(region_name(window.db))
        target = dialogs.ask_save_file(window, tr("Übergabedatei speichern"), suggestion)
        if target is None:
            return None
        office = window.office

        def done(paths: list[Path]) -> None:
            # the Übergabeprotokoll (last) is to be printed and signed: open, print, show the folder
            announce_saved(window, paths[-1], tr("Übergabe gespeichert in {folder}", folder=paths[0].parent))
            dialogs.show_info(
                window,
                tr("Übergabe"),
                tr(
                    "Die Übergabedatei enthält die ganze Geschäftsstelle (Einstellungen, Gremien, Sitzungen, "
                    "Projekte, Kontakte, Anhänge und den Verlauf). Ihre Nachfolgerin oder Ihr Nachfolger "
                    "öffnet sie mit regiodesk über „Datei → Öffnen“.\n\n{files}",
                    files="\n".join(str(p) for p in paths),
                ),
            )

        def failed(error: Exception) -> None:
            dialogs.show_error(window, tr("Übergabe"), str(error))

        work = lambda: office.handover(target, protocol_beside(target))  # noqa: E731
        Operation(window, work, tr("Übergabedatei wird geschrieben …")).success(done).failure(failed).run()
        return target


__all__ = ["BackupsDialog", "CustodyActions", "reason_text", "size_text"]
