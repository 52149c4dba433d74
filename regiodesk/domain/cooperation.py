"""Cooperation projects (LEADER cooperation: inter-territorial or transnational): the partners'
shares of cost and grant.

A cooperation project is run by this region together with partner regions (other LAGs). Each
partner finances its own share; the cooperation agreement fixes the shares and names the lead
partner. This region is not a partner row: its share is the project's own cost.

Rules (money in ``int`` cents, exact arithmetic, never floats):

1. A cost share and a grant are amounts of 0 or more cents (missing: not yet known, counts 0).
2. A partner's grant is not higher than its cost share.
3. At most one partner leads; with none marked, this region is the lead partner.
4. The shares add up: this region's cost + every partner's cost share == the total cost of the
   cooperation project, to the cent. More than the total is an error (:func:`over_allocated`: the
   service refuses to store it); less is reported until the missing shares are entered.
5. A share in percent of the total is rounded half up to the basis point (only for display; the
   check of rule 4 is on cents).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from regiodesk.domain.errors import DomainError
from regiodesk.domain.funding import share_bp
from regiodesk.domain.money import euro, percent
from regiodesk.i18n import tr

__all__ = [
    "PartnerShare",
    "lead_partner",
    "over_allocated",
    "share_problems",
]


@dataclass(frozen=True)
class PartnerShare:
    """One partner region as the rules need it."""

    name: str
    cost_share_cents: int | None = None
    grant_cents: int | None = None
    lead: bool = False

    def __post_init__(self) -> None:
        for value, what in ((self.cost_share_cents, "Kostenanteil"), (self.grant_cents, "Zuschuss")):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise DomainError(tr("{name}: {what} in ganzen Cent angeben.", name=self.name, what=what))
            if value < 0:
                raise DomainError(
                    tr("{name}: ein negativer {what} ist nicht möglich.", name=self.name, what=what)
                )


def _allocated(own_cost_cents: int, partners: Sequence[PartnerShare]) -> int:
    return own_cost_cents + sum(p.cost_share_cents or 0 for p in partners)


def lead_partner(partners: Sequence[PartnerShare], own_name: str) -> str:
    """The lead partner's name: the one partner marked, else this region (``own_name``)."""
    leads = [p.name for p in partners if p.lead]
    return leads[0] if len(leads) == 1 else own_name


def over_allocated(total_cents: int | None, own_cost_cents: int, partners: Sequence[PartnerShare]) -> str:
    """A German message when the shares exceed the total cost (rule 4), else ``''``."""
    if total_cents is None:
        return ""
    allocated = _allocated(own_cost_cents, partners)
    if allocated <= total_cents:
        return ""
    return tr(
        "Die Kostenanteile übersteigen die Gesamtkosten des Kooperationsprojekts: eigener Anteil "
        "{own} + Partner {partners} = {allocated}, die Gesamtkosten betragen {total} "
        "(zu viel: {over}).",
        own=euro(own_cost_cents),
        partners=euro(allocated - own_cost_cents),
        allocated=euro(allocated),
        total=euro(total_cents),
        over=euro(allocated - total_cents),
    )


def share_problems(
    total_cents: int | None, own_cost_cents: int | None, partners: Sequence[PartnerShare]
) -> list[str]:
    """German messages for every rule of the module doc that does not hold; empty when all hold.

    ``total_cents`` None: the total cost of the cooperation is not entered yet (rule 4 is then
    reported as missing, not checked). ``own_cost_cents`` None counts 0.
    """
    own = own_cost_cents or 0
    problems: list[str] = []
    for p in partners:
        if p.grant_cents is not None and p.grant_cents > (p.cost_share_cents or 0):
            problems.append(
                tr(
                    "{name}: der Zuschuss ({grant}) ist höher als der Kostenanteil ({cost}).",
                    name=p.name,
                    grant=euro(p.grant_cents),
                    cost=euro(p.cost_share_cents or 0),
                )
            )
    leads = [p.name for p in partners if p.lead]
    if len(leads) > 1:
        problems.append(
            tr(
                "Federführend kann nur ein Partner sein; markiert sind: {names}.",
                names=", ".join(leads),
            )
        )
    if not partners:
        problems.append(tr("Für das Kooperationsprojekt ist noch kein Partner eingetragen."))
    if total_cents is None:
        if partners:
            problems.append(
                tr("Die Gesamtkosten aller Partner fehlen; die Kostenanteile sind nicht geprüft.")
            )
        return problems
    without = [p.name for p in partners if p.cost_share_cents is None]
    allocated = _allocated(own, partners)
    if allocated != total_cents:
        over = over_allocated(total_cents, own, partners)
        if over:
            problems.append(over)
        else:
            problems.append(
                tr(
                    "Die Kostenanteile gehen nicht auf: eigener Anteil {own} + Partner {partners} = "
                    "{allocated}, die Gesamtkosten betragen {total}; es fehlen {missing} "
                    "({missing_share}).",
                    own=euro(own),
                    partners=euro(allocated - own),
                    allocated=euro(allocated),
                    total=euro(total_cents),
                    missing=euro(total_cents - allocated),
                    missing_share=percent(share_bp(total_cents - allocated, total_cents)),
                )
            )
        if without:
            problems.append(tr("Ohne Kostenanteil: {names}.", names=", ".join(without)))
    return problems
