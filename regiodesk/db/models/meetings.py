"""Meetings, agenda items, attendance, conflicts of interest and votes (written procedures:
``procedures``)."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiodesk.db.base import Record, UTCDateTime
from regiodesk.db.models.bodies import Body
from regiodesk.db.models.contacts import Contact
from regiodesk.domain.enums import AgendaKind, AttendanceStatus, RequiredMajority, VoteChoice, VoteResult


class Meeting(Record):
    __tablename__ = "meeting"
    label = "Sitzung"

    body_id: Mapped[str] = mapped_column(ForeignKey("body.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    #: Local wall-clock time of the meeting (a meeting happens in the region's time zone).
    starts_at: Mapped[datetime] = mapped_column(DateTime, doc="Beginn (Ortszeit der Region)")
    ends_at: Mapped[datetime | None] = mapped_column(DateTime, doc="Ende (Ortszeit der Region)")
    location: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(30), default="geplant")
    chair_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    minute_taker_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    invitation_sent_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    body: Mapped[Body] = relationship()

    def display_name(self) -> str:
        when = self.starts_at.strftime("%d.%m.%Y") if self.starts_at else ""
        return f"{self.title or (self.body.name if self.body else '')} {when}".strip()


class AgendaItem(Record):
    __tablename__ = "agenda_item"
    label = "Tagesordnungspunkt"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True, doc="die Sitzung")
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("agenda_item.id"), doc="übergeordneter Punkt (bei 2.1 der Punkt 2)"
    )
    #: Display number ("2.1"), derived from position and parent, stored for the minutes.
    number: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(
        String(20), default="information", doc="Art des Punkts", info={"choices": AgendaKind}
    )
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), index=True)
    is_selection_decision: Mapped[bool] = mapped_column(
        Boolean, default=False, doc="Projektauswahl: doppelte Beschlussfähigkeit je Beschluss geprüft"
    )
    required_majority: Mapped[str] = mapped_column(
        String(20), default="einfach", doc="erforderliche Mehrheit", info={"choices": RequiredMajority}
    )
    discussion: Mapped[str] = mapped_column(Text, default="", doc="Aussprache (für die Niederschrift)")
    decision_text: Mapped[str] = mapped_column(Text, default="", doc="Beschlusstext")


class Attendance(Record):
    __tablename__ = "attendance"
    label = "Anwesenheit"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True, doc="die Sitzung")
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True, doc="die Person")
    membership_id: Mapped[str | None] = mapped_column(
        ForeignKey("membership.id"), doc="der Sitz im Gremium, für den sie da ist"
    )
    status: Mapped[str] = mapped_column(
        String(20), default="anwesend", doc="Anwesenheit", info={"choices": AttendanceStatus}
    )
    represented_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("contact.id"), doc="vertreten durch (persönliche Stellvertretung)"
    )
    #: First agenda item the person was present for (None: from the start).
    arrived_at_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("agenda_item.id"), doc="anwesend ab diesem Punkt (leer: von Beginn an)"
    )
    #: First agenda item the person was no longer present for (None: until the end).
    left_before_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("agenda_item.id"), doc="nicht mehr anwesend ab diesem Punkt (leer: bis zum Ende)"
    )

    contact: Mapped[Contact] = relationship(foreign_keys=[contact_id])


class ConflictOfInterest(Record):
    __tablename__ = "conflict_of_interest"
    label = "Interessenkonflikt"

    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True, doc="die befangene Person")
    reason: Mapped[str] = mapped_column(Text, default="")


class Vote(Record):
    """A vote on an agenda item, stored with the numbers the rules were checked on."""

    __tablename__ = "vote"
    label = "Abstimmung"

    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    named: Mapped[bool] = mapped_column(
        Boolean, default=False, doc="namentliche Abstimmung (Stimmen je Sitz)"
    )
    yes: Mapped[int] = mapped_column(Integer, default=0, doc="Ja-Stimmen")
    no: Mapped[int] = mapped_column(Integer, default=0, doc="Nein-Stimmen")
    abstain: Mapped[int] = mapped_column(Integer, default=0, doc="Enthaltungen")
    required_majority: Mapped[str] = mapped_column(
        String(20), default="einfach", doc="erforderliche Mehrheit", info={"choices": RequiredMajority}
    )
    members_total: Mapped[int] = mapped_column(
        Integer, default=0, doc="stimmberechtigte Mitglieder des Gremiums insgesamt"
    )
    entitled: Mapped[int] = mapped_column(
        Integer, default=0, doc="anwesende Stimmberechtigte ohne Befangene (wer abstimmen durfte)"
    )
    non_public: Mapped[int] = mapped_column(
        Integer, default=0, doc="davon nicht öffentlicher Sektor (WiSo-Partner)"
    )
    largest_group: Mapped[str] = mapped_column(
        String(100), default="", doc="die stärkste Interessengruppe unter den Abstimmenden"
    )
    largest_group_count: Mapped[int] = mapped_column(Integer, default=0, doc="deren Stimmen")
    result: Mapped[str] = mapped_column(String(30), doc="Ergebnis", info={"choices": VoteResult})
    problems: Mapped[str] = mapped_column(
        Text, default="", doc="verletzte Regeln (z. B. Beschlussfähigkeit), als Text"
    )
    #: JSON list of who was entitled and present at the moment of the vote.
    entitled_snapshot: Mapped[str] = mapped_column(
        Text, default="{}", doc="JSON: wer im Moment der Abstimmung stimmberechtigt und anwesend war"
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), doc="erfasst am")


class NamedVote(Record):
    __tablename__ = "named_vote"
    label = "namentliche Stimme"

    vote_id: Mapped[str] = mapped_column(ForeignKey("vote.id"), index=True, doc="die Abstimmung")
    #: Who actually voted: the member, or the member's personal deputy standing in.
    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id"), doc="wer abgestimmt hat (Mitglied oder seine Stellvertretung)"
    )
    #: The seat the vote was cast for (None in votes recorded before schema 0006).
    membership_id: Mapped[str | None] = mapped_column(
        ForeignKey("membership.id"), doc="der Sitz, für den abgestimmt wurde"
    )
    choice: Mapped[str] = mapped_column(String(20), doc="Stimme", info={"choices": VoteChoice})
