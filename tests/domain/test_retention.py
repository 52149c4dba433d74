from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.retention import RetentionPolicy, backups_to_delete

NOW = datetime(2026, 11, 22, 18, 0)


def test_the_newest_ten_are_always_kept():
    times = [NOW - timedelta(minutes=n) for n in range(10)]
    assert backups_to_delete(times, NOW) == set()


def test_one_per_day_is_kept_after_the_newest():
    # 12 backups an hour apart today, then 3 a day for 5 days
    today = [NOW - timedelta(hours=n) for n in range(12)]
    older = [NOW - timedelta(days=d, hours=h) for d in range(1, 6) for h in (1, 2, 3)]
    doomed = backups_to_delete(today + older, NOW)
    kept = set(today + older) - doomed
    assert set(today[:10]) <= kept
    for d in range(1, 6):
        day = (NOW - timedelta(days=d)).date()
        assert sum(1 for t in kept if t.date() == day) == 1
        assert NOW - timedelta(days=d, hours=1) in kept  # the newest of that day


def test_old_backups_thin_to_weeks_and_months_and_very_old_ones_go():
    daily_for_a_year = [NOW - timedelta(days=d) for d in range(400)]
    kept = set(daily_for_a_year) - backups_to_delete(daily_for_a_year, NOW)
    assert len(kept) < 10 + 14 + 8 + 13
    assert NOW - timedelta(days=399) not in kept
    assert any(
        NOW - timedelta(days=300) - t < timedelta(days=31) for t in kept if t < NOW - timedelta(days=250)
    )


def test_backups_from_the_future_are_kept():
    future = [NOW + timedelta(days=3)] + [NOW - timedelta(days=500 + n) for n in range(20)]
    assert NOW + timedelta(days=3) not in backups_to_delete(future, NOW, RetentionPolicy(newest=0))


@given(st.lists(st.integers(0, 60 * 24 * 800), max_size=200, unique=True))
def test_newest_is_never_deleted_and_a_second_pass_deletes_nothing(minutes):
    times = [NOW - timedelta(minutes=m) for m in minutes]
    doomed = backups_to_delete(times, NOW)
    if times:
        assert max(times) not in doomed
    kept = [t for t in times if t not in doomed]
    assert backups_to_delete(kept, NOW) == set()
