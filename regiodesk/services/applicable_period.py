"""Which funding period applies: a project's call's, else the region's current one.

Read without the ORM (rows and ids), in a module of its own (the window edits the periods through
``funding_periods``): the funding rules (``grants``), the scoring sheets (``scoring``), the rankings
and the regional budget all ask, and a meeting's documents read the sheets without the rest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from regiodesk.db.models import Call, FundingPeriod, RegionSettings


def funding_period_id_for(session: Session, call_id: str | None = None) -> str | None:
    """The funding period that applies: the call's, else the region's current one."""
    if call_id:
        calls = Call.__table__.c
        period_id = session.scalar(select(calls.funding_period_id).where(calls.id == call_id))
        if period_id:
            return period_id
    settings = RegionSettings.__table__.c
    return session.scalar(
        select(settings.current_funding_period_id).where(settings.deleted_at.is_(None)).limit(1)
    )


def period_row(session: Session, period_id: str | None) -> Row[Any] | None:
    """A funding period as a row of its columns (None: no period)."""
    if period_id is None:
        return None
    periods = FundingPeriod.__table__
    return session.execute(select(periods).where(periods.c.id == period_id)).first()
