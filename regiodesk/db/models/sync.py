"""Local bookkeeping of the sync through a shared folder; never itself synced or logged.

These tables describe this database's relation to the folder: which journals of which device
it has applied, what it has sent, and the conflicts it found. They are plain ``Base`` tables,
not ``Record``: the change recorder does not log them and they never travel to other laptops.
"""

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Base, UTCDateTime


class SyncMeta(Base):
    """Key/value facts of this database: ``dataset_id`` (shared by every copy of the office's data)."""

    __tablename__ = "sync_meta"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncDevice(Base):
    """What this database knows of one device's journals (this device included)."""

    __tablename__ = "sync_device"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: Journals of this device applied here without a gap (own ones: known to be in this file).
    applied_seq: Mapped[int] = mapped_column(
        Integer, default=0, doc="Journale dieses Geräts, lückenlos hier eingelesen (Nummer des letzten)"
    )
    #: The newest clock stamp of this device's changes held here: "seen everything up to".
    max_hlc: Mapped[str] = mapped_column(
        String(40), default="", doc="neuester Uhrstempel dieses Geräts, der hier bekannt ist"
    )
    #: Own device only: highest journal number written, and the last change_log.seq sent.
    written_seq: Mapped[int] = mapped_column(
        Integer, default=0, doc="nur dieses Gerät: Nummer des zuletzt geschriebenen Journals"
    )
    log_seq: Mapped[int] = mapped_column(
        Integer, default=0, doc="nur dieses Gerät: letzte gesendete `change_log.seq`"
    )


class SyncConflict(Base):
    """Both sides changed the same field before they knew of each other; one value won by rule."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, doc="laufende Nummer")
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(50))
    #: field: both changed one field; restored: an edit brought back a record deleted here;
    #: delete_ignored: the other laptop deleted a record edited here afterwards.
    kind: Mapped[str] = mapped_column(
        String(20),
        default="field",
        doc="field: beide änderten ein Feld; restored: eine Änderung holte einen hier gelöschten "
        "Eintrag zurück; delete_ignored: die Löschung dort kam gegen eine spätere Änderung nicht an",
    )
    local_value: Mapped[str | None] = mapped_column(Text, doc="Wert dieses Laptops (JSON)")
    other_value: Mapped[str | None] = mapped_column(Text, doc="Wert des anderen Laptops (JSON)")
    local_hlc: Mapped[str] = mapped_column(String(40), doc="Uhrstempel der Änderung hier")
    other_hlc: Mapped[str] = mapped_column(String(40), doc="Uhrstempel der Änderung dort")
    other_device: Mapped[str] = mapped_column(String(36), doc="Geräte-ID des anderen Laptops")
    #: "local" (the value this laptop had) or "other"
    winner: Mapped[str] = mapped_column(
        String(10), doc="welcher Wert gilt: local (dieser Laptop) oder other (der andere)"
    )
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime(), doc="erkannt am")
    decided_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), default=None, doc="vom Nutzer entschieden am (leer: offen)"
    )

    __table_args__ = (Index("ix_sync_conflict_open", "decided_at"),)
