"""The change log: history view, sync journal and keeper of conflicts' losing values."""

from datetime import datetime

from sqlalchemy import FetchedValue, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Base, UTCDateTime


class ChangeLogEntry(Base):
    """One changed field of one row, or one inserted row (field ``"*"``, see changelog.ROW).

    Not a synced ``Record`` itself: its identity across devices is
    (device_id, hlc, table, row, field); ``seq`` orders a device's own entries
    for the journal ("everything since my last sync").
    """

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=True, doc="laufende Nummer der Einträge dieser Datei"
    )
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(String(36))
    #: insert, update, delete or restore
    operation: Mapped[str] = mapped_column(
        String(10), doc="Vorgang: insert (angelegt), update (geändert), delete (gelöscht), restore"
    )
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text, doc="alter Wert (JSON)")
    new_value: Mapped[str | None] = mapped_column(Text, doc="neuer Wert (JSON)")
    device_id: Mapped[str] = mapped_column(String(36))
    hlc: Mapped[str] = mapped_column(String(40))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), doc="geändert am")
    #: On a server the PostgreSQL role of the person (the database fills it: ``current_user``,
    #: migration 0011); empty in a file, where the device says who.
    author: Mapped[str | None] = mapped_column(
        String(63), server_default=FetchedValue(), doc="geändert von (Anmeldename auf dem Server)"
    )

    __table_args__ = (
        # a record's entries by row id (Verlauf, Auskunft): ids are unique across tables
        Index("ix_change_log_row_id", "row_id"),
        Index("ix_change_log_hlc", "hlc"),
        # "this device's entries not sent yet": a sync with nothing new stays instant on a large file
        Index("ix_change_log_device_seq", "device_id", "seq"),
    )
