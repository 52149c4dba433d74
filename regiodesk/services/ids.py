"""Finding a record by its id or a unique beginning of it, as `regiodesk list` shows them."""

from __future__ import annotations

from sqlalchemy import select

from regiodesk.db.base import Record
from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError


def resolve(db: Database, model: type[Record], prefix: str) -> str:
    """The full id of the one live record whose id starts with ``prefix``."""
    prefix = prefix.strip().lower()
    if len(prefix) < 4:
        raise DomainError(f"Die Kennung „{prefix}“ ist zu kurz; bitte mindestens 4 Zeichen angeben.")
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with db.session() as session:
        ids = list(
            session.scalars(
                select(model.id)
                .where(model.id.like(f"{escaped}%", escape="\\"), model.deleted_at.is_(None))
                .limit(3)
            )
        )
    if not ids:
        raise DomainError(f"Kein Eintrag „{model.label}“ mit der Kennung „{prefix}“ gefunden.")
    if len(ids) > 1:
        raise DomainError(f"Die Kennung „{prefix}“ passt auf mehrere Einträge; bitte mehr Zeichen angeben.")
    return ids[0]
