"""Scoring projects against the selection criteria and ranking a call against its budget (rule 8).

Scoring: each criterion is scored from 0 to its ``max_points``. A criterion's *required* points are
its ``min_points``, and at least 1 when it is mandatory (a mandatory criterion with ``min_points`` 0
needs 1 point). A project qualifies when it reaches the minimum total (inclusive) and the required
points of every criterion. A criterion without a score counts 0 points (and is named in the messages).

Ranking a call (:func:`rank_call`): only qualifying projects are ranked. The order is

1. higher total;
2. on a tie: more points in the mandatory criteria, compared one by one in the order of the scoring
   sheet (the first mandatory criterion first, then the second, …);
3. then the lower grant (the budget goes further);
4. then the earlier submission date (a project without a date comes after those with one);
5. then the title in German alphabetical order (DIN 5007-1), finally the id (only for identical
   entries, so that the order is always the same).

A qualifying project without a grant amount (``grant_cents`` ``None``) is *incomplete*: it is
not placed at all, neither within the budget nor on the waiting list, since nobody can say whether
it fits (counting it as 0 € would put it "im Budget" for free). :func:`incomplete` names it with
:data:`INCOMPLETE_NO_GRANT`; a grant of exactly 0 € is a stated amount and is placed.

The budget is filled strictly in rank order: projects are funded while the cumulative grant stays
within the budget (exactly exhausting it fits). The first project that does not fit ends the funded
list; it and every project after it go on the waiting list (Nachrückerliste), even a cheaper one that
would still fit. Skipping would let a lower-ranked project overtake a better one, which the selection
criteria exist to prevent; the LAG may still decide otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from regiodesk.domain.errors import DomainError
from regiodesk.domain.money import euro
from regiodesk.domain.text import sort_key
from regiodesk.i18n import tr

__all__ = [
    "INCOMPLETE_NO_GRANT",
    "Candidate",
    "Criterion",
    "RankedProject",
    "ScoreResult",
    "evaluate_scores",
    "incomplete",
    "rank_call",
]

INCOMPLETE_NO_GRANT = "unvollständig: kein Zuschuss angegeben"
"""Why a qualifying project without a grant amount is not placed on the ranking."""


def _points_word(n: int) -> str:
    return f"{n} {'Punkt' if n == 1 else 'Punkte'}"


@dataclass(frozen=True)
class Criterion:
    """A selection criterion of the scoring sheet."""

    id: str
    max_points: int
    mandatory: bool = False
    min_points: int = 0
    title: str = ""

    def __post_init__(self) -> None:
        for value in (self.max_points, self.min_points):
            if isinstance(value, bool) or not isinstance(value, int):
                raise DomainError(
                    tr(
                        "Kriterium {name}: Punkte sind ganze Zahlen (erhalten: {value!r}).",
                        name=self.name,
                        value=value,
                    )
                )
        if self.max_points < 0:
            raise DomainError(
                tr("Kriterium {name}: die Höchstpunktzahl darf nicht negativ sein.", name=self.name)
            )
        if not 0 <= self.min_points <= self.max_points:
            raise DomainError(
                tr(
                    "Kriterium {name}: die Mindestpunktzahl ({min_points}) muss zwischen 0 "
                    "und der Höchstpunktzahl ({max_points}) liegen.",
                    name=self.name,
                    min_points=self.min_points,
                    max_points=self.max_points,
                )
            )
        if self.mandatory and self.max_points < 1:
            raise DomainError(
                tr("Pflichtkriterium {name}: die Höchstpunktzahl muss mindestens 1 sein.", name=self.name)
            )

    @property
    def name(self) -> str:
        """The criterion as messages quote it: its title, or its id when it has none."""
        return f"„{self.title or self.id}“"

    @property
    def required_points(self) -> int:
        """Points the criterion needs: ``min_points``, and at least 1 when mandatory."""
        return max(self.min_points, 1) if self.mandatory else self.min_points


@dataclass(frozen=True)
class ScoreResult:
    """The evaluated scoring sheet of one project."""

    total: int
    max_total: int
    min_total: int | None
    mandatory_failed: tuple[str, ...]
    """Ids of the criteria below their required points, in sheet order."""
    minimum_reached: bool
    """Whether ``total >= min_total`` (always true without a minimum total)."""
    mandatory_points: tuple[int, ...]
    """Points in the mandatory criteria in sheet order (the tie-break of :func:`rank_call`)."""
    unscored: tuple[str, ...]
    """Ids of the criteria without a score (counted as 0)."""
    messages: tuple[str, ...]
    """German explanations of what is missing; empty when the project qualifies and is fully scored."""

    @property
    def qualifies(self) -> bool:
        """Minimum total reached and every required criterion met."""
        return self.minimum_reached and not self.mandatory_failed

    @property
    def summary(self) -> str:
        """One German line for lists and minutes, e.g. ``31 von 36 Punkten, Mindestpunktzahl 28 erreicht``."""
        text = f"{self.total} von {self.max_total} Punkten"
        if self.min_total is not None:
            verdict = "erreicht" if self.minimum_reached else "verfehlt"
            text += f", Mindestpunktzahl {self.min_total} {verdict}"
        failed = len(self.mandatory_failed)
        if failed:
            text += f", {failed} {'Kriterium' if failed == 1 else 'Kriterien'} nicht erfüllt"
        return text


def evaluate_scores(
    criteria: Sequence[Criterion], points: Mapping[str, int], min_total: int | None = None
) -> ScoreResult:
    """Evaluate one project's scores (``points``: criterion id → points).

    Raises :class:`DomainError` (German) for points outside 0..max, points for an unknown criterion,
    a criterion id used twice or a negative minimum total.
    """
    ids = [c.id for c in criteria]
    if len(set(ids)) != len(ids):
        doubles = sorted({i for i in ids if ids.count(i) > 1}, key=str)
        raise DomainError(
            tr("Kriterien mehrfach im Bewertungsbogen: {doubles}.", doubles=", ".join(map(str, doubles)))
        )
    unknown = sorted((k for k in points if k not in set(ids)), key=str)
    if unknown:
        raise DomainError(
            tr("Punkte für unbekannte Kriterien: {unknown}.", unknown=", ".join(map(str, unknown)))
        )
    if min_total is not None and min_total < 0:
        raise DomainError(tr("Die Mindestpunktzahl darf nicht negativ sein."))
    total = 0
    failed: list[str] = []
    unscored: list[str] = []
    mandatory_points: list[int] = []
    messages: list[str] = []
    for criterion in criteria:
        value = points.get(criterion.id)
        if value is None:
            unscored.append(criterion.id)
            value = 0
        elif isinstance(value, bool) or not isinstance(value, int):
            raise DomainError(
                tr(
                    "Kriterium {criterion_name}: Punkte sind ganze Zahlen (erhalten: {value!r}).",
                    criterion_name=criterion.name,
                    value=value,
                )
            )
        elif not 0 <= value <= criterion.max_points:
            raise DomainError(
                tr(
                    "Kriterium {criterion_name}: {value} liegen außerhalb der Skala von 0 "
                    "bis {criterion_max_points}.",
                    criterion_name=criterion.name,
                    value=_points_word(value),
                    criterion_max_points=criterion.max_points,
                )
            )
        total += value
        if criterion.mandatory:
            mandatory_points.append(value)
        if value < criterion.required_points:
            failed.append(criterion.id)
            kind = "Pflichtkriterium" if criterion.mandatory else "Kriterium"
            messages.append(
                f"{kind} {criterion.name} nicht erfüllt: {_points_word(value)}, "
                f"erforderlich mindestens {criterion.required_points}."
            )
    max_total = sum(c.max_points for c in criteria)
    reached = min_total is None or total >= min_total
    if not reached:
        messages.insert(
            0, f"Mindestpunktzahl verfehlt: {_points_word(total)}, erforderlich mindestens {min_total}."
        )
    if unscored:
        names = ", ".join(c.name for c in criteria if c.id in set(unscored))
        messages.append(f"Noch nicht bewertet (mit 0 Punkten gezählt): {names}.")
    return ScoreResult(
        total=total,
        max_total=max_total,
        min_total=min_total,
        mandatory_failed=tuple(failed),
        minimum_reached=reached,
        mandatory_points=tuple(mandatory_points),
        unscored=tuple(unscored),
        messages=tuple(messages),
    )


@dataclass(frozen=True)
class Candidate:
    """A project of a call, as :func:`rank_call` needs it."""

    id: str
    title: str
    score: ScoreResult
    grant_cents: int | None
    """The grant in cents; ``None`` when none is given yet (the project is then incomplete)."""
    submitted_on: date | None = None


@dataclass(frozen=True)
class RankedProject:
    """One line of the ranking of a call."""

    position: int
    """1, 2, 3, … in rank order."""
    id: str
    title: str
    total: int
    grant: int
    """Grant in cents."""
    within_budget: bool
    """Funded from the call's budget; otherwise on the waiting list (Nachrückerliste)."""
    cumulative: int
    """Sum of the grants of this project and all ranked before it (cents)."""
    reason: str
    """German explanation of the position and of the budget decision."""


