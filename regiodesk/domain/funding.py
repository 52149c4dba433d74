"""Pure funding rules of a project (DOMAIN.md rule 10): cost basis, grant, financing plan, co-financing.

Money is always an ``int`` of cents and a rate an ``int`` of basis points (1 % = 100 bp,
100 % = 10 000 bp); floats never occur. A computed amount is rounded half up to the cent with integer
arithmetic (0,5 ct becomes 1 ct). A *minimum* amount (the required public co-financing) is rounded up
instead, so that the amount shown as required is always enough.

Which cost is the basis: sponsors that can recover VAT (by default companies) calculate on the net
cost, all others on the gross cost. A project type can additionally be marked as calculated on net
(the ``net_basis`` of a stored funding rate).

Public co-financing: where the rules require it (Lower Saxony), a private sponsor needs public money
of at least ``min_public_cofinancing_bp`` of the LEADER grant. Public sponsors (by default
municipalities and other public bodies) bring it themselves; the rule never applies to them. Both
whether it applies and the share are settings of the region, the share overridable per funding
period (``services.grants.funding_rules_in`` reads them); :data:`DEFAULT_PUBLIC_COFINANCING_BP` is
only the default of a new region.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from regiodesk.domain.enums import SponsorType
from regiodesk.domain.errors import DomainError
from regiodesk.domain.money import euro, percent
from regiodesk.domain.text import sort_key
from regiodesk.i18n import tr

__all__ = [
    "BP_100_PERCENT",
    "DEFAULT_NET_BASIS_SPONSORS",
    "DEFAULT_PUBLIC_COFINANCING_BP",
    "DEFAULT_PUBLIC_SPONSORS",
    "FundingRules",
    "GrantResult",
    "cofinancing_warnings",
    "eligible_basis",
    "euro",
    "financing",
    "grant",
    "grant_for",
    "percent",
    "rate_for",
    "required_public_cofinancing",
    "share_bp",
    "uses_net_basis",
]

BP_100_PERCENT = 10_000
"""100 % in basis points."""

DEFAULT_PUBLIC_COFINANCING_BP = 2500
"""Default minimum public co-financing of a private sponsor: 25 % of the LEADER grant (Lower Saxony)."""

DEFAULT_NET_BASIS_SPONSORS: frozenset[SponsorType] = frozenset({SponsorType.COMPANY})
"""Sponsor types that may recover VAT and therefore calculate on the net cost."""

DEFAULT_PUBLIC_SPONSORS: frozenset[SponsorType] = frozenset(
    {SponsorType.MUNICIPALITY, SponsorType.OTHER_PUBLIC}
)
"""Sponsor types whose own money is public money (they need no co-financing from others)."""


def _half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up (both non-negative)."""
    return (2 * numerator + denominator) // (2 * denominator)


