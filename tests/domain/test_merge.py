"""The merge rule of sync (domain.merge), without a database: properties over two or more changes."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.hlc import Timestamp
from regiodesk.domain.merge import (
    DELETED_AT,
    LOCAL,
    OTHER,
    Decision,
    RowState,
    Version,
    decide,
    decide_child_edit,
)

DEVICES = ("anna", "ben", "cem")
FIELDS = ("first_name", "last_name")
DELETION_VALUE = st.sampled_from(['"2026-12-01T10:00:00+00:00"', '"2026-12-02T11:30:00+00:00"'])


def stamp(wall: int, counter: int, device: str) -> str:
    return Timestamp(wall, counter, device).encode()


def apply(row: RowState, name: str, version: Version, seen: dict[str, str]) -> Decision:
    decision = decide(row, name, version, seen)
    row.record(name, version, decision)
    return decision


@st.composite
def base_rows(draw) -> RowState:
    """A row as both sides know it: a few earlier changes (stamps below 1000), maybe deleted."""
    row = RowState()
    for n, name in enumerate(draw(st.lists(st.sampled_from(FIELDS), max_size=3))):
        device = draw(st.sampled_from(DEVICES))
        apply(
            row, name, Version(stamp(100 + n, 0, device), device, draw(st.sampled_from(['"a"', '"b"']))), {}
        )
    if draw(st.booleans()):
        device = draw(st.sampled_from(DEVICES))
        apply(row, DELETED_AT, Version(stamp(900, 0, device), device, draw(DELETION_VALUE)), {})
    return row


@st.composite
def concurrent_changes(draw, row: RowState):
    """One change a user can make to ``row`` on ``device`` without having seen the other's:
    an edit, or a deletion of a present row, or a restore of a deleted one."""
    device = draw(st.sampled_from(DEVICES))
    hlc = stamp(draw(st.integers(1000, 1010)), draw(st.integers(0, 2)), device)
    if draw(st.booleans()):
        name, value = draw(st.sampled_from(FIELDS)), draw(st.sampled_from(['"x"', '"y"', '"z"']))
    else:
        name, value = DELETED_AT, None if row.deleted else draw(DELETION_VALUE)
    # what its writer had seen: everything before the two concurrent changes (all below 1000)
    seen = {d: stamp(999, 0, d) for d in DEVICES}
    return name, Version(hlc, device, value), seen


@st.composite
def two_concurrent(draw):
    row = draw(base_rows())
    first = draw(concurrent_changes(row))
    second = draw(concurrent_changes(row))
    # two changes of one device are never concurrent: the later one has seen the earlier
    if first[1].device == second[1].device:
        other = next(d for d in DEVICES if d != first[1].device)
        name, version, seen = second
        clock = Timestamp.decode(version.hlc)
        second = (name, Version(stamp(clock.wall_ms, clock.counter, other), other, version.value), seen)
    return row, first, second


def both_orders(row: RowState, first, second) -> tuple[tuple[RowState, list[Decision]], ...]:
    results = []
    for order in ((first, second), (second, first)):
        state = copy.deepcopy(row)
        results.append((state, [apply(state, *change) for change in order]))
    return tuple(results)


def conflict_fields(decisions: list[Decision]) -> list[str]:
    return sorted(c.field for d in decisions for c in d.conflicts)


@given(two_concurrent())
def test_the_order_two_concurrent_changes_arrive_in_does_not_change_the_outcome(case):
    row, first, second = case
    (one, one_decisions), (two, two_decisions) = both_orders(row, first, second)
    assert one.winners == two.winners
    assert one.deleted == two.deleted
    assert conflict_fields(one_decisions) == conflict_fields(two_decisions)
    assert {u for d in one_decisions for u in d.undone} == {u for d in two_decisions for u in d.undone}


@given(two_concurrent())
def test_applying_a_change_again_changes_nothing_more(case):
    row, first, second = case
    apply(row, *first)
    apply(row, *second)
    before = copy.deepcopy(row)
    for change in (first, second):
        again = apply(row, *change)
        assert not again.apply and not again.conflicts and not again.restores
        assert again.deleted in (None, row.deleted)
        assert row == before


@given(two_concurrent())
def test_the_newest_stamp_holds_each_field(case):
    row, first, second = case
    earlier = dict(row.winners)
    (one, _), _ = both_orders(row, first, second)
    for name in {first[0], second[0]}:
        mine = [change[1] for change in (first, second) if change[0] == name]
        newest = max([*mine, *([earlier[name]] if name in earlier else [])], key=lambda v: v.hlc)
        assert one.winners[name] == newest


@given(base_rows(), st.integers(1000, 1010), st.integers(1000, 1010), st.booleans(), st.booleans())
def test_a_deletion_wins_only_over_a_record_not_modified_after_it(
    row, edit_wall, delete_wall, by_child, edit_first
):
    row.deleted = False  # a present record, deleted on one laptop and edited (or a detail added) on the other
    seen = {d: stamp(999, 0, d) for d in DEVICES}
    deletion = Version(stamp(delete_wall, 0, "anna"), "anna", '"2026-12-03T09:00:00+00:00"')
    edit = Version(stamp(edit_wall, 0, "ben"), "ben", '"neu"')

    def deliver_edit() -> Decision:
        if by_child:  # a new detail row (an e-mail address) is an edit of its contact
            decision = decide_child_edit(row, edit.hlc, edit.device, seen)
            row.record_child(edit.hlc, decision)
            return decision
        return apply(row, "last_name", edit, seen)

    steps = [deliver_edit, lambda: apply(row, DELETED_AT, deletion, seen)]
    decisions = [step() for step in (steps if edit_first else reversed(steps))]
    assert row.deleted == (deletion.hlc > edit.hlc)
    listed = [c for d in decisions for c in d.conflicts]
    if edit.hlc > deletion.hlc:
        # the deletion did not take effect: listed once, and the rows it took come back
        assert [c.kind for c in listed] == ["delete_ignored" if edit_first else "restored"]
        assert deletion in {u for d in decisions for u in d.undone}
    else:
        assert listed == []


@given(
    st.sampled_from(DEVICES),
    st.sampled_from(DEVICES),
    st.sampled_from(['"x"', '"y"']),
    st.sampled_from(['"x"', '"y"']),
    st.booleans(),
    st.integers(0, 3),
)
def test_a_conflict_is_listed_exactly_when_both_changed_a_field_without_seeing_each_other(
    local_device, other_device, local_value, other_value, other_saw_it, gap
):
    row = RowState()
    local = Version(stamp(2000, 0, local_device), local_device, local_value)
    apply(row, "city", local, {})
    other = Version(stamp(2000 + gap - 1, 1, other_device), other_device, other_value)
    seen = {local_device: local.hlc if other_saw_it else stamp(1999, 0, local_device)}
    decision = apply(row, "city", other, seen)
    concurrent = local_device != other_device and not other_saw_it
    assert bool(decision.conflicts) == (concurrent and local_value != other_value)
    for conflict in decision.conflicts:
        assert (conflict.local, conflict.other) == (local, other)
        assert conflict.winner == (OTHER if other.hlc > local.hlc else LOCAL)
    assert row.winners["city"] == max(local, other, key=lambda v: v.hlc)


def test_an_edit_made_knowing_the_deletion_does_not_bring_the_record_back():
    row = RowState()
    deletion = Version(stamp(1000, 0, "anna"), "anna", '"2026-12-03T09:00:00+00:00"')
    apply(row, DELETED_AT, deletion, {})
    decision = apply(row, "last_name", Version(stamp(1001, 0, "ben"), "ben", '"neu"'), {"anna": deletion.hlc})
    assert row.deleted and not decision.restores and decision.conflicts == ()
