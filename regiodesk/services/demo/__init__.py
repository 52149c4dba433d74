"""The demo region: a fictional but complete LEADER region to try regiodesk on.

:func:`create_demo_file` writes it into a new file. :func:`populate` fills any session at a
given :class:`Scale`; the benchmark generator in ``bench/`` reuses it with a large one.

Everything is drawn from one ``random.Random``, so the same seed and day give the same region.
Dates are placed around ``today``: the region always has past meetings with minutes and votes
and coming meetings with invitations. Rows go through the ORM, so the change log records every
one of them exactly as it would record a clerk's input.

E-mail addresses use the domains reserved for examples (RFC 2606: ``.example``, ``example.org``),
so a draft written from the demo can never reach a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.errors import DomainError

__all__ = ["DEMO", "SEED", "RecordWriter", "Scale", "create_demo_file", "populate"]

from regiodesk.services.demo.builder import build
from regiodesk.services.demo.context import DemoContext
from regiodesk.services.demo.writer import RecordWriter

#: Seed of the demo region; the same seed and day give the same region.
SEED = 2023


@dataclass(frozen=True)
class Scale:
    """How much :func:`populate` writes. The strategy, region and criteria do not scale."""

    contacts: int
    projects: int
    bodies: int
    meetings: int
    #: Smallest and largest agenda (TOPs per meeting). LAG meetings use the largest.
    items_per_meeting: tuple[int, int] = (4, 8)
    #: Exact number of agenda items in total (``None``: whatever the meetings draw).
    agenda_items: int | None = None
    lag_voting_members: int = 25

    def __post_init__(self) -> None:
        low, high = self.items_per_meeting
        problems = []
        if self.contacts < 150:
            problems.append("at least 150 contacts (office, mayors and members of the LAG)")
        if self.projects < len(ProjectStatus):
            problems.append(f"at least {len(ProjectStatus)} projects (one per status)")
        if self.bodies < 3 or self.meetings < self.bodies + 3:
            problems.append("at least 3 bodies and 3 meetings more than bodies")
        if not 4 <= low <= high or high < 6:
            problems.append("agendas of at least 4 items and LAG agendas of at least 6")
        if self.lag_voting_members < 10:
            problems.append("at least 10 voting LAG members")
        if problems:
            raise ValueError("Scale needs " + "; ".join(problems))


DEMO = Scale(contacts=200, projects=30, bodies=3, meetings=12)


def create_demo_file(path: Path, *, device_id: str | None = None, today: date | None = None) -> None:
    """Write the demo region into the new file ``path``; an existing file is refused unchanged."""
    path = Path(path)
    if path.exists():
        raise DomainError(
            f"Die Datei „{path}“ gibt es schon. Die Demo-Region wird nur in eine neue Datei "
            "geschrieben; die vorhandene Datei bleibt unverändert."
        )
    db = Database.open(path, device_id=device_id)
    try:
        with db.transaction() as session:
            populate(session, random.Random(SEED), today or date.today(), DEMO)
    except BaseException:
        db.close()
        # The file is ours and new: leave nothing half-written behind.
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    db.close()


def populate(
    session: Session,
    rng: random.Random,
    today: date,
    scale: Scale = DEMO,
    *,
    writer: RecordWriter | None = None,
) -> None:
    """Fill an empty regiodesk database with a region at ``scale``, inside the caller's transaction.

    ``writer`` decides how rows reach the database (default: through the session).
    """
    build(DemoContext(rng, today, scale, writer or RecordWriter(session)))