def share_bp(part_cents: int, total_cents: int) -> int:
    """``part`` as a share of ``total`` in basis points, rounded half up (0 for a total of 0 or less):
    a funding rate or a partner's share as a list shows it."""
    if total_cents <= 0:
        return 0
    return _half_up(part_cents * BP_100_PERCENT, total_cents)


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _check_money(value: int, label: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(
            tr(
                "{label}: Geldbeträge werden in ganzen Cent angegeben (erhalten: {value!r}).",
                label=label,
                value=value,
            )
        )
    if value < 0:
        raise DomainError(
            tr("{label}: ein negativer Betrag ({value}) ist nicht möglich.", label=label, value=euro(value))
        )


def _check_rate(rate_bp: int, label: str = "Der Fördersatz") -> None:
    if isinstance(rate_bp, bool) or not isinstance(rate_bp, int):
        raise DomainError(
            tr(
                "{label} wird in ganzen Basispunkten angegeben (erhalten: {rate_bp!r}).",
                label=label,
                rate_bp=rate_bp,
            )
        )
    if not 0 <= rate_bp <= BP_100_PERCENT:
        raise DomainError(
            tr(
                "{label} muss zwischen 0 % und 100 % liegen (erhalten: {rate_bp}).",
                label=label,
                rate_bp=percent(rate_bp),
            )
        )


def _sponsor(value: SponsorType | str | None) -> SponsorType:
    if value is None or value == "":
        raise DomainError(tr("Die Art des Projektträgers fehlt."))
    try:
        return SponsorType(value)
    except ValueError:
        raise DomainError(tr("Unbekannte Art des Projektträgers: „{value}“.", value=value)) from None


def _sponsors(values: Iterable[SponsorType | str]) -> frozenset[SponsorType]:
    return frozenset(_sponsor(v) for v in values)


@dataclass(frozen=True)
class FundingRules:
    """The funding rules of one funding period (configurable per region)."""

    rates: Mapping[str, int] = field(default_factory=dict, hash=False)
    """Funding rate in basis points per project type, e.g. ``{"produktiv": 3000, "Kooperation": 6000}``."""
    max_grant_cents: int | None = None
    """Cap of the grant per project (``None``: no cap)."""
    net_basis_sponsors: frozenset[SponsorType] = DEFAULT_NET_BASIS_SPONSORS
    """Sponsor types that calculate on the net cost (VAT recoverable); all others on gross."""
    net_basis_project_types: frozenset[str] = frozenset()
    """Project types calculated on net whatever the sponsor (``net_basis`` of a stored rate)."""
    private_cofinancing_required: bool = False
    """Whether every private sponsor needs public co-financing (Lower Saxony: yes)."""
    cofinancing_project_types: frozenset[str] = frozenset()
    """Project types for which private sponsors need public co-financing even when
    ``private_cofinancing_required`` is off (``requires_public_cofinancing`` of a stored rate)."""
    min_public_cofinancing_bp: int = DEFAULT_PUBLIC_COFINANCING_BP
    """Minimum public co-financing as a share of the LEADER grant (the region's or the funding
    period's setting; Lower Saxony: 25 %)."""
    public_sponsors: frozenset[SponsorType] = DEFAULT_PUBLIC_SPONSORS
    """Sponsor types that count as public (never need co-financing by others)."""

    def __post_init__(self) -> None:
        rates: dict[str, int] = {}
        for project_type, rate in dict(self.rates).items():
            name = str(project_type).strip()
            if not name:
                raise DomainError(tr("Ein Fördersatz ohne Projektart ist nicht möglich."))
            if name in rates:
                raise DomainError(
                    tr("Für die Projektart „{name}“ sind zwei Fördersätze hinterlegt.", name=name)
                )
            _check_rate(rate, f"Der Fördersatz für „{name}“")
            rates[name] = rate
        object.__setattr__(self, "rates", MappingProxyType(rates))
        if self.max_grant_cents is not None:
            _check_money(self.max_grant_cents, "Höchstzuschuss")
        _check_rate(self.min_public_cofinancing_bp, "Der Mindestanteil der öffentlichen Kofinanzierung")
        object.__setattr__(self, "net_basis_sponsors", _sponsors(self.net_basis_sponsors))
        object.__setattr__(self, "public_sponsors", _sponsors(self.public_sponsors))
        for name in ("net_basis_project_types", "cofinancing_project_types"):
            object.__setattr__(self, name, frozenset(str(t).strip() for t in getattr(self, name)))


def rate_for(project_type: str, rules: FundingRules) -> int:
    """The funding rate (bp) of ``project_type``; raises :class:`DomainError` for an unknown type.

    The type is matched exactly after trimming blanks, then ignoring case.
    """
    name = (project_type or "").strip()
    if name in rules.rates:
        return rules.rates[name]
    folded = [key for key in rules.rates if key.casefold() == name.casefold()]
    if len(folded) == 1:
        return rules.rates[folded[0]]
    known = sorted(rules.rates, key=lambda k: (sort_key(k), k))
    if not name:
        text = "Die Projektart fehlt; ohne sie ist kein Fördersatz bestimmt."
    else:
        text = f"Für die Projektart „{name}“ ist kein Fördersatz hinterlegt."
    if known:
        text += " Hinterlegt sind: " + ", ".join(f"„{k}“" for k in known) + "."
    else:
        text += " Es sind noch keine Fördersätze hinterlegt."
    raise DomainError(text)


def uses_net_basis(
    sponsor_type: SponsorType | str | None, rules: FundingRules, project_type: str = ""
) -> bool:
    """Whether the cost basis is net: the sponsor type or the project type says so."""
    if (project_type or "").strip() in rules.net_basis_project_types:
        return True
    return _sponsor(sponsor_type) in rules.net_basis_sponsors


def eligible_basis(
    gross: int | None,
    net: int | None,
    sponsor_type: SponsorType | str | None,
    rules: FundingRules,
    project_type: str = "",
) -> int:
    """The cost (cents) the grant is calculated on: net or gross, see :func:`uses_net_basis`.

    Raises :class:`DomainError` when the needed amount is missing, an amount is negative or the net
    cost exceeds the gross cost.
    """
    if gross is not None:
        _check_money(gross, "Bruttokosten")
    if net is not None:
        _check_money(net, "Nettokosten")
    if gross is not None and net is not None and net > gross:
        raise DomainError(
            tr(
                "Die Nettokosten ({net}) sind höher als die Bruttokosten ({gross}).",
                net=euro(net),
                gross=euro(gross),
            )
        )
    if uses_net_basis(sponsor_type, rules, project_type):
        if net is None:
            raise DomainError(tr("Die Nettokosten fehlen; für diesen Projektträger wird netto gerechnet."))
        return net
    if gross is None:
        raise DomainError(tr("Die Bruttokosten fehlen; für diesen Projektträger wird brutto gerechnet."))
    return gross


@dataclass(frozen=True)
class GrantResult:
    """A calculated grant (all in cents)."""

    amount: int
    """The grant: ``uncapped``, but at most the cap."""
    uncapped: int
    """Eligible cost × rate, rounded half up to the cent."""
    capped: bool
    """Whether the cap reduced the grant (a grant exactly at the cap is not capped)."""


def grant(eligible_cents: int, rate_bp: int, cap_cents: int | None = None) -> GrantResult:
    """Grant = eligible cost × rate, rounded half up to the cent, at most ``cap_cents``."""
    _check_money(eligible_cents, "Förderfähige Kosten")
    _check_rate(rate_bp)
    if cap_cents is not None:
        _check_money(cap_cents, "Höchstzuschuss")
    uncapped = _half_up(eligible_cents * rate_bp, BP_100_PERCENT)
    if cap_cents is not None and uncapped > cap_cents:
        return GrantResult(cap_cents, uncapped, True)
    return GrantResult(uncapped, uncapped, False)


def grant_for(eligible_cents: int, project_type: str, rules: FundingRules) -> GrantResult:
    """:func:`grant` with the rate of ``project_type`` and the cap of ``rules``."""
    return grant(eligible_cents, rate_for(project_type, rules), rules.max_grant_cents)


def financing(total: int, grant: int, cofinancing: int | None = 0, own_share: int | None = 0) -> list[str]:
    """German warnings unless the financing plan adds up: grant + co-financing + own share == total.

    ``total`` is the cost basis of the plan (net or gross, as the grant). A missing co-financing or
    own share counts as 0. Negative amounts and a grant above the cost are warned about as well.
    An empty list means the plan is in order.
    """
    cofinancing = cofinancing or 0
    own_share = own_share or 0
    warnings: list[str] = []
    for value, label in (
        (total, "Die Gesamtkosten"),
        (grant, "Der Zuschuss"),
        (cofinancing, "Die Kofinanzierung"),
        (own_share, "Der Eigenanteil"),
    ):
        if value < 0:
            warnings.append(f"{label} ({euro(value)}) ist negativ.")
    if grant > total >= 0:
        warnings.append(f"Der Zuschuss ({euro(grant)}) ist höher als die Kosten ({euro(total)}).")
    covered = grant + cofinancing + own_share
    if covered != total:
        difference = total - covered
        gap = (
            f"es fehlen {euro(difference)}"
            if difference > 0
            else f"die Finanzierung übersteigt die Kosten um {euro(-difference)}"
        )
        warnings.append(
            f"Der Finanzierungsplan geht nicht auf: Zuschuss ({euro(grant)}) + Kofinanzierung "
            f"({euro(cofinancing)}) + Eigenanteil ({euro(own_share)}) = {euro(covered)}, "
            f"die Kosten betragen {euro(total)}; {gap}."
        )
    return warnings


def required_public_cofinancing(
    sponsor_type: SponsorType | str | None, grant: int, rules: FundingRules, project_type: str = ""
) -> int:
    """The minimum public co-financing (cents) for this sponsor and grant; 0 when not required.

    Required only for a sponsor that is not public, when the rules ask for it (generally or for
    ``project_type``). The share of the grant is rounded *up* to the cent: it is a minimum.
    """
    _check_money(grant, "Zuschuss")
    sponsor = _sponsor(sponsor_type)
    if sponsor in rules.public_sponsors:
        return 0
    applies = rules.private_cofinancing_required or (
        (project_type or "").strip() in rules.cofinancing_project_types
    )
    if not applies:
        return 0
    return _ceil_div(grant * rules.min_public_cofinancing_bp, BP_100_PERCENT)


def cofinancing_warnings(
    sponsor_type: SponsorType | str | None,
    grant: int,
    public_cofinancing: int | None,
    rules: FundingRules,
    project_type: str = "",
) -> list[str]:
    """A German warning when a private sponsor's public co-financing is below the required share.

    ``public_cofinancing`` ``None`` counts as 0. Exactly the required share holds.
    """
    required = required_public_cofinancing(sponsor_type, grant, rules, project_type)
    given = public_cofinancing or 0
    _check_money(given, "Öffentliche Kofinanzierung")
    if given >= required:
        return []
    return [
        f"Die öffentliche Kofinanzierung ({euro(given)}) beträgt weniger als "
        f"{percent(rules.min_public_cofinancing_bp)} des LEADER-Zuschusses ({euro(grant)}); "
        f"erforderlich sind mindestens {euro(required)}."
    ]
