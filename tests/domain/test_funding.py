"""Funding rules (DOMAIN.md rule 10): cost basis, grant, financing plan, public co-financing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.enums import SponsorType
from regiodesk.domain.errors import DomainError
from regiodesk.domain.funding import (
    BP_100_PERCENT,
    FundingRules,
    GrantResult,
    cofinancing_warnings,
    eligible_basis,
    euro,
    financing,
    grant,
    grant_for,
    percent,
    rate_for,
    required_public_cofinancing,
    uses_net_basis,
)
from regiodesk.i18n import format_cents

BAVARIA = {"produktiv": 3000, "nicht produktiv": 5000, "Kooperation": 6000}
RULES = FundingRules(BAVARIA, max_grant_cents=20_000_000)
LOWER_SAXONY = FundingRules(BAVARIA, private_cofinancing_required=True)


# --- formatting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (0, "0,00 €"),
        (5, "0,05 €"),
        (123450, "1.234,50 €"),
        (100_000_000_00, "100.000.000,00 €"),
        (-123450, "-1.234,50 €"),
    ],
)
def test_euro(cents, text):
    assert euro(cents) == text


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_euro_matches_the_ui_formatter(cents):
    assert euro(cents) == format_cents(cents)


@pytest.mark.parametrize(
    ("bp", "text"), [(2500, "25 %"), (2250, "22,5 %"), (3333, "33,33 %"), (5, "0,05 %"), (0, "0 %")]
)
def test_percent(bp, text):
    assert percent(bp) == text


# --- rules ------------------------------------------------------------------------------------------


def test_rules_are_frozen_and_the_rates_read_only():
    with pytest.raises(AttributeError):
        RULES.max_grant_cents = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        RULES.rates["produktiv"] = 1  # type: ignore[index]


def test_rules_take_stored_string_values_for_sponsor_types():
    rules = FundingRules(BAVARIA, net_basis_sponsors={"unternehmen", "verein"}, public_sponsors=["kommune"])
    assert rules.net_basis_sponsors == {SponsorType.COMPANY, SponsorType.ASSOCIATION}
    assert rules.public_sponsors == {SponsorType.MUNICIPALITY}


def test_rules_compare_by_value():
    assert FundingRules(dict(BAVARIA)) == FundingRules(dict(BAVARIA))


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"rates": {"produktiv": 10_001}}, "zwischen 0 % und 100 %"),
        ({"rates": {"produktiv": -1}}, "zwischen 0 % und 100 %"),
        ({"rates": {"produktiv": 30.0}}, "ganzen Basispunkten"),
        ({"rates": {" ": 3000}}, "ohne Projektart"),
        ({"rates": {"produktiv": 3000, "produktiv ": 4000}}, "zwei Fördersätze"),
        ({"max_grant_cents": -1}, "Höchstzuschuss"),
        ({"min_public_cofinancing_bp": 10_001}, "Mindestanteil"),
        ({"net_basis_sponsors": {"gmbh"}}, "Unbekannte Art des Projektträgers: „gmbh“"),
    ],
)
def test_invalid_rules_are_refused_in_german(kwargs, fragment):
    with pytest.raises(DomainError, match=fragment):
        FundingRules(**kwargs)


# --- rate_for ---------------------------------------------------------------------------------------


def test_rate_per_project_type():
    assert rate_for("produktiv", RULES) == 3000
    assert rate_for("nicht produktiv", RULES) == 5000
    assert rate_for("Kooperation", RULES) == 6000


def test_rate_ignores_surrounding_blanks_and_case():
    assert rate_for("  Kooperation ", RULES) == 6000
    assert rate_for("kooperation", RULES) == 6000


def test_case_insensitive_match_must_be_unique():
    rules = FundingRules({"Produktiv": 3000, "PRODUKTIV": 4000})
    assert rate_for("Produktiv", rules) == 3000
    with pytest.raises(DomainError):
        rate_for("produktiv", rules)


def test_unknown_project_type_names_the_known_ones_in_german_order():
    rules = FundingRules({"Vernetzung": 5000, "Ökologie": 6000, "Marketing": 3000})
    with pytest.raises(DomainError) as info:
        rate_for("Tourismus", rules)
    assert str(info.value) == (
        "Für die Projektart „Tourismus“ ist kein Fördersatz hinterlegt. "
        "Hinterlegt sind: „Marketing“, „Ökologie“, „Vernetzung“."
    )


def test_missing_project_type_and_missing_rates():
    with pytest.raises(DomainError, match="Die Projektart fehlt"):
        rate_for("", RULES)
    with pytest.raises(DomainError, match="noch keine Fördersätze"):
        rate_for("produktiv", FundingRules())


# --- eligible basis ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sponsor", "expected"),
    [
        (SponsorType.COMPANY, 100_000),
        ("unternehmen", 100_000),
        (SponsorType.MUNICIPALITY, 119_000),
        (SponsorType.ASSOCIATION, 119_000),
        (SponsorType.PRIVATE, 119_000),
        (SponsorType.CHURCH, 119_000),
        (SponsorType.OTHER_PUBLIC, 119_000),
        (SponsorType.OTHER, 119_000),
    ],
)
def test_companies_calculate_on_net_everyone_else_on_gross(sponsor, expected):
    assert eligible_basis(119_000, 100_000, sponsor, RULES) == expected


def test_a_project_type_can_force_the_net_basis():
    rules = FundingRules(BAVARIA, net_basis_project_types={" produktiv "})
    assert uses_net_basis("verein", rules, "produktiv")
    assert eligible_basis(119_000, 100_000, "verein", rules, project_type="produktiv") == 100_000
    assert eligible_basis(119_000, 100_000, "verein", rules, project_type="Kooperation") == 119_000


def test_net_basis_sponsors_are_configurable():
    rules = FundingRules(BAVARIA, net_basis_sponsors=frozenset())
    assert eligible_basis(119_000, 100_000, "unternehmen", rules) == 119_000


def test_net_equal_to_gross_is_fine():
    assert eligible_basis(50_000, 50_000, "unternehmen", RULES) == 50_000


def test_only_the_needed_amount_must_be_given():
    assert eligible_basis(None, 100_000, "unternehmen", RULES) == 100_000
    assert eligible_basis(119_000, None, "kommune", RULES) == 119_000


@pytest.mark.parametrize(
    ("gross", "net", "sponsor", "fragment"),
    [
        (119_000, None, "unternehmen", "Die Nettokosten fehlen"),
        (None, 100_000, "kommune", "Die Bruttokosten fehlen"),
        (100_000, 100_001, "kommune", r"Die Nettokosten \(1\.000,01 €\) sind höher als die Bruttokosten"),
        (-1, None, "kommune", "Bruttokosten: ein negativer Betrag"),
        (None, -1, "unternehmen", "Nettokosten: ein negativer Betrag"),
        (119_000, 100_000, None, "Die Art des Projektträgers fehlt"),
        (119_000, 100_000, "gmbh", "Unbekannte Art des Projektträgers"),
    ],
)
def test_eligible_basis_errors(gross, net, sponsor, fragment):
    with pytest.raises(DomainError, match=fragment):
        eligible_basis(gross, net, sponsor, RULES)


# --- grant ------------------------------------------------------------------------------------------


def test_grant_rounds_to_the_cent():
    # 33,33 % of 100,01 € = 33,333333 € -> 33,33 €
    assert grant(10_001, 3333) == GrantResult(3333, 3333, False)
    # 33,33 % of 100,02 € = 33,336666 € -> 33,34 €
    assert grant(10_002, 3333).amount == 3334


@pytest.mark.parametrize(
    ("eligible", "rate", "expected"),
    [
        (1, 5000, 1),  # 0,5 ct -> 1 ct
        (3, 5000, 2),  # 1,5 ct -> 2 ct
        (5, 5000, 3),  # 2,5 ct -> 3 ct (half up, not half even)
        (1, 4999, 0),  # 0,4999 ct -> 0 ct
        (7, 7143, 5),  # 5,0001 ct -> 5 ct
        (1_000_001, 5000, 500_001),  # 5.000,005 € -> 5.000,01 €
    ],
)
def test_grant_rounds_half_up(eligible, rate, expected):
    assert grant(eligible, rate).amount == expected


def test_zero_and_full_rate():
    assert grant(123_456, 0) == GrantResult(0, 0, False)
    assert grant(123_456, BP_100_PERCENT) == GrantResult(123_456, 123_456, False)
    assert grant(0, 6000) == GrantResult(0, 0, False)


def test_cap_exactly_at_the_limit_is_not_capped():
    assert grant(400_000, 5000, cap_cents=200_000) == GrantResult(200_000, 200_000, False)


def test_one_cent_above_the_cap_is_capped():
    assert grant(400_002, 5000, cap_cents=200_000) == GrantResult(200_000, 200_001, True)


def test_cap_zero_and_no_cap():
    assert grant(100, 5000, cap_cents=0) == GrantResult(0, 50, True)
    assert grant(10**12, 5000, cap_cents=None) == GrantResult(5 * 10**11, 5 * 10**11, False)


def test_grant_for_uses_the_rate_of_the_type_and_the_cap_of_the_rules():
    assert grant_for(100_000, "Kooperation", RULES) == GrantResult(60_000, 60_000, False)
    assert grant_for(100_000_000, "Kooperation", RULES) == GrantResult(20_000_000, 60_000_000, True)
    with pytest.raises(DomainError, match="kein Fördersatz"):
        grant_for(100_000, "Tourismus", RULES)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((-1, 5000, None), "Förderfähige Kosten: ein negativer Betrag"),
        ((100, 10_001, None), "zwischen 0 % und 100 %"),
        ((100, -1, None), "zwischen 0 % und 100 %"),
        ((100, 5000, -1), "Höchstzuschuss: ein negativer Betrag"),
        ((100.0, 5000, None), "ganzen Cent"),
        ((True, 5000, None), "ganzen Cent"),
        ((100, 50.5, None), "ganzen Basispunkten"),
    ],
)
def test_grant_refuses_invalid_input(args, fragment):
    with pytest.raises(DomainError, match=fragment):
        grant(*args)


money = st.integers(min_value=0, max_value=10**11)
rates = st.integers(min_value=0, max_value=BP_100_PERCENT)
caps = st.none() | money


@given(money, rates, caps)
def test_grant_properties(eligible, rate, cap):
    result = grant(eligible, rate, cap)
    exact = Decimal(eligible * rate) / BP_100_PERCENT
    assert result.uncapped == int(exact.quantize(Decimal(1), ROUND_HALF_UP))
    # never more than eligible × rate (up to the half cent of rounding), never more than the cap
    assert result.amount * BP_100_PERCENT <= eligible * rate + BP_100_PERCENT // 2
    assert result.amount <= result.uncapped <= eligible
    if cap is not None:
        assert result.amount <= cap
        assert result.capped == (result.uncapped > cap)
    else:
        assert not result.capped
    assert result.amount == (min(result.uncapped, cap) if cap is not None else result.uncapped)


# --- financing plan ---------------------------------------------------------------------------------


def test_a_plan_that_adds_up_has_no_warnings():
    assert financing(100_000, 50_000, 20_000, 30_000) == []
    assert financing(100_000, 50_000, None, 50_000) == []
    assert financing(0, 0) == []


def test_one_cent_missing():
    assert financing(100_000, 50_000, 20_000, 29_999) == [
        "Der Finanzierungsplan geht nicht auf: Zuschuss (500,00 €) + Kofinanzierung (200,00 €) + "
        "Eigenanteil (299,99 €) = 999,99 €, die Kosten betragen 1.000,00 €; es fehlen 0,01 €."
    ]


def test_financing_above_the_cost():
    (warning,) = financing(100_000, 50_000, 20_000, 30_001)
    assert warning.endswith("die Finanzierung übersteigt die Kosten um 0,01 €.")


def test_negative_own_share_and_grant_above_cost():
    warnings = financing(100_000, 120_000, 0, -20_000)
    assert warnings == [
        "Der Eigenanteil (-200,00 €) ist negativ.",
        "Der Zuschuss (1.200,00 €) ist höher als die Kosten (1.000,00 €).",
    ]


@given(money, money, money, money)
def test_financing_warns_exactly_when_the_sum_differs(total, grant_, cofinancing, own):
    warnings = financing(total, grant_, cofinancing, own)
    mismatch = any("geht nicht auf" in w for w in warnings)
    assert mismatch == (grant_ + cofinancing + own != total)


# --- public co-financing ----------------------------------------------------------------------------


def test_cofinancing_exactly_25_percent_holds():
    assert cofinancing_warnings("verein", 500_000, 125_000, LOWER_SAXONY) == []


def test_cofinancing_one_cent_short_warns():
    assert cofinancing_warnings("verein", 500_000, 124_999, LOWER_SAXONY) == [
        "Die öffentliche Kofinanzierung (1.249,99 €) beträgt weniger als 25 % des LEADER-Zuschusses "
        "(5.000,00 €); erforderlich sind mindestens 1.250,00 €."
    ]


def test_the_example_of_the_issue():
    assert cofinancing_warnings(SponsorType.PRIVATE, 500_000, 100_000, LOWER_SAXONY) == [
        "Die öffentliche Kofinanzierung (1.000,00 €) beträgt weniger als 25 % des LEADER-Zuschusses "
        "(5.000,00 €); erforderlich sind mindestens 1.250,00 €."
    ]


def test_required_share_is_rounded_up_because_it_is_a_minimum():
    # 25 % of 5.000,01 € = 1.250,0025 € -> at least 1.250,01 €
    assert required_public_cofinancing("verein", 500_001, LOWER_SAXONY) == 125_001
    assert cofinancing_warnings("verein", 500_001, 125_000, LOWER_SAXONY) != []
    assert cofinancing_warnings("verein", 500_001, 125_001, LOWER_SAXONY) == []
    assert required_public_cofinancing("verein", 1, LOWER_SAXONY) == 1


def test_missing_cofinancing_counts_as_zero():
    assert cofinancing_warnings("unternehmen", 400, None, LOWER_SAXONY)[0].startswith(
        "Die öffentliche Kofinanzierung (0,00 €)"
    )
    assert cofinancing_warnings("unternehmen", 0, None, LOWER_SAXONY) == []


@pytest.mark.parametrize("sponsor", [SponsorType.MUNICIPALITY, SponsorType.OTHER_PUBLIC])
def test_public_sponsors_bring_their_own_public_money(sponsor):
    assert required_public_cofinancing(sponsor, 500_000, LOWER_SAXONY) == 0
    assert cofinancing_warnings(sponsor, 500_000, 0, LOWER_SAXONY) == []


def test_without_the_rule_nobody_needs_cofinancing():
    assert required_public_cofinancing("privatperson", 500_000, RULES) == 0
    assert cofinancing_warnings("privatperson", 500_000, 0, RULES) == []


def test_the_rule_can_apply_to_project_types_only():
    rules = FundingRules(BAVARIA, cofinancing_project_types={"produktiv"})
    assert required_public_cofinancing("verein", 400_000, rules, "produktiv") == 100_000
    assert required_public_cofinancing("verein", 400_000, rules, "Kooperation") == 0


def test_share_and_public_sponsors_are_configurable():
    rules = FundingRules(
        BAVARIA,
        private_cofinancing_required=True,
        min_public_cofinancing_bp=2250,
        public_sponsors={"kommune", "kirche"},
    )
    assert required_public_cofinancing("kirche", 400_000, rules) == 0
    (warning,) = cofinancing_warnings("verein", 400_000, 0, rules)
    assert "weniger als 22,5 % des LEADER-Zuschusses (4.000,00 €); erforderlich sind mindestens 900,00 €" in (
        warning
    )


def test_cofinancing_refuses_negative_amounts():
    with pytest.raises(DomainError, match="Zuschuss: ein negativer Betrag"):
        cofinancing_warnings("verein", -1, 0, LOWER_SAXONY)
    with pytest.raises(DomainError, match="Öffentliche Kofinanzierung: ein negativer Betrag"):
        cofinancing_warnings("verein", 100, -1, LOWER_SAXONY)


@given(money, money, st.integers(min_value=0, max_value=BP_100_PERCENT))
def test_cofinancing_warns_exactly_below_the_share(grant_, public, share):
    rules = FundingRules(private_cofinancing_required=True, min_public_cofinancing_bp=share)
    warned = bool(cofinancing_warnings("verein", grant_, public, rules))
    assert warned == (public * BP_100_PERCENT < grant_ * share)
