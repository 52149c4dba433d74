"""Holding a meeting: attendance, conflicts of interest and votes checked against the rules.

Every vote is checked before it is stored (meeting quorum; for selection decisions the double
quorum after exclusions). A vote that breaks a rule is stored only as "nicht beschlussfähig",
together with the numbers and who was entitled at that moment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.base import utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import (
    AgendaItem,
    Attendance,
    Body,
    ConflictOfInterest,
    Contact,
    Meeting,
    Membership,
    NamedVote,
    Vote,
)
from regiodesk.domain import voting
from regiodesk.domain.enums import AttendanceStatus, MembershipRole, RequiredMajority, VoteChoice
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.domain.text import sort_key
from regiodesk.services.agenda import ordered_items
from regiodesk.services.memberships import active_memberships, rules_of, voting_seats
from regiodesk.services.project_pipeline import apply_lag_decision_in


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance list: a member of the body (or a guest) on the meeting day."""

    contact_id: str
    name: str
    #: "Nachname, Vorname": lists are sorted the way offices sort them
    sort_name: str
    role: str
    voting_right: bool
    interest_group: str
    public_sector: bool
    deputy_id: str | None
    deputy_name: str
    status: str | None  # None: not recorded yet
    represented_by_id: str | None
    arrived_at_item_id: str | None
    left_before_item_id: str | None


@dataclass(frozen=True)
class ConflictRow:
    id: str
    contact_id: str
    name: str
    reason: str


