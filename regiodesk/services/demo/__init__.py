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

import contextlib
import os
import random
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.files import moved_into_place
from regiodesk.i18n import tr
from regiodesk.services.demo.builder import build
from regiodesk.services.demo.context import DemoContext
from regiodesk.services.demo.scale import DEMO, Scale
from regiodesk.services.demo.writer import RecordWriter

__all__ = ["DEMO", "SEED", "RecordWriter", "Scale", "create_demo_file", "populate"]

#: Seed of the demo region; the same seed and day give the same region.
SEED = 2023


def create_demo_file(path: Path, *, device_id: str | None = None, today: date | None = None) -> None:
    """Write the demo region into the new file ``path``; an existing file is refused unchanged.

    The region is built in a temporary file beside ``path`` and moved into place only when it is
    complete: a demo interrupted midway (closed window, kill, power cut) leaves no file behind
    that would look like an empty office, and the next attempt starts afresh.
    """
    path = Path(path)
    exists = DomainError(
        tr(
            "Die Datei „{path}“ gibt es schon. Die Demo-Region wird nur in eine neue Datei "
            "geschrieben; die vorhandene Datei bleibt unverändert.",
            path=path,
        )
    )
    if path.exists():
        raise exists
    with contextlib.suppress(OSError):  # said below in words
        path.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(path.parent, os.W_OK):
        raise DomainError(
            tr(
                "Im Ordner „{folder}“ kann regiodesk keine Datei anlegen (schreibgeschützt oder nicht "
                "vorhanden). Bitte einen anderen Ort wählen.",
                folder=path.parent,
            )
        )
    try:
        with moved_into_place(path, overwrite=False) as partial:
            db = Database.open(partial, device_id=device_id)
            try:
                with db.transaction() as session:
                    populate(session, random.Random(SEED), today or date.today(), DEMO)
            finally:
                db.close()  # the last connection checkpoints the WAL: one whole file to move
    except FileExistsError:
        raise exists from None


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
