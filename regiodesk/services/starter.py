"""The starter set of a LEADER region: what a new office gets before it types anything.

Pure data (no database, no Qt): the set-up assistant shows it for editing, the command line
(``regiodesk new --starter leader``) and :func:`regiodesk.services.region.apply_starter`
write it. The rules of procedure are shared/DOMAIN.md's defaults (rules 1, 2, 5 and 6).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupSpec:
    name: str
    #: Rule 2: the public sector counts as one group however the office splits it.
    public_sector: bool


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    unit: str
    #: IndicatorKind value ("output" or "ergebnis")
    kind: str
    #: IndicatorSource value ("erfasst", "anzahl_projekte", …)
    source: str


@dataclass(frozen=True)
class RulesSpec:
    """Rules of procedure a new body starts with (RegionSettings.default_*)."""

    quorum_share_bp: int = 5000
    double_quorum: bool = True
    max_group_share_bp: int = 4900
    min_non_public_share_bp: int = 5000
    notice_days: int = 7
    written_procedure_allowed: bool = True


@dataclass(frozen=True)
class StarterSet:
    interest_groups: tuple[GroupSpec, ...]
    rules: RulesSpec
    indicators: tuple[IndicatorSpec, ...]
    consent_purposes: tuple[str, ...]
    #: (project type, rate in basis points, net basis): DOMAIN.md rule 10's Bavarian example
    funding_rates: tuple[tuple[str, int, bool], ...]


LEADER = StarterSet(
    interest_groups=(
        GroupSpec("Öffentlicher Sektor", True),
        GroupSpec("Wirtschaft", False),
        GroupSpec("Soziales", False),
        GroupSpec("Umwelt/Natur", False),
        GroupSpec("Kultur/Bildung", False),
        GroupSpec("Zivilgesellschaft", False),
    ),
    rules=RulesSpec(),
    # The common output indicators of DOMAIN.md's monitoring, for the region as a whole
    # (no Handlungsfeld): the office gives them target values later.
    indicators=(
        IndicatorSpec("Anzahl Projekte", "Anzahl", "output", "anzahl_projekte"),
        IndicatorSpec("Geschaffene Arbeitsplätze", "VZÄ", "ergebnis", "erfasst"),
        IndicatorSpec("Teilnehmende", "Personen", "output", "erfasst"),
        IndicatorSpec("Veranstaltungen", "Anzahl", "output", "erfasst"),
        IndicatorSpec("Erreichte Bevölkerung", "Personen", "ergebnis", "erfasst"),
    ),
    consent_purposes=("Newsletter", "Veranstaltungen", "Gremienarbeit", "Presse/Fotos"),
    funding_rates=(
        ("produktiv", 3000, True),
        ("nicht produktiv", 5000, False),
        ("Kooperation", 6000, False),
    ),
)

#: name accepted by ``--starter`` -> the set
STARTERS = {"leader": LEADER}
