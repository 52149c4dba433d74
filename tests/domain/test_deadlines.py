"""Deadlines after the LAG decision and after completion (DOMAIN.md rule 9)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.deadlines import (
    DEFAULT_DEADLINE_RULES,
    Deadline,
    DeadlineKind,
    DeadlineRules,
    PeriodUnit,
    add_months,
    application_due,
    has_lapsed,
    lapse_due,
    period_end,
    period_text,
    project_deadlines,
    proof_of_use_due,
    upcoming,
)
from regiodesk.domain.enums import ProjectStatus as S
from regiodesk.domain.errors import DomainError

D = date
WEEKS_12 = DeadlineRules(12, PeriodUnit.WEEKS)


# --- add_months -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 4, 30), 1, D(2025, 5, 30)),  # a month end does not stay a month end
        (D(2025, 11, 15), 2, D(2026, 1, 15)),
        (D(2025, 12, 31), 12, D(2026, 12, 31)),
        (D(2025, 12, 1), 1, D(2026, 1, 1)),
        (D(2025, 5, 17), 0, D(2025, 5, 17)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 1, 15), -1, D(2024, 12, 15)),
        (D(2100, 1, 29), 1, D(2100, 2, 28)),  # 2100 is no leap year
        (D(2000, 1, 29), 1, D(2000, 2, 29)),  # 2000 is one
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_add_months_outside_the_calendar():
    with pytest.raises(DomainError, match="außerhalb des Kalenders"):
        add_months(D(9999, 12, 1), 1)
    with pytest.raises(DomainError, match="außerhalb des Kalenders"):
        add_months(D(1, 1, 1), -1)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(-1200, 1200))
def test_add_months_properties(day, months):
    result = add_months(day, months)
    assert isinstance(result, date)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == day.day or result.day == last
    assert add_months(day, months + 1) > result


# --- periods ----------------------------------------------------------------------------------------


def test_application_due_in_months_and_weeks():
    # 28.02.2026 is a Saturday: the period runs to Monday 02.03.2026 (§ 193 BGB)
    assert application_due(D(2025, 8, 31), 6, PeriodUnit.MONTHS) == D(2026, 3, 2)
    assert application_due(D(2025, 8, 31), 6) == D(2026, 3, 2)
    assert application_due(D(2025, 8, 31), 12, "months") == D(2026, 8, 31)  # a Monday
    assert application_due(D(2025, 8, 31), 12, "weeks") == D(2025, 11, 24)  # Sunday 23.11. → Monday
    assert application_due(D(2025, 12, 20), 2, PeriodUnit.WEEKS) == D(2026, 1, 5)  # Saturday 03.01.


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(0, 520))
def test_weeks_end_on_the_same_weekday_unless_that_is_a_weekend(day, weeks):
    due = application_due(day, weeks, PeriodUnit.WEEKS)
    counted = day + timedelta(weeks=weeks)
    assert due == counted if counted.weekday() < 5 else due == counted + timedelta(days=7 - counted.weekday())


def test_proof_of_use_due():
    assert proof_of_use_due(D(2025, 8, 31), 6) == D(2026, 3, 2)  # Saturday 28.02.2026 → Monday
    assert proof_of_use_due(D(2025, 6, 30), 6) == D(2025, 12, 30)  # a Tuesday
    assert proof_of_use_due(D(2025, 6, 30), 6, {D(2025, 12, 30)}) == D(2025, 12, 31)


# --- end of a period on a weekend or holiday (§ 31(3) VwVfG, § 193 BGB) -----------------------------

EASTER_MONDAY_2026 = D(2026, 4, 6)
NEW_YEAR_2024 = D(2024, 1, 1)
#: The public holidays the examples need, as the service builds them for a Land.
NATIONWIDE = {EASTER_MONDAY_2026, NEW_YEAR_2024, D(2023, 1, 1), D(2027, 1, 1), D(2026, 1, 1)}
BAVARIA = NATIONWIDE | {D(2026, 1, 6)}  # Heilige Drei Könige
LOWER_SAXONY = NATIONWIDE


@pytest.mark.parametrize(
    ("last_day", "holidays", "end"),
    [
        (D(2026, 2, 27), NATIONWIDE, D(2026, 2, 27)),  # a Friday: unchanged
        (D(2026, 2, 28), NATIONWIDE, D(2026, 3, 2)),  # Saturday → Monday
        (D(2026, 3, 1), NATIONWIDE, D(2026, 3, 2)),  # Sunday → Monday
        (EASTER_MONDAY_2026, NATIONWIDE, D(2026, 4, 7)),  # Easter Monday → Tuesday
        (D(2026, 4, 4), NATIONWIDE, D(2026, 4, 7)),  # Easter Saturday → Sunday, Monday → Tuesday
        (D(2026, 1, 6), BAVARIA, D(2026, 1, 7)),  # Heilige Drei Könige in Bavaria
        (D(2026, 1, 6), LOWER_SAXONY, D(2026, 1, 6)),  # … a working day in Lower Saxony
        (D(2023, 12, 31), NATIONWIDE, D(2024, 1, 2)),  # Sunday 31.12., then New Year → Tuesday
        (D(2022, 12, 31), NATIONWIDE, D(2023, 1, 2)),  # Saturday 31.12., Sunday = New Year → Monday
        (D(2026, 12, 31), NATIONWIDE, D(2026, 12, 31)),  # Thursday 31.12.: New Year's Eve is no holiday
        (D(2027, 12, 31), NATIONWIDE, D(2027, 12, 31)),  # a Friday
        (D(2026, 2, 28), set(), D(2026, 3, 2)),  # no holidays known: weekends still move
    ],
)
def test_period_end_moves_to_the_next_working_day(last_day, holidays, end):
    assert period_end(last_day, holidays) == end


def test_month_end_and_weeks_periods_end_on_a_working_day():
    # 31.01.2026 + 1 month = Saturday 28.02.2026 → Monday 02.03.2026
    assert application_due(D(2026, 1, 31), 1, "months", NATIONWIDE) == D(2026, 3, 2)
    # 31.01.2025 + 1 month = Friday 28.02.2025: unchanged
    assert application_due(D(2025, 1, 31), 1, "months", NATIONWIDE) == D(2025, 2, 28)
    # 12 weeks after Monday 12.01.2026 is Easter Monday 06.04.2026 → Tuesday
    assert application_due(D(2026, 1, 12), 12, "weeks", NATIONWIDE) == D(2026, 4, 7)
    assert application_due(D(2025, 10, 14), 12, "weeks", BAVARIA) == D(2026, 1, 7)  # Tue 06.01. in BY
    assert application_due(D(2025, 10, 14), 12, "weeks", LOWER_SAXONY) == D(2026, 1, 6)


@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
    st.sets(st.dates(min_value=D(1900, 1, 1), max_value=D(2201, 12, 31)), max_size=30),
)
def test_period_end_is_the_first_working_day_from_the_last_day(last_day, holidays):
    end = period_end(last_day, holidays)
    assert end >= last_day
    assert end.weekday() < 5 and end not in holidays
    between = (last_day + timedelta(days=n) for n in range((end - last_day).days))
    assert all(d.weekday() >= 5 or d in holidays for d in between)


@pytest.mark.parametrize(
    "call",
    [
        lambda: application_due(D(2025, 1, 1), -1),
        lambda: application_due(D(2025, 1, 1), 6, "days"),
        lambda: proof_of_use_due(D(2025, 1, 1), -1),
        lambda: DeadlineRules(application_unit="jahre"),
        lambda: DeadlineRules(application_value=-1),
        lambda: DeadlineRules(proof_of_use_months=2.5),
        lambda: upcoming([], D(2025, 1, 1), -1),
    ],
)
def test_invalid_periods_are_refused_in_german(call):
    with pytest.raises(DomainError):
        call()


def test_unknown_unit_message():
    with pytest.raises(DomainError) as info:
        application_due(D(2025, 1, 1), 6, "days")
    assert str(info.value) == "Unbekannte Einheit der Frist: „days“ (möglich: Monate oder Wochen)."


def test_rules_take_the_stored_unit():
    assert DeadlineRules(12, "weeks").application_unit is PeriodUnit.WEEKS
    assert DeadlineRules(6, PeriodUnit.MONTHS, 6) == DEFAULT_DEADLINE_RULES


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1, "months", "1 Monat"),
        (6, "months", "6 Monate"),
        (1, "weeks", "1 Woche"),
        (12, "weeks", "12 Wochen"),
    ],
)
def test_period_text(value, unit, text):
    assert period_text(value, unit) == text


# --- deadlines of a project -------------------------------------------------------------------------

DECIDED = D(2025, 8, 31)
APPLICATION_DUE = D(2026, 3, 2)  # 6 months = Saturday 28.02.2026, so the next Monday


def application(today, **kwargs):
    return project_deadlines(S.SELECTED, today=today, lag_decision_on=DECIDED, **kwargs)


def test_application_deadline_on_the_due_day_is_not_overdue():
    assert application(APPLICATION_DUE) == [
        Deadline(
            DeadlineKind.APPLICATION,
            APPLICATION_DUE,
            False,
            "Antragstellung bis 02.03.2026 (6 Monate nach dem LAG-Beschluss vom 31.08.2025; "
            "Fristende Samstag 28.02.2026, daher der nächste Werktag)",
        )
    ]


def test_application_deadline_the_day_after_is_overdue_and_the_approval_lapses():
    (deadline,) = application(APPLICATION_DUE + timedelta(days=1))
    assert deadline.overdue
    assert deadline.label == "Frist für den Antrag abgelaufen am 02.03.2026 – LAG-Zustimmung verfällt"
    # on the weekend the counted period ended, nothing has lapsed yet
    assert not application(D(2026, 3, 1))[0].overdue


def test_application_deadline_in_weeks():
    (deadline,) = project_deadlines(S.SELECTED, today=DECIDED, lag_decision_on=DECIDED, rules=WEEKS_12)
    assert deadline.due == D(2025, 11, 24)
    assert deadline.label == (
        "Antragstellung bis 24.11.2025 (12 Wochen nach dem LAG-Beschluss vom 31.08.2025; "
        "Fristende Sonntag 23.11.2025, daher der nächste Werktag)"
    )


def test_application_deadline_on_a_holiday_of_the_land():
    bavaria = DeadlineRules(12, PeriodUnit.WEEKS, holidays=BAVARIA)
    decided = D(2025, 10, 14)
    (deadline,) = project_deadlines(S.SELECTED, today=decided, lag_decision_on=decided, rules=bavaria)
    assert deadline.due == D(2026, 1, 7)
    assert "Fristende Feiertag 06.01.2026, daher der nächste Werktag" in deadline.label
    (plain,) = project_deadlines(S.SELECTED, today=decided, lag_decision_on=decided, rules=WEEKS_12)
    assert plain.due == D(2026, 1, 6) and "Fristende" not in plain.label


def test_no_application_deadline_once_applied_or_without_a_decision_date():
    assert application(D(2026, 5, 1), applied_on=D(2026, 1, 1)) == []
    assert project_deadlines(S.SELECTED, today=D(2026, 5, 1)) == []


@pytest.mark.parametrize("status", [s for s in S if s is not S.SELECTED])
def test_application_deadline_only_while_selected(status):
    deadlines = project_deadlines(status, today=D(2030, 1, 1), lag_decision_on=DECIDED)
    assert [d for d in deadlines if d.kind is DeadlineKind.APPLICATION] == []


def test_proof_of_use_deadline():
    completed = D(2025, 6, 30)
    due = D(2025, 12, 30)  # a Tuesday
    (on_time,) = project_deadlines(S.COMPLETED, today=due, completed_on=completed)
    assert on_time == Deadline(
        DeadlineKind.PROOF_OF_USE,
        due,
        False,
        "Verwendungsnachweis bis 30.12.2025 (6 Monate nach Abschluss am 30.06.2025)",
    )
    (late,) = project_deadlines(S.COMPLETED, today=due + timedelta(days=1), completed_on=completed)
    assert late.overdue and late.label.startswith("Überfällig: Verwendungsnachweis bis 30.12.2025")
    one_month = DeadlineRules(proof_of_use_months=1)
    (short,) = project_deadlines(S.COMPLETED, today=due, completed_on=completed, rules=one_month)
    assert short.due == D(2025, 7, 30) and "(1 Monat nach Abschluss" in short.label
    # completed 31.08.2025: 6 months end on Saturday 28.02.2026, so Monday 02.03.2026
    (moved,) = project_deadlines(S.COMPLETED, today=due, completed_on=D(2025, 8, 31))
    assert moved.due == D(2026, 3, 2) and "Fristende Samstag 28.02.2026" in moved.label


def test_no_proof_deadline_once_submitted_checked_or_without_completion_date():
    completed = D(2025, 6, 30)
    today = D(2026, 6, 1)
    assert project_deadlines(S.COMPLETED, today=today, completed_on=completed, proof_of_use_on=today) == []
    assert project_deadlines(S.PROOF_CHECKED, today=today, completed_on=completed) == []
    assert project_deadlines(S.COMPLETED, today=today) == []
    assert project_deadlines(S.IN_PROGRESS, today=today, completed_on=completed) == []


def test_stored_status_strings_are_accepted_and_unknown_ones_refused():
    assert len(project_deadlines("ausgewaehlt", today=DECIDED, lag_decision_on=DECIDED)) == 1
    with pytest.raises(DomainError, match="Unbekannter Projektstatus"):
        project_deadlines("genehmigt", today=DECIDED)


# --- upcoming ---------------------------------------------------------------------------------------


TODAY = D(2025, 6, 1)


def deadline(due: date, kind: DeadlineKind = DeadlineKind.APPLICATION) -> Deadline:
    return Deadline(kind, due, due < TODAY, "")


def test_upcoming_window_is_inclusive_on_both_ends():
    today = TODAY
    inside = [deadline(today), deadline(today + timedelta(weeks=4))]
    outside = [deadline(today + timedelta(weeks=4, days=1))]
    assert upcoming(outside + inside[::-1], today, 4) == inside


def test_upcoming_brings_the_overdue_ones_first_unless_told_not_to():
    today = TODAY
    late = deadline(today - timedelta(days=1))
    soon = deadline(today + timedelta(days=3))
    assert upcoming([soon, late], today, 1) == [late, soon]
    assert upcoming([soon, late], today, 1, include_overdue=False) == [soon]


def test_upcoming_orders_same_day_by_kind():
    today = TODAY
    proof = deadline(today, DeadlineKind.PROOF_OF_USE)
    app = deadline(today, DeadlineKind.APPLICATION)
    assert upcoming([proof, app], today, 0) == [app, proof]


# --- lapse ------------------------------------------------------------------------------------------


def test_lapses_the_day_after_the_due_date():
    assert not has_lapsed(S.SELECTED, DECIDED, None, APPLICATION_DUE)
    assert has_lapsed(S.SELECTED, DECIDED, None, APPLICATION_DUE + timedelta(days=1))
    assert has_lapsed("ausgewaehlt", DECIDED, None, D(2030, 1, 1))
    assert lapse_due(S.SELECTED, DECIDED, None, APPLICATION_DUE + timedelta(days=1)) == APPLICATION_DUE
    assert lapse_due(S.SELECTED, DECIDED, None, APPLICATION_DUE) is None


def test_no_lapse_on_the_weekend_the_counted_period_ends():
    # the period counted to Saturday 28.02.2026; it runs to Monday 02.03.2026
    assert not has_lapsed(S.SELECTED, DECIDED, None, D(2026, 3, 1))
    assert not has_lapsed(S.SELECTED, DECIDED, None, D(2026, 3, 2))
    assert has_lapsed(S.SELECTED, DECIDED, None, D(2026, 3, 3))


def test_lapse_on_a_holiday_depends_on_the_land():
    decided = D(2025, 10, 14)  # + 12 weeks = Tuesday 06.01.2026
    by = DeadlineRules(12, PeriodUnit.WEEKS, holidays=BAVARIA)
    ni = DeadlineRules(12, PeriodUnit.WEEKS, holidays=LOWER_SAXONY)
    assert not has_lapsed(S.SELECTED, decided, None, D(2026, 1, 7), by)
    assert has_lapsed(S.SELECTED, decided, None, D(2026, 1, 7), ni)


def test_no_lapse_with_an_application_another_status_or_no_decision_date():
    late = D(2030, 1, 1)
    assert not has_lapsed(S.SELECTED, DECIDED, D(2025, 9, 1), late)
    assert not has_lapsed(S.SELECTED, None, None, late)
    for status in S:
        if status is not S.SELECTED:
            assert not has_lapsed(status, DECIDED, None, late)


def test_lapse_follows_the_configured_period():
    # 12 weeks end on Sunday 23.11.2025, so Monday 24.11. is still in time
    assert has_lapsed(S.SELECTED, DECIDED, None, D(2025, 11, 25), WEEKS_12)
    assert not has_lapsed(S.SELECTED, DECIDED, None, D(2025, 11, 24), WEEKS_12)


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)),
    st.integers(0, 2000),
    st.integers(0, 24),
    st.sampled_from(list(PeriodUnit)),
)
def test_lapse_and_overdue_agree(decided, days_later, value, unit):
    rules = DeadlineRules(value, unit)
    today = decided + timedelta(days=days_later)
    (deadline_,) = project_deadlines(S.SELECTED, today=today, lag_decision_on=decided, rules=rules)
    assert deadline_.overdue == has_lapsed(S.SELECTED, decided, None, today, rules)
    assert deadline_.overdue == (today > deadline_.due)
