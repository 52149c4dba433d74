"""Beratungsgespräche in the window: a project's page „Beratungen“ with „Beratung erfassen …“, and
one window with every consultation, also those about an idea that has no project (yet)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.i18n import tr
from regiodesk.services.activities import ConsultationService, ProjectConsultationService
from regiodesk.ui.record_list_dialog import RecordListDialog, RecordListPanel
from regiodesk.ui.signals import emit
from regiodesk.ui.widgets import RecordDialog

RECORD = "Beratung erfassen …"


class ConsultationsPage(QWidget):
    """The consultations of one project; ``show_for(project_id)`` fills it."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = ProjectConsultationService(db)
        self.list = RecordListPanel(
            self.service,
            tr("Beratungen"),
            tr(
                "Beratungsgespräche zu diesem Projekt; eine Wiedervorlage erscheint bei den Fristen, "
                "bis sie als erledigt markiert ist."
            ),
            defaults=lambda: {"project_id": self.service.project_id},
        )
        self.list.new_button.setText(tr(RECORD))
        self.list.changed.connect(lambda: emit(self.changed))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)

    def show_for(self, project_id: str | None) -> None:
        self.service.project_id = project_id
        self.list.show_scope(project_id is not None)

    def record_consultation(self) -> RecordDialog | None:
        """„Beratung erfassen“: a new consultation about the project shown."""
        if self.service.project_id is None:
            return None
        return self.list.new_record()


def consultations_dialog(db: Database, parent: QWidget | None = None) -> RecordListDialog:
    """Every consultation of the office, newest first, with or without a project."""
    dialog = RecordListDialog(
        ConsultationService(db),
        tr("Beratungsgespräche"),
        tr(
            "Alle Beratungsgespräche der Geschäftsstelle. Auch eine Anfrage, aus der (noch) kein Projekt "
            "wird, ist ein Beratungsgespräch: dann die Projektidee eintragen."
        ),
        parent=parent,
    )
    dialog.panel.new_button.setText(tr(RECORD))
    return dialog


__all__ = ["ConsultationsPage", "consultations_dialog"]
