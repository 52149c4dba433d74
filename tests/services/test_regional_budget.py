"""The Regionalbudget through the services: one setting per year, small projects checked against
its limits, ranked against the year's budget, and the budget check."""

from __future__ import annotations

from datetime import date

import pytest
from project_helpers import make_region, regional_budget_year, small_project

from regiodesk.domain.errors import NotFoundError, ValidationError
from regiodesk.services.regional_budget import RegionalBudgetService, small_project_problems, year_overview


def test_one_regional_budget_per_year_with_its_limits_checked(db):
    make_region(db)
    service = RegionalBudgetService(db)
    service.create({"year": 2026, "budget_cents": 200_000_00, "max_total_cost_cents": 1, "max_rate_bp": 8000})
    with pytest.raises(ValidationError, match="schon angelegt"):
        service.create({"year": 2026, "budget_cents": 1, "max_total_cost_cents": 1, "max_rate_bp": 8000})
    with pytest.raises(ValidationError) as error:
        service.create(
            {
                "year": 2027,
                "budget_cents": 1,
                "max_total_cost_cents": 1,
                "max_rate_bp": 8000,
                "proof_of_use_by": date(2028, 1, 31),
            }
        )
    assert "im selben Jahr" in error.value.errors["proof_of_use_by"]
    assert [row.values[0] for row in service.rows()] == [2026]


def test_small_projects_at_the_limits_are_ranked_one_cent_over_is_not(db):
    region, _budget, call = regional_budget_year(db)
    exact = small_project(db, region, call, "Brunnen", 20_000_00, 16_000_00, points=3)
    rate_over = small_project(db, region, call, "Bänke", 10_000_00, 8_000_01, points=3)
    cost_over = small_project(db, region, call, "Vereinsheim", 20_000_01, 16_000_00, points=3)
    small = small_project(db, region, call, "Bücherschrank", 3_000_00, 2_400_00, points=[3, 3, 3, 2])
    overview = year_overview(db, 2026, today=date(2026, 6, 1))
    assert [(r.title, r.within_budget) for r in overview.ranked] == [
        ("Brunnen", True),
        ("Bücherschrank", True),
    ]
    reasons = {n.title: n.reason for n in overview.not_ranked}
    assert "höchstens 8.000,00 €" in reasons["Bänke"]
    assert "um 0,01 €" in reasons["Vereinsheim"]
    assert small_project_problems(db, exact) == [] and small_project_problems(db, small) == []
    assert small_project_problems(db, rate_over) and small_project_problems(db, cost_over)


def test_the_ranking_fills_the_years_budget_and_the_rest_waits(db):
    region, _budget, call = regional_budget_year(db, budget_cents=20_000_00)
    small_project(db, region, call, "Erster", 15_000_00, 12_000_00, points=3)
    small_project(db, region, call, "Zweiter", 12_000_00, 8_000_00, points=[3, 3, 3, 2])
    small_project(db, region, call, "Dritter", 1_000_00, 800_00, points=[3, 3, 2, 2])
    ranked = year_overview(db, 2026).ranked
    # 12.000 + 8.000 € exhaust the budget exactly; the third waits however little it costs
    assert [(r.title, r.within_budget) for r in ranked] == [
        ("Erster", True),
        ("Zweiter", True),
        ("Dritter", False),
    ]


def test_the_budget_check_counts_the_selected_projects_only(db):
    region, _budget, call = regional_budget_year(db, budget_cents=20_000_00)
    small_project(db, region, call, "Ausgewählt", 15_000_00, 12_000_00, status="ausgewaehlt")
    small_project(db, region, call, "Bewilligt", 10_000_00, 8_000_00, status="bewilligt")
    small_project(db, region, call, "Nur beantragt", 20_000_00, 16_000_00)
    check = year_overview(db, 2026).budget
    assert check.holds and check.committed_cents == 20_000_00 and check.remaining_cents == 0
    small_project(db, region, call, "Noch einer", 100, 1, status="ausgewaehlt")
    check = year_overview(db, 2026).budget
    assert not check.holds and "um 0,01 € überschritten" in check.message


