"""Umlaufverfahren: a decision collected in writing within a deadline (DOMAIN.md rule 5)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.models import Body, Contact, Project, WrittenProcedure, WrittenProcedureAnswer
from regiodesk.domain import voting
from regiodesk.domain.enums import ProjectStatus, RequiredMajority, VoteChoice, VoteResult
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.domain.text import sort_key
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.project_pipeline import change_status_in
from regiodesk.services.records import ListRow, RecordService, end_not_before_start
from regiodesk.services.seats import rules_of, voting_seats


@dataclass(frozen=True)
class AnswerRow:
    contact_id: str
    name: str
    interest_group: str
    public_sector: bool
    answer: str
    received_on: date | None
    reason: str


class WrittenProcedureService(RecordService[WrittenProcedure]):
    model = WrittenProcedure
    fields = fields_of("written_procedure")
    columns = (
        Column("started_on", "begonnen", Kind.DATE),
        Column("deadline", "Frist", Kind.DATE),
        Column("subject", "Gegenstand", width=280),
        Column("body", "Gremium", width=180),
        Column("result", "Ergebnis"),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(WrittenProcedure, Body.name)
            .join(Body, Body.id == WrittenProcedure.body_id)
            .where(WrittenProcedure.deleted_at.is_(None))
        )
        for wp, body in session.execute(self._only(stmt, ids)):
            result = VoteResult.label_of(wp.result) if wp.result else "offen"
            yield ListRow(wp.id, (wp.started_on, wp.deadline, wp.subject, body, result))

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors = end_not_before_start(values, "started_on", "deadline", "Die Frist liegt vor dem Beginn.")
        if values.get("is_selection_decision") and not values.get("project_id"):
            errors["project_id"] = "Eine Projektauswahl braucht ein verknüpftes Projekt."
        return errors

    def _apply(self, session: Session, obj, values: dict[str, Any]) -> None:
        """Refuse a written procedure the body's rules do not allow, and a deadline that would
        leave answers already received outside it."""
        body = session.get(Body, values.get("body_id") or obj.body_id)
        if body is not None and not body.written_procedure_allowed:
            raise DomainError(
                tr(
                    "Die Geschäftsordnung von „{body_name}“ lässt kein Umlaufverfahren zu. "
                    "Bitte den Beschluss in einer Sitzung fassen oder die Geschäftsordnung "
                    "(Gremium → Geschäftsordnung) ändern.",
                    body_name=body.name,
                )
            )
        deadline = values.get("deadline")
        if obj.id is not None and deadline is not None and deadline != obj.deadline:
            # Answers count only when received within the deadline (rule 5); moving the deadline
            # before an answer already received is refused rather than silently voiding the answer.
            late = [
                a for a in _answers(session, obj.id) if a.received_on is not None and a.received_on > deadline
            ]
            if late:
                last = max(a.received_on for a in late if a.received_on is not None)
                raise ValidationError.single(
                    "deadline",
                    tr(
                        "{late_count} Antwort(en) gingen nach dem {deadline:%d.%m.%Y} ein "
                        "(zuletzt am {last:%d.%m.%Y}); die Frist kann nicht vor bereits "
                        "eingegangene Antworten gelegt werden.",
                        late_count=len(late),
                        deadline=deadline,
                        last=last,
                    ),
                )
        super()._apply(session, obj, values)

    def answers(self, procedure_id: str) -> list[AnswerRow]:
        """Every voting member on the start day, with the answer recorded so far."""
        with self.db.session() as session:
            wp = self._get(session, procedure_id)
            seats = voting_seats(session, wp.body_id, wp.started_on)
            recorded = {a.contact_id: a for a in _answers(session, procedure_id)}
            rows = []
            for seat in seats:
                a = recorded.get(seat.member_id)
                rows.append(
                    AnswerRow(
                        seat.member_id,
                        seat.name,
                        seat.interest_group,
                        seat.public_sector,
                        a.answer if a else VoteChoice.NO_ANSWER.value,
                        a.received_on if a else None,
                        a.reason if a else "",
                    )
                )
        return sorted(rows, key=lambda r: sort_key(r.name))

    def record_answer(
        self, procedure_id: str, contact_id: str, answer: str, received_on: date | None, reason: str = ""
    ) -> None:
        choice = VoteChoice(answer)
        with self.db.transaction() as session:
            wp = self._get(session, procedure_id)
            if wp.result is not None:
                raise DomainError(
                    tr("Das Umlaufverfahren ist abgeschlossen; Antworten können nicht mehr geändert werden.")
                )
            _check_allowed(session, wp)
            if contact_id not in {s.member_id for s in voting_seats(session, wp.body_id, wp.started_on)}:
                raise DomainError(tr("Diese Person ist kein stimmberechtigtes Mitglied des Gremiums."))
            if choice is not VoteChoice.NO_ANSWER:
                if received_on is None:
                    raise ValidationError.single(
                        "received_on", tr("Bitte angeben, wann die Antwort eingegangen ist.")
                    )
                if received_on > wp.deadline:
                    raise ValidationError.single(
                        "received_on",
                        tr(
                            "Die Antwort ging nach der Frist ({wp_deadline:%d.%m.%Y}) ein und zählt nicht.",
                            wp_deadline=wp.deadline,
                        ),
                    )
                if received_on < wp.started_on:
                    raise ValidationError.single(
                        "received_on", tr("Die Antwort liegt vor dem Beginn des Verfahrens.")
                    )
            if choice is VoteChoice.CONFLICT and not reason.strip():
                raise ValidationError.single("reason", tr("Bitte den Grund des Interessenkonflikts angeben."))
            row = next((a for a in _answers(session, procedure_id) if a.contact_id == contact_id), None)
            if row is None:
                row = WrittenProcedureAnswer(procedure_id=procedure_id, contact_id=contact_id)
                session.add(row)
            for key, value in (
                ("answer", choice.value),
                ("received_on", received_on),
                ("reason", reason.strip()),
            ):
                if getattr(row, key) != value:
                    setattr(row, key, value)

    def evaluate(self, procedure_id: str) -> voting.VoteCheck:
        with self.db.session() as session:
            return self._evaluate(session, self._get(session, procedure_id))

    def close(self, procedure_id: str, today: date | None = None) -> voting.VoteCheck:
        """Evaluate the answers and store the result; only after the deadline has passed."""
        today = today or date.today()
        with self.db.transaction() as session:
            wp = self._get(session, procedure_id)
            if wp.result is not None:
                raise DomainError(tr("Das Umlaufverfahren ist bereits abgeschlossen."))
            _check_allowed(session, wp)
            if today <= wp.deadline and self._open_answers(session, wp):
                raise DomainError(
                    tr(
                        "Die Frist läuft bis {wp_deadline:%d.%m.%Y} und es fehlen noch "
                        "Antworten; das Verfahren kann erst danach abgeschlossen werden.",
                        wp_deadline=wp.deadline,
                    )
                )
            check = self._evaluate(session, wp)
            wp.result = check.result.value
            wp.problems = "\n".join(check.problems)
            if wp.is_selection_decision and wp.project_id:
                _apply_selection(session, wp, check.result, min(today, wp.deadline))
            return check

    def _open_answers(self, session: Session, wp: WrittenProcedure) -> bool:
        answered = {a.contact_id for a in _answers(session, wp.id) if a.answer != VoteChoice.NO_ANSWER.value}
        return any(s.member_id not in answered for s in voting_seats(session, wp.body_id, wp.started_on))

    def _evaluate(self, session: Session, wp: WrittenProcedure) -> voting.VoteCheck:
        body = session.get(Body, wp.body_id)
        assert body is not None
        seats = voting_seats(session, wp.body_id, wp.started_on)
        # Only answers received within the deadline count (rule 5), whatever reached the file.
        answers = {
            a.contact_id: a.answer
            for a in _answers(session, wp.id)
            if a.received_on is not None and wp.started_on <= a.received_on <= wp.deadline
        }
        return voting.evaluate_written_procedure(
            rules_of(body), seats, answers, RequiredMajority(wp.required_majority), wp.is_selection_decision
        )

    def name_of(self, contact_id: str) -> str:
        with self.db.session() as session:
            contact = session.get(Contact, contact_id)
            if contact is None:
                raise NotFoundError(tr("Kontakt nicht gefunden."))
            return contact.display_name()


def _check_allowed(session: Session, wp: WrittenProcedure) -> None:
    body = session.get(Body, wp.body_id)
    if body is not None and not body.written_procedure_allowed:
        raise DomainError(
            tr(
                "Die Geschäftsordnung von „{body_name}“ lässt kein Umlaufverfahren zu; "
                "das Verfahren kann nicht fortgeführt werden.",
                body_name=body.name,
            )
        )


def _answers(session: Session, procedure_id: str) -> list[WrittenProcedureAnswer]:
    return list(
        session.scalars(
            select(WrittenProcedureAnswer).where(
                WrittenProcedureAnswer.procedure_id == procedure_id,
                WrittenProcedureAnswer.deleted_at.is_(None),
            )
        )
    )


def _apply_selection(session: Session, wp: WrittenProcedure, result: VoteResult, day: date) -> None:
    """A selection decided in writing moves the project as a vote in a meeting does."""
    target = {VoteResult.ADOPTED: ProjectStatus.SELECTED, VoteResult.REJECTED: ProjectStatus.REJECTED}.get(
        result
    )
    project = session.get(Project, wp.project_id)
    if target is None or project is None or project.deleted_at is not None:
        return  # not quorate: no decision was taken
    if target is ProjectStatus.SELECTED and project.status not in (
        ProjectStatus.IDEA.value,
        ProjectStatus.IN_CONSULTATION.value,
        ProjectStatus.DEFERRED.value,
    ):
        return  # already selected or further along: a further decision leaves its course alone
    note = f"Umlaufverfahren „{wp.subject}“"
    try:
        if project.status == ProjectStatus.IDEA.value:
            change_status_in(session, project, ProjectStatus.IN_CONSULTATION, day, note=note)
        change_status_in(session, project, target, day, note=note)
    except DomainError as error:
        raise DomainError(
            tr(
                "Das Ergebnis passt nicht zum Status des Projekts „{project_title}“: "
                "{error} Das Umlaufverfahren bleibt offen.",
                project_title=project.title,
                error=error,
            )
        ) from None
