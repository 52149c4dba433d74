"""Holding a meeting: attendance, conflicts of interest and votes checked against the rules.

Every vote is checked before it is stored (meeting quorum; for selection decisions the double
quorum after exclusions). A vote that breaks a rule is stored only as "nicht beschlussfähig",
together with the numbers and who was entitled at that moment.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeAlias

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from regiodesk.db.base import utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import (
    AgendaItem,
    Attendance,
    Body,
    ConflictOfInterest,
    Meeting,
    Membership,
    NamedVote,
    Vote,
)
from regiodesk.db.models.contacts import contact_name, sort_name
from regiodesk.domain import voting
from regiodesk.domain.enums import AttendanceStatus, MembershipRole, RequiredMajority, VoteChoice, VoteResult
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.domain.text import sort_key
from regiodesk.i18n import tr
from regiodesk.services.agenda_rows import item_order
from regiodesk.services.contact_names import contact_names, named_contacts
from regiodesk.services.seats import members_on, rules_of, voting_seats

#: A stored vote as the window, the minutes and a recount read it: a row of the vote's columns
#: (``Vote``), read without the ORM.
StoredVote: TypeAlias = Row[Any]


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
    #: for a person recorded on a row of their own who is a member's personal deputy: that member
    deputy_for: str = ""


@dataclass(frozen=True)
class ConflictRow:
    id: str
    contact_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class Presence:
    """Who fills the voting seats at one agenda item: the one count behind the votes, the vote page
    and the minutes (rule 1)."""

    total: int
    """Voting seats of the body on the meeting day."""
    present: tuple[voting.Voter, ...]
    """Seats filled at the item (in person or by the personal deputy), before exclusions."""
    quorum: voting.QuorumResult

    @property
    def by_deputy(self) -> int:
        return sum(1 for v in self.present if v.by_deputy)


class MeetingConduct:
    def __init__(self, db: Database):
        self.db = db

    # -------------------------------------------------------------- attendance
    def attendance(self, meeting_id: str) -> list[AttendanceRow]:
        """Every member of the body on the meeting day, voting members first, with what is recorded."""
        with self.db.session() as session:
            meeting = meeting_row(session, meeting_id)
            recorded = {a.contact_id: a for a in _attendance_rows(session, meeting_id)}
            members = members_on(session, meeting.body_id, meeting.starts_at.date())
            people = named_contacts(
                session, [*recorded, *(i for m in members for i in (m.contact_id, m.deputy_id))]
            )

            def name(contact_id: str | None, missing: str = "?") -> str:
                person = people.get(contact_id or "")
                return contact_name(person) if person is not None else missing

            rows = []
            for m in members:
                a = recorded.pop(m.contact_id, None)
                person = people.get(m.contact_id)
                rows.append(
                    AttendanceRow(
                        m.contact_id,
                        name(m.contact_id),
                        sort_name(person) if person is not None else "?",
                        m.role,
                        m.voting_right,
                        m.interest_group,
                        m.public_sector,
                        m.deputy_id,
                        name(m.deputy_id, missing=""),  # as the seats name a deputy
                        a.status if a else None,
                        a.represented_by_id if a else None,
                        a.arrived_at_item_id if a else None,
                        a.left_before_item_id if a else None,
                    )
                )
            deputy_of = {m.deputy_id: m for m in members if m.deputy_id and m.voting_right}
            for a in recorded.values():  # deputies, guests and former members recorded earlier
                person = people.get(a.contact_id)
                member = deputy_of.get(a.contact_id)
                rows.append(
                    AttendanceRow(
                        a.contact_id,
                        name(a.contact_id),
                        sort_name(person) if person is not None else "?",
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
                        name(member.contact_id) if member is not None else "",
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
        """Record one person's attendance; refuse what breaks rule 1 with a German message.

        ``represented_by_id`` on a member's row: with status "vertreten" the deputy sits in the seat
        for the row's span; with status "anwesend" and an arrival or departure the deputy takes the
        seat while the member is not there ("verlässt die Sitzung nach TOP 3, vertreten durch …").
        Only the member's personal deputy (of the membership valid on the meeting day) may stand in,
        and one person has one vote: a second seat for the same person at the same item is refused.
        """
        status = AttendanceStatus(status).value
        represented = status == AttendanceStatus.REPRESENTED.value
        if status not in (AttendanceStatus.REPRESENTED.value, AttendanceStatus.PRESENT.value):
            represented_by_id = None
        elif status == AttendanceStatus.PRESENT.value and not (arrived_at_item_id or left_before_item_id):
            represented_by_id = None  # there all the time: nobody needs to stand in
        with self.db.transaction() as session:
            meeting = meeting_row(session, meeting_id)
            order = item_order(session, meeting_id)
            for item_id in (arrived_at_item_id, left_before_item_id):
                if item_id is not None and item_id not in order:
                    raise DomainError(tr("Der gewählte Tagesordnungspunkt gehört nicht zu dieser Sitzung."))
            if (
                arrived_at_item_id
                and left_before_item_id
                and order.index(left_before_item_id) <= order.index(arrived_at_item_id)
            ):
                raise DomainError(tr("Das Gehen liegt vor dem Kommen: Bitte die Tagesordnungspunkte prüfen."))
            membership = next(
                (
                    m
                    for m in members_on(session, meeting.body_id, meeting.starts_at.date())
                    if m.contact_id == contact_id
                ),
                None,
            )
            if represented and not represented_by_id:
                represented_by_id = membership.deputy_id if membership is not None else None
                if not represented_by_id:
                    raise DomainError(
                        tr(
                            "Bitte angeben, wer das Mitglied vertritt: für dieses Mitglied ist keine "
                            "persönliche Stellvertretung hinterlegt, und nur sie kann es vertreten."
                        )
                    )
            if represented_by_id and (membership is None or represented_by_id != membership.deputy_id):
                deputy_id = membership.deputy_id if membership is not None else None
                deputy = contact_names(session, [deputy_id]).get(deputy_id or "", "")
                raise DomainError(
                    tr(
                        "Nur die persönliche Stellvertretung kann ein Mitglied vertreten (hier: {deputy}).",
                        deputy=deputy,
                    )
                    if deputy
                    else tr(
                        "Nur die persönliche Stellvertretung kann ein Mitglied vertreten; "
                        "für dieses Mitglied ist keine hinterlegt."
                    )
                )
            seats = voting_seats(session, meeting.body_id, meeting.starts_at.date())
            positions = range(len(order)) or (None,)
            before = set(
                voting.one_vote_problems(seats, _voting_attendance(session, meeting_id, order), positions)
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
            session.flush()
            after = voting.one_vote_problems(seats, _voting_attendance(session, meeting_id, order), positions)
            new = [problem for problem in after if problem not in before]  # older entries: fixed one by one
            if new:
                raise DomainError(new[0])  # the transaction is rolled back: nothing changes

    def presence(self, meeting_id: str, item_id: str | None = None) -> Presence:
        """Who fills the voting seats at an agenda item (``None``: at the start of the meeting)."""
        with self.db.session() as session:
            meeting = meeting_row(session, meeting_id)
            body = body_row(session, meeting.body_id)
            seats = voting_seats(session, body.id, meeting.starts_at.date())
            order = item_order(session, meeting_id)
            if item_id is not None and item_id not in order:
                raise NotFoundError(tr("Den Tagesordnungspunkt gibt es nicht (mehr)."))
            position = order.index(item_id) if item_id is not None else (0 if order else None)
            present = voting.seats_present(seats, _voting_attendance(session, meeting_id, order), position)
            quorum = voting.meeting_quorum(len(seats), len(present), rules_of(body))
            return Presence(len(seats), tuple(present), quorum)

    # --------------------------------------------------------------- conflicts
    def conflicts(self, item_id: str) -> list[ConflictRow]:
        return self.conflicts_of([item_id]).get(item_id, [])

    def conflicts_of(self, item_ids: Collection[str]) -> dict[str, list[ConflictRow]]:
        """The declared conflicts of interest of several agenda items (a meeting's) by item id."""
        found: dict[str, list[ConflictRow]] = {}
        with self.db.session() as session:
            declared = _declared_conflicts(session, item_ids)
            names = contact_names(session, (c.contact_id for c in declared))
        for c in declared:
            if c.contact_id in names:  # as the join did: a conflict names a contact that exists
                row = ConflictRow(c.id, c.contact_id, names[c.contact_id], c.reason)
                found.setdefault(c.agenda_item_id, []).append(row)
        return found

    def declare_conflict(
        self, item_id: str, contact_id: str, reason: str, recount: tuple[int, int, int] | None = None
    ) -> str:
        """Record a conflict of interest (rule 3).

        Declared after a vote was stored in which the person took part, the vote is **counted
        again** without them, so that the record never says both "nahm nicht teil" and counts them
        (§ 34 BGB; the double quorum after exclusions, rule 2): a named vote is recounted from the
        named votes without the person's; for a vote by show of hands nobody knows how the person
        voted, so ``recount`` must give the counts without them (else a German message asks for
        them). The new vote replaces the old one (the change log keeps it) and says so in the minutes.
        """
        if not reason.strip():
            raise DomainError(tr("Bitte den Grund des Interessenkonflikts angeben; er steht im Protokoll."))
        with self.db.transaction() as session:
            item = _item(session, item_id)
            exists = session.scalar(
                select(ConflictOfInterest.id).where(
                    ConflictOfInterest.agenda_item_id == item_id,
                    ConflictOfInterest.contact_id == contact_id,
                    ConflictOfInterest.deleted_at.is_(None),
                )
            )
            if exists:
                raise DomainError(
                    tr("Für diese Person ist bei diesem Punkt schon ein Interessenkonflikt erfasst.")
                )
            conflict = ConflictOfInterest(
                agenda_item_id=item_id, contact_id=contact_id, reason=reason.strip()
            )
            session.add(conflict)
            session.flush()
            vote = _current_vote(session, item_id)
            if vote is not None:
                self._recount(session, item, vote, contact_id, recount)
            return conflict.id

    def _recount(
        self,
        session: Session,
        item: AgendaItem,
        vote: StoredVote,
        contact_id: str,
        recount: tuple[int, int, int] | None,
    ) -> None:
        """Count a stored vote again after a late conflict declaration of ``contact_id``."""
        snapshot = _snapshot(vote)
        took_part = next(
            (
                v
                for v in snapshot.get("voters", [])
                if contact_id in (v.get("member_id"), v.get("deputy_id"), v.get("voted_by_id"))
            ),
            None,
        )
        if took_part is None:
            return  # not among the voters: the stored vote stands as it is
        name = took_part.get("voted_by") or took_part.get("name", "")
        named: dict[str, str] | None = None
        if vote.named:
            named = {
                seat: choice
                for seat, choice in _named_by_seat(session, vote.id).items()
                if seat != took_part.get("member_id")
            }
            yes, no, abstain = (sum(1 for c in named.values() if c == wanted) for wanted in NAMED_CHOICES)
            counts = (yes, no, abstain)
        elif recount is None:
            raise DomainError(
                tr(
                    "Zu diesem Punkt ist schon eine Abstimmung gespeichert, an der {name} "
                    "teilgenommen hat. Wie {name} gestimmt hat, ist nicht erfasst: bitte die "
                    "Stimmen ohne {name} angeben (Ja, Nein, Enthaltung); die Abstimmung wird "
                    "dann neu ausgezählt.",
                    name=name,
                )
            )
        else:
            counts = recount
        note = (
            f"{name} hat den Interessenkonflikt erst nach der Abstimmung erklärt; die Abstimmung wurde "
            f"ohne {name} neu ausgezählt (zuvor: Ja {vote.yes}, Nein {vote.no}, Enthaltung {vote.abstain}, "
            f"Ergebnis {VoteResult.label_of(vote.result)})."
        )
        self._store(session, item, *counts, vote.required_majority, named, note)

    def withdraw_conflict(self, conflict_id: str) -> None:
        with self.db.transaction() as session:
            conflict = session.get(ConflictOfInterest, conflict_id)
            if conflict is None or conflict.deleted_at is not None:
                raise NotFoundError(tr("Den Interessenkonflikt gibt es nicht (mehr)."))
            if _current_vote(session, conflict.agenda_item_id) is not None:
                raise DomainError(
                    tr(
                        "Zu diesem Punkt ist schon abgestimmt worden, ohne diese Person. Den "
                        "Interessenkonflikt zurückzunehmen würde die gespeicherte Abstimmung "
                        "falsch machen; bitte die Abstimmung zuerst neu erfassen."
                    )
                )
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
        """Check and store a vote; a selection decision updates the linked project's status.

        ``named`` maps the seat (member id) or the person who voted for it to Ja/Nein/Enthaltung.
        A vote in a meeting that has not begun yet is a data error and is refused: it would put a
        LAG decision on a future day into the project's record.
        """
        with self.db.transaction() as session:
            item = _item(session, item_id)
            meeting = meeting_row(session, item.meeting_id)
            if meeting.starts_at > now_local():
                raise DomainError(
                    tr(
                        "Die Sitzung beginnt erst am {meeting_starts_at:%d.%m.%Y um %H:%M} Uhr. "
                        "Eine Abstimmung kann erst erfasst werden, wenn die Sitzung "
                        "stattgefunden hat; bitte das Datum der Sitzung prüfen.",
                        meeting_starts_at=meeting.starts_at,
                    )
                )
            return self._store(session, item, yes, no, abstain, required, named)

    def _store(
        self,
        session: Session,
        item: AgendaItem,
        yes: int,
        no: int,
        abstain: int,
        required: str | None,
        named: dict[str, str] | None,
        note: str = "",
    ) -> str:
        check = self._evaluate(session, item, yes, no, abstain, required)
        by_seat = _check_named(check, named) if named is not None else None
        for old in session.scalars(
            select(Vote).where(Vote.agenda_item_id == item.id, Vote.deleted_at.is_(None))
        ):
            old.deleted_at = utcnow()  # a corrected vote replaces the earlier one; the log keeps it
        snapshot = vote_snapshot(check)
        if note:
            snapshot["note"] = note
        vote = Vote(
            agenda_item_id=item.id,
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
            entitled_snapshot=json.dumps(snapshot, ensure_ascii=False),
            recorded_at=utcnow(),
        )
        session.add(vote)
        session.flush()
        seats = {v.member_id: v for v in check.voters}
        for seat, choice in (by_seat or {}).items():
            voter = seats[seat]
            session.add(
                NamedVote(
                    vote_id=vote.id,
                    contact_id=voter.person_id or seat,  # who actually voted
                    membership_id=voter.membership_id,  # for which seat
                    choice=VoteChoice(choice).value,
                )
            )
        if item.is_selection_decision and item.project_id:
            # named here: the pipeline brings deadlines, budgets and activities, which a meeting's
            # documents and attendance never need
            from regiodesk.services.project_pipeline import apply_lag_decision_in

            # One path for every status change: checked, dated, recorded, decision linked.
            apply_lag_decision_in(session, item, check.result, by=_body_name(session, item))
        return vote.id

    def named_choices(self, vote_id: str) -> dict[str, str]:
        """The named votes of a stored vote by seat: member id -> "ja" / "nein" / "enthaltung"."""
        with self.db.session() as session:
            return _named_by_seat(session, vote_id)

    def named_votes(self, vote_id: str) -> list[tuple[str, str, str]]:
        """(seat member id, id of the person who voted, choice) of a stored named vote."""
        with self.db.session() as session:
            return [(seat, voter, choice) for seat, (voter, choice) in _named_rows(session, vote_id).items()]

    def current_vote(self, item_id: str) -> StoredVote | None:
        """The stored vote of an agenda item (a row of the vote's columns), None: not voted yet."""
        with self.db.session() as session:
            return _current_vote(session, item_id)

    def current_votes(self, item_ids: Collection[str]) -> dict[str, StoredVote]:
        """The stored vote of each of several agenda items that has one, by item id."""
        with self.db.session() as session:
            return _current_votes(session, item_ids)

    def _evaluate(
        self, session: Session, item: AgendaItem, yes: int, no: int, abstain: int, required: str | None
    ) -> voting.VoteCheck:
        meeting = meeting_row(session, item.meeting_id)
        body = body_row(session, meeting.body_id)
        seats = voting_seats(session, body.id, meeting.starts_at.date())
        order = item_order(session, meeting.id)
        attendance = _voting_attendance(session, meeting.id, order)
        conflicts = {c.contact_id for c in _declared_conflicts(session, [item.id])}
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


def _attendance_rows(session: Session, meeting_id: str) -> list[Row[Any]]:
    """What is recorded of a meeting's attendance, as rows read without the ORM."""
    recorded = Attendance.__table__.c
    stmt = select(
        recorded.contact_id,
        recorded.status,
        recorded.represented_by_id,
        recorded.arrived_at_item_id,
        recorded.left_before_item_id,
    ).where(recorded.meeting_id == meeting_id, recorded.deleted_at.is_(None))
    return list(session.execute(stmt))


def _declared_conflicts(session: Session, item_ids: Collection[str]) -> list[Row[Any]]:
    """The live conflicts of interest of agenda items: ``id``, ``agenda_item_id``, ``contact_id``,
    ``reason``."""
    conflicts = ConflictOfInterest.__table__.c
    stmt = select(conflicts.id, conflicts.agenda_item_id, conflicts.contact_id, conflicts.reason).where(
        conflicts.agenda_item_id.in_(list(item_ids)), conflicts.deleted_at.is_(None)
    )
    return list(session.execute(stmt))


def _voting_attendance(session: Session, meeting_id: str, order: list[str]) -> list[voting.Attendance]:
    """Recorded attendance as the voting rules see it: agenda positions instead of item ids."""
    result = []
    for a in _attendance_rows(session, meeting_id):
        start = order.index(a.arrived_at_item_id) if a.arrived_at_item_id in order else None
        end = order.index(a.left_before_item_id) - 1 if a.left_before_item_id in order else None
        if end is not None and end < (start or 0):
            continue  # left before the first item they came for: never there for a vote
        # REPRESENTED on the member's row puts the deputy in the member's seat for that span.
        result.append(
            voting.Attendance(a.contact_id, AttendanceStatus(a.status), start, end, a.represented_by_id)
        )
    return result


NAMED_CHOICES = (VoteChoice.YES.value, VoteChoice.NO.value, VoteChoice.ABSTAIN.value)


def now_local() -> datetime:
    """The local wall-clock time, the clock of ``Meeting.starts_at`` (tests replace it)."""
    return datetime.now()


def _current_vote(session: Session, item_id: str) -> StoredVote | None:
    return _current_votes(session, [item_id]).get(item_id)


def _current_votes(session: Session, item_ids: Collection[str]) -> dict[str, StoredVote]:
    """The stored vote of each item that has one, as a row of the vote's columns (read without the
    ORM: the window and the minutes show it, the rules recount from it; :meth:`MeetingConduct._store`
    replaces it through the ORM)."""
    votes = Vote.__table__
    stmt = select(votes).where(votes.c.agenda_item_id.in_(list(item_ids)), votes.c.deleted_at.is_(None))
    return {vote.agenda_item_id: vote for vote in session.execute(stmt)}


def _snapshot(vote: StoredVote) -> dict:
    snapshot = json.loads(vote.entitled_snapshot or "{}")
    return {"voters": snapshot} if isinstance(snapshot, list) else snapshot


def _named_rows(session: Session, vote_id: str) -> dict[str, tuple[str, str]]:
    """seat member id -> (who voted, choice); votes before schema 0006 name the seat's member."""
    named, seats = NamedVote.__table__, Membership.__table__
    rows = session.execute(
        select(named.c.contact_id, named.c.choice, seats.c.contact_id)
        .select_from(named.outerjoin(seats, seats.c.id == named.c.membership_id))
        .where(named.c.vote_id == vote_id, named.c.deleted_at.is_(None))
    )
    return {(seat or voter): (voter, choice) for voter, choice, seat in rows}


def _named_by_seat(session: Session, vote_id: str) -> dict[str, str]:
    return {seat: choice for seat, (_voter, choice) in _named_rows(session, vote_id).items()}


def _check_named(check: voting.VoteCheck, named: dict[str, str]) -> dict[str, str]:
    """A named vote lists every voter once, with Ja, Nein or Enthaltung, and adds up to the counts."""
    seats = {v.member_id: v for v in check.voters}
    persons = {v.person_id: v.member_id for v in check.voters if v.person_id}
    by_seat: dict[str, str] = {}
    for contact_id, choice in named.items():
        seat = contact_id if contact_id in seats else persons.get(contact_id)
        if seat is None:
            raise DomainError(
                tr(
                    "Namentliche Stimmen von Personen, die bei diesem Punkt nicht "
                    "stimmberechtigt sind, können nicht gespeichert werden."
                )
            )
        if choice not in NAMED_CHOICES:
            raise DomainError(tr("„{name}“: bitte Ja, Nein oder Enthaltung wählen.", name=seats[seat].name))
        by_seat[seat] = choice
    missing = [v.name for v in check.voters if v.member_id not in by_seat]
    if missing:
        raise DomainError(
            tr("Bei namentlicher Abstimmung fehlt die Stimme von: {missing}.", missing=", ".join(missing))
        )
    tally = [sum(1 for c in by_seat.values() if c == wanted) for wanted in NAMED_CHOICES]
    if tally != [check.yes, check.no, check.abstain]:
        raise DomainError(
            tr(
                "Die namentlichen Stimmen ergeben Ja {yes}, Nein {no}, Enthaltung {abstain}; "
                "das passt nicht zu den eingegebenen Zahlen.",
                yes=tally[0],
                no=tally[1],
                abstain=tally[2],
            )
        )
    return by_seat


def vote_snapshot(check: voting.VoteCheck) -> dict:
    """Who was entitled, who was excluded and how many were present when a vote was taken.

    Stored with the vote as JSON, so the minutes show the numbers of that moment even after
    memberships change: per voter the seat (member, membership) and who actually voted for it, and
    the voters by sector and by every interest group (rule 7)."""

    def voter(v: voting.Voter) -> dict:
        return {
            "member_id": v.member_id,
            "membership_id": v.membership_id,
            "name": v.name,
            "interest_group": v.group,
            "public_sector": v.public_sector,
            "by_deputy": v.by_deputy,
            "deputy_id": v.deputy_id,
            "voted_by_id": v.person_id,
            "voted_by": v.voted_by,
        }

    return {
        "voters": [voter(v) for v in check.voters],
        "excluded": [voter(v) for v in check.excluded],
        "present": len(check.present),
        "public": check.double.public,
        "groups": dict(check.double.group_counts),
    }


def _body_name(session: Session, item: AgendaItem) -> str:
    meeting = session.get(Meeting, item.meeting_id)
    return meeting.body.name if meeting is not None and meeting.body is not None else ""


def meeting_row(session: Session, meeting_id: str) -> Row[Any]:
    """The live meeting as a row of its columns (every use here only reads it)."""
    meetings = Meeting.__table__
    meeting = session.execute(
        select(meetings).where(meetings.c.id == meeting_id, meetings.c.deleted_at.is_(None))
    ).first()
    if meeting is None:
        raise NotFoundError(tr("Die Sitzung gibt es nicht (mehr)."))
    return meeting


def body_row(session: Session, body_id: str) -> Row[Any]:
    """A meeting's body as a row of its columns (deleted or not: its meetings keep their rules)."""
    bodies = Body.__table__
    body = session.execute(select(bodies).where(bodies.c.id == body_id)).first()
    if body is None:
        raise NotFoundError(tr("Das Gremium der Sitzung gibt es nicht (mehr)."))
    return body


def _item(session: Session, item_id: str) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted_at is not None:
        raise NotFoundError(tr("Den Tagesordnungspunkt gibt es nicht (mehr)."))
    return item


__all__ = [
    "AttendanceRow",
    "ConflictRow",
    "MeetingConduct",
    "Membership",
    "Presence",
    "StoredVote",
    "now_local",
]
