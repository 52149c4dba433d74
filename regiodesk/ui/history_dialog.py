"""Verlauf: who changed what of a record, from the change log, readable for a clerk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk import fields
from regiodesk.device import device_label
from regiodesk.domain.errors import DomainError
from regiodesk.fields import Kind
from regiodesk.i18n import tr
from regiodesk.services import lookups
from regiodesk.services.records import HistoryEntry, RecordService
from regiodesk.services.restore import RestoreService
from regiodesk.services.undo import UndoableAction
from regiodesk.sync.devices import device_names
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import make_table

Index = QModelIndex | QPersistentModelIndex

OPERATIONS = {
    "insert": "angelegt",
    "update": "geändert",
    "delete": "gelöscht",
    "restore": "wiederhergestellt",
}
HEADERS = ("Zeit", "Gerät", "Datensatz", "Aktion", "Feld", "alt", "neu")


class HistoryFormatter:
    """Turns log entries into text through :mod:`regiodesk.fields`: German labels and values,
    names instead of ids."""

    def __init__(self, service: RecordService):
        self.service = service
        self._labels: dict[str, dict[str, str]] = {}
        self._devices = device_names(service.db)

    def value(self, entry: HistoryEntry, value: Any) -> str:
        if value is None:
            return ""
        return fields.display(entry.table, entry.field, value, name_of=self._label)

    def label(self, entry: HistoryEntry) -> str:
        return fields.label(entry.table, entry.field)

    def shown(self, entry: HistoryEntry) -> bool:
        """Only declared columns: ids, links to a parent and stored files mean nothing to a reader."""
        return fields.field(entry.table, entry.field) is not None

    def _label(self, lookup: str, record_id: str) -> str:
        if lookup == lookups.CONSENT_PURPOSES:  # the value is the purpose's name itself
            return record_id
        if lookup not in self._labels:
            self._labels[lookup] = dict(lookups.options(self.service.db, lookup))
        return (
            self._labels[lookup].get(record_id)
            or lookups.label_of(self.service.db, lookup, record_id)  # deactivated, still live
            or tr("(gelöscht) {id}", id=record_id[:8])
        )

    def row(self, entry: HistoryEntry) -> tuple[str, ...]:
        return (
            fields.display_value(entry.changed_at, Kind.DATETIME),
            entry.author or device_label(entry.device_id, self._devices),  # on a server: the person
            tr(entry.record),
            tr(OPERATIONS.get(entry.operation, entry.operation)),
            self.label(entry),
            self.value(entry, entry.old),
            self.value(entry, entry.new),
        )


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self._rows[row]


class HistoryDialog(QDialog):
    #: An old value was set again (an UndoableAction): the tab shows it and Rückgängig can take it back.
    restored = Signal(object)

    def __init__(self, service: RecordService, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.record_id = record_id
        name = service.display_name(record_id)
        self.setWindowTitle(tr("Verlauf – {name}", name=name))
        self.model = HistoryModel(self)
        self.formatter = HistoryFormatter(service)
        self.entries: list[HistoryEntry] = []
        self.view = make_table(self.model, (120, 80, 130, 110, 200, 200))
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.restore_button = QPushButton(tr("Diesen Wert &wiederherstellen"))
        self.restore_button.setToolTip(
            tr("Setzt das Feld der gewählten Zeile wieder auf den Wert in der Spalte „alt“.")
        )
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Schließen"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Alle Änderungen an „{name}“, die neuesten zuerst.", name=name)))
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        fit_to_screen(self, 1000, 480)
        self.reload()

    def reload(self) -> None:
        self.entries = [e for e in self.service.history(self.record_id) if self.formatter.shown(e)]
        self.model.set_rows([self.formatter.row(e) for e in self.entries])
        self._update_buttons()

    def selected(self) -> HistoryEntry | None:
        rows = self.view.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        # Only a change has a value before it: an insert had none, and „wiederhergestellt“
        # set back would delete the record again (that is Löschen's job).
        self.restore_button.setEnabled(
            entry is not None and entry.seq is not None and entry.operation in ("update", "delete")
        )

    def restore_selected(self) -> bool:
        """Set the selected line's field to its old value again (a logged change that can be undone)."""
        entry = self.selected()
        if entry is None or entry.seq is None:
            return False
        try:
            change = RestoreService(self.service.db).restore_value(entry.seq, entry.field)
        except DomainError as error:
            dialogs.show_error(self, tr("Wiederherstellen nicht möglich"), str(error))
            return False
        if not change:
            dialogs.show_info(self, tr("Wiederherstellen"), tr("Das Feld hat diesen Wert bereits."))
            return False
        label = tr("{field} wiederherstellen", field=self.formatter.label(entry))
        emit(self.restored, UndoableAction(label, change, self.record_id))
        self.reload()
        return True
