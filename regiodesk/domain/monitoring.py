"""Monitoring rules: budget per Handlungsfeld, the tolerance of the split, indicator progress.

Pure functions over plain facts (stdlib only). The services load the facts from the database,
as they are now or as they stood on a Stichtag, and hand them in; everything computed here is
"computed from the projects, never typed twice".

Definitions (all amounts in integer cents, shares exact as :class:`~fractions.Fraction`):

* **planned** of a Handlungsfeld: its budget in the strategy plus the reallocations decided on or
  before the cut-off day (``to`` adds, ``from`` subtracts; an empty side is money from or to
  outside the Handlungsfelder).
* **committed** (gebunden durch LAG-Beschluss): the grant of every project selected by the LAG
  and still pursued (``ausgewählt`` and every later status). A withdrawn or lapsed project frees
  its grant except what was already paid to it. Never less than what was paid. A selected project
  whose application period has passed without an application (``application_due`` before the
  cut-off day) counts as lapsed from the day after its due date, whether or not the office has
  confirmed the status ``verfallen`` yet (rule 9: a lapsed approval no longer binds budget).
* **approved** (bewilligt): the grant of every project approved by the Bewilligungsstelle and
  still pursued (``bewilligt`` and later), never less than what was paid.
* **paid**: the payments made on or before the cut-off day.
* **remaining** = planned − committed (:data:`REMAINING_DEFINITION`, the tooltip wherever it is shown).

So ``paid ≤ approved ≤ committed`` holds for every project and every Handlungsfeld.

A project's status on a day comes from its dated milestones (the pipeline writes
``lag_decision_on``, ``approved_on``, … with every move) and its status history (the only
record of withdrawals and lapses, and of which LAG decision it was): see :func:`project_state`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction

from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.voting import format_percent

_S = ProjectStatus

COMMITTED_STATES: frozenset[str] = frozenset(
    s.value for s in (_S.SELECTED, _S.APPLIED, _S.APPROVED, _S.IN_PROGRESS, _S.COMPLETED, _S.PROOF_CHECKED)
)
"""Statuses in which the LAG's selection binds the project's grant."""

APPROVED_STATES: frozenset[str] = frozenset(
    s.value for s in (_S.APPROVED, _S.IN_PROGRESS, _S.COMPLETED, _S.PROOF_CHECKED)
)
"""Statuses in which the Bewilligungsstelle has approved the grant."""

RELEASED_STATES: frozenset[str] = frozenset({_S.WITHDRAWN.value, _S.LAPSED.value})
"""Statuses that end a project and free its grant (what was paid stays spent)."""

DECISION_STATES: frozenset[str] = frozenset({_S.SELECTED.value, _S.REJECTED.value, _S.DEFERRED.value})

DEFAULT_TOLERANCE_BP = 1000
"""±10 %: the deviation of the split from the plan before the LAG must decide it again."""

#: Milestone date field -> the status a project has from that day on, latest milestone first.
_MILESTONES: tuple[tuple[str, str], ...] = (
    ("proof_of_use_on", _S.PROOF_CHECKED.value),
    ("completed_on", _S.COMPLETED.value),
    ("approved_on", _S.APPROVED.value),
    ("applied_on", _S.APPLIED.value),
)

_EARLY_STATES = frozenset({_S.IDEA.value, _S.IN_CONSULTATION.value})

UNASSIGNED = ""
"""Key of the budget line of projects without a Handlungsfeld."""


# --------------------------------------------------------------------------- facts
@dataclass(frozen=True)
class StatusEvent:
    """One row of a project's status history."""

    to_status: str
    on: date
    #: Order of events on the same day (the moment they were recorded).
    seq: int = 0
    from_status: str | None = None


@dataclass(frozen=True)
class ProjectFacts:
    """What the figures need of one project, as it stood on the cut-off day."""

    id: str
    action_field_id: str | None
    status: str
    grant_cents: int | None = None
    lag_decision_on: date | None = None
    applied_on: date | None = None
    approved_on: date | None = None
    completed_on: date | None = None
    proof_of_use_on: date | None = None
    history: tuple[StatusEvent, ...] = ()
    #: Last day of the application period after the LAG decision (moved past weekends and public
    #: holidays, ``domain.deadlines.application_due``); None without a LAG decision date.
    application_due: date | None = None

    def date_of(self, name: str) -> date | None:
        value = getattr(self, name)
        if value is None or isinstance(value, date):
            return value
        raise TypeError(f"{name} is not a date field")


