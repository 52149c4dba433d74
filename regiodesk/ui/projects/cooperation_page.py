"""Kooperation: the partner regions of a cooperation project, beside its form.

Kind, agreement date and the total cost of all partners are fields of the project's form (group
„Kooperation“); this page lists the partners with their shares and says whether they add up."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.errors import NotFoundError
from regiodesk.i18n import format_cents, tr
from regiodesk.services.cooperation import CooperationPartnerService, cooperation_summary
from regiodesk.ui.record_list_dialog import RecordListPanel
from regiodesk.ui.signals import emit
from regiodesk.ui.widgets import Banner


class CooperationPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.service = CooperationPartnerService(db)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.banner = Banner()
        self.partners = RecordListPanel(
            self.service,
            tr("Kooperationspartner"),
            defaults=lambda: {"project_id": self.service.project_id},
        )
        self.partners.changed.connect(self._stored)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.banner)
        layout.addWidget(self.partners, 1)

    def show_for(self, project_id: str | None) -> None:
        self.service.project_id = project_id
        try:
            summary = cooperation_summary(self.db, project_id) if project_id else None
        except NotFoundError:
            summary = None
        self.partners.show_scope(summary is not None)
        if summary is None:
            self.hint.setText(
                tr(
                    "Kein Kooperationsprojekt. Partnerregionen lassen sich eintragen, sobald im Formular "
                    "„Kooperationsprojekt“ angekreuzt und gespeichert ist."
                )
            )
            self.banner.clear_banner()
            return
        total = format_cents(summary.total_cost_cents) or tr("noch nicht angegeben")
        self.hint.setText(
            tr(
                "Partnerregionen mit Kostenanteil und Zuschuss. Eigener Anteil: die Kosten dieses "
                "Projekts; Gesamtkosten aller Partner: {total} (Formular, Gruppe „Kooperation“). "
                "Ohne markierten Partner ist die eigene LAG federführend.",
                total=total,
            )
        )
        if summary.problems:
            self.banner.show_lines(list(summary.problems), "warning")
        else:
            self.banner.show_lines([tr("Die Anteile gehen auf; ") + summary.text + "."], "ok")

    def _stored(self) -> None:
        self.show_for(self.service.project_id)
        emit(self.changed)


__all__ = ["CooperationPage"]
