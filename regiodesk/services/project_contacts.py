"""Projektbeteiligte: the contacts involved in a project besides its sponsor (Ansprechpartnerin,
Planungsbüro, Gemeinde …), with their role."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import Contact, ProjectContact
from regiodesk.domain.enums import ContactKind
from regiodesk.domain.errors import ValidationError
from regiodesk.fields import Column, fields_of
from regiodesk.i18n import tr
from regiodesk.services.records import ListRow, RecordService


class ProjectContactService(RecordService[ProjectContact]):
    model = ProjectContact
    fields = fields_of("project_contact")
    columns = (
        Column("name", "Name", width=220),
        Column("role", "Rolle im Projekt", width=180),
        Column("kind", "Art", width=110),
    )

    def __init__(self, db: Database, project_id: str | None = None):
        super().__init__(db)
        self.project_id = project_id

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "project_id": self.project_id}

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(ProjectContact, Contact)
            .join(Contact, Contact.id == ProjectContact.contact_id)
            .where(ProjectContact.deleted_at.is_(None))
        )
        if self.project_id is not None:
            stmt = stmt.where(ProjectContact.project_id == self.project_id)
        for link, contact in session.execute(self._only(stmt, ids)):
            yield ListRow(link.id, (contact.display_name(), link.role, ContactKind.label_of(contact.kind)))

    def create(self, values: dict[str, Any]) -> str:
        project, contact = values.get("project_id"), values.get("contact_id")
        if project and contact:
            with self.db.session() as session:
                twice = session.scalar(
                    select(ProjectContact.id).where(
                        ProjectContact.project_id == project,
                        ProjectContact.contact_id == contact,
                        ProjectContact.deleted_at.is_(None),
                    )
                )
            if twice:
                raise ValidationError.single(
                    "contact_id", tr("Dieser Kontakt ist schon am Projekt beteiligt.")
                )
        return super().create(values)

    def display_name(self, record_id: str) -> str:
        with self.db.session() as session:
            link = self._get(session, record_id)
            contact = session.get(Contact, link.contact_id)
            return contact.display_name() if contact else link.id[:8]
