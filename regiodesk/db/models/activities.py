"""The office's own work: consultations (Beratungsgespräche) and events (Veranstaltungen)
with their participants. The rules are ``domain/activities.py``."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiodesk.db.base import Record
from regiodesk.domain.enums import ActivityKind, EventKind


class Consultation(Record):
    """A consultation of a (potential) project sponsor by the office, with or without a project."""

    __tablename__ = "consultation"
    label = "Beratungsgespräch"

    held_on: Mapped[date] = mapped_column(Date, index=True, doc="Datum des Gesprächs")
    duration_minutes: Mapped[int | None] = mapped_column(Integer, doc="Dauer in Minuten")
    project_id: Mapped[str | None] = mapped_column(
        ForeignKey("project.id"), index=True, doc="das Projekt (leer: nur eine Projektidee)"
    )
    project_idea: Mapped[str] = mapped_column(
        String(300), default="", doc="die Projektidee, wenn (noch) kein Projekt angelegt ist"
    )
    topic: Mapped[str] = mapped_column(String(300), doc="Thema")
    outcome: Mapped[str] = mapped_column(Text, default="", doc="Ergebnis und Vereinbarungen")
    follow_up_on: Mapped[date | None] = mapped_column(Date, doc="Wiedervorlage am (erscheint als Frist)")
    follow_up_done: Mapped[bool] = mapped_column(Boolean, default=False, doc="Wiedervorlage erledigt")

    def display_name(self) -> str:
        when = self.held_on.strftime("%d.%m.%Y") if self.held_on else ""
        return f"Beratung {when}: {self.topic}".strip()


class ConsultationContact(Record):
    """Who took part in a consultation (besides the office)."""

    __tablename__ = "consultation_contact"
    label = "Gesprächspartner"

    consultation_id: Mapped[str] = mapped_column(ForeignKey("consultation.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True, doc="die Person")
    position: Mapped[int] = mapped_column(Integer, default=0, doc="Reihenfolge")

    consultation: Mapped[Consultation] = relationship()

    def display_name(self) -> str:
        """The consultation it belongs to (what the Auskunft lists for the person)."""
        return self.consultation.display_name() if self.consultation else self.id[:8]


class Event(Record):
    """A Veranstaltung the office organises, with participant numbers as funders ask for them."""

    __tablename__ = "event"
    label = "Veranstaltung"

    kind: Mapped[str] = mapped_column(
        String(30), default="workshop", doc="Art der Veranstaltung", info={"choices": EventKind}
    )
    title: Mapped[str] = mapped_column(String(300))
    #: Local wall-clock time of the event (the region's time zone), like a meeting.
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True, doc="Beginn (Ortszeit der Region)")
    ends_at: Mapped[datetime | None] = mapped_column(DateTime, doc="Ende (Ortszeit der Region)")
    location: Mapped[str] = mapped_column(String(300), default="", doc="Ort")
    organiser: Mapped[str] = mapped_column(String(300), default="", doc="Veranstalter")
    co_organisers: Mapped[str] = mapped_column(Text, default="", doc="Mitveranstalter und Partner")
    programme: Mapped[str] = mapped_column(Text, default="", doc="Programm")
    #: A head count at the event; None: the total is the recorded attendance.
    participants_total: Mapped[int | None] = mapped_column(
        Integer, doc="Teilnehmende insgesamt (gezählt; leer: aus der Teilnehmerliste)"
    )
    participants_female: Mapped[int | None] = mapped_column(Integer, doc="davon weiblich")
    participants_male: Mapped[int | None] = mapped_column(Integer, doc="davon männlich")
    participants_diverse: Mapped[int | None] = mapped_column(Integer, doc="davon divers")
    participants_under_27: Mapped[int | None] = mapped_column(Integer, doc="davon unter 27 Jahre")
    participants_over_64: Mapped[int | None] = mapped_column(Integer, doc="davon 65 Jahre und älter")
    notes: Mapped[str] = mapped_column(Text, default="", doc="Notizen")

    def display_name(self) -> str:
        when = self.starts_at.strftime("%d.%m.%Y") if self.starts_at else ""
        return f"{self.title} {when}".strip()


class EventParticipant(Record):
    """A registration for an event (a contact) or a walk-in (a name only); attendance afterwards."""

    __tablename__ = "event_participant"
    label = "Teilnahme"

    event_id: Mapped[str] = mapped_column(ForeignKey("event.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(
        ForeignKey("contact.id"), index=True, doc="der Kontakt (leer bei Gästen ohne Kontakt)"
    )
    name: Mapped[str] = mapped_column(String(200), default="", doc="Name (Gäste ohne Kontakt)")
    organisation: Mapped[str] = mapped_column(String(200), default="", doc="Institution / Organisation")
    registered_on: Mapped[date | None] = mapped_column(Date, doc="angemeldet am (leer: ohne Anmeldung)")
    attended: Mapped[bool] = mapped_column(Boolean, default=False, doc="teilgenommen")

    event: Mapped[Event] = relationship()

    def display_name(self) -> str:
        """The event (what the Auskunft lists for the person), or the guest's name."""
        return self.event.display_name() if self.event else (self.name or self.id[:8])


class Activity(Record):
    """Public relations or network work of the office: a press release, an article, a post, printed
    material; a meeting with other regions, the Land's LEADER network, a working group outside the
    LAG. One table with a kind: the columns that do not fit a kind stay empty."""

    __tablename__ = "activity"
    label = "Presse- oder Netzwerkarbeit"

    kind: Mapped[str] = mapped_column(
        String(30), default="pressemitteilung", doc="Art", info={"choices": ActivityKind}
    )
    held_on: Mapped[date] = mapped_column(Date, index=True, doc="Datum (erschienen / stattgefunden)")
    title: Mapped[str] = mapped_column(String(300), doc="Titel")
    medium: Mapped[str] = mapped_column(String(200), default="", doc="Medium, Kanal oder Veranstalter")
    link: Mapped[str] = mapped_column(String(500), default="", doc="Link (Internetadresse)")
    print_run: Mapped[int | None] = mapped_column(Integer, doc="Auflage (Druckerzeugnisse)")
    participants: Mapped[str] = mapped_column(Text, default="", doc="Partner und Teilnehmende")
    #: thousandths of an hour (fields Kind.QUANTITY): 2,5 Stunden -> 2500
    hours_milli: Mapped[int | None] = mapped_column(Integer, doc="Stunden der Geschäftsstelle (Tausendstel)")
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), index=True, doc="Projekt")
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"), index=True, doc="Kontakt")
    notes: Mapped[str] = mapped_column(Text, default="", doc="Notiz")

    def display_name(self) -> str:
        when = self.held_on.strftime("%d.%m.%Y") if self.held_on else ""
        return f"{self.title} {when}".strip()
