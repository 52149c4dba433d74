"""The status pipeline of a project: every change checked, dated and recorded (who, when, why).

One path for every status change: the pipeline tab, the project form and a LAG selection decision
recorded in a meeting all go through :func:`change_status_in`, which checks the move against
``domain/pipeline.py``, writes a :class:`ProjectStatusChange` row and sets the project's date field
of the event (``lag_decision_on``, ``applied_on``, ``approved_on``, ``starts_on``, ``completed_on``,
``proof_of_use_on``). A forbidden move raises :class:`DomainError` with a German message before
anything is written, and the caller's transaction rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.base import utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import AgendaItem, Meeting, Project, ProjectStatusChange
from regiodesk.domain import pipeline
from regiodesk.domain.enums import ProjectStatus, VoteResult
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.i18n import format_date, tr
from regiodesk.services.deadlines import lapse_due_in
from regiodesk.services.records import set_if_changed

__all__ = [
    "DECISION_STATES",
    "ProjectPipeline",
    "StatusChangeRow",
    "apply_lag_decision_in",
    "change_status_in",
]

_S = ProjectStatus

DECISION_STATES = frozenset({_S.SELECTED, _S.REJECTED, _S.DEFERRED})
"""States set by a LAG decision; a change to one of them may link the agenda item of the decision."""

_AFTER_SELECTION = frozenset({_S.APPLIED, _S.APPROVED, _S.IN_PROGRESS, _S.COMPLETED, _S.PROOF_CHECKED})


@dataclass(frozen=True)
class StatusChangeRow:
    """One line of a project's status history, oldest first."""

    id: str
    from_status: str | None
    from_label: str
    to_status: str
    to_label: str
    changed_on: date
    changed_by: str
    note: str
    agenda_item_id: str | None
    decision: str
    """The linked decision as text, e.g. ``TOP 4 der Sitzung LAG Obermain am 09.03.2026``; '' if none."""


def _project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.deleted_at is not None:
        raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
    return project


def change_status_in(
    session: Session,
    project: Project,
    to_status: ProjectStatus | str,
    on: date | None,
    by: str = "",
    note: str = "",
    agenda_item_id: str | None = None,
    today: date | None = None,
) -> ProjectStatusChange | None:
    """Move ``project`` to ``to_status`` on day ``on`` inside the caller's transaction.

    Returns the history row, or ``None`` when nothing changes (the same status again, except a
    renewed deferral which is a new decision). Raises :class:`DomainError` (German) for a forbidden
    move, a missing date, a date after ``today`` (when given) or before an earlier event; nothing is
    changed then.
    """
    dates = {name: getattr(project, name) for name in pipeline.DATE_ORDER}
    move = pipeline.transition(project.status, to_status, on, dates, today)
    if move.current == move.target and move.date_field is None:
        return None
    if move.date_field is not None:
        set_if_changed(project, move.date_field, move.on)
    if agenda_item_id is not None and move.target in DECISION_STATES:
        set_if_changed(project, "lag_decision_item_id", agenda_item_id)
    set_if_changed(project, "status", move.target.value)
    row = ProjectStatusChange(
        project_id=project.id,
        from_status=move.current.value,
        to_status=move.target.value,
        changed_on=move.on,
        changed_by=(by or "").strip(),
        agenda_item_id=agenda_item_id,
        note=(note or "").strip(),
    )
    session.add(row)
    session.flush()  # one insert per change: the recorded order is the order of the history
    return row


def _live_changes(session: Session, project_id: str) -> list[ProjectStatusChange]:
    """The project's history in the order it was recorded (each change starts where the last ended)."""
    return list(
        session.scalars(
            select(ProjectStatusChange)
            .where(ProjectStatusChange.project_id == project_id, ProjectStatusChange.deleted_at.is_(None))
            .order_by(ProjectStatusChange.created_at, ProjectStatusChange.changed_on)
        )
    )


