"""Pure voting rules of a LAG meeting and of a written procedure (Umlaufverfahren).

Implements rules 1–5 of ``shared/DOMAIN.md``:

1. Meeting quorum: share of the voting seats that are filled (in person or by the personal deputy)
   at the moment of the agenda item, *before* members with a conflict of interest leave. This follows
   German LAG practice: a member who is befangen is still present in the meeting.
2. Double quorum for selection decisions: counted on the voters *after* the exclusions for conflict of
   interest: at least ``min_non_public_share`` WiSo partners and no interest group above
   ``max_group_share``.
3. Conflict of interest: the seat is excluded from the vote.
4. Majority of the votes cast; abstentions do not count; a tie fails; optionally two thirds.
5. Written procedure: the same checks on the answers returned.

All comparisons use exact :class:`fractions.Fraction` arithmetic. Standard library only; the
enums are those of ``regiodesk.domain.enums``, so stored values can be passed in directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from regiodesk.domain.enums import AttendanceStatus, RequiredMajority, VoteChoice, VoteResult
from regiodesk.domain.text import sort_key
from regiodesk.i18n import tr

__all__ = [
    "DEFAULT_RULES",
    "NO_GROUP_LABEL",
    "PUBLIC_SECTOR_LABEL",
    "Attendance",
    "AttendanceStatus",
    "DoubleQuorumResult",
    "QuorumResult",
    "RequiredMajority",
    "RulesOfProcedure",
    "Seat",
    "VoteCheck",
    "VoteChoice",
    "VoteCountError",
    "VoteResult",
    "Voter",
    "double_quorum",
    "entitled_voters",
    "evaluate_vote",
    "evaluate_written_procedure",
    "format_percent",
    "groups_sentence",
    "majority",
    "meeting_quorum",
    "one_vote_problems",
    "protocol_sentence",
    "quorum_numbers_sentence",
    "seats_present",
]

#: A person's id: the contact id in the database (tests may use any hashable).
PersonId = str

NO_GROUP_LABEL = "ohne Interessengruppe"
"""Group name used for voters whose interest group is blank."""


class VoteCountError(ValueError):
    """The entered vote counts are impossible (data-entry error); the message is German."""


@dataclass(frozen=True)
class RulesOfProcedure:
    """The configurable voting rules of one body (defaults: typical LAG Geschäftsordnung)."""

    quorum_share: Fraction = Fraction(1, 2)
    """Minimum share of voting members present for the meeting to be quorate (inclusive)."""
    double_quorum: bool = True
    """Whether selection decisions need the LEADER double quorum."""
    min_non_public_share: Fraction = Fraction(1, 2)
    """Minimum share of WiSo (non-public) voters per selection decision (inclusive)."""
    max_group_share: Fraction = Fraction(49, 100)
    """Maximum share of the votes any single interest group may hold (inclusive)."""
    notice_days: int = 7
    """Ladungsfrist in days."""

    def __post_init__(self) -> None:
        for name in ("quorum_share", "min_non_public_share", "max_group_share"):
            value = Fraction(getattr(self, name))
            if not 0 <= value <= 1:
                raise ValueError(
                    tr("Ungültiger Anteil in der Geschäftsordnung: {name} = {value}.", name=name, value=value)
                )
            object.__setattr__(self, name, value)
        if self.notice_days < 0:
            raise ValueError(tr("Die Ladungsfrist darf nicht negativ sein."))


DEFAULT_RULES = RulesOfProcedure()


@dataclass(frozen=True)
class Seat:
    """A voting seat of a body: a member with voting right and optionally the personal deputy."""

    member_id: PersonId
    name: str
    interest_group: str
    public_sector: bool
    deputy_id: PersonId | None = None
    deputy_name: str = ""
    membership_id: str | None = None
    """The membership (seat) in the database; tests may leave it out."""


@dataclass(frozen=True)
class Voter:
    """One voting seat as filled at the moment of a vote.

    A deputy standing in counts for the member: the voter carries the member's id, interest group
    and sector; ``by_deputy`` tells who actually sits there.
    """

    member_id: PersonId
    name: str
    interest_group: str
    public_sector: bool
    by_deputy: bool = False
    deputy_id: PersonId | None = None
    deputy_name: str = ""
    membership_id: str | None = None

    @property
    def voted_by(self) -> str:
        """Name of the person actually voting for the seat."""
        return (self.deputy_name or self.name) if self.by_deputy else self.name

    @property
    def person_id(self) -> PersonId | None:
        """Id of the person actually voting (``None`` for an unnamed deputy)."""
        return self.deputy_id if self.by_deputy else self.member_id

    @property
    def group(self) -> str:
        """Normalised interest group name (blank becomes :data:`NO_GROUP_LABEL`)."""
        return self.interest_group.strip() or NO_GROUP_LABEL

    @classmethod
    def from_seat(cls, seat: Seat, *, by_deputy: bool = False) -> Voter:
        return cls(
            member_id=seat.member_id,
            name=seat.name,
            interest_group=seat.interest_group,
            public_sector=seat.public_sector,
            by_deputy=by_deputy,
            deputy_id=seat.deputy_id if by_deputy else None,
            deputy_name=seat.deputy_name if by_deputy else "",
            membership_id=seat.membership_id,
        )


@dataclass(frozen=True)
class Attendance:
    """One row of the attendance list.

    ``person_id`` is a member's id or a deputy's id. ``from_item`` is the position of the first agenda
    item the row covers (``None``: from the start), ``until_item`` the last one (``None``: until the end).

    On a member's row, ``represented_by`` names who sits in the member's seat (only the personal
    deputy may, rule 1):

    * status ``REPRESENTED``: the deputy sits in the seat for the row's span (the timing describes
      the deputy; ``represented_by`` ``None`` means the personal deputy, as in files before 0.2);
    * status ``PRESENT`` with ``represented_by``: the member is there for the span and the deputy takes
      the seat *outside* it ("verlässt die Sitzung nach TOP 3, vertreten durch …", "ab TOP 5 anwesend,
      bis dahin vertreten durch …").

    A deputy's own ``PRESENT`` row means the deputy is in the room for the span.
    """

    person_id: PersonId
    status: AttendanceStatus
    from_item: int | None = None
    until_item: int | None = None
    represented_by: PersonId | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", AttendanceStatus(self.status))
        if self.from_item is not None and self.until_item is not None and self.until_item < self.from_item:
            raise ValueError(
                tr(
                    "Anwesenheit von Person {person_id}: Gehen (TOP-Position {until_item}) "
                    "liegt vor dem Kommen (TOP-Position {from_item}).",
                    person_id=self.person_id,
                    until_item=self.until_item,
                    from_item=self.from_item,
                )
            )

    def there_at(self, item: int | None) -> bool:
        """Whether the row's span covers agenda position ``item`` (``None``: ignore the timing)."""
        if item is None:
            return True
        if self.from_item is not None and item < self.from_item:
            return False
        return not (self.until_item is not None and item > self.until_item)

    def in_person_at(self, item: int | None) -> bool:
        """Whether the row's own person is in the room at ``item``."""
        return self.status is AttendanceStatus.PRESENT and self.there_at(item)

    def seat_taken_by_deputy_at(self, item: int | None) -> bool:
        """Whether, by this (member's) row, the deputy sits in the member's seat at ``item``."""
        if self.status is AttendanceStatus.REPRESENTED:
            return self.there_at(item)
        if self.status is AttendanceStatus.PRESENT and self.represented_by is not None:
            return item is not None and not self.there_at(item)
        return False


def _check_seats(seats: Sequence[Seat]) -> None:
    seen: set[PersonId] = set()
    for seat in seats:
        if seat.member_id in seen:
            raise ValueError(
                tr(
                    "Mitglied {seat_member_id} ist mehrfach als stimmberechtigt erfasst.",
                    seat_member_id=seat.member_id,
                )
            )
        seen.add(seat.member_id)


def _rows_by_person(attendance: Iterable[Attendance]) -> dict[PersonId, Attendance]:
    rows: dict[PersonId, Attendance] = {}
    for row in attendance:
        rows.setdefault(row.person_id, row)  # one row per person and meeting; the first one wins
    return rows


def _deputy_claims(seat: Seat, rows: Mapping[PersonId, Attendance], item: int | None) -> bool:
    """Whether the member's own row puts the personal deputy in the seat at ``item``."""
    row = rows.get(seat.member_id)
    if row is None or seat.deputy_id is None or not row.seat_taken_by_deputy_at(item):
        return False
    return row.represented_by in (None, seat.deputy_id)


def seats_present(
    seats: Sequence[Seat], attendance: Iterable[Attendance], item: int | None = None
) -> list[Voter]:
    """Voting seats filled at agenda position ``item``, before conflict-of-interest exclusions (rule 1).

    * A member in the room fills the own seat.
    * Otherwise only the member's **personal deputy** (``Seat.deputy_id``) can fill it: when the
      member's row says so (:class:`Attendance`) or when the deputy is in the room on a row of their
      own. Anyone else named as representative fills nothing (§ 6 of the usual LAG rules of
      procedure: "im Verhinderungsfall durch die persönliche Stellvertretung").
    * **One person has one vote**: a person fills at most one seat, their own first, then the
      seats in the order of ``seats``. The deputy of a deputy cannot stand in (only the member's own
      personal deputy can), so a chain of deputies never fills a seat.

    Rows of unknown persons (guests, advisory members) are ignored. The result keeps the order of
    ``seats``. :func:`one_vote_problems` tells the office where its entries ask for more than this.
    """
    _check_seats(seats)
    rows = _rows_by_person(attendance)
    in_room = {pid for pid, row in rows.items() if row.in_person_at(item)}
    used: set[PersonId] = {seat.member_id for seat in seats if seat.member_id in in_room}
    filled: dict[PersonId, Voter] = {}
    for seat in seats:
        if seat.member_id in in_room:
            filled[seat.member_id] = Voter.from_seat(seat)
            continue
        deputy = seat.deputy_id
        if deputy is None or deputy in used:
            continue
        if _deputy_claims(seat, rows, item) or deputy in in_room:
            used.add(deputy)
            filled[seat.member_id] = Voter.from_seat(seat, by_deputy=True)
    return [filled[seat.member_id] for seat in seats if seat.member_id in filled]


def one_vote_problems(
    seats: Sequence[Seat], attendance: Iterable[Attendance], items: Sequence[int | None] = (None,)
) -> list[str]:
    """German messages where the attendance entries break rule 1, checked at every agenda position.

    * a representative who is not the member's personal deputy;
    * a person asked to fill two seats at the same item (a deputy who is also a member and there
      in person, or the deputy of two members absent at the same time).

    Empty when the entries are sound. ``items``: the agenda positions (``None``: timing ignored).
    """
    _check_seats(seats)
    rows = _rows_by_person(attendance)
    by_member = {seat.member_id: seat for seat in seats}
    problems: list[str] = []
    for seat in seats:
        row = rows.get(seat.member_id)
        if row is None or row.represented_by is None:
            continue
        if seat.deputy_id is None:
            problems.append(
                f"Für {seat.name} ist keine persönliche Stellvertretung hinterlegt; "
                "nur sie kann das Mitglied vertreten."
            )
        elif row.represented_by != seat.deputy_id:
            problems.append(
                f"{seat.name} kann nur durch die persönliche Stellvertretung "
                f"({seat.deputy_name or seat.deputy_id}) vertreten werden."
            )
    for item in items:
        claims: dict[PersonId, list[Seat]] = {}
        for seat in seats:
            row = rows.get(seat.member_id)
            if row is not None and row.in_person_at(item):
                claims.setdefault(seat.member_id, []).append(seat)
            elif _deputy_claims(seat, rows, item):
                assert seat.deputy_id is not None
                claims.setdefault(seat.deputy_id, []).append(seat)
        for person, taken in claims.items():
            if len(taken) < 2:
                continue
            who = by_member[person].name if person in by_member else (taken[0].deputy_name or person)
            problems.append(
                f"{who} hat nur eine Stimme, soll aber zugleich für "
                + " und ".join("den eigenen Sitz" if s.member_id == person else f"{s.name}" for s in taken)
                + " abstimmen. Bitte die zweite Vertretung streichen."
            )
    return list(dict.fromkeys(problems))


def _excluded(voter: Voter, conflicts: Collection[PersonId]) -> bool:
    return voter.member_id in conflicts or (voter.by_deputy and voter.deputy_id in conflicts)


def entitled_voters(
    seats: Sequence[Seat],
    attendance: Iterable[Attendance],
    conflicts: Collection[PersonId] = frozenset(),
    item: int | None = None,
) -> list[Voter]:
    """Voters entitled at agenda position ``item``: seats present and not excluded.

    A seat is excluded when its member *or* the deputy sitting in has declared a conflict of interest
    for the item (conservative: a vote with a conflicted participant is void, § 34 BGB).
    """
    return [v for v in seats_present(seats, attendance, item) if not _excluded(v, conflicts)]


def _check_count(value: int, label: str) -> None:
    if value < 0:
        raise VoteCountError(
            tr("Die Anzahl {label} darf nicht negativ sein (eingegeben: {value}).", label=label, value=value)
        )


def _share(part: int, whole: int) -> Fraction:
    return Fraction(part, whole) if whole else Fraction(0)


def format_percent(share: Fraction, decimals: int = 1) -> str:
    """German percentage of ``share`` rounded half up: ``Fraction(5, 9)`` → ``"55,6 %"``."""
    exact = Fraction(share) * 100
    quantum = Decimal(1).scaleb(-decimals)
    value = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(quantum, ROUND_HALF_UP)
    return f"{value:f}".replace(".", ",") + " %"


def _format_limit(share: Fraction) -> str:
    """A configured limit, without decimals when whole: 50 %, 49 %, 66,7 %."""
    exact = Fraction(share) * 100
    return format_percent(share, 0) if exact.denominator == 1 else format_percent(share, 1)


def _format_beyond(share: Fraction, limit: Fraction) -> str:
    """Percentage of ``share`` with enough decimals that it visibly differs from ``limit``."""
    for decimals in range(1, 7):
        text = format_percent(share, decimals)
        if text != format_percent(limit, decimals):
            return text
    return format_percent(share, 6)


@dataclass(frozen=True)
class QuorumResult:
    """Meeting quorum (rule 1)."""

    total: int
    present: int
    required_share: Fraction
    share: Fraction
    holds: bool


def meeting_quorum(
    total_voting_members: int, present_voting: int, rules: RulesOfProcedure = DEFAULT_RULES
) -> QuorumResult:
    """Rule 1: ``present / total >= rules.quorum_share``; a body without voting members is never quorate."""
    _check_count(total_voting_members, "der stimmberechtigten Mitglieder")
    _check_count(present_voting, "der anwesenden Mitglieder")
    if present_voting > total_voting_members:
        raise VoteCountError(
            tr(
                "Es können nicht {present_voting} von {total_voting_members} "
                "stimmberechtigten Mitgliedern anwesend sein.",
                present_voting=present_voting,
                total_voting_members=total_voting_members,
            )
        )
    share = _share(present_voting, total_voting_members)
    holds = total_voting_members > 0 and share >= rules.quorum_share
    return QuorumResult(total_voting_members, present_voting, rules.quorum_share, share, holds)


PUBLIC_SECTOR_LABEL = "Öffentlicher Sektor"
"""Name of the public sector as one group when the office splits it into several groups."""


def _public_bloc_label(voters: Sequence[Voter]) -> str:
    names = sorted({v.group for v in voters if v.public_sector}, key=sort_key)
    if len(names) == 1:
        label = names[0] if names[0] != NO_GROUP_LABEL else PUBLIC_SECTOR_LABEL
    else:
        label = f"{PUBLIC_SECTOR_LABEL} ({', '.join(names)})"
    wiso_groups = {v.group for v in voters if not v.public_sector}
    while label in wiso_groups:  # a WiSo group of the same name stays a group of its own
        label += " (öffentlich)"
    return label


@dataclass(frozen=True)
class DoubleQuorumResult:
    """Double quorum (rule 2) on the voters after exclusions."""

    voters: int
    wiso: int
    wiso_share: Fraction
    largest_group: str
    """Largest group for the 49 % rule, the public sector counted as one group (ties: first in German
    alphabetical order); empty when no voters."""
    largest_group_count: int
    largest_group_share: Fraction
    group_counts: Mapping[str, int]
    """Voters per interest group as the office names them (for the minutes, rule 7)."""
    min_wiso_share: Fraction
    max_group_share: Fraction
    wiso_holds: bool
    group_holds: bool
    bloc_counts: Mapping[str, int] = field(default_factory=dict)
    """Voters per group as the 49 % rule counts them: all public-sector groups as one."""

    @property
    def public(self) -> int:
        return self.voters - self.wiso

    @property
    def holds(self) -> bool:
        return self.wiso_holds and self.group_holds


def double_quorum(voters: Sequence[Voter], rules: RulesOfProcedure = DEFAULT_RULES) -> DoubleQuorumResult:
    """Rule 2: WiSo share ``>= rules.min_non_public_share`` and every group ``<= rules.max_group_share``.

    The public sector is **one** group for the 49 % limit however the office splits it ("Kommunen",
    "Landkreis", …): Reg. (EU) 2021/1060 Art. 33(3)(b) says "neither public authorities … nor any
    single interest group controls the decision-making". Whether a voter is public is the property of
    the interest group (see ``services.seats.public_sector_of``). Zero voters never hold.
    """
    total = len(voters)
    wiso = sum(1 for v in voters if not v.public_sector)
    counts = Counter(v.group for v in voters)
    public_label = _public_bloc_label(voters)
    blocs = Counter(public_label if v.public_sector else v.group for v in voters)
    if blocs:
        largest, largest_count = min(blocs.items(), key=lambda kv: (-kv[1], sort_key(kv[0]), kv[0]))
    else:
        largest, largest_count = "", 0
    wiso_share = _share(wiso, total)
    group_share = _share(largest_count, total)
    return DoubleQuorumResult(
        voters=total,
        wiso=wiso,
        wiso_share=wiso_share,
        largest_group=largest,
        largest_group_count=largest_count,
        largest_group_share=group_share,
        group_counts=dict(sorted(counts.items())),
        min_wiso_share=rules.min_non_public_share,
        max_group_share=rules.max_group_share,
        wiso_holds=total > 0 and wiso_share >= rules.min_non_public_share,
        group_holds=total > 0 and group_share <= rules.max_group_share,
        bloc_counts=dict(sorted(blocs.items())),
    )


def protocol_sentence(result: DoubleQuorumResult) -> str:
    """Minutes wording of the quorum numbers, e.g. ``stimmberechtigt 18, davon WiSo-Partner 10
    (55,6 %); größte Interessengruppe Öffentlicher Sektor 8 (44,4 %)`` (on one line).
    """
    return quorum_numbers_sentence(
        result.voters, result.wiso, result.largest_group, result.largest_group_count
    )


def quorum_numbers_sentence(voters: int, wiso: int, largest_group: str | None, largest_count: int) -> str:
    """The same sentence from stored numbers (a vote recorded earlier)."""
    if voters == 0:
        return "stimmberechtigt 0"
    return (
        f"stimmberechtigt {voters}, davon WiSo-Partner {wiso} "
        f"({format_percent(_share(wiso, voters))}); größte Interessengruppe {largest_group} "
        f"{largest_count} ({format_percent(_share(largest_count, voters))})"
    )


def groups_sentence(voters: int, wiso: int, group_counts: Mapping[str, int]) -> str:
    """Rule 7: the voters by sector and by every interest group, e.g. ``öffentlicher Sektor 4
    (50,0 %), WiSo-Partner 4 (50,0 %); nach Interessengruppen: Kommunen 2 (25,0 %), …``."""
    if voters == 0:
        return "keine Stimmberechtigten"
    public = voters - wiso
    groups = ", ".join(
        f"{name} {count} ({format_percent(_share(count, voters))})"
        for name, count in sorted(group_counts.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))
    )
    return (
        f"öffentlicher Sektor {public} ({format_percent(_share(public, voters))}), "
        f"WiSo-Partner {wiso} ({format_percent(_share(wiso, voters))}); "
        f"nach Interessengruppen: {groups}"
    )


