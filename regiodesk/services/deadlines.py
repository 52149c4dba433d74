"""Fristen: what is due in the coming weeks and what is overdue, across all projects.

The periods and the counting (§ 188 BGB, month ends, leap years, § 193 BGB: a period ending on a
weekend or public holiday runs to the next working day) are ``domain/deadlines.py``; the periods
and the Land whose holidays count are region settings (``services.region.rule_settings_in``).

A selected project whose application period has passed is *due to lapse* (rule 9): it is listed
by :func:`lapse_due_projects`, binds no budget in Monitoring from the day after its due date, and
the office confirms the status ``verfallen`` through the pipeline
(``ProjectPipeline.confirm_lapse``).

A Kleinprojekt of the Regionalbudget has none of these deadlines but the fixed date of its proof
of use (``services.regional_budget.small_project_deadlines_in``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from regiodesk.db.database import Database
from regiodesk.db.models import Consultation, Contact, Project
from regiodesk.domain import deadlines
from regiodesk.domain.activities import follow_up_deadline
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.errors import NotFoundError
from regiodesk.i18n import tr
from regiodesk.services.region import rule_settings_in
from regiodesk.services.regional_budget import not_a_small_project, small_project_deadlines_in

__all__ = [
    "LapseDue",
    "ProjectDeadline",
    "deadline_rules_in",
    "due_deadlines",
    "lapse_due_in",
    "lapse_due_projects",
    "project_deadlines",
]

#: Only these statuses have an open deadline (see ``domain.deadlines.project_deadlines``).
_WITH_DEADLINES = (ProjectStatus.SELECTED.value, ProjectStatus.COMPLETED.value)


@dataclass(frozen=True)
class ProjectDeadline:
    """One line of the Fristen view."""

    project_id: str
    """The project's id; '' for the follow-up of a consultation about a project idea only."""
    title: str
    sponsor: str
    status: str
    kind: str
    """``antrag``, ``verwendungsnachweis`` or ``wiedervorlage`` (``DeadlineKind`` value)."""
    kind_label: str
    due: date
    overdue: bool
    days_left: int
    """Days from today to the due day (negative when overdue)."""
    label: str
    """German text, e.g. ``Antragstellung bis 02.03.2026 (6 Monate nach …)``, or once the application
    period has passed ``Frist für den Antrag abgelaufen am 02.03.2026 – LAG-Zustimmung verfällt``."""


def deadline_rules_in(session: Session) -> deadlines.DeadlineRules:
    """The region's periods with the public holidays of its Land."""
    return rule_settings_in(session).deadlines


def _rows(session: Session, today: date, project_id: str | None = None) -> list[ProjectDeadline]:
    rules = deadline_rules_in(session)
    sponsor = aliased(Contact)
    sponsor_name = func.coalesce(
        func.nullif(sponsor.organisation, ""), func.trim(sponsor.first_name + " " + sponsor.last_name)
    )
    stmt = (
        select(
            Project.id,
            Project.title,
            sponsor_name,
            Project.status,
            Project.lag_decision_on,
            Project.applied_on,
            Project.completed_on,
            Project.proof_of_use_on,
        )
        .outerjoin(sponsor, sponsor.id == Project.sponsor_id)
        .where(Project.deleted_at.is_(None), Project.status.in_(_WITH_DEADLINES), not_a_small_project())
    )
    if project_id is not None:
        stmt = stmt.where(Project.id == project_id)
    result = []
    for project, d in small_project_deadlines_in(session, today, project_id):
        sponsor_row = session.get(Contact, project.sponsor_id) if project.sponsor_id else None
        result.append(
            ProjectDeadline(
                project_id=project.id,
                title=project.title,
                sponsor=sponsor_row.display_name() if sponsor_row else "",
                status=project.status,
                kind=d.kind.value,
                kind_label=d.kind.label,
                due=d.due,
                overdue=d.overdue,
                days_left=(d.due - today).days,
                label=d.label,
            )
        )
    for pid, title, name, status, decided, applied, completed, proof in session.execute(stmt):
        for d in deadlines.project_deadlines(
            status,
            today=today,
            lag_decision_on=decided,
            applied_on=applied,
            completed_on=completed,
            proof_of_use_on=proof,
            rules=rules,
        ):
            result.append(
                ProjectDeadline(
                    project_id=pid,
                    title=title,
                    sponsor=name or "",
                    status=status,
                    kind=d.kind.value,
                    kind_label=d.kind.label,
                    due=d.due,
                    overdue=d.overdue,
                    days_left=(d.due - today).days,
                    label=d.label,
                )
            )
    return result + _follow_ups(session, today, project_id)