class MeetingConduct:
    def __init__(self, db: Database):
        self.db = db

    # -------------------------------------------------------------- attendance
    def attendance(self, meeting_id: str) -> list[AttendanceRow]:
        """Every member of the body on the meeting day, voting members first, with what is recorded."""
        with self.db.session() as session:
            meeting = _meeting(session, meeting_id)
            recorded = {
                a.contact_id: a
                for a in session.scalars(
                    select(Attendance).where(
                        Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None)
                    )
                )
            }
            rows = []
            members = active_memberships(session, meeting.body_id, meeting.starts_at.date())
            for m in members:
                a = recorded.pop(m.contact_id, None)
                rows.append(
                    AttendanceRow(
                        m.contact_id,
                        m.contact.display_name(),
                        _sort_name(m.contact),
                        m.role,
                        m.voting_right,
                        m.interest_group.name if m.interest_group else "",
                        m.public_sector,
                        m.deputy_id,
                        m.deputy.display_name() if m.deputy else "",
                        a.status if a else None,
                        a.represented_by_id if a else None,
                        a.arrived_at_item_id if a else None,
                        a.left_before_item_id if a else None,
                    )
                )
            for a in recorded.values():  # guests and former members recorded earlier
                contact = session.get(Contact, a.contact_id)
                rows.append(
                    AttendanceRow(
                        a.contact_id,
                        contact.display_name() if contact else "?",
                        _sort_name(contact) if contact else "?",
                        "gast",
                        False,
                        "",
                        False,
                        None,
                        "",
                        a.status,
                        a.represented_by_id,
                        a.arrived_at_item_id,
                        a.left_before_item_id,
                    )
                )
        role_order = {r.value: n for n, r in enumerate(MembershipRole)}
        rows.sort(key=lambda r: (not r.voting_right, role_order.get(r.role, 9), sort_key(r.sort_name)))
        return rows

    def set_attendance(
        self,
        meeting_id: str,
        contact_id: str,
        status: str,
        represented_by_id: str | None = None,
        arrived_at_item_id: str | None = None,
        left_before_item_id: str | None = None,
    ) -> None:
        status = AttendanceStatus(status).value
        if status == AttendanceStatus.REPRESENTED.value and not represented_by_id:
            raise DomainError("Bitte angeben, wer das Mitglied vertritt.")
        if status != AttendanceStatus.REPRESENTED.value:
            represented_by_id = None
        with self.db.transaction() as session:
            meeting = _meeting(session, meeting_id)
            order = [i.id for i in ordered_items(session, meeting_id)]
            for item_id in (arrived_at_item_id, left_before_item_id):
                if item_id is not None and item_id not in order:
                    raise DomainError("Der gewählte Tagesordnungspunkt gehört nicht zu dieser Sitzung.")
            if (
                arrived_at_item_id
                and left_before_item_id
                and order.index(left_before_item_id) <= order.index(arrived_at_item_id)
            ):
                raise DomainError("Das Gehen liegt vor dem Kommen: Bitte die Tagesordnungspunkte prüfen.")
            membership = next(
                (
                    m
                    for m in active_memberships(session, meeting.body_id, meeting.starts_at.date())
                    if m.contact_id == contact_id
                ),
                None,
            )
            row = session.scalar(
                select(Attendance).where(
                    Attendance.meeting_id == meeting_id,
                    Attendance.contact_id == contact_id,
                    Attendance.deleted_at.is_(None),
                )
            )
            if row is None:
                row = Attendance(meeting_id=meeting_id, contact_id=contact_id)
                session.add(row)
            for key, value in (
                ("membership_id", membership.id if membership else None),
                ("status", status),
                ("represented_by_id", represented_by_id),
                ("arrived_at_item_id", arrived_at_item_id),
                ("left_before_item_id", left_before_item_id),
            ):
                if getattr(row, key) != value:
                    setattr(row, key, value)

    # --------------------------------------------------------------- conflicts
    def conflicts(self, item_id: str) -> list[ConflictRow]:
        with self.db.session() as session:
            stmt = (
                select(ConflictOfInterest, Contact)
                .join(Contact, Contact.id == ConflictOfInterest.contact_id)
                .where(ConflictOfInterest.agenda_item_id == item_id, ConflictOfInterest.deleted_at.is_(None))
            )
            return [
                ConflictRow(c.id, c.contact_id, p.display_name(), c.reason) for c, p in session.execute(stmt)
            ]

    def declare_conflict(self, item_id: str, contact_id: str, reason: str) -> str:
        if not reason.strip():
            raise DomainError("Bitte den Grund des Interessenkonflikts angeben; er steht im Protokoll.")
        with self.db.transaction() as session:
            _item(session, item_id)
            exists = session.scalar(
                select(ConflictOfInterest.id).where(
                    ConflictOfInterest.agenda_item_id == item_id,
                    ConflictOfInterest.contact_id == contact_id,
                    ConflictOfInterest.deleted_at.is_(None),
                )
            )
            if exists:
                raise DomainError(
                    "Für diese Person ist bei diesem Punkt schon ein Interessenkonflikt erfasst."
                )
            conflict = ConflictOfInterest(
                agenda_item_id=item_id, contact_id=contact_id, reason=reason.strip()
            )
            session.add(conflict)
            session.flush()
            return conflict.id

    def withdraw_conflict(self, conflict_id: str) -> None:
        with self.db.transaction() as session:
            conflict = session.get(ConflictOfInterest, conflict_id)
            if conflict is None or conflict.deleted_at is not None:
                raise NotFoundError("Den Interessenkonflikt gibt es nicht (mehr).")
            conflict.deleted_at = utcnow()

    # ------------------------------------------------------------------- votes
    def check_vote(
        self, item_id: str, yes: int, no: int, abstain: int, required: str | None = None
    ) -> voting.VoteCheck:
        """The numbers and the result a vote would have, without storing anything."""
        with self.db.session() as session:
            return self._evaluate(session, _item(session, item_id), yes, no, abstain, required)

    def record_vote(
        self,
        item_id: str,
        yes: int,
        no: int,
        abstain: int,
        required: str | None = None,
        named: dict[str, str] | None = None,
    ) -> str:
        """Check and store a vote; a selection decision updates the linked project's status."""
        with self.db.transaction() as session:
            item = _item(session, item_id)
            check = self._evaluate(session, item, yes, no, abstain, required)
            if named is not None:
                _check_named(check, named)
            for old in session.scalars(
                select(Vote).where(Vote.agenda_item_id == item_id, Vote.deleted_at.is_(None))
            ):
                old.deleted_at = utcnow()  # a corrected vote replaces the earlier one; the log keeps it
            vote = Vote(
                agenda_item_id=item_id,
                named=named is not None,
                yes=check.yes,
                no=check.no,
                abstain=check.abstain,
                required_majority=check.required.value,
                members_total=check.total_members,
                entitled=len(check.voters),
                non_public=check.double.wiso,
                largest_group=check.double.largest_group or "",
                largest_group_count=check.double.largest_group_count,
                result=check.result.value,
                problems="\n".join(check.problems),
                entitled_snapshot=json.dumps(vote_snapshot(check), ensure_ascii=False),
                recorded_at=utcnow(),
            )
            session.add(vote)
            session.flush()
            for contact_id, choice in (named or {}).items():
                session.add(
                    NamedVote(vote_id=vote.id, contact_id=contact_id, choice=VoteChoice(choice).value)
                )
            if item.is_selection_decision and item.project_id:
                # One path for every status change: checked, dated, recorded, decision linked.
                apply_lag_decision_in(session, item, check.result, by=_body_name(session, item))
            return vote.id

    def named_choices(self, vote_id: str) -> dict[str, str]:
        """The named votes of a stored vote: contact id -> "ja" / "nein" / "enthaltung"."""
        with self.db.session() as session:
            rows = session.execute(
                select(NamedVote.contact_id, NamedVote.choice).where(
                    NamedVote.vote_id == vote_id, NamedVote.deleted_at.is_(None)
                )
            )
            return {contact_id: choice for contact_id, choice in rows}

    def current_vote(self, item_id: str) -> Vote | None:
        with self.db.session() as session:
            return session.scalar(
                select(Vote).where(Vote.agenda_item_id == item_id, Vote.deleted_at.is_(None))
            )

    def _evaluate(
        self, session: Session, item: AgendaItem, yes: int, no: int, abstain: int, required: str | None
    ) -> voting.VoteCheck:
        meeting = _meeting(session, item.meeting_id)
        body = session.get(Body, meeting.body_id)
        assert body is not None
        seats = voting_seats(session, body.id, meeting.starts_at.date())
        order = [i.id for i in ordered_items(session, meeting.id)]
        attendance = _voting_attendance(session, meeting.id, order)
        conflicts = {
            c.contact_id
            for c in session.scalars(
                select(ConflictOfInterest).where(
                    ConflictOfInterest.agenda_item_id == item.id, ConflictOfInterest.deleted_at.is_(None)
                )
            )
        }
        try:
            return voting.evaluate_vote(
                rules_of(body),
                seats,
                attendance,
                conflicts,
                yes,
                no,
                abstain,
                required=RequiredMajority(required or item.required_majority),
                selection=item.is_selection_decision,
                item=order.index(item.id),
            )
        except voting.VoteCountError as error:
            raise DomainError(str(error)) from error


