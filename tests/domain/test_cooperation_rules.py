"""Cooperation projects: the partners' shares add up to the cent; one lead partner."""

from __future__ import annotations

import pytest

from regiodesk.domain.cooperation import (
    PartnerShare,
    lead_partner,
    over_allocated,
    share_problems,
)
from regiodesk.domain.errors import DomainError
from regiodesk.domain.funding import share_bp

A = PartnerShare("LAG Altmühl", 3_000_000, 1_800_000)
B = PartnerShare("GAL Tirol", 2_000_000, 1_000_000, lead=True)


def test_shares_that_add_up_to_the_cent_hold():
    assert share_problems(10_000_000, 5_000_000, [A, B]) == []


def test_shares_one_cent_short_name_the_missing_amount():
    [problem] = share_problems(10_000_001, 5_000_000, [A, B])
    assert "gehen nicht auf" in problem and "es fehlen 0,01 €" in problem


def test_shares_over_the_total_are_over_allocated():
    assert over_allocated(10_000_000, 5_000_000, [A, B]) == ""
    message = over_allocated(9_999_999, 5_000_000, [A, B])
    assert "zu viel: 0,01 €" in message
    assert share_problems(9_999_999, 5_000_000, [A, B]) == [message]


def test_a_partner_without_cost_share_is_named_when_shares_are_missing():
    problems = share_problems(10_000_000, 5_000_000, [A, PartnerShare("LAG Neu")])
    assert any("Ohne Kostenanteil: LAG Neu" in p for p in problems)


def test_a_partner_grant_above_its_cost_share_is_refused():
    problems = share_problems(None, 0, [PartnerShare("X", 100, 101)])
    assert "höher als der Kostenanteil" in problems[0]
    assert share_problems(None, 0, [PartnerShare("X", 100, 100)]) == [
        "Die Gesamtkosten aller Partner fehlen; die Kostenanteile sind nicht geprüft."
    ]


def test_only_one_lead_partner_and_this_region_leads_without_one():
    problems = share_problems(10_000_000, 5_000_000, [PartnerShare("A", 3_000_000, lead=True), B])
    assert problems == ["Federführend kann nur ein Partner sein; markiert sind: A, GAL Tirol."]
    assert lead_partner([A, B], "LAG Eigene") == "GAL Tirol"
    assert lead_partner([A], "LAG Eigene") == "LAG Eigene"


def test_a_cooperation_without_partners_says_so():
    assert share_problems(None, 0, []) == ["Für das Kooperationsprojekt ist noch kein Partner eingetragen."]


def test_share_in_percent_rounds_half_up_to_the_basis_point():
    assert share_bp(1, 3) == 3333
    assert share_bp(2, 3) == 6667
    assert share_bp(5, 0) == 0


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_amounts_are_whole_non_negative_cents(bad):
    with pytest.raises(DomainError):
        PartnerShare("X", bad)
