"""Regionalbudget (GAK Kleinprojekte): the year's settings, its small projects, ranking and budget.

A call linked to a year's Regionalbudget (``Call.regional_budget_id``) is a Regionalbudget call;
its projects are Kleinprojekte. The rules (cost limit, rate cap, contract and proof of use in the
year, the year's budget) are ``domain/regional_budget.py``; the ranking is ``domain/ranking.py``
with the year's budget. The cost a small project is checked on is its eligible cost (net or
gross, as for every project), its gross total cost while no eligible cost is entered.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import Address, Call, Contact, Payment, Project, RegionalBudget
from regiodesk.domain import ranking
from regiodesk.domain import regional_budget as rules
from regiodesk.domain.deadlines import Deadline
from regiodesk.domain.errors import NotFoundError, ValidationError
from regiodesk.domain.funding import share_bp
from regiodesk.domain.monitoring import COMMITTED_STATES
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.applicable_period import funding_period_id_for
from regiodesk.services.records import ListRow, RecordService
from regiodesk.services.selection import CallRanking, NotRanked, candidates_in

__all__ = [
    "RegionalBudgetService",
    "SmallProject",
    "YearOverview",
    "limits_of",
    "small_project_problems_in",
    "year_overview",
    "year_ranking",
]


class RegionalBudgetService(RecordService[RegionalBudget]):
    """The Regionalbudget settings, one record per year."""

    model = RegionalBudget
    fields = fields_of("regional_budget")
    columns = (
        Column("year", "Jahr", Kind.INT, width=60),
        Column("budget_cents", "Jahresbudget", Kind.MONEY),
        Column("max_total_cost_cents", "Kosten höchstens", Kind.MONEY),
        Column("max_rate_bp", "Fördersatz höchstens", Kind.PERCENT),
        Column("proof_of_use_by", "Verwendungsnachweis bis", Kind.DATE),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(RegionalBudget).where(RegionalBudget.deleted_at.is_(None)).order_by(RegionalBudget.year)
        for b in session.scalars(self._only(stmt, ids)):
            yield ListRow(
                b.id, (b.year, b.budget_cents, b.max_total_cost_cents, b.max_rate_bp, b.proof_of_use_by)
            )

    def defaults(self) -> dict[str, Any]:
        year = date.today().year
        return {
            **super().defaults(),
            "year": year,
            "proof_of_use_by": date(year, 10, 15),
        }

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        return rules.limits_problems(
            values.get("year"),
            values.get("budget_cents"),
            values.get("max_total_cost_cents"),
            values.get("max_rate_bp"),
            values.get("proof_of_use_by"),
        )

    def create(self, values: dict[str, Any]) -> str:
        self._check_year(None, values.get("year"))
        return super().create(values)

    def update(self, record_id: str, values: dict[str, Any], seen: dict[str, Any] | None = None) -> None:
        if "year" in values:
            self._check_year(record_id, values["year"])
        super().update(record_id, values, seen)

    def _check_year(self, record_id: str | None, year: Any) -> None:
        with self.db.session() as session:
            twice = session.scalar(
                select(RegionalBudget.id).where(
                    RegionalBudget.year == year,
                    RegionalBudget.deleted_at.is_(None),
                    RegionalBudget.id != (record_id or ""),
                )
            )
        if twice:
            raise ValidationError.single(
                "year", tr("Für {year} ist das Regionalbudget schon angelegt.", year=year)
            )

    def delete_impact(self, record_id: str) -> str:
        with self.db.session() as session:
            calls = session.scalar(
                select(func.count()).where(Call.regional_budget_id == record_id, Call.deleted_at.is_(None))
            )
        if calls:
            return tr(
                "{n} Projektaufrufe gehören zu diesem Regionalbudget; sie werden dann zu "
                "gewöhnlichen Aufrufen ohne dessen Grenzen.",
                n=calls,
            )
        return ""


def limits_of(budget: RegionalBudget) -> rules.SmallProjectLimits:
    return rules.SmallProjectLimits(
        budget.year,
        budget.budget_cents,
        budget.max_total_cost_cents,
        budget.max_rate_bp,
        budget.proof_of_use_by,
    )


def cost_of(project: Project) -> int | None:
    """The cost a small project is checked on (see the module doc)."""
    if project.eligible_cost_cents is not None:
        return project.eligible_cost_cents
    return project.total_cost_gross_cents


def _budget_of_project(session: Session, project: Project) -> RegionalBudget | None:
    if not project.call_id:
        return None
    call = session.get(Call, project.call_id)
    if call is None or call.deleted_at is not None or not call.regional_budget_id:
        return None
    budget = session.get(RegionalBudget, call.regional_budget_id)
    return budget if budget is not None and budget.deleted_at is None else None


def small_project_problems_in(session: Session, project: Project) -> list[str]:
    """The Regionalbudget rules a small project breaks; empty for any other project."""
    budget = _budget_of_project(session, project)
    if budget is None:
        return []
    return rules.small_project_problems(
        cost_of(project),
        project.grant_cents,
        limits_of(budget),
        project.contract_on,
        project.proof_of_use_on,
        date.today(),
    )


def not_a_small_project() -> ColumnElement[bool]:
    """A condition on ``Project``: it belongs to no Regionalbudget call (the LEADER rules apply)."""
    small_calls = select(Call.id).where(Call.regional_budget_id.is_not(None))
    return or_(Project.call_id.is_(None), Project.call_id.not_in(small_calls))


def small_project_call_ids_in(session: Session) -> set[str]:
    """The ids of the Regionalbudget calls (their projects are Kleinprojekte)."""
    return set(session.scalars(select(Call.id).where(Call.regional_budget_id.is_not(None))))


def small_project_deadlines_in(
    session: Session, today: date, project_id: str | None = None
) -> list[tuple[Project, Deadline]]:
    """The open proof-of-use deadlines of the small projects (or of one), with their project."""
    stmt = (
        select(Project, RegionalBudget)
        .join(Call, Call.id == Project.call_id)
        .join(RegionalBudget, RegionalBudget.id == Call.regional_budget_id)
        .where(Project.deleted_at.is_(None), Call.deleted_at.is_(None), RegionalBudget.deleted_at.is_(None))
    )
    if project_id is not None:
        stmt = stmt.where(Project.id == project_id)
    result = []
    for project, budget in session.execute(stmt):
        deadline = rules.proof_of_use_deadline(
            project.status, project.proof_of_use_on, limits_of(budget), today
        )
        if deadline is not None:
            result.append((project, deadline))
    return result


def small_project_problems(db: Database, project_id: str) -> list[str]:
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            return []
        return small_project_problems_in(session, project)


@dataclass(frozen=True)
class SmallProject:
    """One Kleinprojekt of the year, as the report to the Bewilligungsstelle lists it."""

    id: str
    title: str
    sponsor: str
    sponsor_address: str
    status: str
    cost_cents: int | None
    grant_cents: int | None
    rate_bp: int | None
    """The grant's share of the cost, rounded half up to the basis point."""
    contract_on: date | None
    completed_on: date | None
    proof_of_use_on: date | None
    paid_cents: int
    committed: bool
    """Binds the year's budget (selected by the LAG or further on)."""
    problems: tuple[str, ...]