@dataclass(frozen=True)
class PaymentFacts:
    project_id: str
    paid_on: date
    amount_cents: int


@dataclass(frozen=True)
class FieldPlan:
    """A Handlungsfeld with the budget the strategy plans for it."""

    id: str
    code: str
    name: str
    planned_cents: int
    position: int = 0

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass(frozen=True)
class Reallocation:
    """A budget reallocation decided by the LAG: ``amount`` from one field to another."""

    from_field_id: str | None
    to_field_id: str | None
    amount_cents: int
    decided_on: date


# --------------------------------------------------------------------------- project state
@dataclass(frozen=True)
class ProjectState:
    """Where a project stood on a day; milestone dates only if reached by then."""

    status: str | None
    selected_on: date | None = None
    approved_on: date | None = None
    completed_on: date | None = None
    #: Selected, but the application period passed without an application: the LAG approval has
    #: lapsed (not confirmed as ``verfallen`` yet); it binds no budget.
    lapse_due: bool = False

    @property
    def committed(self) -> bool:
        """Whether the LAG's selection binds the grant on that day (the one definition)."""
        return self.status in COMMITTED_STATES and not self.lapse_due

    @property
    def approved(self) -> bool:
        return self.status in APPROVED_STATES


def _sorted_history(project: ProjectFacts, on: date) -> list[StatusEvent]:
    return sorted((e for e in project.history if e.on <= on), key=lambda e: (e.on, e.seq))


def _reached(
    project: ProjectFacts, history: Sequence[StatusEvent], name: str, status: str, on: date
) -> date | None:
    """The day a milestone was reached, if on or before ``on``: its date field, else its history row."""
    day = project.date_of(name)
    if day is not None:
        return day if day <= on else None
    return next((e.on for e in history if e.to_status == status), None)


def project_state(project: ProjectFacts, on: date) -> ProjectState:
    """The project's status and milestones on day ``on``.

    * A withdrawal or lapse dated on or before ``on`` ends the project there.
    * Otherwise the latest milestone reached by ``on`` (proof of use, completion, approval,
      application) gives the status; ``in Umsetzung`` counts as ``bewilligt``.
    * Otherwise the latest LAG decision (selected, rejected, deferred) on or before ``on``;
      which decision it was comes from the history, else from the current status.
    * Otherwise the latest history entry on or before ``on`` (Idee, in Beratung), else ``None``:
      the project did not exist yet.
    * A project ``ausgewählt`` on ``on`` whose ``application_due`` lies before ``on`` is
      ``lapse_due``: its approval has lapsed (rule 9) though nobody has confirmed it yet.

    Milestone dates come from the date fields, which the pipeline keeps in order, and from the
    history rows where a field is empty; the history alone knows withdrawals, lapses and which
    decision was taken. A project typed in later may have only its "angelegt" row, dated the day
    it was entered: its date fields still place it correctly.
    """
    history = _sorted_history(project, on)
    decisions = [e for e in history if e.to_status in DECISION_STATES]
    if project.lag_decision_on is not None:
        decided = project.lag_decision_on if project.lag_decision_on <= on else None
    else:
        decided = decisions[-1].on if decisions else None
    if decisions:
        decision = decisions[-1].to_status
    elif project.status in DECISION_STATES:
        decision = project.status
    elif decided is not None:
        # Beyond the decision now (or withdrawn after it): the decision selected the project.
        decision = _S.SELECTED.value
    else:
        decision = None
    ever_selected = any(e.to_status == _S.SELECTED.value for e in history)
    selected = decided is not None and (ever_selected or decision == _S.SELECTED.value)
    reached = {status: _reached(project, history, name, status, on) for name, status in _MILESTONES}

    ended = next((e for e in reversed(history) if e.to_status in RELEASED_STATES), None)
    if ended is not None:
        status: str | None = ended.to_status
    else:
        status = next((s for _, s in _MILESTONES if reached[s] is not None), None)
        if status is None and decided is not None and decision is not None:
            status = decision
        if status is None and history:
            status = history[-1].to_status  # Idee, in Beratung (or a move without its date field)
        if status is None and not project.history and project.status in _EARLY_STATES:
            status = project.status  # no history at all: an idea counts as always there
    lapse_due = (
        status == _S.SELECTED.value and project.application_due is not None and on > project.application_due
    )
    return ProjectState(
        status=status,
        selected_on=decided if selected else None,
        approved_on=reached[_S.APPROVED.value],
        completed_on=reached[_S.COMPLETED.value],
        lapse_due=lapse_due,
    )


