"""Which backups to keep: the newest ones, then one per day, per week and per month.

A generation scheme like the ones backup tools use: recent mistakes can be undone at fine
grain, older states are still there at coarse grain, and the folder does not grow forever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetentionPolicy:
    newest: int = 10
    daily_days: int = 14
    weekly_weeks: int = 8
    monthly_months: int = 12


DEFAULT_POLICY = RetentionPolicy()


def backups_to_delete(
    created: Sequence[datetime], now: datetime, policy: RetentionPolicy = DEFAULT_POLICY
) -> set[datetime]:
    """The creation times of the backups that the policy no longer keeps.

    Kept: the ``newest`` ones; the newest of each day in the last ``daily_days`` days; the newest
    of each ISO week in the last ``weekly_weeks`` weeks; the newest of each month in the last
    ``monthly_months`` months. Nothing newer than ``now`` is ever deleted (a clock set wrong).
    """
    ordered = sorted(created, reverse=True)
    keep: set[datetime] = set(ordered[: policy.newest])
    keep.update(t for t in ordered if t > now)
    seen: dict[tuple[object, ...], datetime] = {}
    for moment in ordered:  # newest first: the first one seen per bucket is kept
        age = now - moment
        keys: list[tuple[object, ...]] = []
        if age <= timedelta(days=policy.daily_days):
            keys.append(("day", moment.date()))
        if age <= timedelta(weeks=policy.weekly_weeks):
            keys.append(("week", tuple(moment.isocalendar())[:2]))
        if age <= timedelta(days=31 * policy.monthly_months):
            keys.append(("month", moment.year, moment.month))
        for key in keys:
            if key not in seen:
                seen[key] = moment
                keep.add(moment)
    return set(ordered) - keep
