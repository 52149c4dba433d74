"""Files attached to a record, kept inside the database (one file to hand over)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.services.attachments import AttachmentService
from regiodesk.ui import dialogs
from regiodesk.ui.saved_document import announce_saved
from regiodesk.ui.signals import emit
from regiodesk.ui.undo_report import undoable


class AttachmentsBox(QGroupBox):
    """The documents attached to one record (a project sketch on an agenda item, a project's
    application); changes are stored at once."""

    changed = Signal()

    def __init__(
        self, db: Database, owner_table: str, owner_id: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(tr("Anhänge (werden sofort gespeichert)"), parent)
        self.service = AttachmentService(db)
        self.owner_table = owner_table
        self.item_id = owner_id
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.add_button = QPushButton(tr("Datei anhängen …"))
        self.open_button = QPushButton(tr("Öffnen"))
        self.save_button = QPushButton(tr("Speichern unter …"))
        self.remove_button = QPushButton(tr("Entfernen …"))
        self.add_button.clicked.connect(self.add_file)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.reload()

    def show_for(self, owner_id: str | None) -> None:
        self.item_id = owner_id
        self.setEnabled(owner_id is not None)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        if self.item_id is None:
            self._update_buttons()
            return
        for info in self.service.list_for(self.owner_table, self.item_id):
            size = f"{info.size / 1024:.0f} KB".replace(".", ",") if info.size >= 1024 else f"{info.size} B"
            item = QListWidgetItem(f"{info.filename}  ({size})")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        self._update_buttons()

    def selected_id(self) -> str | None:
        items = self.list.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _update_buttons(self) -> None:
        selected = self.selected_id() is not None
        for button in (self.open_button, self.save_button, self.remove_button):
            button.setEnabled(selected)

    def add_file(self) -> None:
        if self.item_id is None:
            return
        path = dialogs.ask_open_file(self, tr("Datei anhängen"), Path.home())
        if path is None:
            return
        try:
            with undoable(self, self.service.db, tr("Anhang „{name}“ hinzufügen", name=path.name)):
                self.service.add_file(self.owner_table, self.item_id, path)
        except DomainError as error:
            dialogs.show_error(self, tr("Anhängen nicht möglich"), str(error))
            return
        self.reload()
        emit(self.changed)

    def save_selected(self) -> None:
        attachment_id = self.selected_id()
        if attachment_id is None:
            return
        name, data = self.service.content(attachment_id)
        target = dialogs.ask_save_file(self, tr("Anhang speichern"), Path.home() / name)
        if target is None:
            return
        from regiodesk.ui.export import with_suffix, write_atomically

        target = with_suffix(target, Path(name).suffix) if Path(name).suffix else target
        try:
            write_atomically(target, data)
        except OSError as error:
            dialogs.show_error(self, tr("Anhang speichern"), f"{target.name}: {error.strerror}")
            return
        announce_saved(self, target)

    def open_selected(self) -> None:
        attachment_id = self.selected_id()
        if attachment_id is None:
            return
        name, data = self.service.content(attachment_id)
        # A private copy to look at; the attachment itself stays in the database.
        folder = Path(tempfile.mkdtemp(prefix="regiodesk-"))
        copy = folder / name
        copy.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))

    def remove_selected(self) -> None:
        attachment_id = self.selected_id()
        if attachment_id is None:
            return
        name = self.list.selectedItems()[0].text()
        if not dialogs.confirm(
            self, tr("Anhang entfernen"), tr("„{name}“ entfernen?", name=name), yes=tr("Entfernen")
        ):
            return
        with undoable(self, self.service.db, tr("Anhang entfernen")):
            self.service.remove(attachment_id)
        self.reload()
        emit(self.changed)


__all__ = ["AttachmentsBox"]
