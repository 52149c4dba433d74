"""Voting rules of a LAG meeting (DOMAIN.md rules 1–5)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from regiodesk.domain.voting import (
    DEFAULT_RULES,
    NO_GROUP_LABEL,
    Attendance,
    AttendanceStatus,
    RequiredMajority,
    RulesOfProcedure,
    Seat,
    VoteChoice,
    VoteCountError,
    Voter,
    VoteResult,
    double_quorum,
    entitled_voters,
    evaluate_vote,
    evaluate_written_procedure,
    format_percent,
    groups_sentence,
    majority,
    meeting_quorum,
    one_vote_problems,
    protocol_sentence,
    seats_present,
)

PRESENT = AttendanceStatus.PRESENT
REPRESENTED = AttendanceStatus.REPRESENTED
ABSENT = AttendanceStatus.ABSENT
EXCUSED = AttendanceStatus.EXCUSED
PUBLIC = "Öffentlicher Sektor"
TWO_THIRDS = RequiredMajority.TWO_THIRDS
SENTENCE_18 = (
    "stimmberechtigt 18, davon WiSo-Partner 10 (55,6 %); "
    "größte Interessengruppe Öffentlicher Sektor 8 (44,4 %)"
)


def seat(member_id: int, group: str = "Wirtschaft", public: bool = False, deputy: int | None = None) -> Seat:
    return Seat(
        member_id, f"Mitglied {member_id}", group, public, deputy, f"Vertretung {deputy}" if deputy else ""
    )


def voter(member_id: int, group: str, public: bool = False) -> Voter:
    return Voter(member_id, f"Mitglied {member_id}", group, public)


def voters_of(spec: dict[tuple[str, bool], int]) -> list[Voter]:
    """Voters from ``{(group, public): count}``."""
    result: list[Voter] = []
    for (group, public), count in spec.items():
        result.extend(voter(len(result) + i, group, public) for i in range(count))
    return result


def all_present(seats: list[Seat]) -> list[Attendance]:
    return [Attendance(s.member_id, PRESENT) for s in seats]


def leader_body() -> list[Seat]:
    """25 seats: 10 public sector (ids 1–10), 15 WiSo in three groups of five (ids 11–25)."""
    seats = [seat(i, PUBLIC, True, deputy=100 + i) for i in range(1, 11)]
    groups = ["Wirtschaft", "Soziales", "Umwelt"]
    seats += [seat(i, groups[(i - 11) // 5], False, deputy=100 + i) for i in range(11, 26)]
    return seats


# --- rules of procedure ------------------------------------------------------------------------


def test_rules_defaults():
    rules = RulesOfProcedure()
    assert rules.quorum_share == Fraction(1, 2)
    assert rules.double_quorum is True
    assert rules.min_non_public_share == Fraction(1, 2)
    assert rules.max_group_share == Fraction(49, 100)
    assert rules.notice_days == 7
    assert rules == DEFAULT_RULES


def test_rules_coerce_to_fraction_and_reject_bad_shares():
    assert RulesOfProcedure(quorum_share=1).quorum_share == Fraction(1)
    assert isinstance(RulesOfProcedure(quorum_share=1).quorum_share, Fraction)
    with pytest.raises(ValueError, match="Ungültiger Anteil"):
        RulesOfProcedure(max_group_share=Fraction(3, 2))
    with pytest.raises(ValueError, match="Ungültiger Anteil"):
        RulesOfProcedure(quorum_share=Fraction(-1, 2))
    with pytest.raises(ValueError, match="Ladungsfrist"):
        RulesOfProcedure(notice_days=-1)


def test_enum_labels_are_german_and_values_stable():
    assert VoteResult.ADOPTED.label == "angenommen"
    assert VoteResult.REJECTED.label == "abgelehnt"
    assert VoteResult.NOT_QUORATE.label == "nicht beschlussfähig"
    assert VoteResult.NOT_QUORATE.value == "nicht_beschlussfaehig"
    assert VoteChoice("keine_rueckmeldung").label == "keine Rückmeldung"
    assert RequiredMajority("zwei_drittel") is TWO_THIRDS
    assert Attendance(1, "vertreten").status is REPRESENTED


# --- who is present and entitled ------------------------------------------------------------------


def test_member_in_person_is_a_voter():
    seats = [seat(1, PUBLIC, True, deputy=101)]
    [v] = seats_present(seats, [Attendance(1, PRESENT)])
    assert (v.member_id, v.by_deputy, v.person_id, v.interest_group, v.public_sector) == (
        1,
        False,
        1,
        PUBLIC,
        True,
    )


def test_deputy_marked_on_member_row_counts_for_member():
    seats = [seat(1, PUBLIC, True, deputy=101)]
    [v] = seats_present(seats, [Attendance(1, REPRESENTED)])
    assert v.member_id == 1
    assert v.by_deputy is True
    assert v.person_id == 101
    assert v.interest_group == PUBLIC
    assert v.public_sector is True


def test_deputy_on_own_row_counts_for_absent_member():
    seats = [seat(1, "Umwelt", False, deputy=101)]
    [v] = seats_present(seats, [Attendance(1, EXCUSED), Attendance(101, PRESENT)])
    assert (v.member_id, v.by_deputy, v.interest_group, v.public_sector) == (1, True, "Umwelt", False)


def test_member_without_personal_deputy_cannot_be_represented():
    # Only the personal deputy may stand in (rule 1); a seat without one stays empty.
    assert seats_present([seat(1)], [Attendance(1, REPRESENTED)]) == []
    assert seats_present([seat(1)], [Attendance(1, REPRESENTED, represented_by=555)]) == []


@pytest.mark.parametrize(
    "rows",
    [
        [Attendance(1, PRESENT), Attendance(101, PRESENT)],
        [Attendance(1, PRESENT), Attendance(1, REPRESENTED)],
        [Attendance(1, PRESENT), Attendance(1, REPRESENTED), Attendance(101, PRESENT)],
        [Attendance(1, REPRESENTED), Attendance(101, PRESENT)],
        [Attendance(1, PRESENT), Attendance(1, PRESENT)],
    ],
)
def test_member_and_deputy_both_listed_count_once(rows):
    seats = [seat(1, deputy=101)]
    present = seats_present(seats, rows)
    assert len(present) == 1
    assert present[0].member_id == 1
    assert meeting_quorum(1, len(present)).present == 1


def test_member_in_person_wins_over_deputy():
    [v] = seats_present([seat(1, deputy=101)], [Attendance(101, PRESENT), Attendance(1, PRESENT)])
    assert v.by_deputy is False


@pytest.mark.parametrize("status", [ABSENT, EXCUSED])
def test_absent_or_excused_member_without_deputy_is_not_counted(status):
    assert seats_present([seat(1, deputy=101)], [Attendance(1, status)]) == []


def test_deputy_absent_does_not_count():
    assert seats_present([seat(1, deputy=101)], [Attendance(1, EXCUSED), Attendance(101, ABSENT)]) == []


def test_rows_of_guests_and_other_bodies_are_ignored():
    assert seats_present([seat(1)], [Attendance(999, PRESENT), Attendance(998, REPRESENTED)]) == []


def test_member_who_left_counts_for_earlier_items_only():
    seats = [seat(1), seat(2)]
    rows = [Attendance(1, PRESENT, until_item=3), Attendance(2, PRESENT)]
    assert [v.member_id for v in seats_present(seats, rows, item=1)] == [1, 2]
    assert [v.member_id for v in seats_present(seats, rows, item=3)] == [1, 2]
    assert [v.member_id for v in seats_present(seats, rows, item=4)] == [2]


def test_member_arriving_late_counts_from_arrival_on():
    seats = [seat(1), seat(2)]
    rows = [Attendance(1, PRESENT, from_item=5), Attendance(2, PRESENT)]
    assert [v.member_id for v in seats_present(seats, rows, item=4)] == [2]
    assert [v.member_id for v in seats_present(seats, rows, item=5)] == [1, 2]
    assert [v.member_id for v in seats_present(seats, rows, item=9)] == [1, 2]


def test_without_item_the_timing_is_ignored():
    rows = [Attendance(1, PRESENT, from_item=5, until_item=6)]
    assert len(seats_present([seat(1)], rows)) == 1


def test_deputy_takes_over_after_member_left():
    seats = [seat(1, deputy=101)]
    rows = [Attendance(1, PRESENT, until_item=3), Attendance(101, PRESENT, from_item=4)]
    assert seats_present(seats, rows, item=3)[0].by_deputy is False
    assert seats_present(seats, rows, item=4)[0].by_deputy is True
    assert len(seats_present(seats, rows, item=4)) == 1


def test_represented_row_timing_applies_to_deputy():
    seats = [seat(1, deputy=101)]
    rows = [Attendance(1, REPRESENTED, from_item=2, until_item=4)]
    assert seats_present(seats, rows, item=1) == []
    assert len(seats_present(seats, rows, item=2)) == 1
    assert seats_present(seats, rows, item=5) == []


def test_deputy_who_is_a_member_present_in_own_seat_does_not_fill_a_second_seat():
    seats = [seat(1, deputy=2), seat(2)]
    present = seats_present(seats, [Attendance(1, REPRESENTED), Attendance(2, PRESENT)])
    assert [(v.member_id, v.by_deputy) for v in present] == [(2, False)]


def test_deputy_shared_by_two_members_fills_one_seat():
    seats = [seat(1, deputy=101), seat(2, deputy=101)]
    present = seats_present(seats, [Attendance(101, PRESENT)])
    assert [v.member_id for v in present] == [1]


def test_attendance_leaving_before_arriving_is_rejected():
    with pytest.raises(ValueError, match="Gehen"):
        Attendance(1, PRESENT, from_item=4, until_item=3)


def test_duplicate_seats_are_rejected():
    with pytest.raises(ValueError, match="mehrfach"):
        seats_present([seat(1), seat(1)], [])


def test_conflicted_member_is_excluded():
    seats = [seat(1), seat(2), seat(3)]
    voters = entitled_voters(seats, all_present(seats), conflicts={2})
    assert [v.member_id for v in voters] == [1, 3]


def test_conflicted_deputy_excludes_the_seat():
    seats = [seat(1, deputy=101), seat(2)]
    rows = [Attendance(101, PRESENT), Attendance(2, PRESENT)]
    assert [v.member_id for v in entitled_voters(seats, rows, conflicts={101})] == [2]


def test_member_conflict_excludes_the_seat_even_when_deputy_sits_in():
    seats = [seat(1, deputy=101), seat(2)]
    rows = [Attendance(1, REPRESENTED), Attendance(2, PRESENT)]
    assert [v.member_id for v in entitled_voters(seats, rows, conflicts={1})] == [2]


def test_conflict_of_an_absent_member_changes_nothing():
    seats = [seat(1), seat(2)]
    assert len(entitled_voters(seats, [Attendance(1, PRESENT)], conflicts={2})) == 1


def test_conflict_only_matters_for_its_item_and_departure_per_item():
    seats = [seat(1), seat(2), seat(3)]
    rows = [Attendance(1, PRESENT, until_item=2), Attendance(2, PRESENT), Attendance(3, PRESENT)]
    assert [v.member_id for v in entitled_voters(seats, rows, {3}, item=2)] == [1, 2]
    assert [v.member_id for v in entitled_voters(seats, rows, set(), item=3)] == [2, 3]


# --- rule 1: meeting quorum -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "present", "holds"),
    [
        (20, 10, True),
        (20, 9, False),
        (25, 13, True),
        (25, 12, False),
        (1, 1, True),
        (1, 0, False),
        (2, 1, True),
    ],
)
def test_meeting_quorum_exactly_half_holds(total, present, holds):
    result = meeting_quorum(total, present)
    assert result.holds is holds
    assert result.share == Fraction(present, total)
    assert (result.total, result.present, result.required_share) == (total, present, Fraction(1, 2))


def test_meeting_quorum_zero_members_or_zero_present_fails():
    assert meeting_quorum(0, 0).holds is False
    assert meeting_quorum(0, 0).share == 0
    assert meeting_quorum(10, 0).holds is False


def test_body_without_members_is_never_quorate_even_with_zero_quorum():
    rules = RulesOfProcedure(quorum_share=Fraction(0))
    assert meeting_quorum(0, 0, rules).holds is False
    assert meeting_quorum(3, 0, rules).holds is True


def test_meeting_quorum_with_custom_share():
    rules = RulesOfProcedure(quorum_share=Fraction(2, 3))
    assert meeting_quorum(9, 6, rules).holds is True
    assert meeting_quorum(9, 5, rules).holds is False


def test_meeting_quorum_rejects_impossible_numbers():
    with pytest.raises(VoteCountError, match="nicht 11 von 10"):
        meeting_quorum(10, 11)
    with pytest.raises(ValueError, match="negativ"):
        meeting_quorum(10, -1)
    with pytest.raises(ValueError, match="negativ"):
        meeting_quorum(-1, 0)


# --- rule 2: double quorum --------------------------------------------------------------------------


def test_exactly_half_wiso_holds():
    result = double_quorum(voters_of({(PUBLIC, True): 5, ("Wirtschaft", False): 3, ("Umwelt", False): 2}))
    assert result.wiso == 5
    assert result.wiso_share == Fraction(1, 2)
    assert result.wiso_holds is True


def test_wiso_one_short_of_half_fails():
    result = double_quorum(voters_of({(PUBLIC, True): 4, ("Kommunen", True): 1, ("Umwelt", False): 4}))
    assert result.wiso_share == Fraction(4, 9)
    assert result.wiso_holds is False
    assert result.holds is False


def _group_case(largest: int, total: int) -> list[Voter]:
    """``largest`` voters in group A, the rest in groups of at most ``largest`` members; half WiSo-ish."""
    spec: dict[tuple[str, bool], int] = {("A", False): largest}
    rest, index = total - largest, 0
    while rest:
        size = min(rest, largest)
        spec[(f"B{index:03d}", False)] = size
        rest -= size
        index += 1
    return voters_of(spec)


def test_group_at_49_percent_holds():
    result = double_quorum(_group_case(49, 100))
    assert (result.largest_group, result.largest_group_count, result.voters) == ("A", 49, 100)
    assert result.largest_group_share == Fraction(49, 100)
    assert result.group_holds is True
    assert result.holds is True


def test_group_at_49_point_1_percent_fails():
    result = double_quorum(_group_case(491, 1000))
    assert result.largest_group_share == Fraction(491, 1000)
    assert result.group_holds is False
    assert result.holds is False


def test_group_at_half_fails_and_just_below_49_holds():
    assert double_quorum(_group_case(50, 100)).group_holds is False
    assert double_quorum(_group_case(489, 1000)).group_holds is True


def test_public_sector_is_an_interest_group_too():
    voters = voters_of({(PUBLIC, True): 9, ("Wirtschaft", False): 5, ("Soziales", False): 4})
    result = double_quorum(voters)
    assert result.wiso_holds is True
    assert result.largest_group == PUBLIC
    assert result.group_holds is False


def test_largest_group_tie_is_alphabetical():
    voters = voters_of({("Wirtschaft", False): 3, ("Soziales", False): 3, ("Umwelt", False): 3})
    assert double_quorum(voters).largest_group == "Soziales"
    assert double_quorum(list(reversed(voters))).largest_group == "Soziales"


def test_largest_group_tie_ignores_case():
    voters = voters_of({("Wirtschaft", False): 2, ("umwelt", False): 2})
    assert double_quorum(voters).largest_group == "umwelt"


def test_double_quorum_zero_voters_does_not_hold_even_with_lax_rules():
    rules = RulesOfProcedure(min_non_public_share=Fraction(0), max_group_share=Fraction(1))
    assert double_quorum([], rules).holds is False


def test_blank_interest_group_is_its_own_labelled_group():
    voters = [voter(1, "  "), voter(2, ""), voter(3, "Umwelt")]
    result = double_quorum(voters)
    assert result.largest_group == NO_GROUP_LABEL
    assert result.group_counts == {NO_GROUP_LABEL: 2, "Umwelt": 1}


def test_double_quorum_zero_voters_does_not_hold():
    result = double_quorum([])
    assert (result.voters, result.wiso, result.largest_group, result.largest_group_count) == (0, 0, "", 0)
    assert result.wiso_holds is False
    assert result.group_holds is False
    assert result.holds is False


def test_double_quorum_with_custom_rules():
    rules = RulesOfProcedure(min_non_public_share=Fraction(2, 3), max_group_share=Fraction(1, 2))
    voters = voters_of({(PUBLIC, True): 2, ("Wirtschaft", False): 2, ("Umwelt", False): 2})
    result = double_quorum(voters, rules)
    assert result.wiso_holds is True
    assert result.group_holds is True
    assert double_quorum(voters_of({(PUBLIC, True): 3, ("Umwelt", False): 3}), rules).holds is False


def test_exclusion_can_make_double_quorum_fail():
    # 11 voters, 6 WiSo: holds; two WiSo members declare a conflict: 4 of 9.
    seats = [seat(i, PUBLIC if i <= 3 else "Kommunen", True) for i in range(1, 6)]
    seats += [seat(i, "Wirtschaft" if i <= 8 else "Umwelt", False) for i in range(6, 12)]
    assert double_quorum(entitled_voters(seats, all_present(seats))).holds is True
    after = double_quorum(entitled_voters(seats, all_present(seats), conflicts={6, 7}))
    assert (after.voters, after.wiso) == (9, 4)
    assert after.holds is False


def test_exclusion_can_make_double_quorum_pass():
    # 10 voters: public sector 5 of 10 (50 % > 49 %) fails; one public member excluded: 4 of 9 (44,4 %).
    seats = [seat(i, PUBLIC, True) for i in range(1, 6)]
    seats += [seat(i, ["Umwelt", "Wirtschaft", "Soziales"][i % 3], False) for i in range(6, 11)]
    before = double_quorum(entitled_voters(seats, all_present(seats)))
    assert before.wiso_holds is True
    assert before.group_holds is False
    after = double_quorum(entitled_voters(seats, all_present(seats), conflicts={1}))
    assert (after.voters, after.wiso, after.largest_group, after.largest_group_count) == (9, 5, PUBLIC, 4)
    assert after.holds is True


# --- rule 4: majority -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "passed"),
    [
        (5, 4, 0, True),
        (4, 4, 0, False),
        (4, 5, 0, False),
        (3, 2, 10, True),
        (0, 0, 10, False),
        (0, 0, 0, False),
        (1, 0, 0, True),
        (0, 1, 0, False),
        (2, 2, 1, False),
    ],
)
def test_simple_majority(yes, no, abstain, passed):
    assert majority(yes, no, abstain) is passed


@pytest.mark.parametrize(
    ("yes", "no", "passed"),
    [
        (10, 5, True),
        (2, 1, True),
        (200, 100, True),
        (199, 100, False),
        (9, 5, False),
        (1, 1, False),
        (1, 0, True),
        (0, 0, False),
    ],
)
def test_two_thirds_majority(yes, no, passed):
    assert majority(yes, no, 0, TWO_THIRDS) is passed
    assert majority(yes, no, 7, "zwei_drittel") is passed


@pytest.mark.parametrize(("yes", "no", "abstain"), [(-1, 0, 0), (0, -1, 0), (0, 0, -1)])
def test_majority_rejects_negative_counts(yes, no, abstain):
    with pytest.raises(ValueError, match="darf nicht negativ sein"):
        majority(yes, no, abstain)


# --- formatting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "decimals", "text"),
    [
        (Fraction(5, 9), 1, "55,6 %"),
        (Fraction(4, 9), 1, "44,4 %"),
        (Fraction(1, 2), 1, "50,0 %"),
        (Fraction(0), 1, "0,0 %"),
        (Fraction(1), 1, "100,0 %"),
        (Fraction(1, 8), 0, "13 %"),
        (Fraction(1, 2000), 1, "0,1 %"),
        (Fraction(11, 25), 1, "44,0 %"),
        (Fraction(50, 102), 2, "49,02 %"),
    ],
)
def test_format_percent(share, decimals, text):
    assert format_percent(share, decimals) == text


def test_protocol_sentence_matches_minutes_style():
    voters = voters_of(
        {(PUBLIC, True): 8, ("Wirtschaft", False): 4, ("Soziales", False): 3, ("Umwelt", False): 3}
    )
    assert protocol_sentence(double_quorum(voters)) == SENTENCE_18


def test_protocol_sentence_without_voters():
    assert protocol_sentence(double_quorum([])) == "stimmberechtigt 0"


# --- evaluate_vote ----------------------------------------------------------------------------------


def test_leader_example_one_member_conflicted():
    # 19 of 25 present (9 public, 10 WiSo); one public member conflicted -> 18 voters, 10 WiSo.
    seats = leader_body()
    rows = [Attendance(i, PRESENT) for i in range(1, 10)] + [Attendance(i, PRESENT) for i in range(11, 21)]
    check = evaluate_vote(DEFAULT_RULES, seats, rows, {1}, yes=15, no=2, abstain=1)
    assert check.result is VoteResult.ADOPTED
    assert check.problems == ()
    assert (check.total_members, len(check.present), len(check.voters)) == (25, 19, 18)
    assert [v.member_id for v in check.excluded] == [1]
    assert check.quorum.holds is True
    assert check.double_required is True
    assert check.double.holds is True
    assert check.majority_reached is True
    assert check.sentence == SENTENCE_18


def test_not_quorate_meeting_message():
    seats = leader_body()
    rows = [Attendance(i, PRESENT) for i in range(1, 12)]
    check = evaluate_vote(DEFAULT_RULES, seats, rows, set(), yes=11, no=0, abstain=0, selection=False)
    assert check.result is VoteResult.NOT_QUORATE
    assert check.majority_reached is True
    assert check.problems == (
        "Die Sitzung ist nicht beschlussfähig: 11 von 25 stimmberechtigten Mitgliedern anwesend (44,0 %), "
        "erforderlich 50 %.",
    )


def test_quorum_exactly_half_holds_one_less_fails():
    seats = [seat(i, ["A", "B", "C"][i % 3], i % 2 == 0) for i in range(1, 21)]
    rows = [Attendance(i, PRESENT) for i in range(1, 11)]
    assert (
        evaluate_vote(DEFAULT_RULES, seats, rows, set(), 6, 4, 0, selection=False).result
        is VoteResult.ADOPTED
    )
    check = evaluate_vote(DEFAULT_RULES, seats, rows[:-1], set(), 6, 3, 0, selection=False)
    assert check.result is VoteResult.NOT_QUORATE
    assert "9 von 20" in check.problems[0]


def test_deputies_count_towards_meeting_quorum():
    seats = leader_body()
    rows = [Attendance(i, PRESENT) for i in range(1, 7)] + [Attendance(i, REPRESENTED) for i in range(11, 15)]
    rows += [Attendance(100 + i, PRESENT) for i in range(15, 18)]
    rows += [Attendance(100 + i, PRESENT) for i in range(1, 7)]  # deputies of members present: not twice
    check = evaluate_vote(DEFAULT_RULES, seats, rows, set(), 13, 0, 0, selection=False)
    assert check.quorum.present == 13
    assert check.result is VoteResult.ADOPTED
    assert sum(v.by_deputy for v in check.voters) == 7


def test_meeting_quorum_is_counted_before_exclusions():
    seats = leader_body()
    rows = [Attendance(i, PRESENT) for i in range(1, 14)]  # 13 of 25
    check = evaluate_vote(DEFAULT_RULES, seats, rows, {1, 2, 3}, 5, 5, 0, selection=False)
    assert check.quorum.present == 13
    assert check.quorum.holds is True
    assert len(check.voters) == 10
    assert check.result is VoteResult.REJECTED  # tie fails


def test_double_quorum_failure_messages():
    seats = leader_body()
    rows = [Attendance(i, PRESENT) for i in range(1, 11)] + [Attendance(i, PRESENT) for i in range(11, 19)]
    check = evaluate_vote(DEFAULT_RULES, seats, rows, set(), 10, 0, 0)
    assert check.result is VoteResult.NOT_QUORATE
    assert check.majority_reached is True
    assert check.problems == (
        "Doppelte Beschlussfähigkeit verfehlt: nur 8 von 18 Stimmberechtigten sind WiSo-Partner (44,4 %), "
        "erforderlich mindestens 50 %.",
        "Doppelte Beschlussfähigkeit verfehlt: die Interessengruppe Öffentlicher Sektor hat "
        "10 von 18 Stimmen (55,6 %), zulässig höchstens 49 %.",
    )


def test_double_quorum_message_shows_enough_decimals():
    seats = [seat(i, PUBLIC, False) for i in range(50)] + [seat(i, f"G{i}", False) for i in range(50, 102)]
    check = evaluate_vote(DEFAULT_RULES, seats, all_present(seats), set(), 60, 0, 0)
    assert check.problems == (
        "Doppelte Beschlussfähigkeit verfehlt: die Interessengruppe Öffentlicher Sektor hat "
        "50 von 102 Stimmen (49,02 %), zulässig höchstens 49 %.",
    )


def test_double_quorum_only_for_selection_decisions_and_when_switched_on():
    seats = [seat(i, PUBLIC, True) for i in range(1, 7)] + [seat(i, "Umwelt", False) for i in range(7, 11)]
    rows = all_present(seats)
    assert evaluate_vote(DEFAULT_RULES, seats, rows, set(), 6, 4, 0).result is VoteResult.NOT_QUORATE
    plain = evaluate_vote(DEFAULT_RULES, seats, rows, set(), 6, 4, 0, selection=False)
    assert plain.result is VoteResult.ADOPTED
    assert plain.double_required is False
    assert plain.double.holds is False  # still computed for the minutes
    off = RulesOfProcedure(double_quorum=False)
    assert evaluate_vote(off, seats, rows, set(), 6, 4, 0).result is VoteResult.ADOPTED


def test_exclusion_flips_selection_decision_to_not_quorate():
    seats = [seat(i, PUBLIC if i <= 3 else "Kommunen", True) for i in range(1, 6)]
    seats += [seat(i, "Wirtschaft" if i <= 8 else "Umwelt", False) for i in range(6, 12)]
    rows = all_present(seats)
    assert evaluate_vote(DEFAULT_RULES, seats, rows, set(), 6, 4, 0).result is VoteResult.ADOPTED
    check = evaluate_vote(DEFAULT_RULES, seats, rows, {6, 7}, 6, 3, 0)
    assert check.result is VoteResult.NOT_QUORATE
    assert "nur 4 von 9" in check.problems[0]


def test_rejected_and_two_thirds():
    seats = [seat(i, ["A", "B", "C"][i % 3], i % 2 == 0) for i in range(1, 16)]
    rows = all_present(seats)
    assert evaluate_vote(DEFAULT_RULES, seats, rows, set(), 4, 5, 6).result is VoteResult.REJECTED
    assert evaluate_vote(DEFAULT_RULES, seats, rows, set(), 10, 5, 0, TWO_THIRDS).result is VoteResult.ADOPTED
    assert evaluate_vote(DEFAULT_RULES, seats, rows, set(), 9, 5, 1, TWO_THIRDS).result is VoteResult.REJECTED
    check = evaluate_vote(DEFAULT_RULES, seats, rows, set(), 9, 5, 1, "zwei_drittel")
    assert check.required is TWO_THIRDS


def test_more_votes_than_voters_is_a_data_entry_error():
    seats = [seat(i) for i in range(1, 11)]
    rows = all_present(seats)
    assert (
        evaluate_vote(DEFAULT_RULES, seats, rows, {1}, 5, 3, 1, selection=False).result is VoteResult.ADOPTED
    )
    with pytest.raises(VoteCountError, match=r"Es wurden 10 Stimmen erfasst .* aber nur 9 Mitglieder"):
        evaluate_vote(DEFAULT_RULES, seats, rows, {1}, 5, 3, 2, selection=False)
    assert issubclass(VoteCountError, ValueError)
    with pytest.raises(VoteCountError, match="negativ"):
        evaluate_vote(DEFAULT_RULES, seats, rows, set(), -1, 3, 2, selection=False)


def test_nobody_left_after_exclusions():
    seats = [seat(1), seat(2), seat(3)]
    check = evaluate_vote(DEFAULT_RULES, seats, all_present(seats[:2]), {1, 2}, 0, 0, 0, selection=False)
    assert check.quorum.holds is True
    assert check.result is VoteResult.NOT_QUORATE
    assert check.problems == (
        "Nach dem Ausschluss wegen Interessenkonflikt ist niemand mehr stimmberechtigt.",
    )


def test_zero_present():
    seats = [seat(1), seat(2)]
    check = evaluate_vote(DEFAULT_RULES, seats, [], set(), 0, 0, 0)
    assert check.result is VoteResult.NOT_QUORATE
    assert check.problems == (
        "Die Sitzung ist nicht beschlussfähig: 0 von 2 stimmberechtigten Mitgliedern anwesend (0,0 %), "
        "erforderlich 50 %.",
    )
    empty = evaluate_vote(DEFAULT_RULES, [], [], set(), 0, 0, 0)
    assert empty.result is VoteResult.NOT_QUORATE
    zero_quorum = evaluate_vote(RulesOfProcedure(quorum_share=Fraction(0)), seats, [], set(), 0, 0, 0)
    assert zero_quorum.problems == ("Es ist niemand stimmberechtigt.",)


def test_member_who_left_counts_for_earlier_item_not_later():
    seats = [seat(i) for i in range(1, 5)]
    rows = [Attendance(1, PRESENT, until_item=2), Attendance(2, PRESENT), Attendance(3, PRESENT)]
    early = evaluate_vote(DEFAULT_RULES, seats, rows, set(), 2, 1, 0, selection=False, item=2)
    assert early.quorum.present == 3
    with pytest.raises(VoteCountError):
        evaluate_vote(DEFAULT_RULES, seats, rows, set(), 2, 1, 0, selection=False, item=3)
    late = evaluate_vote(DEFAULT_RULES, seats, rows, set(), 1, 1, 0, selection=False, item=3)
    assert late.quorum.present == 2
    assert late.result is VoteResult.REJECTED


# --- rule 5: written procedure ----------------------------------------------------------------------


def written_body() -> list[Seat]:
    """10 seats: 4 public sector (1–4), 6 WiSo in three groups (5–10)."""
    return [seat(i, PUBLIC, True) for i in range(1, 5)] + [
        seat(i, ["Wirtschaft", "Soziales", "Umwelt"][i % 3], False) for i in range(5, 11)
    ]


def test_written_procedure_adopted():
    answers = {1: "ja", 2: VoteChoice.NO, 5: "ja", 6: "ja", 7: "enthaltung", 8: "ja", 9: "keine_rueckmeldung"}
    check = evaluate_written_procedure(DEFAULT_RULES, written_body(), answers)
    assert check.result is VoteResult.ADOPTED
    assert (check.yes, check.no, check.abstain) == (4, 1, 1)
    assert check.quorum.present == 6
    assert len(check.voters) == 6
    assert check.excluded == ()
    assert check.double.wiso == 4


def test_written_procedure_conflicts_count_for_quorum_but_not_for_the_vote():
    answers = {1: "interessenkonflikt", 2: "ja", 5: "ja", 6: "nein", 7: "ja"}
    check = evaluate_written_procedure(DEFAULT_RULES, written_body(), answers)
    assert check.quorum.present == 5
    assert check.quorum.holds is True
    assert [v.member_id for v in check.excluded] == [1]
    assert len(check.voters) == 4
    assert check.result is VoteResult.ADOPTED


def test_written_procedure_too_few_answers():
    answers = {1: "ja", 5: "ja", 6: "ja", 7: "nein"}
    check = evaluate_written_procedure(DEFAULT_RULES, written_body(), answers)
    assert check.result is VoteResult.NOT_QUORATE
    assert check.problems == (
        "Das Umlaufverfahren ist nicht zustande gekommen: 4 von 10 stimmberechtigten Mitgliedern haben "
        "geantwortet (40,0 %), erforderlich 50 %.",
    )


def test_written_procedure_conflict_breaks_double_quorum():
    answers = {1: "ja", 2: "ja", 3: "nein", 5: "interessenkonflikt", 6: "ja", 7: "ja"}
    check = evaluate_written_procedure(DEFAULT_RULES, written_body(), answers)
    assert check.quorum.holds is True
    assert (check.double.voters, check.double.wiso) == (5, 2)
    assert check.result is VoteResult.NOT_QUORATE
    assert any("WiSo-Partner" in p for p in check.problems)
    plain = evaluate_written_procedure(DEFAULT_RULES, written_body(), answers, selection=False)
    assert plain.result is VoteResult.ADOPTED


def test_written_procedure_tie_and_abstentions():
    answers = {1: "ja", 2: "nein", 5: "enthaltung", 6: "enthaltung", 7: "enthaltung"}
    assert evaluate_written_procedure(DEFAULT_RULES, written_body(), answers).result is VoteResult.REJECTED
    answers[8] = "ja"
    assert evaluate_written_procedure(DEFAULT_RULES, written_body(), answers).result is VoteResult.ADOPTED
    check = evaluate_written_procedure(DEFAULT_RULES, written_body(), answers, TWO_THIRDS)
    assert check.result is VoteResult.ADOPTED  # 2 Ja, 1 Nein: exactly two thirds
    answers[9] = "nein"
    check = evaluate_written_procedure(DEFAULT_RULES, written_body(), answers, TWO_THIRDS)
    assert check.result is VoteResult.REJECTED  # 2 Ja, 2 Nein


def test_written_procedure_rejects_answers_of_non_members():
    with pytest.raises(VoteCountError, match="ohne Stimmrecht in diesem Gremium: 99"):
        evaluate_written_procedure(DEFAULT_RULES, written_body(), {99: "ja"})


def test_written_procedure_explicit_no_answer_equals_missing():
    a = evaluate_written_procedure(
        DEFAULT_RULES, written_body(), {5: "ja", 6: "ja", 7: "ja", 8: "ja", 1: "ja"}
    )
    b = evaluate_written_procedure(
        DEFAULT_RULES, written_body(), {5: "ja", 6: "ja", 7: "ja", 8: "ja", 1: "ja", 2: "keine_rueckmeldung"}
    )
    assert a == b


# --- properties -------------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=200)
majorities = st.sampled_from(list(RequiredMajority))


@given(counts, counts, counts, majorities)
def test_adding_an_abstention_never_changes_the_majority(yes, no, abstain, required):
    assert majority(yes, no, abstain, required) == majority(yes, no, abstain + 1, required)


@given(counts, counts, counts)
def test_swapping_yes_and_no_flips_simple_majority_except_ties(yes, no, abstain):
    if yes == no:
        assert not majority(yes, no, abstain)
        assert not majority(no, yes, abstain)
    else:
        assert majority(yes, no, abstain) != majority(no, yes, abstain)


@given(counts, counts)
def test_two_thirds_implies_simple_and_matches_definition(yes, no):
    two_thirds = majority(yes, no, 0, TWO_THIRDS)
    if two_thirds:
        assert majority(yes, no)
    assert two_thirds == (yes + no > 0 and 3 * yes >= 2 * (yes + no))


@given(counts, counts)
def test_one_more_yes_never_hurts(yes, no):
    for required in RequiredMajority:
        if majority(yes, no, 0, required):
            assert majority(yes + 1, no, 0, required)


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_meeting_quorum_definition(total, present):
    assume(present <= total)
    assert meeting_quorum(total, present).holds == (total > 0 and 2 * present >= total)


groups = st.sampled_from(["Öffentlicher Sektor", "Wirtschaft", "Soziales", "Umwelt", "Zivilgesellschaft"])
voter_lists = st.lists(st.tuples(groups, st.booleans()), max_size=40).map(
    lambda items: [voter(i, g, p) for i, (g, p) in enumerate(items)]
)
shares = st.fractions(min_value=0, max_value=1, max_denominator=100)


@given(voter_lists, shares, shares)
def test_double_quorum_holds_iff_shares_within_bounds(voters, min_wiso, max_group):
    rules = RulesOfProcedure(min_non_public_share=min_wiso, max_group_share=max_group)
    result = double_quorum(voters, rules)
    n = len(voters)
    wiso = sum(not v.public_sector for v in voters)
    # the public sector is one group for the 49 % limit, however it is split
    blocs = Counter("public" if v.public_sector else v.interest_group for v in voters)
    top = max(blocs.values(), default=0)
    assert (result.voters, result.wiso, result.largest_group_count) == (n, wiso, top)
    assert result.holds == (
        n > 0
        and wiso * min_wiso.denominator >= min_wiso.numerator * n
        and top * max_group.denominator <= max_group.numerator * n
    )
    if n:
        assert result.largest_group_count == result.bloc_counts[result.largest_group]
        assert sum(result.bloc_counts.values()) == n
        assert sum(result.group_counts.values()) == n
        assert result.group_counts == dict(Counter(v.interest_group for v in voters))


@st.composite
def bodies(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    seats = [
        seat(
            i,
            draw(groups),
            draw(st.booleans()),
            deputy=draw(st.sampled_from([None, 100 + i, 100, (i + 1) % n])),
        )
        for i in range(n)
    ]
    persons = [s.member_id for s in seats] + [s.deputy_id for s in seats if s.deputy_id is not None] + [999]
    rows = []
    for person in draw(st.lists(st.sampled_from(persons), max_size=20)):
        start = draw(st.none() | st.integers(0, 5))
        end = draw(st.none() | st.integers(start or 0, 6))
        rows.append(Attendance(person, draw(st.sampled_from(list(AttendanceStatus))), start, end))
    item = draw(st.none() | st.integers(0, 6))
    return seats, rows, item


@given(bodies(), st.sets(st.integers(min_value=0, max_value=120)), st.integers(min_value=0, max_value=120))
def test_excluding_a_member_never_increases_the_voters(body, conflicts, extra):
    seats, rows, item = body
    present = seats_present(seats, rows, item)
    before = entitled_voters(seats, rows, conflicts, item)
    after = entitled_voters(seats, rows, conflicts | {extra}, item)
    assert len(after) <= len(before) <= len(present) <= len(seats)
    assert {v.member_id for v in after} <= {v.member_id for v in before} <= {v.member_id for v in present}
    member_ids = [v.member_id for v in present]
    assert len(member_ids) == len(set(member_ids))  # each seat at most once
    persons = [v.person_id for v in present if v.person_id is not None]
    assert len(persons) == len(set(persons))  # each person fills at most one seat


@given(bodies(), st.sets(st.integers(min_value=0, max_value=12)), counts, counts, counts, st.booleans())
def test_evaluate_vote_consistent_and_abstention_invariant(body, conflicts, yes, no, abstain, selection):
    seats, rows, item = body
    voters = entitled_voters(seats, rows, conflicts, item)
    n = len(voters)
    yes, no, abstain = yes % (n + 1), no % (n + 1), abstain % (n + 1)
    if yes + no + abstain > n:
        with pytest.raises(VoteCountError):
            evaluate_vote(
                DEFAULT_RULES, seats, rows, conflicts, yes, no, abstain, selection=selection, item=item
            )
        return
    check = evaluate_vote(
        DEFAULT_RULES, seats, rows, conflicts, yes, no, abstain, selection=selection, item=item
    )
    assert list(check.voters) == voters
    assert len(check.present) == len(check.voters) + len(check.excluded)
    assert (check.result is VoteResult.NOT_QUORATE) == bool(check.problems)
    if check.result is not VoteResult.NOT_QUORATE:
        assert check.quorum.holds
        assert (check.result is VoteResult.ADOPTED) == majority(yes, no, abstain)
        if selection:
            assert check.double.holds
    if yes + no + abstain < n:
        more = evaluate_vote(
            DEFAULT_RULES, seats, rows, conflicts, yes, no, abstain + 1, selection=selection, item=item
        )
        assert more.result is check.result


@given(st.lists(st.sampled_from(list(VoteChoice)), min_size=1, max_size=15), st.booleans())
def test_written_procedure_consistent(choices, selection):
    seats = [
        seat(i, ["Öffentlicher Sektor", "Wirtschaft", "Umwelt"][i % 3], i % 3 == 0)
        for i in range(len(choices))
    ]
    answers = dict(enumerate(choices))
    check = evaluate_written_procedure(DEFAULT_RULES, seats, answers, selection=selection)
    tally = Counter(choices)
    assert (check.yes, check.no, check.abstain) == (
        tally[VoteChoice.YES],
        tally[VoteChoice.NO],
        tally[VoteChoice.ABSTAIN],
    )
    assert check.quorum.present == len(choices) - tally[VoteChoice.NO_ANSWER]
    assert len(check.excluded) == tally[VoteChoice.CONFLICT]
    assert (check.result is VoteResult.NOT_QUORATE) == bool(check.problems)


@given(st.fractions(min_value=0, max_value=1))
def test_format_percent_is_close_to_the_exact_value(share):
    text = format_percent(share)
    assert text.endswith(" %")
    value = Fraction(text[:-2].replace(",", "."))
    assert abs(value - share * 100) <= Fraction(1, 20)


# --- rule 1: only the personal deputy, one person one vote (issue 18) ------------------------------


def test_only_the_personal_deputy_fills_the_seat():
    seats = [seat(1, deputy=101)]
    assert seats_present(seats, [Attendance(1, REPRESENTED, represented_by=777)]) == []
    [v] = seats_present(seats, [Attendance(1, REPRESENTED, represented_by=101)])
    assert (v.member_id, v.person_id, v.voted_by) == (1, 101, "Vertretung 101")


def test_deputy_of_a_deputy_cannot_stand_in():
    # 1's deputy is 2 (a member too); 2's deputy is 3. 1 and 2 absent, 3 there: 3 fills 2's seat only.
    seats = [seat(1, deputy=2), seat(2, deputy=3)]
    rows = [Attendance(1, EXCUSED), Attendance(2, REPRESENTED, represented_by=3), Attendance(3, PRESENT)]
    assert [(v.member_id, v.person_id) for v in seats_present(seats, rows)] == [(2, 3)]
    rows[0] = Attendance(1, REPRESENTED, represented_by=3)
    assert "kann nur durch die persönliche Stellvertretung" in one_vote_problems(seats, rows)[0]


def test_deputy_who_is_a_member_present_has_one_vote():
    seats = [seat(1, deputy=2), seat(2)]
    rows = [Attendance(1, REPRESENTED, represented_by=2), Attendance(2, PRESENT)]
    assert [(v.member_id, v.by_deputy) for v in seats_present(seats, rows)] == [(2, False)]
    [problem] = one_vote_problems(seats, rows)
    assert "Mitglied 2 hat nur eine Stimme" in problem and "den eigenen Sitz" in problem


def test_deputy_for_two_seats_fills_one():
    seats = [seat(1, deputy=101), seat(2, deputy=101)]
    rows = [Attendance(1, REPRESENTED, represented_by=101), Attendance(2, REPRESENTED, represented_by=101)]
    assert [v.member_id for v in seats_present(seats, rows)] == [1]
    [problem] = one_vote_problems(seats, rows)
    assert "Vertretung 101 hat nur eine Stimme" in problem and "Mitglied 1 und Mitglied 2" in problem


def test_deputy_for_two_seats_at_different_items_is_fine():
    # 1 is represented until item 2, 2 from item 3 on: 101 holds one seat at a time.
    seats = [seat(1, deputy=101), seat(2, deputy=101)]
    rows = [
        Attendance(1, REPRESENTED, until_item=2, represented_by=101),
        Attendance(2, REPRESENTED, from_item=3, represented_by=101),
    ]
    assert one_vote_problems(seats, rows, items=range(6)) == []
    assert [v.member_id for v in seats_present(seats, rows, 2)] == [1]
    assert [v.member_id for v in seats_present(seats, rows, 3)] == [2]


def test_departure_handed_to_deputy():
    # "verlässt die Sitzung nach TOP 3 (position 2), vertreten durch 101"
    seats = [seat(1, deputy=101), seat(2)]
    rows = [Attendance(1, PRESENT, until_item=2, represented_by=101), Attendance(2, PRESENT)]
    at = {i: [(v.member_id, v.person_id) for v in seats_present(seats, rows, i)] for i in range(5)}
    assert at[2] == [(1, 1), (2, 2)]
    assert at[3] == [(1, 101), (2, 2)]


def test_departure_before_the_vote_lowers_the_quorum():
    seats = [seat(1), seat(2), seat(3), seat(4)]
    rows = [Attendance(1, PRESENT), Attendance(2, PRESENT, until_item=2), Attendance(3, ABSENT)]
    assert evaluate_vote(DEFAULT_RULES, seats, rows, set(), 1, 0, 0, item=2).quorum.holds is True
    later = evaluate_vote(DEFAULT_RULES, seats, rows, set(), 1, 0, 0, item=3)
    assert (later.quorum.present, later.result) == (1, VoteResult.NOT_QUORATE)


def test_late_arrival_with_deputy_until_then():
    seats = [seat(1, deputy=101)]
    rows = [Attendance(1, PRESENT, from_item=4, represented_by=101)]
    assert [v.person_id for v in seats_present(seats, rows, 3)] == [101]
    assert [v.person_id for v in seats_present(seats, rows, 4)] == [1]


# --- rule 2: the public sector is one group however it is split -------------------------------------


def split_public(public: int, total: int) -> list[Voter]:
    """``public`` voters split into "Kommunen"/"Landkreis", the rest WiSo in three groups."""
    result = [voter(i, "Kommunen" if i % 2 else "Landkreis", True) for i in range(public)]
    result += [voter(100 + i, ("Wirtschaft", "Soziales", "Umwelt")[i % 3]) for i in range(total - public)]
    return result


@pytest.mark.parametrize(
    ("public", "total", "holds"),
    [(49, 100, True), (50, 100, False), (48, 100, True), (51, 100, False), (4, 8, False), (3, 8, True)],
)
def test_split_public_sector_counts_as_one_group(public, total, holds):
    result = double_quorum(split_public(public, total))
    assert result.group_holds is holds
    assert result.largest_group == "Öffentlicher Sektor (Kommunen, Landkreis)"
    assert result.largest_group_count == public
    assert result.group_counts["Kommunen"] + result.group_counts["Landkreis"] == public


def test_split_public_sector_at_exactly_half_is_not_quorate_in_a_vote():
    seats = [seat(i, "Kommunen" if i <= 2 else "Landkreis", True) for i in range(1, 5)]
    seats += [seat(i, "Wirtschaft" if i <= 6 else "Umwelt") for i in range(5, 9)]
    check = evaluate_vote(DEFAULT_RULES, seats, all_present(seats), set(), 8, 0, 0)
    assert check.result is VoteResult.NOT_QUORATE
    assert "Öffentlicher Sektor (Kommunen, Landkreis) hat 4 von 8 Stimmen (50,0 %)" in check.problems[0]


def test_groups_sentence_names_every_group():
    text = groups_sentence(8, 5, {"Kommunen": 2, "Landkreis": 1, "Wirtschaft": 5})
    assert text == (
        "öffentlicher Sektor 3 (37,5 %), WiSo-Partner 5 (62,5 %); nach Interessengruppen: "
        "Wirtschaft 5 (62,5 %), Kommunen 2 (25,0 %), Landkreis 1 (12,5 %)"
    )


@given(st.data())
def test_one_vote_per_person_property(data):
    seats, _rows, _item = data.draw(bodies())
    people = [s.member_id for s in seats] + [s.deputy_id for s in seats if s.deputy_id is not None]
    rows = [
        Attendance(
            p,
            data.draw(st.sampled_from([PRESENT, REPRESENTED, EXCUSED])),
            represented_by=data.draw(st.sampled_from([None, *people])) if people else None,
        )
        for p in dict.fromkeys(people)
    ]
    present = seats_present(seats, rows)
    persons = [v.person_id for v in present]
    assert len(persons) == len(set(persons))  # one person, one vote
    by_id = {s.member_id: s for s in seats}
    for v in present:  # a stand-in is always the seat's personal deputy
        assert not v.by_deputy or v.person_id == by_id[v.member_id].deputy_id


@given(st.data())
def test_sound_entries_are_counted_as_entered(data):
    """Where one_vote_problems finds nothing, every seat a row gives to the personal deputy is his."""
    seats, _rows, _item = data.draw(bodies())
    statuses = st.sampled_from([PRESENT, REPRESENTED, EXCUSED])
    rows = []
    for s in seats:
        start = data.draw(st.none() | st.integers(0, 3))
        rows.append(
            Attendance(
                s.member_id,
                data.draw(statuses),
                start,
                data.draw(st.none() | st.integers(start or 0, 4)),
                data.draw(st.sampled_from([None, s.deputy_id])),
            )
        )
    items = range(5)
    assume(one_vote_problems(seats, rows, items) == [])
    by_member = {row.person_id: row for row in rows}
    for item in items:
        filled = {v.member_id: v for v in seats_present(seats, rows, item)}
        for s in seats:
            row = by_member[s.member_id]
            if row.in_person_at(item):
                assert filled[s.member_id].person_id == s.member_id
            elif s.deputy_id is not None and row.seat_taken_by_deputy_at(item):
                assert filled[s.member_id].person_id == s.deputy_id
