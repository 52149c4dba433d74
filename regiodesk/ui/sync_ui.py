"""Synchronising through a shared folder from the window: the settings of this laptop (folder,
device name, at start and at close), the "Synchronisieren" action, and the Konflikte view where
the user sees both values of a conflict and can take the other one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.paths import config_dir
from regiodesk.ui import dialogs, preferences
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.widgets import Banner

#: Per machine: for each database path its folder and when to synchronise.
SYNC_SETTINGS = "synchronisierung.json"


@dataclass
class SyncSettings:
    folder: str = ""
    at_start: bool = False
    at_close: bool = False


def load_settings(db_path: Path) -> SyncSettings:
    stored = preferences.read_json(SYNC_SETTINGS)
    entry = stored.get(str(db_path)) if isinstance(stored, dict) else None
    if not isinstance(entry, dict):
        return SyncSettings()
    return SyncSettings(
        str(entry.get("folder") or ""), bool(entry.get("at_start")), bool(entry.get("at_close"))
    )


def save_settings(db_path: Path, settings: SyncSettings) -> None:
    stored = preferences.read_json(SYNC_SETTINGS)
    stored = stored if isinstance(stored, dict) else {}
    stored[str(db_path)] = {
        "folder": settings.folder,
        "at_start": settings.at_start,
        "at_close": settings.at_close,
    }
    preferences.write_json(SYNC_SETTINGS, stored)


def device_name() -> str:
    from regiodesk.device import this_device

    return this_device().name


def rename_device(name: str) -> None:
    """This laptop's name as the other devices see it in the history and in conflicts."""
    from regiodesk.device import this_device

    device = this_device()
    path = config_dir() / "device.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"id": device.id, "name": name}), encoding="utf-8")
    tmp.replace(path)
    this_device.cache_clear()


def sync_service(db) -> Any:
    """The engine, or a DomainError if this build has none."""
    try:
        from regiodesk.sync import SyncService
    except ImportError:
        raise DomainError(tr("Die Synchronisierung ist in dieser Version noch nicht enthalten.")) from None
    return SyncService(db)