@dataclass(frozen=True)
class YearOverview:
    budget_id: str
    limits: rules.SmallProjectLimits
    calls: tuple[str, ...]
    projects: tuple[SmallProject, ...]
    budget: rules.BudgetCheck
    ranked: tuple[ranking.RankedProject, ...]
    not_ranked: tuple[NotRanked, ...]

    @property
    def paid_cents(self) -> int:
        return sum(p.paid_cents for p in self.projects)


def _rate_bp(cost: int | None, grant: int | None) -> int | None:
    return share_bp(grant, cost) if cost and grant is not None else None


def year_overview(db: Database, year: int, today: date | None = None) -> YearOverview:
    """The year's Regionalbudget: its small projects with their checks, the budget, the ranking.

    The ranking ranks the scored small projects of all the year's calls against the year's
    budget; a project that breaks the cost limit or the rate cap is not ranked (reason given).
    """
    with db.session() as session:
        budget = session.scalar(
            select(RegionalBudget).where(RegionalBudget.year == year, RegionalBudget.deleted_at.is_(None))
        )
        if budget is None:
            raise NotFoundError(tr("Für {year} ist kein Regionalbudget angelegt.", year=year))
        limits = limits_of(budget)
        calls = list(
            session.scalars(
                select(Call)
                .where(Call.regional_budget_id == budget.id, Call.deleted_at.is_(None))
                .order_by(Call.deadline, Call.name)
            )
        )
        projects = list(
            session.scalars(
                select(Project)
                .where(Project.call_id.in_([c.id for c in calls]), Project.deleted_at.is_(None))
                .order_by(Project.title)
            )
        )
        paid = dict(
            session.execute(
                select(Payment.project_id, func.sum(Payment.amount_cents))
                .where(Payment.project_id.in_([p.id for p in projects]), Payment.deleted_at.is_(None))
                .group_by(Payment.project_id)
            ).all()
        )
        sponsors = {
            c.id: c
            for c in session.scalars(select(Contact).where(Contact.id.in_([p.sponsor_id for p in projects])))
        }
        lines = []
        for p in projects:
            sponsor = sponsors.get(p.sponsor_id or "")
            lines.append(
                SmallProject(
                    p.id,
                    p.title,
                    sponsor.display_name() if sponsor else "",
                    _address(session, sponsor),
                    p.status,
                    cost_of(p),
                    p.grant_cents,
                    _rate_bp(cost_of(p), p.grant_cents),
                    p.contract_on,
                    p.completed_on,
                    p.proof_of_use_on,
                    int(paid.get(p.id) or 0),
                    p.status in COMMITTED_STATES,
                    tuple(
                        rules.small_project_problems(
                            cost_of(p),
                            p.grant_cents,
                            limits,
                            p.contract_on,
                            p.proof_of_use_on,
                            today or date.today(),
                        )
                    ),
                )
            )
        check = rules.budget_check(limits.budget_cents, [x.grant_cents or 0 for x in lines if x.committed])
        # Ranking: the limits first (a project over them cannot be selected), then the scores.
        period_id = next((c.funding_period_id for c in calls if c.funding_period_id), None)
        period_id = period_id or funding_period_id_for(session, None)
        over = {
            p.id: problems[0]
            for p in projects
            if p.grant_cents is not None
            and (problems := rules.cost_and_rate_problems(cost_of(p), p.grant_cents, limits))
        }
        candidates, not_ranked = candidates_in(session, [p for p in projects if p.id not in over], period_id)
        not_ranked += [NotRanked(p.id, p.title, 0, over[p.id]) for p in projects if p.id in over]
        ranked = ranking.rank_call(candidates, limits.budget_cents)
        not_ranked += [
            NotRanked(c.id, c.title, c.score.total, reason, incomplete=True)
            for c, reason in ranking.incomplete(candidates)
        ]
        not_ranked.sort(key=lambda n: (-n.total, n.title.casefold()))
        return YearOverview(
            budget.id,
            limits,
            tuple(c.name for c in calls),
            tuple(lines),
            check,
            tuple(ranked),
            tuple(not_ranked),
        )


def year_ranking(db: Database, year: int) -> CallRanking:
    """The year's ranking in the form of a call's (the window's ranking dialog shows either)."""
    overview = year_overview(db, year)
    return CallRanking(
        overview.budget_id,
        tr("Regionalbudget {year}", year=year),
        None,  # the year's calls have deadlines of their own
        overview.limits.budget_cents,
        overview.ranked,
        overview.not_ranked,
    )


def _address(session: Session, contact: Contact | None) -> str:
    if contact is None:
        return ""
    address = session.scalar(
        select(Address)
        .where(Address.contact_id == contact.id, Address.deleted_at.is_(None))
        .order_by(Address.created_at)
        .limit(1)
    )
    if address is None:
        return ""
    return ", ".join(x for x in (address.street, f"{address.postal_code} {address.city}".strip()) if x)


def years(db: Database) -> list[int]:
    """The years with a Regionalbudget, oldest first."""
    with db.session() as session:
        return list(
            session.scalars(
                select(RegionalBudget.year)
                .where(RegionalBudget.deleted_at.is_(None))
                .order_by(RegionalBudget.year)
            )
        )
