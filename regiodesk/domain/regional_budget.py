"""Regionalbudget (GAK, Kleinprojekte): the limits of a small project and the year's budget.

The Regionalbudget is a yearly budget of the LAG (e.g. up to 200.000 €) for small projects. Its
settings are the year's (:class:`SmallProjectLimits`); the rules (money ``int`` cents, rates ``int``
basis points, exact integer arithmetic):

1. The total cost of a small project is at most ``max_total_cost_cents`` (e.g. 20.000 €): exactly
   the limit holds, one cent more does not. The total cost is the eligible cost the grant is
   calculated on (net or gross, as for every project).
2. The grant is at most ``max_rate_bp`` of the total cost (e.g. 80 %): exactly the rate holds, one
   cent more does not (``grant × 10 000 ≤ rate × cost``, no rounding). The highest grant is
   therefore the rate of the cost rounded *down* to the cent (:func:`max_grant`).
3. The grant is not higher than the cost.
4. The contract between the LAG's legal body and the sponsor is dated in the budget's year, and the
   proof of use arrives by ``proof_of_use_by`` (a date in the same year): a fixed date of the
   contract, not a period, so it is not moved past a weekend (:func:`proof_of_use_deadline`). The
   LEADER deadlines (application after the LAG decision, its lapse, proof of use months after
   completion) do not apply to a small project.
5. The year's budget: the grants of the selected small projects together are at most
   ``budget_cents`` (exactly exhausting it holds) (:func:`budget_check`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from regiodesk.domain.deadlines import Deadline, DeadlineKind
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.errors import DomainError
from regiodesk.domain.funding import BP_100_PERCENT
from regiodesk.domain.money import euro, percent
from regiodesk.i18n import tr

__all__ = [
    "DEFAULT_BUDGET_CENTS",
    "DEFAULT_MAX_RATE_BP",
    "DEFAULT_MAX_TOTAL_COST_CENTS",
    "BudgetCheck",
    "SmallProjectLimits",
    "budget_check",
    "cost_and_rate_problems",
    "limits_problems",
    "max_grant",
    "proof_of_use_deadline",
    "small_project_problems",
]

DEFAULT_BUDGET_CENTS = 20_000_000
"""200.000 €: the usual yearly Regionalbudget."""
DEFAULT_MAX_TOTAL_COST_CENTS = 2_000_000
"""20.000 €: the usual limit of a small project's total cost."""
DEFAULT_MAX_RATE_BP = 8000
"""80 %: the usual cap of the funding rate."""


