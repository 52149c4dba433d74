"""Umlaufverfahren: decisions of a body collected in writing, and the members' answers."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Record
from regiodesk.domain.enums import VoteChoice, VoteResult


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
    result: Mapped[str | None] = mapped_column(
        String(30), doc="Ergebnis (leer: noch offen)", info={"choices": VoteResult}
    )
    problems: Mapped[str] = mapped_column(Text, default="", doc="verletzte Regeln, als Text")

    def display_name(self) -> str:
        return self.subject


class WrittenProcedureAnswer(Record):
    __tablename__ = "written_procedure_answer"
    label = "Rückmeldung"

    procedure_id: Mapped[str] = mapped_column(
        ForeignKey("written_procedure.id"), index=True, doc="das Umlaufverfahren"
    )
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), doc="das antwortende Mitglied")
    answer: Mapped[str] = mapped_column(
        String(30), default="keine_rueckmeldung", doc="Antwort", info={"choices": VoteChoice}
    )
    received_on: Mapped[date | None] = mapped_column(Date, doc="eingegangen am")
    reason: Mapped[str] = mapped_column(Text, default="")
