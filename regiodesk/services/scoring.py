"""The scoring sheet (Bewertungsbogen) of a project: the criteria of its funding period with the
points entered, the total and the verdict, read without the ORM.

Apart from ``selection`` (the criteria and calls as the window edits them, storing scores, ranking a
call) because a meeting's minutes print the sheets of its selection decisions and need none of it.
The rules (required points, minimum total) are ``domain/ranking.py``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, Unpack

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.orm import Session

from regiodesk.db.models import Project, Score, SelectionCriterion
from regiodesk.domain import ranking
from regiodesk.services.applicable_period import funding_period_id_for, period_row

if TYPE_CHECKING:
    #: Some of a table's columns read without the ORM (a score's in :func:`score_rows`, a
    #: project's for :func:`sheets_in`).
    Columns: TypeAlias = Row[Unpack[tuple[Any, ...]]]


@dataclass(frozen=True)
class ScoreLine:
    """One criterion on a project's scoring sheet, with what is entered for it."""

    criterion_id: str
    position: int
    title: str
    description: str
    max_points: int
    mandatory: bool
    required_points: int
    points: int | None
    justification: str

    @property
    def met(self) -> bool:
        return (self.points or 0) >= self.required_points


@dataclass(frozen=True)
class ScoringSheet:
    """The Bewertungsbogen of one project."""

    project_id: str
    project_title: str
    funding_period: str
    min_total: int | None
    lines: tuple[ScoreLine, ...]
    result: ranking.ScoreResult

    @property
    def minimum_text(self) -> str:
        """ "Mindestpunktzahl erreicht" / "… nicht erreicht" (with the failed mandatory criteria)."""
        if self.result.qualifies:
            return "Mindestpunktzahl erreicht"
        if not self.result.minimum_reached:
            return "Mindestpunktzahl nicht erreicht"
        return "Pflichtkriterien nicht erfüllt"


def criteria_in(session: Session, funding_period_id: str | None) -> list[Row[Any]]:
    """The live selection criteria of a funding period in their order, as rows of their columns."""
    if funding_period_id is None:
        return []
    criteria = SelectionCriterion.__table__.c
    return list(
        session.execute(
            select(SelectionCriterion.__table__)
            .where(criteria.funding_period_id == funding_period_id, criteria.deleted_at.is_(None))
            .order_by(criteria.position, criteria.title)
        )
    )


def domain_criteria(criteria: Iterable[Row[Any]]) -> list[ranking.Criterion]:
    return [ranking.Criterion(c.id, c.max_points, c.mandatory, c.min_points, title=c.title) for c in criteria]


def score_rows(session: Session, project_ids: Collection[str]) -> dict[str, dict[str, Columns]]:
    """project id -> criterion id -> the live score's ``points`` and ``justification``, to show or to
    rank (read without the ORM; ``selection`` changes scores through their entities)."""
    result: dict[str, dict[str, Columns]] = {}
    if not project_ids:
        return result
    c = Score.__table__.c
    stmt = select(c.project_id, c.criterion_id, c.points, c.justification).where(*live_scores_of(project_ids))
    for score in session.execute(stmt):
        result.setdefault(score.project_id, {})[score.criterion_id] = score
    return result


def live_scores_of(project_ids: Collection[str]) -> tuple[ColumnElement[bool], ...]:
    scores = Score.__table__.c
    return scores.project_id.in_(list(project_ids)), scores.deleted_at.is_(None)


def sheet_in(session: Session, project: Project) -> ScoringSheet:
    return sheets_in(session, [project])[project.id]


def sheets_in(session: Session, projects: Sequence[Project | Columns]) -> dict[str, ScoringSheet]:
    """The scoring sheets of several projects (a meeting's selections) by project id: the scores
    in one query, each funding period and its criteria once. A project needs its ``id``, ``title``
    and ``call_id`` only: an entity, or a row read without the ORM."""
    all_scores = score_rows(session, [p.id for p in projects])
    period_of_call: dict[str | None, str | None] = {}
    periods: dict[str | None, Row[Any] | None] = {}
    criteria_of: dict[str | None, list[Row[Any]]] = {}
    sheets: dict[str, ScoringSheet] = {}
    for project in projects:
        if project.call_id not in period_of_call:
            period_of_call[project.call_id] = funding_period_id_for(session, project.call_id)
        period_id = period_of_call[project.call_id]
        if period_id not in criteria_of:
            criteria_of[period_id] = criteria_in(session, period_id)
            periods[period_id] = period_row(session, period_id)
        sheets[project.id] = _sheet(
            project, periods[period_id], criteria_of[period_id], all_scores.get(project.id, {})
        )
    return sheets


def _sheet(
    project: Project | Columns,
    period: Row[Any] | None,
    criteria: list[Row[Any]],
    scores: dict[str, Columns],
) -> ScoringSheet:
    known = {c.id for c in criteria}
    points = {cid: s.points for cid, s in scores.items() if cid in known}
    min_total = period.min_total_points if period is not None else None
    result = ranking.evaluate_scores(domain_criteria(criteria), points, min_total)
    lines = tuple(
        ScoreLine(
            criterion_id=c.id,
            position=c.position,
            title=c.title,
            description=c.description,
            max_points=c.max_points,
            mandatory=c.mandatory,
            required_points=max(c.min_points, 1) if c.mandatory else c.min_points,
            points=scores[c.id].points if c.id in scores else None,
            justification=scores[c.id].justification if c.id in scores else "",
        )
        for c in criteria
    )
    return ScoringSheet(project.id, project.title, period.name if period else "", min_total, lines, result)
