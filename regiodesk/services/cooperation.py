"""Cooperation projects: the partner regions of a project, their shares, and one summary for the
project's page, the Projektsteckbrief, the Bewilligungsstelle's list and the annual report.

The rules are ``domain/cooperation.py``. This region's own share is the project's own cost (its
gross total cost; the net one when no gross is given) and its grant.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import CooperationPartner, Project, RegionSettings
from regiodesk.domain import cooperation
from regiodesk.domain.enums import CooperationKind
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.domain.funding import share_bp
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.contact_names import contact_names
from regiodesk.services.records import ListRow, RecordService

__all__ = [
    "CooperationPartnerService",
    "CooperationSummary",
    "PartnerLine",
    "cooperation_summaries_in",
    "cooperation_summary",
    "cooperation_summary_in",
]


def own_cost_of(project: Project) -> int | None:
    """This region's share of a cooperation project: its gross total cost, else its net one."""
    if project.total_cost_gross_cents is not None:
        return project.total_cost_gross_cents
    return project.total_cost_net_cents


@dataclass(frozen=True)
class PartnerLine:
    """One partner of the cooperation, this region included (``own``)."""

    name: str
    country: str
    contact: str
    lead: bool
    cost_share_cents: int | None
    share_bp: int | None
    """Share of the cooperation's total cost (None without a total or cost share)."""
    grant_cents: int | None
    own: bool = False


@dataclass(frozen=True)
class CooperationSummary:
    project_id: str
    project_title: str
    kind: str
    """German label of the kind (gebietsübergreifend / transnational), '' when not given."""
    agreement_on: date | None
    total_cost_cents: int | None
    lead_partner: str
    lines: tuple[PartnerLine, ...]
    """This region first, then the partners in the order of their names."""
    problems: tuple[str, ...]

    @property
    def partners(self) -> tuple[PartnerLine, ...]:
        return tuple(line for line in self.lines if not line.own)

    @property
    def text(self) -> str:
        """One German line for lists: ``transnational, 3 Partner, federführend: LAG X``."""
        parts = [self.kind] if self.kind else []
        parts.append(tr("{n} Partner", n=len(self.partners)))
        parts.append(tr("federführend: {lead}", lead=self.lead_partner))
        return ", ".join(parts)


def _partners(session: Session, project_ids: Collection[str]) -> dict[str, list[CooperationPartner]]:
    result: dict[str, list[CooperationPartner]] = {}
    if not project_ids:
        return result
    stmt = (
        select(CooperationPartner)
        .where(CooperationPartner.project_id.in_(list(project_ids)), CooperationPartner.deleted_at.is_(None))
        .order_by(CooperationPartner.lag_name, CooperationPartner.created_at)
    )
    for partner in session.scalars(stmt):
        result.setdefault(partner.project_id, []).append(partner)
    return result


def own_region_name_in(session: Session) -> str:
    """This region as a partner: the LAG's name, else the region's name."""
    settings = session.scalar(select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1))
    if settings is None:
        return tr("eigene LAG")
    return settings.lag_name or settings.name or tr("eigene LAG")


def _shares(partners: Iterable[CooperationPartner]) -> list[cooperation.PartnerShare]:
    return [
        cooperation.PartnerShare(p.lag_name, p.cost_share_cents, p.grant_cents, p.lead_partner)
        for p in partners
    ]


def _summary(
    project: Project, partners: list[CooperationPartner], own_name: str, contacts: dict[str, str]
) -> CooperationSummary:
    """``contacts``: the names of the partners' Ansprechpersonen (``services.contact_names``)."""
    total = project.cooperation_total_cost_cents
    own_cost = own_cost_of(project)
    shares = _shares(partners)
    lead = cooperation.lead_partner(shares, own_name)

    def share(cents: int | None) -> int | None:
        return share_bp(cents, total) if cents is not None and total else None

    lines = [
        PartnerLine(
            own_name,
            tr("Deutschland"),
            "",
            lead == own_name,
            own_cost,
            share(own_cost),
            project.grant_cents,
            True,
        )
    ]
    lines += [
        PartnerLine(
            p.lag_name,
            p.country,
            contacts.get(p.contact_id or "", ""),
            p.lead_partner,
            p.cost_share_cents,
            share(p.cost_share_cents),
            p.grant_cents,
        )
        for p in partners
    ]
    return CooperationSummary(
        project.id,
        project.title,
        CooperationKind.label_of(project.cooperation_kind),
        project.cooperation_agreement_on,
        total,
        lead,
        tuple(lines),
        tuple(cooperation.share_problems(total, own_cost, shares)),
    )


def cooperation_summary_in(session: Session, project: Project) -> CooperationSummary | None:
    """The cooperation of ``project``; None when it is not a cooperation project."""
    if not project.cooperation:
        return None
    partners = _partners(session, [project.id]).get(project.id, [])
    return _summary(
        project,
        partners,
        own_region_name_in(session),
        contact_names(session, (p.contact_id for p in partners)),
    )