def _sort_name(contact: Contact) -> str:
    if contact.kind == "institution":
        return contact.organisation
    return f"{contact.last_name}, {contact.first_name}"


def _voting_attendance(session: Session, meeting_id: str, order: list[str]) -> list[voting.Attendance]:
    """Recorded attendance as the voting rules see it: agenda positions instead of item ids."""
    result = []
    for a in session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None))
    ):
        start = order.index(a.arrived_at_item_id) if a.arrived_at_item_id in order else None
        end = order.index(a.left_before_item_id) - 1 if a.left_before_item_id in order else None
        if end is not None and end < (start or 0):
            continue  # left before the first item they came for: never there for a vote
        # REPRESENTED on the member's row puts the deputy in the member's seat for that span.
        result.append(voting.Attendance(a.contact_id, AttendanceStatus(a.status), start, end))
    return result


NAMED_CHOICES = (VoteChoice.YES.value, VoteChoice.NO.value, VoteChoice.ABSTAIN.value)


def _check_named(check: voting.VoteCheck, named: dict[str, str]) -> None:
    """A named vote lists every voter once, with Ja, Nein or Enthaltung, and adds up to the counts."""
    seats = {v.member_id: v for v in check.voters}
    persons = {v.person_id: v.member_id for v in check.voters if v.person_id}
    by_seat: dict[str, str] = {}
    for contact_id, choice in named.items():
        seat = contact_id if contact_id in seats else persons.get(contact_id)
        if seat is None:
            raise DomainError(
                "Namentliche Stimmen von Personen, die bei diesem Punkt nicht "
                "stimmberechtigt sind, können nicht gespeichert werden."
            )
        if choice not in NAMED_CHOICES:
            raise DomainError(f"„{seats[seat].name}“: bitte Ja, Nein oder Enthaltung wählen.")
        by_seat[seat] = choice
    missing = [v.name for v in check.voters if v.member_id not in by_seat]
    if missing:
        raise DomainError("Bei namentlicher Abstimmung fehlt die Stimme von: " + ", ".join(missing) + ".")
    tally = [sum(1 for c in by_seat.values() if c == wanted) for wanted in NAMED_CHOICES]
    if tally != [check.yes, check.no, check.abstain]:
        raise DomainError(
            "Die namentlichen Stimmen ergeben Ja {}, Nein {}, Enthaltung {}; "
            "das passt nicht zu den eingegebenen Zahlen.".format(*tally)
        )


def vote_snapshot(check: voting.VoteCheck) -> dict:
    """Who was entitled, who was excluded and how many were present when a vote was taken.

    Stored with the vote as JSON, so the minutes show the numbers of that moment even after
    memberships change."""

    def voter(v: voting.Voter) -> dict:
        return {
            "member_id": v.member_id,
            "name": v.name,
            "interest_group": v.group,
            "public_sector": v.public_sector,
            "by_deputy": v.by_deputy,
            "deputy_id": v.deputy_id,
        }

    return {
        "voters": [voter(v) for v in check.voters],
        "excluded": [voter(v) for v in check.excluded],
        "present": len(check.present),
    }


def _body_name(session: Session, item: AgendaItem) -> str:
    meeting = session.get(Meeting, item.meeting_id)
    return meeting.body.name if meeting is not None and meeting.body is not None else ""


def _meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise NotFoundError("Die Sitzung gibt es nicht (mehr).")
    return meeting


def _item(session: Session, item_id: str) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted_at is not None:
        raise NotFoundError("Den Tagesordnungspunkt gibt es nicht (mehr).")
    return item


__all__ = ["AttendanceRow", "ConflictRow", "MeetingConduct", "Membership"]