def majority(
    yes: int, no: int, abstain: int = 0, required: RequiredMajority | str = RequiredMajority.SIMPLE
) -> bool:
    """Rule 4: whether the motion passes. Abstentions do not count; a tie and zero votes cast fail.

    Simple: ``yes > no``. Two thirds: ``yes >= 2/3 * (yes + no)``.
    """
    _check_count(yes, "der Ja-Stimmen")
    _check_count(no, "der Nein-Stimmen")
    _check_count(abstain, "der Enthaltungen")
    cast = yes + no
    if cast == 0:
        return False
    if RequiredMajority(required) is RequiredMajority.TWO_THIRDS:
        return Fraction(yes, cast) >= Fraction(2, 3)
    return yes > no


@dataclass(frozen=True)
class VoteCheck:
    """Everything the minutes need about one vote, and its result."""

    total_members: int
    present: tuple[Voter, ...]
    """Seats filled (meeting) or answers returned (written procedure), before exclusions."""
    excluded: tuple[Voter, ...]
    """Seats excluded for conflict of interest."""
    voters: tuple[Voter, ...]
    """Seats entitled to vote (present and not excluded)."""
    quorum: QuorumResult
    double: DoubleQuorumResult
    """Always computed for the minutes; only binding when ``double_required``."""
    double_required: bool
    yes: int
    no: int
    abstain: int
    required: RequiredMajority
    majority_reached: bool
    result: VoteResult
    problems: tuple[str, ...] = field(default=())
    """German explanations why the body could not decide."""

    @property
    def sentence(self) -> str:
        """The protocol sentence of the quorum numbers."""
        return protocol_sentence(self.double)


