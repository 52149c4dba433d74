"""Contacts: persons and institutions (their addresses, channels, functions and consents:
``contact_details``; tags, distribution lists and consent purposes: ``contact_lists``)."""

from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Record

if TYPE_CHECKING:
    from sqlalchemy import Row


class Contact(Record):
    """A person or an institution (one table, so that any contact can sponsor or attend)."""

    __tablename__ = "contact"
    label = "Kontakt"

    kind: Mapped[str] = mapped_column(String(20), default="person")
    salutation: Mapped[str] = mapped_column(String(30), default="")
    title: Mapped[str] = mapped_column(String(50), default="")
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    #: Name of an institution (kind == institution).
    organisation: Mapped[str] = mapped_column(String(200), default="")
    institution_type: Mapped[str | None] = mapped_column(String(30))
    public_sector: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: DSGVO Art. 18: hidden from lists and exports, kept for retention duties.
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)

    def display_name(self) -> str:
        return contact_name(self)


#: The columns a contact's name is made of (:func:`contact_name`, :func:`sort_name`).
NAME_COLUMNS = ("id", "kind", "title", "first_name", "last_name", "organisation")


def contact_name(contact: "Contact | Row[Any]") -> str:
    """How the program names a contact: "Dr. Anna Alt", an institution by its name. ``contact``
    may be a row of :data:`NAME_COLUMNS` read without the ORM (``services.contact_names``)."""
    if contact.kind == "institution":
        return contact.organisation or contact.id[:8]
    name = " ".join(p for p in (contact.title, contact.first_name, contact.last_name) if p)
    return name or contact.organisation or contact.id[:8]


def sort_name(contact: "Contact | Row[Any]") -> str:
    """The name lists of people are sorted by, the way offices sort them: "Nachname, Vorname" (an
    institution: its name)."""
    if contact.kind == "institution":
        return contact.organisation
    return f"{contact.last_name}, {contact.first_name}"
