"""Deadlines of a project after the LAG decision and after completion (DOMAIN.md rule 9).

* The application must reach the Bewilligungsstelle within a period after the LAG decision
  (configurable: N calendar months or N weeks); otherwise the LAG approval lapses.
* The proof of use (Verwendungsnachweis) is due N months after completion.

Periods are counted as § 188 BGB does: N months later is the day of the same number in the target
month, and the last day of that month when it has no such day (31.08. + 6 months = 28.02., in a leap
year 29.02.); N weeks later is the same weekday. A deadline is met on its due day: a project is
overdue only from the day *after* the due date.

A period whose last day is a Saturday, a Sunday or a public holiday ends at the end of the next
working day (§ 31(3) VwVfG, § 193 BGB): 31.08.2025 + 6 months = Saturday 28.02.2026, so the
application is due on Monday 02.03.2026. The holidays are those of the region's Land (they differ:
Heilige Drei Könige is one in Bavaria, not in Lower Saxony); the domain takes them as a set of days
(:data:`NO_HOLIDAYS` by default, which still moves weekends), the services build it for the Land.
Only the *end* moves: the count itself starts from the unmoved event date.

The LAG approval of a selected project lapses when the application period has passed without an
application (:func:`lapse_due`); a lapsed approval binds no budget (rule 9).
"""

from __future__ import annotations

import calendar
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from regiodesk.domain.enums import LabelledEnum, ProjectStatus
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr

__all__ = [
    "DEFAULT_DEADLINE_RULES",
    "NO_HOLIDAYS",
    "Deadline",
    "DeadlineKind",
    "DeadlineRules",
    "PeriodUnit",
    "add_months",
    "application_due",
    "has_lapsed",
    "lapse_due",
    "lapse_text",
    "period_end",
    "period_text",
    "project_deadlines",
    "proof_of_use_due",
    "upcoming",
]


class PeriodUnit(LabelledEnum):
    """Unit of the application period (stored as ``application_deadline_unit``)."""

    MONTHS = ("months", "Monate")
    WEEKS = ("weeks", "Wochen")


class DeadlineKind(LabelledEnum):
    APPLICATION = ("antrag", "Antragstellung")
    PROOF_OF_USE = ("verwendungsnachweis", "Verwendungsnachweis")
    #: the follow-up date of a consultation (Beratungsgespräch), see ``domain.activities``
    FOLLOW_UP = ("wiedervorlage", "Wiedervorlage Beratung")


def _unit(value: PeriodUnit | str) -> PeriodUnit:
    try:
        return PeriodUnit(value)
    except ValueError:
        raise DomainError(
            tr("Unbekannte Einheit der Frist: „{value}“ (möglich: Monate oder Wochen).", value=value)
        ) from None


