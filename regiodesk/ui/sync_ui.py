"""Synchronising through a shared folder from the window: the settings of this laptop (folder,
device name, at start and at close), the "Synchronisieren" action, and the Konflikte view where
the user sees both values of a conflict and can take the other one."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
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

from regiodesk.device import rename_device, this_device
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import plural, tr
from regiodesk.office import Office
from regiodesk.paths import data_dir
from regiodesk.preferences import SyncSettings, save_sync_settings, sync_settings
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.office_window import OfficeWindow
from regiodesk.ui.operations import Operation
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.widgets import Banner

log = logging.getLogger(__name__)


class SyncSettingsDialog(QDialog):
    """Folder, device name, at start / at close; ``saved`` when stored."""

    saved = Signal()

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle(tr("Synchronisierung einrichten"))
        settings = sync_settings(db_path)
        self.folder = QLineEdit(settings.folder)
        self.folder.setPlaceholderText(
            tr("z. B. der Nextcloud-, OneDrive- oder Netzwerkordner der Geschäftsstelle")
        )
        browse = QPushButton(tr("Wählen …"))
        browse.clicked.connect(self.choose_folder)
        self.name = QLineEdit(this_device().name)
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
        buttons, _save = dialogs.accept_cancel_buttons(
            self, tr("Speichern"), self.save, QDialogButtonBox.StandardButton.Save
        )
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 300)

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
        save_sync_settings(
            self.db_path,
            SyncSettings(self.folder.text().strip(), self.at_start.isChecked(), self.at_close.isChecked()),
        )
        if self.name.text().strip() != this_device().name:
            rename_device(self.name.text().strip())
        self.saved.emit()
        self.accept()
        return True


class ConflictModel(RowsModel[Any]):
    HEADERS = ("Eintrag", "Feld", "hier", "dort", "anderer Laptop", "gilt jetzt", "erledigt")

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
            return str(row.other_device)
        if column == 5:
            return tr("Wert von hier") if row.winner == "local" else tr("Wert des anderen Laptops")
        return tr("ja") if row.decided else ""

    def row_id(self, row: Any) -> str:
        return str(row.id)


class ConflictsDialog(QDialog):
    """Both values of every conflict; "Anderen Wert übernehmen" applies the losing value."""

    changed = Signal()
    #: the number of open conflicts, after every reload (a decision, „erledigt“)
    counted = Signal(int)

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(tr("Konflikte der Synchronisierung"))
        self.model = ConflictModel(self)
        self.view = make_table(self.model, [230, 110, 150, 150, 130, 170, 70], stretch=0)
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
        fit_to_screen(self, 1040, 440)
        self.reload()

    def reload(self) -> None:
        read = True
        try:
            rows = _service(self.db).conflicts(open_only=not self.show_all.isChecked())
        except DomainError as error:
            rows, read = [], False
            self.banner.show_lines([str(error)], "error")
        self.model.set_rows(rows)
        open_count = sum(1 for r in rows if not r.decided)
        self.info.setText(
            tr(
                "Beide Laptops haben dasselbe Feld geändert, bevor sie voneinander wussten. Es gilt der "
                "zuletzt geänderte Wert (nach der Uhr der Synchronisierung, nicht der Laptop-Uhr); der "
                "andere Wert bleibt im Verlauf.",
            )
            + " "
            + plural(open_count, "{n} offener Konflikt.", "{n} offene Konflikte.")
        )
        self._update_buttons()
        if read:
            self.counted.emit(open_count)

    def selected(self) -> Any | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.take_local.setEnabled(row is not None and row.winner != "local")
        self.take_other.setEnabled(row is not None and row.winner != "other")
        self.done_button.setEnabled(row is not None and not row.decided)

    def take(self, side: str) -> bool:
        row = self.selected()
        if row is None:
            return False
        try:
            _service(self.db).choose(row.id, side)
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
            _service(self.db).mark_decided(row.id)
        except DomainError as error:
            self.banner.show_lines([str(error)], "error")
            return False
        self.reload()
        return True


def _service(db) -> Any:
    from regiodesk.sync import SyncService

    return SyncService(db)


class SyncActions(QObject):
    """The window's Synchronisieren menu over its :class:`~regiodesk.office.Office`: the settings,
    joining from a new laptop, synchronising (off the GUI thread), the Konflikte view."""

    def __init__(self, window: OfficeWindow):
        super().__init__(window)
        self.window = window
        #: In the status bar while conflicts wait (also those a command-line sync left); opens them.
        self.conflicts_button = QPushButton()
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setStyleSheet("color: #a61b1b; font-weight: bold")
        self.conflicts_button.setToolTip(tr("Die Konflikte der Synchronisierung ansehen und entscheiden"))
        self.conflicts_button.clicked.connect(lambda _checked=False: self.show_conflicts())
        self.conflicts_button.hide()
        window.statusBar().addPermanentWidget(self.conflicts_button)

    def mention_open_conflicts(self) -> int:
        """Say in the status bar how many conflicts wait (e.g. after a sync on the command line)."""
        try:
            waiting = _service(self.window.db).open_conflict_count()
        except Exception:  # a file without the sync tables, a damaged file: nothing to mention
            log.exception("Offene Konflikte nicht lesbar")
            waiting = 0
        self._show_count(waiting)
        return waiting

    def _show_count(self, waiting: int) -> None:
        self.conflicts_button.setText(
            plural(
                waiting,
                "{n} Konflikt der Synchronisierung wartet …",
                "{n} Konflikte der Synchronisierung warten …",
            )
        )
        self.conflicts_button.setVisible(waiting > 0)

    def show_sync_settings(self) -> SyncSettingsDialog:
        window = self.window
        return window.show_window("sync-settings", lambda: SyncSettingsDialog(window.db.path, window))

    def join_sync(self) -> bool:
        """A new laptop: its own database made from the shared folder (snapshot plus journals)."""
        window = self.window
        title = tr("Einer Synchronisierung beitreten")
        folder = dialogs.ask_folder(window, tr("Gemeinsamer Ordner der Geschäftsstelle"))
        if folder is None:
            return False
        target = dialogs.ask_save_file(
            window, tr("Neue Datenbank für diesen Laptop"), data_dir() / "geschaeftsstelle.regiodesk"
        )
        if target is None:
            return False
        if target.exists():
            message = tr("„{name}“ gibt es schon. Bitte einen neuen Dateinamen wählen.", name=target.name)
            dialogs.show_error(window, title, message)
            return False

        def done(result) -> None:
            path, report = result
            if window.open_database(path):
                window.statusBar().showMessage(tr("Beigetreten: {summary}", summary=report.summary()), 20000)

        busy = tr("Daten aus {folder} übernehmen …", folder=folder)
        operation = Operation(window, lambda: Office.join(folder, target, remember=True), busy)
        operation.success(done).failure(lambda error: dialogs.show_error(window, title, str(error))).run()
        return True

    def show_conflicts(self) -> ConflictsDialog:
        window = self.window

        def make() -> ConflictsDialog:
            dialog = ConflictsDialog(window.db, window)
            dialog.changed.connect(window.reload_all)
            dialog.counted.connect(self._show_count)
            return dialog

        return window.show_window("conflicts", make)

    def synchronise(self, quiet: bool = False) -> bool:
        """Send this laptop's changes to the shared folder and apply the others' (off the GUI thread)."""
        window = self.window
        office = window.office
        folder = office.sync_folder()
        if not folder:
            if not quiet:
                self.show_sync_settings()
                window.statusBar().showMessage(tr("Bitte zuerst den gemeinsamen Ordner wählen."), 10000)
            return False
        if not window.leave_all(tr("Synchronisieren")):
            return False

        def done(report) -> None:
            window.reload_all()
            window.statusBar().showMessage(tr("Synchronisiert: {summary}", summary=report.summary()), 20000)
            self.mention_open_conflicts()
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
                window, tr("Synchronisieren"), message + "\n\n" + tr("Die Datenbank ist unverändert.")
            )

        busy = tr("Synchronisieren mit {folder} …", folder=folder)
        Operation(window, lambda: office.sync(folder), busy).success(done).failure(failed).run()
        return True


__all__ = ["ConflictsDialog", "SyncActions", "SyncSettings", "SyncSettingsDialog"]