def _double_quorum_problems(dq: DoubleQuorumResult) -> list[str]:
    problems = []
    if not dq.wiso_holds:
        problems.append(
            f"Doppelte Beschlussfähigkeit verfehlt: nur {dq.wiso} von {dq.voters} Stimmberechtigten sind "
            f"WiSo-Partner ({_format_beyond(dq.wiso_share, dq.min_wiso_share)}), "
            f"erforderlich mindestens {_format_limit(dq.min_wiso_share)}."
        )
    if not dq.group_holds and dq.voters:
        problems.append(
            f"Doppelte Beschlussfähigkeit verfehlt: die Interessengruppe {dq.largest_group} hat "
            f"{dq.largest_group_count} von {dq.voters} Stimmen "
            f"({_format_beyond(dq.largest_group_share, dq.max_group_share)}), "
            f"zulässig höchstens {_format_limit(dq.max_group_share)}."
        )
    return problems


def _decide(
    rules: RulesOfProcedure,
    total_members: int,
    present: Sequence[Voter],
    voters: Sequence[Voter],
    counts: tuple[int, int, int],
    required: RequiredMajority | str,
    selection: bool,
    quorum_problem: str,
) -> VoteCheck:
    yes, no, abstain = counts
    for value, label in zip(counts, ("der Ja-Stimmen", "der Nein-Stimmen", "der Enthaltungen"), strict=True):
        _check_count(value, label)
    if yes + no + abstain > len(voters):
        raise VoteCountError(
            tr(
                "Es wurden {cast} Stimmen erfasst ({yes} Ja, {no} Nein, {abstain} "
                "Enthaltungen), aber nur {voters_count} Mitglieder sind stimmberechtigt.",
                cast=yes + no + abstain,
                yes=yes,
                no=no,
                abstain=abstain,
                voters_count=len(voters),
            )
        )
    required = RequiredMajority(required)
    voter_ids = {v.member_id for v in voters}
    excluded = tuple(v for v in present if v.member_id not in voter_ids)
    quorum = meeting_quorum(total_members, len(present), rules)
    dq = double_quorum(voters, rules)
    double_required = selection and rules.double_quorum
    problems: list[str] = []
    if not quorum.holds:
        problems.append(quorum_problem)
    if not voters and present:
        problems.append("Nach dem Ausschluss wegen Interessenkonflikt ist niemand mehr stimmberechtigt.")
    elif not voters and quorum.holds:
        problems.append("Es ist niemand stimmberechtigt.")
    elif voters and double_required:
        problems.extend(_double_quorum_problems(dq))
    passed = majority(yes, no, abstain, required)
    result = VoteResult.ADOPTED if passed else VoteResult.REJECTED
    if problems:
        result = VoteResult.NOT_QUORATE
    return VoteCheck(
        total_members=total_members,
        present=tuple(present),
        excluded=excluded,
        voters=tuple(voters),
        quorum=quorum,
        double=dq,
        double_required=double_required,
        yes=yes,
        no=no,
        abstain=abstain,
        required=required,
        majority_reached=passed,
        result=result,
        problems=tuple(problems),
    )


