"""What a contact card holds besides the name: functions at institutions, addresses, e-mail
addresses, phone numbers and consents. Apart from ``contacts`` because most of the program names a
contact only (a meeting's attendance, a project's sponsor) and never declares these five tables.

Each row knows its contact (``contact``): a row without a name of its own is named by it, e.g. in a
sync conflict („Adresse von Anna Becker“, ``sync.conflicts.record_name``)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiodesk.db.base import Record
from regiodesk.db.models.contacts import Contact


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

    contact: Mapped[Contact] = relationship()


class ContactEmail(Record):
    __tablename__ = "contact_email"
    label = "E-Mail-Adresse"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50), default="dienstlich")
    address: Mapped[str] = mapped_column(String(254), index=True)

    contact: Mapped[Contact] = relationship()


class ContactPhone(Record):
    __tablename__ = "contact_phone"
    label = "Telefonnummer"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50), default="dienstlich")
    number: Mapped[str] = mapped_column(String(50))

    contact: Mapped[Contact] = relationship()


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

    contact: Mapped[Contact] = relationship()

    def display_name(self) -> str:
        return self.purpose
