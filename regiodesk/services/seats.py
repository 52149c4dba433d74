"""Who sits in a body on a day: its memberships, voting seats and rules of procedure, read without
the ORM for a meeting's attendance, the votes, written procedures and the documents (changing
memberships: ``memberships``)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import Session

from regiodesk.db.models import Body, InterestGroup, Membership
from regiodesk.domain.voting import RulesOfProcedure, Seat
from regiodesk.services.contact_names import contact_names


def rules_of(body: Body | Row[Any]) -> RulesOfProcedure:
    """The body's rules of procedure for the voting rules (basis points -> exact fractions)."""
    return RulesOfProcedure(
        quorum_share=Fraction(body.quorum_share_bp, 10000),
        double_quorum=body.double_quorum,
        min_non_public_share=Fraction(body.min_non_public_share_bp, 10000),
        max_group_share=Fraction(body.max_group_share_bp, 10000),
        notice_days=body.notice_days,
    )


def members_on(session: Session, body_id: str, on: date) -> list[Row[Any]]:
    """The memberships that run on a day as rows, read without the ORM (a meeting's attendance,
    its voting seats and its documents): ``id``, ``contact_id``, ``role``, ``voting_right``,
    ``public_sector`` (the membership's own flag), ``deputy_id``, ``interest_group`` (its name, ''
    without one) and ``group_public`` (the group's flag, None without one)."""
    members, groups = Membership.__table__, InterestGroup.__table__
    m, g = members.c, groups.c
    stmt = (
        select(
            m.id,
            m.contact_id,
            m.role,
            m.voting_right,
            m.public_sector,
            m.deputy_id,
            func.coalesce(g.name, "").label("interest_group"),
            g.public_sector.label("group_public"),
        )
        .select_from(members.outerjoin(groups, g.id == m.interest_group_id))
        .where(*running_on(body_id, on))
    )
    return list(session.execute(stmt))


def running_on(body_id: str, on: date) -> tuple[ColumnElement[bool], ...]:
    """The conditions of a body's memberships that run on a day (on the table's columns: for Core
    and ORM alike)."""
    m = Membership.__table__.c
    return (
        m.body_id == body_id,
        m.deleted_at.is_(None),
        m.starts_on.is_(None) | (m.starts_on <= on),
        m.ends_on.is_(None) | (m.ends_on >= on),
    )


def public_sector_of(member: Row[Any]) -> bool:
    """Whether the member (a row of :func:`members_on`) counts for the public sector (rule 2).

    Public is a property of the interest group: where the membership has a group, the group's flag
    decides and the membership's own flag is ignored (it is also overwritten on every save, see
    ``MembershipService._apply``), so a membership can never contradict its group. Only a
    membership without a group uses its own flag.
    """
    return bool(member.group_public if member.group_public is not None else member.public_sector)


def voting_seats(session: Session, body_id: str, on: date) -> list[Seat]:
    """The body's voting seats on a day, in a stable order (by name)."""
    members = [m for m in members_on(session, body_id, on) if m.voting_right]
    names = contact_names(session, (i for m in members for i in (m.contact_id, m.deputy_id)))
    seats = [
        Seat(
            member_id=m.contact_id,
            name=names.get(m.contact_id, "?"),
            interest_group=m.interest_group,
            public_sector=public_sector_of(m),
            deputy_id=m.deputy_id,
            deputy_name=names.get(m.deputy_id, "") if m.deputy_id else "",
            membership_id=m.id,
        )
        for m in members
    ]
    return sorted(seats, key=lambda s: (s.name.casefold(), s.member_id))
