"""Memberships of a body and the body's composition against its rules of procedure."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, joinedload
from sqlalchemy.orm.interfaces import LoaderOption

from regiodesk.db.models import Body, Contact, InterestGroup, Membership
from regiodesk.domain.enums import MembershipRole
from regiodesk.domain.text import sort_key
from regiodesk.domain.voting import Voter, double_quorum, format_percent
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.records import ListRow, RecordService, end_not_before_start
from regiodesk.services.seats import rules_of, running_on, voting_seats


@cache
def member_details() -> tuple[LoaderOption, ...]:
    """Options that load a membership's person, deputy and group with it (one query, not one per
    member). Built on first use, not at import: building them configures every mapper (54 ms), the
    work of a first query, which importing this module (bodies, conduct, six report modules import
    it) should not do."""
    return (
        joinedload(Membership.contact),
        joinedload(Membership.deputy),
        joinedload(Membership.interest_group),
        joinedload(Membership.institution),
    )


_ROLE_ORDER = {role.value: n for n, role in enumerate(MembershipRole)}


def office_order(membership: Membership, person: Contact) -> tuple:
    """Chair first, voting before advisory members, then by name in German order: the order of
    member lists on the screen and in documents (``person``: the membership's contact)."""
    return (
        _ROLE_ORDER.get(membership.role, 9),
        not membership.voting_right,
        sort_key(f"{person.last_name} {person.first_name}"),
    )


def active_memberships(session: Session, body_id: str, on: date) -> list[Membership]:
    """The body's memberships that run on a day, with person, deputy and group, to change or list."""
    stmt = select(Membership).options(*member_details()).where(*running_on(body_id, on))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class Composition:
    """Who holds the votes of a body on a day, and whether that breaks its rules."""

    voting: int
    by_group: tuple[tuple[str, int], ...]
    public: int
    warnings: tuple[str, ...]

    @property
    def public_share(self) -> Fraction:
        return Fraction(self.public, self.voting) if self.voting else Fraction(0)


class MembershipService(RecordService[Membership]):
    model = Membership
    fields = fields_of("membership")
    columns = (
        Column("name", "Name", width=200),
        Column("role", "Rolle"),
        Column("voting_right", "stimmberechtigt", Kind.BOOL),
        Column("interest_group", "Interessengruppe", width=160),
        Column("public_sector", "öffentlich", Kind.BOOL),
        Column("deputy", "Stellvertretung", width=180),
        Column("starts_on", "seit", Kind.DATE),
        Column("ends_on", "bis", Kind.DATE),
    )

    def __init__(self, db, body_id: str | None = None):
        super().__init__(db)
        self.body_id = body_id

    def rows_in_office_order(self) -> list[ListRow]:
        """The body's rows in :func:`office_order`, the order of its member list PDF."""
        with self.db.session() as session:
            found = list(self._found(session))
        found.sort(key=lambda item: office_order(item[0], item[1]))
        return [self._row(*item) for item in found]

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        for item in self._found(session, ids):
            yield self._row(*item)

    def _found(self, session: Session, ids: Collection[str] | None = None):
        """(membership, member, deputy, interest group name) of the live memberships."""
        member, deputy = aliased(Contact), aliased(Contact)
        stmt = (
            select(Membership, member, deputy, InterestGroup.name, InterestGroup.public_sector)
            .join(member, member.id == Membership.contact_id)
            .outerjoin(deputy, deputy.id == Membership.deputy_id)
            .outerjoin(InterestGroup, InterestGroup.id == Membership.interest_group_id)
            .where(Membership.deleted_at.is_(None))
        )
        if self.body_id is not None:
            stmt = stmt.where(Membership.body_id == self.body_id)
        return session.execute(self._only(stmt, ids))

    @staticmethod
    def _row(
        m: Membership, person: Contact, sub: Contact | None, group: str | None, group_public: bool | None
    ) -> ListRow:
        return ListRow(
            m.id,
            (
                person.display_name(),
                MembershipRole.label_of(m.role),
                m.voting_right,
                group or "",
                m.public_sector if group_public is None else group_public,
                sub.display_name() if sub else "",
                m.starts_on,
                m.ends_on,
            ),
        )

    def defaults(self) -> dict[str, Any]:
        values = super().defaults()
        values["body_id"] = self.body_id
        values["voting_right"] = True
        return values

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors = end_not_before_start(
            values, "starts_on", "ends_on", "„Mitglied bis“ liegt vor „Mitglied seit“."
        )
        if values.get("deputy_id") and values.get("deputy_id") == values.get("contact_id"):
            errors["deputy_id"] = "Ein Mitglied kann nicht seine eigene Stellvertretung sein."
        if values.get("role") in ("beratend", "geschaeftsstelle") and values.get("voting_right"):
            errors["voting_right"] = "Beratende Mitglieder und die Geschäftsstelle haben kein Stimmrecht."
        return errors

    def _apply(self, session: Session, obj, values: dict[str, Any]) -> None:
        overlapping = select(Membership.id).where(
            Membership.body_id == values["body_id"],
            Membership.contact_id == values["contact_id"],
            Membership.deleted_at.is_(None),
            Membership.id != (obj.id or ""),
        )
        for other in session.scalars(select(Membership).where(Membership.id.in_(overlapping))):
            if _overlap(other.starts_on, other.ends_on, values.get("starts_on"), values.get("ends_on")):
                from regiodesk.domain.errors import ValidationError

                raise ValidationError.single(
                    "contact_id", tr("Diese Person ist in diesem Zeitraum bereits Mitglied des Gremiums.")
                )
        if values.get("interest_group_id"):
            group = session.get(InterestGroup, values["interest_group_id"])
            if group is not None:
                # public is the group's property (rule 2): the membership follows its group
                values = {**values, "public_sector": group.public_sector}
        super()._apply(session, obj, values)

    def composition(self, body_id: str, on: date | None = None) -> Composition:
        """Voting members per interest group and the public share, with warnings where the
        composition itself breaks the body's rules (e.g. public sector above 49 %)."""
        on = on or date.today()
        with self.db.session() as session:
            body = session.get(Body, body_id)
            if body is None:
                return Composition(0, (), 0, ())
            seats = voting_seats(session, body_id, on)
            rules = rules_of(body)
        voters = [Voter.from_seat(s) for s in seats]
        result = double_quorum(voters, rules)
        groups = tuple(sorted(result.group_counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
        public = sum(1 for v in voters if v.public_sector)
        warnings: list[str] = []
        if voters and body.double_quorum:
            if not result.wiso_holds:
                warnings.append(
                    f"Nur {result.wiso} von {len(voters)} stimmberechtigten Mitgliedern sind WiSo-Partner "
                    f"({format_percent(result.wiso_share)}); die Geschäftsordnung verlangt mindestens "
                    f"{format_percent(rules.min_non_public_share, 0)}."
                )
            for group, count in sorted(result.bloc_counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
                share = Fraction(count, len(voters))
                if share > rules.max_group_share:
                    warnings.append(
                        f"Die Interessengruppe „{group}“ hat {count} von {len(voters)} Stimmen "
                        f"({format_percent(share)}); zulässig sind höchstens "
                        f"{format_percent(rules.max_group_share, 0)}."
                    )
        if not voters:
            warnings.append("Das Gremium hat keine stimmberechtigten Mitglieder.")
        return Composition(len(voters), groups, public, tuple(warnings))


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    lo = max(d for d in (a_start, b_start, date.min) if d is not None)
    hi = min(d for d in (a_end, b_end, date.max) if d is not None)
    return lo <= hi


class InterestGroupService(RecordService[InterestGroup]):
    model = InterestGroup
    fields = fields_of("interest_group", without="active")
    columns: ClassVar[tuple[Column, ...]] = (
        Column("name", "Interessengruppe", width=220),
        Column("public_sector", "öffentlich", Kind.BOOL),
    )

    def _apply(self, session: Session, obj, values: dict[str, Any]) -> None:
        super()._apply(session, obj, values)
        if obj.id is None:
            return
        # The memberships of the group follow its public flag (see seats.public_sector_of).
        for membership in session.scalars(
            select(Membership).where(Membership.interest_group_id == obj.id, Membership.deleted_at.is_(None))
        ):
            if membership.public_sector != obj.public_sector:
                membership.public_sector = obj.public_sector
