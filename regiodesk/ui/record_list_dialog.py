"""A small list of records (selection criteria, calls, people involved in a project …): a table
and Neu / Bearbeiten / Löschen, each record edited in a RecordDialog. RecordListPanel sits
inside a tab; RecordListDialog shows one in its own window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.services.records import RecordService
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.record_model import RecordTableModel, prepare
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import RecordDialog


class RecordListPanel(QWidget):
    """The list with its buttons; ``reload()`` after the service's filter changed.

    ``scoped``: the list of one owner's records (a contact's functions, a project's people),
    empty and disabled until :meth:`show_scope` names the owner. Without its owner the service
    lists the records of every owner: reading them all on construction took seconds and
    130 MB in the contacts tab of a region with 80,000 contacts.
    """

    #: a record was created, changed or deleted
    changed = Signal()

    def __init__(
        self,
        service: RecordService,
        title: str,
        hint: str = "",
        defaults: Callable[[], dict[str, Any]] | None = None,
        parent: QWidget | None = None,
        *,
        scoped: bool = False,
    ):
        super().__init__(parent)
        self.title = title
        self.service = service
        self._defaults = defaults or dict
        self._extra: list[QPushButton] = []
        self.model = RecordTableModel(service.columns, self)
        self.view = make_table(self.model, [c.width for c in service.columns], stretch=_widest(service))
        self.view.activated.connect(lambda _index: self.edit_record())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        # With its parent from the start: showing a parentless label opens it as a window of
        # its own for a moment, which takes the focus from the main window.
        self.hint = QLabel(hint, self)
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        self.new_button = QPushButton(tr("Neu …"))
        self.edit_button = QPushButton(tr("Bearbeiten …"))
        self.delete_button = QPushButton(tr("Löschen …"))
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_record)
        self.delete_button.clicked.connect(self.delete_record)
        buttons = self._buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if scoped:
            self.show_scope(False)
        else:
            self.reload()

    def show_scope(self, scoped: bool) -> None:
        """The list of one owner (a project, a Handlungsfeld); without one: empty and disabled.

        A scoped service without its owner would list the records of every owner."""
        self.setEnabled(scoped)
        if scoped:
            self.reload()
        else:
            self.model.set_rows(prepare(self.service.columns, []))
            self._update_buttons()

    def add_button(self, text: str, slot: Callable[[str], object]) -> QPushButton:
        """A further action on the selected record (e.g. "Rangliste …"), after Löschen."""
        button = QPushButton(text)

        def run() -> None:
            record_id = self.selected_id()
            if record_id:
                slot(record_id)

        button.clicked.connect(run)
        self._buttons.insertWidget(3, button)
        self._extra.append(button)
        self._update_buttons()
        return button

    def reload(self, select: str | None = None) -> None:
        self.model.set_rows(prepare(self.service.columns, self.service.rows()))
        if select is not None:
            row = self.model.row_of(select)
            if row is not None:
                self.view.selectRow(row)
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        selected = self.selected_id() is not None
        for button in (self.edit_button, self.delete_button, *self._extra):
            button.setEnabled(selected)

    def local_commands(self) -> dict[str, Callable[[], object]]:
        """Strg+N and Entf while the user works in this list."""
        return {"new_record": self.new_record, "delete_record": self.delete_record}

    def new_record(self) -> RecordDialog:
        return self._open(RecordDialog(self.service, None, tr("Neu"), defaults=self._defaults(), parent=self))

    def edit_record(self) -> RecordDialog | None:
        record_id = self.selected_id()
        if record_id is None:
            return None
        name = self.service.display_name(record_id)
        return self._open(
            RecordDialog(self.service, record_id, tr("„{name}“ bearbeiten", name=name), parent=self)
        )

    def _open(self, dialog: RecordDialog) -> RecordDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, record_id: str) -> None:
        self.reload(record_id)
        emit(self.changed)

    def delete_record(self) -> bool:
        record_id = self.selected_id()
        if record_id is None:
            return False
        name = self.service.display_name(record_id)
        impact = self.service.delete_impact(record_id)
        text = tr("„{name}“ löschen?", name=name) + (f"\n\n{impact}" if impact else "")
        if not dialogs.confirm(self, tr("Löschen"), text, yes=tr("Löschen")):
            return False
        label = tr("{kind} löschen", kind=tr(self.service.model.label))  # details have no name of their own
        try:
            with undoable(self, self.service.db, label, record_id):  # Strg+Z in the window
                self.service.delete(record_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Löschen nicht möglich"), str(error))
            return False
        self.reload()
        emit(self.changed)
        return True


class RecordListDialog(QDialog):
    """A RecordListPanel in its own window; not modal, so the main window stays usable."""

    def __init__(
        self,
        service: RecordService,
        title: str,
        hint: str = "",
        defaults: Callable[[], dict[str, Any]] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.panel = RecordListPanel(service, title, hint, defaults, self)
        self.changed = self.panel.changed
        self.model, self.view = self.panel.model, self.panel.view
        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 760, 460)

    def selected_id(self) -> str | None:
        return self.panel.selected_id()

    def new_record(self) -> RecordDialog:
        return self.panel.new_record()

    def edit_record(self) -> RecordDialog | None:
        return self.panel.edit_record()

    def delete_record(self) -> bool:
        return self.panel.delete_record()

    def add_button(self, text: str, slot: Callable[[str], object]) -> QPushButton:
        return self.panel.add_button(text, slot)


def _widest(service: RecordService) -> int:
    columns = service.columns
    return max(range(len(columns)), key=lambda n: columns[n].width or 0) if columns else 0


__all__ = ["RecordListDialog", "RecordListPanel"]