def apply_lag_decision_in(session: Session, item: AgendaItem, result: VoteResult | str, by: str = "") -> None:
    """A LAG selection vote on ``item`` moves its project through the pipeline and links the decision.

    * Adopted → ``ausgewählt``, rejected → ``abgelehnt``, not quorate → no decision.
    * A project still at ``Idee`` is first moved to ``in Beratung`` (it is on the LAG's agenda).
    * A corrected vote on the same item replaces the status change the earlier vote made, as long
      as it is still the project's latest change; once the project has moved on, a different
      result is refused (the office has to sort out the project first).
    * A project already past the selection (Antrag gestellt … Verwendungsnachweis geprüft) keeps
      its status when the LAG adopts a further decision on it (e.g. a change of costs).
    * Any other forbidden move refuses the vote with the pipeline's German message.
    """
    if not item.project_id:
        return
    project = session.get(Project, item.project_id)
    if project is None or project.deleted_at is not None:
        return
    target = {VoteResult.ADOPTED: _S.SELECTED, VoteResult.REJECTED: _S.REJECTED}.get(VoteResult(result))
    meeting = session.get(Meeting, item.meeting_id)
    day = meeting.starts_at.date() if meeting is not None else date.today()
    history = _live_changes(session, project.id)
    own = [c for c in history if c.agenda_item_id == item.id]
    if own:
        earlier = own[-1]
        if target is not None and earlier.to_status == target.value:
            return  # the same result again (corrected counts): nothing to change
        if earlier is not history[-1] or project.status != earlier.to_status:
            raise DomainError(
                tr(
                    "Das Projekt „{project_title}“ steht inzwischen auf „{project_status}“. "
                    "Ein geändertes Ergebnis dieses Beschlusses kann den Status nicht mehr "
                    "ändern; bitte zuerst den Status des Projekts klären.",
                    project_title=project.title,
                    project_status=ProjectStatus.label_of(project.status),
                )
            )
        _undo(session, project, earlier, history)
    if target is None:
        return
    current = ProjectStatus(project.status)
    if target is _S.SELECTED and (current in _AFTER_SELECTION or current is _S.SELECTED):
        return  # a further decision on a project already selected: its course goes on unchanged
    try:
        if current is _S.IDEA:
            change_status_in(
                session,
                project,
                _S.IN_CONSULTATION,
                day,
                by,
                "Auf der Tagesordnung der LAG zur Projektauswahl.",
            )
        change_status_in(
            session, project, target, day, by, f"LAG-Beschluss TOP {item.number}", agenda_item_id=item.id
        )
    except DomainError as error:
        raise DomainError(
            tr(
                "Das Abstimmungsergebnis passt nicht zum Status des Projekts „{project_title}“: {error}",
                project_title=project.title,
                error=error,
            )
        ) from None


def _undo(
    session: Session, project: Project, change: ProjectStatusChange, history: list[ProjectStatusChange]
) -> None:
    """Take back ``change`` (the latest of ``history``): a correction, not a transition."""
    change.deleted_at = utcnow()
    set_if_changed(project, "status", change.from_status or _S.IN_CONSULTATION.value)
    field = pipeline.DATE_FIELD.get(ProjectStatus(change.to_status))
    if field == "lag_decision_on":
        previous = next(
            (
                c
                for c in reversed(history)
                if c is not change and ProjectStatus(c.to_status) in DECISION_STATES
            ),
            None,
        )
        set_if_changed(project, "lag_decision_on", previous.changed_on if previous else None)
        set_if_changed(project, "lag_decision_item_id", previous.agenda_item_id if previous else None)
    elif field is not None:
        set_if_changed(project, field, None)


