from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.hlc import HybridLogicalClock, Timestamp


def test_local_events_in_the_same_millisecond_are_ordered():
    clock = HybridLogicalClock("a")
    first, second = clock.now(1000), clock.now(1000)
    assert first < second
    assert second.counter == 1


def test_wall_clock_going_backwards_does_not_go_back_in_time():
    clock = HybridLogicalClock("a")
    late = clock.now(5000)
    assert clock.now(1000) > late


def test_receiving_a_clock_a_day_ahead_moves_past_it():
    ahead = Timestamp(86_400_000 + 1000, 3, "b")
    clock = HybridLogicalClock("a")
    merged = clock.receive(ahead, physical_ms=1000)
    assert merged > ahead
    assert clock.now(1001) > merged


def test_encoding_sorts_like_the_timestamp():
    a, b = Timestamp(999, 12, "x"), Timestamp(1000, 0, "a")
    assert (a.encode() < b.encode()) == (a < b)
    assert Timestamp.decode(b.encode()) == b


events = st.lists(
    st.one_of(
        st.tuples(st.just("now"), st.integers(0, 10**12)),
        st.tuples(st.just("recv"), st.integers(0, 10**12), st.integers(0, 1000)),
    ),
    max_size=60,
)


@given(events)
def test_timestamps_strictly_increase_whatever_the_wall_clock_does(sequence):
    clock = HybridLogicalClock("dev")
    last = None
    for event in sequence:
        if event[0] == "now":
            stamp = clock.now(event[1])
        else:
            remote = Timestamp(event[1], event[2], "other")
            stamp = clock.receive(remote, physical_ms=event[1] // 2)
            assert stamp > remote
        if last is not None:
            assert stamp > last
            assert stamp.encode() > last.encode()
        last = stamp
