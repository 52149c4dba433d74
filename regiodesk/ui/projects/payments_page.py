"""Auszahlungen: the partial and final payments of a project against its grant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import format_cents, format_date, tr
from regiodesk.services.payments import PaymentForm, PaymentRow, PaymentService
from regiodesk.ui import dialogs
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import RecordDialog


class PaymentsModel(RowsModel[PaymentRow]):
    HEADERS = ("ausgezahlt am", "Betrag", "Schlusszahlung", "Notiz")
    NUMERIC_COLUMNS = frozenset({1})

    def row_id(self, row: PaymentRow) -> str:
        return row.id

    def text(self, row: PaymentRow, column: int) -> str:
        return (
            format_date(row.paid_on),
            format_cents(row.amount_cents),
            tr("ja") if row.final else "",
            row.note,
        )[column]


class PaymentsPage(QWidget):
    """``changed`` after a payment was stored or removed (the Excel list shows what was paid)."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.payments = PaymentService(db)
        self.project_id: str | None = None
        #: runs first: unsaved edits of the project form (the grant) are saved
        self.before_change: Callable[[], bool] = lambda: True
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = PaymentsModel(self)
        self.view = make_table(self.model, (110, 120, 110, 240), stretch=3)
        self.view.activated.connect(lambda _index: self.edit_payment())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.new_button = QPushButton(tr("Auszahlung erfassen …"))
        self.edit_button = QPushButton(tr("Bearbeiten …"))
        self.remove_button = QPushButton(tr("Entfernen …"))
        self.new_button.clicked.connect(self.new_payment)
        self.edit_button.clicked.connect(self.edit_payment)
        self.remove_button.clicked.connect(self.remove_payment)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def show_for(self, project_id: str | None) -> None:
        self.project_id = project_id
        self.setEnabled(project_id is not None)
        if project_id is None:
            self.model.set_rows([])
            self.summary.clear()
        else:
            self.model.set_rows(self.payments.payments(project_id))
            self.summary.setText(self.payments.summary(project_id).text)
        self._update_buttons()

    def local_commands(self) -> dict[str, Any]:
        """Strg+N and Entf while the user works in the payments: new payment, remove payment."""
        return {"new_record": self.new_payment, "delete_record": self.remove_payment}

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        selected = self.selected_id() is not None
        self.new_button.setEnabled(self.project_id is not None)
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def new_payment(self) -> RecordDialog | None:
        if self.project_id is None:
            return None
        return self._open(None, tr("Auszahlung erfassen"))

    def edit_payment(self) -> RecordDialog | None:
        payment_id = self.selected_id()
        if payment_id is None:
            return None
        return self._open(payment_id, tr("Auszahlung bearbeiten"))

    def _open(self, payment_id: str | None, title: str) -> RecordDialog | None:
        assert self.project_id is not None
        if not self.before_change():
            return None
        dialog = RecordDialog(PaymentForm(self.db, self.project_id), payment_id, title, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def select(self, payment_id: str) -> bool:
        """Choose a payment in the list (one opened from the project's Chronik)."""
        row = self.model.row_of(payment_id)
        if row is not None:
            self.view.selectRow(row)
        return row is not None

    def _saved(self, payment_id: str) -> None:
        self.show_for(self.project_id)
        self.select(payment_id)
        emit(self.changed)

    def remove_payment(self) -> bool:
        payment_id = self.selected_id()
        if payment_id is None:
            return False
        row = self.model.row_at(self.model.row_of(payment_id) or 0)
        text = tr(
            "Die Auszahlung vom {day} über {amount} entfernen?\n\nEntfernen ist für Buchungsfehler gedacht; "
            "im Verlauf bleibt sie erhalten.",
            day=format_date(row.paid_on),
            amount=format_cents(row.amount_cents),
        )
        if not dialogs.confirm(self, tr("Auszahlung entfernen"), text, yes=tr("Entfernen")):
            return False
        try:
            with undoable(
                self,
                self.payments.db,
                tr("Auszahlung über {amount} entfernen", amount=format_cents(row.amount_cents)),
            ):
                self.payments.delete(payment_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Entfernen nicht möglich"), str(error))
            return False
        self.show_for(self.project_id)
        emit(self.changed)
        return True


__all__ = ["PaymentsPage"]