# --------------------------------------------------------------------------- budget
#: What "verbleibend" means, shown as the tooltip of every place that shows it.
REMAINING_DEFINITION = (
    "verbleibend = Budget nach Budgetumschichtungen − gebunden durch LAG-Beschluss (Zuschuss jedes "
    "ausgewählten und noch verfolgten Projekts; ein zurückgezogenes oder verfallenes Projekt bindet nur "
    "noch das schon Ausgezahlte)"
)


@dataclass(frozen=True)
class BudgetLine:
    """One Handlungsfeld (or the total) of the budget table."""

    field_id: str | None
    code: str
    name: str
    original_cents: int = 0
    reallocated_cents: int = 0
    committed_cents: int = 0
    approved_cents: int = 0
    paid_cents: int = 0
    paid_in_year_cents: int = 0
    projects: int = 0

    @property
    def planned_cents(self) -> int:
        """The budget after reallocations."""
        return self.original_cents + self.reallocated_cents

    @property
    def remaining_cents(self) -> int:
        return self.planned_cents - self.committed_cents

    @property
    def committed_share(self) -> Fraction | None:
        """Committed as a share of the planned budget (None without a plan)."""
        return Fraction(self.committed_cents, self.planned_cents) if self.planned_cents > 0 else None

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()

    def __add__(self, other: BudgetLine) -> BudgetLine:
        return BudgetLine(
            None,
            "",
            "Summe",
            self.original_cents + other.original_cents,
            self.reallocated_cents + other.reallocated_cents,
            self.committed_cents + other.committed_cents,
            self.approved_cents + other.approved_cents,
            self.paid_cents + other.paid_cents,
            self.paid_in_year_cents + other.paid_in_year_cents,
            self.projects + other.projects,
        )


@dataclass(frozen=True)
class BudgetWarning:
    field_id: str | None
    #: "split": the share deviates beyond the tolerance; "over": more committed than planned.
    kind: str
    text: str


@dataclass(frozen=True)
class BudgetTable:
    lines: tuple[BudgetLine, ...]
    total: BudgetLine
    warnings: tuple[BudgetWarning, ...] = ()
    tolerance_bp: int = DEFAULT_TOLERANCE_BP


def planned_budgets(
    fields: Iterable[FieldPlan], reallocations: Iterable[Reallocation], on: date
) -> dict[str, tuple[int, int]]:
    """Field id -> (budget in the plan, net reallocations decided on or before ``on``)."""
    result = {f.id: (f.planned_cents, 0) for f in fields}
    for r in reallocations:
        if r.decided_on > on:
            continue
        for field_id, sign in ((r.from_field_id, -1), (r.to_field_id, 1)):
            if field_id in result:
                original, delta = result[field_id]
                result[field_id] = (original, delta + sign * r.amount_cents)
    return result


@dataclass(frozen=True)
class ProjectAmounts:
    """A project's contribution to the budget on the cut-off day."""

    state: ProjectState
    committed_cents: int
    approved_cents: int
    paid_cents: int
    paid_in_year_cents: int


def project_amounts(
    project: ProjectFacts, payments: Iterable[PaymentFacts], on: date, year_start: date | None = None
) -> ProjectAmounts:
    state = project_state(project, on)
    paid = paid_in_year = 0
    for p in payments:
        if p.paid_on <= on:
            paid += p.amount_cents
            if year_start is not None and p.paid_on >= year_start:
                paid_in_year += p.amount_cents
    grant = project.grant_cents or 0
    committed = max(grant if state.committed else 0, paid)
    approved = max(grant if state.approved else 0, paid)
    return ProjectAmounts(state, committed, approved, paid, paid_in_year)


