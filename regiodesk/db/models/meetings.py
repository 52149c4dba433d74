"""Meetings, agenda items, attendance, conflicts of interest, votes and written procedures."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiodesk.db.base import Record, UTCDateTime
from regiodesk.db.models.bodies import Body
from regiodesk.db.models.contacts import Contact


class Meeting(Record):
    __tablename__ = "meeting"
    label = "Sitzung"

    body_id: Mapped[str] = mapped_column(ForeignKey("body.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    #: Local wall-clock time of the meeting (a meeting happens in the region's time zone).
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    location: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(30), default="geplant")
    chair_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    minute_taker_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    invitation_sent_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    body: Mapped[Body] = relationship()
    chair: Mapped[Contact | None] = relationship(foreign_keys=[chair_id])
    minute_taker: Mapped[Contact | None] = relationship(foreign_keys=[minute_taker_id])
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position"
    )

    def display_name(self) -> str:
        when = self.starts_at.strftime("%d.%m.%Y") if self.starts_at else ""
        return f"{self.title or (self.body.name if self.body else '')} {when}".strip()


class AgendaItem(Record):
    __tablename__ = "agenda_item"
    label = "Tagesordnungspunkt"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_item.id"))
    #: Display number ("2.1"), derived from position and parent, stored for the minutes.
    number: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="information")
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), index=True)
    is_selection_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    required_majority: Mapped[str] = mapped_column(String(20), default="einfach")
    discussion: Mapped[str] = mapped_column(Text, default="")
    decision_text: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")


class Attendance(Record):
    __tablename__ = "attendance"
    label = "Anwesenheit"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    membership_id: Mapped[str | None] = mapped_column(ForeignKey("membership.id"))
    status: Mapped[str] = mapped_column(String(20), default="anwesend")
    represented_by_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    #: First agenda item the person was present for (None: from the start).
    arrived_at_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_item.id"))
    #: First agenda item the person was no longer present for (None: until the end).
    left_before_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_item.id"))

    contact: Mapped[Contact] = relationship(foreign_keys=[contact_id])


class ConflictOfInterest(Record):
    __tablename__ = "conflict_of_interest"
    label = "Interessenkonflikt"

    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class Vote(Record):
    """A vote on an agenda item, stored with the numbers the rules were checked on."""

    __tablename__ = "vote"
    label = "Abstimmung"

    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    named: Mapped[bool] = mapped_column(Boolean, default=False)
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    abstain: Mapped[int] = mapped_column(Integer, default=0)
    required_majority: Mapped[str] = mapped_column(String(20), default="einfach")
    members_total: Mapped[int] = mapped_column(Integer, default=0)
    entitled: Mapped[int] = mapped_column(Integer, default=0)
    non_public: Mapped[int] = mapped_column(Integer, default=0)
    largest_group: Mapped[str] = mapped_column(String(100), default="")
    largest_group_count: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str] = mapped_column(String(30))
    problems: Mapped[str] = mapped_column(Text, default="")
    #: JSON list of who was entitled and present at the moment of the vote.
    entitled_snapshot: Mapped[str] = mapped_column(Text, default="{}")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NamedVote(Record):
    __tablename__ = "named_vote"
    label = "namentliche Stimme"

    vote_id: Mapped[str] = mapped_column(ForeignKey("vote.id"), index=True)
    #: Who actually voted: the member, or the member's personal deputy standing in.
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"))
    #: The seat the vote was cast for (None in votes recorded before schema 0006).
    membership_id: Mapped[str | None] = mapped_column(ForeignKey("membership.id"))
    choice: Mapped[str] = mapped_column(String(20))


class WrittenProcedure(Record):
    """Umlaufverfahren: a decision collected in writing within a deadline."""

    __tablename__ = "written_procedure"
    label = "Umlaufverfahren"

    body_id: Mapped[str] = mapped_column(ForeignKey("body.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"))
    is_selection_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    required_majority: Mapped[str] = mapped_column(String(20), default="einfach")
    started_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    decision_text: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str | None] = mapped_column(String(30))
    problems: Mapped[str] = mapped_column(Text, default="")

    def display_name(self) -> str:
        return self.subject


class WrittenProcedureAnswer(Record):
    __tablename__ = "written_procedure_answer"
    label = "Rückmeldung"

    procedure_id: Mapped[str] = mapped_column(ForeignKey("written_procedure.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"))
    answer: Mapped[str] = mapped_column(String(30), default="keine_rueckmeldung")
    received_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