def _money(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass(frozen=True)
class SmallProjectLimits:
    """The Regionalbudget settings of one year."""

    year: int
    budget_cents: int = DEFAULT_BUDGET_CENTS
    max_total_cost_cents: int = DEFAULT_MAX_TOTAL_COST_CENTS
    max_rate_bp: int = DEFAULT_MAX_RATE_BP
    proof_of_use_by: date | None = None

    def __post_init__(self) -> None:
        problems = limits_problems(
            self.year, self.budget_cents, self.max_total_cost_cents, self.max_rate_bp, self.proof_of_use_by
        )
        if problems:
            raise DomainError(" ".join(problems.values()))


def limits_problems(
    year: object,
    budget_cents: object,
    max_total_cost_cents: object,
    max_rate_bp: object,
    proof_of_use_by: object,
) -> dict[str, str]:
    """German messages for settings that cannot be a year's Regionalbudget, by field name."""
    problems: dict[str, str] = {}
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        problems["year"] = tr("Das Jahr des Regionalbudgets muss zwischen 2000 und 2100 liegen.")
    if not _money(budget_cents):
        problems["budget_cents"] = tr("Das Jahresbudget muss ein Betrag ab 0 € sein.")
    if not _money(max_total_cost_cents) or max_total_cost_cents == 0:
        problems["max_total_cost_cents"] = tr("Die Kostengrenze je Kleinprojekt muss größer als 0 € sein.")
    if (
        isinstance(max_rate_bp, bool)
        or not isinstance(max_rate_bp, int)
        or not 0 < max_rate_bp <= BP_100_PERCENT
    ):
        problems["max_rate_bp"] = tr("Der höchste Fördersatz muss über 0 % und höchstens 100 % sein.")
    if (
        proof_of_use_by is not None
        and isinstance(year, int)
        and getattr(proof_of_use_by, "year", None) != year
    ):
        problems["proof_of_use_by"] = tr(
            "Der Verwendungsnachweis des Regionalbudgets {year} ist im selben Jahr fällig; "
            "bitte ein Datum in {year} angeben.",
            year=year,
        )
    return problems


def max_grant(total_cost_cents: int, limits: SmallProjectLimits) -> int:
    """The highest grant for this cost: ``max_rate`` of the cost, rounded down to the cent.

    Rounded down, because a grant of a cent more would exceed the rate (rule 2).
    """
    if not _money(total_cost_cents):
        raise DomainError(tr("Die Gesamtkosten müssen ein Betrag ab 0 € sein."))
    return total_cost_cents * limits.max_rate_bp // BP_100_PERCENT


def small_project_problems(
    total_cost_cents: int | None,
    grant_cents: int | None,
    limits: SmallProjectLimits,
    contract_on: date | None = None,
    proof_of_use_on: date | None = None,
    today: date | None = None,
) -> list[str]:
    """German messages for each rule 1–4 a small project breaks; empty when it keeps all of them.

    A missing cost or grant is named (the project cannot be checked, nor ranked, without it).
    With ``today`` (and a contract), a proof of use still missing after its deadline is named too.
    """
    problems = cost_and_rate_problems(total_cost_cents, grant_cents, limits)
    year = limits.year
    if contract_on is not None and contract_on.year != year:
        problems.append(
            tr(
                "Der Vertrag vom {day} liegt nicht im Jahr des Regionalbudgets ({year}).",
                day=_day(contract_on),
                year=year,
            )
        )
    deadline = limits.proof_of_use_by
    if proof_of_use_on is not None and deadline is not None and proof_of_use_on > deadline:
        problems.append(
            tr(
                "Der Verwendungsnachweis vom {day} kam nach der Frist ({deadline}).",
                day=_day(proof_of_use_on),
                deadline=_day(deadline),
            )
        )
    if (
        proof_of_use_on is None
        and contract_on
        and deadline is not None
        and today is not None
        and today > deadline
    ):
        problems.append(
            tr("Der Verwendungsnachweis fehlt; er war bis zum {deadline} fällig.", deadline=_day(deadline))
        )
    return problems


def cost_and_rate_problems(
    total_cost_cents: int | None, grant_cents: int | None, limits: SmallProjectLimits
) -> list[str]:
    """Rules 1–3 only (what decides whether a small project can be selected at all)."""
    problems: list[str] = []
    year = limits.year
    if total_cost_cents is None:
        problems.append(tr("Die Gesamtkosten fehlen; ohne sie ist das Kleinprojekt nicht prüfbar."))
    elif not _money(total_cost_cents):
        problems.append(tr("Die Gesamtkosten müssen ein Betrag ab 0 € sein."))
        total_cost_cents = None
    elif total_cost_cents > limits.max_total_cost_cents:
        problems.append(
            tr(
                "Die Gesamtkosten ({cost}) übersteigen die Grenze des Regionalbudgets {year} von "
                "{limit} um {over}.",
                cost=euro(total_cost_cents),
                year=year,
                limit=euro(limits.max_total_cost_cents),
                over=euro(total_cost_cents - limits.max_total_cost_cents),
            )
        )
    if grant_cents is None:
        problems.append(tr("Der Zuschuss fehlt."))
    elif not _money(grant_cents):
        problems.append(tr("Der Zuschuss muss ein Betrag ab 0 € sein."))
    elif total_cost_cents is not None:
        if grant_cents > total_cost_cents:
            problems.append(
                tr(
                    "Der Zuschuss ({grant}) ist höher als die Gesamtkosten ({cost}).",
                    grant=euro(grant_cents),
                    cost=euro(total_cost_cents),
                )
            )
        elif grant_cents * BP_100_PERCENT > limits.max_rate_bp * total_cost_cents:
            highest = max_grant(total_cost_cents, limits)
            problems.append(
                tr(
                    "Der Zuschuss ({grant}) ist höher als {rate} der Gesamtkosten ({cost}); "
                    "möglich sind höchstens {highest}.",
                    grant=euro(grant_cents),
                    rate=percent(limits.max_rate_bp),
                    cost=euro(total_cost_cents),
                    highest=euro(highest),
                )
            )
    return problems


#: A small project owes its proof of use from the contract on until it is recorded.
_OWES_PROOF = frozenset({ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED})


def proof_of_use_deadline(
    status: ProjectStatus | str, proof_of_use_on: date | None, limits: SmallProjectLimits, today: date
) -> Deadline | None:
    """The open proof-of-use deadline of a small project (contracted: bewilligt, in Umsetzung,
    abgeschlossen; no proof recorded), or None. Overdue from the day after the date."""
    deadline = limits.proof_of_use_by
    if deadline is None or proof_of_use_on is not None or ProjectStatus(status) not in _OWES_PROOF:
        return None
    overdue = today > deadline
    text = tr("Verwendungsnachweis Regionalbudget {year} bis {day}", year=limits.year, day=_day(deadline))
    return Deadline(
        DeadlineKind.PROOF_OF_USE, deadline, overdue, tr("Überfällig: ") + text if overdue else text
    )


def _day(value: date) -> str:
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


@dataclass(frozen=True)
class BudgetCheck:
    """The year's budget against the grants of its selected small projects (cents)."""

    budget_cents: int
    committed_cents: int

    @property
    def remaining_cents(self) -> int:
        """Budget not yet committed (negative when over)."""
        return self.budget_cents - self.committed_cents

    @property
    def holds(self) -> bool:
        return self.committed_cents <= self.budget_cents

    @property
    def message(self) -> str:
        """One German line: how much is committed, and what is left or how much too much."""
        text = tr(
            "{committed} von {budget} gebunden",
            committed=euro(self.committed_cents),
            budget=euro(self.budget_cents),
        )
        if self.holds:
            return text + tr(", frei: {left}.", left=euro(self.remaining_cents))
        return text + tr("; das Jahresbudget ist um {over} überschritten.", over=euro(-self.remaining_cents))


def budget_check(budget_cents: int, grants: Sequence[int]) -> BudgetCheck:
    """Rule 5: the grants together against the year's budget."""
    if not _money(budget_cents):
        raise DomainError(tr("Das Jahresbudget muss ein Betrag ab 0 € sein."))
    for grant in grants:
        if not _money(grant):
            raise DomainError(tr("Ein Zuschuss muss ein Betrag ab 0 € sein."))
    return BudgetCheck(budget_cents, sum(grants))
