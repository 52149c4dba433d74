"""Files attached to any record, kept inside the database (the file is the whole office)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from regiodesk.db.base import utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import Attachment, table
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.i18n import tr

#: Larger files make the database slow to copy and sync; offices attach sketches, not videos.
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    filename: str
    mime_type: str
    size: int
    description: str
    created_at: datetime


class AttachmentService:
    def __init__(self, db: Database):
        self.db = db

    def add(self, owner_table: str, owner_id: str, filename: str, data: bytes, description: str = "") -> str:
        owner_rows = table(owner_table)
        if owner_rows is None:
            raise DomainError(tr("Unbekannte Tabelle „{owner_table}“.", owner_table=owner_table))
        name = Path(filename).name.strip()
        if not name:
            raise DomainError(tr("Die Datei braucht einen Namen."))
        if len(data) > MAX_BYTES:
            raise DomainError(
                tr(
                    "„{name}“ ist {size_mb:.0f} MB groß; Anhänge dürfen höchstens {max_mb} MB groß sein.",
                    name=name,
                    size_mb=len(data) / 1024 / 1024,
                    max_mb=MAX_BYTES // 1024 // 1024,
                )
            )
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with self.db.transaction() as session:
            owner = session.execute(select(owner_rows.c.id).where(owner_rows.c.id == owner_id)).first()
            if owner is None:
                raise NotFoundError(
                    tr("Der Datensatz, an den die Datei angehängt werden soll, existiert nicht.")
                )
            attachment = Attachment(
                owner_table=owner_table,
                owner_id=owner_id,
                filename=name,
                mime_type=mime,
                size=len(data),
                data=data,
                description=description.strip(),
            )
            session.add(attachment)
            session.flush()
            return attachment.id

    def add_file(self, owner_table: str, owner_id: str, path: Path, description: str = "") -> str:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise DomainError(
                tr(
                    "„{path}“ lässt sich nicht lesen: {error_strerror}.",
                    path=path,
                    error_strerror=error.strerror,
                )
            ) from error
        return self.add(owner_table, owner_id, Path(path).name, data, description)

    def list_for(self, owner_table: str, owner_id: str) -> list[AttachmentInfo]:
        with self.db.session() as session:
            stmt = (
                select(Attachment)
                .where(
                    Attachment.owner_table == owner_table,
                    Attachment.owner_id == owner_id,
                    Attachment.deleted_at.is_(None),
                )
                .order_by(Attachment.created_at)
            )
            return [
                AttachmentInfo(a.id, a.filename, a.mime_type, a.size, a.description, a.created_at)
                for a in session.scalars(stmt)
            ]

    def content(self, attachment_id: str) -> tuple[str, bytes]:
        with self.db.session() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None or attachment.deleted_at is not None:
                raise NotFoundError(tr("Den Anhang gibt es nicht (mehr)."))
            return attachment.filename, attachment.data

    def remove(self, attachment_id: str) -> None:
        with self.db.transaction() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None or attachment.deleted_at is not None:
                raise NotFoundError(tr("Den Anhang gibt es nicht (mehr)."))
            attachment.deleted_at = utcnow()
