"""Zuschuss berechnen, funding warnings and payments, as the project form and the payment list use them."""

from __future__ import annotations

from datetime import date

import pytest
from project_helpers import make_region, new_project
from sqlalchemy import func, select

from regiodesk.db.models import FundingPeriod, Payment, RegionSettings
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.services.grants import calculate_grant, project_funding_warnings
from regiodesk.services.payments import PaymentService
from regiodesk.services.project_pipeline import ProjectPipeline

TODAY = date(2026, 11, 20)


@pytest.fixture
def region(db):
    return make_region(db)


def test_grant_is_rate_times_eligible_cost_rounded_half_up_to_the_cent(db, region):
    proposal = calculate_grant(
        db,
        {
            "sponsor_type": "verein",
            "project_type": "nicht produktiv",
            "total_cost_gross_cents": 100_001,
            "total_cost_net_cents": 84_035,
        },
    )
    # Gross basis for a Verein; 1.000,01 € × 50 % = 500,005 € → 500,01 €.
    assert not proposal.net_basis and proposal.eligible_cents == 100_001
    assert (proposal.rate_bp, proposal.grant_cents, proposal.capped) == (5000, 50_001, False)
    assert proposal.own_share_cents == 50_000
    assert proposal.explanation == "1.000,01 € förderfähige Kosten (brutto) × 50 % = 500,01 €."
    assert proposal.warnings == ()
    assert proposal.values() == {
        "eligible_cost_cents": 100_001,
        "funding_rate_bp": 5000,
        "grant_cents": 50_001,
        "own_share_cents": 50_000,
    }


def test_company_on_net_cost_and_the_cap_of_the_period(db, region):
    proposal = calculate_grant(
        db,
        {
            "sponsor_type": "unternehmen",
            "project_type": "produktiv",
            "total_cost_gross_cents": 1_190_000_00,
            "total_cost_net_cents": 1_000_000_00,
        },
    )
    assert proposal.net_basis and proposal.cost_basis_cents == 1_000_000_00
    assert proposal.uncapped_cents == 300_000_00 and proposal.capped
    assert proposal.grant_cents == proposal.cap_cents == 200_000_00
    assert "begrenzt auf den Höchstzuschuss von 200.000,00 €" in proposal.explanation
    # Exactly at the cap is not "capped".
    at_cap = calculate_grant(
        db, {"sponsor_type": "unternehmen", "project_type": "produktiv", "total_cost_net_cents": 666_666_67}
    )
    assert (at_cap.grant_cents, at_cap.capped) == (200_000_00, False)


def test_missing_values_are_explained(db, region):
    with pytest.raises(DomainError, match="Art des Projektträgers"):
        calculate_grant(db, {"project_type": "produktiv", "total_cost_gross_cents": 100})
    with pytest.raises(DomainError, match="Nettokosten fehlen"):
        calculate_grant(
            db, {"sponsor_type": "unternehmen", "project_type": "produktiv", "total_cost_gross_cents": 1}
        )
    with pytest.raises(DomainError, match="kein Fördersatz hinterlegt"):
        calculate_grant(db, {"sponsor_type": "verein", "project_type": "Sonder", "total_cost_gross_cents": 1})


def test_cofinancing_and_rate_warnings(db, region):
    proposal = calculate_grant(
        db,
        {
            "sponsor_type": "verein",
            "project_type": "Kooperation",
            "total_cost_gross_cents": 100_000_00,
            "funding_rate_bp": 5500,
            "cofinancing_cents": 10_000_00,
        },
    )
    assert proposal.grant_cents == 60_000_00 and proposal.required_public_cofinancing_cents == 15_000_00
    assert any("weicht vom Fördersatz für „Kooperation“ (60 %) ab" in w for w in proposal.warnings)
    assert any("erforderlich sind mindestens 15.000,00 €" in w for w in proposal.warnings)


def test_the_rate_of_the_project_type_wins_whatever_the_case_of_its_name(db, region):
    values = {"sponsor_type": "verein", "total_cost_gross_cents": 100_000_00, "funding_rate_bp": 8000}
    proposal = calculate_grant(db, values | {"project_type": "Nicht Produktiv"})
    assert (proposal.rate_bp, proposal.grant_cents) == (5000, 50_000_00)  # not the typed 80 %
    assert any("weicht vom Fördersatz für „Nicht Produktiv“ (50 %) ab" in w for w in proposal.warnings)
    unknown = calculate_grant(db, values | {"project_type": "Sonder"})
    assert (unknown.rate_bp, unknown.grant_cents) == (8000, 80_000_00)
    assert any("Für die Projektart „Sonder“ ist kein Fördersatz hinterlegt" in w for w in unknown.warnings)


