"""Monitoring figures: budget, indicators, office activity and projects, now or on a Stichtag.

:class:`MonitoringService` loads the facts the rules in ``domain/monitoring.py`` need and hands
back one :class:`MonitoringReport` for a year (the tab, the Jahresbericht and its Excel tables
all show that one object, so they never disagree).

**Stichtag** (``as_of``): the figures as they stood on that day, so last year's report can be
reproduced later:

1. Whatever has a date of its own counts when that date is on or before the Stichtag: LAG
   decisions, approvals, completions, withdrawals (status history), payments, reallocations,
   meetings, written procedures, recorded indicator values (``recorded_on``).
2. Values without a date (a grant, the Handlungsfeld of a project, a planned budget, a target)
   are taken as they stood at the end of the Stichtag: every change the change log records after
   that moment is undone, newest first (the log keeps each old value).
3. A row deleted after the Stichtag counts as it stood.

So no change made after the Stichtag to what was recorded by then alters its figures: a later
grant increase, a move to another Handlungsfeld, a corrected date, a withdrawal, a payment, a
deletion. What does show up is a late entry dated before the Stichtag: a December payment typed
in in January, or a project of 2024 entered only now (a row created after the Stichtag counts with
its values as they are now, since it is still being completed). That is what late entries are for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.changelog import decode_value
from regiodesk.db.database import Database
from regiodesk.db.models import (
    ActionField,
    AgendaItem,
    Body,
    BudgetReallocation,
    ChangeLogEntry,
    Contact,
    FundingPeriod,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Meeting,
    Payment,
    Project,
    ProjectStatusChange,
    RegionSettings,
    Vote,
    WrittenProcedure,
)
from regiodesk.domain import monitoring as rules
from regiodesk.domain.deadlines import DeadlineRules, application_due
from regiodesk.domain.enums import MeetingState, ProjectStatus, VoteResult
from regiodesk.domain.errors import NotFoundError, ValidationError
from regiodesk.domain.monitoring import (
    BudgetTable,
    FieldPlan,
    IndicatorFacts,
    IndicatorLine,
    PaymentFacts,
    ProjectFacts,
    Reallocation,
    RecordedValue,
    StatusEvent,
)
from regiodesk.i18n import tr
from regiodesk.services.region import rule_settings_in
from regiodesk.services.regional_budget import not_a_small_project, small_project_call_ids_in

__all__ = [
    "ActivityFigures",
    "MonitoringReport",
    "MonitoringService",
    "ProjectRow",
    "field_budget_lines_in",
    "rows_as_of",
]

_HELD = (MeetingState.HELD.value, MeetingState.MINUTES_APPROVED.value)


# --------------------------------------------------------------------------- rows on a Stichtag
def _undo_cut(as_of: date) -> str:
    """The smallest HLC text of a change made after the end of ``as_of`` (German time)."""
    moment = rules.end_of_day_utc(as_of)
    return f"{int(moment.timestamp() * 1000):015d}"


def _typed(column, value: Any) -> Any:
    """A value from the change log (JSON) back as the column's Python type."""
    if value is None:
        return None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def rows_as_of(session: Session, model, names: Sequence[str], as_of: date | None) -> list[dict[str, Any]]:
    """Live rows of ``model`` as dicts of ``names`` (plus id and created_at), now or on ``as_of``.

    On a Stichtag every update, deletion and restore the change log holds from after the end of
    that day is undone (newest first) for the rows that existed by then; rows deleted after it
    come back; rows created after it are late entries and stand as they are now.
    """
    keys = ["id", "created_at", *names, "deleted_at"]
    table = model.__table__
    stmt = select(*(table.c[k] for k in keys))
    if as_of is None:
        stmt = stmt.where(table.c.deleted_at.is_(None))
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in session.execute(stmt)}
    if as_of is not None and rows:
        changes = session.execute(
            select(ChangeLogEntry.row_id, ChangeLogEntry.field, ChangeLogEntry.old_value)
            .where(
                ChangeLogEntry.table_name == model.__tablename__,
                ChangeLogEntry.hlc >= _undo_cut(as_of),
                ChangeLogEntry.operation != "insert",
                ChangeLogEntry.field.in_([*names, "deleted_at"]),
            )
            .order_by(ChangeLogEntry.hlc.desc(), ChangeLogEntry.seq.desc())
        )
        end = rules.end_of_day_utc(as_of)
        for row_id, name, old in changes:
            row = rows.get(row_id)
            # A row entered after the Stichtag is a late entry: its values stand as they are now.
            if row is not None and row["created_at"] < end:
                row[name] = _typed(table.c[name], decode_value(old))
    return [row for row in rows.values() if row["deleted_at"] is None]


