"""Status und Fristen: move a project along the pipeline, its history, its open deadlines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain import parse
from regiodesk.domain.deadlines import DeadlineKind
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import format_date, tr
from regiodesk.services.deadlines import ProjectDeadline, project_deadlines
from regiodesk.services.project_pipeline import ProjectPipeline, StatusChangeRow
from regiodesk.ui import dialogs
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import Banner


class HistoryModel(RowsModel[StatusChangeRow]):
    HEADERS = ("am", "von", "nach", "Beschluss", "durch", "Notiz")

    def row_id(self, row: StatusChangeRow) -> str:
        return row.id

    def text(self, row: StatusChangeRow, column: int) -> str:
        return (
            format_date(row.changed_on),
            row.from_label or "–",
            row.to_label,
            row.decision,
            row.changed_by,
            row.note,
        )[column]


class StatusPage(QWidget):
    """``changed`` after a status change was stored (the list and the form show the status)."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.pipeline = ProjectPipeline(db)
        self.db = db
        self.project_id: str | None = None
        #: runs first: unsaved edits of the project form are saved (or the change is not made)
        self.before_change: Callable[[], bool] = lambda: True

        self.current = QLabel()
        font = self.current.font()
        font.setBold(True)
        self.current.setFont(font)
        self.deadlines = Banner()
        # Rule 9: the application period has passed; the office confirms the lapse (verfallen).
        self.lapse_button = QPushButton(tr("Verfall bestätigen …"))
        self.lapse_button.setToolTip(
            tr("Setzt den Status auf „verfallen“: die LAG-Zustimmung bindet kein Budget mehr.")
        )
        self.lapse_button.clicked.connect(self.confirm_lapse)
        self.lapse_button.setVisible(False)
        self.next_combo = QComboBox()
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText(tr("TT.MM.JJJJ"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(tr("z. B. Antrag per E-Mail an das AELF"))
        self.by_edit = QLineEdit()
        self.by_edit.setPlaceholderText(tr("Ihr Name oder Kürzel"))
        self.change_button = QPushButton(tr("Status ändern"))
        self.change_button.clicked.connect(self.change_status)
        self.error = Banner()
        change_box = QGroupBox(tr("Nächster Schritt"))
        form = QFormLayout(change_box)
        form.addRow(tr("neuer Status:"), self.next_combo)
        form.addRow(tr("am:"), self.date_edit)
        form.addRow(tr("Notiz:"), self.note_edit)
        form.addRow(tr("durch:"), self.by_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.change_button)
        form.addRow(row)
        form.addRow(self.error)

        self.history = HistoryModel(self)
        self.history_view = make_table(self.history, (80, 110, 110, 220, 90, 200), stretch=3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.deadlines)
        lapse_row = QHBoxLayout()
        lapse_row.addStretch(1)
        lapse_row.addWidget(self.lapse_button)
        layout.addLayout(lapse_row)
        layout.addWidget(change_box)
        layout.addWidget(QLabel(tr("Verlauf des Status (LAG-Beschlüsse mit Sitzung und TOP):")))
        layout.addWidget(self.history_view, 1)

    def show_for(self, project_id: str | None) -> None:
        self.project_id = project_id
        self.error.clear_banner()
        self.setEnabled(project_id is not None)
        if project_id is None:
            self.current.clear()
            self.next_combo.clear()
            self.history.set_rows([])
            self.deadlines.clear_banner()
            self.lapse_button.setVisible(False)
            return
        status = self.pipeline.status(project_id)
        self.current.setText(tr("Status: {status}", status=ProjectStatus.label_of(status)))
        self.next_combo.clear()
        for value, label in self.pipeline.allowed_next(project_id):
            self.next_combo.addItem(tr(label), value)
        self.change_button.setEnabled(self.next_combo.count() > 0)
        if not self.date_edit.text().strip():
            self.date_edit.setText(format_date(date.today()))
        self.history.set_rows(self.pipeline.history(project_id))
        self.history_view.scrollToBottom()
        self._show_deadlines(project_deadlines(self.db, project_id))

    def _show_deadlines(self, rows: list[ProjectDeadline]) -> None:
        self.lapse_button.setVisible(any(r.kind == APPLICATION and r.overdue for r in rows))
        if not rows:
            self.deadlines.clear_banner()
            return
        level = "error" if any(r.overdue for r in rows) else "warning"
        self.deadlines.show_lines([r.label for r in rows], level)

    def confirm_lapse(self) -> bool:
        """Set the project to „verfallen“ after the user confirms (dated the day after the period)."""
        if self.project_id is None or not self.before_change():
            return False
        text = tr(
            "Die Frist für den Antrag ist abgelaufen. Den Status auf „verfallen“ setzen? "
            "Die LAG-Zustimmung bindet dann kein Budget mehr; der Schritt steht im Verlauf."
        )
        if not dialogs.confirm(self, tr("Verfall bestätigen"), text, tr("Verfallen")):
            return False
        try:
            with undoable(self, self.pipeline.db, tr("Verfall bestätigen")):
                self.pipeline.confirm_lapse(self.project_id, by=self.by_edit.text().strip())
        except DomainError as error:
            self.error.show_lines([str(error)], "error")
            return False
        self.show_for(self.project_id)
        emit(self.changed)
        return True

    def change_status(self) -> bool:
        if self.project_id is None or self.next_combo.currentData() is None:
            return False
        if not self.before_change():
            self.error.show_lines([tr("Bitte erst die Angaben im Projektformular korrigieren.")], "error")
            return False
        try:
            on = parse.parse_date(self.date_edit.text())
        except ValueError as error:
            self.error.show_lines([str(error)], "error")
            self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        if on is None:
            self.error.show_lines([tr("Bitte das Datum des Schritts angeben.")], "error")
            return False
        label = tr("Status „{status}“ setzen", status=self.next_combo.currentText())
        try:
            with undoable(self, self.pipeline.db, label):
                self.pipeline.change_status(
                    self.project_id,
                    self.next_combo.currentData(),
                    on,
                    by=self.by_edit.text().strip(),
                    note=self.note_edit.text().strip(),
                )
        except DomainError as error:
            self.error.show_lines([str(error)], "error")
            return False
        self.note_edit.clear()
        self.show_for(self.project_id)
        emit(self.changed)
        return True


APPLICATION = DeadlineKind.APPLICATION.value

__all__ = ["StatusPage"]