def _cofinancing(db, region, *, share=None, required=None, period_share=None):
    with db.transaction() as session:
        settings = session.scalar(select(RegionSettings))
        if share is not None:
            settings.cofinancing_share_bp = share
        if required is not None:
            settings.private_needs_public_cofinancing = required
        session.get(FundingPeriod, region["period"]).cofinancing_share_bp = period_share


VEREIN_100K = {
    "sponsor_type": "verein",
    "project_type": "nicht produktiv",
    "total_cost_gross_cents": 100_000_00,
}


def test_public_cofinancing_follows_the_region_and_the_funding_period(db, region):
    # by default only the rate marked for it (Kooperation) needs co-financing, at 25 %
    assert calculate_grant(db, VEREIN_100K).required_public_cofinancing_cents == 0
    _cofinancing(db, region, required=True)  # Lower Saxony: every private sponsor
    assert calculate_grant(db, VEREIN_100K).required_public_cofinancing_cents == 12_500_00  # 25 % of 50.000 €
    _cofinancing(db, region, share=3000)
    proposal = calculate_grant(db, VEREIN_100K | {"cofinancing_cents": 14_999_99})
    assert proposal.required_public_cofinancing_cents == 15_000_00
    assert any("weniger als 30 % des LEADER-Zuschusses" in w for w in proposal.warnings)
    _cofinancing(db, region, period_share=2000)  # the period's own share overrides the region's
    assert calculate_grant(db, VEREIN_100K).required_public_cofinancing_cents == 10_000_00
    _cofinancing(db, region, period_share=0)  # 0 % is a share, not "unset"
    assert calculate_grant(db, VEREIN_100K).required_public_cofinancing_cents == 0
    assert (
        calculate_grant(db, VEREIN_100K | {"sponsor_type": "kommune"}).required_public_cofinancing_cents == 0
    )
    _cofinancing(db, region, required=False, period_share=None)
    assert calculate_grant(db, VEREIN_100K).required_public_cofinancing_cents == 0
    kooperation = VEREIN_100K | {"project_type": "Kooperation"}  # 60 % = 60.000 €, 30 % of it
    assert calculate_grant(db, kooperation).required_public_cofinancing_cents == 18_000_00


def test_saved_project_warns_with_the_regions_share(db, region):
    _cofinancing(db, region, share=3000, required=True)
    project = new_project(db, grant_cents=50_000_00, cofinancing_cents=12_500_00, **VEREIN_100K)
    assert any("weniger als 30 %" in w for w in project_funding_warnings(db, project))


def test_warnings_of_a_saved_project(db, region):
    project = new_project(
        db,
        sponsor_type="verein",
        project_type="nicht produktiv",
        total_cost_gross_cents=100_000_00,
        eligible_cost_cents=80_000_00,
        funding_rate_bp=5000,
        grant_cents=41_000_00,
        own_share_cents=50_000_00,
    )
    warnings = project_funding_warnings(db, project)
    assert warnings[0].startswith("Der Zuschuss (41.000,00 €) ist höher als berechnet: 80.000,00 € × 50 %")
    assert any("Der Finanzierungsplan geht nicht auf" in w for w in warnings)
    fine = new_project(
        db,
        sponsor_type="verein",
        project_type="nicht produktiv",
        total_cost_gross_cents=100_000_00,
        eligible_cost_cents=80_000_00,
        funding_rate_bp=5000,
        grant_cents=40_000_00,
        own_share_cents=60_000_00,
    )
    assert project_funding_warnings(db, fine) == []


@pytest.fixture
def approved(db, region):
    project = new_project(db, status="antrag_gestellt", grant_cents=10_000_00)
    ProjectPipeline(db).change_status(project, "bewilligt", date(2026, 2, 1), today=TODAY)
    return project


def _payment_count(db, project):
    with db.session() as session:
        return session.scalar(
            select(func.count()).where(Payment.project_id == project, Payment.deleted_at.is_(None))
        )


