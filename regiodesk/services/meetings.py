"""Meetings (Sitzungen): the records; agenda, attendance and votes build on them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.models import AgendaItem, Body, Meeting
from regiodesk.domain.agenda import check_transition, notice_warning
from regiodesk.domain.enums import AgendaKind, MeetingState
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.records import ListRow, RecordService, end_not_before_start


class MeetingService(RecordService[Meeting]):
    model = Meeting
    fields = fields_of("meeting")
    columns = (
        Column("starts_at", "Beginn", Kind.DATETIME, width=130),
        Column("body", "Gremium", width=200),
        Column("title", "Titel", width=220),
        Column("location", "Ort", width=160),
        Column("state", "Status"),
        Column("items", "TOPs", Kind.INT),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        # the tables' columns, not the ORM's attributes: listing never configures the mappers
        meetings, bodies, agenda = Meeting.__table__, Body.__table__, AgendaItem.__table__.c
        items = (
            select(func.count())
            .where(agenda.meeting_id == meetings.c.id, agenda.deleted_at.is_(None))
            .correlate(meetings)
            .scalar_subquery()
        )
        m = meetings.c
        stmt = (
            select(m.id, m.starts_at, bodies.c.name, m.title, m.location, m.state, items)
            .select_from(meetings.join(bodies, bodies.c.id == m.body_id))
            .where(m.deleted_at.is_(None))
        )
        for row in session.execute(self._only(stmt, ids)):
            yield ListRow(row[0], (row[1], row[2], row[3], row[4], MeetingState.label_of(row[5]), row[6]))

    def defaults(self) -> dict[str, Any]:
        """A new meeting's minutes are taken by the region's default minute-taker (Einstellungen)."""
        from regiodesk.services.region import default_minute_taker_id

        return {**super().defaults(), "minute_taker_id": default_minute_taker_id(self.db)}

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        return end_not_before_start(
            values, "starts_at", "ends_at", "Das Ende der Sitzung liegt vor ihrem Beginn."
        )

    def update(self, record_id: str, values: dict[str, Any], seen: dict[str, Any] | None = None) -> None:
        if "state" in values:
            current = self.load(record_id)["state"]
            try:
                check_transition(current, values["state"])
            except DomainError as error:
                raise ValidationError.single("state", str(error)) from None
        super().update(record_id, values, seen)

    def warnings(self, meeting_id: str) -> list[str]:
        """What the office should know before the meeting (e.g. notice period not kept)."""
        with self.db.session() as session:
            meeting = self._get(session, meeting_id)
            body = session.get(Body, meeting.body_id)
            if body is None:
                raise NotFoundError(tr("Das Gremium der Sitzung gibt es nicht (mehr)."))
            warning = notice_warning(meeting.starts_at.date(), body.notice_days, meeting.invitation_sent_on)
        return [warning] if warning else []

    def _dependents(self, session: Session, obj: Record) -> Sequence[Record]:
        return list(
            session.scalars(
                select(AgendaItem).where(AgendaItem.meeting_id == obj.id, AgendaItem.deleted_at.is_(None))
            )
        )

    def agenda(self, meeting_id: str) -> list[dict[str, Any]]:
        with self.db.session() as session:
            stmt = (
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None))
                .order_by(AgendaItem.position)
            )
            return [
                {
                    "id": item.id,
                    "number": item.number,
                    "title": item.title,
                    "kind": AgendaKind.label_of(item.kind),
                    "project_id": item.project_id,
                }
                for item in session.scalars(stmt)
            ]
