"""Named settings of the office that belong in the database (e.g. remembered import mappings)."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Record


class Setting(Record):
    """A value (JSON) under a key; the newest live row of a key wins.

    A synced row like any other, so a mapping remembered on one laptop reaches the others.
    Keys are dotted names, e.g. ``import.mapping.contacts``.
    """

    __tablename__ = "setting"
    label = "Einstellung"

    key: Mapped[str] = mapped_column(String(200), index=True)
    value: Mapped[str] = mapped_column(Text, default="null")

    def display_name(self) -> str:
        return self.key
