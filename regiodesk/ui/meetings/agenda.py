"""Tagesordnung: the items of a meeting, numbered by the service (1, 2, 2.1), edited in a dialog."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.db.models import AgendaItem
from regiodesk.domain.enums import AgendaKind, RequiredMajority, VoteResult
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.services.agenda import EDITABLE, AgendaItemForm, AgendaService
from regiodesk.services.agenda_rows import AgendaRow
from regiodesk.services.attachments import AttachmentService
from regiodesk.services.conduct import MeetingConduct
from regiodesk.ui import dialogs
from regiodesk.ui.attachments import AttachmentsBox
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.record_form import RecordForm
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import stored_value

log = logging.getLogger(__name__)
OWNER_TABLE = AgendaItem.__tablename__


# ---------------------------------------------------------------------- model
class AgendaModel(RowsModel[AgendaRow]):
    HEADERS = ("TOP", "Titel", "Art", "Projekt", "Ergebnis", "Anhänge")
    NUMERIC_COLUMNS = frozenset({5})

    def __init__(self, parent=None):
        super().__init__(parent)
        self._results: dict[str, str] = {}
        self._attachments: dict[str, int] = {}

    def set_agenda(
        self, rows: Sequence[AgendaRow], results: dict[str, str], attachments: dict[str, int]
    ) -> None:
        self._results = dict(results)
        self._attachments = dict(attachments)
        self.set_rows(rows)

    def row_id(self, row: AgendaRow) -> str:
        return row.id

    def text(self, row: AgendaRow, column: int) -> str:
        if column == 0:
            return row.number
        if column == 1:
            return ("    " if row.parent_id else "") + row.title
        if column == 2:
            return AgendaKind.label_of(row.kind)
        if column == 3:
            if row.project_title and row.is_selection_decision:
                return tr("{title} (Projektauswahl)", title=row.project_title)
            return row.project_title
        if column == 4:
            return VoteResult.label_of(self._results.get(row.id))
        count = self._attachments.get(row.id, 0)
        return str(count) if count else ""


# --------------------------------------------------------------------- dialog
class AgendaItemDialog(QDialog):
    """Create or edit one agenda item; the service's German errors appear beside the fields."""

    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        meeting_id: str,
        item: AgendaRow | None,
        parent_id: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.agenda = AgendaService(db)
        self.meeting_id = meeting_id
        self.item = item
        self.parent_id = parent_id
        if item is not None:
            self.setWindowTitle(tr("TOP {number} bearbeiten", number=item.number))
        elif parent_id is not None:
            self.setWindowTitle(tr("Neuer Unterpunkt"))
        else:
            self.setWindowTitle(tr("Neuer Tagesordnungspunkt"))
        self.form = RecordForm(AgendaItemForm(db))
        if item is None:
            values: dict[str, Any] = {
                "title": "",
                "kind": stored_value(AgendaKind.INFORMATION),
                "project_id": None,
            }
            values |= {
                "is_selection_decision": False,
                "required_majority": stored_value(RequiredMajority.SIMPLE),
            }
        else:
            values = {name: getattr(item, name) for name in EDITABLE}
        self.form.set_values(values)
        # A Beschluss on a project is a selection decision (double quorum) unless the user unticks it.
        self._selection_touched = (
            item is not None and bool(item.project_id) and item.kind == stored_value(AgendaKind.DECISION)
        )
        self._setting_selection = False
        self.form.editors["kind"].on_change(lambda *_a: self._suggest_selection())
        self.form.editors["project_id"].on_change(lambda *_a: self._suggest_selection())
        self.form.editors["is_selection_decision"].on_change(lambda *_a: self._selection_edited())
        self.attachments: AttachmentsBox | None = None
        self.buttons, self.save_button = dialogs.accept_cancel_buttons(
            self, tr("Speichern"), self.save, QDialogButtonBox.StandardButton.Save
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        if item is not None:
            self.attachments = AttachmentsBox(db, OWNER_TABLE, item.id)
            layout.addWidget(self.attachments)
        else:
            note = QLabel(tr("Dokumente (z. B. Projektskizzen) lassen sich nach dem Speichern anhängen."))
            note.setStyleSheet("color: palette(mid);")
            layout.addWidget(note)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 620, 640)

    def _selection_edited(self) -> None:
        if not self._setting_selection:
            self._selection_touched = True

    def _suggest_selection(self) -> None:
        if self._selection_touched:
            return
        kind = self.form.editors["kind"].value()
        try:
            project = self.form.editors["project_id"].value()
        except ValueError:  # a project's name half typed: decide once it names one
            return
        self._setting_selection = True
        try:
            self.form.editors["is_selection_decision"].set_value(
                kind == stored_value(AgendaKind.DECISION) and bool(project)
            )
        finally:
            self._setting_selection = False

    def save(self) -> bool:
        label = tr("TOP hinzufügen") if self.item is None else tr("TOP ändern")
        with undoable(self, self.agenda.db, label) as step:
            item_id = step.record_id = self.form.guarded(self._write)
        if item_id is None:
            return False
        self.form.mark_clean()
        emit(self.saved, item_id)
        self.accept()
        return True

    def _write(self) -> str:
        values = self.form.values()
        if self.item is None:
            title = values.pop("title")
            kind = values.pop("kind")
            return self.agenda.add(self.meeting_id, title, kind, self.parent_id, **values)
        self.agenda.update(self.item.id, **values)
        return self.item.id

    def reject(self) -> None:
        if self.form.is_dirty() and not dialogs.confirm(
            self, tr("Verwerfen"), tr("Die ungespeicherten Eingaben verwerfen?"), yes=tr("Verwerfen")
        ):
            return
        super().reject()


