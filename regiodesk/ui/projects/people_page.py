"""Beteiligte und Anhänge: who else works on the project, and its documents (application,
approval notice, proof of use), kept inside the database."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.db.models import Project
from regiodesk.i18n import tr
from regiodesk.services.project_contacts import ProjectContactService
from regiodesk.ui.attachments import AttachmentsBox
from regiodesk.ui.record_list_dialog import RecordListPanel
from regiodesk.ui.signals import emit


class PeoplePage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = ProjectContactService(db)
        self.people = RecordListPanel(
            self.service,
            tr("Projektbeteiligte"),
            defaults=lambda: {"project_id": self.service.project_id},
        )
        self.people.changed.connect(lambda: emit(self.changed))
        self.attachments = AttachmentsBox(db, Project.__tablename__)
        self.attachments.changed.connect(lambda: emit(self.changed))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(tr("Beteiligte außer dem Projektträger (Ansprechpartner, Planungsbüro, Gemeinde …):"))
        )
        layout.addWidget(self.people, 1)
        layout.addWidget(self.attachments)

    def show_for(self, project_id: str | None) -> None:
        self.service.project_id = project_id
        self.people.show_scope(project_id is not None)
        self.attachments.show_for(project_id)


__all__ = ["PeoplePage"]