def budget_table(
    fields: Sequence[FieldPlan],
    projects: Iterable[ProjectFacts],
    payments: Iterable[PaymentFacts],
    reallocations: Iterable[Reallocation],
    on: date,
    year_start: date | None = None,
    tolerance_bp: int = DEFAULT_TOLERANCE_BP,
) -> BudgetTable:
    """The budget per Handlungsfeld on day ``on`` (payments in the year from ``year_start``).

    Projects whose Handlungsfeld is not among ``fields`` (none, or one of another funding period)
    are left out unless they have none: those form a line "ohne Handlungsfeld" when they carry
    any amount, so the total is always the sum of the lines.
    """
    planned = planned_budgets(fields, reallocations, on)
    by_project: dict[str, list[PaymentFacts]] = defaultdict(list)
    for payment in payments:
        by_project[payment.project_id].append(payment)
    sums: dict[str, list[int]] = {f.id: [0, 0, 0, 0, 0] for f in fields}
    for project in projects:
        key = project.action_field_id or UNASSIGNED
        if key not in sums:
            if key != UNASSIGNED:
                continue
            sums[key] = [0, 0, 0, 0, 0]
        amounts = project_amounts(project, by_project.get(project.id, ()), on, year_start)
        row = sums[key]
        row[0] += amounts.committed_cents
        row[1] += amounts.approved_cents
        row[2] += amounts.paid_cents
        row[3] += amounts.paid_in_year_cents
        row[4] += 1 if amounts.state.committed else 0
    lines = [
        BudgetLine(f.id, f.code, f.name, *planned[f.id], *sums[f.id])
        for f in sorted(fields, key=lambda f: (f.position, f.code, f.name))
    ]
    extra = sums.get(UNASSIGNED)
    if extra is not None and any(extra):
        lines.append(BudgetLine(None, "", "ohne Handlungsfeld", 0, 0, *extra))
    total = BudgetLine(None, "", "Summe")
    for line in lines:
        total = total + line
    warnings = tolerance_warnings(lines, tolerance_bp)
    return BudgetTable(tuple(lines), total, tuple(warnings), tolerance_bp)


def tolerance_warnings(
    lines: Sequence[BudgetLine], tolerance_bp: int = DEFAULT_TOLERANCE_BP
) -> list[BudgetWarning]:
    """Warnings where the split of the commitments deviates from the planned split.

    For each Handlungsfeld the share of all commitments it holds is compared with the share of
    the planned budget it was given; when the two differ by more than ``tolerance_bp`` of the
    planned share (relative: with 10 %, a field planned at 20 % warns below 18 % or above 22 %),
    the LAG must decide the split again (a reallocation brings the plan back in line). Nothing is
    compared before anything is committed. Independently, a field that has committed more than
    its planned budget is always reported.
    """
    tolerance = Fraction(tolerance_bp, 10000)
    fields = [line for line in lines if line.field_id is not None]
    total_planned = sum(line.planned_cents for line in fields)
    total_committed = sum(line.committed_cents for line in fields)
    warnings: list[BudgetWarning] = []
    for line in fields:
        if line.committed_cents > line.planned_cents:
            over = (
                f", {format_percent(Fraction(line.committed_cents, line.planned_cents), 0)} des Budgets"
                if line.planned_cents > 0
                else ""
            )
            warnings.append(
                BudgetWarning(
                    line.field_id,
                    "over",
                    f"{line.label}: mehr gebunden als geplant{over}.",
                )
            )
        if total_committed <= 0 or total_planned <= 0:
            continue
        actual = Fraction(line.committed_cents, total_committed)
        plan = Fraction(line.planned_cents, total_planned)
        if plan == 0:
            if actual > 0:
                warnings.append(
                    BudgetWarning(
                        line.field_id,
                        "split",
                        f"{line.label}: {format_percent(actual)} der gebundenen Mittel ohne Planansatz; "
                        "die LAG sollte die Aufteilung neu beschließen.",
                    )
                )
            continue
        deviation = actual / plan - 1
        if abs(deviation) > tolerance:
            direction = "über" if deviation > 0 else "unter"
            warnings.append(
                BudgetWarning(
                    line.field_id,
                    "split",
                    f"{line.label}: Anteil an den gebundenen Mitteln {format_percent(actual)} statt "
                    f"geplant {format_percent(plan)} – {format_percent(abs(deviation))} {direction} dem "
                    f"Plan (Toleranz {format_percent(tolerance, 0)}); die LAG sollte die Aufteilung "
                    "neu beschließen.",
                )
            )
    return warnings


# --------------------------------------------------------------------------- indicators
COMPUTED_PROJECTS = "anzahl_projekte"
COMPUTED_GRANTS = "zuschuss_summe"
RECORDED = "erfasst"


@dataclass(frozen=True)
class IndicatorFacts:
    id: str
    action_field_id: str | None
    name: str
    unit: str
    kind: str
    source: str
    #: year -> target in thousandths of the unit
    targets: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordedValue:
    indicator_id: str
    year: int
    value_milli: int
    recorded_on: date | None = None
    project_id: str | None = None


@dataclass(frozen=True)
class IndicatorYear:
    year: int
    target_milli: int | None
    actual_milli: int