def _quorum_text(present: int, total: int, rules: RulesOfProcedure, what: str) -> str:
    share = _format_beyond(_share(present, total), rules.quorum_share)
    return (
        f"{present} von {total} stimmberechtigten Mitgliedern {what} ({share}), "
        f"erforderlich {_format_limit(rules.quorum_share)}."
    )


def evaluate_vote(
    rules: RulesOfProcedure,
    seats: Sequence[Seat],
    attendance: Iterable[Attendance],
    conflicts: Collection[PersonId],
    yes: int,
    no: int,
    abstain: int,
    required: RequiredMajority | str = RequiredMajority.SIMPLE,
    selection: bool = True,
    item: int | None = None,
) -> VoteCheck:
    """Check a vote in a meeting at agenda position ``item``.

    ``seats`` are the body's voting seats (their number is the base of the meeting quorum),
    ``conflicts`` the ids of members/deputies with a declared conflict for the item. The meeting quorum
    counts the seats present *before* exclusions; the double quorum (only for selection decisions and
    only when ``rules.double_quorum``) counts the voters *after* exclusions. Raises
    :class:`VoteCountError` when more votes are entered than members are entitled.
    """
    present = seats_present(seats, attendance, item)
    voters = [v for v in present if not _excluded(v, conflicts)]
    text = "Die Sitzung ist nicht beschlussfähig: " + _quorum_text(
        len(present), len(seats), rules, "anwesend"
    )
    return _decide(rules, len(seats), present, voters, (yes, no, abstain), required, selection, text)


