"""How contacts are gathered into lists: tags, saved filters (the Verteiler) and the purposes
consent is given for."""

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Record


class Tag(Record):
    __tablename__ = "tag"
    label = "Schlagwort"

    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ContactTag(Record):
    __tablename__ = "contact_tag"
    label = "Schlagwort-Zuordnung"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    tag_id: Mapped[str] = mapped_column(ForeignKey("tag.id"), index=True, doc="das Schlagwort")


class ConsentPurpose(Record):
    """A purpose consent can be given for (e.g. "Newsletter", "Veranstaltungen").

    ``Consent.purpose`` holds the purpose's name as text (records stay readable in any SQLite
    tool); renaming a purpose renames it on its consents in the same transaction.
    """

    __tablename__ = "consent_purpose"
    label = "Einwilligungszweck"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SavedFilter(Record):
    """A named contact filter, used as a distribution list."""

    __tablename__ = "saved_filter"
    label = "Verteiler"

    name: Mapped[str] = mapped_column(String(200))
    #: JSON of the filter criteria.
    criteria: Mapped[str] = mapped_column(
        Text, default="{}", doc="der Filter als JSON (Suche, Schlagwort, Gremium …)"
    )
