"""Bewertung: the project's scoring sheet, points and justification per selection criterion."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.i18n import tr
from regiodesk.services.scoring import ScoringSheet
from regiodesk.services.selection import ScoringService
from regiodesk.ui.signals import emit
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import Banner

NOT_SCORED = -1  # the spin box's "–": no points entered yet
CRITERION, MAXIMUM, POINTS, JUSTIFICATION = range(4)


class ScoringPage(QWidget):
    """``changed`` after the sheet was stored (the list's ranking and the Excel list use it)."""

    changed = Signal()
    #: the user asked for the Bewertungsbogen PDF
    pdf_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.scoring = ScoringService(db)
        self.project_id: str | None = None
        self.sheet: ScoringSheet | None = None
        self._filling = False
        #: entries typed but not saved, per project: kept while the program runs
        self._drafts: dict[str, dict[str, tuple[int | None, str]]] = {}

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [tr("Kriterium"), tr("max."), tr("Punkte"), tr("Begründung (für den Bewertungsbogen)")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(JUSTIFICATION, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CRITERION, 230), (MAXIMUM, 50), (POINTS, 70)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.total = QLabel()
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)
        self.error = Banner()
        self.unsaved = QLabel(tr("Die Bewertung ist noch nicht gespeichert."))
        self.unsaved.setStyleSheet("color: #7a5b00;")
        self.save_button = QPushButton(tr("Bewertung speichern"))
        self.save_button.clicked.connect(self.save)
        self.pdf_button = QPushButton(tr("Bewertungsbogen (PDF) …"))
        self.pdf_button.clicked.connect(lambda: emit(self.pdf_requested))
        self.total.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unsaved, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # ------------------------------------------------------------ showing
    def show_for(self, project_id: str | None) -> None:
        self._keep_draft()
        self.project_id = project_id
        self.error.clear_banner()
        self.setEnabled(project_id is not None)
        self.sheet = self.scoring.sheet(project_id) if project_id else None
        self._fill(self._drafts.get(project_id or "", {}))

    def _fill(self, draft: dict[str, tuple[int | None, str]]) -> None:
        sheet = self.sheet
        self._filling = True
        try:
            self.table.setRowCount(0)
            if sheet is None:
                self.heading.clear()
                self.total.clear()
                return
            period = sheet.funding_period or tr("ohne Förderperiode")
            self.heading.setText(
                tr("Auswahlkriterien der Förderperiode {period}", period=period)
                if sheet.lines
                else tr(
                    "Für die Förderperiode {period} sind noch keine Auswahlkriterien angelegt "
                    "(Stammdaten → Auswahlkriterien …).",
                    period=period,
                )
            )
            self.table.setRowCount(len(sheet.lines))
            for row, line in enumerate(sheet.lines):
                points, justification = draft.get(line.criterion_id, (line.points, line.justification))
                title = line.title + (
                    " " + tr("(Pflicht, mind. {n})", n=line.required_points) if line.mandatory else ""
                )
                cell = QTableWidgetItem(title)
                cell.setToolTip(line.description or line.title)
                cell.setData(Qt.ItemDataRole.UserRole, line.criterion_id)
                self.table.setItem(row, CRITERION, cell)
                maximum = QTableWidgetItem(str(line.max_points))
                maximum.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, MAXIMUM, maximum)
                spin = QSpinBox()
                spin.setRange(NOT_SCORED, line.max_points)
                spin.setSpecialValueText("–")
                spin.setValue(NOT_SCORED if points is None else points)
                spin.valueChanged.connect(self._edited)
                self.table.setCellWidget(row, POINTS, spin)
                edit = QLineEdit(justification)
                edit.textChanged.connect(self._edited)
                self.table.setCellWidget(row, JUSTIFICATION, edit)
        finally:
            self._filling = False
        self._edited()

    # ------------------------------------------------------------ editing
    def entries(self) -> dict[str, tuple[int | None, str]]:
        """criterion id -> (points or None, justification) as shown."""
        result = {}
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, CRITERION)
            spin = self.table.cellWidget(row, POINTS)
            edit = self.table.cellWidget(row, JUSTIFICATION)
            assert cell is not None and isinstance(spin, QSpinBox) and isinstance(edit, QLineEdit)
            points = None if spin.value() == NOT_SCORED else spin.value()
            result[cell.data(Qt.ItemDataRole.UserRole)] = (points, edit.text())
        return result

    def set_entry(self, criterion_id: str, points: int | None, justification: str = "") -> None:
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, CRITERION)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == criterion_id:
                spin = self.table.cellWidget(row, POINTS)
                edit = self.table.cellWidget(row, JUSTIFICATION)
                assert isinstance(spin, QSpinBox) and isinstance(edit, QLineEdit)
                spin.setValue(NOT_SCORED if points is None else points)
                edit.setText(justification)
                return
        raise KeyError(criterion_id)

    def has_unsaved(self) -> bool:
        if self.sheet is None:
            return False
        stored = {line.criterion_id: (line.points, line.justification) for line in self.sheet.lines}
        return self.entries() != stored

    def _edited(self, *_args: object) -> None:
        if self._filling:
            return
        entries = self.entries()
        total = sum(points or 0 for points, _text in entries.values())
        maximum = sum(line.max_points for line in self.sheet.lines) if self.sheet else 0
        minimum = self.sheet.min_total if self.sheet else None
        text = tr("Summe: {total} von {maximum} Punkten", total=total, maximum=maximum)
        if minimum is not None:
            text += " · " + tr("Mindestpunktzahl {minimum}", minimum=minimum)
        if self.sheet is not None and not self.has_unsaved():
            text += " · " + tr(self.sheet.minimum_text)
        self.total.setText(text)
        unsaved = self.has_unsaved()
        self.unsaved.setVisible(unsaved)
        self.save_button.setEnabled(unsaved)

    def _keep_draft(self) -> None:
        if self.project_id is None:
            return
        if self.has_unsaved():
            self._drafts[self.project_id] = self.entries()
        else:
            self._drafts.pop(self.project_id, None)

    def save(self) -> bool:
        if self.project_id is None:
            return False
        try:
            with undoable(self, self.scoring.db, tr("Projekt bewerten")):
                self.sheet = self.scoring.save_sheet(self.project_id, self.entries())
        except ValidationError as error:
            self.error.show_lines(list(error.errors.values()), "error")
            return False
        except DomainError as error:
            self.error.show_lines([str(error)], "error")
            return False
        self.error.clear_banner()
        self._drafts.pop(self.project_id, None)
        self._fill({})
        emit(self.changed)
        return True


__all__ = ["ScoringPage"]
