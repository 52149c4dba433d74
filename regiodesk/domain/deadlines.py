"""Deadlines of a project after the LAG decision and after completion (DOMAIN.md rule 9).

* The application must reach the Bewilligungsstelle within a period after the LAG decision
  (configurable: N calendar months or N weeks); otherwise the LAG approval lapses.
* The proof of use (Verwendungsnachweis) is due N months after completion.

Periods are counted as § 188 BGB does: N months later is the day of the same number in the target
month, and the last day of that month when it has no such day (31.08. + 6 months = 28.02., in a leap
year 29.02.); N weeks later is the same weekday. A deadline is met on its due day: a project is
overdue only from the day *after* the due date. Weekends and holidays do not move a due date (the
holidays differ by state; the office sees the date and decides).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from regiodesk.domain.enums import LabelledEnum, ProjectStatus
from regiodesk.domain.errors import DomainError

__all__ = [
    "DEFAULT_DEADLINE_RULES",
    "Deadline",
    "DeadlineKind",
    "DeadlineRules",
    "PeriodUnit",
    "add_months",
    "application_due",
    "has_lapsed",
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


def _unit(value: PeriodUnit | str) -> PeriodUnit:
    try:
        return PeriodUnit(value)
    except ValueError:
        raise DomainError(f"Unbekannte Einheit der Frist: „{value}“ (möglich: Monate oder Wochen).") from None


def _check_count(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError(f"{what} muss eine ganze Zahl ab 0 sein (erhalten: {value!r}).")


@dataclass(frozen=True)
class DeadlineRules:
    """The deadline settings of a region (defaults: 6 months to apply, 6 months for the proof of use)."""

    application_value: int = 6
    application_unit: PeriodUnit = PeriodUnit.MONTHS
    proof_of_use_months: int = 6

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
        raise DomainError(f"{day:%d.%m.%Y} plus {months} Monate liegt außerhalb des Kalenders.")
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_text(value: int, unit: PeriodUnit | str) -> str:
    """German period: ``"6 Monate"``, ``"1 Monat"``, ``"12 Wochen"``, ``"1 Woche"``."""
    if _unit(unit) is PeriodUnit.MONTHS:
        return f"{value} {'Monat' if value == 1 else 'Monate'}"
    return f"{value} {'Woche' if value == 1 else 'Wochen'}"


def application_due(lag_decision_on: date, value: int, unit: PeriodUnit | str = PeriodUnit.MONTHS) -> date:
    """Last day the application may reach the Bewilligungsstelle: ``value`` months or weeks later."""
    _check_count(value, "Die Antragsfrist")
    if _unit(unit) is PeriodUnit.WEEKS:
        return lag_decision_on + timedelta(weeks=value)
    return add_months(lag_decision_on, value)


def proof_of_use_due(completed_on: date, months: int) -> date:
    """Last day for the proof of use: ``months`` months after completion."""
    _check_count(months, "Die Frist für den Verwendungsnachweis")
    return add_months(completed_on, months)


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
        raise DomainError(f"Unbekannter Projektstatus: „{value}“.") from None


def _deadline(kind: DeadlineKind, due: date, today: date, text: str) -> Deadline:
    overdue = today > due
    return Deadline(kind, due, overdue, f"Überfällig: {text}" if overdue else text)


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
      application date is recorded.
    * Proof of use: while the status is ``abgeschlossen``, the completion date is known and no proof
      of use date is recorded.

    A deadline that cannot be computed (its start date is missing) is not listed.
    """
    status = _status(status)
    result: list[Deadline] = []
    if status is ProjectStatus.SELECTED and lag_decision_on is not None and applied_on is None:
        due = application_due(lag_decision_on, rules.application_value, rules.application_unit)
        period = period_text(rules.application_value, rules.application_unit)
        text = (
            f"Antragstellung bis {due:%d.%m.%Y} ({period} nach dem LAG-Beschluss vom "
            f"{lag_decision_on:%d.%m.%Y})"
        )
        result.append(_deadline(DeadlineKind.APPLICATION, due, today, text))
    if status is ProjectStatus.COMPLETED and completed_on is not None and proof_of_use_on is None:
        due = proof_of_use_due(completed_on, rules.proof_of_use_months)
        period = period_text(rules.proof_of_use_months, PeriodUnit.MONTHS)
        text = f"Verwendungsnachweis bis {due:%d.%m.%Y} ({period} nach Abschluss am {completed_on:%d.%m.%Y})"
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


def has_lapsed(
    status: ProjectStatus | str,
    lag_decision_on: date | None,
    applied_on: date | None,
    today: date,
    rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
) -> bool:
    """Whether the LAG approval of a selected project has lapsed (it should become ``verfallen``).

    True when the status is ``ausgewählt``, no application date is recorded and ``today`` is after
    the application due date. Recorded application dates are not judged here: whether a late
    application is still accepted is for the Bewilligungsstelle.
    """
    if _status(status) is not ProjectStatus.SELECTED or lag_decision_on is None or applied_on is not None:
        return False
    return today > application_due(lag_decision_on, rules.application_value, rules.application_unit)
