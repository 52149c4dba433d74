"""Declarative base and the columns every synced row carries.

Every synced row has a UUID primary key, UTC timestamps and a tombstone
(``deleted_at``) instead of hard deletion (shared/DESIGN.md, "Data custody").
"""

import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import DateTime, MetaData, String, Table, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    """A random UUID (version 4) as text: what ``str(uuid.uuid4())`` gives, in a third of the time.

    An import creates 100,000 ids; building a ``uuid.UUID`` object for each costs half a second.
    """
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


#: The variant bits of RFC 4122 (10xx) put into the first hex digit of the fourth group.
_VARIANT = {d: "89ab"[int(d, 16) & 3] for d in "0123456789abcdef"}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC in SQLite and hands back timezone-aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def _next_version(_current: datetime | None) -> datetime:
    """The new version of a row the ORM updates: the time of the change (see Record)."""
    return utcnow()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:  # every class here is mapped to a Table (SQLAlchemy types it as any FromClause)
        __table__: ClassVar[Table]


class Record(Base):
    """Abstract base of every synced table: UUID key, timestamps, tombstone."""

    __abstract__ = True
    #: German singular name of the record, used in messages and the Verlauf view.
    label: str = "Datensatz"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    @declared_attr.directive
    @classmethod
    def __mapper_args__(cls) -> dict[str, Any]:
        # Optimistic concurrency: every UPDATE the ORM flushes says "WHERE modified_at = <the value
        # read>", and sets a new one; if someone else (another person on the server, the CLI, sync)
        # wrote the row meanwhile, no row matches and SQLAlchemy raises StaleDataError, which
        # services.records turns into a German message. The existing timestamp is the version, so
        # no new column: sync's bulk updates set it too, and so still clash with an open form.
        return {"version_id_col": cls.__table__.c.modified_at, "version_id_generator": _next_version}

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def display_name(self) -> str:
        return str(getattr(self, "name", None) or getattr(self, "title", None) or self.id[:8])
