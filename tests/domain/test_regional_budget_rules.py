"""Regionalbudget rules (GAK Kleinprojekte) at their edges: cost limit, rate cap, year, budget."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.errors import DomainError
from regiodesk.domain.regional_budget import (
    SmallProjectLimits,
    budget_check,
    limits_problems,
    max_grant,
    small_project_problems,
)

LIMITS = SmallProjectLimits(2026, 20_000_000, 2_000_000, 8000, date(2026, 10, 15))


def test_a_total_cost_of_exactly_20000_euro_is_within_the_limit():
    assert small_project_problems(2_000_000, 1_600_000, LIMITS) == []


def test_one_cent_over_the_cost_limit_is_refused_with_the_amount_over():
    [problem] = small_project_problems(2_000_001, 1_600_000, LIMITS)
    assert "20.000,01 €" in problem and "20.000,00 €" in problem and "um 0,01 €" in problem


def test_a_grant_of_exactly_80_percent_holds():
    assert small_project_problems(1_234_567, 987_653, LIMITS) == []  # 80 % = 987.653,6 ct: floor holds
    assert small_project_problems(1_000_000, 800_000, LIMITS) == []


def test_one_cent_over_80_percent_is_refused_and_names_the_highest_grant():
    [problem] = small_project_problems(1_000_000, 800_001, LIMITS)
    assert "80 %" in problem and "höchstens 8.000,00 €" in problem
    # the rate is exact: 80 % of 12.345,67 € is 9.876,536 €, so 9.876,54 € is already over
    [problem] = small_project_problems(1_234_567, 987_654, LIMITS)
    assert "höchstens 9.876,53 €" in problem


def test_max_grant_rounds_down_so_that_it_never_exceeds_the_rate():
    assert max_grant(1_234_567, LIMITS) == 987_653
    assert max_grant(2_000_000, LIMITS) == 1_600_000


@given(st.integers(0, 2_000_000))
def test_max_grant_is_the_highest_grant_the_rule_accepts(cost):
    highest = max_grant(cost, LIMITS)
    assert small_project_problems(cost, highest, LIMITS) == []
    assert small_project_problems(cost, highest + 1, LIMITS) != []


def test_missing_cost_or_grant_is_named():
    assert any("Gesamtkosten fehlen" in p for p in small_project_problems(None, 1, LIMITS))
    assert any("Zuschuss fehlt" in p for p in small_project_problems(100, None, LIMITS))


def test_the_grant_is_not_higher_than_the_cost_even_at_100_percent():
    limits = SmallProjectLimits(2026, max_rate_bp=10_000)
    assert small_project_problems(500, 500, limits) == []
    assert "höher als die Gesamtkosten" in small_project_problems(500, 501, limits)[0]


def test_contract_in_another_year_and_late_proof_of_use_are_named():
    assert (
        small_project_problems(
            1_000_000, 800_000, LIMITS, contract_on=date(2026, 1, 1), proof_of_use_on=date(2026, 10, 15)
        )
        == []
    )
    problems = small_project_problems(
        1_000_000, 800_000, LIMITS, contract_on=date(2025, 12, 31), proof_of_use_on=date(2026, 10, 16)
    )
    assert len(problems) == 2
    assert "31.12.2025" in problems[0] and "2026" in problems[0]
    assert "16.10.2026" in problems[1] and "15.10.2026" in problems[1]


def test_the_budget_may_be_exhausted_exactly_but_not_by_one_cent_more():
    exact = budget_check(20_000_000, [1_600_000] * 12 + [800_000])
    assert exact.holds and exact.remaining_cents == 0
    over = budget_check(20_000_000, [1_600_000] * 12 + [800_001])
    assert not over.holds
    assert "um 0,01 € überschritten" in over.message


def test_settings_that_cannot_be_a_regional_budget_are_refused():
    assert set(limits_problems(1999, -1, 0, 10_001, date(2027, 1, 15))) == {
        "year",
        "budget_cents",
        "max_total_cost_cents",
        "max_rate_bp",
        "proof_of_use_by",
    }
    assert limits_problems(2026, 0, 1, 10_000, date(2026, 12, 31)) == {}
    with pytest.raises(DomainError, match="selben Jahr"):
        SmallProjectLimits(2026, proof_of_use_by=date(2027, 1, 31))


def test_a_missing_proof_of_use_is_overdue_only_after_its_deadline():
    contracted = {"contract_on": date(2026, 3, 1)}
    assert small_project_problems(100, 80, LIMITS, today=date(2026, 10, 15), **contracted) == []
    [problem] = small_project_problems(100, 80, LIMITS, today=date(2026, 10, 16), **contracted)
    assert problem == "Der Verwendungsnachweis fehlt; er war bis zum 15.10.2026 fällig."
    # without a contract nothing is due yet
    assert small_project_problems(100, 80, LIMITS, today=date(2026, 10, 16)) == []


def test_the_proof_of_use_is_due_on_its_date_from_the_contract_on_until_recorded():
    from regiodesk.domain.regional_budget import proof_of_use_deadline

    on_time = proof_of_use_deadline("in_umsetzung", None, LIMITS, date(2026, 10, 15))
    assert on_time is not None and not on_time.overdue
    assert on_time.label == "Verwendungsnachweis Regionalbudget 2026 bis 15.10.2026"
    late = proof_of_use_deadline("abgeschlossen", None, LIMITS, date(2026, 10, 16))
    assert late is not None and late.overdue and late.label.startswith("Überfällig: ")
    assert proof_of_use_deadline("abgeschlossen", date(2026, 10, 1), LIMITS, date(2026, 10, 16)) is None
    assert proof_of_use_deadline("ausgewaehlt", None, LIMITS, date(2026, 10, 16)) is None  # no contract yet