# ----------------------------------------------------------------------- page
class AgendaPage(QWidget):
    """The agenda list with its buttons; ``changed`` after every stored change."""

    changed = Signal()
    #: the selected item changed (the Beschlussauszug prints it)
    item_selected = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.agenda = AgendaService(db)
        self.conduct = MeetingConduct(db)
        self.attachments = AttachmentService(db)
        self.meeting_id: str | None = None
        self.model = AgendaModel(self)
        view = self.view = make_table(self.model, (50, 300, 90, 150, 100, 70), stretch=1)
        view.activated.connect(lambda _index: self.edit_item())
        view.selectionModel().selectionChanged.connect(self._selection_changed)
        for keys, slot in (
            ("Ctrl+Up", lambda: self.move_selected(-1)),
            ("Ctrl+Down", lambda: self.move_selected(1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), view, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.hint = QLabel()
        self.hint.setStyleSheet("color: palette(mid);")
        self.new_button = QPushButton(tr("Neuer TOP …"))
        self.sub_button = QPushButton(tr("Unterpunkt …"))
        self.edit_button = QPushButton(tr("Bearbeiten …"))
        self.up_button = QPushButton("▲")
        self.down_button = QPushButton("▼")
        self.remove_button = QPushButton(tr("Entfernen …"))
        self.new_button.setToolTip(tr("Neuen Tagesordnungspunkt am Ende anfügen"))
        self.sub_button.setToolTip(tr("Unterpunkt zum ausgewählten Punkt anlegen (z. B. 2.1)"))
        self.edit_button.setToolTip(tr("Titel, Art, Projekt, Beschlusstext und Anhänge (Eingabetaste)"))
        self.up_button.setToolTip(tr("Nach oben schieben (Strg+Pfeil hoch)"))
        self.down_button.setToolTip(tr("Nach unten schieben (Strg+Pfeil runter)"))
        for button in (self.up_button, self.down_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("▲") + 28)
        self.new_button.clicked.connect(self.new_item)
        self.sub_button.clicked.connect(self.new_sub_item)
        self.edit_button.clicked.connect(self.edit_item)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.sub_button, self.edit_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(view, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # ------------------------------------------------------------ showing
    def show_for(self, meeting_id: str | None) -> None:
        keep = self.selected_id() if meeting_id == self.meeting_id else None
        self.meeting_id = meeting_id
        self.reload(keep)

    def reload(self, select: str | None = None) -> None:
        rows = self.agenda.items(self.meeting_id) if self.meeting_id else []
        results: dict[str, str] = {}
        counts: dict[str, int] = {}
        for row in rows:
            vote = (
                self.conduct.current_vote(row.id) if row.kind == stored_value(AgendaKind.DECISION) else None
            )
            if vote is not None:
                results[row.id] = vote.result
            counts[row.id] = len(self.attachments.list_for(OWNER_TABLE, row.id))
        self.model.set_agenda(rows, results, counts)
        if self.meeting_id is None:
            self.hint.setText(tr("Erst nach dem Speichern der Sitzung verfügbar."))
        else:
            self.hint.setText(tr("Noch keine Tagesordnungspunkte – „Neuer TOP …“ legt einen an."))
        self.hint.setVisible(not rows)
        if select is not None:
            self.select(select)
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def selected_item(self) -> AgendaRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select(self, item_id: str) -> None:
        row = self.model.row_of(item_id)
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _selection_changed(self, *_args: object) -> None:
        self._update_buttons()
        emit(self.item_selected)

    def _update_buttons(self) -> None:
        has_meeting = self.meeting_id is not None
        item = self.selected_item()
        self.new_button.setEnabled(has_meeting)
        self.sub_button.setEnabled(item is not None)
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(item is not None)
        siblings = self._siblings(item) if item is not None else []
        self.up_button.setEnabled(item is not None and siblings.index(item.id) > 0)
        self.down_button.setEnabled(item is not None and siblings.index(item.id) < len(siblings) - 1)

    def _siblings(self, item: AgendaRow) -> list[str]:
        return [r.id for r in self.model.rows if r.parent_id == item.parent_id]

    # ------------------------------------------------------------ editing
    def local_commands(self) -> dict[str, Callable[[], object]]:
        """Strg+N and Entf while the user works in the agenda: new item, remove item (not the meeting)."""
        return {"new_record": self.new_item, "delete_record": self.remove_selected}

    def new_item(self) -> AgendaItemDialog | None:
        if self.meeting_id is None:
            return None
        return self._open(None, None)

    def new_sub_item(self) -> AgendaItemDialog | None:
        item = self.selected_item()
        if self.meeting_id is None or item is None:
            return None
        return self._open(None, item.parent_id or item.id)  # under a sub-item: beside it

    def edit_item(self) -> AgendaItemDialog | None:
        item = self.selected_item()
        if self.meeting_id is None or item is None:
            return None
        return self._open(item, None)

    def _open(self, item: AgendaRow | None, parent_id: str | None) -> AgendaItemDialog:
        assert self.meeting_id is not None
        dialog = AgendaItemDialog(self.db, self.meeting_id, item, parent_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        if dialog.attachments is not None:
            dialog.attachments.changed.connect(lambda: self.reload(self.selected_id()))
        dialog.open()
        return dialog

    def _saved(self, item_id: str) -> None:
        self.reload(item_id)
        emit(self.changed)

    def move_selected(self, offset: int) -> None:
        item_id = self.selected_id()
        if item_id is None:
            return
        try:
            with undoable(self, self.db, tr("TOP verschieben")):
                self.agenda.move(item_id, offset)
        except DomainError as error:
            dialogs.show_error(self, tr("Verschieben nicht möglich"), str(error))
            return
        self.reload(item_id)
        emit(self.changed)

    def remove_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        parts = [tr("TOP {number} „{title}“ entfernen?", number=item.number, title=item.title)]
        if any(r.parent_id == item.id for r in self.model.rows):
            parts.append(tr("Seine Unterpunkte werden mit entfernt."))
        if self.conduct.current_vote(item.id) is not None:
            parts.append(
                tr("Zu diesem Punkt ist eine Abstimmung gespeichert; sie steht dann nicht mehr im Protokoll.")
            )
        parts.append(tr("Die übrigen Punkte werden neu nummeriert. Im Verlauf bleibt der Punkt erhalten."))
        if not dialogs.confirm(self, tr("TOP entfernen"), "\n\n".join(parts), yes=tr("Entfernen")):
            return
        row = self.model.row_of(item.id) or 0
        try:
            with undoable(self, self.db, tr("TOP {number} entfernen", number=item.number)):
                self.agenda.remove(item.id)
        except DomainError as error:
            dialogs.show_error(self, tr("Entfernen nicht möglich"), str(error))
            return
        self.reload()
        if self.model.rowCount():
            self.view.selectRow(min(row, self.model.rowCount() - 1))
        emit(self.changed)
