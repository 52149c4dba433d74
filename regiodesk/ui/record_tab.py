"""The list-and-detail pattern every tab shares: filter, list, form, buttons.

Rule of the house: nothing typed is lost. Leaving a record with unsaved edits
saves them; when they cannot be saved the user stays on the record, sees why
beside the fields, and keeps every character typed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.i18n import count_entries, tr
from regiodesk.services.records import RecordService
from regiodesk.services.undo import UndoableAction
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import remember_splitter, restore_splitter
from regiodesk.ui.history_dialog import HistoryDialog
from regiodesk.ui.operations import Operation
from regiodesk.ui.record_editor import RecordEditor
from regiodesk.ui.record_form import RecordForm
from regiodesk.ui.record_list import RecordList
from regiodesk.ui.record_model import PreparedRows, RecordTableModel, prepare
from regiodesk.ui.related_table import RelatedPanel
from regiodesk.ui.signals import emit
from regiodesk.ui.trash_dialog import TrashDialog
from regiodesk.ui.undo_report import undoable

log = logging.getLogger(__name__)
FORM_MIN_WIDTH = 560
LIST_MIN_HEIGHT = 150  # a stacked tab's list: four rows and the header


class RecordTab(QWidget):
    key: ClassVar[str]
    title: ClassVar[str]
    service_class: ClassVar[type[RecordService]]
    sort_by: ClassVar[str]
    sort_descending: ClassVar[bool] = False
    #: list above, form and panel side by side below: for tabs whose panel (members of a body,
    #: conduct of a meeting) needs the width and whose list is short
    stacked: ClassVar[bool] = False
    #: Lists that can be long (contacts) load off the GUI thread when the user opens the tab.
    background_load: ClassVar[bool] = False
    #: Keys of the tabs whose changes this tab shows (in its list, panel or reference fields).
    depends_on: ClassVar[frozenset[str]] = frozenset()

    #: A record was saved or deleted: other tabs' lists and reference lists may be out of date.
    changed = Signal()
    #: Shown/total numbers changed (filter, reload).
    counts_changed = Signal()
    #: A save, creation, deletion or restore that Rückgängig can take back (an UndoableAction).
    undoable = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = self.service_class(db)
        self.model = RecordTableModel(self.service.columns, self)
        self._current_id: str | None = None
        self._is_new = False
        self._loaded = False
        self._stale = False
        self._syncing = False  # set while the code itself moves the selection
        self._generation = 0  # a background load older than the newest load is dropped
        self._latest_load = 0  # the generation the newest background load started with
        #: What waits for the next background load to show its rows (see load_in_background)
        self._after_load: list[Callable[[], None]] = []
        self._sized = False
        self._build()
        self._show_nothing()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.list = RecordList(self.model, self.service.columns, self.sort_by, self.sort_descending)
        self.filter_edit = self.list.filter_edit
        self.view = self.list.view
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.form = RecordForm(self.service)
        self.panel = self.make_panel()
        self.editor = RecordEditor(self.form, self.panel)
        self.heading = self.editor.heading
        self.new_button = self.editor.new_button
        self.save_button = self.editor.save_button
        self.discard_button = self.editor.discard_button
        self.delete_button = self.editor.delete_button
        self.history_button = self.editor.history_button
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(lambda: self.save())
        self.discard_button.clicked.connect(self.discard)
        self.delete_button.clicked.connect(self.delete_record)
        self.history_button.clicked.connect(self.show_history)
        self.view.activated.connect(lambda _index: self.form.focus_first())  # Enter, double-click

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        if self.stacked:
            self.splitter.setOrientation(Qt.Orientation.Vertical)
            if self.editor.splitter is not None:
                self.editor.splitter.setOrientation(Qt.Orientation.Horizontal)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            QTimer.singleShot(0, self._initial_sizes)  # once the layout has sized the splitters

    def _initial_sizes(self) -> None:
        self._size_list_and_form()
        # The shown record's row stays in sight of the list as now sized (opened from elsewhere);
        # only scrolled: a click the tab has not followed yet keeps its selection.
        row = None if self._current_id is None else self.model.row_of(self._current_id)
        if row is not None:
            self.view.scrollTo(self.model.index(row, 0))

    def _size_list_and_form(self) -> None:
        if self.stacked:
            self._initial_sizes_stacked()
        else:
            self._initial_sizes_side_by_side()
        # Where the user left the splitters last time (per machine), else the sizes just given.
        restore_splitter(self.splitter, f"{self.key}.list")
        remember_splitter(self.splitter, f"{self.key}.list")
        if self.editor.splitter is not None:
            restore_splitter(self.editor.splitter, f"{self.key}.editor")
            remember_splitter(self.editor.splitter, f"{self.key}.editor")

    def _initial_sizes_side_by_side(self) -> None:
        # The list gets the width its columns ask for, as long as the form keeps room to work.
        total = sum(self.splitter.sizes())
        self.list.fit_text_columns(total - FORM_MIN_WIDTH)
        list_width = max(min(self.list.wanted_width(), total - FORM_MIN_WIDTH), total // 3)
        self.splitter.setSizes([list_width, total - list_width])
        self.list.give_spare_width(self.list.view.viewport().width())
        self.editor.fit_form()

    def _initial_sizes_stacked(self) -> None:
        # The list as high as its rows (at most a quarter: the panel below, a meeting's votes,
        # needs the height), the form a third of the width. With compact rows a quarter of a
        # 768-pixel screen shows six rows; the user's own split is remembered.
        height = sum(self.splitter.sizes())
        rows = max(self.model.visible_count, 4)
        row_height = self.view.verticalHeader().defaultSectionSize()
        wanted = self.view.horizontalHeader().height() + rows * row_height
        list_height = max(LIST_MIN_HEIGHT, min(wanted + 40, height // 4))
        self.splitter.setSizes([list_height, height - list_height])
        self.list.fill_width(self.splitter.width())
        splitter = self.editor.splitter
        if splitter is not None:
            width = sum(splitter.sizes())
            form = max(FORM_MIN_WIDTH - 140, min(width // 3, 520))
            splitter.setSizes([form, width - form])

    def make_panel(self) -> RelatedPanel | None:
        """An optional read-only table below the form (members, agenda, indicators)."""
        return None

    # ------------------------------------------------------------- loading
    @property
    def is_loaded(self) -> bool:
        return self._loaded

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        """Read the list again (synchronously), keeping the shown record and unsaved edits."""
        self._apply(prepare(self.service.columns, self.service.stream_rows(), self.model.sort_spec))

    def load_in_background(self, then: Callable[[], None] | None = None) -> None:
        """Read the list off the GUI thread; ``then`` once its rows are shown.

        A newer load drops this one's rows (it brings its own, and calls this one's ``then``). A
        save merged meanwhile (its rows read at once, ``_refresh_rows``) makes them stale too: the
        list is read once more then, so what the load was for (an undo, an import) is not lost."""
        if then is not None:
            self._after_load.append(then)
        self._generation += 1
        generation = self._latest_load = self._generation
        service, columns, sort = self.service, self.service.columns, self.model.sort_spec
        if not self._loaded:
            self.heading.setText(tr("Die Liste wird geladen …"))

        def loaded(prepared: PreparedRows) -> None:
            if generation == self._generation:
                self._apply(prepared)
                waiting, self._after_load = self._after_load, []
                for callback in waiting:
                    callback()
            elif generation == self._latest_load:  # only a merged save came between
                self.load_in_background()

        Operation(
            self,
            lambda: prepare(columns, service.stream_rows(), sort),
            tr("{title} werden geladen …", title=tr(self.title)),
        ).success(loaded).run()

    def read_again(self, then: Callable[[], None] | None = None) -> None:
        """Read the whole list again after a change of many records (an undo, an import, a merge
        of duplicates), keeping the shown record and unsaved edits; ``then`` once it is in.

        A list that can be long (``background_load``: 80,000 contacts take two seconds) is read
        in the background, so the window goes on meanwhile; a short one at once."""
        if self.background_load:
            self.load_in_background(then)
            return
        self.reload()
        if then is not None:
            then()

    def activate(self) -> None:
        """The tab became visible: load it the first time, refresh it when others changed data."""
        if self._loaded and not self._stale:
            return
        self.read_again()

    def mark_stale(self) -> None:
        self._stale = True

    def _apply(self, prepared: PreparedRows) -> None:
        self._refresh_list(prepared)
        self.form.refresh_options()
        current = self._current_id
        if current is not None and not self.model.contains(current) and not self.form.is_dirty():
            current = self._current_id = None  # deleted meanwhile (another tab, sync)
        if self._is_new:
            self._sync_selection()
        elif current is not None:
            if self.form.is_dirty():
                self._sync_selection()
            else:
                self._show_record(current)  # the record may have changed too
        elif self.model.visible_count:
            self._show_record(self.model.id_at(0))
        else:
            self._show_nothing()

    def _refresh_rows(self, ids: list[str]) -> None:
        """Re-read just these records' rows (after a save or delete) and merge them in."""
        fresh = prepare(self.service.columns, self.service.rows(ids=ids))
        self._refresh_list(self.model.merged(fresh, ids))

    def _refresh_list(self, prepared: PreparedRows) -> None:
        self._generation += 1
        self.model.set_rows(prepared)
        self._loaded = True
        self._stale = False
        emit(self.counts_changed)

    # ------------------------------------------------------------ selecting
    @property
    def current_id(self) -> str | None:
        """The record in the form; None for a new, unsaved record or an empty form."""
        return self._current_id

    @property
    def is_new(self) -> bool:
        return self._is_new

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def select_id(self, record_id: str) -> bool:
        """Show a record as if the user had clicked it; False if the current one cannot be left."""
        if record_id == self._current_id and not self._is_new:
            return True
        if not self.commit_pending(reveal=False):
            self._sync_selection()
            return False
        self._show_record(record_id)
        return True

    def reveal(self, record_id: str) -> bool:
        """Show a record and its row in the list, the filter lifted if it hides the row (what
        opening it from elsewhere does); False if the current one cannot be left."""
        if not self.select_id(record_id):
            return False
        hidden = self.model.row_of(record_id) is None and self.model.contains(record_id)
        if hidden and self.filter_edit.text():
            self.filter_edit.clear()
        self._sync_selection(scroll=True)
        return True

    def _selection_changed(self, *_args: Any) -> None:
        if self._syncing:
            return
        # Decide outside the view's own mouse/key handling, which is still busy moving
        # the selection; refusing the move from inside it would leave the view confused.
        QTimer.singleShot(0, self._follow_selection)

    def _follow_selection(self) -> None:
        if self._syncing:
            return
        target = self.selected_id()
        if target is None:
            return
        self.select_id(target)

    def _sync_selection(self, scroll: bool = False) -> None:
        """Make the list's selection show the record in the form."""
        self._syncing = True
        try:
            selection = self.view.selectionModel()
            row = None if self._current_id is None else self.model.row_of(self._current_id)
            if row is None:
                selection.clearSelection()
                return
            index = self.model.index(row, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            if scroll:
                self.view.scrollTo(index)
        finally:
            self._syncing = False

    def _show_record(self, record_id: str) -> None:
        try:
            values = self.service.load(record_id)
        except NotFoundError as error:
            dialogs.show_error(self, tr("Nicht gefunden"), str(error))
            self._current_id = None
            self.reload()
            return
        self._current_id = record_id
        self._is_new = False
        self.form.setEnabled(True)
        self.form.set_values(values)
        self._sync_selection()
        self.heading.setText(self.service.display_name(record_id))
        if self.panel is not None:
            self.panel.show_for(record_id)
        self._update_buttons()

    def _show_nothing(self) -> None:
        self._current_id = None
        self._is_new = False
        self.form.setEnabled(False)
        self.heading.setText(tr("Kein Eintrag ausgewählt – „Neu“ legt einen an."))
        if self.panel is not None:
            self.panel.show_for(None)
        self._sync_selection()
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_record = self._current_id is not None
        editing = has_record or self._is_new
        self.save_button.setEnabled(editing)
        self.discard_button.setEnabled(editing)
        self.delete_button.setEnabled(has_record)
        self.history_button.setEnabled(has_record)

    # ------------------------------------------------------------ filtering
    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._sync_selection(scroll=True)
        emit(self.counts_changed)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def count_text(self) -> str:
        shown, total = self.model.visible_count, self.model.total_count
        if not self._loaded:
            return tr("wird geladen …")
        return count_entries(shown, total)

    # ------------------------------------------------------------ editing
    def has_unsaved_edits(self) -> bool:
        return (self._is_new or self._current_id is not None) and self.form.is_dirty()

    def commit_pending(self, reveal: bool = False) -> bool:
        """Save unsaved edits before the user leaves the record; False (errors shown) if they cannot be."""
        if not self.has_unsaved_edits():
            return True
        return self.save(reveal=reveal)

    def new_record(self) -> bool:
        if not self.commit_pending():
            return False
        self._current_id = None
        self._is_new = True
        self._sync_selection()
        self.form.setEnabled(True)
        self.form.set_values(self.service.defaults())
        self.heading.setText(tr("Neuer Eintrag – noch nicht gespeichert"))
        if self.panel is not None:
            self.panel.show_for(None)
        self._update_buttons()
        self.form.focus_first()
        return True

    def save(self, reveal: bool = True) -> bool:
        """Create or update the record in the form; on errors show them and keep the input."""
        if not self._is_new and self._current_id is None:
            return True
        with undoable(self, self.service.db, self._save_label()) as step:
            record_id = step.record_id = self.form.guarded(
                lambda: self.form.write(None if self._is_new else self._current_id)
            )
        if record_id is None:
            return False
        self._current_id, self._is_new = record_id, False
        self._refresh_rows([record_id])
        if reveal and self.model.row_of(record_id) is None and self.model.contains(record_id):
            self.filter_edit.clear()  # the filter would hide what was just saved
        self._show_record(record_id)
        self._sync_selection(scroll=True)
        emit(self.changed)
        self._confirm_saved(record_id)
        return True

    def _save_label(self) -> str:
        """„Kontakt anlegen“, „Telefon ändern“, „„Anna Becker“ ändern“: the step in the Bearbeiten menu."""
        if self._is_new:
            return tr("{kind} anlegen", kind=tr(self.service.model.label))
        changed = self.form.changed_fields()
        if len(changed) == 1:
            return tr("{field} ändern", field=tr(self.service.field(changed[0]).label))
        return tr("„{name}“ ändern", name=self.heading.text())

    def show_changed(self, record_id: str | None) -> None:
        """Undo, redo or a restore changed this tab's records: read them again, show ``record_id``."""
        self.read_again(lambda: self._show_changed_record(record_id))

    def _show_changed_record(self, record_id: str | None) -> None:
        if record_id is not None and self.model.contains(record_id) and not self.has_unsaved_edits():
            self._show_record(record_id)
            self._sync_selection(scroll=True)
        emit(self.changed)

    def _confirm_saved(self, record_id: str) -> None:
        """„Kontakt „Anna Becker“ gespeichert“ in the status bar, also for a save on leaving a record."""
        window = self.window()
        if isinstance(window, QMainWindow):
            kind, name = tr(self.service.model.label), self.service.display_name(record_id)
            window.statusBar().showMessage(tr("{kind} „{name}“ gespeichert", kind=kind, name=name), 8000)

    def discard(self) -> None:
        if self.form.is_dirty() and not dialogs.confirm(
            self, tr("Verwerfen"), tr("Die ungespeicherten Änderungen verwerfen?"), yes=tr("Verwerfen")
        ):
            return
        self.drop_edits()

    def drop_edits(self) -> None:
        """Show the stored record again (or the first one), without the unsaved input."""
        if self._current_id is not None:
            self._show_record(self._current_id)
        elif self.model.visible_count:
            self._show_record(self.model.id_at(0))
        else:
            self._show_nothing()

    def delete_record(self) -> None:
        if self._is_new:
            self.discard()
            return
        record_id = self._current_id
        if record_id is None:
            return
        name = self.service.display_name(record_id)
        parts = [tr("„{name}“ löschen?", name=name)]
        impact = self.service.delete_impact(record_id)
        if impact:
            parts.append(impact)
        parts.append(
            tr(
                "Der Eintrag verschwindet aus der Liste; im Verlauf bleibt er erhalten. "
                "„Rückgängig“ (Strg+Z) oder „Gelöschte Einträge“ holt ihn zurück."
            )
        )
        if not dialogs.confirm(self, tr("Löschen"), "\n\n".join(parts), yes=tr("Löschen")):
            return
        row = self.model.row_of(record_id) or 0
        label = tr("{kind} „{name}“ löschen", kind=tr(self.service.model.label), name=name)
        try:
            with undoable(self, self.service.db, label, record_id):
                self.service.delete(record_id, self.form.loaded)
        except DomainError as error:
            dialogs.show_error(self, tr("Löschen nicht möglich"), str(error))
            return
        self._current_id = None
        self._refresh_rows([record_id])
        if self.model.visible_count:
            self._show_record(self.model.id_at(min(row, self.model.visible_count - 1)))
        else:
            self._show_nothing()
        emit(self.changed)

    def show_history(self) -> HistoryDialog | None:
        if self._current_id is None:
            return None
        dialog = HistoryDialog(self.service, self._current_id, self)
        dialog.restored.connect(self._restored_from_history)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal but not blocking: the list stays readable behind it
        return dialog

    def report_undoable(self, action: UndoableAction) -> None:
        """An action of a panel of this tab (ui.undo.report): undone, it shows the current record."""
        record_id = self._current_id or action.record_id
        emit(self.undoable, UndoableAction(action.label, action.change_set, record_id))

    def _restored_from_history(self, action: UndoableAction) -> None:
        """An old value or a deleted record is back (Verlauf, Gelöschte Einträge): show it."""
        emit(self.undoable, action)
        self.show_changed(action.record_id)

    def show_trash(self) -> TrashDialog:
        """Gelöschte Einträge of this tab, with „Wiederherstellen“."""
        dialog = TrashDialog(self.service.db, self.service.model, tr(self.title), self)
        dialog.restored.connect(self._restored_from_history)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