class ProjectPipeline:
    """The use cases of the pipeline; each method owns its transaction."""

    def __init__(self, db: Database):
        self.db = db

    def status(self, project_id: str) -> str:
        with self.db.session() as session:
            return _project(session, project_id).status

    def allowed_next(self, project_id: str) -> list[tuple[str, str]]:
        """(value, German label) of the statuses the project may move to, in menu order."""
        with self.db.session() as session:
            current = _project(session, project_id).status
        return [(s.value, s.label) for s in pipeline.allowed_next(current)]

    def change_status(
        self,
        project_id: str,
        to_status: ProjectStatus | str,
        on: date | None = None,
        by: str = "",
        note: str = "",
        agenda_item_id: str | None = None,
        today: date | None = None,
    ) -> str | None:
        """Move the project to ``to_status`` on ``on`` (default today); the id of the history row.

        ``None`` when nothing changed (same status). A forbidden move raises :class:`DomainError`
        with a German message and changes nothing. A date after ``today`` is refused.
        """
        today = today or date.today()
        with self.db.transaction() as session:
            project = _project(session, project_id)
            if agenda_item_id is not None:
                item = session.get(AgendaItem, agenda_item_id)
                if item is None or item.deleted_at is not None:
                    raise NotFoundError(tr("Den Tagesordnungspunkt des Beschlusses gibt es nicht (mehr)."))
            row = change_status_in(
                session, project, to_status, on or today, by, note, agenda_item_id, today=today
            )
            if row is None:
                return None
            session.flush()
            return row.id

    def confirm_lapse(self, project_id: str, by: str = "", today: date | None = None) -> str:
        """Set a project whose application period has passed to ``verfallen`` (rule 9).

        The change is dated the day after the last day of the period (the day the LAG approval
        lapsed: a period ends with the end of its last day, § 188(1) BGB) and recorded in the
        Verlauf with the passed due date. Refused with a German message
        when the project is not due to lapse on ``today`` (applied meanwhile, another status, period
        still running). Returns the id of the history row.
        """
        today = today or date.today()
        with self.db.transaction() as session:
            project = _project(session, project_id)
            lapse = lapse_due_in(session, today, [project_id]).get(project_id)
            if lapse is None:
                raise DomainError(
                    tr(
                        "Das Projekt „{project_title}“ verfällt nicht: seine Frist für den "
                        "Antrag ist nicht abgelaufen, oder es ist nicht (mehr) im Status "
                        "„ausgewählt“ ohne Antrag.",
                        project_title=project.title,
                    )
                )
            row = change_status_in(
                session,
                project,
                _S.LAPSED,
                lapse.due + timedelta(days=1),
                by,
                f"{lapse.label} (Verfall bestätigt am {format_date(today)}).",
                today=today,
            )
            assert row is not None  # ausgewählt → verfallen is always a move
            return row.id

    def record_proof_of_use(self, project_id: str, on: date, by: str = "", note: str = "") -> str | None:
        """The Bewilligungsstelle has checked the proof of use (Verwendungsnachweis geprüft)."""
        return self.change_status(project_id, _S.PROOF_CHECKED, on, by, note)

    def history(self, project_id: str) -> list[StatusChangeRow]:
        """The status history of a project, oldest first, with the linked decision as text."""
        with self.db.session() as session:
            _project(session, project_id)
            rows = []
            for change in _live_changes(session, project_id):
                rows.append(
                    StatusChangeRow(
                        id=change.id,
                        from_status=change.from_status,
                        from_label=ProjectStatus.label_of(change.from_status),
                        to_status=change.to_status,
                        to_label=ProjectStatus.label_of(change.to_status),
                        changed_on=change.changed_on,
                        changed_by=change.changed_by,
                        note=change.note,
                        agenda_item_id=change.agenda_item_id,
                        decision=_decision_text(session, change.agenda_item_id),
                    )
                )
            return rows


def _decision_text(session: Session, item_id: str | None) -> str:
    if not item_id:
        return ""
    item = session.get(AgendaItem, item_id)
    if item is None:
        return ""
    meeting = session.get(Meeting, item.meeting_id)
    if meeting is None:
        return f"TOP {item.number}"
    body = meeting.body.name if meeting.body is not None else ""
    where = f" der Sitzung {body}" if body else ""
    return f"TOP {item.number}{where} am {format_date(meeting.starts_at.date())}"