class SyncSettingsDialog(QDialog):
    """Folder, device name, at start / at close; ``saved`` when stored."""

    saved = Signal()

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle(tr("Synchronisierung einrichten"))
        settings = load_settings(db_path)
        self.folder = QLineEdit(settings.folder)
        self.folder.setPlaceholderText(
            tr("z. B. der Nextcloud-, OneDrive- oder Netzwerkordner der Geschäftsstelle")
        )
        browse = QPushButton(tr("Wählen …"))
        browse.clicked.connect(self.choose_folder)
        self.name = QLineEdit(device_name())
        self.at_start = QCheckBox(tr("beim Start synchronisieren"))
        self.at_start.setChecked(settings.at_start)
        self.at_close = QCheckBox(tr("beim Beenden synchronisieren"))
        self.at_close.setChecked(settings.at_close)
        self.banner = Banner()
        explanation = QLabel(
            tr(
                "Jeder Laptop hat seine eigene Datenbank. In den gemeinsamen Ordner schreibt regiodesk nur "
                "Änderungsdateien (nie die Datenbank selbst); beim Synchronisieren liest es die Änderungen "
                "der anderen Laptops ein. Konflikte werden nach einer festen Regel entschieden und unter "
                "„Konflikte der Synchronisierung“ gezeigt; nichts geht verloren."
            )
        )
        explanation.setWordWrap(True)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("Gemeinsamer Ordner"), folder_row)
        form.addRow(tr("Name dieses Laptops"), self.name)
        form.addRow("", self.at_start)
        form.addRow("", self.at_close)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert save is not None and cancel is not None
        save.setText(tr("Speichern"))
        cancel.setText(tr("Abbrechen"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        self.resize(620, 300)

    def choose_folder(self) -> None:
        start = Path(self.folder.text()) if self.folder.text() else None
        chosen = dialogs.ask_folder(self, tr("Gemeinsamer Ordner"), start)
        if chosen is not None:
            self.folder.setText(str(chosen))

    def problems(self) -> list[str]:
        problems = []
        folder = self.folder.text().strip()
        if folder:
            path = Path(folder)
            if not path.is_dir():
                problems.append(
                    tr("Den Ordner „{folder}“ gibt es nicht (oder er ist nicht erreichbar).", folder=folder)
                )
            elif path.resolve() == self.db_path.parent.resolve():
                problems.append(
                    tr(
                        "Der gemeinsame Ordner darf nicht der Ordner der Datenbank sein: die Datenbank "
                        "selbst gehört nie in einen synchronisierten Ordner."
                    )
                )
        elif self.at_start.isChecked() or self.at_close.isChecked():
            problems.append(tr("Bitte zuerst den gemeinsamen Ordner wählen."))
        if not self.name.text().strip():
            problems.append(tr("Bitte einen Namen für diesen Laptop eingeben (z. B. „Laptop Anna“)."))
        return problems

    def save(self) -> bool:
        problems = self.problems()
        if problems:
            self.banner.show_lines(problems, "error")  # the input stays
            return False
        save_settings(
            self.db_path,
            SyncSettings(self.folder.text().strip(), self.at_start.isChecked(), self.at_close.isChecked()),
        )
        if self.name.text().strip() != device_name():
            rename_device(self.name.text().strip())
        self.saved.emit()
        self.accept()
        return True


class ConflictModel(RowsModel[Any]):
    HEADERS = ("Eintrag", "Feld", "hier", "anderer Laptop", "gilt jetzt", "erledigt")

    def text(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.record_label)
        if column == 1:
            return str(row.field_label)
        if column == 2:
            return str(row.local_value)
        if column == 3:
            return str(row.other_value)
        if column == 4:
            return tr("Wert von hier") if row.winner == "local" else tr("Wert des anderen Laptops")
        return tr("ja") if row.decided else ""

    def row_id(self, row: Any) -> str:
        return str(row.id)


class ConflictsDialog(QDialog):
    """Both values of every conflict; "Anderen Wert übernehmen" applies the losing value."""

    changed = Signal()

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(tr("Konflikte der Synchronisierung"))
        self.model = ConflictModel(self)
        self.view = make_table(self.model, [250, 120, 170, 190, 190, 70], stretch=0)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.show_all = QCheckBox(tr("auch erledigte zeigen"))
        self.show_all.toggled.connect(lambda _checked: self.reload())
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.take_local = QPushButton(tr("Wert von hier übernehmen"))
        self.take_local.clicked.connect(lambda: self.take("local"))
        self.take_other = QPushButton(tr("Wert des anderen Laptops übernehmen"))
        self.take_other.clicked.connect(lambda: self.take("other"))
        self.done_button = QPushButton(tr("Als erledigt markieren"))
        self.done_button.clicked.connect(self.mark_done)
        self.banner = Banner()
        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.take_local, self.take_other, self.done_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_all)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self.resize(1040, 440)
        self.reload()

    def reload(self) -> None:
        try:
            rows = sync_service(self.db).conflicts(open_only=not self.show_all.isChecked())
        except DomainError as error:
            rows = []
            self.banner.show_lines([str(error)], "error")
        self.model.set_rows(rows)
        open_count = sum(1 for r in rows if not r.decided)
        self.info.setText(
            tr(
                "Beide Laptops haben dasselbe Feld geändert, bevor sie voneinander wussten. Es gilt der "
                "zuletzt geänderte Wert (nach der Uhr der Synchronisierung, nicht der Laptop-Uhr); der "
                "andere Wert bleibt im Verlauf. {n} offene Konflikte.",
                n=open_count,
            )
        )
        self._update_buttons()

    def selected(self) -> Any | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        has = row is not None
        self.take_local.setEnabled(has and row.winner != "local")
        self.take_other.setEnabled(has and row.winner != "other")
        self.done_button.setEnabled(has and not row.decided)

    def take(self, side: str) -> bool:
        row = self.selected()
        if row is None:
            return False
        try:
            sync_service(self.db).choose(row.id, side)
        except DomainError as error:
            self.banner.show_lines([str(error)], "error")
            return False
        self.banner.clear_banner()
        self.reload()
        self.changed.emit()
        return True

    def mark_done(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        try:
            sync_service(self.db).mark_decided(row.id)
        except DomainError as error:
            self.banner.show_lines([str(error)], "error")
            return False
        self.reload()
        return True


__all__ = ["ConflictsDialog", "SyncSettingsDialog", "load_settings", "save_settings", "sync_service"]
