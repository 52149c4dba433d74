"""Selection: criteria per funding period, storing a project's scores, calls and their ranking.

The rules (required points, minimum total, tie-breaks, filling the budget) are
``domain/ranking.py``; this module loads and stores what they work on. Reading a scoring sheet is
``scoring`` (a meeting's minutes print sheets without the rest of this module).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.base import utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import Call, Project, Score, SelectionCriterion
from regiodesk.domain import ranking
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import plural, tr
from regiodesk.services.applicable_period import funding_period_id_for, period_row
from regiodesk.services.records import ListRow, RecordService, set_if_changed
from regiodesk.services.scoring import (
    ScoringSheet,
    criteria_in,
    domain_criteria,
    live_scores_of,
    score_rows,
    sheet_in,
)

__all__ = [
    "CallRanking",
    "CallService",
    "CriterionService",
    "NotRanked",
    "ScoringService",
]

#: Projects of a call that are not ranked: the sponsor or the LAG has ended them.
NOT_RANKED = {
    ProjectStatus.WITHDRAWN.value: "zurückgezogen",
    ProjectStatus.LAPSED.value: "verfallen",
    ProjectStatus.REJECTED.value: "von der LAG abgelehnt",
}


class CallService(RecordService[Call]):
    """Projektaufrufe with deadline and budget."""

    model = Call
    fields = fields_of("call")
    columns = (
        Column("name", "Projektaufruf", width=240),
        Column("opens_on", "Beginn", Kind.DATE),
        Column("deadline", "Einreichungsfrist", Kind.DATE),
        Column("budget_cents", "Budget", Kind.MONEY),
    )

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        start, end = values.get("opens_on"), values.get("deadline")
        if start is not None and end is not None and end < start:
            return {"deadline": "Die Einreichungsfrist liegt vor dem Beginn des Aufrufs."}
        return {}


class CriterionService(RecordService[SelectionCriterion]):
    """The selection criteria of a funding period (the region defines them)."""

    model = SelectionCriterion
    fields = fields_of("selection_criterion", without="active")
    columns: ClassVar[tuple[Column, ...]] = (
        Column("position", "Nr.", Kind.INT, width=40),
        Column("title", "Kriterium", width=320),
        Column("max_points", "max.", Kind.INT),
        Column("mandatory", "Pflicht", Kind.BOOL),
        Column("min_points", "min.", Kind.INT),
    )

    def __init__(self, db: Database, funding_period_id: str | None = None):
        super().__init__(db)
        self.funding_period_id = funding_period_id

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(SelectionCriterion).where(SelectionCriterion.deleted_at.is_(None))
        if self.funding_period_id is not None:
            stmt = stmt.where(SelectionCriterion.funding_period_id == self.funding_period_id)
        stmt = stmt.order_by(SelectionCriterion.position, SelectionCriterion.title)
        for c in session.scalars(self._only(stmt, ids)):
            yield ListRow(c.id, (c.position, c.title, c.max_points, c.mandatory, c.min_points))

    def defaults(self) -> dict[str, Any]:
        values = super().defaults()
        values["funding_period_id"] = self.funding_period_id
        if self.funding_period_id is not None:
            with self.db.session() as session:
                positions = session.scalars(
                    select(SelectionCriterion.position).where(
                        SelectionCriterion.funding_period_id == self.funding_period_id,
                        SelectionCriterion.deleted_at.is_(None),
                    )
                )
                values["position"] = max(positions, default=0) + 1
        return values

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        try:
            ranking.Criterion(
                id="neu",
                max_points=values.get("max_points") or 0,
                mandatory=bool(values.get("mandatory")),
                min_points=values.get("min_points") or 0,
                title=values.get("title") or "",
            )
        except DomainError as error:
            return {"min_points": str(error)}
        return {}

    def delete_impact(self, record_id: str) -> str:
        with self.db.session() as session:
            scores = len(
                list(
                    session.scalars(
                        select(Score.id).where(Score.criterion_id == record_id, Score.deleted_at.is_(None))
                    )
                )
            )
        if scores:
            return plural(
                scores,
                "Zu diesem Kriterium ist {n} Bewertung erfasst; sie zählt dann nicht mehr mit.",
                "Zu diesem Kriterium sind {n} Bewertungen erfasst; sie zählen dann nicht mehr mit.",
            )
        return ""


def _scores(session: Session, project_ids: Collection[str]) -> dict[str, dict[str, Score]]:
    """project id -> criterion id -> live score, to change."""
    result: dict[str, dict[str, Score]] = {}
    for score in session.scalars(select(Score).where(*live_scores_of(project_ids))):
        result.setdefault(score.project_id, {})[score.criterion_id] = score
    return result


def _project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.deleted_at is not None:
        raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
    return project


@dataclass(frozen=True)
class NotRanked:
    """A project of the call that is not on the ranking, and why."""

    id: str
    title: str
    total: int
    reason: str
    incomplete: bool = False
    """Qualifies, but a value the ranking needs is missing (no grant amount): „unvollständig“."""


@dataclass(frozen=True)
class CallRanking:
    call_id: str
    call_name: str
    deadline: date | None
    budget_cents: int
    ranked: tuple[ranking.RankedProject, ...]
    not_ranked: tuple[NotRanked, ...]

    @property
    def funded_cents(self) -> int:
        """Sum of the grants of the projects within the budget."""
        return sum(r.grant for r in self.ranked if r.within_budget)


class ScoringService:
    """Scoring sheets and call rankings; each method owns its transaction."""

    def __init__(self, db: Database):
        self.db = db

    def sheet(self, project_id: str) -> ScoringSheet:
        """The project's scoring sheet: the criteria of its funding period with points, total, verdict."""
        with self.db.session() as session:
            return sheet_in(session, _project(session, project_id))

    def save_sheet(self, project_id: str, entries: Mapping[str, tuple[int | None, str]]) -> ScoringSheet:
        """Store points and justification per criterion id (``None`` points: remove the score).

        All or nothing: every entry is checked first (points within 0..max, a justification for
        every score, criteria of the project's funding period); a :class:`ValidationError` maps
        criterion ids to German messages.
        """
        with self.db.transaction() as session:
            project = _project(session, project_id)
            period_id = funding_period_id_for(session, project.call_id)
            criteria = {c.id: c for c in criteria_in(session, period_id)}
            errors: dict[str, str] = {}
            for criterion_id, (points, justification) in entries.items():
                criterion = criteria.get(criterion_id)
                if criterion is None:
                    errors[criterion_id] = "Dieses Kriterium gehört nicht zur Förderperiode des Projekts."
                    continue
                if points is None:
                    continue
                if isinstance(points, bool) or not isinstance(points, int):
                    errors[criterion_id] = f"„{criterion.title}“: Punkte sind ganze Zahlen."
                elif not 0 <= points <= criterion.max_points:
                    errors[criterion_id] = (
                        f"„{criterion.title}“: {points} Punkte liegen außerhalb der Skala "
                        f"von 0 bis {criterion.max_points}."
                    )
                elif not (justification or "").strip():
                    errors[criterion_id] = f"„{criterion.title}“: bitte die Punkte schriftlich begründen."
            if errors:
                raise ValidationError(errors)
            stored = _scores(session, [project_id]).get(project_id, {})
            for criterion_id, (points, justification) in entries.items():
                score = stored.get(criterion_id)
                if points is None:
                    if score is not None:
                        score.deleted_at = utcnow()
                    continue
                if score is None:
                    session.add(
                        Score(
                            project_id=project_id,
                            criterion_id=criterion_id,
                            points=points,
                            justification=justification.strip(),
                        )
                    )
                else:
                    set_if_changed(score, "points", points)
                    set_if_changed(score, "justification", justification.strip())
            session.flush()
            return sheet_in(session, project)

    def set_score(
        self, project_id: str, criterion_id: str, points: int | None, justification: str = ""
    ) -> None:
        """One criterion of the sheet (see :meth:`save_sheet`)."""
        self.save_sheet(project_id, {criterion_id: (points, justification)})

    def rank_call(self, call_id: str) -> CallRanking:
        """The call's projects ranked by score against its budget (``domain/ranking.py``).

        Projects withdrawn, lapsed or rejected by the LAG, projects that miss the minimum
        total or a mandatory criterion, and qualifying projects without a grant amount
        (``incomplete``: „unvollständig: kein Zuschuss angegeben“) are listed in ``not_ranked``
        with the reason.
        """
        with self.db.session() as session:
            call = session.get(Call, call_id)
            if call is None or call.deleted_at is not None:
                raise NotFoundError(tr("Den Projektaufruf gibt es nicht (mehr)."))
            period_id = call.funding_period_id or funding_period_id_for(session, None)
            stmt = select(Project).where(Project.call_id == call_id, Project.deleted_at.is_(None))
            candidates, not_ranked = candidates_in(session, list(session.scalars(stmt)), period_id)
            ranked = ranking.rank_call(candidates, call.budget_cents)
            not_ranked += [
                NotRanked(c.id, c.title, c.score.total, reason, incomplete=True)
                for c, reason in ranking.incomplete(candidates)
            ]
            not_ranked.sort(key=lambda n: (-n.total, n.title.casefold()))
            return CallRanking(
                call.id, call.name, call.deadline, call.budget_cents, tuple(ranked), tuple(not_ranked)
            )


