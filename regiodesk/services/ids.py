"""Finding a record by its id or a unique beginning of it, as `regiodesk list` shows them."""

from __future__ import annotations

from sqlalchemy import select

from regiodesk.db.base import Record
from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr


def resolve(db: Database, model: type[Record], prefix: str) -> str:
    """The full id of the one live record whose id starts with ``prefix``."""
    prefix = prefix.strip().lower()
    if len(prefix) < 4:
        raise DomainError(
            tr("Die Kennung „{prefix}“ ist zu kurz; bitte mindestens 4 Zeichen angeben.", prefix=prefix)
        )
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    columns = model.__table__.c  # read without the ORM: a command that only prints never builds it
    with db.session() as session:
        ids = list(
            session.scalars(
                select(columns.id)
                .where(columns.id.like(f"{escaped}%", escape="\\"), columns.deleted_at.is_(None))
                .limit(3)
            )
        )
    if not ids:
        raise DomainError(
            tr(
                "Kein Eintrag „{model_label}“ mit der Kennung „{prefix}“ gefunden.",
                model_label=model.label,
                prefix=prefix,
            )
        )
    if len(ids) > 1:
        raise DomainError(
            tr(
                "Die Kennung „{prefix}“ passt auf mehrere Einträge; bitte mehr Zeichen angeben.",
                prefix=prefix,
            )
        )
    return ids[0]