def test_contract_year_and_late_proof_of_use_are_named(db):
    region, _budget, call = regional_budget_year(db)
    late = small_project(
        db,
        region,
        call,
        "Spät",
        1_000_00,
        800_00,
        status="abgeschlossen",
        contract_on=date(2025, 12, 30),
    )
    [line] = year_overview(db, 2026, today=date(2026, 10, 16)).projects
    assert line.id == late
    assert any("30.12.2025" in p for p in line.problems)
    assert any("Verwendungsnachweis fehlt" in p for p in line.problems)


def test_a_year_without_regional_budget_says_so(db):
    make_region(db)
    with pytest.raises(NotFoundError, match=r"Für 2031 ist kein Regionalbudget angelegt\."):
        year_overview(db, 2031)


def test_a_small_project_has_its_proof_date_as_deadline_and_no_leader_application_period(db):
    from regiodesk.services.deadlines import due_deadlines, lapse_due_projects

    region, _budget, call = regional_budget_year(db)
    small_project(
        db, region, call, "Gewählt", 1_000_00, 800_00, status="ausgewaehlt", lag_decision_on=date(2025, 2, 1)
    )
    small_project(
        db, region, call, "Vertrag", 1_000_00, 800_00, status="bewilligt", contract_on=date(2026, 3, 1)
    )
    today = date(2026, 10, 20)
    rows = due_deadlines(db, today=today)
    assert [(r.title, r.label) for r in rows] == [
        ("Vertrag", "Überfällig: Verwendungsnachweis Regionalbudget 2026 bis 15.10.2026")
    ]
    assert lapse_due_projects(db, today=today) == []  # selected long ago, but no LEADER application lapses


def test_a_small_project_binds_no_leader_budget_even_with_a_handlungsfeld(db):
    from regiodesk.db.models import ActionField
    from regiodesk.services.monitoring_figures import MonitoringService

    region, _budget, call = regional_budget_year(db)
    with db.transaction() as session:
        field = ActionField(
            code="HF 1", name="Dorf", funding_period_id=region["period"], planned_budget_cents=1
        )
        session.add(field)
        session.flush()
        field_id = field.id
    small_project(
        db,
        region,
        call,
        "Bänke",
        1_000_00,
        800_00,
        status="ausgewaehlt",
        action_field_id=field_id,
        lag_decision_on=date(2026, 2, 1),
    )
    report = MonitoringService(db).report(2026)
    assert report.projects == ()
    assert sum(line.committed_cents for line in report.budget.lines) == 0


def test_zuschuss_berechnen_for_a_small_project_uses_the_rate_cap_rounded_down(db):
    from regiodesk.services.grants import calculate_grant

    _region, _budget, call = regional_budget_year(db)
    values = {"call_id": call, "sponsor_type": "verein", "total_cost_gross_cents": 1_234_567}
    proposal = calculate_grant(db, values)
    # 80 % of 12.345,67 € is 9.876,536 €: 9.876,53 €, never a cent over the cap
    assert (proposal.rate_bp, proposal.grant_cents, proposal.warnings) == (8000, 987_653, ())
    assert "Regionalbudget 2026: höchstens 80 %" in proposal.explanation
    lower = calculate_grant(db, {**values, "funding_rate_bp": 5000})
    assert (lower.rate_bp, lower.grant_cents) == (5000, 617_283)  # 6.172,835 € rounded down
    higher = calculate_grant(db, {**values, "funding_rate_bp": 9000})
    assert higher.rate_bp == 8000 and "höher als der höchste Fördersatz" in higher.warnings[0]
    over = calculate_grant(db, {**values, "total_cost_gross_cents": 2_000_001})
    assert any("um 0,01 €" in w for w in over.warnings)