def evaluate_written_procedure(
    rules: RulesOfProcedure,
    seats: Sequence[Seat],
    answers: Mapping[PersonId, VoteChoice | str],
    required: RequiredMajority | str = RequiredMajority.SIMPLE,
    selection: bool = True,
) -> VoteCheck:
    """Check a written procedure (Umlaufverfahren, rule 5).

    ``answers`` maps member ids to their answer; a member without an entry gave no answer. Members who
    answered (anything but "keine Rückmeldung", a declared conflict included) form the participants:
    their number against all voting seats is the quorum, mirroring "present before exclusions" in a
    meeting. Members declaring a conflict are excluded; the double quorum counts the valid answers
    (Ja, Nein, Enthaltung) and the majority counts Ja against Nein.
    """
    _check_seats(seats)
    by_id = {seat.member_id: seat for seat in seats}
    unknown = sorted(set(answers) - set(by_id))
    if unknown:
        raise VoteCountError(
            tr(
                "Antworten von Personen ohne Stimmrecht in diesem Gremium: {unknown}.",
                unknown=", ".join(map(str, unknown)),
            )
        )
    choice = {member_id: VoteChoice(value) for member_id, value in answers.items()}
    answered = [s for s in seats if choice.get(s.member_id, VoteChoice.NO_ANSWER) is not VoteChoice.NO_ANSWER]
    present = [Voter.from_seat(s) for s in answered]
    voters = [v for v in present if choice[v.member_id] is not VoteChoice.CONFLICT]
    tally = Counter(choice[v.member_id] for v in voters)
    counts = (tally[VoteChoice.YES], tally[VoteChoice.NO], tally[VoteChoice.ABSTAIN])
    text = "Das Umlaufverfahren ist nicht zustande gekommen: " + _quorum_text(
        len(present), len(seats), rules, "haben geantwortet"
    )
    return _decide(rules, len(seats), present, voters, counts, required, selection, text)
