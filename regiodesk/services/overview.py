"""Übersicht: what the office has to do next, read in one go for the first tab.

Five kinds of lines, each pointing at the record (or view) it is about:

* the next meetings with their invitation state and the notice deadline (Ladungsfrist, rule 6);
* the project deadlines due within :data:`DEADLINE_DAYS` days and the overdue ones: application,
  proof of use, and lapse of the LAG approval (rule 9; ``services.deadlines``);
* projects waiting for the office's next step (an idea to advise, a project in consultation or
  deferred that is on no coming meeting's agenda);
* sync conflicts waiting for a decision;
* the last backup of this file.

Qt-free: the window shows the lines, the CLI or a test can read them as well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from regiodesk.db.custody import list_backups
from regiodesk.db.database import Database
from regiodesk.db.models import AgendaItem, Body, Meeting, Project, ProjectStatusChange, SyncConflict
from regiodesk.domain.agenda import latest_invitation_date, notice_warning
from regiodesk.domain.enums import MeetingState, ProjectStatus
from regiodesk.i18n import format_date, format_datetime, tr
from regiodesk.services.deadlines import due_deadlines

__all__ = [
    "BACKUP_OLD_DAYS",
    "DEADLINE_DAYS",
    "MEETING_COUNT",
    "Overview",
    "OverviewLine",
    "Target",
    "invitation_text",
    "read_overview",
]

#: Deadlines due within this many days are listed (and every overdue one).
DEADLINE_DAYS = 30
#: How many coming meetings are listed.
MEETING_COUNT = 5
#: A last backup older than this is marked as needing attention.
BACKUP_OLD_DAYS = 7
#: An invitation not yet sent is urgent from this many days before its last day.
INVITATION_WARN_DAYS = 7

#: The statuses in which the office, not the sponsor or the Bewilligungsstelle, moves next.
_NEXT_STEP: dict[str, str] = {
    ProjectStatus.IDEA.value: "Projektträger beraten",
    ProjectStatus.IN_CONSULTATION.value: "einer LAG-Sitzung zur Entscheidung vorlegen",
    ProjectStatus.DEFERRED.value: "erneut beraten oder wieder vorlegen",
}


@dataclass(frozen=True)
class Target:
    """What a line opens: a record in a tab (``tab`` is a key of ``ui.tabs.TABS``), or a view
    of the window (``tab`` ``"conflicts"`` or ``"backups"``, ``record_id`` None)."""

    tab: str
    record_id: str | None = None


@dataclass(frozen=True)
class OverviewLine:
    """One line of the Übersicht."""

    title: str
    """What it is about: the meeting, the project, „3 Konflikte“, the backup."""
    detail: str
    """What is due, in German (``Einladung noch nicht versandt – spätestens am 12.03.2026``)."""
    due: date | None
    """The day it is due or happened, for sorting and the date column."""
    urgent: bool
    """Overdue or due within days: shown marked."""
    target: Target


@dataclass(frozen=True)
class Overview:
    """The Übersicht in its sections, each in the order it is shown."""

    today: date
    meetings: list[OverviewLine] = field(default_factory=list)
    deadlines: list[OverviewLine] = field(default_factory=list)
    waiting: list[OverviewLine] = field(default_factory=list)
    conflicts: list[OverviewLine] = field(default_factory=list)
    backup: list[OverviewLine] = field(default_factory=list)


def read_overview(db: Database, today: date | None = None, backup_root: Path | None = None) -> Overview:
    """Everything the Übersicht shows, as of ``today`` (default: today)."""
    today = today or date.today()
    return Overview(
        today=today,
        meetings=_meetings(db, today),
        deadlines=_deadlines(db, today),
        waiting=_waiting(db, today),
        conflicts=_conflicts(db),
        backup=_backup(db, today, backup_root),
    )


# ---------------------------------------------------------------- meetings
def _days(n: int) -> str:
    return tr("1 Tag") if n == 1 else tr("{n} Tage", n=n)


def _in_days(n: int) -> str:
    """The dative after „in“ and „seit“: „in 1 Tag“, „seit 3 Tagen“."""
    return tr("1 Tag") if n == 1 else tr("{n} Tagen", n=n)


def invitation_text(
    meeting_day: date, notice_days: int, sent_on: date | None, today: date
) -> tuple[str, bool]:
    """The invitation state of a meeting and whether it is urgent."""
    if sent_on is not None:
        late = notice_warning(meeting_day, notice_days, sent_on)
        if late:
            return tr(
                "Einladung am {sent} versandt – Ladungsfrist nicht eingehalten", sent=format_date(sent_on)
            ), True
        return tr("Einladung am {sent} versandt", sent=format_date(sent_on)), False
    latest = latest_invitation_date(meeting_day, notice_days)
    left = (latest - today).days
    if left < 0:
        return (
            tr(
                "Einladung nicht versandt – Ladungsfrist ({days}) seit {latest} verpasst",
                days=_days(notice_days),
                latest=format_date(latest),
            ),
            True,
        )
    when = tr("heute") if left == 0 else tr("noch {days}", days=_days(left))
    return (
        tr(
            "Einladung noch nicht versandt – spätestens am {latest} ({when})",
            latest=format_date(latest),
            when=when,
        ),
        left <= INVITATION_WARN_DAYS,
    )


def _meetings(db: Database, today: date) -> list[OverviewLine]:
    stmt = (
        select(
            Meeting.id,
            Meeting.title,
            Meeting.starts_at,
            Meeting.state,
            Meeting.invitation_sent_on,
            Body.name,
            Body.notice_days,
        )
        .join(Body, Body.id == Meeting.body_id)
        .where(
            Meeting.deleted_at.is_(None),
            Meeting.starts_at >= datetime.combine(today, datetime.min.time()),
            Meeting.state.in_((MeetingState.PLANNED.value, MeetingState.INVITED.value)),
        )
        .order_by(Meeting.starts_at)
        .limit(MEETING_COUNT)
    )
    lines = []
    with db.session() as session:
        for meeting_id, title, starts_at, _state, sent_on, body, notice_days in session.execute(stmt):
            text, urgent = invitation_text(starts_at.date(), notice_days, sent_on, today)
            name = title or body
            lines.append(
                OverviewLine(
                    title=tr("{name}, {time} Uhr", name=name, time=f"{starts_at:%H:%M}"),
                    detail=text,
                    due=starts_at.date(),
                    urgent=urgent,
                    target=Target("meetings", meeting_id),
                )
            )
    return lines


# ---------------------------------------------------------------- deadlines
def _deadlines(db: Database, today: date) -> list[OverviewLine]:
    weeks = -(-DEADLINE_DAYS // 7)  # whole weeks covering the days, cut to the days below
    lines = []
    for row in due_deadlines(db, today, weeks=weeks, include_overdue=True):
        if row.days_left > DEADLINE_DAYS:
            continue
        if row.overdue:  # the label says „Überfällig: …“ or „… abgelaufen“ already
            when = tr("seit {days}", days=_in_days(-row.days_left))
        elif row.days_left == 0:
            when = tr("heute fällig")
        else:
            when = tr("in {days}", days=_in_days(row.days_left))
        lines.append(
            OverviewLine(
                title=row.title,
                detail=f"{row.label} · {when}",
                due=row.due,
                urgent=row.overdue or row.days_left <= 7,
                target=Target("projects", row.project_id),
            )
        )
    return lines


# ---------------------------------------------------------------- waiting projects
def _waiting(db: Database, today: date) -> list[OverviewLine]:
    on_coming_agenda = (
        select(AgendaItem.project_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            AgendaItem.deleted_at.is_(None),
            AgendaItem.project_id.is_not(None),
            Meeting.deleted_at.is_(None),
            Meeting.starts_at >= datetime.combine(today, datetime.min.time()),
            Meeting.state.in_((MeetingState.PLANNED.value, MeetingState.INVITED.value)),
        )
    )
    last_change = (
        select(func.max(ProjectStatusChange.changed_on))
        .where(ProjectStatusChange.project_id == Project.id, ProjectStatusChange.deleted_at.is_(None))
        .correlate(Project)
        .scalar_subquery()
    )
    stmt = select(Project.id, Project.title, Project.status, last_change, Project.created_at).where(
        Project.deleted_at.is_(None),
        Project.status.in_(tuple(_NEXT_STEP)),
        Project.id.not_in(on_coming_agenda),
    )
    rows = []
    with db.session() as session:
        for project_id, title, status, changed_on, created_at in session.execute(stmt):
            since = changed_on or (created_at.date() if created_at else None)
            rows.append((since or today, title, project_id, status))
    lines = []
    for since, title, project_id, status in sorted(rows, key=lambda r: (r[0], r[1].casefold())):
        lines.append(
            OverviewLine(
                title=title,
                detail=tr(
                    "{status} seit {since} – nächster Schritt: {step}",
                    status=ProjectStatus.label_of(status),
                    since=format_date(since),
                    step=tr(_NEXT_STEP[status]),
                ),
                due=since,
                urgent=False,
                target=Target("projects", project_id),
            )
        )
    return lines


# ---------------------------------------------------------------- sync and backup
def _conflicts(db: Database) -> list[OverviewLine]:
    with db.session() as session:
        waiting = session.scalar(select(func.count()).where(SyncConflict.decided_at.is_(None))) or 0
        newest = session.scalar(
            select(func.max(SyncConflict.detected_at)).where(SyncConflict.decided_at.is_(None))
        )
    if not waiting:
        return []
    title = tr("1 Konflikt") if waiting == 1 else tr("{n} Konflikte", n=waiting)
    return [
        OverviewLine(
            title=title,
            detail=tr(
                "Die Synchronisierung hat Werte gefunden, die auf zwei Laptops geändert wurden; bitte prüfen."
            ),
            due=newest.date() if newest else None,
            urgent=True,
            target=Target("conflicts"),
        )
    ]


def _backup(db: Database, today: date, root: Path | None) -> list[OverviewLine]:
    if db.is_server:  # no file to back up here: the server's own tools do it
        return [
            OverviewLine(
                title=tr("Sicherung durch den Server"),
                detail=tr(
                    "Sicherungen macht der Server (pg_dump); eine Kopie als Datei: "
                    "Datei → Kopie als Datei speichern …"
                ),
                due=None,
                urgent=False,
                target=Target("backups"),
            )
        ]
    backups = list_backups(db.path, root)
    if not backups:
        return [
            OverviewLine(
                title=tr("Noch keine Sicherung"),
                detail=tr("Von dieser Datei gibt es noch keine Sicherung auf diesem Rechner."),
                due=None,
                urgent=True,
                target=Target("backups"),
            )
        ]
    newest = backups[0]
    age = (today - newest.created.date()).days
    return [
        OverviewLine(
            title=tr("Letzte Sicherung {when}", when=format_datetime(newest.created)),
            detail=tr("{n} Sicherungen auf diesem Rechner", n=len(backups))
            if len(backups) != 1
            else tr("1 Sicherung auf diesem Rechner"),
            due=newest.created.date(),
            urgent=age > BACKUP_OLD_DAYS,
            target=Target("backups"),
        )
    ]
