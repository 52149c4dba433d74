"""Funding of a project: the grant proposal behind "Zuschuss berechnen" and the project's warnings.

The arithmetic is ``domain/funding.py``; this module reads the rules of the funding period from
the database (rates per project type, net basis, required public co-financing, the cap per
project) and applies them to a project's stored or typed values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import Call, FundingPeriod, FundingRate, Project, RegionalBudget
from regiodesk.domain import funding, regional_budget
from regiodesk.domain.enums import SponsorType
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.i18n import format_cents, format_percent_bp, tr
from regiodesk.services.applicable_period import funding_period_id_for
from regiodesk.services.region import rule_settings_in

__all__ = [
    "GrantProposal",
    "calculate_grant",
    "funding_rules_in",
    "project_funding_warnings",
]


def funding_rules_in(session: Session, funding_period_id: str | None) -> funding.FundingRules:
    """The :class:`FundingRules` of a funding period (no period: no rates, no cap).

    Rule 10's public co-financing comes from the region's settings (whether every private sponsor
    needs it, and the share of the grant), the share overridden by the funding period's own
    ``cofinancing_share_bp`` where it has one.
    """
    region = rule_settings_in(session)
    required = region.private_needs_public_cofinancing
    if funding_period_id is None:
        return funding.FundingRules(
            private_cofinancing_required=required, min_public_cofinancing_bp=region.cofinancing_share_bp
        )
    period = session.get(FundingPeriod, funding_period_id)
    share = region.cofinancing_share_bp
    if period is not None and period.cofinancing_share_bp is not None:
        share = period.cofinancing_share_bp
    rates = list(
        session.scalars(
            select(FundingRate).where(
                FundingRate.funding_period_id == funding_period_id, FundingRate.deleted_at.is_(None)
            )
        )
    )
    return funding.FundingRules(
        rates={r.project_type: r.rate_bp for r in rates},
        max_grant_cents=period.max_grant_per_project_cents if period is not None else None,
        net_basis_project_types=frozenset(r.project_type for r in rates if r.net_basis),
        cofinancing_project_types=frozenset(r.project_type for r in rates if r.requires_public_cofinancing),
        private_cofinancing_required=required,
        min_public_cofinancing_bp=share,
    )


@dataclass(frozen=True)
class GrantProposal:
    """What "Zuschuss berechnen" proposes for a project (all money in cents, rates in bp)."""

    net_basis: bool
    """Whether the cost basis is the net cost (VAT recoverable) rather than the gross cost."""
    cost_basis_cents: int
    """Total cost on that basis: the amount the financing plan has to cover."""
    eligible_cents: int
    """Eligible cost the grant is calculated on (the typed one, else the cost basis)."""
    rate_bp: int
    grant_cents: int
    uncapped_cents: int
    capped: bool
    cap_cents: int | None
    required_public_cofinancing_cents: int
    own_share_cents: int
    """Own share that closes the financing plan: basis − grant − co-financing (at least 0)."""
    explanation: str
    """One German sentence on how the grant came about."""
    warnings: tuple[str, ...]

    def values(self) -> dict[str, int]:
        """The project fields a form fills in from the proposal."""
        return {
            "eligible_cost_cents": self.eligible_cents,
            "funding_rate_bp": self.rate_bp,
            "grant_cents": self.grant_cents,
            "own_share_cents": self.own_share_cents,
        }


_VALUE_KEYS = (
    "sponsor_type",
    "project_type",
    "call_id",
    "total_cost_gross_cents",
    "total_cost_net_cents",
    "eligible_cost_cents",
    "funding_rate_bp",
    "grant_cents",
    "cofinancing_cents",
    "own_share_cents",
)


def _proposal(session: Session, values: Mapping[str, Any]) -> GrantProposal:
    rules = funding_rules_in(session, funding_period_id_for(session, values.get("call_id")))
    sponsor = values.get("sponsor_type")
    project_type = (values.get("project_type") or "").strip()
    if not sponsor:
        raise DomainError(
            tr("Bitte die Art des Projektträgers wählen: sie entscheidet über netto oder brutto.")
        )
    net = funding.uses_net_basis(sponsor, rules, project_type)
    basis = funding.eligible_basis(
        values.get("total_cost_gross_cents"), values.get("total_cost_net_cents"), sponsor, rules, project_type
    )
    warnings: list[str] = []
    typed_rate = values.get("funding_rate_bp")
    # A Kleinprojekt of the Regionalbudget: the year's rate cap, whatever the project type.
    small = _small_project_limits(session, values.get("call_id"))
    # The rate of the project type wins wherever the period has one (matched as rate_for matches,
    # ignoring case); a typed rate only stands in for a type without a stored rate.
    type_rate: int | None = None
    if small is not None:  # a lower rate typed in stands; a higher one is capped
        type_rate = small.max_rate_bp if typed_rate is None else min(typed_rate, small.max_rate_bp)
    elif project_type:
        try:
            type_rate = funding.rate_for(project_type, rules)
        except DomainError:
            if typed_rate is None:
                raise
            warnings.append(
                f"Für die Projektart „{project_type}“ ist kein Fördersatz hinterlegt; gerechnet wird mit "
                f"dem eingetragenen Fördersatz ({format_percent_bp(typed_rate)})."
            )
    if type_rate is not None:
        rate = type_rate
        if small is not None and typed_rate is not None and typed_rate != rate:
            warnings.append(
                f"Der eingetragene Fördersatz ({format_percent_bp(typed_rate)}) ist höher als der höchste "
                f"Fördersatz des Regionalbudgets {small.year} ({format_percent_bp(rate)}); gerechnet wird "
                f"mit {format_percent_bp(rate)}."
            )
        elif typed_rate is not None and typed_rate != rate:
            warnings.append(
                f"Der eingetragene Fördersatz ({format_percent_bp(typed_rate)}) weicht vom Fördersatz für "
                f"„{project_type}“ ({format_percent_bp(rate)}) ab; gerechnet wird mit "
                f"{format_percent_bp(rate)}."
            )
    elif typed_rate is not None:
        rate = typed_rate
    else:
        raise DomainError(
            tr("Bitte die Projektart oder einen Fördersatz angeben; ohne sie ist kein Zuschuss bestimmt.")
        )
    eligible = values.get("eligible_cost_cents")
    if eligible is None:
        eligible = basis
    elif eligible > basis:
        kind = "Nettokosten" if net else "Bruttokosten"
        warnings.append(
            f"Die förderfähigen Kosten ({format_cents(eligible)}) sind höher als die {kind} "
            f"({format_cents(basis)})."
        )
    if small is None:
        result = funding.grant(eligible, rate, rules.max_grant_cents)
    else:  # rounded down: a cent more would exceed the rate cap (domain/regional_budget.py)
        highest = regional_budget.max_grant(eligible, replace(small, max_rate_bp=rate))
        result = funding.GrantResult(highest, highest, False)
        warnings += regional_budget.cost_and_rate_problems(eligible, highest, small)
    cofinancing = values.get("cofinancing_cents") or 0
    required = funding.required_public_cofinancing(sponsor, result.amount, rules, project_type)
    warnings += funding.cofinancing_warnings(sponsor, result.amount, cofinancing, rules, project_type)
    own_share = max(basis - result.amount - cofinancing, 0)
    warnings += funding.financing(basis, result.amount, cofinancing, own_share)
    explanation = (
        f"{format_cents(eligible)} förderfähige Kosten ({'netto' if net else 'brutto'}) × "
        f"{format_percent_bp(rate)} = {format_cents(result.uncapped)}"
    )
    if result.capped:
        explanation += f", begrenzt auf den Höchstzuschuss von {format_cents(result.amount)}"
    if small is not None:
        explanation += f" (Regionalbudget {small.year}: höchstens {format_percent_bp(small.max_rate_bp)})"
    explanation += "."
    return GrantProposal(
        net_basis=net,
        cost_basis_cents=basis,
        eligible_cents=eligible,
        rate_bp=rate,
        grant_cents=result.amount,
        uncapped_cents=result.uncapped,
        capped=result.capped,
        cap_cents=rules.max_grant_cents,
        required_public_cofinancing_cents=required,
        own_share_cents=own_share,
        explanation=explanation,
        warnings=tuple(warnings),
    )


def _small_project_limits(session: Session, call_id: str | None) -> regional_budget.SmallProjectLimits | None:
    """The Regionalbudget limits when ``call_id`` is a Regionalbudget call, else None."""
    call = session.get(Call, call_id) if call_id else None
    if call is None or call.deleted_at is not None or not call.regional_budget_id:
        return None
    budget = session.get(RegionalBudget, call.regional_budget_id)
    if budget is None or budget.deleted_at is not None:
        return None
    return regional_budget.SmallProjectLimits(
        budget.year,
        budget.budget_cents,
        budget.max_total_cost_cents,
        budget.max_rate_bp,
        budget.proof_of_use_by,
    )


def calculate_grant(db: Database, values: Mapping[str, Any]) -> GrantProposal:
    """ "Zuschuss berechnen" for the values of a project form (saved or not); nothing is stored.

    ``values`` holds the project fields by name (``sponsor_type``, ``project_type``, ``call_id``,
    ``total_cost_gross_cents``, ``total_cost_net_cents``, ``eligible_cost_cents``, ``funding_rate_bp``,
    ``cofinancing_cents``). The rate comes from the project type where the funding period has one,
    else from ``funding_rate_bp``; the cost basis is net or gross per sponsor and project type;
    eligible cost defaults to the cost basis. Raises :class:`DomainError` (German) when a needed
    value is missing.
    """
    with db.session() as session:
        return _proposal(session, values)


def _stored_values(project: Project) -> dict[str, Any]:
    return {key: getattr(project, key) for key in _VALUE_KEYS}


def project_funding_warnings_in(session: Session, project: Project) -> list[str]:
    """German warnings on a saved project's funding (empty when in order or not yet calculable).

    Checks the stored grant against eligible cost × rate and the cap, the public co-financing
    and the financing plan (grant + co-financing + own share = cost basis).
    """
    if project.grant_cents is None or not project.sponsor_type:
        return []
    values = _stored_values(project)
    try:
        proposal = _proposal(session, values)
    except DomainError as error:
        return [str(error)]
    rules = funding_rules_in(session, funding_period_id_for(session, project.call_id))
    warnings = [w for w in proposal.warnings if "weicht vom Fördersatz" in w]
    rate = project.funding_rate_bp if project.funding_rate_bp is not None else proposal.rate_bp
    expected = funding.grant(proposal.eligible_cents, rate, rules.max_grant_cents)
    if project.grant_cents > expected.amount:
        capped = f", höchstens {format_cents(rules.max_grant_cents)}" if expected.capped else ""
        warnings.append(
            f"Der Zuschuss ({format_cents(project.grant_cents)}) ist höher als berechnet: "
            f"{format_cents(proposal.eligible_cents)} × {format_percent_bp(rate)} = "
            f"{format_cents(expected.uncapped)}{capped}."
        )
    warnings += funding.cofinancing_warnings(
        SponsorType(project.sponsor_type),
        project.grant_cents,
        project.cofinancing_cents,
        rules,
        project.project_type,
    )
    if project.own_share_cents is not None or project.cofinancing_cents is not None:
        warnings += funding.financing(
            proposal.cost_basis_cents, project.grant_cents, project.cofinancing_cents, project.own_share_cents
        )
    return warnings


def project_funding_warnings(db: Database, project_id: str) -> list[str]:
    """:func:`project_funding_warnings_in` for one project by id."""
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
        return project_funding_warnings_in(session, project)
