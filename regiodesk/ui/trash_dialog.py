"""Gelöschte Einträge: the deleted records of a tab, and „Wiederherstellen“ for each."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from regiodesk.db.base import Record
from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.fields import Kind, display_value
from regiodesk.i18n import tr
from regiodesk.services.restore import DeletedRecord, RestoreService
from regiodesk.services.undo import UndoableAction
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table


class DeletedModel(RowsModel[DeletedRecord]):
    HEADERS = ("Gelöscht am", "Name")

    def text(self, row: DeletedRecord, column: int) -> str:
        return display_value(row.deleted_at, Kind.DATETIME) if column == 0 else row.name

    def row_id(self, row: DeletedRecord) -> str:
        return row.id


class TrashDialog(QDialog):
    """The deleted records of a tab's kind, the latest first; a restored one is shown in the tab."""

    #: A record was restored (an UndoableAction): the tab shows it and Rückgängig can take it back.
    restored = Signal(object)

    def __init__(self, db: Database, model: type[Record], title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.record_model = model
        self.service = RestoreService(db)
        self.setWindowTitle(tr("Gelöschte Einträge – {title}", title=title))
        self.model = DeletedModel(self)
        self.view = make_table(self.model, (130, 320))
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.view.activated.connect(lambda _index: self.restore_selected())
        self.hint = QLabel(
            tr(
                "Wiederhergestellt wird der Eintrag mit allem, was mit ihm gelöscht wurde "
                "(E-Mail-Adressen, Anschriften, Mitgliedschaften, Tagesordnung …)."
            )
        )
        self.hint.setWordWrap(True)
        self.restore_button = QPushButton(tr("&Wiederherstellen"))
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Schließen"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 420)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self.service.deleted((self.record_model,)))
        if self.model.rowCount():
            self.view.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> DeletedRecord | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def restore_selected(self) -> bool:
        record = self.selected()
        if record is None:
            return False
        try:
            change = self.service.restore(record.id)
        except DomainError as error:
            dialogs.show_error(self, tr("Wiederherstellen nicht möglich"), str(error))
            self.reload()
            return False
        label = tr("{kind} „{name}“ wiederherstellen", kind=record.kind, name=record.name)
        emit(self.restored, UndoableAction(label, change, record.id))
        self.reload()
        return True