def candidates_in(
    session: Session, projects: list[Project], period_id: str | None
) -> tuple[list[ranking.Candidate], list[NotRanked]]:
    """The projects as the ranking needs them, scored on the criteria of ``period_id``, and those
    that are not ranked (ended, not scored, not qualifying) with the reason."""
    period = period_row(session, period_id)
    criteria = domain_criteria(criteria_in(session, period_id))
    min_total = period.min_total_points if period is not None else None
    scores = score_rows(session, [p.id for p in projects])
    known = {c.id for c in criteria}
    submitted = _submitted_on(session, [p.id for p in projects])
    candidates: list[ranking.Candidate] = []
    not_ranked: list[NotRanked] = []
    for project in projects:
        points = {cid: s.points for cid, s in scores.get(project.id, {}).items() if cid in known}
        result = ranking.evaluate_scores(criteria, points, min_total)
        if project.status in NOT_RANKED:
            not_ranked.append(NotRanked(project.id, project.title, result.total, NOT_RANKED[project.status]))
        elif not points:
            not_ranked.append(NotRanked(project.id, project.title, 0, "noch nicht bewertet"))
        elif not result.qualifies:
            not_ranked.append(NotRanked(project.id, project.title, result.total, result.messages[0]))
        else:
            candidates.append(
                ranking.Candidate(
                    project.id, project.title, result, project.grant_cents, submitted.get(project.id)
                )
            )
    return candidates, not_ranked


def _submitted_on(session: Session, project_ids: list[str]) -> dict[str, date]:
    """When each project came into consultation (its sketch was submitted): the first such change."""
    # named here: a meeting's documents read the scores through this module, not the status history
    from regiodesk.db.models import ProjectStatusChange

    result: dict[str, date] = {}
    if not project_ids:
        return result
    stmt = (
        select(ProjectStatusChange.project_id, ProjectStatusChange.changed_on)
        .where(
            ProjectStatusChange.project_id.in_(project_ids),
            ProjectStatusChange.to_status == ProjectStatus.IN_CONSULTATION.value,
            ProjectStatusChange.deleted_at.is_(None),
        )
        .order_by(ProjectStatusChange.changed_on)
    )
    for project_id, day in session.execute(stmt):
        result.setdefault(project_id, day)
    return result
