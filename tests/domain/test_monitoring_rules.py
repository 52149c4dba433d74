"""Budget per Handlungsfeld, the tolerance warning and indicator progress (pure rules)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from regiodesk.domain.monitoring import (
    FieldPlan,
    IndicatorFacts,
    PaymentFacts,
    ProjectFacts,
    Reallocation,
    RecordedValue,
    StatusEvent,
    budget_table,
    end_of_day_utc,
    indicator_lines,
    planned_budgets,
    project_amounts,
    project_state,
    tolerance_warnings,
    year_window,
)

HF1 = FieldPlan("hf1", "HF 1", "Dörfer", 500_000_00, 1)
HF2 = FieldPlan("hf2", "HF 2", "Wirtschaft", 300_000_00, 2)
HF3 = FieldPlan("hf3", "HF 3", "Natur", 200_000_00, 3)
FIELDS = (HF1, HF2, HF3)
END_2025 = date(2025, 12, 31)


def approved(pid: str, field: str | None, grant: int, **dates) -> ProjectFacts:
    values = {"lag_decision_on": date(2024, 3, 1), "approved_on": date(2024, 6, 1)} | dates
    return ProjectFacts(pid, field, "bewilligt", grant, **values)


def selected(pid: str, field: str | None, grant: int, on: date = date(2024, 3, 1)) -> ProjectFacts:
    return ProjectFacts(
        pid,
        field,
        "ausgewaehlt",
        grant,
        lag_decision_on=on,
        history=(StatusEvent("in_beratung", date(2024, 1, 5)), StatusEvent("ausgewaehlt", on, 1)),
    )


def line(table, field_id):
    return next(x for x in table.lines if x.field_id == field_id)


# --------------------------------------------------------------------------- project state
def test_a_project_is_committed_from_its_selection_and_approved_from_its_approval():
    p = approved("p", "hf1", 100_00)
    assert project_state(p, date(2024, 2, 28)).status is None
    spring = project_state(p, date(2024, 3, 1))
    assert spring.committed and not spring.approved and spring.selected_on == date(2024, 3, 1)
    summer = project_state(p, date(2024, 6, 1))
    assert summer.approved and summer.approved_on == date(2024, 6, 1)


def test_a_withdrawn_project_frees_its_grant_but_not_what_was_paid():
    p = ProjectFacts(
        "p",
        "hf1",
        "zurueckgezogen",
        80_000_00,
        lag_decision_on=date(2024, 3, 1),
        approved_on=date(2024, 6, 1),
        history=(
            StatusEvent("ausgewaehlt", date(2024, 3, 1)),
            StatusEvent("bewilligt", date(2024, 6, 1)),
            StatusEvent("in_umsetzung", date(2024, 7, 1)),
            StatusEvent("zurueckgezogen", date(2025, 5, 1)),
        ),
    )
    pay = [PaymentFacts("p", date(2024, 11, 1), 10_000_00)]
    before = project_amounts(p, pay, date(2024, 12, 31))
    assert (before.committed_cents, before.approved_cents, before.paid_cents) == (
        80_000_00,
        80_000_00,
        10_000_00,
    )
    after = project_amounts(p, pay, END_2025)
    assert after.state.status == "zurueckgezogen"
    assert (after.committed_cents, after.approved_cents, after.paid_cents) == (
        10_000_00,
        10_000_00,
        10_000_00,
    )
    # the LAG did select it in 2024: that stays a selection of 2024
    assert after.state.selected_on == date(2024, 3, 1)


def test_rejected_and_deferred_projects_bind_nothing():
    rejected = ProjectFacts(
        "r", "hf1", "abgelehnt", 50_000_00, lag_decision_on=date(2024, 3, 1),
        history=(StatusEvent("abgelehnt", date(2024, 3, 1)),),
    )  # fmt: skip
    deferred_then_selected = ProjectFacts(
        "d",
        "hf1",
        "ausgewaehlt",
        40_000_00,
        lag_decision_on=date(2025, 2, 1),
        history=(
            StatusEvent("zurueckgestellt", date(2024, 9, 1)),
            StatusEvent("ausgewaehlt", date(2025, 2, 1)),
        ),
    )
    assert project_state(rejected, END_2025).status == "abgelehnt"
    assert project_state(rejected, END_2025).selected_on is None
    assert project_state(deferred_then_selected, date(2024, 12, 31)).status == "zurueckgestellt"
    assert project_state(deferred_then_selected, END_2025).committed
    table = budget_table(FIELDS, [rejected, deferred_then_selected], [], [], date(2024, 12, 31))
    assert line(table, "hf1").committed_cents == 0


def test_a_project_typed_in_later_counts_from_its_dates_not_from_the_day_it_was_entered():
    # created through the form today with its history row dated today
    p = approved("p", "hf1", 70_000_00, history=(StatusEvent("bewilligt", date(2026, 11, 20)),))
    state = project_state(p, END_2025)
    assert state.approved and state.selected_on == date(2024, 3, 1)


def test_a_withdrawal_dated_after_the_cutoff_does_not_count_yet():
    p = ProjectFacts(
        "p",
        "hf1",
        "zurueckgezogen",
        10_00,
        lag_decision_on=date(2025, 3, 1),
        history=(
            StatusEvent("ausgewaehlt", date(2025, 3, 1)),
            StatusEvent("zurueckgezogen", date(2026, 1, 9)),
        ),
    )
    assert project_state(p, END_2025).status == "ausgewaehlt"
    assert project_state(p, date(2026, 1, 9)).status == "zurueckgezogen"


# --------------------------------------------------------------------------- budget
def test_budget_per_field_planned_committed_approved_paid_remaining():
    projects = [
        approved("a", "hf1", 100_000_00),
        selected("b", "hf1", 50_000_00),
        approved("c", "hf2", 30_000_00),
        ProjectFacts("idea", "hf2", "idee", 999_00),
    ]
    payments = [
        PaymentFacts("a", date(2024, 10, 1), 20_000_00),
        PaymentFacts("a", date(2025, 4, 1), 30_000_00),
        PaymentFacts("a", date(2026, 2, 1), 50_000_00),  # after the cut-off
        PaymentFacts("c", date(2025, 7, 1), 30_000_00),
    ]
    table = budget_table(FIELDS, projects, payments, [], END_2025, year_start=date(2025, 1, 1))
    hf1, hf2, hf3 = table.lines
    assert (hf1.planned_cents, hf1.committed_cents, hf1.approved_cents) == (
        500_000_00,
        150_000_00,
        100_000_00,
    )
    assert (hf1.paid_cents, hf1.paid_in_year_cents, hf1.remaining_cents) == (50_000_00, 30_000_00, 350_000_00)
    assert hf1.projects == 2
    assert (hf2.committed_cents, hf2.approved_cents, hf2.paid_cents) == (30_000_00, 30_000_00, 30_000_00)
    assert hf3.committed_cents == 0 and hf3.remaining_cents == 200_000_00
    assert table.total.committed_cents == 180_000_00
    assert table.total.planned_cents == 1_000_000_00


def test_partial_payments_across_years_count_up_to_the_cutoff_and_per_year():
    projects = [approved("a", "hf1", 90_000_00)]
    payments = [PaymentFacts("a", date(y, 6, 30), 30_000_00) for y in (2024, 2025, 2026)]
    by_year = {
        y: budget_table(FIELDS, projects, payments, [], date(y, 12, 31), date(y, 1, 1)).lines[0]
        for y in (2024, 2025, 2026)
    }
    assert [by_year[y].paid_cents for y in (2024, 2025, 2026)] == [30_000_00, 60_000_00, 90_000_00]
    assert {by_year[y].paid_in_year_cents for y in by_year} == {30_000_00}
    mid = budget_table(FIELDS, projects, payments, [], date(2025, 6, 29), date(2025, 1, 1)).lines[0]
    assert (mid.paid_cents, mid.paid_in_year_cents) == (30_000_00, 0)


def test_a_reallocation_moves_planned_budget_from_its_decision_day():
    moves = [
        Reallocation("hf3", "hf1", 50_000_00, date(2025, 5, 20)),
        Reallocation(None, "hf2", 10_000_00, date(2025, 9, 1)),  # extra money from outside
    ]
    assert planned_budgets(FIELDS, moves, date(2025, 5, 19)) == {
        "hf1": (500_000_00, 0),
        "hf2": (300_000_00, 0),
        "hf3": (200_000_00, 0),
    }
    table = budget_table(FIELDS, [], [], moves, END_2025)
    hf1, hf2, hf3 = table.lines
    assert (hf1.original_cents, hf1.reallocated_cents, hf1.planned_cents) == (
        500_000_00,
        50_000_00,
        550_000_00,
    )
    assert hf3.planned_cents == 150_000_00 and hf2.planned_cents == 310_000_00
    assert table.total.planned_cents == 1_010_000_00


def test_a_project_without_a_field_gets_its_own_line_and_one_of_another_period_none():
    projects = [selected("x", None, 5_000_00), selected("y", "other-period", 7_000_00)]
    table = budget_table(FIELDS, projects, [], [], END_2025)
    assert table.lines[-1].name == "ohne Handlungsfeld" and table.lines[-1].committed_cents == 5_000_00
    assert table.total.committed_cents == 5_000_00


# --------------------------------------------------------------------------- tolerance
def _committed(hf1: int, hf2: int, hf3: int) -> list[ProjectFacts]:
    return [selected(f, f, amount) for f, amount in (("hf1", hf1), ("hf2", hf2), ("hf3", hf3)) if amount]


def test_no_warning_while_the_split_follows_the_plan_within_the_tolerance():
    # plan 50/30/20; committed 52/29/19 → at most 5 % off
    table = budget_table(FIELDS, _committed(52_000_00, 29_000_00, 19_000_00), [], [], END_2025)
    assert table.warnings == ()


def test_a_split_beyond_ten_percent_warns_and_names_the_field():
    # plan 50/30/20 %; committed 50/20/30 → HF 2 33 % under, HF 3 50 % over
    table = budget_table(FIELDS, _committed(50_000_00, 20_000_00, 30_000_00), [], [], END_2025)
    warned = {w.field_id: w for w in table.warnings}
    assert set(warned) == {"hf2", "hf3"}
    assert "HF 3 Natur" in warned["hf3"].text and "über" in warned["hf3"].text
    assert (
        "30,0 %" in warned["hf3"].text
        and "20,0 %" in warned["hf3"].text
        and "Toleranz 10 %" in warned["hf3"].text
    )
    assert "unter" in warned["hf2"].text


def test_the_tolerance_is_configurable_and_the_edge_does_not_warn():
    projects = _committed(50_000_00, 27_000_00, 23_000_00)  # HF 2 −10 %, HF 3 +15 %
    assert {w.field_id for w in budget_table(FIELDS, projects, [], [], END_2025).warnings} == {"hf3"}
    wide = budget_table(FIELDS, projects, [], [], END_2025, tolerance_bp=2000)
    assert wide.warnings == ()
    narrow = budget_table(FIELDS, projects, [], [], END_2025, tolerance_bp=500)
    assert {w.field_id for w in narrow.warnings} == {"hf2", "hf3"}


def test_a_reallocation_decided_by_the_lag_brings_the_split_back_in_line():
    projects = _committed(50_000_00, 20_000_00, 30_000_00)
    moves = [Reallocation("hf2", "hf3", 100_000_00, date(2025, 10, 1))]
    assert budget_table(FIELDS, projects, [], moves, date(2025, 9, 30)).warnings
    assert budget_table(FIELDS, projects, [], moves, END_2025).warnings == ()


def test_more_committed_than_planned_always_warns():
    table = budget_table(FIELDS, _committed(600_000_00, 360_000_00, 240_000_00), [], [], END_2025)
    assert [w.kind for w in table.warnings] == ["over", "over", "over"]
    assert "120 % des Budgets" in table.warnings[0].text


def test_nothing_committed_nothing_to_compare():
    assert tolerance_warnings(budget_table(FIELDS, [], [], [], END_2025).lines) == []


# --------------------------------------------------------------------------- indicators
def test_indicator_progress_per_year_from_projects_and_from_recorded_values():
    count = IndicatorFacts(
        "n", "hf1", "Projekte", "Anzahl", "output", "anzahl_projekte", {2024: 2000, 2025: 2000}
    )
    grants = IndicatorFacts("g", None, "Zuschüsse", "Euro", "output", "zuschuss_summe", {2025: 100_000_000})
    jobs = IndicatorFacts("j", "hf1", "Arbeitsplätze", "VZÄ", "ergebnis", "erfasst", {2024: 1000, 2025: 2000})
    projects = [
        selected("a", "hf1", 40_000_00, date(2024, 3, 1)),
        selected("b", "hf1", 10_000_00, date(2025, 3, 1)),
        selected("c", "hf2", 25_000_00, date(2025, 4, 1)),
    ]
    values = [
        RecordedValue("j", 2024, 500, date(2025, 1, 20), "a"),
        RecordedValue("j", 2025, 1500, date(2025, 12, 1)),
        RecordedValue("j", 2025, 750, date(2026, 1, 15)),  # recorded after the cut-off
    ]
    n, g, j = indicator_lines([count, grants, jobs], projects, values, END_2025, 2025)
    assert [(y.year, y.target_milli, y.actual_milli) for y in n.years] == [
        (2024, 2000, 1000),
        (2025, 2000, 1000),
    ]
    assert (n.target_to_date, n.actual_to_date, n.progress) == (4000, 2000, Fraction(1, 2))
    assert g.actual_in_year == 35_000_000 and g.progress == Fraction(75, 100)  # 40.000 € in 2024
    assert (j.actual_in_year, j.actual_to_date, j.progress) == (1500, 2000, Fraction(2, 3))
    assert j.progress_total == Fraction(2, 3)
    earlier = indicator_lines([jobs], projects, values, date(2024, 12, 31), 2024)[0]
    assert earlier.actual_to_date == 0  # the 2024 value was only recorded in January 2025


def test_a_lapsed_project_no_longer_counts_for_its_indicator():
    count = IndicatorFacts("n", None, "Projekte", "Anzahl", "output", "anzahl_projekte", {2024: 1000})
    p = ProjectFacts(
        "p", "hf1", "zurueckgezogen", 10_00, lag_decision_on=date(2024, 3, 1),
        history=(StatusEvent("ausgewaehlt", date(2024, 3, 1)), StatusEvent("verfallen", date(2025, 2, 1))),
    )  # fmt: skip
    assert indicator_lines([count], [p], [], date(2024, 12, 31), 2024)[0].actual_to_date == 1000
    assert indicator_lines([count], [p], [], END_2025, 2025)[0].actual_to_date == 0


# --------------------------------------------------------------------------- time
def test_end_of_day_in_german_time():
    assert end_of_day_utc(date(2025, 12, 31)) == datetime(2025, 12, 31, 23, 0, tzinfo=timezone.utc)
    assert end_of_day_utc(date(2025, 7, 1)) == datetime(2025, 7, 1, 22, 0, tzinfo=timezone.utc)
    assert year_window(2025) == (date(2025, 1, 1), END_2025)
    assert year_window(2025, date(2025, 6, 30)) == (date(2025, 1, 1), date(2025, 6, 30))
    assert year_window(2025, date(2026, 2, 1)) == (date(2025, 1, 1), END_2025)


# --------------------------------------------------------------------------- properties
STATUSES = ["idee", "ausgewaehlt", "abgelehnt", "bewilligt", "abgeschlossen", "zurueckgezogen", "verfallen"]
DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def portfolios(draw):
    projects, payments = [], []
    for n in range(draw(st.integers(0, 12))):
        status = draw(st.sampled_from(STATUSES))
        decided = draw(st.one_of(st.none(), DAYS))
        approved_on = draw(st.one_of(st.none(), DAYS)) if decided else None
        history = tuple(
            StatusEvent(s, d, i)
            for i, (s, d) in enumerate(draw(st.lists(st.tuples(st.sampled_from(STATUSES), DAYS), max_size=3)))
        )
        pid = f"p{n}"
        projects.append(
            ProjectFacts(
                pid,
                draw(st.sampled_from(["hf1", "hf2", "hf3", None])),
                status,
                draw(st.one_of(st.none(), st.integers(0, 10**9))),
                lag_decision_on=decided,
                approved_on=approved_on,
                history=history,
            )
        )
        payments += [
            PaymentFacts(pid, day, amount)
            for day, amount in draw(st.lists(st.tuples(DAYS, st.integers(0, 10**8)), max_size=3))
        ]
    moves = [
        Reallocation(a, b, amount, day)
        for a, b, amount, day in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["hf1", "hf2", "hf3", None]),
                    st.sampled_from(["hf1", "hf2", "hf3", None]),
                    st.integers(0, 10**8),
                    DAYS,
                ),
                max_size=4,
            )
        )
    ]
    return projects, payments, moves


@settings(max_examples=150, deadline=None)
@given(portfolios(), DAYS)
def test_lines_add_up_to_the_total_and_paid_never_exceeds_approved_or_committed(portfolio, on):
    projects, payments, moves = portfolio
    table = budget_table(FIELDS, projects, payments, moves, on, date(on.year, 1, 1))
    for attr in (
        "original_cents",
        "planned_cents",
        "committed_cents",
        "approved_cents",
        "paid_cents",
        "projects",
    ):
        assert sum(getattr(x, attr) for x in table.lines) == getattr(table.total, attr)
    for x in table.lines:
        assert 0 <= x.paid_cents <= x.approved_cents <= x.committed_cents
        assert x.paid_in_year_cents <= x.paid_cents
        assert x.remaining_cents == x.planned_cents - x.committed_cents
    # money between fields only moves: the sum of the field plans changes by outside money only
    outside = sum(
        m.amount_cents * ((m.to_field_id is not None) - (m.from_field_id is not None))
        for m in moves
        if m.decided_on <= on
    )
    assert table.total.planned_cents == sum(f.planned_cents for f in FIELDS) + outside
    assert sum(p.amount_cents for p in payments if p.paid_on <= on) == table.total.paid_cents


@settings(max_examples=100, deadline=None)
@given(portfolios(), DAYS, DAYS)
def test_payments_only_grow_with_the_cutoff(portfolio, first, second):
    projects, payments, moves = portfolio
    early, late = sorted((first, second))
    a = budget_table(FIELDS, projects, payments, moves, early).total
    b = budget_table(FIELDS, projects, payments, moves, late).total
    assert a.paid_cents <= b.paid_cents


# --------------------------------------------------------------------------- lapse (rule 9)
def _due_to_lapse(application_due: date, **dates) -> ProjectFacts:
    p = selected("p", "hf1", 100_000_00, date(2025, 8, 31))
    return ProjectFacts(**{**p.__dict__, **dates, "application_due": application_due})


def test_a_selected_project_stops_binding_the_day_after_its_application_due_date():
    p = _due_to_lapse(date(2026, 3, 2))
    on_the_day = project_state(p, date(2026, 3, 2))
    assert on_the_day.committed and not on_the_day.lapse_due
    after = project_state(p, date(2026, 3, 3))
    assert after.status == "ausgewaehlt" and after.lapse_due and not after.committed
    table = budget_table(FIELDS, [p], [], [], date(2026, 3, 3))
    assert (line(table, "hf1").committed_cents, line(table, "hf1").remaining_cents) == (0, 500_000_00)
    assert line(table, "hf1").projects == 0
    assert budget_table(FIELDS, [p], [], [], date(2026, 3, 2)).total.committed_cents == 100_000_00


def test_an_application_in_time_keeps_the_binding_and_paid_money_stays_committed():
    applied = _due_to_lapse(date(2026, 3, 2), applied_on=date(2026, 3, 2))
    assert project_state(applied, date(2027, 1, 1)).committed
    paid = project_amounts(
        _due_to_lapse(date(2026, 3, 2)),
        [PaymentFacts("p", date(2026, 1, 5), 10_00)],
        END_2025.replace(year=2026),
    )
    assert paid.committed_cents == 10_00  # what was paid stays spent


def test_a_lapse_due_project_counts_no_more_in_the_computed_indicators():
    indicator = IndicatorFacts("i", "hf1", "Projekte", "Anzahl", "output", "anzahl_projekte", {2025: 1000})
    p = _due_to_lapse(date(2026, 3, 2))
    (before,) = indicator_lines([indicator], [p], [], date(2026, 3, 2), 2025)
    (after,) = indicator_lines([indicator], [p], [], date(2026, 3, 3), 2025)
    assert (before.actual_in_year, after.actual_in_year) == (1000, 0)