def cooperation_summary(db: Database, project_id: str) -> CooperationSummary | None:
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
        return cooperation_summary_in(session, project)


def cooperation_summaries_in(
    session: Session, project_ids: Collection[str] | None = None
) -> dict[str, CooperationSummary]:
    """project id -> its cooperation, for every live cooperation project (or those of ``project_ids``)."""
    stmt = select(Project).where(Project.deleted_at.is_(None), Project.cooperation.is_(True))
    if project_ids is not None:
        stmt = stmt.where(Project.id.in_(list(project_ids)))
    projects = list(session.scalars(stmt))
    partners = _partners(session, [p.id for p in projects])
    own = own_region_name_in(session)
    # the Ansprechpersonen of all projects at once: one query, not one per project
    contacts = contact_names(session, (line.contact_id for lines in partners.values() for line in lines))
    return {p.id: _summary(p, partners.get(p.id, []), own, contacts) for p in projects}


class CooperationPartnerService(RecordService[CooperationPartner]):
    """The partner regions of one cooperation project (``project_id``)."""

    model = CooperationPartner
    fields = fields_of("cooperation_partner")
    columns = (
        Column("lag_name", "Partner", width=200),
        Column("country", "Staat", width=90),
        Column("lead_partner", "federführend", Kind.BOOL, width=80),
        Column("cost_share_cents", "Kostenanteil", Kind.MONEY),
        Column("share_bp", "Anteil", Kind.PERCENT, width=70),
        Column("grant_cents", "Zuschuss", Kind.MONEY),
    )

    def __init__(self, db: Database, project_id: str | None = None):
        super().__init__(db)
        self.project_id = project_id

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "project_id": self.project_id}

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(CooperationPartner, Project.cooperation_total_cost_cents)
            .join(Project, Project.id == CooperationPartner.project_id)
            .where(CooperationPartner.deleted_at.is_(None))
        )
        if self.project_id is not None:
            stmt = stmt.where(CooperationPartner.project_id == self.project_id)
        stmt = stmt.order_by(CooperationPartner.lag_name)
        for p, total in session.execute(self._only(stmt, ids)):
            cost = p.cost_share_cents
            share = share_bp(cost, total) if cost is not None and total else None
            yield ListRow(p.id, (p.lag_name, p.country, p.lead_partner, cost, share, p.grant_cents))

    def _apply(self, session: Session, obj: Any, values: dict[str, Any]) -> None:
        super()._apply(session, obj, values)
        if obj.project_id is None:  # the link to the project is no form field: set once, on creation
            obj.project_id = values["project_id"]

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        cost, grant = values.get("cost_share_cents"), values.get("grant_cents")
        if isinstance(grant, int) and grant > (cost if isinstance(cost, int) else 0):
            return {"grant_cents": tr("Der Zuschuss des Partners ist höher als sein Kostenanteil.")}
        return {}

    def create(self, values: dict[str, Any]) -> str:
        full = {**self.defaults(), **values}
        self._check_project(None, full)
        return super().create(values)

    def update(self, record_id: str, values: dict[str, Any], seen: dict[str, Any] | None = None) -> None:
        with self.db.session() as session:
            partner = self._get(session, record_id)
            stored = {**self._values_of(session, partner), "project_id": partner.project_id}
        self._check_project(record_id, {**stored, **values})
        super().update(record_id, values, seen)

    def _check_project(self, record_id: str | None, values: dict[str, Any]) -> None:
        """Rules across the project's partners: a cooperation project, one lead, shares not over the total."""
        project_id = values.get("project_id")
        with self.db.session() as session:
            project = session.get(Project, project_id) if project_id else None
            if project is None or project.deleted_at is not None:
                raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
            if not project.cooperation:
                raise DomainError(
                    tr(
                        "„{title}“ ist nicht als Kooperationsprojekt markiert; bitte zuerst "
                        "„Kooperationsprojekt“ ankreuzen und speichern.",
                        title=project.title,
                    )
                )
            others = [p for p in _partners(session, [project.id]).get(project.id, []) if p.id != record_id]
            if values.get("lead_partner"):
                lead = next((p for p in others if p.lead_partner), None)
                if lead is not None:
                    raise ValidationError.single(
                        "lead_partner",
                        tr(
                            "Federführend ist schon „{name}“; es gibt nur einen federführenden Partner.",
                            name=lead.lag_name,
                        ),
                    )
            cost = values.get("cost_share_cents")
            if isinstance(cost, int) and not isinstance(cost, bool) and cost >= 0:
                mine = cooperation.PartnerShare(values.get("lag_name") or "", cost)
                over = cooperation.over_allocated(
                    project.cooperation_total_cost_cents, own_cost_of(project) or 0, [*_shares(others), mine]
                )
                if over:
                    raise ValidationError.single("cost_share_cents", over)
