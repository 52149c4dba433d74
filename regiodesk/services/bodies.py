"""Bodies (Gremien): their records, rules of procedure and memberships."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.models import Body, ContactEmail, Membership
from regiodesk.domain.enums import BodyType
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import plural
from regiodesk.services.memberships import active_memberships, member_details, office_order
from regiodesk.services.records import ListRow, RecordService

RULES = "Geschäftsordnung"


class BodyService(RecordService[Body]):
    model = Body
    fields = fields_of("body")
    columns = (
        Column("name", "Name", width=260),
        Column("body_type", "Art", Kind.CHOICE),
        Column("voting", "stimmberechtigt", Kind.INT),
        Column("members", "Mitglieder", Kind.INT),
    )

    def defaults(self) -> dict[str, Any]:
        """A new body starts with the region's rules of procedure (Einstellungen der Region)."""
        from regiodesk.services.region import body_defaults

        return {**super().defaults(), **body_defaults(self.db)}

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        # the tables' columns, not the ORM's attributes: listing never configures the mappers
        m, bodies = Membership.__table__.c, Body.__table__
        live = (m.deleted_at.is_(None)) & (m.ends_on.is_(None) | (m.ends_on >= func.date("now")))
        members = select(func.count()).where(m.body_id == bodies.c.id, live).correlate(bodies)
        voting = select(func.count()).where(m.body_id == bodies.c.id, live, m.voting_right.is_(True))
        stmt = select(
            bodies.c.id,
            bodies.c.name,
            bodies.c.body_type,
            voting.correlate(bodies).scalar_subquery(),
            members.scalar_subquery(),
        ).where(bodies.c.deleted_at.is_(None))
        for row in session.execute(self._only(stmt, ids)):
            yield ListRow(row[0], (row[1], BodyType.label_of(row[2]), row[3], row[4]))

    def _dependents(self, session: Session, obj: Record) -> Sequence[Record]:
        return list(
            session.scalars(
                select(Membership).where(Membership.body_id == obj.id, Membership.deleted_at.is_(None))
            )
        )

    def delete_impact(self, record_id: str) -> str:
        # named here, not above: listing bodies then declares no meeting and project tables
        from regiodesk.db.models import Meeting

        with self.db.session() as session:
            meetings = session.scalar(
                select(func.count()).where(Meeting.body_id == record_id, Meeting.deleted_at.is_(None))
            )
            members = session.scalar(
                select(func.count()).where(Membership.body_id == record_id, Membership.deleted_at.is_(None))
            )
        parts = []
        if members:
            parts.append(
                plural(
                    members,
                    "{n} Mitgliedschaft wird mit gelöscht.",
                    "{n} Mitgliedschaften werden mit gelöscht.",
                )
            )
        if meetings:
            parts.append(
                plural(
                    meetings,
                    "{n} Sitzung dieses Gremiums bleibt erhalten.",
                    "{n} Sitzungen dieses Gremiums bleiben erhalten.",
                )
            )
        return " ".join(parts)

    def members(self, body_id: str, on: date | None = None) -> list[dict[str, Any]]:
        """The body's live memberships (only those active ``on`` a day, if given) for lists and
        documents: chair first, voting before advisory members, then by name in German order."""
        with self.db.session() as session:
            if on is not None:
                memberships = active_memberships(session, body_id, on)
            else:
                stmt = (
                    select(Membership)
                    .where(Membership.body_id == body_id, Membership.deleted_at.is_(None))
                    .options(*member_details())
                )
                memberships = list(session.scalars(stmt))
            memberships.sort(key=lambda m: office_order(m, m.contact))
            emails = _first_emails(session, [m.contact_id for m in memberships])
            result = [
                {
                    "id": m.id,
                    "name": m.contact.display_name(),
                    "institution": m.institution.display_name() if m.institution else "",
                    "role": m.role,
                    "voting_right": m.voting_right,
                    "interest_group": m.interest_group.name if m.interest_group else "",
                    "public_sector": m.public_sector,
                    "deputy": m.deputy.display_name() if m.deputy else "",
                    "starts_on": m.starts_on,
                    "ends_on": m.ends_on,
                    "email": emails.get(m.contact_id, ""),
                }
                for m in memberships
            ]
        return result


def _first_emails(session: Session, contact_ids: list[str]) -> dict[str, str]:
    """Each contact's first live e-mail address, in one query."""
    stmt = (
        select(ContactEmail.contact_id, ContactEmail.address)
        .where(ContactEmail.contact_id.in_(contact_ids), ContactEmail.deleted_at.is_(None))
        .order_by(ContactEmail.created_at.desc())
    )
    return {contact_id: address for contact_id, address in session.execute(stmt)}