def _check_count(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError(
            tr("{what} muss eine ganze Zahl ab 0 sein (erhalten: {value!r}).", what=what, value=value)
        )


NO_HOLIDAYS: frozenset[date] = frozenset()
"""No public holidays: only Saturdays and Sundays move the end of a period."""

_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def _is_working_day(day: date, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def period_end(last_day: date, holidays: Container[date] = NO_HOLIDAYS) -> date:
    """The day a period ends whose counted last day is ``last_day`` (§ 31(3) VwVfG, § 193 BGB).

    ``last_day`` itself when it is a working day, else the next day that is neither a Saturday, a
    Sunday nor in ``holidays``: Saturday 28.02.2026 → Monday 02.03.2026; Thursday 31.12.2026 stays
    (New Year's Eve is no holiday); Sunday 31.12.2023 → Tuesday 02.01.2024 (01.01. is New Year).
    """
    day = last_day
    while not _is_working_day(day, holidays):
        if day == date.max:
            raise DomainError(
                tr(
                    "Das Fristende nach dem {last_day:%d.%m.%Y} liegt außerhalb des Kalenders.",
                    last_day=last_day,
                )
            )
        day += timedelta(days=1)
    return day


def _moved_text(counted: date, due: date, holidays: Container[date]) -> str:
    """``; Fristende Samstag 28.02.2026, daher der nächste Werktag`` when the end moved, else ''."""
    if counted == due:
        return ""
    what = "Feiertag" if counted in holidays and counted.weekday() < 5 else _WEEKDAYS[counted.weekday()]
    return f"; Fristende {what} {counted:%d.%m.%Y}, daher der nächste Werktag"


@dataclass(frozen=True)
class DeadlineRules:
    """The deadline settings of a region (defaults: 6 months to apply, 6 months for the proof of use).

    ``holidays`` are the public holidays of the region's Land (any container of days, e.g. a set);
    a period ending on one of them, or on a weekend, runs to the next working day.
    """

    application_value: int = 6
    application_unit: PeriodUnit = PeriodUnit.MONTHS
    proof_of_use_months: int = 6
    holidays: Container[date] = field(default=NO_HOLIDAYS, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "application_unit", _unit(self.application_unit))
        _check_count(self.application_value, "Die Antragsfrist")
        _check_count(self.proof_of_use_months, "Die Frist für den Verwendungsnachweis")


DEFAULT_DEADLINE_RULES = DeadlineRules()


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (may be negative), clamped to the end of the month.

    31.01. + 1 month = 28.02. (29.02. in a leap year); 31.03. + 1 month = 30.04.; 29.02.2024 +
    12 months = 28.02.2025. A month end is not kept as month end: 30.04. + 1 month = 30.05.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if not date.min.year <= year <= date.max.year:
        raise DomainError(
            tr("{day:%d.%m.%Y} plus {months} Monate liegt außerhalb des Kalenders.", day=day, months=months)
        )
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_text(value: int, unit: PeriodUnit | str) -> str:
    """German period: ``"6 Monate"``, ``"1 Monat"``, ``"12 Wochen"``, ``"1 Woche"``."""
    if _unit(unit) is PeriodUnit.MONTHS:
        return f"{value} {'Monat' if value == 1 else 'Monate'}"
    return f"{value} {'Woche' if value == 1 else 'Wochen'}"


def _application_counted(lag_decision_on: date, value: int, unit: PeriodUnit | str) -> date:
    _check_count(value, "Die Antragsfrist")
    if _unit(unit) is PeriodUnit.WEEKS:
        return lag_decision_on + timedelta(weeks=value)
    return add_months(lag_decision_on, value)


def application_due(
    lag_decision_on: date,
    value: int,
    unit: PeriodUnit | str = PeriodUnit.MONTHS,
    holidays: Container[date] = NO_HOLIDAYS,
) -> date:
    """Last day the application may reach the Bewilligungsstelle: ``value`` months or weeks later,
    moved to the next working day when that is a weekend or one of ``holidays`` (:func:`period_end`)."""
    return period_end(_application_counted(lag_decision_on, value, unit), holidays)


def proof_of_use_due(completed_on: date, months: int, holidays: Container[date] = NO_HOLIDAYS) -> date:
    """Last day for the proof of use: ``months`` months after completion, moved like
    :func:`application_due`."""
    _check_count(months, "Die Frist für den Verwendungsnachweis")
    return period_end(add_months(completed_on, months), holidays)


@dataclass(frozen=True)
class Deadline:
    """An open deadline of a project."""

    kind: DeadlineKind
    due: date
    overdue: bool
    """``True`` from the day after ``due`` on (the due day itself is still in time)."""
    label: str
    """German description, e.g. ``Antragstellung bis 28.02.2026 (6 Monate nach dem LAG-Beschluss
    vom 31.08.2025)``, prefixed ``Überfällig: `` when overdue."""


def _status(value: ProjectStatus | str) -> ProjectStatus:
    try:
        return ProjectStatus(value)
    except ValueError:
        raise DomainError(tr("Unbekannter Projektstatus: „{value}“.", value=value)) from None


def _deadline(kind: DeadlineKind, due: date, today: date, text: str) -> Deadline:
    overdue = today > due
    if overdue and kind is DeadlineKind.APPLICATION:
        return Deadline(kind, due, overdue, lapse_text(due))
    return Deadline(kind, due, overdue, f"Überfällig: {text}" if overdue else text)


def lapse_text(due: date) -> str:
    """What a project whose application period has passed shows: the approval lapses."""
    return f"Frist für den Antrag abgelaufen am {due:%d.%m.%Y} – LAG-Zustimmung verfällt"


def project_deadlines(
    status: ProjectStatus | str,
    *,
    today: date,
    lag_decision_on: date | None = None,
    applied_on: date | None = None,
    completed_on: date | None = None,
    proof_of_use_on: date | None = None,
    rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
) -> list[Deadline]:
    """The open deadlines of a project on ``today``, earliest first.

    * Application: while the status is ``ausgewählt``, the LAG decision date is known and no
      application date is recorded. Once overdue its label is :func:`lapse_text` (rule 9: the
      LAG approval lapses).
    * Proof of use: while the status is ``abgeschlossen``, the completion date is known and no proof
      of use date is recorded.

    A deadline that cannot be computed (its start date is missing) is not listed.
    """
    status = _status(status)
    result: list[Deadline] = []
    if status is ProjectStatus.SELECTED and lag_decision_on is not None and applied_on is None:
        counted = _application_counted(lag_decision_on, rules.application_value, rules.application_unit)
        due = period_end(counted, rules.holidays)
        period = period_text(rules.application_value, rules.application_unit)
        text = (
            f"Antragstellung bis {due:%d.%m.%Y} ({period} nach dem LAG-Beschluss vom "
            f"{lag_decision_on:%d.%m.%Y}{_moved_text(counted, due, rules.holidays)})"
        )
        result.append(_deadline(DeadlineKind.APPLICATION, due, today, text))
    if status is ProjectStatus.COMPLETED and completed_on is not None and proof_of_use_on is None:
        _check_count(rules.proof_of_use_months, "Die Frist für den Verwendungsnachweis")
        counted = add_months(completed_on, rules.proof_of_use_months)
        due = period_end(counted, rules.holidays)
        period = period_text(rules.proof_of_use_months, PeriodUnit.MONTHS)
        text = (
            f"Verwendungsnachweis bis {due:%d.%m.%Y} ({period} nach Abschluss am "
            f"{completed_on:%d.%m.%Y}{_moved_text(counted, due, rules.holidays)})"
        )
        result.append(_deadline(DeadlineKind.PROOF_OF_USE, due, today, text))
    return sorted(result, key=lambda d: d.due)


def upcoming(
    deadlines: Iterable[Deadline], today: date, weeks: int, include_overdue: bool = True
) -> list[Deadline]:
    """The deadlines due from ``today`` to ``today`` + ``weeks`` weeks (both inclusive), earliest first.

    Overdue ones come along unless ``include_overdue`` is off: they need attention even more.
    """
    _check_count(weeks, "Die Vorschau in Wochen")
    horizon = today + timedelta(weeks=weeks)
    chosen = [d for d in deadlines if (today <= d.due <= horizon) or (include_overdue and d.due < today)]
    return sorted(chosen, key=lambda d: (d.due, d.kind.value))


def lapse_due(
    status: ProjectStatus | str,
    lag_decision_on: date | None,
    applied_on: date | None,
    today: date,
    rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
) -> date | None:
    """The passed application due date when the LAG approval of a project has lapsed, else ``None``.

    Lapsed when the status is ``ausgewählt``, no application date is recorded and ``today`` is after
    the application due date (moved past weekends and ``rules.holidays``). Recorded application
    dates are not judged here: whether a late application is still accepted is for the
    Bewilligungsstelle. The project should then become ``verfallen`` and binds no budget.
    """
    if _status(status) is not ProjectStatus.SELECTED or lag_decision_on is None or applied_on is not None:
        return None
    due = application_due(lag_decision_on, rules.application_value, rules.application_unit, rules.holidays)
    return due if today > due else None


def has_lapsed(
    status: ProjectStatus | str,
    lag_decision_on: date | None,
    applied_on: date | None,
    today: date,
    rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
) -> bool:
    """Whether the LAG approval of a selected project has lapsed (:func:`lapse_due` found a date)."""
    return lapse_due(status, lag_decision_on, applied_on, today, rules) is not None
