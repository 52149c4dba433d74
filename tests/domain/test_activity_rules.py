"""The rules of the office's own work (domain/activities.py), at their edges."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.activities import follow_up_deadline, participant_number_problems, participant_numbers
from regiodesk.domain.deadlines import DeadlineKind

HELD = date(2026, 3, 2)
DUE = date(2026, 3, 20)


def test_a_follow_up_is_met_on_its_day_and_overdue_the_day_after():
    on_the_day = follow_up_deadline(DUE, False, DUE, HELD, "Dorfladen")
    assert on_the_day is not None and on_the_day.kind is DeadlineKind.FOLLOW_UP and not on_the_day.overdue
    assert on_the_day.label == "Wiedervorlage am 20.03.2026 (Beratung vom 02.03.2026: Dorfladen)"
    late = follow_up_deadline(DUE, False, date(2026, 3, 21), HELD, "Dorfladen")
    assert late is not None and late.overdue and late.label.startswith("Überfällig: Wiedervorlage")


def test_no_follow_up_without_a_date_or_once_done():
    assert follow_up_deadline(None, False, DUE, HELD, "x") is None
    assert follow_up_deadline(DUE, True, date(2027, 1, 1), HELD, "x") is None


def test_the_total_is_the_head_count_when_recorded_else_the_attendance():
    listed = participant_numbers(None, registered=10, attended=7, walk_ins=2, counts={})
    assert (listed.total, listed.counted) == (7, False)
    counted = participant_numbers(0, registered=10, attended=7, walk_ins=2, counts={})
    assert (counted.total, counted.counted) == (0, True)  # a count of 0 is a count, not "none recorded"


def test_only_recorded_breakdowns_are_reported():
    n = participant_numbers(
        40, 0, 0, 0, {"participants_female": 0, "participants_male": None, "participants_under_27": 5}
    )
    assert n.by_gender == {"participants_female": 0} and n.by_age == {"participants_under_27": 5}


def test_a_part_equal_to_the_total_is_fine_one_more_is_refused():
    assert participant_number_problems(40, {"participants_female": 40}) == {}
    assert "participants_female" in participant_number_problems(40, {"participants_female": 41})


def test_the_parts_of_one_breakdown_may_add_up_to_the_total_not_beyond():
    fine = {"participants_female": 20, "participants_male": 19, "participants_diverse": 1}
    assert participant_number_problems(40, fine) == {}
    beyond = {**fine, "participants_diverse": 2}
    assert list(participant_number_problems(40, beyond)) == ["participants_diverse"]
    # gender and age are separate breakdowns: together they may exceed the total
    both = {"participants_female": 30, "participants_under_27": 30}
    assert participant_number_problems(40, both) == {}


def test_without_a_head_count_nothing_is_checked():
    assert participant_number_problems(None, {"participants_female": 500}) == {}


@given(
    total=st.integers(0, 500),
    parts=st.lists(st.one_of(st.none(), st.integers(0, 500)), min_size=3, max_size=3),
)
def test_the_counts_a_rule_accepts_never_exceed_the_total(total, parts):
    counts = dict(
        zip(("participants_female", "participants_male", "participants_diverse"), parts, strict=True)
    )
    if not participant_number_problems(total, counts):
        assert sum(p for p in parts if p is not None) <= total