def _order_key(c: Candidate) -> tuple[object, ...]:
    return (
        -c.score.total,
        tuple(-p for p in c.score.mandatory_points),
        c.grant_cents,
        c.submitted_on is None,
        c.submitted_on or date.min,
        sort_key(c.title),
        c.title,
        str(c.id),
    )


def _tie_reason(before: Candidate, this: Candidate) -> str:
    """Which rule put ``this`` after ``before`` when both have the same total."""
    if before.score.mandatory_points != this.score.mandatory_points:
        return "weniger Punkte in den Pflichtkriterien"
    if before.grant_cents != this.grant_cents:
        return "höherer Zuschuss"
    if before.submitted_on != this.submitted_on:
        return "späterer Eingang" if this.submitted_on is not None else "ohne Eingangsdatum"
    if before.title != this.title:
        return "Titel (alphabetisch)"
    return "Reihenfolge der Erfassung"


def incomplete(projects: Sequence[Candidate]) -> list[tuple[Candidate, str]]:
    """The qualifying projects :func:`rank_call` does not place because data is missing, with why
    (:data:`INCOMPLETE_NO_GRANT`), in the order given."""
    return [(p, INCOMPLETE_NO_GRANT) for p in projects if p.score.qualifies and p.grant_cents is None]


def rank_call(projects: Sequence[Candidate], budget_cents: int) -> list[RankedProject]:
    """Rank the qualifying projects of a call and fill its budget in rank order (see module doc).

    Projects that do not qualify (:attr:`ScoreResult.qualifies`) and projects without a grant
    amount (:func:`incomplete`) are left out. Raises :class:`DomainError` for a negative budget or
    grant and for an id used twice.
    """
    if isinstance(budget_cents, bool) or not isinstance(budget_cents, int) or budget_cents < 0:
        raise DomainError(
            tr(
                "Das Budget des Aufrufs muss ein Betrag ab 0 in Cent sein (erhalten: {budget_cents!r}).",
                budget_cents=budget_cents,
            )
        )
    seen: set[str] = set()
    for p in projects:
        if p.id in seen:
            raise DomainError(tr("Projekt {p_id} ist mehrfach im Aufruf.", p_id=p.id))
        seen.add(p.id)
        if p.grant_cents is None:
            continue
        if isinstance(p.grant_cents, bool) or not isinstance(p.grant_cents, int) or p.grant_cents < 0:
            raise DomainError(
                tr("Projekt „{p_title}“: der Zuschuss muss ein Betrag ab 0 in Cent sein.", p_title=p.title)
            )
    ordered = sorted((p for p in projects if p.score.qualifies and p.grant_cents is not None), key=_order_key)
    result: list[RankedProject] = []
    cumulative = 0
    funding = True
    first_out = 0
    for position, project in enumerate(ordered, start=1):
        grant = project.grant_cents
        assert grant is not None  # incomplete projects were left out above
        remaining = budget_cents - cumulative
        cumulative += grant
        parts = [_points_word(project.score.total)]
        if position > 1 and ordered[position - 2].score.total == project.score.total:
            before = ordered[position - 2]
            parts.append(
                f"Gleichstand mit „{before.title}“ (Platz {position - 1}), dahinter wegen: "
                f"{_tie_reason(before, project)}"
            )
        if funding and cumulative <= budget_cents:
            parts.append(f"im Budget (zusammen {euro(cumulative)} von {euro(budget_cents)})")
        elif funding:
            funding = False
            first_out = position
            parts.append(
                f"Nachrückerliste: der Zuschuss ({euro(grant)}) übersteigt das "
                f"verbleibende Budget ({euro(remaining)})"
            )
        else:
            parts.append(
                f"Nachrückerliste: die Förderliste endet vor Platz {first_out}, dem ersten Projekt, "
                "das nicht mehr in das Budget passt"
            )
        result.append(
            RankedProject(
                position=position,
                id=project.id,
                title=project.title,
                total=project.score.total,
                grant=grant,
                within_budget=funding,
                cumulative=cumulative,
                reason="; ".join(parts) + ".",
            )
        )
    return result
