"""Public relations and network work of the office (Presse- und Netzwerkarbeit, issue 22).

One table ``activity`` with a kind (``domain.enums.ActivityKind``): press releases, articles,
website and social-media posts, printed material; meetings with other regions, the Land's LEADER
network, working groups outside the LAG. A clipping or a photo is an attachment of the record
(``services.attachments``, owner table ``activity``), as with events.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import Activity, Contact, Project
from regiodesk.domain.enums import ActivityKind
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.records import ListRow, RecordService

__all__ = ["ActivityService"]

#: Only these kinds have a print run.
_PRINTED = ActivityKind.PRINT.value
#: What a link must start with to be opened by a browser.
_LINK_STARTS = ("http://", "https://", "www.")


class ActivityService(RecordService[Activity]):
    """Presse- und Netzwerkarbeit, newest first; ``kinds`` narrows the list (None: every kind)."""

    model = Activity
    fields = fields_of("activity")
    columns = (
        Column("held_on", "Datum", Kind.DATE, width=90),
        Column("title", "Titel", width=260),
        Column("kind", "Art", width=190),
        Column("medium", "Medium / Kanal", width=150),
        Column("about", "Projekt / Kontakt", width=180),
        Column("hours_milli", "Stunden", Kind.QUANTITY, width=70),
    )

    def __init__(self, db: Database, kinds: Collection[str] | None = None):
        super().__init__(db)
        self.kinds = None if kinds is None else frozenset(kinds)

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "held_on": date.today()}

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(Activity, Project.title, Contact)
            .outerjoin(Project, Project.id == Activity.project_id)
            .outerjoin(Contact, Contact.id == Activity.contact_id)
            .where(Activity.deleted_at.is_(None))
            .order_by(Activity.held_on.desc(), Activity.created_at.desc())
        )
        if self.kinds is not None:
            stmt = stmt.where(Activity.kind.in_(sorted(self.kinds)))
        for a, project, contact in session.execute(self._only(stmt, ids)):
            about = " · ".join(x for x in (project, contact.display_name() if contact else "") if x)
            cells = (a.held_on, a.title, ActivityKind.label_of(a.kind), a.medium, about, a.hours_milli)
            yield ListRow(a.id, cells)

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if values.get("print_run") is not None and values.get("kind") != _PRINTED:
            errors["print_run"] = tr("Eine Auflage haben nur Druckerzeugnisse.")
        link = (values.get("link") or "").strip()
        if link and (not link.lower().startswith(_LINK_STARTS) or " " in link):
            errors["link"] = tr("Der Link muss mit http://, https:// oder www. beginnen (ohne Leerzeichen).")
        hours = values.get("hours_milli")
        if isinstance(hours, int) and hours > 24_000:
            errors["hours_milli"] = tr("Mehr als 24 Stunden an einem Tag? Bitte die Stunden prüfen.")
        return errors