_PROJECT_FACTS = (
    "action_field_id",
    "status",
    "grant_cents",
    "lag_decision_on",
    "applied_on",
    "approved_on",
    "completed_on",
    "proof_of_use_on",
)


def _project_facts(
    p: dict[str, Any], history: Iterable[StatusEvent], deadline_rules: DeadlineRules
) -> ProjectFacts:
    """A project row as the rules see it, with its application due date (rule 9): a selected project
    whose period passes without an application stops binding budget the day after."""
    decided = p["lag_decision_on"]
    due = None
    if decided is not None:
        due = application_due(
            decided,
            deadline_rules.application_value,
            deadline_rules.application_unit,
            deadline_rules.holidays,
        )
    facts = {name: p[name] for name in _PROJECT_FACTS}
    return ProjectFacts(p["id"], **facts, history=tuple(history), application_due=due)


def _status_history(
    session: Session, project_ids: Iterable[str] | None, as_of: date | None
) -> dict[str, list[StatusEvent]]:
    history: dict[str, list[StatusEvent]] = defaultdict(list)
    changes = rows_as_of(
        session, ProjectStatusChange, ("project_id", "from_status", "to_status", "changed_on"), as_of
    )
    if project_ids is not None:
        wanted = set(project_ids)
        changes = [c for c in changes if c["project_id"] in wanted]
    changes.sort(key=lambda c: (c["created_at"], c["id"]))
    for n, c in enumerate(changes):
        history[c["project_id"]].append(StatusEvent(c["to_status"], c["changed_on"], n, c["from_status"]))
    return history


def field_budget_lines_in(
    session: Session, field_ids: Iterable[str], today: date
) -> dict[str, rules.BudgetLine]:
    """Handlungsfeld id → its budget line as it stands on ``today``, for the Handlungsfelder list.

    The same definitions as the budget table of the report (committed, remaining = planned after
    reallocations − committed; a project due to lapse binds nothing), whatever the funding period.
    """
    ids = set(field_ids)
    if not ids:
        return {}
    plans = [
        FieldPlan(f.id, f.code, f.name, f.planned_budget_cents or 0, f.position)
        for f in session.scalars(select(ActionField).where(ActionField.id.in_(ids)))
    ]
    names = ("id", *_PROJECT_FACTS)
    rows = [
        dict(zip(names, row, strict=True))
        for row in session.execute(
            select(*(getattr(Project, n) for n in names)).where(
                Project.deleted_at.is_(None),
                Project.action_field_id.in_(ids),
                not_a_small_project(),  # a Kleinprojekt is GAK money, not the LEADER budget
            )
        )
    ]
    history = _status_history(session, [r["id"] for r in rows], None)
    deadline_rules = rule_settings_in(session).deadlines
    projects = [_project_facts(r, history.get(r["id"], ()), deadline_rules) for r in rows]
    payments = [
        PaymentFacts(*row)
        for row in session.execute(
            select(Payment.project_id, Payment.paid_on, Payment.amount_cents).where(
                Payment.deleted_at.is_(None), Payment.project_id.in_([r["id"] for r in rows])
            )
        )
    ]
    reallocations = [
        Reallocation(r.from_action_field_id, r.to_action_field_id, r.amount_cents, r.decided_on)
        for r in session.scalars(select(BudgetReallocation).where(BudgetReallocation.deleted_at.is_(None)))
    ]
    table = rules.budget_table(plans, projects, payments, reallocations, today)
    return {line.field_id: line for line in table.lines if line.field_id is not None}


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class ActivityFigures:
    """What the office and its bodies did in the year (up to the cut-off day)."""

    meetings_by_body: tuple[tuple[str, int], ...]
    decisions: int
    decisions_adopted: int
    written_procedures: int
    written_adopted: int
    selected: int
    approved: int
    completed: int

    @property
    def meetings(self) -> int:
        return sum(n for _, n in self.meetings_by_body)


