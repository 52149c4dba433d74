from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.agenda import (
    AgendaEntry,
    check_transition,
    flatten_agenda,
    latest_invitation_date,
    notice_warning,
    number_agenda,
)
from regiodesk.domain.errors import DomainError


def test_numbers_top_level_and_sub_items():
    items = [
        AgendaEntry("a"),
        AgendaEntry("b"),
        AgendaEntry("b1", "b"),
        AgendaEntry("b2", "b"),
        AgendaEntry("c"),
        AgendaEntry("c1", "c"),
    ]
    assert number_agenda(items) == {"a": "1", "b": "2", "b1": "2.1", "b2": "2.2", "c": "3", "c1": "3.1"}


def test_sub_item_with_a_missing_parent_is_numbered_not_hidden():
    assert number_agenda([AgendaEntry("a"), AgendaEntry("x", "gone")]) == {"a": "1", "x": "2"}


def test_flatten_puts_children_after_their_parent_in_position_order():
    rows = [("c", None, 3), ("b2", "b", 2), ("a", None, 1), ("b", None, 2), ("b1", "b", 1)]
    assert [e.id for e in flatten_agenda(rows)] == ["a", "b", "b1", "b2", "c"]
    assert number_agenda(flatten_agenda(rows))["b2"] == "2.2"


@given(st.lists(st.integers(0, 5), max_size=30))
def test_every_item_gets_a_unique_number(parents):
    items: list[AgendaEntry] = []
    for n, parent in enumerate(parents):
        tops = [i.id for i in items if i.parent_id is None]
        parent_id = tops[parent] if parent < len(tops) and n % 2 else None
        items.append(AgendaEntry(str(n), parent_id))
    ordered = flatten_agenda([(i.id, i.parent_id, int(i.id)) for i in items])
    numbers = number_agenda(ordered)
    assert len(set(numbers.values())) == len(items)
    assert [numbers[e.id] for e in ordered if e.parent_id is None] == [
        str(k) for k in range(1, 1 + sum(1 for i in items if i.parent_id is None))
    ]


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("geplant", "eingeladen"),
        ("eingeladen", "durchgefuehrt"),
        ("durchgefuehrt", "protokoll_genehmigt"),
        ("eingeladen", "geplant"),
        ("protokoll_genehmigt", "durchgefuehrt"),
        ("geplant", "geplant"),
        ("geplant", "abgesagt"),  # called off before the invitation went out
        ("eingeladen", "abgesagt"),  # or after: the members get a cancellation
        ("abgesagt", "eingeladen"),  # a cancellation taken back
        ("abgesagt", "geplant"),
    ],
)
def test_allowed_meeting_transitions(current, target):
    check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("geplant", "durchgefuehrt"),
        ("geplant", "protokoll_genehmigt"),
        ("protokoll_genehmigt", "geplant"),
        ("durchgefuehrt", "abgesagt"),  # a meeting that took place cannot be called off
        ("abgesagt", "durchgefuehrt"),
    ],
)
def test_skipping_states_is_refused_in_german(current, target):
    with pytest.raises(DomainError, match="kann nicht auf"):
        check_transition(current, target)


def test_notice_period_edges():
    meeting = date(2026, 3, 9)  # Monday
    assert latest_invitation_date(meeting, 7) == date(2026, 3, 2)
    assert notice_warning(meeting, 7, date(2026, 3, 2)) == ""  # exactly 7 days
    assert notice_warning(meeting, 7, date(2026, 2, 20)) == ""
    late = notice_warning(meeting, 7, date(2026, 3, 3))  # one day late
    assert "1 Tag zu spät" in late and "02.03.2026" in late
    assert notice_warning(meeting, 7, None) == ""
    # across a leap day
    assert latest_invitation_date(date(2024, 3, 3), 7) == date(2024, 2, 25)
    assert latest_invitation_date(date(2025, 3, 3), 14) == date(2025, 2, 17)
