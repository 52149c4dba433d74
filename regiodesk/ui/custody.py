"""Keeping the office safe from the window: backups (now, on close, restore), the handover file
for a successor, and the newest good backup when a file turns out damaged."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import func, select

from regiodesk.db.custody import BackupInfo, list_backups, make_backup
from regiodesk.db.database import Database
from regiodesk.db.models import ChangeLogEntry
from regiodesk.db.schema import FileKind, inspect_file
from regiodesk.i18n import format_datetime, tr
from regiodesk.ui.tables import RowsModel, make_table

log = logging.getLogger(__name__)


def last_change(db: Database) -> int:
    """The newest change-log number: a backup on close is made only if it moved."""
    with db.session() as session:
        return session.scalar(select(func.max(ChangeLogEntry.seq))) or 0


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


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that opens and passes SQLite's quick_check."""
    for backup in sorted(list_backups(db_path), key=lambda b: b.created, reverse=True):
        state = inspect_file(backup.path, deep=True)
        if state.kind in (FileKind.CURRENT, FileKind.OLDER):
            return backup
    return None


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
        self.resize(620, 420)
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


def handover_name(region: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in (region or "regiodesk"))[:60].strip("-")
    return f"Uebergabe_{stem or 'regiodesk'}_{date.today().isoformat()}.regiodesk"


__all__ = ["BackupsDialog", "last_change", "newest_good_backup", "reason_text", "size_text"]