@dataclass(frozen=True)
class ProjectRow:
    """A project in the report's list: selected by the LAG by the cut-off day."""

    id: str
    title: str
    sponsor: str
    action_field: str
    #: The Handlungsfeld's short code ("HF 2"), or its name when it has none.
    action_field_code: str
    status: str
    status_label: str
    selected_on: date | None
    approved_on: date | None
    completed_on: date | None
    grant_cents: int | None
    paid_cents: int
    #: Whether the grant binds budget on the cut-off day (ProjectState.committed: not withdrawn, not lapsed).
    committed: bool = True


@dataclass(frozen=True)
class MonitoringReport:
    region: str
    authority: str
    period_id: str | None
    period_name: str
    period_start: date | None
    period_end: date | None
    year: int
    year_start: date
    #: The day the figures stand on: the year's last day, or the Stichtag if earlier.
    cutoff: date
    #: The Stichtag asked for (None: the figures as they are now).
    as_of: date | None
    budget: BudgetTable
    indicators: tuple[IndicatorLine, ...]
    activity: ActivityFigures
    projects: tuple[ProjectRow, ...]
    #: Handlungsfeld id -> "HF 1 Name", for the indicator lines.
    field_labels: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> tuple[int, ...]:
        """The years of the funding period (for a chart over the years)."""
        if self.period_start is None or self.period_end is None:
            return (self.year,)
        return tuple(range(self.period_start.year, self.period_end.year + 1))


@dataclass
class _Facts:
    region: RegionSettings | None
    period: FundingPeriod | None
    fields: list[FieldPlan]
    projects: list[ProjectFacts]
    project_rows: dict[str, dict[str, Any]]
    payments: list[PaymentFacts]
    reallocations: list[Reallocation]
    indicators: list[IndicatorFacts]
    values: list[RecordedValue]