def _follow_ups(session: Session, today: date, project_id: str | None = None) -> list[ProjectDeadline]:
    """The open follow-ups (Wiedervorlagen) of consultations, with or without a project."""
    stmt = (
        select(Consultation, Project.title, Project.status, Project.sponsor_id)
        .outerjoin(Project, (Project.id == Consultation.project_id) & Project.deleted_at.is_(None))
        .where(
            Consultation.deleted_at.is_(None),
            Consultation.follow_up_on.is_not(None),
            Consultation.follow_up_done.is_(False),
        )
    )
    if project_id is not None:
        stmt = stmt.where(Consultation.project_id == project_id)
    found = list(session.execute(stmt))
    sponsors = {
        c.id: c.display_name()
        for c in session.scalars(select(Contact).where(Contact.id.in_({s for *_, s in found if s})))
    }
    result = []
    for consultation, title, status, sponsor_id in found:
        d = follow_up_deadline(
            consultation.follow_up_on,
            consultation.follow_up_done,
            today,
            consultation.held_on,
            consultation.topic,
        )
        if d is None:
            continue
        result.append(
            ProjectDeadline(
                project_id=(consultation.project_id or "") if title is not None else "",
                title=title if title is not None else f"Projektidee: {consultation.project_idea}",
                sponsor=sponsors.get(sponsor_id or "", ""),
                status=status or "",
                kind=d.kind.value,
                kind_label=d.kind.label,
                due=d.due,
                overdue=d.overdue,
                days_left=(d.due - today).days,
                label=d.label,
            )
        )
    return result


def due_deadlines(
    db: Database, today: date | None = None, weeks: int = 8, include_overdue: bool = True
) -> list[ProjectDeadline]:
    """Deadlines of all projects due from today to today + ``weeks`` weeks, and the overdue ones.

    Earliest first (overdue ones therefore on top); the due day itself is still in time.
    """
    today = today or date.today()
    with db.session() as session:
        rows = _rows(session, today)
    by_deadline = {id(r): r for r in rows}
    plain = {
        id(r): deadlines.Deadline(deadlines.DeadlineKind(r.kind), r.due, r.overdue, r.label) for r in rows
    }
    chosen = deadlines.upcoming(plain.values(), today, weeks, include_overdue)
    back = {id(d): key for key, d in plain.items()}
    return sorted(
        (by_deadline[back[id(d)]] for d in chosen), key=lambda r: (r.due, r.kind, r.title.casefold())
    )


def project_deadlines(db: Database, project_id: str, today: date | None = None) -> list[ProjectDeadline]:
    """The open deadlines of one project (for its detail view and the Steckbrief)."""
    today = today or date.today()
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
        return sorted(_rows(session, today, project_id), key=lambda r: r.due)


@dataclass(frozen=True)
class LapseDue:
    """A selected project whose application period has passed: its LAG approval lapses."""

    project_id: str
    """The project's id; '' for the follow-up of a consultation about a project idea only."""
    title: str
    due: date
    """The last day of the application period (already moved past weekends and holidays)."""

    @property
    def label(self) -> str:
        """„Frist für den Antrag abgelaufen am 02.03.2026 – LAG-Zustimmung verfällt“."""
        return deadlines.lapse_text(self.due)


def lapse_due_in(session: Session, today: date, project_ids: list[str] | None = None) -> dict[str, LapseDue]:
    """Project id → :class:`LapseDue` for the selected projects whose application period has passed."""
    rules = deadline_rules_in(session)
    stmt = select(
        Project.id, Project.title, Project.status, Project.lag_decision_on, Project.applied_on
    ).where(
        Project.deleted_at.is_(None),
        Project.status == ProjectStatus.SELECTED.value,
        Project.applied_on.is_(None),
        Project.lag_decision_on.is_not(None),
        not_a_small_project(),  # a Kleinprojekt has no application period that could lapse
    )
    if project_ids is not None:
        stmt = stmt.where(Project.id.in_(project_ids))
    result = {}
    for pid, title, status, decided, applied in session.execute(stmt):
        due = deadlines.lapse_due(status, decided, applied, today, rules)
        if due is not None:
            result[pid] = LapseDue(pid, title, due)
    return result


def lapse_due_projects(db: Database, today: date | None = None) -> list[LapseDue]:
    """The projects due to lapse on ``today`` (default: today), earliest due date first."""
    today = today or date.today()
    with db.session() as session:
        rows = lapse_due_in(session, today)
    return sorted(rows.values(), key=lambda r: (r.due, r.title.casefold()))
