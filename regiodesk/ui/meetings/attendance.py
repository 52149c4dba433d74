"""Anwesenheit: every member of the body with status, representation, arrival and departure.

Each change is stored at once through ``MeetingConduct.set_attendance``; what the service
refuses is explained above the table and the row shows the stored state again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.enums import AttendanceStatus, MembershipRole
from regiodesk.domain.errors import DomainError
from regiodesk.domain.voting import format_percent
from regiodesk.i18n import tr
from regiodesk.services.agenda import AgendaService
from regiodesk.services.agenda_rows import AgendaRow
from regiodesk.services.conduct import AttendanceRow, MeetingConduct
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import Banner, stored_value

Index = QModelIndex | QPersistentModelIndex
Option = tuple[str | None, str]

NAME, GROUP, SECTOR, STATUS, DEPUTY, ARRIVED, LEFT = range(7)
HEADERS = (
    "Name",
    "Interessengruppe / Funktion",
    "Sektor",
    "Status",
    "vertreten durch",
    "kommt ab",
    "geht vor",
)
EDITABLE_COLUMNS = (STATUS, DEPUTY, ARRIVED, LEFT)
FILLED = (stored_value(AttendanceStatus.PRESENT), stored_value(AttendanceStatus.REPRESENTED))
NOT_RECORDED = "– nicht erfasst –"


class AttendanceModel(QAbstractTableModel):
    """Rows of ``MeetingConduct.attendance``; ``setData`` on the four choice columns stores at once."""

    #: German message of a change the service refused
    refused = Signal(str)
    #: a change was stored
    stored = Signal()

    def __init__(self, conduct: MeetingConduct, parent=None):
        super().__init__(parent)
        self.conduct = conduct
        self.meeting_id: str | None = None
        self._rows: list[AttendanceRow] = []
        self._items: list[AgendaRow] = []

    def set_rows(
        self, meeting_id: str | None, rows: Sequence[AttendanceRow], items: Sequence[AgendaRow]
    ) -> None:
        self.beginResetModel()
        self.meeting_id = meeting_id
        self._rows = list(rows)
        self._items = list(items)
        self.endResetModel()

    def row_at(self, row: int) -> AttendanceRow:
        return self._rows[row]

    def row_of(self, contact_id: str) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.contact_id == contact_id), None)

    @property
    def rows(self) -> list[AttendanceRow]:
        return list(self._rows)

    # ------------------------------------------------------------ choices
    def options(self, index: Index) -> list[Option]:
        """(stored value, German label) pairs a cell offers."""
        row = self._rows[index.row()]
        column = index.column()
        if column == STATUS:
            options: list[Option] = [] if row.status else [(None, tr(NOT_RECORDED))]
            return options + [(value, tr(label)) for value, label in _status_choices()]
        if column == DEPUTY:
            # Only the personal deputy may stand in (rule 1): the one name offered.
            options = [(None, "")]
            if row.deputy_id:
                options.append((row.deputy_id, _deputy_label(row)))
            if row.represented_by_id and row.represented_by_id != row.deputy_id:
                options.append((row.represented_by_id, tr("andere Vertretung (nicht zulässig)")))
            return options
        return [(None, "–")] + [(item.id, self._item_label(item)) for item in self._items]

    def _item_label(self, item: AgendaRow) -> str:
        return tr("TOP {number} – {title}", number=item.number, title=item.title)

    def _number(self, item_id: str | None) -> str:
        if item_id is None:
            return ""
        return next((tr("TOP {number}", number=i.number) for i in self._items if i.id == item_id), "?")

    def cell_enabled(self, index: Index) -> bool:
        row = self._rows[index.row()]
        if index.column() == DEPUTY:
            return row.voting_right and (
                row.status == stored_value(AttendanceStatus.REPRESENTED) or _comes_or_goes(row)
            )
        return True

    # ------------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def _value(self, row: AttendanceRow, column: int) -> str | None:
        return {
            STATUS: row.status,
            DEPUTY: row.represented_by_id,
            ARRIVED: row.arrived_at_item_id,
            LEFT: row.left_before_item_id,
        }.get(column)

    def _text(self, row: AttendanceRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == GROUP:
            if row.voting_right:
                return row.interest_group or tr("ohne Interessengruppe")
            if row.deputy_for:
                return tr("Stellvertretung für {name}", name=row.deputy_for)
            return tr("Gast") if row.role == "gast" else MembershipRole.label_of(row.role)
        if column == SECTOR:
            if not row.voting_right:
                return tr("ohne Stimmrecht")
            return tr("öffentlich") if row.public_sector else tr("WiSo")
        if column == STATUS:
            return AttendanceStatus.label_of(row.status) if row.status else tr(NOT_RECORDED)
        if column == DEPUTY:
            if not row.represented_by_id:
                return ""
            return _deputy_label(row) if row.represented_by_id == row.deputy_id else tr("andere Vertretung")
        if column == ARRIVED:
            return self._number(row.arrived_at_item_id)
        return self._number(row.left_before_item_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.EditRole:
            return self._value(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == DEPUTY and row.voting_right:
                return tr(
                    "persönliche Stellvertretung: {name}", name=row.deputy_name or tr("keine hinterlegt")
                )
            return self._text(row, index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return tr(HEADERS[section]) if 0 <= section < len(HEADERS) else None
            return str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            if section == ARRIVED:
                return tr("Erster Tagesordnungspunkt, bei dem das Mitglied da war (leer: von Beginn an)")
            if section == LEFT:
                return tr(
                    "Erster Tagesordnungspunkt, bei dem das Mitglied nicht mehr da war (leer: bis zum Ende)"
                )
            if section == DEPUTY:
                return tr(
                    "Nur die persönliche Stellvertretung kann vertreten. Bei „anwesend“ mit Kommen oder "
                    "Gehen sitzt sie auf dem Platz, solange das Mitglied nicht da ist."
                )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in EDITABLE_COLUMNS and self.meeting_id is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() not in EDITABLE_COLUMNS
            or self.meeting_id is None
        ):
            return False
        row = self._rows[index.row()]
        if value == self._value(row, index.column()):
            return False
        status, deputy = row.status, row.represented_by_id
        arrived, left = row.arrived_at_item_id, row.left_before_item_id
        column = index.column()
        if column == STATUS:
            if value is None:
                return False  # a recorded attendance is changed, never un-recorded
            status = value
            if status == stored_value(AttendanceStatus.REPRESENTED) and not deputy:
                deputy = row.deputy_id  # the personal deputy, as the rules of procedure foresee
        elif column == DEPUTY:
            deputy = value
            if not (status == stored_value(AttendanceStatus.PRESENT) and (arrived or left)):
                status = stored_value(AttendanceStatus.REPRESENTED)
        else:
            if column == ARRIVED:
                arrived = value
            else:
                left = value
            if status not in FILLED:
                status = stored_value(AttendanceStatus.PRESENT)  # coming or going means: was there
        ok = self._store(row, status, deputy, arrived, left)
        self._reload_row(index.row())
        if ok:
            emit(self.stored)
        return ok

    def _store(
        self, row: AttendanceRow, status: str, deputy: str | None, arrived: str | None, left: str | None
    ) -> bool:
        assert self.meeting_id is not None
        try:
            with undoable(self, self.conduct.db, tr("Anwesenheit „{name}“ erfassen", name=row.name)):
                self.conduct.set_attendance(self.meeting_id, row.contact_id, status, deputy, arrived, left)
        except DomainError as error:
            emit(self.refused, tr("{name}: {message}", name=row.name, message=error))
            return False
        return True

    def set_status(self, rows: Sequence[int], status: str) -> int:
        """Record ``status`` for these rows (the button for the members not yet recorded)."""
        done = 0
        with undoable(self, self.conduct.db, tr("Anwesenheit erfassen")):  # one step for all rows
            for n in rows:
                row = self._rows[n]
                if self._store(row, status, None, row.arrived_at_item_id, row.left_before_item_id):
                    done += 1
        self.reload()
        if done:
            emit(self.stored)
        return done

    def reload(self) -> None:
        if self.meeting_id is None:
            return
        self.beginResetModel()
        self._rows = self.conduct.attendance(self.meeting_id)
        self.endResetModel()

    def _reload_row(self, n: int) -> None:
        """Show the stored state of one row again (also after a refused change)."""
        assert self.meeting_id is not None
        contact_id = self._rows[n].contact_id
        fresh = next(
            (r for r in self.conduct.attendance(self.meeting_id) if r.contact_id == contact_id), None
        )
        if fresh is not None:
            self._rows[n] = fresh
        emit(self.dataChanged, self.index(n, 0), self.index(n, len(HEADERS) - 1))


def _status_choices() -> list[tuple[str, str]]:
    return [
        (stored_value(AttendanceStatus.PRESENT), "anwesend"),
        (stored_value(AttendanceStatus.EXCUSED), "entschuldigt"),
        (stored_value(AttendanceStatus.ABSENT), "abwesend"),
        (stored_value(AttendanceStatus.REPRESENTED), "vertreten"),
    ]


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box in each choice cell, always open; picking an entry stores it at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.activated.connect(lambda _n, editor=combo: emit(self.commitData, editor))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model = index.model()
        assert isinstance(model, AttendanceModel)
        editor.blockSignals(True)
        editor.clear()
        for value, label in model.options(index):
            editor.addItem(label, value)
        editor.setCurrentIndex(max(editor.findData(model.data(index, Qt.ItemDataRole.EditRole)), 0))
        editor.setEnabled(model.cell_enabled(index))
        view = editor.view()
        if view is not None:  # the full "TOP 3 – title" in the list, however narrow the column
            view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        editor.setGeometry(option.rect)


class AttendancePage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.conduct = MeetingConduct(db)
        self.agenda = AgendaService(db)
        self.meeting_id: str | None = None
        self.model = AttendanceModel(self.conduct, self)
        self.model.refused.connect(self._refused)
        self.model.stored.connect(self._stored)
        self.banner = Banner()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.delegate = ChoiceDelegate(self)
        view = self.view = make_table(self.model, (170, 150, 85, 130, 150, 110, 110), stretch=NAME)
        view.setItemDelegate(self.delegate)
        # After the view's own reset handling, which closes every editor.
        self.model.modelReset.connect(self._open_editors)
        # no edit triggers: the combos are always open, and need the height
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 14)
        self.all_present_button = QPushButton(tr("Alle noch nicht erfassten: anwesend"))
        self.all_present_button.clicked.connect(self.mark_rest_present)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.all_present_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(view, 1)
        layout.addLayout(buttons)

    def show_for(self, meeting_id: str | None) -> None:
        if meeting_id != self.meeting_id:
            self.banner.clear_banner()
        self.meeting_id = meeting_id
        rows = self.conduct.attendance(meeting_id) if meeting_id else []
        items = self.agenda.items(meeting_id) if meeting_id else []
        self.model.set_rows(meeting_id, rows, items)
        self._update_summary()

    def _open_editors(self) -> None:
        for row in range(self.model.rowCount()):
            for column in EDITABLE_COLUMNS:
                self.view.openPersistentEditor(self.model.index(row, column))

    def editor(self, contact_id: str, column: int) -> QComboBox:
        """The combo box of a member's cell (tests drive it like a user)."""
        row = self.model.row_of(contact_id)
        assert row is not None, contact_id
        widget = self.view.indexWidget(self.model.index(row, column))
        assert isinstance(widget, QComboBox)
        return widget

    def _refused(self, message: str) -> None:
        self.banner.show_lines([tr("Nicht gespeichert:"), message], "error")

    def _stored(self) -> None:
        self.banner.clear_banner()
        self._update_summary()
        emit(self.changed)

    def mark_rest_present(self) -> None:
        rows = [n for n, r in enumerate(self.model.rows) if r.status is None and r.voting_right]
        if rows:
            self.model.set_status(rows, stored_value(AttendanceStatus.PRESENT))

    def _update_summary(self) -> None:
        rows = [r for r in self.model.rows if r.voting_right]
        counts = Counter(r.status for r in rows)
        open_rows = counts.get(None, 0)
        self.all_present_button.setEnabled(bool(open_rows) and self.meeting_id is not None)
        if not rows or self.meeting_id is None:
            self.summary.setText(
                tr("Das Gremium hat am Sitzungstag keine stimmberechtigten Mitglieder.")
                if self.meeting_id
                else ""
            )
            return
        start = self.conduct.presence(self.meeting_id)  # the count the votes and the minutes use
        parts = [
            tr(
                "Zu Beginn stimmberechtigt: {filled} von {total} anwesend oder vertreten ({share})",
                filled=len(start.present),
                total=start.total,
                share=format_percent(start.quorum.share, 0),
            ),
            tr("{n} durch Stellvertretung", n=start.by_deputy),
            tr("{n} entschuldigt", n=counts.get(stored_value(AttendanceStatus.EXCUSED), 0)),
            tr("{n} abwesend", n=counts.get(stored_value(AttendanceStatus.ABSENT), 0)),
        ]
        later = sum(1 for r in rows if r.arrived_at_item_id or r.left_before_item_id)
        if later:
            parts.append(tr("{n} kommen später oder gehen früher", n=later))
        if open_rows:
            parts.append(tr("{n} noch nicht erfasst", n=open_rows))
        self.summary.setText(" · ".join(parts))


def _deputy_label(row: AttendanceRow) -> str:
    """The personal deputy's name, saying when they sit in for a member who comes late or leaves."""
    if _comes_or_goes(row) and row.left_before_item_id and not row.arrived_at_item_id:
        return tr("danach {name}", name=row.deputy_name)
    if _comes_or_goes(row) and row.arrived_at_item_id and not row.left_before_item_id:
        return tr("bis dahin {name}", name=row.deputy_name)
    if _comes_or_goes(row):
        return tr("in der Abwesenheit {name}", name=row.deputy_name)
    return row.deputy_name


def _comes_or_goes(row: AttendanceRow) -> bool:
    return row.status == stored_value(AttendanceStatus.PRESENT) and bool(
        row.arrived_at_item_id or row.left_before_item_id
    )