def test_partial_and_final_payments_up_to_the_grant(db, approved):
    payments = PaymentService(db)
    payments.add(approved, date(2026, 3, 1), 4_000_00, note="1. Teilzahlung")
    payments.add(approved, date(2026, 6, 1), 5_000_00)
    summary = payments.summary(approved)
    assert (summary.paid_cents, summary.remaining_cents, summary.count) == (9_000_00, 1_000_00, 2)
    assert summary.text == "2 Zahlungen, 9.000,00 € von 10.000,00 € ausgezahlt (90 %)"
    with pytest.raises(ValidationError) as error:
        payments.add(approved, date(2026, 7, 1), 1_000_01, final=True)
    assert error.value.errors["amount_cents"] == (
        "Mit 1.000,01 € würden insgesamt 10.000,01 € ausgezahlt, mehr als der Zuschuss von 10.000,00 €; "
        "möglich sind höchstens noch 1.000,00 €."
    )
    assert _payment_count(db, approved) == 2
    payments.add(approved, date(2026, 7, 1), 1_000_00, final=True)
    assert payments.summary(approved).remaining_cents == 0
    with pytest.raises(DomainError, match=r"Nach der Schlusszahlung am 01\.07\.2026"):
        payments.add(approved, date(2026, 8, 1), 1)
    assert [p.final for p in payments.payments(approved)] == [False, False, True]


def test_editing_a_payment_is_checked_like_a_new_one(db, approved):
    payments = PaymentService(db)
    first = payments.add(approved, date(2026, 3, 1), 6_000_00)
    payments.add(approved, date(2026, 4, 1), 4_000_00)
    with pytest.raises(ValidationError, match="mehr als der Zuschuss"):
        payments.update(first, date(2026, 3, 1), 6_000_01)
    payments.update(first, date(2026, 3, 2), 5_000_00, note="korrigiert")
    assert payments.summary(approved).paid_cents == 9_000_00
    payments.delete(first)
    assert payments.summary(approved).paid_cents == 4_000_00


def test_no_payment_before_approval_or_without_grant(db, region, approved):
    payments = PaymentService(db)
    idea = new_project(db, grant_cents=5_000_00)
    with pytest.raises(DomainError, match="erst nach der Bewilligung"):
        payments.add(idea, date(2026, 3, 1), 100)
    with pytest.raises(ValidationError, match=r"liegt vor der Bewilligung am 01\.02\.2026"):
        payments.add(approved, date(2026, 1, 31), 100)
    with pytest.raises(ValidationError, match="größer als 0"):
        payments.add(approved, date(2026, 3, 1), 0)
    assert _payment_count(db, approved) == 0


def test_proof_of_use_closes_the_course(db, approved):
    pipeline = ProjectPipeline(db)
    pipeline.change_status(approved, "in_umsetzung", date(2026, 2, 15), today=TODAY)
    pipeline.change_status(approved, "abgeschlossen", date(2026, 8, 31), today=TODAY)
    with pytest.raises(DomainError, match="in der Zukunft"):
        pipeline.record_proof_of_use(approved, date(2099, 1, 1))
    pipeline.record_proof_of_use(approved, date(2026, 10, 1), by="Bewilligungsstelle")
    assert pipeline.status(approved) == "vn_geprueft"
    # A payment after the proof of use (the final payment) is still possible.
    PaymentService(db).add(approved, date(2026, 10, 20), 10_000_00, final=True)


def test_rates_are_edited_per_period_and_used_at_once(db, region):
    from regiodesk.services.funding_periods import FundingPeriodService, FundingRateService

    rates = FundingRateService(db, region["period"])
    assert [r.values[:2] for r in rates.rows()] == [
        ("Kooperation", 6000),
        ("nicht produktiv", 5000),
        ("produktiv", 3000),
    ]
    with pytest.raises(ValidationError, match="schon ein Fördersatz"):
        rates.create(rates.defaults() | {"project_type": "Produktiv ", "rate_bp": 3500})
    rates.create(rates.defaults() | {"project_type": "Sonder", "rate_bp": 4000})
    values = {"sponsor_type": "verein", "project_type": "Sonder", "total_cost_gross_cents": 10_000}
    assert calculate_grant(db, values).grant_cents == 4_000
    periods = FundingPeriodService(db)
    periods.update(region["period"], {"max_grant_per_project_cents": 1_000})
    assert calculate_grant(db, values).grant_cents == 1_000
    with pytest.raises(ValidationError, match="Ende liegt vor dem Beginn"):
        periods.update(region["period"], {"ends_on": date(2020, 1, 1)})
