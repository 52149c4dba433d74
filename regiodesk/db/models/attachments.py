"""Attachments: files kept inside the database so that the file is the whole office."""

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from regiodesk.db.base import Record


class Attachment(Record):
    __tablename__ = "attachment"
    label = "Anhang"

    #: The record it belongs to: its table name and id (any table).
    owner_table: Mapped[str] = mapped_column(
        String(50), index=True, doc="Tabelle der Zeile, zu der der Anhang gehört (z. B. project)"
    )
    owner_id: Mapped[str] = mapped_column(String(36), index=True, doc="`id` dieser Zeile")
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    # Deferred: a list of attachments never loads the file contents.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    def display_name(self) -> str:
        return self.filename