@dataclass(frozen=True)
class IndicatorLine:
    indicator: IndicatorFacts
    years: tuple[IndicatorYear, ...]
    #: The year the line reports on: targets and values up to it are "bis dahin".
    year: int

    def _upto(self, attr: str) -> int:
        return sum(getattr(y, attr) or 0 for y in self.years if y.year <= self.year)

    @property
    def target_in_year(self) -> int | None:
        return next((y.target_milli for y in self.years if y.year == self.year), None)

    @property
    def actual_in_year(self) -> int:
        return next((y.actual_milli for y in self.years if y.year == self.year), 0)

    @property
    def target_to_date(self) -> int:
        return self._upto("target_milli")

    @property
    def actual_to_date(self) -> int:
        return self._upto("actual_milli")

    @property
    def target_total(self) -> int:
        return sum(y.target_milli or 0 for y in self.years)

    @property
    def progress(self) -> Fraction | None:
        """Actual against target, both summed up to the year (None without a target)."""
        target = self.target_to_date
        return Fraction(self.actual_to_date, target) if target > 0 else None

    @property
    def progress_total(self) -> Fraction | None:
        """Actual up to the year against the target of the whole period."""
        target = self.target_total
        return Fraction(self.actual_to_date, target) if target > 0 else None


def computed_actuals(indicator: IndicatorFacts, projects: Iterable[ProjectFacts], on: date) -> dict[int, int]:
    """Year -> value (thousandths) of an indicator computed from the projects.

    Counted are the projects of the indicator's Handlungsfeld (all, without one) that the LAG
    selected and that are still pursued on ``on``, in the year of their selection: their number
    (``anzahl_projekte``) or their grants in euros (``zuschuss_summe``).
    """
    result: dict[int, int] = defaultdict(int)
    for project in projects:
        if indicator.action_field_id is not None and project.action_field_id != indicator.action_field_id:
            continue
        state = project_state(project, on)
        if not state.committed or state.selected_on is None:
            continue
        if indicator.source == COMPUTED_PROJECTS:
            result[state.selected_on.year] += 1000
        elif indicator.source == COMPUTED_GRANTS:
            result[state.selected_on.year] += (project.grant_cents or 0) * 10
    return dict(result)


def recorded_actuals(indicator_id: str, values: Iterable[RecordedValue], on: date) -> dict[int, int]:
    """Year -> sum of the values recorded for the indicator (per project or per year) by ``on``."""
    result: dict[int, int] = defaultdict(int)
    for value in values:
        if value.indicator_id != indicator_id or value.year > on.year:
            continue
        if value.recorded_on is not None and value.recorded_on > on:
            continue
        result[value.year] += value.value_milli
    return dict(result)


def indicator_lines(
    indicators: Iterable[IndicatorFacts],
    projects: Sequence[ProjectFacts],
    values: Sequence[RecordedValue],
    on: date,
    year: int,
) -> list[IndicatorLine]:
    """Target and actual per indicator and year; the years are those of the targets and values."""
    lines = []
    for indicator in indicators:
        if indicator.source in (COMPUTED_PROJECTS, COMPUTED_GRANTS):
            actuals = computed_actuals(indicator, projects, on)
        else:
            actuals = recorded_actuals(indicator.id, values, on)
        years = sorted(set(indicator.targets) | set(actuals))
        lines.append(
            IndicatorLine(
                indicator,
                tuple(IndicatorYear(y, indicator.targets.get(y), actuals.get(y, 0)) for y in years),
                year,
            )
        )
    return lines


# --------------------------------------------------------------------------- time
def end_of_day_utc(day: date) -> datetime:
    """The first moment after ``day`` in German local time, as aware UTC (EU summer-time rule)."""
    local = datetime.combine(day + timedelta(days=1), time(0))

    def last_sunday(month: int) -> date:
        d = date(local.year, month, 31)
        return d - timedelta(days=(d.weekday() + 1) % 7)

    summer = datetime.combine(last_sunday(3), time(2)) <= local < datetime.combine(last_sunday(10), time(3))
    return (local - timedelta(hours=2 if summer else 1)).replace(tzinfo=timezone.utc)


def year_window(year: int, as_of: date | None = None, today: date | None = None) -> tuple[date, date]:
    """First day of ``year`` and the cut-off day: the year's last day, or ``as_of`` if earlier.

    Without a Stichtag the running year stands on ``today``: nothing after today has happened,
    so an application period that ends later this year has not lapsed yet (the Handlungsfelder
    list, which stands on today, shows the same remaining budget).
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    if as_of is not None:
        return start, min(end, as_of)
    if today is not None and start <= today < end:
        return start, today
    return start, end