# --------------------------------------------------------------------------- service
class MonitoringService:
    """Budget, indicators and activity per year and funding period, now or on a Stichtag."""

    def __init__(self, db: Database):
        self.db = db

    # ------------------------------------------------------------------ settings
    def funding_periods(self) -> list[tuple[str, str]]:
        """(id, name) of the live funding periods, oldest first."""
        with self.db.session() as session:
            stmt = (
                select(FundingPeriod.id, FundingPeriod.name)
                .where(FundingPeriod.deleted_at.is_(None))
                .order_by(FundingPeriod.starts_on)
            )
            return [(row[0], row[1]) for row in session.execute(stmt)]

    def current_period_id(self) -> str | None:
        with self.db.session() as session:
            period = self._period(session, None)
            return period.id if period is not None else None

    def years(self, funding_period_id: str | None = None) -> list[int]:
        """The years to choose from: those of the funding period (else the current year)."""
        with self.db.session() as session:
            period = self._period(session, funding_period_id)
        if period is None:
            return [date.today().year]
        return list(range(period.starts_on.year, period.ends_on.year + 1))

    def tolerance_bp(self) -> int:
        with self.db.session() as session:
            settings = self._settings(session)
            return settings.budget_tolerance_bp if settings else rules.DEFAULT_TOLERANCE_BP

    def set_tolerance_bp(self, value: int) -> None:
        """The allowed deviation of the split from the plan (basis points, 1 % = 100)."""
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 5000:
            raise ValidationError(
                {"budget_tolerance_bp": tr("Die Toleranz muss zwischen 0 und 50 % liegen.")}
            )
        with self.db.transaction() as session:
            settings = self._settings(session)
            if settings is None:
                raise NotFoundError(tr("Die Region hat noch keine Einstellungen."))
            if settings.budget_tolerance_bp != value:
                settings.budget_tolerance_bp = value

    # ------------------------------------------------------------------ figures
    def report(
        self, year: int, as_of: date | None = None, funding_period_id: str | None = None
    ) -> MonitoringReport:
        """Every figure of ``year`` (up to ``as_of`` if earlier), for one funding period.

        ``funding_period_id`` None means the region's current funding period.
        """
        year_start, cutoff = rules.year_window(year, as_of, date.today())
        with self.db.session() as session:
            facts = self._facts(session, funding_period_id, as_of, cutoff)
            activity = self._activity(session, facts, as_of, year_start, cutoff)
            sponsors = self._sponsors(session, facts)
        settings, period = facts.region, facts.period
        budget = rules.budget_table(
            facts.fields,
            facts.projects,
            facts.payments,
            facts.reallocations,
            cutoff,
            year_start,
            settings.budget_tolerance_bp if settings else rules.DEFAULT_TOLERANCE_BP,
        )
        indicators = rules.indicator_lines(facts.indicators, facts.projects, facts.values, cutoff, year)
        return MonitoringReport(
            region=settings.name if settings else "",
            authority=settings.approval_authority_name if settings else "",
            period_id=period.id if period else None,
            period_name=period.name if period else "",
            period_start=period.starts_on if period else None,
            period_end=period.ends_on if period else None,
            year=year,
            year_start=year_start,
            cutoff=cutoff,
            as_of=as_of,
            budget=budget,
            indicators=tuple(indicators),
            activity=activity,
            projects=tuple(self._project_rows(facts, sponsors, cutoff)),
            field_labels={f.id: f.label for f in facts.fields},
        )

    def budget(
        self, year: int, as_of: date | None = None, funding_period_id: str | None = None
    ) -> BudgetTable:
        return self.report(year, as_of, funding_period_id).budget

    def indicators(
        self, year: int, as_of: date | None = None, funding_period_id: str | None = None
    ) -> tuple[IndicatorLine, ...]:
        return self.report(year, as_of, funding_period_id).indicators

    def activity(
        self, year: int, as_of: date | None = None, funding_period_id: str | None = None
    ) -> ActivityFigures:
        return self.report(year, as_of, funding_period_id).activity

    # ------------------------------------------------------------------ loading
    @staticmethod
    def _settings(session: Session) -> RegionSettings | None:
        return session.scalar(select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1))

    def _period(self, session: Session, funding_period_id: str | None) -> FundingPeriod | None:
        if funding_period_id is not None:
            period = session.get(FundingPeriod, funding_period_id)
            if period is None or period.deleted_at is not None:
                raise NotFoundError(tr("Die Förderperiode gibt es nicht (mehr)."))
            return period
        settings = self._settings(session)
        if settings is not None and settings.current_funding_period_id:
            return session.get(FundingPeriod, settings.current_funding_period_id)
        return session.scalar(
            select(FundingPeriod)
            .where(FundingPeriod.deleted_at.is_(None))
            .order_by(FundingPeriod.starts_on.desc())
            .limit(1)
        )

    def _facts(
        self, session: Session, funding_period_id: str | None, as_of: date | None, cutoff: date
    ) -> _Facts:
        settings = self._settings(session)
        period = self._period(session, funding_period_id)
        fields = [
            f
            for f in rows_as_of(
                session,
                ActionField,
                ("funding_period_id", "code", "name", "planned_budget_cents", "position"),
                as_of,
            )
            if period is None or f["funding_period_id"] in (None, period.id)
        ]
        field_ids = {f["id"] for f in fields}
        plans = [
            FieldPlan(f["id"], f["code"], f["name"], f["planned_budget_cents"], f["position"]) for f in fields
        ]
        history = _status_history(session, None, as_of)
        project_rows = {}
        projects = []
        names = (
            "title",
            "sponsor_id",
            "action_field_id",
            "status",
            "grant_cents",
            "lag_decision_on",
            "applied_on",
            "approved_on",
            "completed_on",
            "proof_of_use_on",
            "call_id",
        )
        deadline_rules = rule_settings_in(session).deadlines
        small_calls = small_project_call_ids_in(session)  # Kleinprojekte: GAK money, not LEADER
        for p in rows_as_of(session, Project, names, as_of):
            if p["call_id"] in small_calls:
                continue
            if p["action_field_id"] is None:
                decided = p["lag_decision_on"]
                if (
                    period is not None
                    and decided is not None
                    and not period.starts_on <= decided <= period.ends_on
                ):
                    continue
            elif p["action_field_id"] not in field_ids:
                continue
            project_rows[p["id"]] = p
            projects.append(_project_facts(p, history.get(p["id"], ()), deadline_rules))
        payments = [
            PaymentFacts(p["project_id"], p["paid_on"], p["amount_cents"])
            for p in rows_as_of(session, Payment, ("project_id", "paid_on", "amount_cents"), as_of)
            if p["project_id"] in project_rows
        ]
        reallocations = [
            Reallocation(
                r["from_action_field_id"], r["to_action_field_id"], r["amount_cents"], r["decided_on"]
            )
            for r in rows_as_of(
                session,
                BudgetReallocation,
                ("from_action_field_id", "to_action_field_id", "amount_cents", "decided_on"),
                as_of,
            )
            if r["from_action_field_id"] in field_ids or r["to_action_field_id"] in field_ids
        ]
        targets: dict[str, dict[int, int]] = defaultdict(dict)
        for t in rows_as_of(session, IndicatorTarget, ("indicator_id", "year", "target_milli"), as_of):
            targets[t["indicator_id"]][t["year"]] = (
                targets[t["indicator_id"]].get(t["year"], 0) + t["target_milli"]
            )
        order = {f["id"]: (f["position"], f["code"]) for f in fields}
        indicator_rows = [
            i
            for i in rows_as_of(
                session, Indicator, ("action_field_id", "name", "unit", "kind", "source"), as_of
            )
            if i["action_field_id"] in field_ids or (i["action_field_id"] is None and period is not None)
        ]
        indicator_rows.sort(
            key=lambda i: (order.get(i["action_field_id"], (999, "")), i["created_at"], i["id"])
        )
        indicators = [
            IndicatorFacts(
                i["id"],
                i["action_field_id"],
                i["name"],
                i["unit"],
                i["kind"],
                i["source"],
                targets.get(i["id"], {}),
            )
            for i in indicator_rows
        ]
        wanted = {i.id for i in indicators}
        values = [
            RecordedValue(v["indicator_id"], v["year"], v["value_milli"], v["recorded_on"], v["project_id"])
            for v in rows_as_of(
                session,
                IndicatorValue,
                ("indicator_id", "project_id", "year", "value_milli", "recorded_on"),
                as_of,
            )
            if v["indicator_id"] in wanted
        ]
        return _Facts(
            settings, period, plans, projects, project_rows, payments, reallocations, indicators, values
        )

    def _activity(
        self, session: Session, facts: _Facts, as_of: date | None, year_start: date, cutoff: date
    ) -> ActivityFigures:
        def within(day: date | None) -> bool:
            return day is not None and year_start <= day <= cutoff

        meetings = {
            m["id"]: m
            for m in rows_as_of(session, Meeting, ("body_id", "starts_at", "state"), as_of)
            if within(m["starts_at"].date())
        }
        items = {
            i["id"]: i["meeting_id"]
            for i in rows_as_of(session, AgendaItem, ("meeting_id",), as_of)
            if i["meeting_id"] in meetings
        }
        votes = [
            v
            for v in rows_as_of(session, Vote, ("agenda_item_id", "result"), as_of)
            if v["agenda_item_id"] in items
        ]
        voted = {items[v["agenda_item_id"]] for v in votes}
        held = [m for m in meetings.values() if m["state"] in _HELD or m["id"] in voted]
        bodies = {row[0]: row[1] for row in session.execute(select(Body.id, Body.name))}
        per_body = Counter(bodies.get(m["body_id"], "") for m in held)
        procedures = [
            w
            for w in rows_as_of(session, WrittenProcedure, ("body_id", "started_on", "result"), as_of)
            if within(w["started_on"])
        ]
        states = [rules.project_state(p, cutoff) for p in facts.projects]
        adopted = VoteResult.ADOPTED.value
        return ActivityFigures(
            meetings_by_body=tuple(sorted(per_body.items(), key=lambda kv: (-kv[1], kv[0].casefold()))),
            decisions=len(votes),
            decisions_adopted=sum(1 for v in votes if v["result"] == adopted),
            written_procedures=len(procedures),
            written_adopted=sum(1 for w in procedures if w["result"] == adopted),
            selected=sum(1 for s in states if within(s.selected_on)),
            approved=sum(1 for s in states if within(s.approved_on)),
            completed=sum(1 for s in states if within(s.completed_on)),
        )

    @staticmethod
    def _sponsors(session: Session, facts: _Facts) -> dict[str, str]:
        ids = {p["sponsor_id"] for p in facts.project_rows.values() if p["sponsor_id"]}
        if not ids:
            return {}
        result = {}
        for contact in session.scalars(select(Contact).where(Contact.id.in_(ids))):
            result[contact.id] = contact.display_name()
        return result

    @staticmethod
    def _project_rows(facts: _Facts, sponsors: dict[str, str], cutoff: date) -> Iterable[ProjectRow]:
        labels = {f.id: f.label for f in facts.fields}
        codes = {f.id: f.code or f.name for f in facts.fields}
        order = {
            f.id: n for n, f in enumerate(sorted(facts.fields, key=lambda f: (f.position, f.code, f.name)))
        }
        paid: dict[str, int] = defaultdict(int)
        for payment in facts.payments:
            if payment.paid_on <= cutoff:
                paid[payment.project_id] += payment.amount_cents
        rows = []
        for project in facts.projects:
            state = rules.project_state(project, cutoff)
            if state.selected_on is None:
                continue
            row = facts.project_rows[project.id]
            status = state.status or ""
            # selected, but the application period passed: short, it sits in a narrow column
            label = (
                "Antragsfrist abgelaufen (verfällt)" if state.lapse_due else ProjectStatus.label_of(status)
            )
            rows.append(
                ProjectRow(
                    id=project.id,
                    title=row["title"],
                    sponsor=sponsors.get(row["sponsor_id"] or "", ""),
                    action_field=labels.get(project.action_field_id or "", ""),
                    action_field_code=codes.get(project.action_field_id or "", ""),
                    status=status,
                    status_label=label,
                    selected_on=state.selected_on,
                    approved_on=state.approved_on,
                    completed_on=state.completed_on,
                    grant_cents=project.grant_cents,
                    paid_cents=paid.get(project.id, 0),
                    committed=state.committed,
                )
            )
        rows.sort(
            key=lambda r: (
                order.get(facts.project_rows[r.id]["action_field_id"], 999),
                r.selected_on,
                r.title,
            )
        )
        return rows
