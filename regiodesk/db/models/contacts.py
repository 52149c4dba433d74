"""Contacts: persons and institutions, with their addresses, channels, functions and consent (tags,
distribution lists and consent purposes: ``contact_lists``)."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiodesk.db.base import Record


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

    addresses: Mapped[list["Address"]] = relationship(back_populates="contact")
    emails: Mapped[list["ContactEmail"]] = relationship(back_populates="contact")
    phones: Mapped[list["ContactPhone"]] = relationship(back_populates="contact")
    consents: Mapped[list["Consent"]] = relationship(back_populates="contact")

    def display_name(self) -> str:
        if self.kind == "institution":
            return self.organisation or self.id[:8]
        name = " ".join(p for p in (self.title, self.first_name, self.last_name) if p)
        return name or self.organisation or self.id[:8]


class Affiliation(Record):
    """A person's function at an institution (e.g. Bürgermeisterin der Gemeinde X)."""

    __tablename__ = "affiliation"
    label = "Funktion"

    person_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    institution_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    function: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Contact] = relationship(foreign_keys=[person_id])
    institution: Mapped[Contact] = relationship(foreign_keys=[institution_id])


class Address(Record):
    __tablename__ = "address"
    label = "Adresse"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50), default="dienstlich")
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(50), default="Deutschland")

    contact: Mapped[Contact] = relationship(back_populates="addresses")


class ContactEmail(Record):
    __tablename__ = "contact_email"
    label = "E-Mail-Adresse"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50), default="dienstlich")
    address: Mapped[str] = mapped_column(String(254), index=True)

    contact: Mapped[Contact] = relationship(back_populates="emails")


class ContactPhone(Record):
    __tablename__ = "contact_phone"
    label = "Telefonnummer"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50), default="dienstlich")
    number: Mapped[str] = mapped_column(String(50))

    contact: Mapped[Contact] = relationship(back_populates="phones")


class Consent(Record):
    """A dated consent record per purpose (DSGVO Art. 7): given, how, text, withdrawn."""

    __tablename__ = "consent"
    label = "Einwilligung"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(200))
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(30), default="formular")
    source: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)

    contact: Mapped[Contact] = relationship(back_populates="consents")

    def display_name(self) -> str:
        return self.purpose
